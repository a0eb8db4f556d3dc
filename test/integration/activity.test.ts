import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivityCache } from '../../core/analytics/activity/cache';
import { loadActivity } from '../../core/analytics/activity/load';
import type { Activity } from '../../core/analytics/activity/types';
import type { WorkspaceDb } from '../../core/db/workspace-db';
import { tempService, type TempService } from '../support/temp-service';

/** The Activity snapshot read from a real workspace: exact rows on a hand-made one, SQL counts on the demo. */

let t: TempService;
beforeAll(async () => {
  t = tempService();
});
afterAll(async () => {
  await t.dispose();
});

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';
const CAMPAIGN = '00000000-0000-4000-8000-0000000000c1';

/** Person p's values of a grouped column. */
function of(
  a: Activity,
  table: 'events' | 'orders',
  column: Float64Array | Int32Array,
  person: number,
): number[] {
  const start = a[table].start;
  return Array.from(column.subarray(start[person], start[person + 1]));
}

describe('loadActivity', () => {
  it('reads people, events and orders grouped by person and ordered by time', async () => {
    await t.ok('workspaces/create', { name: 'Small' });
    const db: WorkspaceDb = await t.db('Small');
    await db.transaction([
      {
        sql: `INSERT INTO customers (id, email, first_seen_at, country) VALUES
                ($1, 'b@example.com', '2024-01-02T00:00:00Z', 'DE'),
                ($2, 'a@example.com', '2024-01-01T00:00:00Z', 'GB'),
                ($3, NULL, '2024-02-01T00:00:00Z', NULL)`,
        params: [B, A, C],
      },
      { sql: `INSERT INTO campaigns (id, name) VALUES ($1, 'Spring')`, params: [CAMPAIGN] },
      {
        sql: `INSERT INTO customer_events (customer_id, event_type, occurred_at, campaign_id, channel) VALUES
                ($1, 'page_view', '2024-01-05T10:00:00Z', NULL, 'web'),
                ($1, 'email_opened', '2024-01-03T09:00:00Z', $3, 'email'),
                ($1, 'email_clicked', '2024-01-03T09:00:00Z', $3, 'email'),
                ($2, 'page_view', '2024-01-04T00:00:00Z', NULL, NULL),
                (NULL, 'page_view', '2024-01-04T00:00:00Z', NULL, 'web')`,
        params: [A, B, CAMPAIGN],
      },
      {
        sql: `INSERT INTO customer_orders (order_id, customer_id, order_status, order_total, refunded_amount, ordered_at) VALUES
                ('o1', $1, 'completed', 100.00, 0, '2024-01-10T00:00:00Z'),
                ('o2', $1, 'partially_refunded', 50.00, 20.00, '2024-01-08T00:00:00Z'),
                ('o3', $1, 'cancelled', 70.00, 0, '2024-01-09T00:00:00Z'),
                ('o4', $2, 'completed', 10.00, 0, '2024-01-20T00:00:00Z'),
                ('o5', NULL, 'completed', 99.00, 0, '2024-01-20T00:00:00Z'),
                ('o6', $1, 'refunded', 40.00, 40.00, '2024-01-21T00:00:00Z'),
                ('o7', $2, 'completed', 0.00, 0, '2024-01-22T00:00:00Z')`,
        params: [A, B],
      },
      {
        sql: `INSERT INTO customer_order_items (order_id, product_id, product_name, quantity, unit_price, total_price)
                SELECT id, 'R1', 'Ring', 3, 10.00, 30.00 FROM customer_orders WHERE order_id = 'o1'`,
      },
    ]);

    const a = await loadActivity(db, { timeZone: 'Europe/Berlin', takenAt: 1 });
    // People in id order: A, B, C.
    expect(a.people.ids).toEqual([A, B, C]);
    expect(a.people.emails).toEqual(['a@example.com', 'b@example.com', '']);
    expect(Array.from(a.people.firstSeenAt)).toEqual([
      Date.UTC(2024, 0, 1),
      Date.UTC(2024, 0, 2),
      Date.UTC(2024, 1, 1),
    ]);
    expect(Array.from(a.people.country).map((i) => (i < 0 ? null : a.people.countries.names[i]))).toEqual([
      'GB',
      'DE',
      null,
    ]);
    expect(a.timeZone).toBe('Europe/Berlin');

    // The anonymous event is left out; A's events by time, the two at the same instant by type.
    expect(a.events.count).toBe(4);
    expect(Array.from(a.events.start)).toEqual([0, 3, 4, 4]);
    expect(of(a, 'events', a.events.at, 0)).toEqual([
      Date.UTC(2024, 0, 3, 9),
      Date.UTC(2024, 0, 3, 9),
      Date.UTC(2024, 0, 5, 10),
    ]);
    expect(of(a, 'events', a.events.type, 0).map((i) => a.events.types[i])).toEqual([
      'email_clicked',
      'email_opened',
      'page_view',
    ]);
    expect(of(a, 'events', a.events.campaign, 0).map((i) => (i < 0 ? null : a.campaigns.names[i]))).toEqual([
      'Spring',
      'Spring',
      null,
    ]);
    expect(of(a, 'events', a.events.channel, 0).map((i) => (i < 0 ? null : a.events.channels[i]))).toEqual([
      'email',
      'email',
      'web',
    ]);
    expect(of(a, 'events', a.events.channel, 1)).toEqual([-1]);

    // The cancelled order, the one without a person and those worth nothing after refunds are
    // left out; revenue net of refunds.
    expect(a.orders.count).toBe(3);
    expect(Array.from(a.orders.start)).toEqual([0, 2, 3, 3]);
    expect(of(a, 'orders', a.orders.at, 0)).toEqual([Date.UTC(2024, 0, 8), Date.UTC(2024, 0, 10)]);
    expect(of(a, 'orders', a.orders.revenue, 0)).toEqual([30, 100]);
    expect(of(a, 'orders', a.orders.items, 0)).toEqual([Number.NaN, 3]);
    expect(of(a, 'orders', a.orders.revenue, 1)).toEqual([10]);
  });

  it('an empty workspace gives an empty snapshot', async () => {
    await t.ok('workspaces/create', { name: 'Empty' });
    const a = await loadActivity(await t.db('Empty'), { timeZone: 'UTC' });
    expect(a.people.count).toBe(0);
    expect(a.events.count).toBe(0);
    expect(a.orders.count).toBe(0);
    expect(Array.from(a.events.start)).toEqual([0]);
    expect(a.takenAt).toBe(0);
  });

  it('on the demo workspace, per-person counts and sums match SQL', async () => {
    const demo = await t.ok('demo/create-workspace', {});
    const db = await t.db(demo.workspace.name);
    const a = await loadActivity(db, { timeZone: 'UTC' });
    // Without a time given, the snapshot ends at the newest event or order.
    const end = await db.query(
      `SELECT (extract(epoch FROM greatest(
         (SELECT max(occurred_at) FROM customer_events WHERE customer_id IS NOT NULL),
         (SELECT max(ordered_at) FROM customer_orders WHERE customer_id IS NOT NULL AND order_status <> 'cancelled'
            AND order_total - refunded_amount > 0))) * 1000)::float8 AS t`,
    );
    expect(a.takenAt).toBe(end.rows[0]?.['t']);
    const sql = await db.query(
      `SELECT c.id::text AS id,
              (SELECT count(*)::int FROM customer_events e WHERE e.customer_id = c.id) AS events,
              (SELECT count(*)::int FROM customer_orders o WHERE o.customer_id = c.id AND o.order_status <> 'cancelled'
                 AND o.order_total - o.refunded_amount > 0) AS orders,
              (SELECT coalesce(sum(order_total - refunded_amount), 0)::float8 FROM customer_orders o
                WHERE o.customer_id = c.id AND o.order_status <> 'cancelled' AND o.order_total - o.refunded_amount > 0)
                AS revenue
         FROM customers c ORDER BY c.id`,
    );
    expect(a.people.count).toBe(sql.rows.length);
    expect(a.events.count).toBeGreaterThan(1000);
    let mismatches = 0;
    sql.rows.forEach((row, p) => {
      const events = (a.events.start[p + 1] as number) - (a.events.start[p] as number);
      const orders = (a.orders.start[p + 1] as number) - (a.orders.start[p] as number);
      const revenue = of(a, 'orders', a.orders.revenue, p).reduce((s, v) => s + v, 0);
      if (
        row['id'] !== a.people.ids[p] ||
        row['events'] !== events ||
        row['orders'] !== orders ||
        Math.abs((row['revenue'] as number) - revenue) > 1e-6
      )
        mismatches++;
    });
    expect(mismatches).toBe(0);
    // Every person's events are in time order.
    let unordered = 0;
    for (let i = 1; i < a.events.count; i++) {
      if ((a.events.at[i] as number) < (a.events.at[i - 1] as number)) {
        const p = a.events.start.findIndex((s) => s > i - 1) - 1;
        if (i < (a.events.start[p + 1] as number)) unordered++;
      }
    }
    expect(unordered).toBe(0);
  });
});

describe('ActivityCache', () => {
  it('reuses the snapshot until the data or the time zone changes', async () => {
    await t.ok('workspaces/create', { name: 'Cached' });
    const db = await t.db('Cached');
    const cache = new ActivityCache();
    const first = await cache.get('w1', db);
    expect(await cache.get('w1', db)).toBe(first);
    expect(first.people.count).toBe(0);

    await db.query(`INSERT INTO customers (email) VALUES ('x@example.com')`);
    const second = await cache.get('w1', db);
    expect(second).not.toBe(first);
    expect(second.people.count).toBe(1);

    // A bulk load with row triggers off still counts as a change.
    await db.transaction([
      { sql: `SET LOCAL session_replication_role = replica` },
      { sql: `INSERT INTO customers (email) VALUES ('y@example.com')` },
    ]);
    const third = await cache.get('w1', db);
    expect(third.people.count).toBe(2);

    await db.query(
      `UPDATE organizations SET timezone = 'Asia/Tokyo' WHERE organization_id = loupe.local_organization_id()`,
    );
    const fourth = await cache.get('w1', db);
    expect(fourth.timeZone).toBe('Asia/Tokyo');
    expect(await cache.get('w1', db)).toBe(fourth);

    // Another workspace replaces the one held.
    expect(await cache.get('w2', db)).not.toBe(fourth);
  });
});

describe('the snapshot on disk', () => {
  it('is read back for the same data, and not once the data changed', async () => {
    const demo = await t.ok('demo/create-workspace', { name: 'Snapshot file' });
    const db = await t.db(demo.workspace.name);
    const file = join(t.dataDir, 'snapshot-test', 'activity.bin');
    const first = new ActivityCache();
    const read = await first.get('w', db, file);
    expect(first.lastSource).toBe('database');
    expect(existsSync(file)).toBe(true);

    // A new session: the file, not the database, and the same snapshot.
    const second = new ActivityCache();
    const again = await second.get('w', db, file);
    expect(second.lastSource).toBe('file');
    expect(again.people.ids).toEqual(read.people.ids);
    expect(Array.from(again.events.at)).toEqual(Array.from(read.events.at));
    expect(Array.from(again.events.type)).toEqual(Array.from(read.events.type));
    expect(Array.from(again.orders.revenue)).toEqual(Array.from(read.orders.revenue));
    expect(Array.from(again.people.country)).toEqual(Array.from(read.people.country));
    expect(again.events.types).toEqual(read.events.types);
    expect(again.takenAt).toBe(read.takenAt);
    // The file keeps no email addresses.
    expect(read.people.emails.some((e) => e !== '')).toBe(true);
    expect(again.people.emails.every((e) => e === '')).toBe(true);
    expect(readFileSync(file).includes(Buffer.from(read.people.emails.find((e) => e !== '') ?? '@'))).toBe(
      false,
    );

    await db.query(`INSERT INTO customers (email) VALUES ('new@example.com')`);
    const third = new ActivityCache();
    const changed = await third.get('w', db, file);
    expect(third.lastSource).toBe('database');
    expect(changed.people.count).toBe(read.people.count + 1);

    // A damaged file is ignored, not trusted.
    writeFileSync(file, 'not a snapshot');
    const fourth = new ActivityCache();
    await fourth.get('w', db, file);
    expect(fourth.lastSource).toBe('database');
  });
});
