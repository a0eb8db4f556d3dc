import { spawnSync } from 'node:child_process';
import { existsSync, openSync, readSync, closeSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { WorkspaceDb } from '../core/db/workspace-db';
import type { NativePostgres } from './_native-postgres';

/**
 * Loads the synthetic workspace's CSV files (bench/generate-workspace.ts) three
 * ways: into a Loupe workspace's canonical tables, and into plain tables of a
 * native PostgreSQL and of DuckDB for the reference queries. Loading is not
 * what the analytics benchmark measures; the Loupe workspace is kept between
 * runs.
 */

/** Calls `each` with the file's text in pieces of whole lines (~32 MB), the header left out. */
export function forEachChunk(file: string, each: (text: string) => Promise<void>): Promise<void> {
  const fd = openSync(file, 'r');
  const size = statSync(file).size;
  const buf = Buffer.alloc(32 << 20);
  let pos = 0;
  let carry = Buffer.alloc(0);
  let first = true;
  const step = async (): Promise<void> => {
    while (pos < size) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      pos += n;
      let data = Buffer.concat([carry, buf.subarray(0, n)]);
      const cut = pos < size ? data.lastIndexOf(10) + 1 : data.length;
      carry = Buffer.from(data.subarray(cut));
      data = data.subarray(0, cut);
      let text = data.toString('utf8');
      if (first) {
        text = text.slice(text.indexOf('\n') + 1);
        first = false;
      }
      if (text.length > 0) await each(text);
    }
  };
  return step().finally(() => closeSync(fd));
}

/** Written into the Loupe data folder once the workspace holds every file. */
export const LOADED_MARKER = 'bench-loaded';

/** Creates (once) a Loupe workspace named Bench under `home` holding the files in `dir`. */
export async function ensureLoupeWorkspace(
  home: string,
  dir: string,
  open: () => Promise<WorkspaceDb>,
): Promise<void> {
  const marker = join(home, LOADED_MARKER);
  if (existsSync(marker)) return;
  const created = spawnSync(
    process.execPath,
    [join(import.meta.dirname, '../bin/loupe.js'), 'workspace', 'create', 'Bench'],
    {
      env: { ...process.env, LOUPE_HOME: home },
      encoding: 'utf8',
    },
  );
  if (created.status !== 0 && !created.stderr.includes('already')) throw new Error(created.stderr);
  const db = await open();
  await db.exec(`UPDATE organizations SET timezone = 'UTC' WHERE organization_id = loupe.local_organization_id();
    CREATE UNLOGGED TABLE bench_events (customer_id uuid, event_type text, occurred_at timestamptz, campaign_id uuid, channel text)`);
  const copy = async (file: string, sql: string): Promise<void> => {
    await forEachChunk(join(dir, file), async (text) => {
      await db.copyFrom(sql, text);
    });
  };
  // Triggers off (session_replication_role) and audit off: this is a bulk load, like an import.
  const bulk = `SET session_replication_role = replica; SET loupe.audit = 'off';`;
  await db.exec(bulk);
  await copy(
    'customers.csv',
    `COPY customers (id, email, country, first_seen_at) FROM '/dev/blob' WITH (FORMAT csv)`,
  );
  await copy(
    'campaigns.csv',
    `COPY campaigns (id, name, channel, start_date) FROM '/dev/blob' WITH (FORMAT csv)`,
  );
  await copy(
    'deliveries.csv',
    `COPY message_deliveries (campaign_id, customer_id, recipient_email, status, sent_at, delivered_at, opened_at, first_click_at)
       FROM '/dev/blob' WITH (FORMAT csv)`,
  );
  await copy('events.csv', `COPY bench_events FROM '/dev/blob' WITH (FORMAT csv)`);
  await db.exec(`INSERT INTO customer_events (customer_id, event_type, event_name, occurred_at, campaign_id, channel)
      SELECT customer_id, event_type, event_type, occurred_at, campaign_id, channel FROM bench_events;
    DROP TABLE bench_events`);
  await copy(
    'orders.csv',
    `COPY customer_orders (order_id, customer_id, order_total, ordered_at) FROM '/dev/blob' WITH (FORMAT csv)`,
  );
  await db.exec(`SET session_replication_role = origin;
    SELECT loupe.recount_campaign_deliveries(ARRAY(SELECT id FROM campaigns));
    SELECT loupe.recompute_customer_order_metrics(ARRAY(SELECT id FROM customers))`);
  await db.exec('VACUUM ANALYZE');
  await db.checkpoint();
  writeFileSync(marker, new Date().toISOString());
}

const REFERENCE_TABLES = `
  CREATE TABLE customers (id uuid PRIMARY KEY, email text, country text, first_seen_at timestamp);
  CREATE TABLE campaigns (id uuid PRIMARY KEY, name text, channel text, start_date date);
  CREATE TABLE deliveries (campaign_id uuid, customer_id uuid, recipient_email text, status text, sent_at timestamp,
    delivered_at timestamp, opened_at timestamp, first_click_at timestamp);
  CREATE TABLE events (customer_id uuid, event_type text, occurred_at timestamp, campaign_id uuid, channel text);
  CREATE TABLE orders (order_id text, customer_id uuid, order_total numeric(12, 2), ordered_at timestamp);`;

/** The plain reference tables in a native PostgreSQL, with the indexes Loupe's schema has for these queries. */
export function loadNative(pg: NativePostgres, dir: string): void {
  pg.psql(REFERENCE_TABLES);
  for (const t of ['customers', 'campaigns', 'deliveries', 'events', 'orders']) {
    const file = join(dir, `${t === 'deliveries' ? 'deliveries' : t}.csv`);
    pg.psql(`\\copy ${t} FROM '${file}' WITH (FORMAT csv, HEADER true)`);
  }
  pg.psql(`CREATE INDEX ON events (customer_id, occurred_at, event_type);
    CREATE INDEX ON events (event_type, occurred_at);
    CREATE INDEX ON orders (customer_id, ordered_at);
    CREATE INDEX ON deliveries (campaign_id);
    CREATE INDEX ON deliveries (customer_id);`);
  pg.psql('VACUUM ANALYZE');
}

export async function loadDuck(conn: DuckDBConnection, dir: string): Promise<void> {
  await conn.run(REFERENCE_TABLES);
  for (const t of ['customers', 'campaigns', 'deliveries', 'events', 'orders']) {
    await conn.run(
      `INSERT INTO ${t} SELECT * FROM read_csv('${join(dir, `${t}.csv`)}', header = true, auto_detect = true)`,
    );
  }
}
