import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { createFakeElectron as CreateFakeElectron } from './fake-electron';
import { FakeBrowserWindow, type FakeUtilityProcess } from './fake-electron';

type FakeElectron = ReturnType<typeof CreateFakeElectron>;
const h = vi.hoisted(() => ({ current: null as FakeElectron | null }));
vi.mock('electron', async () => {
  const { createFakeElectron: create } = await import('./fake-electron');
  h.current = create();
  return h.current.fake;
});

const base = mkdtempSync(join(tmpdir(), 'loupe-shell-'));
const rendererDir = join(base, 'out', 'renderer');
mkdirSync(rendererDir, { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Loupe</title>');
writeFileSync(join(base, 'secret.txt'), 'secret');
afterAll(() => rmSync(base, { recursive: true, force: true }));

const paths = {
  mainDir: join(base, 'out', 'main'),
  preload: join(base, 'out', 'preload', 'index.cjs'),
  rendererDir,
  migrationsDir: join(base, 'migrations'),
};

async function startShell(singleInstance = true) {
  const { main } = await import('../../../electron/app');
  const e = h.current;
  if (!e) throw new Error('fake electron not loaded');
  e.reset();
  e.fake.app.requestSingleInstanceLock.mockReturnValue(singleInstance);
  main(paths);
  await new Promise((r) => setTimeout(r, 0));
  return e;
}

const appFrame = { senderFrame: { url: 'loupe://app/index.html' }, sender: {} };
const foreignFrame = { senderFrame: { url: 'https://evil.example/' }, sender: {} };

describe('desktop shell (electron/app.ts)', () => {
  it('quits at once when another instance holds the single-instance lock', async () => {
    const e = await startShell(false);
    expect(e.fake.app.quit).toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(e.forked).toHaveLength(0);
  });

  it('creates one window with the security baseline and loads the app from its own scheme', async () => {
    const e = await startShell();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const win = FakeBrowserWindow.instances[0];
    expect(win?.options.webPreferences).toMatchObject({
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
    });
    expect(win?.loadedUrl).toBe('loupe://app/index.html');
    expect(e.privileged).toEqual([
      {
        scheme: 'loupe',
        privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
      },
    ]);
  });

  it('forks the backend in a utility process with its file locations', async () => {
    const e = await startShell();
    expect(e.forked).toHaveLength(1);
    expect(e.forked[0]?.path).toBe(join(paths.mainDir, 'backend.js'));
    expect(e.forked[0]?.options.env).toMatchObject({
      LOUPE_MIGRATIONS_DIR: paths.migrationsDir,
      LOUPE_WORKER_FILE: join(paths.mainDir, 'pglite-worker.js'),
      LOUPE_VERSION: '9.9.9',
    });
  });

  it('listens on exactly the typed channels', async () => {
    const e = await startShell();
    expect([...e.ipcHandlers.keys()].sort()).toEqual([
      'loupe:open-file-dialog',
      'loupe:reveal-in-folder',
      'loupe:save-file-dialog',
      'loupe:send',
    ]);
  });

  it('relays calls from the app to the backend and answers with its outcome', async () => {
    const e = await startShell();
    const child = e.forked[0]?.child as FakeUtilityProcess;
    const send = e.ipcHandlers.get('loupe:send');
    const pending = send?.(appFrame, 'workspaces/list', {}) as Promise<unknown>;
    expect(child.posted).toEqual([{ kind: 'request', id: 1, name: 'workspaces/list', args: {} }]);
    child.emit('message', { kind: 'response', id: 1, outcome: { ok: true, value: [] } });
    await expect(pending).resolves.toEqual({ ok: true, value: [] });
  });

  it('refuses calls from frames that are not the app', async () => {
    const e = await startShell();
    const child = e.forked[0]?.child as FakeUtilityProcess;
    const out = await (e.ipcHandlers.get('loupe:send')?.(
      foreignFrame,
      'workspaces/list',
      {},
    ) as Promise<unknown>);
    expect(out).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(child.posted).toEqual([]);
  });

  it('forwards backend events to every window', async () => {
    const e = await startShell();
    const child = e.forked[0]?.child as FakeUtilityProcess;
    child.emit('message', {
      kind: 'event',
      name: 'workspaces/changed',
      payload: { reason: 'created', id: 'w1' },
    });
    expect(FakeBrowserWindow.instances[0]?.webContents.sent).toEqual([
      ['loupe:event', 'workspaces/changed', { reason: 'created', id: 'w1' }],
    ]);
  });

  it('denies new windows and navigation away from the app, opening web links in the browser', async () => {
    const e = await startShell();
    const contents = FakeBrowserWindow.instances[0]?.webContents;
    expect(contents?.windowOpenHandler?.({ url: 'https://example.com/help' })).toEqual({ action: 'deny' });
    expect(e.fake.shell.openExternal).toHaveBeenCalledWith('https://example.com/help');
    expect(contents?.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(e.fake.shell.openExternal).toHaveBeenCalledTimes(1);

    const away = { preventDefault: vi.fn() };
    contents?.emit('will-navigate', away, 'https://evil.example/');
    expect(away.preventDefault).toHaveBeenCalled();
    const inside = { preventDefault: vi.fn() };
    contents?.emit('will-navigate', inside, 'loupe://app/index.html');
    expect(inside.preventDefault).not.toHaveBeenCalled();
    const redirect = { preventDefault: vi.fn() };
    contents?.emit('will-redirect', redirect, 'javascript:alert(1)');
    expect(redirect.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contents?.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('denies every permission request', async () => {
    const e = await startShell();
    const callback = vi.fn();
    e.permission.request?.({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(e.permission.check?.({}, 'notifications')).toBe(false);
  });

  it('serves the interface with a strict CSP and refuses paths outside it', async () => {
    const e = await startShell();
    const handler = e.protocolHandlers.get('loupe');
    const ok = handler?.({ url: 'loupe://app/index.html' });
    expect(ok?.status).toBe(200);
    expect(ok?.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
    expect(await ok?.text()).toContain('<title>Loupe</title>');
    expect(handler?.({ url: 'loupe://app/../secret.txt' })?.status).toBe(404);
    expect(handler?.({ url: 'loupe://app/%2e%2e/secret.txt' })?.status).toBe(404);
    expect(handler?.({ url: 'loupe://other/index.html' })?.status).toBe(404);
  });

  it('fails waiting calls clearly when the backend stops', async () => {
    const e = await startShell();
    const child = e.forked[0]?.child as FakeUtilityProcess;
    const pending = e.ipcHandlers.get('loupe:send')?.(appFrame, 'workspaces/list', {}) as Promise<unknown>;
    child.emit('exit', 1);
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
