import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ArgsOf, HandlerName, Outcome, ResultOf } from '../../core/api';
import { FakeClient } from './fake-client';
import { renderApp } from './render-app';

type DemoOutcome = Outcome<ResultOf<'demo/create-workspace'>>;

/** A fake backend whose demo build stays pending until the test finishes it. */
function withPendingDemo(client: FakeClient): { finish(outcome: () => DemoOutcome): void } {
  const pending: { resolve?: (o: DemoOutcome) => void } = {};
  const original = client.send.bind(client);
  client.send = async <N extends HandlerName>(name: N, args: ArgsOf<N>): Promise<Outcome<ResultOf<N>>> => {
    if (name !== 'demo/create-workspace') return original(name, args);
    client.calls.push({ name, args });
    const outcome = await new Promise<DemoOutcome>((resolve) => (pending.resolve = resolve));
    return outcome as Outcome<ResultOf<N>>;
  };
  return {
    finish(outcome) {
      const { resolve } = pending;
      if (!resolve) throw new Error('The demo was never requested.');
      act(() => resolve(outcome()));
    },
  };
}

const summary = { seed: 20250114, tables: { retailers: 15, message_deliveries: 49_169 }, notes: [] };

describe('create demo workspace', () => {
  it('offers the demo in the empty state, shows the backend’s progress, then opens the new workspace', async () => {
    const client = new FakeClient();
    const demo = withPendingDemo(client);
    await renderApp(client);
    expect(await screen.findByTestId('empty-state')).toHaveTextContent('Create demo workspace');

    const [fromEmptyState] = screen.getAllByTestId('demo-create');
    if (!fromEmptyState) throw new Error('no demo button');
    fireEvent.click(fromEmptyState);
    await waitFor(() => expect(client.callsOf('demo/create-workspace')).toEqual([{}]));
    expect(await screen.findByTestId('demo-progress')).toHaveTextContent('Starting…');
    // Both buttons wait for the one build.
    for (const button of screen.getAllByTestId('demo-create')) expect(button).toBeDisabled();

    act(() =>
      client.emit('job/progress', {
        jobId: 'j1',
        kind: 'demo',
        phase: 'Writing the workspace',
        done: 3,
        total: 5,
      }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('demo-progress')).toHaveTextContent('Writing the workspace (step 4 of 5)'),
    );
    // Another job's progress is not the demo's.
    act(() =>
      client.emit('job/progress', { jobId: 'j2', kind: 'import', phase: 'Reading rows', done: 1, total: 9 }),
    );
    expect(screen.getByTestId('demo-progress')).toHaveTextContent('Writing the workspace (step 4 of 5)');

    demo.finish(() => {
      const workspace = client.addWorkspace({
        id: 'w-demo',
        name: 'Demo — Marco Bicego',
        client: 'Marco Bicego',
      });
      client.emit('workspaces/changed', { reason: 'created', id: workspace.id });
      return { ok: true, value: { workspace, summary } };
    });

    expect(await screen.findByTestId('current-workspace-name')).toHaveTextContent('Demo — Marco Bicego');
    expect(client.callsOf('workspaces/open')).toEqual([{ workspace: 'w-demo' }]);
    expect(await screen.findByText('Demo workspace ready')).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.getAllByTestId('workspace-row').map((el) => el.getAttribute('data-workspace-name')),
      ).toEqual(['Demo — Marco Bicego']),
    );
    for (const button of screen.getAllByTestId('demo-create')) expect(button).toBeEnabled();
  });

  it('shows why the demo could not be built and opens nothing', async () => {
    const client = new FakeClient();
    client.addWorkspace({ id: 'w-1', name: 'Acme' });
    const demo = withPendingDemo(client);
    await renderApp(client);
    await waitFor(() => expect(screen.getAllByTestId('workspace-row')).toHaveLength(1));

    // With workspaces listed, the page header still offers the demo.
    fireEvent.click(screen.getByTestId('demo-create'));
    await waitFor(() => expect(client.callsOf('demo/create-workspace')).toHaveLength(1));
    demo.finish(() => ({
      ok: false,
      error: {
        code: 'internal',
        message: 'Loupe could not build the demo workspace: disk full. Nothing was kept; try again.',
      },
    }));

    expect(await screen.findByText('Could not create the demo workspace')).toBeInTheDocument();
    expect(
      screen.getByText('Loupe could not build the demo workspace: disk full. Nothing was kept; try again.'),
    ).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId('demo-progress')).not.toBeInTheDocument());
    expect(client.callsOf('workspaces/open')).toEqual([]);
    expect(screen.queryByTestId('current-workspace-name')).not.toBeInTheDocument();
    expect(screen.getByTestId('demo-create')).toBeEnabled();
  });
});
