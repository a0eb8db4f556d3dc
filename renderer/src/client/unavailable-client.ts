import type { Outcome } from '../../../core/api';
import type { AppClient, ConnectionStatus } from './types';

const DISCONNECTED: ConnectionStatus = { state: 'disconnected', everConnected: false };

/** Stands in when no transport can be built at all, so the startup screen can say why. */
export function createUnavailableClient(message: string): AppClient {
  return {
    native: null,
    connection: {
      getStatus: () => DISCONNECTED,
      subscribe: () => () => undefined,
      retryNow: () => undefined,
    },
    send: <T>(): Promise<Outcome<T>> => Promise.resolve({ ok: false, error: { code: 'internal', message } }),
    on: () => () => undefined,
  };
}
