import type { ArgsOf, EventName, HandlerName, Outcome, PayloadOf, ResultOf } from '../../../core/api';
import { PRELOAD_FAILURE_MESSAGE } from '../errors/messages';
import type { AppClient, ConnectionStatus, LoupePreloadApi } from './types';

const ALWAYS_OPEN: ConnectionStatus = { state: 'open', everConnected: true };

/**
 * The Electron transport: the preload already speaks the typed contract, so this
 * only guarantees the renderer's rule that calls never reject.
 */
export function createElectronClient(api: LoupePreloadApi): AppClient {
  return {
    native: api.native,
    connection: {
      getStatus: () => ALWAYS_OPEN,
      subscribe: () => () => undefined,
      retryNow: () => undefined,
    },
    async send<N extends HandlerName>(name: N, args: ArgsOf<N>): Promise<Outcome<ResultOf<N>>> {
      try {
        return await api.send(name, args);
      } catch (err) {
        return {
          ok: false,
          error: { code: 'internal', message: `${PRELOAD_FAILURE_MESSAGE} (${(err as Error).message})` },
        };
      }
    },
    on<E extends EventName>(name: E, listener: (payload: PayloadOf<E>) => void): () => void {
      return api.on(name, listener);
    },
  };
}
