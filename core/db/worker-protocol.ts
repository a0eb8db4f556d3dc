import type { SqlResult, SqlValue } from '../api/sql';

/**
 * The message protocol between the backend and the thread that owns a PGlite
 * instance. PGlite blocks its thread for a query's whole duration, so it lives in
 * a worker_thread and the backend's event loop stays free for progress events,
 * cancellation and the bridge.
 */
export type Statement =
  | { sql: string; params?: SqlValue[]; script?: false; copyData?: undefined }
  | { sql: string; script: true }
  /** `COPY … FROM '/dev/blob'` with the rows as CSV/text: ~3× faster than INSERTs in PGlite. */
  | { sql: string; copyData: string; script?: false };

export type WorkerRequest =
  | { op: 'open'; dataDir: string }
  | { op: 'query'; sql: string; params?: SqlValue[]; readOnly?: boolean }
  | { op: 'exec'; sql: string }
  | { op: 'copy'; sql: string; data: string }
  | { op: 'transaction'; statements: Statement[] }
  /** `COPY (…) TO '/dev/blob'` queries run in one READ ONLY transaction, so they see one snapshot. */
  | { op: 'copyOut'; queries: string[] }
  | { op: 'dump'; file: string }
  | { op: 'checkpoint' }
  | { op: 'close' };

export type WorkerResult =
  | { op: 'open'; serverVersion: string }
  | { op: 'query'; result: SqlResult }
  | { op: 'exec'; results: SqlResult[] }
  | { op: 'copy'; rowCount: number }
  | { op: 'transaction'; results: SqlResult[] }
  | { op: 'copyOut'; data: Uint8Array[] }
  | { op: 'dump'; bytes: number }
  | { op: 'checkpoint' }
  | { op: 'close' };

export interface WorkerFailure {
  message: string;
  /** SQLSTATE when the failure came from Postgres. */
  sqlState?: string;
  position?: string;
  detail?: string;
  hint?: string;
}

export type WorkerReply =
  { id: number; ok: true; result: WorkerResult } | { id: number; ok: false; error: WorkerFailure };
export type WorkerEnvelope = { id: number; request: WorkerRequest };
