import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EventName, LoupePreloadApi, Outcome, PayloadOf } from '../core/api/contract';
import { CHANNELS } from './channels';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
}

/** What the preload gives the page: typed calls and events, plus three native helpers. Nothing else. */
export function buildPreloadApi(ipc: IpcRendererLike): LoupePreloadApi {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  // One IPC listener for all events; the page's listeners never see the raw IPC event.
  ipc.on(CHANNELS.event, (_event, name, payload) => {
    if (typeof name !== 'string') return;
    for (const l of listeners.get(name) ?? []) l(payload);
  });
  return {
    send: (name, args) => ipc.invoke(CHANNELS.send, name, args) as Promise<Outcome<never>>,
    on<E extends EventName>(name: E, listener: (payload: PayloadOf<E>) => void) {
      const set = listeners.get(name) ?? new Set();
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      listeners.set(name, set);
      return () => {
        set.delete(wrapped);
      };
    },
    native: {
      openFileDialog: (options) => ipc.invoke(CHANNELS.openFileDialog, options) as Promise<string[]>,
      saveFileDialog: (options) => ipc.invoke(CHANNELS.saveFileDialog, options) as Promise<string | null>,
      revealInFolder: (path) => ipc.invoke(CHANNELS.revealInFolder, path) as Promise<void>,
    },
  };
}

contextBridge.exposeInMainWorld('loupe', buildPreloadApi(ipcRenderer));
