import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

/**
 * The desktop build's backend bundle, run the way Electron's utility process runs
 * it but in plain Node: a stand-in `process.parentPort` carries the same wire
 * messages the main process relays. This checks the bundled backend and its
 * bundled PGlite worker, which the source-run tests never load.
 */
const harness = `
const { EventEmitter } = require('node:events');
const port = new EventEmitter();
port.postMessage = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
process.parentPort = { on: (e, l) => port.on(e, l), postMessage: port.postMessage };
// Like Electron's port, hold messages until the backend has started listening.
let ready = false;
const held = [];
const deliver = (m) => (ready ? port.emit('message', { data: m }) : held.push(m));
let buffer = '';
process.stdin.on('data', (d) => {
  buffer += d;
  let i;
  while ((i = buffer.indexOf('\\n')) >= 0) {
    const line = buffer.slice(0, i);
    buffer = buffer.slice(i + 1);
    if (line) deliver(JSON.parse(line));
  }
});
import(process.argv[1]).then(() => {
  ready = true;
  for (const m of held.splice(0)) port.emit('message', { data: m });
});
`;

test('the bundled desktop backend answers the typed contract', async () => {
  const root = resolve(import.meta.dirname, '../..');
  const backend = join(root, 'out/main/backend.js');
  expect(existsSync(backend), 'run "npm run build" first').toBe(true);
  const home = mkdtempSync(join(tmpdir(), 'loupe-desktop-'));
  const child = spawn(process.execPath, ['-e', harness, backend], {
    env: {
      ...process.env,
      LOUPE_HOME: home,
      LOUPE_MIGRATIONS_DIR: join(root, 'migrations'),
      LOUPE_WORKER_FILE: join(root, 'out/main/pglite-worker.js'),
      LOUPE_VERSION: '1.2.3',
    },
  });
  const replies: Record<string, unknown>[] = [];
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    let i: number;
    while ((i = out.indexOf('\n')) >= 0) {
      replies.push(JSON.parse(out.slice(0, i)) as Record<string, unknown>);
      out = out.slice(i + 1);
    }
  });
  const reply = async (id: number): Promise<Record<string, unknown>> => {
    await expect.poll(() => replies.some((r) => r['id'] === id), { timeout: 120_000 }).toBe(true);
    return replies.find((r) => r['id'] === id) ?? {};
  };
  const send = (id: number, name: string, args: unknown): void => {
    child.stdin.write(`${JSON.stringify({ kind: 'request', id, name, args })}\n`);
  };
  try {
    send(1, 'app/get-info', {});
    expect(await reply(1)).toMatchObject({
      outcome: { ok: true, value: { version: '1.2.3', host: 'electron', dataDir: home } },
    });
    send(2, 'workspaces/create', { name: 'Desktop Co' });
    expect(await reply(2)).toMatchObject({ outcome: { ok: true, value: { name: 'Desktop Co' } } });
    expect(replies.some((r) => r['kind'] === 'event' && r['name'] === 'workspaces/changed')).toBe(true);
    send(3, 'sql/query', {
      workspace: 'Desktop Co',
      sql: 'SELECT count(*)::int AS n FROM loupe.schema_migrations',
    });
    const rows = (await reply(3)) as { outcome: { ok: boolean; value: { rows: { n: number }[] } } };
    expect(rows.outcome.ok).toBe(true);
    expect(rows.outcome.value.rows[0]?.n).toBeGreaterThan(0);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(home, { recursive: true, force: true });
  }
});
