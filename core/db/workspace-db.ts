import { Worker } from 'node:worker_threads';
import type { SqlResult, SqlValue } from '../api/sql';
import type {
  Statement,
  WorkerEnvelope,
  WorkerFailure,
  WorkerReply,
  WorkerRequest,
  WorkerResult,
} from './worker-protocol';

/** A failure reported by Postgres (or PGlite) inside the worker. */
export class DatabaseError extends Error {
  readonly sqlState: string | undefined;
  readonly detail: string | undefined;
  readonly hint: string | undefined;
  readonly position: string | undefined;
  constructor(failure: WorkerFailure) {
    super(failure.message);
    this.name = 'DatabaseError';
    this.sqlState = failure.sqlState;
    this.detail = failure.detail;
    this.hint = failure.hint;
    this.position = failure.position;
  }
}

export interface WorkerLocation {
  /** The worker module to start. */
  url: URL;
  /** For source runs: the TypeScript entry the boot module imports. */
  workerData?: unknown;
}

/** Where the PGlite worker lives when running from source (tsx, vitest). */
export function sourceWorkerLocation(): WorkerLocation {
  return {
    url: new URL('./ts-worker-boot.mjs', import.meta.url),
    workerData: { entry: new URL('./pglite-worker.ts', import.meta.url).href },
  };
}

type Pending = { resolve: (r: WorkerResult) => void; reject: (e: Error) => void };

/**
 * One PGlite database, owned by one worker thread. All calls are queued in the
 * worker, so a transaction sent as one `transaction()` call never interleaves.
 */
export class WorkspaceDb {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private exited = false;

  private constructor(location: WorkerLocation) {
    this.worker = new Worker(location.url, { workerData: location.workerData });
    this.worker.on('message', (reply: WorkerReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.result);
      else p.reject(new DatabaseError(reply.error));
    });
    this.worker.on('error', (err) => this.failAll(err));
    this.worker.on('exit', (code) => {
      this.exited = true;
      this.failAll(new Error(`The database worker stopped (exit code ${code}).`));
    });
  }

  static async open(
    dataDir: string,
    location: WorkerLocation = sourceWorkerLocation(),
  ): Promise<WorkspaceDb> {
    const db = new WorkspaceDb(location);
    try {
      await db.request({ op: 'open', dataDir });
    } catch (err) {
      await db.worker.terminate();
      throw err;
    }
    return db;
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private request(request: WorkerRequest): Promise<WorkerResult> {
    if (this.exited) return Promise.reject(new Error('The database worker has stopped.'));
    const id = this.nextId++;
    return new Promise<WorkerResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const env: WorkerEnvelope = { id, request };
      this.worker.postMessage(env);
    });
  }

  async query(sql: string, params: SqlValue[] = []): Promise<SqlResult> {
    const r = await this.request({ op: 'query', sql, params });
    if (r.op !== 'query') throw new Error('Unexpected reply from the database worker.');
    return r.result;
  }

  /** One statement inside a READ ONLY transaction that is always rolled back. */
  async queryReadOnly(sql: string, params: SqlValue[] = []): Promise<SqlResult> {
    const r = await this.request({ op: 'query', sql, params, readOnly: true });
    if (r.op !== 'query') throw new Error('Unexpected reply from the database worker.');
    return r.result;
  }

  /** A script of several statements, without parameters. */
  async exec(sql: string): Promise<SqlResult[]> {
    const r = await this.request({ op: 'exec', sql });
    if (r.op !== 'exec') throw new Error('Unexpected reply from the database worker.');
    return r.results;
  }

  /** Loads rows with `COPY … FROM '/dev/blob'`; returns how many were copied. */
  async copyFrom(sql: string, data: string): Promise<number> {
    const r = await this.request({ op: 'copy', sql, data });
    if (r.op !== 'copy') throw new Error('Unexpected reply from the database worker.');
    return r.rowCount;
  }

  /** Statements applied in one transaction: all of them or none. */
  async transaction(statements: Statement[]): Promise<SqlResult[]> {
    const r = await this.request({ op: 'transaction', statements });
    if (r.op !== 'transaction') throw new Error('Unexpected reply from the database worker.');
    return r.results;
  }

  /**
   * Runs `COPY (…) TO '/dev/blob'` queries in one read-only transaction (one consistent
   * snapshot) and returns each one's output bytes.
   */
  async copyOut(queries: string[]): Promise<Uint8Array[]> {
    const r = await this.request({ op: 'copyOut', queries });
    if (r.op !== 'copyOut') throw new Error('Unexpected reply from the database worker.');
    return r.data;
  }

  /** Writes an uncompressed tar snapshot of the whole data directory. */
  async dump(file: string): Promise<number> {
    const r = await this.request({ op: 'dump', file });
    if (r.op !== 'dump') throw new Error('Unexpected reply from the database worker.');
    return r.bytes;
  }

  async checkpoint(): Promise<void> {
    await this.request({ op: 'checkpoint' });
  }

  async close(): Promise<void> {
    if (this.exited) return;
    try {
      await this.request({ op: 'close' });
    } finally {
      await this.worker.terminate();
    }
  }
}
