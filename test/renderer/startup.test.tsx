import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeClient } from './fake-client';
import { renderApp } from './render-app';

const FOLDER_PROBLEM = {
  code: 'data-folder-unavailable' as const,
  message:
    'Loupe cannot read and write its data folder /data (EACCES). Check its permissions, or choose another folder.',
  actions: ['retry' as const, 'choose-data-folder' as const, 'reveal-data-folder' as const, 'quit' as const],
  details: { dataDir: '/data' },
};

describe('startup', () => {
  it('shows the failure screen with each problem and no shell when the health check fails', async () => {
    const client = new FakeClient();
    client.health = { ok: false, problems: [FOLDER_PROBLEM] };
    await renderApp(client);

    const screenRoot = await screen.findByTestId('startup-failure');
    expect(screenRoot).toHaveTextContent('Loupe cannot start');
    expect(screenRoot).toHaveTextContent('Loupe cannot use its data folder');
    expect(screenRoot).toHaveTextContent(FOLDER_PROBLEM.message);
    expect(screenRoot).toHaveTextContent('/data');
    expect(screen.queryByTestId('nav-workspaces')).not.toBeInTheDocument();
    // Folder and quit actions need the desktop shell; this client has no native helpers.
    expect(screen.queryByRole('button', { name: 'Show the folder' })).not.toBeInTheDocument();
    expect(screen.queryByTestId('startup-quit')).not.toBeInTheDocument();
  });

  it('retries the check and continues into the app once the problem is fixed', async () => {
    const client = new FakeClient();
    client.health = { ok: false, problems: [FOLDER_PROBLEM] };
    await renderApp(client);
    await screen.findByTestId('startup-failure');
    expect(client.callsOf('app/check-health')).toHaveLength(1);

    client.health = { ok: true, problems: [] };
    fireEvent.click(screen.getByTestId('startup-retry'));
    expect(await screen.findByTestId('nav-workspaces')).toBeInTheDocument();
    expect(client.callsOf('app/check-health')).toHaveLength(2);
    expect(screen.queryByTestId('startup-failure')).not.toBeInTheDocument();
  });

  it('stays on the failure screen when the retry finds the same problem', async () => {
    const client = new FakeClient();
    client.health = { ok: false, problems: [FOLDER_PROBLEM] };
    await renderApp(client);
    await screen.findByTestId('startup-failure');
    fireEvent.click(screen.getByTestId('startup-retry'));
    await waitFor(() => expect(client.callsOf('app/check-health')).toHaveLength(2));
    await waitFor(() => expect(screen.getByTestId('startup-retry')).not.toHaveAttribute('data-loading'));
    expect(screen.getByTestId('startup-failure')).toBeInTheDocument();
  });

  it('says the backend cannot be reached when the transport fails', async () => {
    const client = new FakeClient();
    client.setStatus({ state: 'disconnected', everConnected: false });
    client.override['app/check-health'] = () => ({
      ok: false,
      error: { code: 'internal', message: 'Loupe’s interface cannot reach its backend.' },
    });
    await renderApp(client);
    const screenRoot = await screen.findByTestId('startup-failure');
    expect(screenRoot).toHaveTextContent('Loupe cannot reach its backend');
    expect(screenRoot).toHaveTextContent('Loupe’s interface cannot reach its backend.');
    expect(screen.getByTestId('startup-retry')).toBeInTheDocument();
  });

  it('offers folder and quit actions in the desktop shell', async () => {
    const revealed: string[] = [];
    const client = new FakeClient();
    Object.defineProperty(client, 'native', {
      value: {
        openFileDialog: () => Promise.resolve([]),
        saveFileDialog: () => Promise.resolve(null),
        revealInFolder: (path: string) => {
          revealed.push(path);
          return Promise.resolve();
        },
      },
    });
    client.health = { ok: false, problems: [FOLDER_PROBLEM] };
    await renderApp(client);
    fireEvent.click(await screen.findByRole('button', { name: 'Show the folder' }));
    expect(revealed).toEqual(['/data']);
    expect(screen.getByTestId('startup-quit')).toBeInTheDocument();
  });
});

describe('shell', () => {
  it('has a navigation link for every area, and placeholder areas say what comes first', async () => {
    const client = new FakeClient();
    client.addWorkspace({ id: 'w-1', name: 'Acme' });
    await renderApp(client);
    for (const area of [
      'workspaces',
      'import',
      'campaigns',
      'audience',
      'segments',
      'cohorts',
      'attribution',
      'scoring',
      'dashboards',
      'reports',
      'settings',
    ]) {
      expect(await screen.findByTestId(`nav-${area}`)).toBeInTheDocument();
    }

    fireEvent.click(screen.getByTestId('nav-cohorts'));
    expect(await screen.findByTestId('empty-state')).toHaveTextContent('Open a workspace first');
    expect(screen.getByTestId('nav-cohorts')).toHaveAttribute('aria-current', 'page');

    fireEvent.click(screen.getByRole('button', { name: /Choose a workspace/ }));
    fireEvent.click(await screen.findByTestId('workspace-open'));
    await screen.findByTestId('current-workspace-name');

    fireEvent.click(screen.getByTestId('nav-cohorts'));
    expect(await screen.findByTestId('empty-state')).toHaveTextContent('Import data first');
  });

  it('shows a banner while the connection is down and hides it on reconnect', async () => {
    const client = new FakeClient();
    await renderApp(client);
    await screen.findByTestId('nav-workspaces');
    expect(screen.queryByTestId('connection-banner')).not.toBeInTheDocument();

    client.setStatus({ state: 'disconnected', everConnected: true });
    expect(await screen.findByTestId('connection-banner')).toBeInTheDocument();
    const listsBefore = client.callsOf('workspaces/list').length;

    client.setStatus({ state: 'open', everConnected: true });
    await waitFor(() => expect(screen.queryByTestId('connection-banner')).not.toBeInTheDocument());
    // Events missed while disconnected: the data on screen is fetched again.
    await waitFor(() => expect(client.callsOf('workspaces/list').length).toBeGreaterThan(listsBefore));
  });

  it('settings show the app details and the colour scheme choice', async () => {
    const client = new FakeClient();
    await renderApp(client);
    fireEvent.click(await screen.findByTestId('nav-settings'));
    expect(await screen.findByText('/data')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: /Match system/ })).toBeChecked();
    fireEvent.click(screen.getByRole('radio', { name: /Dark/ }));
    await waitFor(() =>
      expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'dark'),
    );
  });
});
