import { parentPort } from 'node:worker_threads';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PGlite, type Results } from '@electric-sql/pglite';
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { hstore } from '@electric-sql/pglite/contrib/hstore';
import type { SqlResult, SqlValue } from '../api/sql';
import type {
  WorkerEnvelope,
  WorkerFailure,
  WorkerReply,
  WorkerRequest,
  WorkerResult,
} from './worker-protocol';

/** The contrib extensions the schema uses; loaded into every workspace. */
const extensions = { uuid_ossp, pgcrypto, pg_trgm, citext, hstore };

let db: PGlite | null = null;

function toSqlResult(res: Results<Record<string, unknown>>): SqlResult {
  return {
    columns: (res.fields ?? []).map((f) => ({ name: f.name, dataTypeId: f.dataTypeID })),
    rows: res.rows.map((row) => normaliseRow(row)),
    rowCount: (res.fields ?? []).length > 0 ? res.rows.length : (res.affectedRows ?? 0),
  };
}

/** Dates become ISO strings so every shell sees the same JSON-safe values. */
function normaliseRow(row: Record<string, unknown>): Record<string, SqlValue> {
  const out: Record<string, SqlValue> = {};
  for (const [k, v] of Object.entries(row)) out[k] = normaliseValue(v);
  return out;
}

function normaliseValue(v: unknown): SqlValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return `\\x${Buffer.from(v).toString('hex')}`;
  if (Array.isArray(v)) return v.map(normaliseValue);
  if (typeof v === 'object') {
    const out: Record<string, SqlValue> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = normaliseValue(x);
    return out;
  }
  return v as SqlValue;
}

function requireDb(): PGlite {
  if (!db) throw new Error('The workspace database is not open.');
  return db;
}

async function handle(req: WorkerRequest): Promise<WorkerResult> {
  switch (req.op) {
    case 'open': {
      await mkdir(dirname(req.dataDir), { recursive: true });
      db = await PGlite.create(req.dataDir, { extensions });
      const v = await db.query<{ v: string }>('SHOW server_version');
      return { op: 'open', serverVersion: v.rows[0]?.v ?? 'unknown' };
    }
    case 'query': {
      const d = requireDb();
      if (!req.readOnly)
        return { op: 'query', result: toSqlResult(await d.query(req.sql, req.params ?? [])) };
      // READ ONLY is enforced by Postgres itself, so no statement can write, however it is phrased.
      const result = await d.transaction(async (tx) => {
        await tx.exec('SET TRANSACTION READ ONLY');
        const r = toSqlResult(await tx.query(req.sql, req.params ?? []));
        await tx.rollback();
        return r;
      });
      return { op: 'query', result };
    }
    case 'exec': {
      const results = await requireDb().exec(req.sql);
      return { op: 'exec', results: results.map(toSqlResult) };
    }
    case 'copy': {
      const res = await requireDb().query(req.sql, [], { blob: new Blob([req.data]) });
      return { op: 'copy', rowCount: res.affectedRows ?? 0 };
    }
    case 'transaction': {
      const results = await requireDb().transaction(async (tx) => {
        const out: SqlResult[] = [];
        for (const st of req.statements) {
          if (st.script) out.push(...(await tx.exec(st.sql)).map(toSqlResult));
          else if (st.copyData !== undefined)
            out.push(toSqlResult(await tx.query(st.sql, [], { blob: new Blob([st.copyData]) })));
          else out.push(toSqlResult(await tx.query(st.sql, st.params ?? [])));
        }
        return out;
      });
      return { op: 'transaction', results };
    }
    case 'copyOut': {
      const data = await requireDb().transaction(async (tx) => {
        await tx.exec('SET TRANSACTION READ ONLY');
        const out: Uint8Array[] = [];
        for (const sql of req.queries) {
          const res = await tx.query(sql);
          out.push(res.blob === undefined ? new Uint8Array(0) : new Uint8Array(await res.blob.arrayBuffer()));
        }
        await tx.rollback();
        return out;
      });
      return { op: 'copyOut', data };
    }
    case 'dump': {
      const blob = await requireDb().dumpDataDir('none');
      const bytes = new Uint8Array(await blob.arrayBuffer());
      await writeFile(req.file, bytes);
      return { op: 'dump', bytes: bytes.byteLength };
    }
    case 'checkpoint': {
      await requireDb().exec('CHECKPOINT');
      return { op: 'checkpoint' };
    }
    case 'close': {
      if (db) {
        await db.exec('CHECKPOINT');
        await db.close();
        db = null;
      }
      return { op: 'close' };
    }
  }
}

function toFailure(err: unknown): WorkerFailure {
  if (err && typeof err === 'object') {
    const e = err as {
      message?: unknown;
      code?: unknown;
      position?: unknown;
      detail?: unknown;
      hint?: unknown;
    };
    const failure: WorkerFailure = { message: typeof e.message === 'string' ? e.message : String(err) };
    if (typeof e.code === 'string') failure.sqlState = e.code;
    if (typeof e.position === 'string') failure.position = e.position;
    if (typeof e.detail === 'string') failure.detail = e.detail;
    if (typeof e.hint === 'string') failure.hint = e.hint;
    return failure;
  }
  return { message: String(err) };
}

// Requests are handled strictly one at a time: PGlite is single-connection, and a
// transaction must not interleave with another caller's statements.
let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', (env: WorkerEnvelope) => {
  queue = queue.then(async () => {
    let reply: WorkerReply;
    try {
      reply = { id: env.id, ok: true, result: await handle(env.request) };
    } catch (err) {
      reply = { id: env.id, ok: false, error: toFailure(err) };
    }
    // Bulk results are handed over, not copied: a snapshot of millions of rows is hundreds of MB.
    const transfer =
      reply.ok && reply.result.op === 'copyOut'
        ? reply.result.data.map((d) => d.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer)
        : [];
    parentPort?.postMessage(reply, transfer);
  });
});
