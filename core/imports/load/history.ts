import type { ImportBatchInfo, ImportBatchStatus, ImportRejection } from '../../api/imports';
import type { SqlValue } from '../../api/sql';
import type { WorkspaceDb } from '../../db/workspace-db';

/** Import history: every attempt, what it did, and the rows it rejected. */

const BATCH_COLUMNS = `b.id::text AS batch_id, b.file_name, b.file_sha256, coalesce(b.format, b.source) AS format, b.status,
  b.started_at, b.finished_at, b.rows_read, b.rows_inserted, b.rows_updated, b.rows_unchanged, b.rows_rejected,
  b.error, b.rolled_back_at`;

function text(v: SqlValue | undefined): string | null {
  return v === null || v === undefined ? null : String(v);
}

function toInfo(r: Record<string, SqlValue>): ImportBatchInfo {
  return {
    batchId: String(r['batch_id']),
    fileName: text(r['file_name']) ?? '',
    sha256: text(r['file_sha256']),
    format: text(r['format']) ?? '',
    status: String(r['status']) as ImportBatchStatus,
    startedAt: String(r['started_at']),
    finishedAt: text(r['finished_at']),
    rowsRead: Number(r['rows_read'] ?? 0),
    inserted: Number(r['rows_inserted'] ?? 0),
    updated: Number(r['rows_updated'] ?? 0),
    unchanged: Number(r['rows_unchanged'] ?? 0),
    rejected: Number(r['rows_rejected'] ?? 0),
    error: text(r['error']),
    rolledBackAt: text(r['rolled_back_at']),
  };
}

export async function listHistory(db: WorkspaceDb, limit: number): Promise<ImportBatchInfo[]> {
  const res = await db.query(
    `SELECT ${BATCH_COLUMNS} FROM loupe.import_batches b ORDER BY b.started_at DESC, b.id LIMIT $1`,
    [limit],
  );
  return res.rows.map(toInfo);
}

export async function getBatch(db: WorkspaceDb, batchId: string): Promise<ImportBatchInfo | null> {
  if (!/^[0-9a-f-]{36}$/i.test(batchId)) return null;
  const res = await db.query(`SELECT ${BATCH_COLUMNS} FROM loupe.import_batches b WHERE b.id = $1::uuid`, [
    batchId,
  ]);
  const row = res.rows[0];
  return row ? toInfo(row) : null;
}

/** Batches whose id starts with `prefix` (the CLI shows the first characters of ids). */
export async function findBatches(db: WorkspaceDb, prefix: string): Promise<ImportBatchInfo[]> {
  const res = await db.query(
    `SELECT ${BATCH_COLUMNS} FROM loupe.import_batches b WHERE b.id::text LIKE $1 ORDER BY b.started_at DESC LIMIT 2`,
    [`${prefix.toLowerCase().replace(/[%_\\]/g, '')}%`],
  );
  return res.rows.map(toInfo);
}

/** The latest completed import of exactly this content, if any. */
export async function previousImport(
  db: WorkspaceDb,
  sha256: string,
): Promise<{ batchId: string; at: string; status: string } | null> {
  const res = await db.query(
    `SELECT id::text AS batch_id, coalesce(finished_at, started_at) AS at, status FROM loupe.import_batches
      WHERE file_sha256 = $1 ORDER BY (status = 'completed') DESC, started_at DESC LIMIT 1`,
    [sha256],
  );
  const row = res.rows[0];
  return row
    ? { batchId: String(row['batch_id']), at: String(row['at']), status: String(row['status']) }
    : null;
}

export async function listRejections(
  db: WorkspaceDb,
  batchId: string,
  offset: number,
  limit: number,
): Promise<{ total: number; rejections: ImportRejection[] }> {
  const total = await db.query(
    `SELECT count(*)::integer AS n FROM loupe.import_rejections WHERE batch_id = $1::uuid`,
    [batchId],
  );
  const res = await db.query(
    `SELECT entry, row_number, raw, reason, field FROM loupe.import_rejections WHERE batch_id = $1::uuid
      ORDER BY entry, row_number OFFSET $2 LIMIT $3`,
    [batchId, offset, limit],
  );
  return {
    total: Number(total.rows[0]?.['n'] ?? 0),
    rejections: res.rows.map((r) => {
      const out: ImportRejection = {
        rowNumber: Number(r['row_number']),
        raw: (r['raw'] ?? {}) as Record<string, string>,
        reason: String(r['reason']),
      };
      if (typeof r['entry'] === 'string' && r['entry'] !== '') out.entry = r['entry'];
      if (typeof r['field'] === 'string') out.field = r['field'];
      return out;
    }),
  };
}
