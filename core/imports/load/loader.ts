import { randomUUID } from 'node:crypto';
import type { ImportProgress, ImportRecordCounts, ImportRejection, ImportSummary } from '../../api/imports';
import type { SqlValue } from '../../api/sql';
import { fsyncTree } from '../../db/fsync';
import { DatabaseError, type WorkspaceDb } from '../../db/workspace-db';
import { ServiceError, fail } from '../../errors';
import type { ColumnMapping } from '../mapping';
import { readImportFile, type FileInfo, type RowRejection } from '../read-file';
import type { CanonicalRecord } from '../records';
import { COUNTS_SQL, DRY_RUN_MARK, DRY_RUN_SQL, mergeStatements } from './merge';
import { lit, uuidLit } from './sql';
import { STAGE_NAMES, Staging } from './staging';
import { rollbackBatch } from './rollback';

/** How many rejections a summary carries; the history keeps all of them. */
export const SUMMARY_REJECTIONS = 20;
const PROGRESS_EVERY_MS = 250;
/**
 * CSV characters sent per COPY. The reader's batches are small (a few thousand records keep
 * the JavaScript heap from growing); COPYs of a few megabytes keep the calls to the
 * database few.
 */
const COPY_CHARS = 4_000_000;

export interface LoadOptions {
  path: string;
  format?: string;
  mapping?: ColumnMapping;
  /** A saved mapping the file is read with, for the summary. */
  savedMapping?: { id: string; name: string };
  acceptPartial?: boolean;
  dryRun?: boolean;
  jobId?: string;
  signal?: AbortSignal;
  onProgress?(p: Omit<ImportProgress, 'jobId' | 'workspaceId'>): void;
  /** The workspace's data directory, flushed to disk before success is reported. */
  pgdata?: string;
}

interface WorkspaceSettings {
  timeZone: string;
  currency: string;
}

/** The zone naive timestamps are read in and the currency of amounts without one: the workspace's organization's. */
export async function workspaceSettings(db: WorkspaceDb): Promise<WorkspaceSettings> {
  const res = await db.query(
    `SELECT timezone, currency FROM organizations WHERE organization_id = loupe.local_organization_id()`,
  );
  const row = res.rows[0];
  const timeZone = typeof row?.['timezone'] === 'string' ? row['timezone'] : 'UTC';
  const currency =
    typeof row?.['currency'] === 'string' && /^[A-Z]{3}$/.test(row['currency']) ? row['currency'] : 'USD';
  return { timeZone, currency };
}

/** import_batches.source for a format. */
export function sourceOfFormat(format: string, mapping: ColumnMapping | undefined): string {
  if (format === 'csv-mapping') {
    const named = mapping?.options?.source;
    return named === undefined || named === '' ? 'csv' : `csv:${named}`;
  }
  if (format === 'google-ads' || format === 'meta-ads') return format.replace('-', '_');
  return format.split('-')[0] ?? format;
}

/** Record problems the database would refuse; the file is refused whole with a clear reason instead. */
function checkRecord(r: CanonicalRecord): void {
  if (r.kind === 'touchpoint' && r.personEmailNormalized === undefined && r.personSourceId === undefined) {
    fail(
      'invalid-argument',
      `A touchpoint at ${r.at} names no person (no email and no customer id). Loupe keeps touchpoints on a person's path: map an email or customer id column.`,
    );
  }
  if (r.kind === 'ad-spend' && r.cost < 0) {
    fail(
      'invalid-argument',
      `The spend of "${r.campaignName}" on ${r.date} is negative (${r.cost}); ad spend cannot be below zero. Check that row of the report.`,
    );
  }
}

function toRejection(r: RowRejection): ImportRejection {
  const out: ImportRejection = { rowNumber: r.rowNumber, raw: r.raw, reason: r.reason };
  if (r.entry !== undefined) out.entry = r.entry;
  if (r.field !== undefined) out.field = r.field;
  return out;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function describeRejection(r: ImportRejection): string {
  return `${r.entry === undefined ? '' : `${r.entry} `}row ${r.rowNumber}: ${r.reason}`;
}

/** The merge's counts as the summary shows them. */
function countsOf(value: SqlValue | undefined): {
  records: Record<string, ImportRecordCounts>;
  tables: Record<string, { inserted: number; updated: number }>;
} {
  const records: Record<string, ImportRecordCounts> = {};
  const tables: Record<string, { inserted: number; updated: number }> = {};
  const obj = (v: unknown): Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const root = obj(value);
  for (const [kind, c] of Object.entries(obj(root['kinds']))) {
    const o = obj(c);
    const total = Number(o['total'] ?? 0);
    const inserted = Number(o['inserted'] ?? 0);
    const updated = Number(o['updated'] ?? 0);
    records[kind] = { total, inserted, updated, unchanged: Math.max(0, total - inserted - updated) };
  }
  for (const [table, c] of Object.entries(obj(root['tables']))) {
    const o = obj(c);
    const inserted = Number(o['inserted'] ?? 0);
    const updated = Number(o['updated'] ?? 0);
    if (inserted > 0 || updated > 0) tables[table] = { inserted, updated };
  }
  return { records, tables };
}

function sum(records: Record<string, ImportRecordCounts>, key: keyof ImportRecordCounts): number {
  return Object.values(records).reduce((n, c) => n + c[key], 0);
}

/**
 * Imports one file into a workspace: all of its good records in one transaction,
 * or nothing. Reading, staging and merging are described in staging.ts and
 * merge.ts; this runs them with progress, cancellation, the all-or-nothing rule
 * for rejected rows, and the upkeep after a commit.
 */
export async function importFile(db: WorkspaceDb, opts: LoadOptions): Promise<ImportSummary> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const jobId = opts.jobId ?? randomUUID();
  const signal = opts.signal ?? new AbortController().signal;
  const settings = await workspaceSettings(db);
  const staging = new Staging(jobId);
  let fileName = opts.path.split(/[\\/]/).pop() ?? opts.path;

  const progress: Omit<ImportProgress, 'jobId' | 'workspaceId'> = {
    fileName,
    phase: 'scanning',
    rowsRead: 0,
    bytesRead: 0,
    bytesTotal: 0,
  };
  const report = (): void => opts.onProgress?.({ ...progress });
  // A timer keeps progress coming while the database works (merging, flushing), not only while rows are read.
  const timer = setInterval(report, PROGRESS_EVERY_MS);
  const checkCancelled = (): void => {
    if (signal.aborted) fail('cancelled', 'The import was cancelled; nothing was imported.');
  };

  await db.exec(staging.createScript());
  try {
    const reader = readImportFile(opts.path, {
      ...(opts.format !== undefined ? { format: opts.format } : {}),
      ...(opts.mapping !== undefined ? { mapping: opts.mapping } : {}),
      timeZone: settings.timeZone,
      signal,
      onProgress: (p) => {
        progress.phase = p.phase;
        progress.rowsRead = p.rowsRead;
        progress.bytesRead = p.bytesRead;
        progress.bytesTotal = p.bytesTotal;
      },
    });
    let info: FileInfo | undefined;
    let rowsRead = 0;
    let rowsSkipped = 0;
    let rejected = 0;
    const firstRejections: ImportRejection[] = [];
    // One COPY in flight while the next batch is parsed: the worker thread loads while this thread reads.
    let pending: Promise<void> = Promise.resolve();
    const copy = async (copies: { sql: string; data: string }[]): Promise<void> => {
      for (const c of copies) await db.copyFrom(c.sql, c.data);
    };
    for await (const batch of reader.batches) {
      info ??= await reader.info;
      fileName = info.fileName;
      progress.fileName = fileName;
      for (const r of batch.records) {
        checkRecord(r);
        staging.add(r);
      }
      rowsRead = batch.rowsRead;
      rowsSkipped = batch.rowsSkipped;
      rejected += batch.rejections.length;
      for (const r of batch.rejections) {
        if (firstRejections.length < SUMMARY_REJECTIONS) firstRejections.push(toRejection(r));
      }
      const rejectionCopy = staging.rejectionCopy(batch.rejections);
      if (staging.pendingChars >= COPY_CHARS || rejectionCopy !== null) {
        const copies = staging.takeCopies();
        if (rejectionCopy !== null) copies.push(rejectionCopy);
        await pending;
        pending = copy(copies);
        // Keeps an unhandled rejection from surfacing before the next await picks it up.
        pending.catch(() => undefined);
      }
      checkCancelled();
    }
    await pending;
    await copy(staging.takeCopies());
    const readDone = Date.now();
    info ??= await reader.info;
    checkCancelled();

    const mapping = opts.savedMapping ?? null;
    const base = {
      fileName: info.fileName,
      format: info.format,
      formatLabel: info.formatLabel,
      rowsRead,
      rowsSkipped,
      rejected,
      rejections: firstRejections,
      mapping,
    };
    const options: Record<string, unknown> = {
      format: info.format,
      timeZone: settings.timeZone,
      acceptPartial: opts.acceptPartial === true,
      encoding: info.encoding,
      delimiter: info.delimiter,
      header: info.header,
      ...(info.entries !== undefined ? { entries: info.entries } : {}),
      ...(opts.mapping !== undefined ? { mapping: opts.mapping } : {}),
      ...(mapping !== null ? { savedMapping: mapping } : {}),
    };
    const source = sourceOfFormat(info.format, opts.mapping);

    if (rejected > 0 && opts.acceptPartial !== true) {
      const batchId = opts.dryRun === true ? null : randomUUID();
      if (batchId !== null) {
        await recordRejectedAttempt(db, staging, {
          batchId,
          source,
          info,
          options,
          startedAt,
          rowsRead,
          rowsSkipped,
          rejected,
        });
      }
      const good = rowsRead - rowsSkipped - rejected;
      return {
        ...base,
        batchId,
        status: 'rejected',
        inserted: 0,
        updated: 0,
        unchanged: 0,
        records: {},
        tables: {},
        durationMs: Date.now() - started,
        phaseMs: { reading: readDone - started, merging: 0, finishing: 0 },
        message:
          `Nothing was imported: ${plural(rejected, 'row')} of ${plural(rowsRead, 'row')} in ${info.fileName} ${rejected === 1 ? 'was' : 'were'} rejected` +
          (firstRejections[0] ? ` (first: ${describeRejection(firstRejections[0])})` : '') +
          `. Fix ${rejected === 1 ? 'that row' : 'those rows'}, or accept a partial import to bring in the ${plural(good, 'good row')} only.`,
      };
    }

    for (const name of STAGE_NAMES) {
      if (staging.has(name)) await db.exec(`ANALYZE ${staging.table(name)}`);
    }
    checkCancelled();
    progress.phase = 'merging';
    report();
    const batchId = randomUUID();
    const statements = mergeStatements({
      batchId,
      staging,
      source,
      fileName: info.fileName,
      sha256: info.sha256,
      format: info.format,
      options,
      startedAt,
      rowsRead,
      rowsSkipped,
      rowsRejected: rejected,
      currency: settings.currency,
    });

    const mergeStart = Date.now();
    if (opts.dryRun === true) {
      const counts = await dryRun(db, statements);
      const { records, tables } = countsOf(counts);
      const inserted = sum(records, 'inserted');
      const updated = sum(records, 'updated');
      const unchanged = sum(records, 'unchanged');
      return {
        ...base,
        batchId: null,
        status: 'dry-run',
        inserted,
        updated,
        unchanged,
        records,
        tables,
        durationMs: Date.now() - started,
        phaseMs: { reading: readDone - started, merging: Date.now() - mergeStart, finishing: 0 },
        message: `Dry run of ${info.fileName} (${info.formatLabel}): would insert ${plural(inserted, 'record')}, update ${updated.toLocaleString('en-US')} and leave ${unchanged.toLocaleString('en-US')} unchanged${rejected > 0 ? `; ${plural(rejected, 'row')} would be left out as rejected` : ''}. Nothing was written.`,
      };
    }

    let results;
    try {
      results = await db.transaction([...statements, { sql: COUNTS_SQL }]);
    } catch (err) {
      await recordFailure(db, { batchId, source, info, options, startedAt, rowsRead, error: err });
      throw mergeError(err, info.fileName);
    }
    const last = results[results.length - 1]?.rows[0];
    const { records, tables } = countsOf(
      last === undefined
        ? undefined
        : ({ kinds: last['kinds'] ?? null, tables: last['tables'] ?? null } as SqlValue),
    );

    if (signal.aborted) {
      // The cancel came while the merge was committing: undo it the way a rollback would.
      await rollbackBatch(db, batchId, { reason: 'cancelled' });
      await finish(db, Object.keys(tables), opts.pgdata);
      fail('cancelled', 'The import was cancelled; what it had written was rolled back.');
    }

    progress.phase = 'finishing';
    report();
    const finishStart = Date.now();
    await finish(db, Object.keys(tables), opts.pgdata);
    const inserted = sum(records, 'inserted');
    const updated = sum(records, 'updated');
    const unchanged = sum(records, 'unchanged');
    return {
      ...base,
      batchId,
      status: 'completed',
      inserted,
      updated,
      unchanged,
      records,
      tables,
      durationMs: Date.now() - started,
      phaseMs: {
        reading: readDone - started,
        merging: finishStart - mergeStart,
        finishing: Date.now() - finishStart,
      },
      message:
        `Imported ${info.fileName} (${info.formatLabel}): ${plural(rowsRead, 'row')} read; ${inserted.toLocaleString('en-US')} inserted, ${updated.toLocaleString('en-US')} updated, ${unchanged.toLocaleString('en-US')} unchanged` +
        (rejected > 0 ? `; ${plural(rejected, 'rejected row')} left out` : '') +
        (rowsSkipped > 0 ? `; ${plural(rowsSkipped, 'total or note row')} skipped` : '') +
        '.',
    };
  } finally {
    clearInterval(timer);
    await db.exec(staging.dropScript()).catch(() => undefined);
  }
}

async function dryRun(db: WorkspaceDb, statements: { sql: string }[]): Promise<SqlValue> {
  try {
    await db.transaction([...statements, { sql: DRY_RUN_SQL }]);
  } catch (err) {
    if (err instanceof DatabaseError && err.message.includes(DRY_RUN_MARK) && err.detail !== undefined) {
      return JSON.parse(err.detail) as SqlValue;
    }
    throw mergeError(err, '');
  }
  throw new Error('A dry run committed; it must always roll back.');
}

/** Statistics, dashboards and a flush to disk after data changed. */
export async function finish(db: WorkspaceDb, tables: string[], pgdata: string | undefined): Promise<void> {
  if (tables.length > 0) {
    const views = await db.query(
      `SELECT format('%I', matviewname) AS name FROM pg_matviews WHERE schemaname = 'public'`,
    );
    for (const v of views.rows) await db.exec(`REFRESH MATERIALIZED VIEW ${String(v['name'])}`);
    // PGlite runs no autovacuum: without this, plans over the new rows go stale and dead rows pile up.
    const names = tables.filter((t) => /^[a-z_][a-z0-9_]*$/.test(t));
    if (names.length > 0) await db.exec(`VACUUM (ANALYZE) ${names.join(', ')}`);
  }
  // PGlite's file layer never calls fsync: flush before telling anyone the data is safe.
  if (pgdata !== undefined) fsyncTree(pgdata);
}

/** What the database's data errors mean for a file, in a marketer's words. */
const PLAIN_DATA_ERRORS: Record<string, string> = {
  '22003': 'a number in the file is too large to store',
  '22001': 'a value in the file is too long',
  '22007': 'a date in the file cannot be stored',
  '22008': 'a date in the file is out of range',
  '23505': 'two rows of the file describe the same thing differently',
  '23514': 'a value in the file is outside what Loupe accepts',
};

function mergeError(err: unknown, fileName: string): ServiceError {
  if (err instanceof ServiceError) return err;
  if (err instanceof DatabaseError) {
    const cls = err.sqlState?.slice(0, 2);
    // Data exceptions (22) and constraint violations (23) come from values in the file.
    if (cls === '22' || cls === '23') {
      const plain = PLAIN_DATA_ERRORS[err.sqlState ?? ''];
      return new ServiceError(
        'invalid-argument',
        `${fileName === '' ? 'The file' : fileName} could not be imported: ${plain === undefined ? '' : `${plain} (`}${err.message}${err.detail ? `; ${err.detail}` : ''}${plain === undefined ? '' : ')'}. Nothing was changed.`,
        { sqlState: err.sqlState },
      );
    }
    return new ServiceError(
      'internal',
      `The import failed in the database: ${err.message}. Nothing was changed.`,
      { sqlState: err.sqlState },
    );
  }
  return new ServiceError(
    'internal',
    `The import failed: ${(err as Error)?.message ?? String(err)}. Nothing was changed.`,
  );
}

interface Attempt {
  batchId: string;
  source: string;
  info: FileInfo;
  options: Record<string, unknown>;
  startedAt: string;
  rowsRead: number;
}

/** A file refused for its rejected rows: the history keeps the attempt and every rejection, and no data. */
async function recordRejectedAttempt(
  db: WorkspaceDb,
  staging: Staging,
  a: Attempt & { rowsSkipped: number; rejected: number },
): Promise<void> {
  const B = uuidLit(a.batchId);
  await db.transaction([
    {
      sql: `INSERT INTO loupe.import_batches (id, source, file_name, file_sha256, options, status, started_at, finished_at,
              format, rows_read, rows_skipped, rows_rejected, error)
            VALUES (${B}, ${lit(a.source)}, ${lit(a.info.fileName)}, ${lit(a.info.sha256)}, ${lit(JSON.stringify(a.options))}::jsonb,
              'failed', ${lit(a.startedAt)}::timestamptz, clock_timestamp(), ${lit(a.info.format)}, ${a.rowsRead},
              ${a.rowsSkipped}, ${a.rejected}, ${lit(`${a.rejected} rows rejected; partial import not accepted`)})`,
    },
    {
      sql: `INSERT INTO loupe.import_rejections (batch_id, entry, row_number, raw, reason, field)
            SELECT ${B}, entry, row_number, raw, reason, field FROM ${staging.table('rejections')} ON CONFLICT DO NOTHING`,
    },
  ]);
}

/** A merge that failed leaves nothing but a line in the history saying why. */
async function recordFailure(db: WorkspaceDb, a: Attempt & { error: unknown }): Promise<void> {
  const message = a.error instanceof Error ? a.error.message : String(a.error);
  await db
    .query(
      `INSERT INTO loupe.import_batches (id, source, file_name, file_sha256, options, status, started_at, finished_at,
         format, rows_read, error)
       VALUES ($1, $2, $3, $4, $5::jsonb, 'failed', $6::timestamptz, clock_timestamp(), $7, $8, $9)`,
      [
        a.batchId,
        a.source,
        a.info.fileName,
        a.info.sha256,
        JSON.stringify(a.options),
        a.startedAt,
        a.info.format,
        a.rowsRead,
        message,
      ],
    )
    .catch(() => undefined);
}
