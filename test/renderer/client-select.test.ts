import { afterEach, describe, expect, it } from 'vitest';
import type { LoupePreloadApi } from '../../renderer/src/client';
import { createDefaultClient } from '../../renderer/src/client';
import { MISSING_TOKEN_MESSAGE, PRELOAD_FAILURE_MESSAGE } from '../../renderer/src/errors/messages';

const native = {
  openFileDialog: () => Promise.resolve([]),
  saveFileDialog: () => Promise.resolve(null),
  revealInFolder: () => Promise.resolve(),
};

afterEach(() => {
  delete window.loupe;
});

describe('choosing the transport', () => {
  it('uses the Electron preload when it is there, and never lets a call reject', async () => {
    const heard: string[] = [];
    const preload: LoupePreloadApi = {
      native,
      send: (name) =>
        name === 'app/get-info'
          ? Promise.reject(new Error('port closed'))
          : Promise.resolve({ ok: true, value: { ok: true, problems: [] } } as never),
      on: (name, listener) => {
        heard.push(name);
        listener({ reason: 'created', id: 'w1' } as never);
        return () => undefined;
      },
    };
    window.loupe = preload;
    const client = createDefaultClient(window);

    expect(client.native).toBe(native);
    expect(client.connection.getStatus().state).toBe('open');
    await expect(client.send('app/check-health', {})).resolves.toEqual({
      ok: true,
      value: { ok: true, problems: [] },
    });
    await expect(client.send('app/get-info', {})).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: `${PRELOAD_FAILURE_MESSAGE} (port closed)` },
    });
    const events: unknown[] = [];
    client.on('workspaces/changed', (p) => events.push(p));
    expect(heard).toEqual(['workspaces/changed']);
    expect(events).toEqual([{ reason: 'created', id: 'w1' }]);
  });

  it('explains a missing token instead of trying to connect without one', async () => {
    // jsdom serves the page from http://localhost:3000/ with no query string.
    const client = createDefaultClient(window);
    expect(client.native).toBeNull();
    await expect(client.send('app/check-health', {})).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: MISSING_TOKEN_MESSAGE },
    });
  });
});
