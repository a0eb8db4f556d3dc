import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSendgrid } from '../../bench/generate-sendgrid';
import type { ImportBatchInfo, ImportSummary } from '../../core/api/imports';
import { LOUPE_BIN, runLoupe } from '../support/cli';
import { ONLINE_RETAIL_MAPPING } from '../support/online-retail';

/**
 * `loupe import` end to end in its own process: the Online Retail file through
 * a saved mapping, history, rejected files, rollback, and an import killed with
 * SIGKILL while it stages and while it merges.
 */

const fixture = (p: string): string => fileURLToPath(new URL(`../fixtures/imports/${p}`, import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'loupe-imports-cli-'));
const env = { LOUPE_HOME: home };
afterAll(() => rmSync(home, { recursive: true, force: true }));

const TABLES = [
  'customers',
  'customer_identities',
  'campaigns',
  'campaign_reported_stats',
  'message_deliveries',
  'customer_events',
  'customer_orders',
  'customer_order_items',
  'touchpoints',
  'ad_spend_daily',
  'loupe.import_batches',
  'loupe.import_overwrites',
  'loupe.import_rejections',
];

/** One md5 per table over all its rows (a read-only query through `loupe sql`). */
async function checksums(workspace: string): Promise<Record<string, string>> {
  const sql = TABLES.map(
    (t) =>
      `SELECT '${t}' AS t, count(*) || ':' || md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS h FROM ${t} x`,
  ).join(' UNION ALL ');
  // A load may rebuild a table's indexes in its transaction: they must all be there after a crash.
  const indexes = `SELECT 'indexes' AS t, count(*) || ':' || md5(string_agg(indexdef, E'\\n' ORDER BY indexdef)) AS h
                     FROM pg_indexes WHERE schemaname = 'public'`;
  const r = await runLoupe(['sql', '--workspace', workspace, `${sql} UNION ALL ${indexes}`, '--json'], env);
  expect(r.stderr).toBe('');
  return Object.fromEntries((JSON.parse(r.stdout) as { t: string; h: string }[]).map((x) => [x.t, x.h]));
}

async function sqlJson<T>(workspace: string, sql: string): Promise<T> {
  const r = await runLoupe(['sql', '--workspace', workspace, sql, '--json'], env);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

/** Starts `loupe import … --progress` and kills it with SIGKILL once stderr shows `phase`. */
function killDuring(
  args: string[],
  phase: RegExp,
  delayMs: number,
): Promise<{ signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LOUPE_BIN, ...args], { env: { ...process.env, ...env } });
    let stderr = '';
    let armed = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!armed && phase.test(stderr)) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === null)
        reject(new Error(`loupe ${args.join(' ')} finished (${code}) before it could be killed: ${stderr}`));
      else resolve({ signal, stderr });
    });
  });
}

describe('loupe import', () => {
  it('imports the Online Retail file through a saved mapping, with history, rejections and rollback', async () => {
    expect((await runLoupe(['workspace', 'create', 'Shop'], env)).code).toBe(0);
    const mappingFile = join(home, 'online-retail.json');
    writeFileSync(mappingFile, JSON.stringify(ONLINE_RETAIL_MAPPING));
    const retail = fixture('online-retail/online_retail_head.csv');
    const saved = await runLoupe(
      [
        'import',
        'save-mapping',
        'Online Retail',
        '--header-from',
        retail,
        '--mapping',
        mappingFile,
        '--workspace',
        'Shop',
      ],
      env,
    );
    expect(saved).toMatchObject({ code: 0 });
    expect(saved.stdout).toContain('Saved mapping "Online Retail"');

    // No --format, no --mapping: the header finds the saved mapping.
    const run = await runLoupe(['import', retail, '--workspace', 'Shop', '--json'], env);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as ImportSummary;
    // 32 invoice lines → 10 invoices and 5 customers.
    expect(summary).toMatchObject({
      status: 'completed',
      format: 'csv-mapping',
      mapping: { name: 'Online Retail' },
      rowsRead: 32,
      inserted: 15,
      updated: 0,
      rejected: 0,
    });
    expect(
      await sqlJson(
        'Shop',
        `SELECT count(*)::integer AS orders, sum(order_total)::text AS total FROM customer_orders WHERE order_status <> 'cancelled'`,
      ),
    ).toEqual([
      // 139.12 + 22.20 + 278.73 + 70.05 + 17.85 + 4.20 + 0.00 + 100.80 + 7.53
      { orders: 9, total: '640.48' },
    ]);

    const human = await runLoupe(['import', retail, '--workspace', 'Shop'], env);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(
      'online_retail_head.csv — CSV with a column mapping (mapping "Online Retail")',
    );
    expect(human.stdout).toContain('rows read 32 · inserted 0 · updated 0 · unchanged 15 · rejected 0');

    const rejected = await runLoupe(['import', fixture('shopify/orders.csv'), '--workspace', 'Shop'], env);
    expect(rejected.code).toBe(2);
    expect(rejected.stdout).toContain('row 8: Created at "yesterday afternoon" is not a date');
    expect(rejected.stdout).toContain('row 11: Lineitem quantity "two" is not a whole number');
    expect(rejected.stderr).toContain('--accept-partial');

    const history = await runLoupe(['import', 'history', '--workspace', 'Shop', '--json'], env);
    const batches = JSON.parse(history.stdout) as ImportBatchInfo[];
    expect(batches.map((b) => [b.fileName, b.status, b.inserted, b.unchanged, b.rejected])).toEqual([
      ['orders.csv', 'failed', 0, 0, 3],
      ['online_retail_head.csv', 'completed', 0, 15, 0],
      ['online_retail_head.csv', 'completed', 15, 0, 0],
    ]);
    const [failed, , first] = batches;
    if (!failed || !first) throw new Error('The history lacks an import.');
    const rejections = await runLoupe(['import', 'rejections', failed.batchId, '--workspace', 'Shop'], env);
    expect(rejections.stdout).toMatch(/^3 rejected rows\n {2}row 8: /);

    const unconfirmed = await runLoupe(['import', 'rollback', first.batchId, '--workspace', 'Shop'], env);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('--yes');
    // The second import of the file changed nothing, so nothing builds on the first: it can be undone.
    const undone = await runLoupe(['import', 'rollback', first.batchId, '--workspace', 'Shop', '--yes'], env);
    expect(undone).toMatchObject({ code: 0 });
    expect(undone.stdout).toContain('Rolled back the import of online_retail_head.csv');
    expect(await sqlJson('Shop', 'SELECT count(*)::integer AS n FROM customer_orders')).toEqual([{ n: 0 }]);

    const formats = await runLoupe(['formats', '--json'], env);
    expect((JSON.parse(formats.stdout) as { id: string }[]).map((f) => f.id)).toEqual(
      expect.arrayContaining(['sendgrid-activity', 'shopify-orders', 'google-ads', 'csv-mapping']),
    );
  });

  it('imports several files, each on its own, and tells which one failed', async () => {
    expect((await runLoupe(['workspace', 'create', 'Several'], env)).code).toBe(0);
    const r = await runLoupe(
      [
        'import',
        fixture('google-ads/campaign-report.csv'),
        fixture('wrong/chart.csv'),
        fixture('meta-ads/ads-report.csv'),
        '--workspace',
        'Several',
        '--accept-partial',
        '--json',
      ],
      env,
    );
    expect(r.code).toBe(2);
    const results = JSON.parse(r.stdout) as (ImportSummary | { fileName: string; error: { code: string } })[];
    expect(results.map((x) => ('error' in x ? x.error.code : x.status))).toEqual([
      'completed',
      'invalid-argument',
      'completed',
    ]);
    expect(await sqlJson('Several', 'SELECT count(*)::integer AS n FROM ad_spend_daily')).toEqual([{ n: 9 }]);
  });

  it('an import killed while staging or while merging leaves the workspace exactly as it was', async () => {
    expect((await runLoupe(['workspace', 'create', 'Crash'], env)).code).toBe(0);
    expect(
      (
        await runLoupe(
          ['import', fixture('sendgrid/activity.csv'), '--workspace', 'Crash', '--accept-partial'],
          env,
        )
      ).code,
    ).toBe(0);
    const big = join(home, 'sendgrid-big.csv');
    await generateSendgrid(big, 120_000, 7);
    const before = await checksums('Crash');

    const staging = await killDuring(
      ['import', big, '--workspace', 'Crash', '--progress'],
      /reading [0-9]+% · [1-9]/,
      100,
    );
    expect(staging.signal).toBe('SIGKILL');
    expect(await checksums('Crash')).toEqual(before);

    const merging = await killDuring(['import', big, '--workspace', 'Crash', '--progress'], /merging/, 1500);
    expect(merging.signal).toBe('SIGKILL');
    expect(await checksums('Crash')).toEqual(before);

    // The workspace still takes the file afterwards, whole.
    const done = await runLoupe(['import', big, '--workspace', 'Crash', '--json'], env);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ status: 'completed', rowsRead: 120_000 });
  });
});
