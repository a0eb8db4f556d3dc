import { vi } from 'vitest';

/**
 * A stand-in for the `electron` module: the real package cannot launch here, and
 * the shell's behaviour is what it asks of Electron, which these fakes record.
 */
export type Listener = (...args: unknown[]) => unknown;

export class FakeWebContents {
  listeners = new Map<string, Listener[]>();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  sent: unknown[][] = [];
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(...args: unknown[]): void {
    this.sent.push(args);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
}

export class FakeBrowserWindow {
  static instances: FakeBrowserWindow[] = [];
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.instances;
  }
  static fromWebContents(): FakeBrowserWindow | null {
    return FakeBrowserWindow.instances[0] ?? null;
  }
  webContents = new FakeWebContents();
  loadedUrl = '';
  constructor(public options: { webPreferences: Record<string, unknown> }) {
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  once(): this {
    return this;
  }
  on(): this {
    return this;
  }
  show(): void {}
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
}

export class FakeUtilityProcess {
  posted: unknown[] = [];
  listeners = new Map<string, Listener[]>();
  postMessage(m: unknown): void {
    this.posted.push(m);
  }
  on(event: string, l: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), l]);
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const l of this.listeners.get(event) ?? []) l(...args);
  }
}

export function createFakeElectron() {
  const forked: { path: string; options: { env: Record<string, string> }; child: FakeUtilityProcess }[] = [];
  const ipcHandlers = new Map<string, Listener>();
  const permission = { request: null as Listener | null, check: null as Listener | null };
  const protocolHandlers = new Map<string, (req: { url: string }) => Response>();
  const privileged: unknown[] = [];
  const appEvents = new Map<string, Listener>();
  const fake = {
    app: {
      requestSingleInstanceLock: vi.fn(() => true),
      quit: vi.fn(),
      on: vi.fn((event: string, l: Listener) => appEvents.set(event, l)),
      whenReady: vi.fn(() => Promise.resolve()),
      getVersion: () => '9.9.9',
      isPackaged: false,
    },
    BrowserWindow: FakeBrowserWindow,
    ipcMain: { handle: vi.fn((channel: string, l: Listener) => ipcHandlers.set(channel, l)) },
    protocol: {
      registerSchemesAsPrivileged: vi.fn((s: unknown[]) => privileged.push(...s)),
      handle: vi.fn((scheme: string, h: (req: { url: string }) => Response) =>
        protocolHandlers.set(scheme, h),
      ),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Listener) => {
          permission.request = h;
        },
        setPermissionCheckHandler: (h: Listener) => {
          permission.check = h;
        },
      },
    },
    shell: { openExternal: vi.fn(() => Promise.resolve()), showItemInFolder: vi.fn() },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
    utilityProcess: {
      fork: vi.fn((path: string, _args: string[], options: { env: Record<string, string> }) => {
        const child = new FakeUtilityProcess();
        forked.push({ path, options, child });
        return child;
      }),
    },
    contextBridge: { exposeInMainWorld: vi.fn() },
    ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
  };
  /** Forgets everything recorded, so one fake module can serve many tests. */
  const reset = (): void => {
    forked.length = 0;
    ipcHandlers.clear();
    permission.request = null;
    permission.check = null;
    protocolHandlers.clear();
    privileged.length = 0;
    appEvents.clear();
    FakeBrowserWindow.instances = [];
    fake.app.quit.mockClear();
    fake.app.requestSingleInstanceLock.mockReturnValue(true);
    fake.shell.openExternal.mockClear();
  };
  return { fake, reset, forked, ipcHandlers, permission, protocolHandlers, privileged, appEvents };
}
