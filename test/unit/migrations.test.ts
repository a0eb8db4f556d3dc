import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checksumOf,
  defaultMigrationsDir,
  fingerprintOf,
  loadMigrations,
  planMigrations,
  type AppliedMigration,
} from '../../core/db/migrations';
import { ServiceError } from '../../core/errors';

const dirs: string[] = [];
function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-mig-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function applied(number: number, checksum: string): AppliedMigration {
  return { number, name: `m${number}`, checksum, appliedAt: '2026-01-01T00:00:00.000Z' };
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ServiceError) return err.code;
    throw err;
  }
  return 'no error';
}

describe('loadMigrations', () => {
  it('reads numbered files in order with their checksums', () => {
    const dir = dirWith({ '0002_two.sql': 'SELECT 2;', '0001_one.sql': 'SELECT 1;', 'README.md': 'ignored' });
    const ms = loadMigrations(dir);
    expect(ms.map((m) => [m.number, m.name])).toEqual([
      [1, 'one'],
      [2, 'two'],
    ]);
    // sha256("SELECT 1;") computed independently with `printf 'SELECT 1;' | sha256sum`.
    expect(ms[0]?.checksum).toBe('17db4fd369edb9244b9f91d9aeed145c3d04ad8ba6e95d06247f07a63527d11a');
  });

  it('refuses a gap in the numbering', () => {
    const dir = dirWith({ '0001_one.sql': 'SELECT 1;', '0003_three.sql': 'SELECT 3;' });
    expect(() => loadMigrations(dir)).toThrow(/without gaps/);
  });

  it('refuses a badly named file', () => {
    const dir = dirWith({ '1_one.sql': 'SELECT 1;' });
    expect(() => loadMigrations(dir)).toThrow(/NNNN_name\.sql/);
  });

  it('the shipped migrations load and start with the extensions', () => {
    const ms = loadMigrations(defaultMigrationsDir());
    expect(ms[0]?.name).toBe('extensions');
    expect(ms[0]?.sql).toContain('uuid-ossp');
  });
});

describe('checksumOf', () => {
  it('matches sha256 of the text and ignores CRLF line endings', () => {
    // Reference: printf 'a\nb\n' | sha256sum
    expect(checksumOf('a\nb\n')).toBe('911169ddaaf146aff539f58c26c489af3b892dff0fe283c1c264c65ae5aa59a2');
    expect(checksumOf('a\r\nb\r\n')).toBe(checksumOf('a\nb\n'));
  });
});

describe('planMigrations', () => {
  const dir = (): string => dirWith({ '0001_one.sql': 'SELECT 1;', '0002_two.sql': 'SELECT 2;' });

  it('plans every migration for a fresh workspace and none for a current one', () => {
    const ms = loadMigrations(dir());
    expect(planMigrations(ms, []).map((m) => m.number)).toEqual([1, 2]);
    expect(
      planMigrations(
        ms,
        ms.map((m) => applied(m.number, m.checksum)),
      ),
    ).toEqual([]);
  });

  it('plans only the new ones for an older workspace', () => {
    const ms = loadMigrations(dir());
    expect(planMigrations(ms, [applied(1, ms[0]?.checksum ?? '')]).map((m) => m.number)).toEqual([2]);
  });

  it('refuses a workspace whose applied migration was edited', () => {
    const ms = loadMigrations(dir());
    expect(codeOf(() => planMigrations(ms, [applied(1, 'edited')]))).toBe('migration-checksum-mismatch');
  });

  it('refuses a workspace newer than the app', () => {
    const ms = loadMigrations(dir());
    const all = ms.map((m) => applied(m.number, m.checksum));
    expect(codeOf(() => planMigrations(ms, [...all, applied(3, 'x')]))).toBe('workspace-too-new');
  });

  it('fingerprints differ when any migration differs', () => {
    const a = loadMigrations(dir());
    const b = loadMigrations(dirWith({ '0001_one.sql': 'SELECT 1;', '0002_two.sql': 'SELECT 22;' }));
    expect(fingerprintOf(a)).not.toBe(fingerprintOf(b));
    expect(fingerprintOf(a)).toBe(fingerprintOf(loadMigrations(dir())));
  });
});
