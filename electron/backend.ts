import { pathToFileURL } from 'node:url';
import type { WireMessage } from '../core/api/contract';
import { createService } from '../core/service/service';
import { createWireEndpoint } from '../core/service/wire';

/**
 * The backend, forked by the desktop shell as an Electron utility process. It owns
 * every workspace database; the main process only relays messages to it.
 */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: WireMessage): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('The Loupe backend must be started by the desktop app.');

const workerFile = process.env['LOUPE_WORKER_FILE'];
const service = createService({
  host: 'electron',
  ...(workerFile ? { worker: { url: pathToFileURL(workerFile) } } : {}),
});
const endpoint = createWireEndpoint(service, (message) => parentPort.postMessage(message));
parentPort.on('message', (event) => endpoint.receive(event.data));

const shutdown = (): void => {
  void service.close().finally(() => process.exit(0));
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
