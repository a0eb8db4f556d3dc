import type { LoupeClient, NativeHelpers } from '../../../core/api';

/**
 * Whether the UI can currently reach the backend. Electron's preload is always
 * connected; the browser bridge goes through these states as its socket opens,
 * drops and reconnects.
 */
export interface ConnectionStatus {
  state: 'connecting' | 'open' | 'disconnected';
  /** True once the backend has been reached at least once in this page's life. */
  everConnected: boolean;
}

export interface ConnectionMonitor {
  /** Returns the same object until the status changes (safe for useSyncExternalStore). */
  getStatus(): ConnectionStatus;
  subscribe(listener: () => void): () => void;
  /** Skips the remaining back-off and tries to reach the backend at once. */
  retryNow(): void;
}

/** What components receive from the client context: the typed contract plus what the shell can offer. */
export interface AppClient extends LoupeClient {
  /** Open/save dialogs and "show in folder"; null outside Electron. */
  readonly native: NativeHelpers | null;
  readonly connection: ConnectionMonitor;
}

export type { LoupePreloadApi } from '../../../core/api';
