import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Events } from '../../core/api/contract';
import { tempService, type TempService } from '../support/temp-service';

let t: TempService | null = null;
afterEach(async () => {
  await t?.dispose();
  t = null;
});

describe('workspaces through the service', () => {
  it('creates, lists, renames, archives, trashes and restores a workspace', async () => {
    t = tempService();
    const events: Events['workspaces/changed'][] = [];
    t.service.subscribe((name, payload) => {
      if (name === 'workspaces/changed') events.push(payload as Events['workspaces/changed']);
    });

    const acme = await t.ok('workspaces/create', { name: '  Acme  ', client: 'Acme Ltd' });
    expect(acme).toMatchObject({ name: 'Acme', client: 'Acme Ltd', archived: false, openedAt: null });
    expect(existsSync(acme.folder)).toBe(true);
    const beta = await t.ok('workspaces/create', { name: 'Beta', color: '#336699' });
    expect(beta.color).toBe('#336699');
    expect((await t.ok('workspaces/list', {})).map((w) => w.name).sort()).toEqual(['Acme', 'Beta']);

    const dup = await t.service.invoke('workspaces/create', { name: 'ACME' });
    expect(dup).toMatchObject({ ok: false, error: { code: 'already-exists' } });
    const badColor = await t.service.invoke('workspaces/create', { name: 'Gamma', color: 'chartreuse' });
    expect(badColor).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    const noName = await t.service.invoke('workspaces/create', { name: '   ' });
    expect(noName).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });

    const renamed = await t.ok('workspaces/rename', { workspace: 'acme', name: 'Acme Corp' });
    expect(renamed).toMatchObject({ id: acme.id, name: 'Acme Corp' });
    expect(
      await t.service.invoke('workspaces/rename', { workspace: 'Beta', name: 'acme corp' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'already-exists' },
    });

    await t.ok('workspaces/set-archived', { workspace: 'Beta', archived: true });
    expect((await t.ok('workspaces/list', {})).map((w) => w.name)).toEqual(['Acme Corp']);
    expect((await t.ok('workspaces/list', { includeArchived: true })).map((w) => w.name)).toEqual([
      'Acme Corp',
      'Beta',
    ]);

    const unconfirmed = await t.service.invoke('workspaces/delete', {
      workspace: 'Acme Corp',
      confirm: false,
    });
    expect(unconfirmed).toMatchObject({ ok: false, error: { code: 'confirmation-required' } });
    expect(existsSync(acme.folder)).toBe(true);

    const trashed = await t.ok('workspaces/delete', { workspace: 'Acme Corp', confirm: true });
    expect(existsSync(acme.folder)).toBe(false);
    expect(existsSync(trashed.trashFolder)).toBe(true);
    expect((await t.ok('workspaces/list-trash', {})).map((w) => w.id)).toEqual([acme.id]);
    expect(await t.service.invoke('workspaces/get', { workspace: 'Acme Corp' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });

    const restored = await t.ok('workspaces/restore', { workspace: 'Acme Corp' });
    expect(restored.id).toBe(acme.id);
    expect(existsSync(restored.folder)).toBe(true);
    expect(await t.ok('workspaces/list-trash', {})).toEqual([]);
    const rows = await t.ok('sql/query', {
      workspace: 'Acme Corp',
      sql: 'SELECT count(*)::int AS n FROM loupe.schema_migrations',
    });
    expect(rows.rows[0]?.['n']).toBeGreaterThan(0);

    expect(events.map((e) => e.reason)).toEqual([
      'created',
      'created',
      'updated',
      'updated',
      'deleted',
      'restored',
      'opened',
    ]);
  });

  it('opens a workspace, records when, and reopening applies nothing', async () => {
    t = tempService();
    await t.ok('workspaces/create', { name: 'Acme' });
    const first = await t.ok('workspaces/open', { workspace: 'Acme' });
    expect(first.migrationsApplied).toEqual([]);
    expect(first.workspace.openedAt).not.toBeNull();
    expect((await t.ok('workspaces/close', { workspace: 'Acme' })).closed).toBe(true);
    expect((await t.ok('workspaces/close', { workspace: 'Acme' })).closed).toBe(false);
    const again = await t.ok('workspaces/open', { workspace: 'Acme' });
    expect(again.migrationsApplied).toEqual([]);
  });

  it('sql/query reads, binds parameters, and refuses writes and multiple statements', async () => {
    t = tempService();
    await t.ok('workspaces/create', { name: 'Acme' });
    const r = await t.ok('sql/query', {
      workspace: 'Acme',
      sql: 'SELECT $1::int + 1 AS n, $2::text AS s',
      params: [41, "O'Brien"],
    });
    expect(r.rows).toEqual([{ n: 42, s: "O'Brien" }]);
    expect(r.columns.map((c) => c.name)).toEqual(['n', 's']);
    expect(
      await t.service.invoke('sql/query', { workspace: 'Acme', sql: 'CREATE TABLE x (a int)' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'read-only-violation' },
    });
    expect(
      await t.service.invoke('sql/query', { workspace: 'Acme', sql: 'SELECT 1; DROP SCHEMA loupe CASCADE' }),
    ).toMatchObject({ ok: false, error: { code: 'query-failed' } });
    expect(
      await t.service.invoke('sql/query', { workspace: 'Acme', sql: 'SELECT nope FROM nowhere' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'query-failed', details: { sqlState: '42P01' } },
    });
    const still = await t.ok('sql/query', {
      workspace: 'Acme',
      sql: "SELECT to_regnamespace('loupe') IS NOT NULL AS present",
    });
    expect(still.rows[0]?.['present']).toBe(true);
  });

  it('reports an unusable data folder through the health check instead of crashing', async () => {
    // A data folder path that runs through a regular file can never be created.
    const file = join(mkdtempSync(join(tmpdir(), 'loupe-blocked-')), 'not-a-folder');
    writeFileSync(file, 'x');
    t = tempService(join(file, 'Loupe'));
    const health = await t.ok('app/check-health', {});
    expect(health.ok).toBe(false);
    expect(health.problems[0]).toMatchObject({ code: 'data-folder-unavailable' });
    expect(health.problems[0]?.actions).toContain('retry');
    expect(await t.service.invoke('workspaces/list', {})).toMatchObject({
      ok: false,
      error: { code: 'data-folder-unavailable' },
    });
  });
});

describe('workspace database access', () => {
  it('loads rows with COPY, alone and inside an all-or-nothing transaction', async () => {
    t = tempService();
    await t.ok('workspaces/create', { name: 'Acme' });
    const db = await t.db('Acme');
    await db.exec('CREATE TABLE scratch_copy (id int PRIMARY KEY, label text, amount numeric)');
    expect(
      await db.copyFrom(
        "COPY scratch_copy FROM '/dev/blob' WITH (FORMAT csv)",
        '1,"a, with comma",1.50\n2,,2\n',
      ),
    ).toBe(2);
    await expect(
      db.transaction([
        { sql: "COPY scratch_copy FROM '/dev/blob' WITH (FORMAT csv)", copyData: '3,c,3\n' },
        { sql: "COPY scratch_copy FROM '/dev/blob' WITH (FORMAT csv)", copyData: '1,duplicate,9\n' },
      ]),
    ).rejects.toThrow(/duplicate key/);
    const rows = await db.query('SELECT id, label, amount FROM scratch_copy ORDER BY id');
    expect(rows.rows).toEqual([
      { id: 1, label: 'a, with comma', amount: '1.50' },
      { id: 2, label: null, amount: '2' },
    ]);
  });
});
