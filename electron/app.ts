import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  protocol,
  session,
  shell,
  utilityProcess,
  type IpcMainInvokeEvent,
} from 'electron';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { resolveStaticFile, contentTypeOf } from '../core/bridge/static-files';
import { BackendRelay, type BackendChild } from './backend-relay';
import { APP_ORIGIN, APP_SCHEME, CHANNELS } from './channels';
import {
  CONTENT_SECURITY_POLICY,
  denyAllPermissions,
  hardenWindow,
  isAppUrl,
  isExternalWebLink,
  secureWebPreferences,
} from './security';

export interface ShellPaths {
  /** Folder of the bundled main-process files (backend.js, pglite-worker.js, preload). */
  mainDir: string;
  preload: string;
  rendererDir: string;
  migrationsDir: string;
}

/** Where the packaged or development build keeps its files. */
export function shellPaths(mainDir: string, resourcesPath: string, packaged: boolean): ShellPaths {
  return {
    mainDir,
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    rendererDir: join(mainDir, '..', 'renderer'),
    migrationsDir: packaged ? join(resourcesPath, 'migrations') : join(mainDir, '..', '..', 'migrations'),
  };
}

/** Must run before `ready`: the app's own scheme behaves like https (secure, standard origin). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    },
  ]);
}

/** Serves the renderer from `loupe://app/…` with the traversal guard the bridge uses. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    const file = url.host === 'app' ? resolveStaticFile(rendererDir, url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(readFileSync(file), {
      headers: { 'Content-Type': contentTypeOf(file), 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
    });
  });
}

/** Only our own pages may call the backend; a frame from anywhere else is ignored. */
function fromApp(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return isAppUrl(url);
}

export function registerIpc(relay: BackendRelay): void {
  ipcMain.handle(CHANNELS.send, (event, name: unknown, args: unknown) => {
    if (!fromApp(event) || typeof name !== 'string') {
      return {
        ok: false,
        error: { code: 'invalid-argument', message: 'Refused a call from outside Loupe.' },
      };
    }
    return relay.send(name, args);
  });
  ipcMain.handle(
    CHANNELS.openFileDialog,
    async (
      event,
      options: { title?: string; filters?: { name: string; extensions: string[] }[]; multiple?: boolean },
    ) => {
      if (!fromApp(event)) return [];
      const win = BrowserWindow.fromWebContents(event.sender);
      const props: ('openFile' | 'multiSelections')[] = options?.multiple
        ? ['openFile', 'multiSelections']
        : ['openFile'];
      const dialogOptions = {
        title: options?.title ?? 'Choose a file',
        filters: options?.filters ?? [],
        properties: props,
      };
      const result = win
        ? await dialog.showOpenDialog(win, dialogOptions)
        : await dialog.showOpenDialog(dialogOptions);
      return result.canceled ? [] : result.filePaths;
    },
  );
  ipcMain.handle(
    CHANNELS.saveFileDialog,
    async (
      event,
      options: { title?: string; defaultPath?: string; filters?: { name: string; extensions: string[] }[] },
    ) => {
      if (!fromApp(event)) return null;
      const win = BrowserWindow.fromWebContents(event.sender);
      const dialogOptions = {
        title: options?.title ?? 'Save as',
        defaultPath: options?.defaultPath ?? '',
        filters: options?.filters ?? [],
      };
      const result = win
        ? await dialog.showSaveDialog(win, dialogOptions)
        : await dialog.showSaveDialog(dialogOptions);
      return result.canceled ? null : (result.filePath ?? null);
    },
  );
  ipcMain.handle(CHANNELS.revealInFolder, (event, path: unknown) => {
    if (fromApp(event) && typeof path === 'string' && path !== '') shell.showItemInFolder(path);
  });
}

export function createMainWindow(paths: ShellPaths): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Loupe',
    webPreferences: secureWebPreferences(paths.preload),
  });
  hardenWindow(win, (url) => {
    if (isExternalWebLink(url)) void shell.openExternal(url);
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

export function forkBackend(paths: ShellPaths): BackendChild {
  return utilityProcess.fork(join(paths.mainDir, 'backend.js'), [], {
    serviceName: 'Loupe backend',
    env: {
      ...process.env,
      LOUPE_MIGRATIONS_DIR: paths.migrationsDir,
      LOUPE_WORKER_FILE: join(paths.mainDir, 'pglite-worker.js'),
      LOUPE_VERSION: app.getVersion(),
    },
  }) as unknown as BackendChild;
}

/**
 * The desktop shell: one instance, one backend process, windows that can only
 * talk to that backend through the typed preload.
 */
export function main(paths: ShellPaths): void {
  if (!app.requestSingleInstanceLock()) {
    // Another Loupe is running; it gets focus through 'second-instance' and this one leaves.
    app.quit();
    return;
  }
  registerAppScheme();
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  let window: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(() => {
    denyAllPermissions(session.defaultSession);
    serveRenderer(paths.rendererDir);
    const relay = new BackendRelay(forkBackend(paths));
    registerIpc(relay);
    relay.onEvent((name, payload) => {
      for (const w of BrowserWindow.getAllWindows()) w.webContents.send(CHANNELS.event, name, payload);
    });
    window = createMainWindow(paths);
    window.on('closed', () => {
      window = null;
    });
  });
}
