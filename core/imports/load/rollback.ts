import type { WorkspaceDb } from '../../db/workspace-db';
import { fail } from '../../errors';
import { lit, uuidLit } from './sql';

/**
 * Rolling back an import: one transaction deletes the rows the batch inserted
 * and writes back every row it overwrote, as recorded at import time
 * (loupe.rollback_import_batch, migration 0013). A batch that a later import
 * built on is refused rather than half-undone: rolling it back would delete or
 * rewind rows the later import changed or refers to. Roll back the later one
 * first.
 */

export interface RollbackResult {
  deleted: Record<string, number>;
  restored: Record<string, number>;
}

export async function rollbackBlockers(
  db: WorkspaceDb,
  batchId: string,
): Promise<{ batchId: string; fileName: string | null; reason: string }[]> {
  const res = await db.query(
    `SELECT x.blocking_batch::text AS batch_id, b.file_name, string_agg(DISTINCT x.reason, '; ') AS reason
       FROM loupe.import_rollback_blockers($1::uuid) x
       JOIN loupe.import_batches b ON b.id = x.blocking_batch
      GROUP BY x.blocking_batch, b.file_name, b.finished_at
      ORDER BY b.finished_at DESC`,
    [batchId],
  );
  return res.rows.map((r) => ({
    batchId: String(r['batch_id']),
    fileName: typeof r['file_name'] === 'string' ? r['file_name'] : null,
    reason: String(r['reason']),
  }));
}

function numbers(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = Number(v);
  }
  return out;
}

/**
 * Undoes a completed batch in one transaction and marks it rolled back. The
 * caller has checked the batch's status and its blockers.
 */
export async function rollbackBatch(
  db: WorkspaceDb,
  batchId: string,
  opts: { reason?: string } = {},
): Promise<RollbackResult> {
  const blockers = await rollbackBlockers(db, batchId);
  if (blockers.length > 0) {
    const list = blockers
      .map((b) => `${b.fileName ?? 'an import'} (batch ${b.batchId}: ${b.reason})`)
      .join(', ');
    fail(
      'invalid-argument',
      `This import cannot be rolled back while later imports build on it: ${list}. Roll back ${blockers.length === 1 ? 'that import' : 'those imports'} first, newest first.`,
      { blockers },
    );
  }
  const B = uuidLit(batchId);
  const results = await db.transaction([
    { sql: `SET LOCAL loupe.audit = 'off'` },
    { sql: `SELECT loupe.rollback_import_batch(${B}) AS result` },
    {
      sql: `UPDATE loupe.import_batches SET status = 'rolled_back', rolled_back_at = clock_timestamp(),
              error = ${opts.reason === undefined ? 'error' : lit(opts.reason)}
             WHERE id = ${B}`,
    },
    {
      sql: `INSERT INTO activity_logs (activity_type, resource_type, resource_id, resource_name, action_description,
                                       organization_id, data_sensitivity)
            SELECT 'rollback', 'import_batch', b.id::text, b.file_name,
                   format('rolled back the import of %s (%s)', b.file_name, b.format),
                   loupe.local_organization_id(), 'internal'
              FROM loupe.import_batches b WHERE b.id = ${B}`,
    },
  ]);
  const result = results[1]?.rows[0]?.['result'];
  const obj =
    result !== null && typeof result === 'object' && !Array.isArray(result)
      ? (result as Record<string, unknown>)
      : {};
  return { deleted: numbers(obj['deleted']), restored: numbers(obj['restored']) };
}
