import { describe, expect, it, vi } from 'vitest';
import type { createFakeElectron as CreateFakeElectron } from './fake-electron';
import { createFakeElectron } from './fake-electron';

type FakeElectron = ReturnType<typeof CreateFakeElectron>;
const h = vi.hoisted(() => ({ current: null as FakeElectron | null }));
vi.mock('electron', () => {
  h.current = createFakeElectron();
  return h.current.fake;
});

describe('preload', () => {
  it('exposes only the typed client and the native helpers, as "loupe"', async () => {
    await import('../../../electron/preload');
    const expose = h.current?.fake.contextBridge.exposeInMainWorld;
    expect(expose).toHaveBeenCalledTimes(1);
    const [key, api] = expose?.mock.calls[0] as unknown as [string, Record<string, unknown>];
    expect(key).toBe('loupe');
    expect(Object.keys(api).sort()).toEqual(['native', 'on', 'send']);
    expect(Object.keys(api['native'] as object).sort()).toEqual([
      'openFileDialog',
      'revealInFolder',
      'saveFileDialog',
    ]);
  });

  it('sends calls on the send channel and delivers events by name only to their listeners', async () => {
    const { buildPreloadApi } = await import('../../../electron/preload');
    let eventListener: ((event: unknown, ...args: unknown[]) => void) | null = null;
    const ipc = {
      invoke: vi.fn(() => Promise.resolve({ ok: true, value: [] })),
      on: vi.fn((_channel: string, l: (event: unknown, ...args: unknown[]) => void) => {
        eventListener = l;
      }),
      removeListener: vi.fn(),
    };
    const api = buildPreloadApi(ipc);
    await expect(api.send('workspaces/list', {})).resolves.toEqual({ ok: true, value: [] });
    expect(ipc.invoke).toHaveBeenCalledWith('loupe:send', 'workspaces/list', {});
    expect(ipc.on).toHaveBeenCalledWith('loupe:event', expect.any(Function));

    const seen: unknown[] = [];
    const off = api.on('workspaces/changed', (p) => seen.push(p));
    const emit = eventListener as unknown as (event: unknown, ...args: unknown[]) => void;
    emit({ sender: 'raw ipc event' }, 'workspaces/changed', { reason: 'created', id: 'a' });
    emit({}, 'job/progress', { jobId: 'j' });
    off();
    emit({}, 'workspaces/changed', { reason: 'deleted', id: 'a' });
    expect(seen).toEqual([{ reason: 'created', id: 'a' }]);
  });
});
