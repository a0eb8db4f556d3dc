import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../core/service/logger';
import { createService, type Service } from '../../core/service/service';

const base = mkdtempSync(join(tmpdir(), 'loupe-migrations-'));
const migrationsDir = join(base, 'migrations');
const dataDir = join(base, 'data');
const templateCacheDir = join(base, 'templates');
afterAll(() => rmSync(base, { recursive: true, force: true }));

function write(name: string, sql: string): void {
  writeFileSync(join(migrationsDir, name), sql);
}

async function withService<T>(fn: (s: Service) => Promise<T>): Promise<T> {
  const s = createService({ host: 'test', dataDir, migrationsDir, templateCacheDir, logger: memoryLogger() });
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

describe('migration runner on a real workspace', () => {
  it('applies new migrations after a snapshot, refuses edits and newer workspaces, and rolls back a failing one', async () => {
    mkdirSync(migrationsDir, { recursive: true });
    write('0001_first.sql', 'CREATE TABLE first_table (id int PRIMARY KEY);');
    write('0002_second.sql', 'INSERT INTO first_table VALUES (1), (2);');

    // A new workspace starts from the migrated template: nothing is pending when it opens.
    await withService(async (s) => {
      expect(await s.invoke('workspaces/create', { name: 'Acme' })).toMatchObject({ ok: true });
      const opened = await s.invoke('workspaces/open', { workspace: 'Acme' });
      expect(opened).toMatchObject({ ok: true, value: { migrationsApplied: [], backupFile: null } });
      const applied = await s.invoke('sql/query', {
        workspace: 'Acme',
        sql: 'SELECT number, name, length(checksum) AS len FROM loupe.schema_migrations ORDER BY number',
      });
      expect(applied).toMatchObject({
        ok: true,
        value: {
          rows: [
            { number: 1, name: 'first', len: 64 },
            { number: 2, name: 'second', len: 64 },
          ],
        },
      });
    });

    // A newer app brings migration 3: it is applied once, after a snapshot of the data.
    write('0003_third.sql', 'ALTER TABLE first_table ADD COLUMN label text;');
    const backup = await withService(async (s) => {
      const opened = await s.invoke('workspaces/open', { workspace: 'Acme' });
      if (!opened.ok) throw new Error(opened.error.message);
      expect(opened.value.migrationsApplied).toEqual([3]);
      expect(opened.value.backupFile).not.toBeNull();
      return opened.value.backupFile ?? '';
    });
    expect(existsSync(backup)).toBe(true);
    expect(statSync(backup).size).toBeGreaterThan(1_000_000);
    // A tar archive carries "ustar" at offset 257 of its first header.
    expect(readFileSync(backup).subarray(257, 262).toString()).toBe('ustar');
    await withService(async (s) => {
      expect(await s.invoke('workspaces/open', { workspace: 'Acme' })).toMatchObject({
        ok: true,
        value: { migrationsApplied: [] },
      });
      expect(
        await s.invoke('sql/query', {
          workspace: 'Acme',
          sql: 'SELECT count(label) AS labelled, count(*)::int AS n FROM first_table',
        }),
      ).toMatchObject({
        ok: true,
        value: { rows: [{ n: 2 }] },
      });
    });

    // Editing an applied migration is refused before anything runs.
    const original = readFileSync(join(migrationsDir, '0002_second.sql'), 'utf8');
    write('0002_second.sql', 'INSERT INTO first_table VALUES (1), (2), (3);');
    await withService(async (s) => {
      expect(await s.invoke('workspaces/open', { workspace: 'Acme' })).toMatchObject({
        ok: false,
        error: { code: 'migration-checksum-mismatch', details: { number: 2 } },
      });
    });
    write('0002_second.sql', original);

    // An older app (without migration 3) refuses the newer workspace.
    const third = readFileSync(join(migrationsDir, '0003_third.sql'), 'utf8');
    unlinkSync(join(migrationsDir, '0003_third.sql'));
    await withService(async (s) => {
      expect(await s.invoke('workspaces/open', { workspace: 'Acme' })).toMatchObject({
        ok: false,
        error: { code: 'workspace-too-new', details: { workspaceSchema: 3, appSchema: 2 } },
      });
    });
    write('0003_third.sql', third);

    // A failing migration is rolled back whole; the workspace stays at the last good one and unlocked.
    write('0004_broken.sql', 'CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;');
    await withService(async (s) => {
      const out = await s.invoke('workspaces/open', { workspace: 'Acme' });
      expect(out).toMatchObject({ ok: false, error: { code: 'migration-failed', details: { number: 4 } } });
    });
    unlinkSync(join(migrationsDir, '0004_broken.sql'));
    await withService(async (s) => {
      const check = await s.invoke('sql/query', {
        workspace: 'Acme',
        sql: "SELECT to_regclass('half_done') IS NULL AS rolled_back, (SELECT max(number) FROM loupe.schema_migrations) AS last",
      });
      expect(check).toMatchObject({ ok: true, value: { rows: [{ rolled_back: true, last: 3 }] } });
    });
  });
});
