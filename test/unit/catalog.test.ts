import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../core/db/catalog';

const dirs: string[] = [];
function file(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-catalog-'));
  dirs.push(dir);
  return join(dir, 'catalog.sqlite');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('Catalog', () => {
  it('keeps workspaces across reopening', () => {
    const f = file();
    const c = new Catalog(f);
    const ws = c.insert({ name: 'Acme', client: 'Acme Ltd', color: 'teal', folder: '/w/acme' });
    c.close();
    const again = new Catalog(f);
    expect(again.find('acme')).toEqual(ws);
    expect(again.find(ws.id)?.name).toBe('Acme');
    again.close();
  });

  it('treats names case-insensitively and enforces uniqueness among live workspaces', () => {
    const c = new Catalog(file());
    const a = c.insert({ name: 'Acme', client: null, color: 'blue', folder: '/w/a' });
    expect(c.nameTaken('ACME')).toBe(true);
    expect(c.nameTaken('acme', a.id)).toBe(false);
    expect(() => c.insert({ name: 'acme', client: null, color: 'blue', folder: '/w/b' })).toThrow(/UNIQUE/);
    c.markDeleted(a.id, '/trash/a');
    expect(c.nameTaken('Acme')).toBe(false);
    expect(c.insert({ name: 'acme', client: null, color: 'blue', folder: '/w/c' }).name).toBe('acme');
    c.close();
  });

  it('hides archived workspaces unless asked and lists deleted ones only in the trash', () => {
    const c = new Catalog(file());
    const a = c.insert({ name: 'A', client: null, color: 'blue', folder: '/w/a' });
    const b = c.insert({ name: 'B', client: null, color: 'blue', folder: '/w/b' });
    const d = c.insert({ name: 'D', client: null, color: 'blue', folder: '/w/d' });
    c.setArchived(b.id, true);
    c.markDeleted(d.id, '/trash/d');
    expect(c.list(false).map((w) => w.name)).toEqual(['A']);
    expect(c.list(true).map((w) => w.name)).toEqual(['A', 'B']);
    expect(c.listTrash().map((w) => [w.name, w.trashFolder])).toEqual([['D', '/trash/d']]);
    expect(c.find('D')).toBeNull();
    expect(c.findTrashed('d')?.id).toBe(d.id);
    expect(c.get(a.id).archived).toBe(false);
    c.close();
  });

  it('refuses a catalog written by a newer Loupe', () => {
    const f = file();
    new Catalog(f).close();
    const raw = new Database(f);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => new Catalog(f)).toThrow(/newer Loupe/);
  });

  it('stores settings', () => {
    const c = new Catalog(file());
    expect(c.getSetting('timezone')).toBeNull();
    c.setSetting('timezone', 'Europe/London');
    c.setSetting('timezone', 'America/New_York');
    expect(c.getSetting('timezone')).toBe('America/New_York');
    c.close();
  });
});
