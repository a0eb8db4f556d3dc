import { randomUUID } from 'node:crypto';
import type {
  CreateSegmentInput,
  CreateSegmentResult,
  RefreshResult,
  SegmentSummary,
} from '../../api/segments';
import type { SqlValue } from '../../api/sql';
import type { Statement } from '../../db/worker-protocol';
import type { WorkspaceDb } from '../../db/workspace-db';
import { workspaceTimeZone } from '../../db/workspace-time-zone';
import { ServiceError } from '../../errors';
import { compileCriteria, type CompiledCriteria } from './compile';
import { storeStatisticsSql } from './statistics';
import { checkReferences, loadSegment, numeric, SEGMENT_COLUMNS, text, toSummary } from './store';

const MAX_NAME = 200;
const MAX_DESCRIPTION = 2000;
const MAX_UPLOAD = 1_000_000;

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new ServiceError('invalid-argument', message, details);
}

function isoAt(now: number | Date | string | undefined): string {
  const ms =
    now === undefined
      ? Date.now()
      : now instanceof Date
        ? now.getTime()
        : typeof now === 'string'
          ? Date.parse(now)
          : now;
  if (!Number.isFinite(ms)) invalid('The moment to evaluate the segment at is not a valid date.');
  return new Date(ms).toISOString();
}

async function compileFor(db: WorkspaceDb, criteria: unknown, now: string): Promise<CompiledCriteria> {
  const compiled = compileCriteria(criteria, { now, timeZone: await workspaceTimeZone(db) });
  await checkReferences(db, compiled);
  return compiled;
}

/** How many people the criteria match at `now`: the live count while a segment is being edited. */
export async function countSegment(
  db: WorkspaceDb,
  criteria: unknown,
  now: number | Date | string,
): Promise<number> {
  const compiled = await compileFor(db, criteria, isoAt(now));
  const r = await db.queryReadOnly(`SELECT count(*)::int AS n FROM (${compiled.sql}) q`, compiled.params);
  return numeric(r.rows[0]?.['n']) ?? 0;
}

/**
 * The statements that bring a dynamic segment's membership up to date, for one
 * transaction. History is kept: a person who stops qualifying keeps their row,
 * made inactive with removed_at; one who qualifies again gets that row back
 * (added_at = now, removed_at cleared, first_qualified_at kept).
 */
function refreshStatements(segmentId: string, compiled: CompiledCriteria, now: string): Statement[] {
  const n = compiled.params.length;
  const seg = `$${n + 1}::uuid`;
  const at = `$${n + 2}::timestamptz`;
  const params: SqlValue[] = [...compiled.params, segmentId, now];
  return [
    {
      // Every part of one statement sees the same snapshot: `before` is the membership
      // before this refresh, and the UPDATE and INSERT touch disjoint rows.
      sql: `WITH q AS (${compiled.sql}),
        before AS (SELECT customer_id FROM segment_memberships WHERE segment_id = ${seg} AND is_active),
        removed AS (
          UPDATE segment_memberships m
             SET is_active = false, removed_at = ${at}, updated_at = ${at}
           WHERE m.segment_id = ${seg} AND m.is_active AND NOT EXISTS (SELECT 1 FROM q WHERE q.id = m.customer_id)
          RETURNING m.customer_id),
        added AS (
          INSERT INTO segment_memberships AS m
                 (segment_id, customer_id, added_at, first_qualified_at, is_active, removed_at, updated_at)
          SELECT ${seg}, q.id, ${at}, ${at}, true, NULL, ${at}
            FROM q
           WHERE NOT EXISTS (SELECT 1 FROM before b WHERE b.customer_id = q.id)
             AND EXISTS (SELECT 1 FROM segments WHERE id = ${seg})
          ON CONFLICT (segment_id, customer_id) DO UPDATE
             SET is_active = true, added_at = EXCLUDED.added_at, removed_at = NULL, updated_at = EXCLUDED.updated_at
          RETURNING m.customer_id)
        SELECT (SELECT count(*) FROM added)::int AS added, (SELECT count(*) FROM removed)::int AS removed,
               (SELECT count(*) FROM before)::int AS previous_size, (SELECT count(*) FROM q)::int AS size`,
      params,
    },
    ...countStatements(segmentId, now),
  ];
}

/** Updates the segment's counters and figures from its membership. */
function countStatements(segmentId: string, now: string): Statement[] {
  return [
    {
      sql: `UPDATE segments s
               SET last_customer_count = coalesce(s.customer_count, 0),
                   customer_count = m.n,
                   customer_count_change = m.n - coalesce(s.customer_count, 0),
                   last_refreshed_at = $2::timestamptz,
                   refresh_duration = clock_timestamp() - transaction_timestamp(),
                   updated_at = $2::timestamptz
              FROM (SELECT count(*)::int AS n FROM segment_memberships WHERE segment_id = $1::uuid AND is_active) m
             WHERE s.id = $1::uuid`,
      params: [segmentId, now],
    },
    { sql: storeStatisticsSql('$1::uuid'), params: [segmentId] },
  ];
}

function refreshResult(row: Record<string, SqlValue> | undefined): RefreshResult {
  const added = numeric(row?.['added']) ?? 0;
  const size = numeric(row?.['size']) ?? 0;
  return {
    added,
    removed: numeric(row?.['removed']) ?? 0,
    kept: size - added,
    size,
    previousSize: numeric(row?.['previous_size']) ?? 0,
  };
}

/** Recomputes a dynamic segment's members at `now`, in one transaction. */
export async function refreshSegment(
  db: WorkspaceDb,
  id: string,
  now: number | Date | string,
): Promise<RefreshResult> {
  const segment = await loadSegment(db, id);
  if (segment.type !== 'dynamic') {
    invalid(
      segment.type === 'static'
        ? `"${segment.name}" is a static list: it keeps the members of its upload. Upload a new list to change them.`
        : `"${segment.name}" is a ${segment.type} segment; only dynamic segments are recomputed from criteria.`,
      { id },
    );
  }
  const at = isoAt(now);
  const compiled = await compileFor(db, segment.criteria, at);
  const self = compiled.references.find((r) => r.kind === 'segment' && r.id === segment.id);
  if (self) {
    invalid(`Segment condition ${self.path}: a segment cannot be defined by its own members.`, {
      path: self.path,
    });
  }
  const results = await db.transaction(refreshStatements(segment.id, compiled, at));
  if ((results[1]?.rowCount ?? 0) === 0) {
    throw new ServiceError(
      'not-found',
      `The segment "${segment.name}" was deleted while it was being refreshed.`,
      {
        id,
      },
    );
  }
  return refreshResult(results[0]?.rows[0]);
}

function checkName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') invalid('Give the segment a name.');
  const trimmed = name.trim();
  if (trimmed.length > MAX_NAME) invalid(`A segment name may be at most ${MAX_NAME} characters.`);
  return trimmed;
}

/** Distinct addresses (compared without case), blank entries dropped, first spelling kept. */
function distinctEmails(emails: unknown): string[] {
  if (!Array.isArray(emails)) invalid('A static segment needs "emails": the list of addresses to upload.');
  if (emails.length > MAX_UPLOAD)
    invalid(`A list may hold at most ${MAX_UPLOAD.toLocaleString('en-US')} addresses.`);
  const seen = new Set<string>();
  const out: string[] = [];
  emails.forEach((e: unknown, i) => {
    if (typeof e !== 'string')
      invalid(`emails[${i}] is not text; upload one address per entry.`, { index: i });
    const trimmed = e.trim();
    const key = trimmed.toLowerCase();
    if (trimmed === '' || seen.has(key)) return;
    seen.add(key);
    out.push(trimmed);
  });
  return out;
}

/**
 * Creates a segment: a dynamic one from criteria (members computed at `now`), or a
 * static one from an uploaded list of addresses. Names are unique in a workspace,
 * ignoring case and surrounding spaces.
 */
export async function createSegment(
  db: WorkspaceDb,
  input: CreateSegmentInput,
): Promise<CreateSegmentResult> {
  const name = checkName(input.name);
  const description = input.description ?? null;
  if (description !== null && (typeof description !== 'string' || description.length > MAX_DESCRIPTION)) {
    invalid(`A segment description must be text of at most ${MAX_DESCRIPTION} characters.`);
  }
  if (input.type !== 'dynamic' && input.type !== 'static') invalid('A segment is "dynamic" or "static".');
  const at = isoAt(input.now);
  const id = randomUUID();

  let compiled: CompiledCriteria | null = null;
  let emails: string[] = [];
  if (input.type === 'dynamic') {
    if (input.emails !== undefined)
      invalid('A dynamic segment is defined by criteria; upload emails to a static one.');
    if (input.criteria === undefined || input.criteria === null) invalid('A dynamic segment needs criteria.');
    compiled = await compileFor(db, input.criteria, at);
  } else {
    if (input.criteria !== undefined && input.criteria !== null) {
      invalid('A static segment holds an uploaded list; define criteria on a dynamic one.');
    }
    emails = distinctEmails(input.emails);
  }

  const taken = await db.query(`SELECT 1 FROM segments WHERE lower(btrim(name)) = lower($1)`, [name]);
  const conflict = (): never => {
    throw new ServiceError(
      'already-exists',
      `A segment named "${name}" already exists; choose another name.`,
      {
        name,
      },
    );
  };
  if (taken.rows.length > 0) conflict();

  // The name check is repeated inside the transaction, so two creations racing cannot both win.
  const insert: Statement = {
    sql: `INSERT INTO segments (id, name, description, segment_type, criteria, auto_refresh, customer_count,
                                last_customer_count, customer_count_change, updated_at)
          SELECT $1::uuid, $2::text, $3::text, $4::text, $5::text::jsonb, $6::boolean, 0, 0, 0, $7::timestamptz
           WHERE NOT EXISTS (SELECT 1 FROM segments WHERE lower(btrim(name)) = lower($2::text))`,
    params: [
      id,
      name,
      description,
      input.type,
      JSON.stringify(input.criteria ?? {}),
      input.type === 'dynamic',
      at,
    ],
  };

  if (compiled) {
    const results = await db.transaction([insert, ...refreshStatements(id, compiled, at)]);
    if ((results[0]?.rowCount ?? 0) === 0) conflict();
    return { segment: await loadSegment(db, id), refresh: refreshResult(results[1]?.rows[0]) };
  }

  const results = await db.transaction([
    insert,
    {
      sql: `INSERT INTO segment_memberships (segment_id, customer_id, added_at, first_qualified_at, is_active, updated_at)
            SELECT $1::uuid, c.id, $3::timestamptz, $3::timestamptz, true, $3::timestamptz
              FROM customers c
             WHERE c.email = ANY($2::text[]::citext[]) AND EXISTS (SELECT 1 FROM segments WHERE id = $1::uuid)`,
      params: [id, emails, at],
    },
    {
      sql: `SELECT x.email FROM unnest($1::text[]) WITH ORDINALITY AS x (email, n)
             WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.email = x.email::citext)
             ORDER BY x.n`,
      params: [emails],
    },
    ...countStatements(id, at),
  ]);
  if ((results[0]?.rowCount ?? 0) === 0) conflict();
  const unmatchedEmails = (results[2]?.rows ?? []).map((r) => text(r['email']) ?? '');
  return {
    segment: await loadSegment(db, id),
    upload: {
      emails: emails.length,
      matchedEmails: emails.length - unmatchedEmails.length,
      unmatchedEmails,
      members: results[1]?.rowCount ?? 0,
    },
  };
}

/** Every segment of the workspace, by name (ignoring case), then id. */
export async function listSegments(db: WorkspaceDb): Promise<SegmentSummary[]> {
  const r = await db.query(`SELECT ${SEGMENT_COLUMNS} FROM segments s ORDER BY lower(s.name), s.name, s.id`);
  return r.rows.map(toSummary);
}

/**
 * Deletes a segment and its membership history. Refused while another segment's
 * criteria name it (in_segment), since that segment would silently change meaning.
 */
export async function deleteSegment(db: WorkspaceDb, id: string): Promise<void> {
  const segment = await loadSegment(db, id);
  const others = await db.query(
    `SELECT name, criteria FROM segments WHERE id <> $1::uuid ORDER BY lower(name), id`,
    [segment.id],
  );
  const users = others.rows.filter((r) => mentions(r['criteria'] ?? null, segment.id));
  if (users.length > 0) {
    const names = users.map((r) => `"${text(r['name']) ?? ''}"`).join(', ');
    invalid(`"${segment.name}" is used by ${names}; remove that condition first.`, { id });
  }
  await db.query(`DELETE FROM segments WHERE id = $1::uuid`, [segment.id]);
}

/** Whether a criteria JSON holds the id anywhere (ids are compared without case). */
function mentions(value: SqlValue, id: string): boolean {
  if (typeof value === 'string') return value.trim().toLowerCase() === id.toLowerCase();
  if (Array.isArray(value)) return value.some((v) => mentions(v, id));
  if (value !== null && typeof value === 'object') return Object.values(value).some((v) => mentions(v, id));
  return false;
}

/** Ids of a segment's active members, sorted, so other analyses can be restricted to it. */
export async function memberIds(db: WorkspaceDb, id: string): Promise<string[]> {
  const segment = await loadSegment(db, id);
  const r = await db.query(
    `SELECT customer_id::text AS id FROM segment_memberships
      WHERE segment_id = $1::uuid AND is_active ORDER BY customer_id`,
    [segment.id],
  );
  return r.rows.map((row) => text(row['id']) ?? '');
}
