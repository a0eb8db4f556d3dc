import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ServiceError, fail } from '../errors';
import type { WorkspaceDb } from './workspace-db';

export interface Migration {
  number: number;
  name: string;
  file: string;
  sql: string;
  checksum: string;
}

export interface AppliedMigration {
  number: number;
  name: string;
  checksum: string;
  appliedAt: string;
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** The migrations folder shipped with the app when running from source. */
export function defaultMigrationsDir(): string {
  return fileURLToPath(new URL('../../migrations', import.meta.url));
}

/** Line endings are normalised so a checkout with CRLF does not look like an edit. */
export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

/**
 * Reads `NNNN_name.sql` files in order. Numbers must start at 1 and have no gaps
 * or repeats: migrations are append-only, so a hole means a file went missing.
 */
export function loadMigrations(dir: string): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.sql')) continue;
    const m = FILE_PATTERN.exec(file);
    if (!m) throw new Error(`Migration file name "${file}" does not match NNNN_name.sql.`);
    const sql = readFileSync(join(dir, file), 'utf8');
    migrations.push({ number: Number(m[1]), name: m[2] ?? '', file, sql, checksum: checksumOf(sql) });
  }
  migrations.forEach((mig, i) => {
    if (mig.number !== i + 1)
      throw new Error(`Migrations must be numbered 1, 2, 3… without gaps; found ${mig.file}.`);
  });
  return migrations;
}

/** A fingerprint of the whole migration set: equal fingerprints mean identical schemas. */
export function fingerprintOf(migrations: Migration[]): string {
  return createHash('sha256')
    .update(migrations.map((m) => `${m.number}:${m.checksum}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
}

const BOOKKEEPING = `
CREATE SCHEMA IF NOT EXISTS loupe;
CREATE TABLE IF NOT EXISTS loupe.schema_migrations (
  number integer PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);`;

export async function appliedMigrations(db: WorkspaceDb): Promise<AppliedMigration[]> {
  await db.exec(BOOKKEEPING);
  const res = await db.query(
    `SELECT number, name, checksum, to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS applied_at
       FROM loupe.schema_migrations ORDER BY number`,
  );
  return res.rows.map((r) => ({
    number: Number(r['number']),
    name: String(r['name']),
    checksum: String(r['checksum']),
    appliedAt: String(r['applied_at']),
  }));
}

/** What opening would do, or why it must refuse. Throws the refusal as a ServiceError. */
export function planMigrations(known: Migration[], applied: AppliedMigration[]): Migration[] {
  const byNumber = new Map(known.map((m) => [m.number, m]));
  const newest = known.length;
  for (const a of applied) {
    const k = byNumber.get(a.number);
    if (!k) {
      if (a.number > newest) {
        fail(
          'workspace-too-new',
          `This workspace was last opened by a newer version of Loupe (schema ${Math.max(...applied.map((x) => x.number))}, this app knows ${newest}). Update Loupe to open it.`,
          { workspaceSchema: Math.max(...applied.map((x) => x.number)), appSchema: newest },
        );
      }
      fail(
        'migration-checksum-mismatch',
        `Migration ${a.number} (${a.name}) recorded in this workspace is missing from the app.`,
        {
          number: a.number,
        },
      );
    }
    if (k.checksum !== a.checksum) {
      fail(
        'migration-checksum-mismatch',
        `Migration ${k.file} differs from the version applied to this workspace on ${a.appliedAt}. Applied migrations must never change; restore the original file or use a matching Loupe version.`,
        { number: a.number, expected: a.checksum, actual: k.checksum },
      );
    }
  }
  const done = new Set(applied.map((a) => a.number));
  return known.filter((m) => !done.has(m.number));
}

export interface MigrateOptions {
  /** Called once before the first pending migration when the workspace already holds applied ones. */
  beforeApplying?: (pending: Migration[]) => Promise<void>;
}

/** Applies pending migrations, each in its own transaction; returns the numbers applied. */
export async function migrate(
  db: WorkspaceDb,
  known: Migration[],
  options: MigrateOptions = {},
): Promise<number[]> {
  const applied = await appliedMigrations(db);
  const pending = planMigrations(known, applied);
  if (pending.length === 0) return [];
  if (applied.length > 0 && options.beforeApplying) await options.beforeApplying(pending);
  const done: number[] = [];
  for (const m of pending) {
    try {
      await db.transaction([
        { sql: m.sql, script: true },
        {
          sql: 'INSERT INTO loupe.schema_migrations (number, name, checksum) VALUES ($1, $2, $3)',
          params: [m.number, m.name, m.checksum],
        },
      ]);
    } catch (err) {
      if (err instanceof ServiceError) throw err;
      fail('migration-failed', `Migration ${m.file} failed and was rolled back: ${(err as Error).message}`, {
        number: m.number,
        applied: done,
      });
    }
    done.push(m.number);
  }
  return done;
}
