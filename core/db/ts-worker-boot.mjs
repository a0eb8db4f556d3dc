// Starts a TypeScript worker when Loupe runs from source (CLI via tsx, tests via
// vitest). Packaged builds start the bundled JavaScript worker directly instead.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
