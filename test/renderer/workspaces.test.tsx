import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { UI_STORAGE_KEY } from '../../renderer/src/store/ui';
import { FakeClient } from './fake-client';
import { renderApp } from './render-app';

function row(name: string): HTMLElement {
  const found = screen
    .queryAllByTestId('workspace-row')
    .find((el) => el.getAttribute('data-workspace-name') === name);
  if (!found) throw new Error(`No row for ${name}`);
  return found;
}

function rowNames(): string[] {
  return screen.queryAllByTestId('workspace-row').map((el) => el.getAttribute('data-workspace-name') ?? '');
}

function type(testId: string, value: string): void {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

describe('workspaces page', () => {
  it('starts with an empty state that leads to creating a workspace, and shows the new one in the list', async () => {
    const client = new FakeClient();
    await renderApp(client);

    const empty = await screen.findByTestId('empty-state');
    expect(empty).toHaveTextContent('Create your first workspace');

    fireEvent.click(screen.getByTestId('workspace-create-open'));
    type('workspace-name-input', '  Acme spring  ');
    type('workspace-client-input', 'Acme Ltd');
    fireEvent.click(screen.getByRole('radio', { name: 'Teal' }));
    fireEvent.click(screen.getByTestId('workspace-create-submit'));

    await waitFor(() => expect(rowNames()).toEqual(['Acme spring']));
    expect(client.callsOf('workspaces/create')).toEqual([
      { name: 'Acme spring', client: 'Acme Ltd', color: 'teal' },
    ]);
    expect(within(row('Acme spring')).getByText('Acme Ltd')).toBeInTheDocument();
    expect(within(row('Acme spring')).getByText('Never')).toBeInTheDocument();
    expect(screen.queryByTestId('empty-state')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId('workspace-name-input')).not.toBeInTheDocument());
  });

  it('shows the backend’s duplicate-name message next to the name field and keeps the dialog open', async () => {
    const client = new FakeClient();
    client.addWorkspace({ name: 'Acme' });
    await renderApp(client);
    await waitFor(() => expect(rowNames()).toEqual(['Acme']));

    fireEvent.click(screen.getByTestId('workspace-create-open'));
    type('workspace-name-input', 'ACME');
    fireEvent.click(screen.getByTestId('workspace-create-submit'));

    const input = screen.getByTestId('workspace-name-input');
    await waitFor(() => expect(input).toHaveAttribute('aria-invalid', 'true'));
    expect(
      screen.getByText('A workspace called "ACME" already exists. Choose another name.'),
    ).toBeInTheDocument();
    expect(rowNames()).toEqual(['Acme']);

    // Editing the name clears the stale error.
    type('workspace-name-input', 'Acme 2');
    expect(input).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('refuses an empty name without asking the backend', async () => {
    const client = new FakeClient();
    await renderApp(client);
    fireEvent.click(await screen.findByTestId('workspace-create-open'));
    type('workspace-name-input', '   ');
    fireEvent.click(screen.getByTestId('workspace-create-submit'));
    await waitFor(() =>
      expect(screen.getByTestId('workspace-name-input')).toHaveAttribute('aria-invalid', 'true'),
    );
    expect(client.callsOf('workspaces/create')).toEqual([]);
  });

  it('asks before deleting, names the workspace and the trash, and can undo from the notification', async () => {
    const client = new FakeClient();
    client.addWorkspace({ id: 'w-acme', name: 'Acme' });
    client.addWorkspace({ id: 'w-beta', name: 'Beta' });
    await renderApp(client);
    await waitFor(() => expect(rowNames()).toEqual(['Acme', 'Beta']));

    fireEvent.click(within(row('Acme')).getByTestId('workspace-delete'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('“Acme”');
    expect(dialog).toHaveTextContent(/moved to the trash/);
    expect(client.callsOf('workspaces/delete')).toEqual([]);

    fireEvent.click(screen.getByTestId('confirm-delete'));
    await waitFor(() => expect(rowNames()).toEqual(['Beta']));
    expect(client.callsOf('workspaces/delete')).toEqual([{ workspace: 'w-acme', confirm: true }]);
    await waitFor(() =>
      expect(screen.getAllByTestId('trash-row').map((el) => el.getAttribute('data-workspace-name'))).toEqual([
        'Acme',
      ]),
    );

    fireEvent.click(await screen.findByTestId('notification-undo'));
    await waitFor(() => expect(rowNames()).toEqual(['Acme', 'Beta']));
    expect(client.callsOf('workspaces/restore')).toEqual([{ workspace: 'w-acme' }]);
    await waitFor(() => expect(screen.queryByTestId('trash-row')).not.toBeInTheDocument());
  });

  it('cancelling the delete dialog deletes nothing', async () => {
    const client = new FakeClient();
    client.addWorkspace({ name: 'Acme' });
    await renderApp(client);
    await waitFor(() => expect(rowNames()).toEqual(['Acme']));
    fireEvent.click(within(row('Acme')).getByTestId('workspace-delete'));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByTestId('confirm-delete')).not.toBeInTheDocument());
    expect(client.callsOf('workspaces/delete')).toEqual([]);
    expect(rowNames()).toEqual(['Acme']);
  });

  it('restores a workspace from the trash section', async () => {
    const client = new FakeClient();
    client.trash.push({
      id: 'w-old',
      name: 'Old client',
      client: null,
      color: 'red',
      folder: '/data/workspaces/w-old',
      createdAt: '2024-01-01T00:00:00.000Z',
      openedAt: null,
      archived: false,
      deletedAt: '2024-02-01T00:00:00.000Z',
      trashFolder: '/data/trash/w-old',
    });
    await renderApp(client);
    fireEvent.click(await screen.findByTestId('trash-restore'));
    await waitFor(() => expect(rowNames()).toEqual(['Old client']));
    expect(client.callsOf('workspaces/restore')).toEqual([{ workspace: 'w-old' }]);
  });

  it('renames through the dialog and shows a taken name inline', async () => {
    const client = new FakeClient();
    client.addWorkspace({ id: 'w-1', name: 'Acme' });
    client.addWorkspace({ id: 'w-2', name: 'Beta' });
    await renderApp(client);
    await waitFor(() => expect(rowNames()).toEqual(['Acme', 'Beta']));

    fireEvent.click(within(row('Acme')).getByTestId('workspace-rename'));
    expect(screen.getByTestId('workspace-rename-input')).toHaveValue('Acme');
    type('workspace-rename-input', 'Beta');
    fireEvent.click(screen.getByTestId('workspace-rename-submit'));
    expect(
      await screen.findByText('A workspace called "Beta" already exists. Choose another name.'),
    ).toBeInTheDocument();

    type('workspace-rename-input', 'Acme Europe');
    fireEvent.click(screen.getByTestId('workspace-rename-submit'));
    await waitFor(() => expect(rowNames()).toEqual(['Acme Europe', 'Beta']));
    expect(client.callsOf('workspaces/rename').at(-1)).toEqual({ workspace: 'w-1', name: 'Acme Europe' });
  });

  it('archives out of sight and shows archived workspaces on request', async () => {
    const client = new FakeClient();
    client.addWorkspace({ id: 'w-1', name: 'Acme' });
    client.addWorkspace({ id: 'w-2', name: 'Beta' });
    await renderApp(client);
    await waitFor(() => expect(rowNames()).toEqual(['Acme', 'Beta']));

    fireEvent.click(within(row('Acme')).getByTestId('workspace-archive'));
    await waitFor(() => expect(rowNames()).toEqual(['Beta']));
    expect(client.callsOf('workspaces/set-archived')).toEqual([{ workspace: 'w-1', archived: true }]);

    fireEvent.click(screen.getByRole('switch', { name: /Show archived/ }));
    await waitFor(() => expect(rowNames()).toEqual(['Acme', 'Beta']));
    expect(within(row('Acme')).getByText('Archived')).toBeInTheDocument();
    expect(within(row('Acme')).getByRole('button', { name: 'Unarchive Acme' })).toBeInTheDocument();
  });

  it('says when every workspace is archived and offers to show them', async () => {
    const client = new FakeClient();
    client.addWorkspace({ name: 'Acme', archived: true });
    await renderApp(client);
    expect(await screen.findByTestId('empty-state')).toHaveTextContent('All your workspaces are archived');
    expect(rowNames()).toEqual([]);
    fireEvent.click(screen.getByTestId('empty-state-action'));
    await waitFor(() => expect(rowNames()).toEqual(['Acme']));
  });

  it('refreshes when another window changes the catalog', async () => {
    const client = new FakeClient();
    client.addWorkspace({ name: 'Acme' });
    await renderApp(client);
    await waitFor(() => expect(rowNames()).toEqual(['Acme']));

    const added = client.addWorkspace({ name: 'Created by the CLI' });
    client.emit('workspaces/changed', { reason: 'created', id: added.id });
    await waitFor(() => expect(rowNames()).toEqual(['Acme', 'Created by the CLI']));
  });
});

describe('opening workspaces', () => {
  it('opens from the list, shows the name in the header and remembers it', async () => {
    const client = new FakeClient();
    client.addWorkspace({ id: 'w-1', name: 'Acme', color: 'grape' });
    await renderApp(client);
    await waitFor(() => expect(rowNames()).toEqual(['Acme']));
    expect(screen.queryByTestId('current-workspace-name')).not.toBeInTheDocument();

    fireEvent.click(within(row('Acme')).getByTestId('workspace-open'));
    expect(await screen.findByTestId('current-workspace-name')).toHaveTextContent('Acme');
    expect(client.callsOf('workspaces/open')).toEqual([{ workspace: 'w-1' }]);
    expect(JSON.parse(localStorage.getItem(UI_STORAGE_KEY) ?? '{}').state.currentWorkspaceId).toBe('w-1');
    expect(within(row('Acme')).getByTestId('workspace-open')).toBeDisabled();
  });

  it('reopens the remembered workspace at start', async () => {
    const client = new FakeClient();
    client.addWorkspace({ id: 'w-1', name: 'Acme' });
    client.addWorkspace({ id: 'w-2', name: 'Beta' });
    await renderApp(client, { remembered: 'w-2' });
    expect(await screen.findByTestId('current-workspace-name')).toHaveTextContent('Beta');
    expect(client.callsOf('workspaces/open')).toEqual([{ workspace: 'w-2' }]);
  });

  it('forgets a remembered workspace that no longer exists instead of failing at every start', async () => {
    const client = new FakeClient();
    client.addWorkspace({ id: 'w-1', name: 'Acme' });
    await renderApp(client, { remembered: 'w-gone' });
    await waitFor(() => expect(rowNames()).toEqual(['Acme']));
    await waitFor(() =>
      expect(JSON.parse(localStorage.getItem(UI_STORAGE_KEY) ?? '{}').state.currentWorkspaceId).toBeNull(),
    );
    expect(client.callsOf('workspaces/open')).toEqual([]);
  });

  it('switches and closes the previous workspace through the header menu', async () => {
    const client = new FakeClient();
    client.addWorkspace({ id: 'w-1', name: 'Acme', openedAt: '2024-03-01T00:00:00.000Z' });
    client.addWorkspace({ id: 'w-2', name: 'Beta', openedAt: '2024-02-01T00:00:00.000Z' });
    await renderApp(client);
    await waitFor(() => expect(rowNames()).toEqual(['Acme', 'Beta']));
    fireEvent.click(within(row('Acme')).getByTestId('workspace-open'));
    expect(await screen.findByTestId('current-workspace-name')).toHaveTextContent('Acme');

    fireEvent.click(screen.getByTestId('workspace-switcher'));
    const items = await screen.findAllByTestId('switcher-workspace');
    const beta = items.find((el) => el.getAttribute('data-workspace-name') === 'Beta');
    if (!beta) throw new Error('Beta is missing from the switcher');
    fireEvent.click(beta);

    await waitFor(() => expect(screen.getByTestId('current-workspace-name')).toHaveTextContent('Beta'));
    await waitFor(() => expect(client.callsOf('workspaces/close')).toEqual([{ workspace: 'w-1' }]));
  });

  it('shows a recovery screen when the workspace is locked, with retry and another choice', async () => {
    const client = new FakeClient();
    client.addWorkspace({ id: 'w-1', name: 'Acme' });
    let locked = true;
    client.override['workspaces/open'] = () =>
      locked
        ? {
            ok: false,
            error: {
              code: 'workspace-locked',
              message: 'Workspace "Acme" is being opened by another process; try again.',
            },
          }
        : undefined;
    await renderApp(client);
    await waitFor(() => expect(rowNames()).toEqual(['Acme']));

    fireEvent.click(within(row('Acme')).getByTestId('workspace-open'));
    const failure = await screen.findByTestId('workspace-open-failure');
    expect(failure).toHaveTextContent('This workspace is open elsewhere');
    expect(failure).toHaveTextContent('Workspace "Acme" is being opened by another process; try again.');
    expect(screen.queryByTestId('current-workspace-name')).not.toBeInTheDocument();

    locked = false;
    fireEvent.click(screen.getByTestId('workspace-open-retry'));
    expect(await screen.findByTestId('current-workspace-name')).toHaveTextContent('Acme');
    expect(screen.queryByTestId('workspace-open-failure')).not.toBeInTheDocument();
  });

  it('lets the user leave a workspace that is too new for this version', async () => {
    const client = new FakeClient();
    client.addWorkspace({ id: 'w-1', name: 'Acme' });
    client.override['workspaces/open'] = () => ({
      ok: false,
      error: { code: 'workspace-too-new', message: 'Workspace "Acme" was upgraded by Loupe 2.0.' },
    });
    await renderApp(client);
    await waitFor(() => expect(rowNames()).toEqual(['Acme']));
    fireEvent.click(within(row('Acme')).getByTestId('workspace-open'));
    expect(await screen.findByTestId('workspace-open-failure')).toHaveTextContent(
      'This workspace needs a newer Loupe',
    );

    fireEvent.click(screen.getByTestId('workspace-open-choose'));
    await waitFor(() => expect(screen.queryByTestId('workspace-open-failure')).not.toBeInTheDocument());
    expect(rowNames()).toEqual(['Acme']);
  });

  it('forgets the open workspace when it is deleted', async () => {
    const client = new FakeClient();
    client.addWorkspace({ id: 'w-1', name: 'Acme' });
    await renderApp(client);
    await waitFor(() => expect(rowNames()).toEqual(['Acme']));
    fireEvent.click(within(row('Acme')).getByTestId('workspace-open'));
    await screen.findByTestId('current-workspace-name');

    fireEvent.click(within(row('Acme')).getByTestId('workspace-delete'));
    fireEvent.click(await screen.findByTestId('confirm-delete'));
    await waitFor(() => expect(screen.queryByTestId('current-workspace-name')).not.toBeInTheDocument());
    expect(JSON.parse(localStorage.getItem(UI_STORAGE_KEY) ?? '{}').state.currentWorkspaceId).toBeNull();
  });
});
