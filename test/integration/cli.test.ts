import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exited, runLoupe, startLoupe } from '../support/cli';

const home = mkdtempSync(join(tmpdir(), 'loupe-cli-'));
const env = { LOUPE_HOME: home };
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('the loupe command', () => {
  it('creates and lists workspaces as JSON', async () => {
    const created = await runLoupe(['workspace', 'create', 'Acme', '--client', 'Acme Ltd', '--json'], env);
    expect(created.code).toBe(0);
    const ws = JSON.parse(created.stdout) as { id: string; name: string; client: string; folder: string };
    expect(ws).toMatchObject({ name: 'Acme', client: 'Acme Ltd' });
    expect(ws.folder.startsWith(join(home, 'workspaces'))).toBe(true);

    const listed = await runLoupe(['workspace', 'list', '--json'], env);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((w) => w.id)).toEqual([ws.id]);

    expect((await runLoupe(['workspace', 'archive', 'Acme'], env)).code).toBe(0);
    expect(JSON.parse((await runLoupe(['workspace', 'list', '--json'], env)).stdout)).toEqual([]);
    const all = JSON.parse((await runLoupe(['workspace', 'list', '--all', '--json'], env)).stdout) as {
      archived: boolean;
    }[];
    expect(all.map((w) => w.archived)).toEqual([true]);
    expect((await runLoupe(['workspace', 'unarchive', 'Acme'], env)).code).toBe(0);

    const human = await runLoupe(['workspace', 'list'], env);
    expect(human.stdout).toMatch(/^name\s+client/m);
    expect(human.stdout).toContain('Acme Ltd');
  });

  it('runs read-only SQL and prints JSON, CSV or a table', async () => {
    const json = await runLoupe(['sql', '--workspace', 'acme', "SELECT 1 AS n, 'a,b' AS s", '--json'], env);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([{ n: 1, s: 'a,b' }]);
    const csv = await runLoupe(['sql', '-w', 'Acme', "SELECT 1 AS n, 'a,b' AS s", '--csv'], env);
    expect(csv.stdout.trim()).toBe('n,s\n1,"a,b"');
    const param = await runLoupe(
      ['sql', '-w', 'Acme', 'SELECT $1::int * 2 AS d', '--param', '21', '--json'],
      env,
    );
    expect(JSON.parse(param.stdout)).toEqual([{ d: 42 }]);
  });

  it('fails with the error code on stderr and a non-zero exit code', async () => {
    const write = await runLoupe(['sql', '--workspace', 'Acme', 'DROP SCHEMA loupe CASCADE'], env);
    expect(write.code).not.toBe(0);
    expect(write.stdout).toBe('');
    expect(write.stderr).toContain('error [read-only-violation]');

    const missing = await runLoupe(['workspace', 'show', 'Nope', '--json'], env);
    expect(missing.code).toBe(3);
    expect(JSON.parse(missing.stderr)).toMatchObject({ error: { code: 'not-found' } });

    const unconfirmed = await runLoupe(['workspace', 'delete', 'Acme'], env);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('--yes');

    const unknown = await runLoupe(['frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('loupe --help');
  });

  it('refuses a second process while a workspace is open, and recovers after the holder is killed', async () => {
    const holder = await startLoupe(
      ['workspace', 'open', 'Acme', '--hold'],
      env,
      /Holding the workspace open/,
    );
    const refused = await runLoupe(['sql', '--workspace', 'Acme', 'SELECT 1', '--json'], env);
    expect(refused.code).toBe(4);
    const err = JSON.parse(refused.stderr) as {
      error: { code: string; message: string; details: { pid: number } };
    };
    expect(err.error.code).toBe('workspace-locked');
    expect(err.error.details.pid).toBe(holder.child.pid);
    expect(err.error.message).toContain('Acme');

    holder.child.kill('SIGKILL');
    await exited(holder.child);
    const after = await runLoupe(
      ['sql', '--workspace', 'Acme', 'SELECT count(*)::int AS n FROM loupe.schema_migrations', '--json'],
      env,
    );
    expect(after.code).toBe(0);
    expect((JSON.parse(after.stdout) as { n: number }[])[0]?.n).toBeGreaterThan(0);
  });

  it('a workspace held open is released cleanly on Ctrl+C', async () => {
    const holder = await startLoupe(
      ['workspace', 'open', 'Acme', '--hold'],
      env,
      /Holding the workspace open/,
    );
    holder.child.kill('SIGINT');
    expect(await exited(holder.child)).toBe(0);
    const after = await runLoupe(['sql', '--workspace', 'Acme', 'SELECT 1 AS ok', '--json'], env);
    expect(after.code).toBe(0);
  });

  it('deletes with --yes and restores from the trash', async () => {
    const del = await runLoupe(['workspace', 'delete', 'Acme', '--yes', '--json'], env);
    expect(del.code).toBe(0);
    expect((await runLoupe(['workspace', 'list', '--json'], env)).stdout.trim()).toBe('[]');
    const restored = await runLoupe(['workspace', 'restore', 'Acme', '--json'], env);
    expect(restored.code).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ name: 'Acme' });
  });
});
