import type { SegmentSummary, SegmentType } from '../../api/segments';
import type { SqlValue } from '../../api/sql';
import type { WorkspaceDb } from '../../db/workspace-db';
import { ServiceError } from '../../errors';
import type { CompiledCriteria } from './compile';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const SEGMENT_COLUMNS = `s.id::text AS id, s.name, s.description, s.segment_type, s.criteria,
  coalesce(s.customer_count, 0) AS customer_count, coalesce(s.last_customer_count, 0) AS last_customer_count,
  coalesce(s.customer_count_change, 0) AS customer_count_change, s.last_refreshed_at, s.created_at`;

export function text(v: SqlValue | undefined): string | null {
  return typeof v === 'string' ? v : v === null || v === undefined ? null : String(v);
}

/** numeric arrives as text, integers as numbers; null stays null. */
export function numeric(v: SqlValue | undefined): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

export function toSummary(row: Record<string, SqlValue>): SegmentSummary {
  return {
    id: text(row['id']) ?? '',
    name: text(row['name']) ?? '',
    description: text(row['description']),
    type: (text(row['segment_type']) ?? 'dynamic') as SegmentType,
    criteria: row['criteria'] ?? {},
    customerCount: numeric(row['customer_count']) ?? 0,
    lastCustomerCount: numeric(row['last_customer_count']) ?? 0,
    customerCountChange: numeric(row['customer_count_change']) ?? 0,
    lastRefreshedAt: text(row['last_refreshed_at']),
    createdAt: text(row['created_at']) ?? '',
  };
}

export async function loadSegment(db: WorkspaceDb, id: string): Promise<SegmentSummary> {
  const notFound = (): never => {
    throw new ServiceError(
      'not-found',
      `No segment has the id ${JSON.stringify(id)}; list the segments to find it.`,
      {
        id,
      },
    );
  };
  if (typeof id !== 'string' || !UUID.test(id)) return notFound();
  const r = await db.query(`SELECT ${SEGMENT_COLUMNS} FROM segments s WHERE s.id = $1::uuid`, [id]);
  const row = r.rows[0];
  return row ? toSummary(row) : notFound();
}

/** Fails with the path of the first condition naming a segment or campaign the workspace does not have. */
export async function checkReferences(db: WorkspaceDb, compiled: CompiledCriteria): Promise<void> {
  if (compiled.references.length === 0) return;
  const ids = (kind: 'segment' | 'campaign'): string[] => [
    ...new Set(compiled.references.filter((r) => r.kind === kind).map((r) => r.id)),
  ];
  const r = await db.query(
    `SELECT 'segment' AS kind, id::text AS id FROM segments WHERE id = ANY($1::text[]::uuid[])
     UNION ALL
     SELECT 'campaign', id::text FROM campaigns WHERE id = ANY($2::text[]::uuid[])`,
    [ids('segment'), ids('campaign')],
  );
  const found = new Set(r.rows.map((row) => `${text(row['kind'])}:${text(row['id'])}`));
  for (const ref of compiled.references) {
    if (!found.has(`${ref.kind}:${ref.id}`)) {
      throw new ServiceError(
        'invalid-argument',
        `Segment condition ${ref.path}: no ${ref.kind} has the id ${ref.id}; pick one that exists.`,
        { path: ref.path, [ref.kind]: ref.id },
      );
    }
  }
}
