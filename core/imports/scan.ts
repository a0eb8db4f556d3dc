import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { fail } from '../errors';
import { Utf8Validator, trimIncompleteUtf8 } from './sniff';

/**
 * The one pass over a whole file that reading it needs besides parsing: its
 * SHA-256 (the import history's content hash) and whether every byte of it is
 * UTF-8 (else it is Windows-1252). Large files are scanned in a worker thread,
 * at the same time as their rows are parsed, so the pass costs no time where a
 * second core is free.
 */

export interface ScanResult {
  sha256: string;
  /** Every byte is UTF-8 (only checked when asked). */
  utf8: boolean;
}

export interface Scan {
  result: Promise<ScanResult>;
  /** Stops the scan; the result then rejects with `cancelled`. */
  cancel(): void;
}

/** Files at least this large are scanned in a worker thread; below it, starting one costs more than it saves. */
export const WORKER_SCAN_BYTES = 8 * 1024 * 1024;
const SCAN_CHUNK = 4 * 1024 * 1024;

function cancelled(): never {
  fail('cancelled', 'The import was cancelled.');
}

/** Scans `path`, reporting bytes scanned to `onBytes`. `validate`: check UTF-8 too. */
export function scanFile(
  path: string,
  size: number,
  validate: boolean,
  onBytes?: (bytes: number) => void,
): Scan {
  const scan =
    size >= WORKER_SCAN_BYTES ? scanInWorker(path, validate, onBytes) : scanInline(path, validate, onBytes);
  // A scan nobody waits for any more (the file failed its checks, the reader
  // stopped) may end in an error that is nobody's concern.
  scan.result.catch(() => undefined);
  return scan;
}

function scanInline(path: string, validate: boolean, onBytes?: (bytes: number) => void): Scan {
  let stop = false;
  const result = (async (): Promise<ScanResult> => {
    const hash = createHash('sha256');
    const validator = new Utf8Validator();
    let bytes = 0;
    for await (const chunk of createReadStream(path, {
      highWaterMark: SCAN_CHUNK,
    }) as AsyncIterable<Buffer>) {
      if (stop) cancelled();
      hash.update(chunk);
      if (validate) validator.push(chunk);
      bytes += chunk.length;
      onBytes?.(bytes);
    }
    return { sha256: hash.digest('hex'), utf8: validate ? validator.end() : false };
  })();
  return {
    result,
    cancel: () => {
      stop = true;
    },
  };
}

// Runs in the worker: plain CommonJS, with the boundary rule for cut characters
// taken from sniff.ts so both scans judge a file the same way.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const { isUtf8 } = require('node:buffer');
const trimIncompleteUtf8 = ${trimIncompleteUtf8.toString()};
const { path, validate, chunkSize } = workerData;
const hash = createHash('sha256');
const fd = openSync(path, 'r');
const buffer = Buffer.allocUnsafe(chunkSize);
let carry = Buffer.alloc(0);
let valid = true;
let bytes = 0;
let reported = 0;
try {
  for (;;) {
    const n = readSync(fd, buffer, 0, chunkSize, null);
    if (n === 0) break;
    const chunk = buffer.subarray(0, n);
    hash.update(chunk);
    if (validate && valid) {
      const joined = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const whole = trimIncompleteUtf8(joined);
      if (!isUtf8(whole)) valid = false;
      carry = Buffer.from(joined.subarray(whole.length));
    }
    bytes += n;
    const now = Date.now();
    if (now - reported >= 100) {
      reported = now;
      parentPort.postMessage({ bytes });
    }
  }
} finally {
  closeSync(fd);
}
parentPort.postMessage({ bytes, sha256: hash.digest('hex'), utf8: validate && valid && carry.length === 0 });
`;

interface WorkerMessage {
  bytes: number;
  sha256?: string;
  utf8?: boolean;
}

function scanInWorker(path: string, validate: boolean, onBytes?: (bytes: number) => void): Scan {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, validate, chunkSize: SCAN_CHUNK },
  });
  let stopped = false;
  const result = new Promise<ScanResult>((resolve, reject) => {
    let done = false;
    worker.on('message', (m: WorkerMessage) => {
      onBytes?.(m.bytes);
      if (m.sha256 !== undefined) {
        done = true;
        resolve({ sha256: m.sha256, utf8: m.utf8 === true });
      }
    });
    worker.on('error', (e) => reject(e));
    worker.on('exit', () => {
      if (done) return;
      if (stopped) reject(new Error('cancelled'));
      else reject(new Error(`The scan of "${path}" stopped before the end of the file.`));
    });
  }).catch((e: unknown): never => {
    if (stopped) cancelled();
    fail('not-found', `Loupe cannot read "${path}": ${(e as Error).message}`);
  });
  return {
    result,
    cancel: () => {
      stopped = true;
      void worker.terminate();
    },
  };
}
