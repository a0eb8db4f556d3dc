import { MISSING_TOKEN_MESSAGE } from '../errors/messages';
import { bridgeUrlFromLocation, createBridgeClient } from './bridge-client';
import { createElectronClient } from './electron-client';
import type { AppClient } from './types';
import { createUnavailableClient } from './unavailable-client';

export type { AppClient, ConnectionMonitor, ConnectionStatus, LoupePreloadApi } from './types';
export { ClientProvider, useClient } from './context';

/** Electron's preload when it is there, otherwise the local HTTP/WebSocket bridge that served this page. */
export function createDefaultClient(win: Window = window): AppClient {
  if (win.loupe) return createElectronClient(win.loupe);
  const url = bridgeUrlFromLocation(win.location);
  if (!url) return createUnavailableClient(MISSING_TOKEN_MESSAGE);
  return createBridgeClient({ url });
}
