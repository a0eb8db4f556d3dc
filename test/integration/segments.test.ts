import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlValue } from '../../core/api/sql';
import {
  compileCriteria,
  countSegment,
  createSegment,
  deleteSegment,
  exportMembers,
  getSegment,
  listSegments,
  memberIds,
  refreshSegment,
  segmentStatistics,
} from '../../core/analytics/segments';
import type { WorkspaceDb } from '../../core/db/workspace-db';
import { ServiceError } from '../../core/errors';
import { tempService, type TempService } from '../support/temp-service';

/**
 * Segments over a workspace of six people written here by hand; every expected
 * member list below is read off the table in the comment, not computed.
 *
 *  id  email              country  lifecycle   status    eng  tags              plan / seats    first seen   last seen
 *  A   ann@example.com    FR       engaged     active    80   vip, newsletter   pro / 12        2024-01-10   2024-06-25
 *  B   bob@example.com    US       at_risk     unsubscr. 40   newsletter        free / "3"      2023-11-05   2024-03-01
 *  C   Cleo@Example.com   FR       churned     active    10   —                 pro             2024-05-20   2024-06-29
 *  D   —                  DE       new         active    60   vip               —               2024-06-01*  —
 *  E   eve@example.com    us       engaged     active    90   —                 hostile text    2022-02-02   2024-06-30 11:00
 *  F   fay@example.com    —        new         active     0   —                 —               2024-06-29   —
 *  (* 2024-06-01 23:30 UTC, which is 2024-06-02 in Tokyo)
 *
 * Orders (counted: completed/delivered): A 100 on 06-01 and 50 on 02-01; B 300 on
 * 2023-12-01 plus a cancelled 999 on 06-10; D 20 on 06-20; E 10, 20, 30 on 06-10, 06-15, 06-28.
 * Page views: A on 01-15, 06-05, 06-10, 06-20; B on 06-15; C five on 06-01 … 06-05.
 * Campaign X: A opened (06-12), B delivered unopened, C clicked without a tracked open (06-13).
 * Campaign Y: E has an email_opened event (06-25) and no delivery row.
 */

const NOW = '2024-06-30T12:00:00.000Z';
const id = (letter: string): string => `00000000-0000-4000-8000-00000000000${letter.toLowerCase()}`;
const A = id('a');
const B = id('b');
const C = id('c');
const D = id('d');
const E = id('e');
const F = id('f');
const X = '10000000-0000-4000-8000-000000000001';
const Y = '10000000-0000-4000-8000-000000000002';
const HOSTILE = "'; DROP TABLE customers; --";
const UNICODE_CITY = 'Zoë 🚀 "Ünïcode" \\ city';

type Row = [
  string,
  string | null,
  string,
  string | null,
  string | null,
  string,
  string,
  string,
  string,
  number,
  string[],
  Record<string, unknown>,
  string,
  string | null,
];

// id, email, first name, last name, country, city, lifecycle, customer status, contact status,
// engagement, tags, custom attributes, first seen, last seen
// prettier-ignore
const PEOPLE: Row[] = [
  [A, 'ann@example.com', 'Ann', 'Archer', 'FR', 'Paris', 'engaged', 'active', 'active', 80, ['vip', 'newsletter'], { plan: 'pro', seats: 12 }, '2024-01-10T09:00:00Z', '2024-06-25T09:00:00Z'],
  [B, 'bob@example.com', 'Bob', 'Baker', 'US', 'New York', 'at_risk', 'active', 'unsubscribed', 40, ['newsletter'], { plan: 'free', seats: '3' }, '2023-11-05T09:00:00Z', '2024-03-01T09:00:00Z'],
  [C, 'Cleo@Example.com', 'Cleo', "O'Neil, Jr.", 'FR', 'Lyon', 'churned', 'churned', 'active', 10, [], { plan: 'pro' }, '2024-05-20T09:00:00Z', '2024-06-29T09:00:00Z'],
  [D, null, 'Dan', null, 'DE', 'Berlin', 'new', 'active', 'active', 60, ['vip'], {}, '2024-06-01T23:30:00Z', null],
  [E, 'eve@example.com', 'Eve', 'Evans', 'us', 'Boston', 'engaged', 'active', 'active', 90, [], { plan: HOSTILE }, '2022-02-02T09:00:00Z', '2024-06-30T11:00:00Z'],
  [F, 'fay@example.com', 'Fay', null, null, UNICODE_CITY, 'new', 'active', 'active', 0, [], {}, '2024-06-29T09:00:00Z', null],
];

function person(r: Row): Record<string, unknown> {
  const keys = [
    'id',
    'email',
    'first_name',
    'last_name',
    'country',
    'city',
    'lifecycle_stage',
    'customer_status',
    'contact_status',
    'engagement_score',
    'tags',
    'custom_attributes',
    'first_seen_at',
    'last_seen_at',
  ];
  return Object.fromEntries(keys.map((k, i) => [k, r[i]]));
}

let t: TempService;
let db: WorkspaceDb;

async function rows(sql: string, params: SqlValue[] = []): Promise<Record<string, SqlValue>[]> {
  return (await db.query(sql, params)).rows;
}

/** Members of criteria at NOW, as letters. */
async function members(criteria: unknown, now: string = NOW): Promise<string[]> {
  const compiled = compileCriteria(criteria, { now });
  const r = await db.query(`SELECT id::text AS id FROM (${compiled.sql}) q ORDER BY id`, compiled.params);
  const count = await countSegment(db, criteria, now);
  expect(count).toBe(r.rows.length);
  return r.rows.map((row) => String(row['id']).slice(-1).toUpperCase());
}

const where = (field: string, operator: string, value?: unknown, extra: Record<string, unknown> = {}) => ({
  conditions: [{ field, operator, ...(value === undefined ? {} : { value }), ...extra }],
});

async function fails(p: Promise<unknown>): Promise<ServiceError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ServiceError) return err;
    throw err;
  }
  throw new Error('Expected a ServiceError');
}

beforeAll(async () => {
  t = tempService();
  await t.ok('workspaces/create', { name: 'Segments' });
  db = await t.db('Segments');
  await db.query(
    `INSERT INTO customers (id, email, first_name, last_name, country, city, lifecycle_stage, customer_status,
                            contact_status, engagement_score, tags, custom_attributes, first_seen_at, last_seen_at)
     SELECT * FROM jsonb_to_recordset($1::text::jsonb) AS x (id uuid, email citext, first_name text, last_name text,
       country text, city text, lifecycle_stage text, customer_status text, contact_status text, engagement_score int,
       tags text[], custom_attributes jsonb, first_seen_at timestamptz, last_seen_at timestamptz)`,
    [JSON.stringify(PEOPLE.map(person))],
  );
  await db.query(
    `INSERT INTO customer_orders (customer_id, order_status, order_total, ordered_at) VALUES
       ($1, 'completed', 100, '2024-06-01T10:00:00Z'), ($1, 'delivered', 50, '2024-02-01T10:00:00Z'),
       ($2, 'delivered', 300, '2023-12-01T10:00:00Z'), ($2, 'cancelled', 999, '2024-06-10T10:00:00Z'),
       ($3, 'completed', 20, '2024-06-20T10:00:00Z'),
       ($4, 'completed', 10, '2024-06-10T10:00:00Z'), ($4, 'completed', 20, '2024-06-15T10:00:00Z'),
       ($4, 'completed', 30, '2024-06-28T10:00:00Z')`,
    [A, B, D, E],
  );
  await db.query(`INSERT INTO campaigns (id, name) VALUES ($1, 'Summer sale'), ($2, 'Newsletter June')`, [
    X,
    Y,
  ]);
  await db.query(
    `INSERT INTO customer_events (customer_id, event_type, event_name, occurred_at, campaign_id) VALUES
       ($1, 'page_view', 'Page', '2024-01-15T10:00:00Z', NULL), ($1, 'page_view', 'Page', '2024-06-05T10:00:00Z', NULL),
       ($1, 'page_view', 'Page', '2024-06-10T10:00:00Z', NULL), ($1, 'page_view', 'Page', '2024-06-20T10:00:00Z', NULL),
       ($2, 'page_view', 'Page', '2024-06-15T10:00:00Z', NULL),
       ($3, 'page_view', 'Page', '2024-06-01T10:00:00Z', NULL), ($3, 'page_view', 'Page', '2024-06-02T10:00:00Z', NULL),
       ($3, 'page_view', 'Page', '2024-06-03T10:00:00Z', NULL), ($3, 'page_view', 'Page', '2024-06-04T10:00:00Z', NULL),
       ($3, 'page_view', 'Page', '2024-06-05T10:00:00Z', NULL),
       ($4, 'email_opened', 'Email Opened', '2024-06-25T10:00:00Z', $5)`,
    [A, B, C, E, Y],
  );
  await db.query(
    `INSERT INTO message_deliveries (campaign_id, customer_id, status, sent_at, opened_at, first_click_at, open_count, total_clicks)
     VALUES ($1, $2, 'delivered', '2024-06-12T08:00:00Z', '2024-06-12T09:00:00Z', NULL, 1, 0),
            ($1, $3, 'delivered', '2024-06-12T08:00:00Z', NULL, NULL, 0, 0),
            ($1, $4, 'delivered', '2024-06-12T08:00:00Z', NULL, '2024-06-13T09:00:00Z', 0, 1)`,
    [X, A, B, C],
  );
});

afterAll(async () => {
  await t.dispose();
});

describe('the workspace as set up', () => {
  it('has the order totals the table above states (the trigger counts completed and delivered orders)', async () => {
    const r = await rows(
      `SELECT right(id::text, 1) AS k, total_orders, total_revenue::float8 AS rev FROM customers ORDER BY id`,
    );
    expect(r.map((x) => [x['k'], x['total_orders'], x['rev']])).toEqual([
      ['a', 2, 150],
      ['b', 1, 300],
      ['c', 0, 0],
      ['d', 1, 20],
      ['e', 3, 60],
      ['f', 0, 0],
    ]);
  });
});

describe('customer fields', () => {
  it('compares text without case, and "not" includes people with no value', async () => {
    expect(await members(where('country', 'equals', 'fr'))).toEqual(['A', 'C']);
    expect(await members(where('country', 'in', ['US'], { type: 'string_array' }))).toEqual(['B', 'E']);
    expect(await members(where('country', 'not_equals', 'FR'))).toEqual(['B', 'D', 'E', 'F']);
    expect(await members(where('country', 'not_in', ['fr', 'us']))).toEqual(['D', 'F']);
    expect(await members(where('country', 'is_not_set'))).toEqual(['F']);
    expect(await members(where('city', 'contains', 'O'))).toEqual(['B', 'C', 'E', 'F']);
    expect(await members(where('city', 'starts_with', 'new'))).toEqual(['B']);
    expect(await members(where('email', 'equals', 'CLEO@example.COM'))).toEqual(['C']);
    expect(await members(where('email', 'in', ['ANN@EXAMPLE.COM', 'fay@example.com']))).toEqual(['A', 'F']);
    expect(await members(where('email', 'is_set'))).toEqual(['A', 'B', 'C', 'E', 'F']);
  });

  it('compares numbers, scores and the document operators (>=)', async () => {
    expect(await members(where('total_revenue', '>=', 150))).toEqual(['A', 'B']);
    expect(await members(where('total_spent', 'between', [20, 60]))).toEqual(['D', 'E']);
    expect(await members(where('engagement_score', 'gt', 60, { type: 'number' }))).toEqual(['A', 'E']);
    expect(await members(where('total_orders', 'in', [0, 3]))).toEqual(['C', 'E', 'F']);
    expect(await members(where('lifecycle_stage', 'equals', 'churned'))).toEqual(['C']);
  });

  it('reads dates as calendar days in the workspace zone or as instants, and windows back from now', async () => {
    expect(await members(where('first_seen_at', 'before', '2024-01-01', { type: 'date' }))).toEqual([
      'B',
      'E',
    ]);
    expect(await members(where('first_seen_at', 'equals', '2024-06-01'))).toEqual(['D']);
    expect(await members(where('first_seen_at', 'between', ['2024-05-20', '2024-06-01']))).toEqual([
      'C',
      'D',
    ]);
    expect(await members(where('first_seen_at', 'after', '2024-06-01'))).toEqual(['F']);
    expect(await members(where('last_seen_at', 'gte', '2024-06-29T09:00:00Z'))).toEqual(['C', 'E']);
    expect(await members(where('last_seen_at', 'within_last_days', 7))).toEqual(['A', 'C', 'E']);
    expect(await members(where('last_seen_at', 'older_than_days', 90))).toEqual(['B']);
    expect(await members(where('last_seen_at', 'is_not_set'))).toEqual(['D', 'F']);

    // The same day in Tokyo: D was first seen on the 2nd there.
    await db.query(`UPDATE organizations SET timezone = 'Asia/Tokyo'`);
    try {
      expect(await countSegment(db, where('first_seen_at', 'equals', '2024-06-02'), NOW)).toBe(1);
      expect(await countSegment(db, where('first_seen_at', 'equals', '2024-06-01'), NOW)).toBe(0);
    } finally {
      await db.query(`UPDATE organizations SET timezone = 'UTC'`);
    }
  });

  it('tests tags and custom attributes (the key is bound like any value)', async () => {
    expect(await members(where('tags', 'contains', 'VIP'))).toEqual(['A', 'D']);
    expect(await members(where('tags', 'not_in', ['vip']))).toEqual(['B', 'C', 'E', 'F']);
    expect(await members(where('tags', 'is_not_set'))).toEqual(['C', 'E', 'F']);
    expect(await members(where('custom_attributes.plan', 'equals', 'PRO'))).toEqual(['A', 'C']);
    // seats is the number 12 for A and the text "3" for B: both read as numbers.
    expect(await members(where('custom_attributes.seats', 'gte', 10, { type: 'number' }))).toEqual(['A']);
    expect(await members(where('custom_attributes.seats', 'lt', 5, { type: 'number' }))).toEqual(['B']);
    expect(await members(where('custom_attributes.plan', 'gt', 1, { type: 'number' }))).toEqual([]);
    expect(await members(where('custom_attributes.seats', 'is_set'))).toEqual(['A', 'B']);
  });
});

describe('behaviour', () => {
  it('counts events, with or without a window and a type', async () => {
    const pv = { event_type: 'page_view' };
    expect(await members(where('event_count', 'gte', 3, { ...pv, within_last_days: 30 }))).toEqual([
      'A',
      'C',
    ]);
    expect(await members(where('event_count', 'gte', 4, pv))).toEqual(['A', 'C']);
    expect(await members(where('event_count', 'gte', 4, { ...pv, within_last_days: 30 }))).toEqual(['C']);
    expect(await members(where('event_count', 'between', [1, 3], { ...pv, within_last_days: 30 }))).toEqual([
      'A',
      'B',
    ]);
    expect(await members(where('event_count', 'gte', 1, { ...pv, within_last_days: 15 }))).toEqual(['A']);
    expect(await members(where('event_count', 'gte', 1, { ...pv, within_last_days: 16 }))).toEqual([
      'A',
      'B',
    ]);
    // No events of any type: E has an email event, so only D and F.
    expect(await members(where('event_count', 'equals', 0))).toEqual(['D', 'F']);
    expect(await members(where('event_count', 'lt', 2, pv))).toEqual(['B', 'D', 'E', 'F']);
  });

  it('reads opens and clicks from deliveries and from email events', async () => {
    expect(await members(where('opened_campaign', 'equals', X))).toEqual(['A', 'C']);
    expect(await members(where('clicked_campaign', 'equals', X))).toEqual(['C']);
    expect(await members(where('opened_campaign', 'in', [X, Y]))).toEqual(['A', 'C', 'E']);
    expect(await members(where('opened_campaign', 'not_equals', X))).toEqual(['B', 'D', 'E', 'F']);
    expect(await members(where('opened_campaign', 'is_set', undefined, { within_last_days: 10 }))).toEqual([
      'E',
    ]);
    expect(await members(where('opened_campaign', 'equals', X, { within_last_days: 19 }))).toEqual([
      'A',
      'C',
    ]);
    expect(await members(where('opened_campaign', 'equals', X, { within_last_days: 18 }))).toEqual(['C']);
  });

  it('counts orders and their revenue, leaving out cancelled ones', async () => {
    expect(await members(where('order_total', 'gt', 100))).toEqual(['A', 'B']);
    expect(await members(where('order_total', 'gte', 50, { within_last_days: 30 }))).toEqual(['A', 'E']);
    expect(await members(where('order_count', 'gte', 2))).toEqual(['A', 'E']);
    expect(await members(where('order_count', 'gt', 2))).toEqual(['E']);
    expect(await members(where('order_count', 'equals', 0, { within_last_days: 30 }))).toEqual([
      'B',
      'C',
      'F',
    ]);
  });

  it('combines AND / OR groups at any depth', async () => {
    const criteria = {
      logic: 'AND',
      conditions: [
        { field: 'lifecycle_stage', operator: 'in', value: ['engaged', 'churned'], type: 'string_array' },
      ],
      nested_conditions: [
        {
          logic: 'OR',
          conditions: [
            { field: 'total_revenue', operator: 'gte', value: 100, type: 'number' },
            {
              field: 'event_count',
              operator: 'gte',
              value: 5,
              event_type: 'page_view',
              within_last_days: 30,
            },
          ],
        },
      ],
    };
    expect(await members(criteria)).toEqual(['A', 'C']);
    const deeper = {
      logic: 'OR',
      conditions: [
        { field: 'country', operator: 'equals', value: 'DE' },
        {
          logic: 'AND',
          conditions: [{ field: 'country', operator: 'equals', value: 'US' }],
          nested_conditions: [
            {
              logic: 'OR',
              conditions: [{ field: 'contact_status', operator: 'equals', value: 'unsubscribed' }],
            },
          ],
        },
      ],
    };
    expect(await members(deeper)).toEqual(['B', 'D']);
    expect(await members({})).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
  });
});

describe('hostile input', () => {
  it('keeps quotes, SQL and unicode as data', async () => {
    expect(await members(where('custom_attributes.plan', 'equals', HOSTILE))).toEqual(['E']);
    expect(await members(where('country', 'equals', HOSTILE))).toEqual([]);
    expect(await members(where('city', 'equals', UNICODE_CITY))).toEqual(['F']);
    expect(await members(where('city', 'contains', '🚀 "ü'))).toEqual(['F']);
    expect(await members(where(`custom_attributes.${HOSTILE}`, 'is_set'))).toEqual([]);
    expect(await members(where('tags', 'in', [HOSTILE, "vip'--"]))).toEqual([]);
    expect((await rows('SELECT count(*)::int AS n FROM customers'))[0]?.['n']).toBe(6);
  });

  it('rejects unknown fields and operators before touching the database', async () => {
    const bad = await fails(countSegment(db, where('email; DROP TABLE customers', 'equals', 'x'), NOW));
    expect(bad.code).toBe('invalid-argument');
    expect(bad.message).toContain('conditions[0]');
    const op = await fails(countSegment(db, where('email', "= 'x' OR 1=1 --", 'x'), NOW));
    expect(op.code).toBe('invalid-argument');
    expect((await rows('SELECT count(*)::int AS n FROM customers'))[0]?.['n']).toBe(6);
  });

  it('refuses conditions naming a segment or campaign that does not exist', async () => {
    const missing = '20000000-0000-4000-8000-000000000009';
    const err = await fails(
      countSegment(
        db,
        {
          conditions: [
            { field: 'country', operator: 'is_set' },
            { field: 'in_segment', operator: 'equals', value: missing },
          ],
        },
        NOW,
      ),
    );
    expect(err.code).toBe('invalid-argument');
    expect(err.details).toMatchObject({ path: 'conditions[1]' });
  });
});

describe('segments', () => {
  it('refreshes a dynamic segment and keeps history: add → remove → re-add', async () => {
    const created = await createSegment(db, {
      name: 'Recent visitors',
      type: 'dynamic',
      criteria: where('last_seen_at', 'within_last_days', 7, { type: 'date' }),
      now: NOW,
    });
    expect(created.refresh).toEqual({ added: 3, removed: 0, kept: 0, size: 3, previousSize: 0 });
    const sid = created.segment.id;
    expect(created.segment).toMatchObject({ customerCount: 3, lastCustomerCount: 0, customerCountChange: 3 });
    expect(await memberIds(db, sid)).toEqual([A, C, E]);

    // Three days on, A (last seen 06-25) has dropped out of the 7-day window.
    const later = '2024-07-03T12:00:00.000Z';
    expect(await refreshSegment(db, sid, later)).toEqual({
      added: 0,
      removed: 1,
      kept: 2,
      size: 2,
      previousSize: 3,
    });
    expect(await memberIds(db, sid)).toEqual([C, E]);
    const gone = await rows(
      `SELECT is_active, removed_at, added_at FROM segment_memberships WHERE segment_id = $1 AND customer_id = $2`,
      [sid, A],
    );
    expect(gone).toEqual([{ is_active: false, removed_at: later, added_at: NOW }]);

    // A comes back: the same row is active again from the new refresh, first qualification kept.
    await db.query(`UPDATE customers SET last_seen_at = '2024-07-02T09:00:00Z' WHERE id = $1`, [A]);
    const again = '2024-07-04T12:00:00.000Z';
    expect(await refreshSegment(db, sid, again)).toEqual({
      added: 1,
      removed: 0,
      kept: 2,
      size: 3,
      previousSize: 2,
    });
    const back = await rows(
      `SELECT is_active, removed_at, added_at, first_qualified_at FROM segment_memberships
        WHERE segment_id = $1 AND customer_id = $2`,
      [sid, A],
    );
    expect(back).toEqual([{ is_active: true, removed_at: null, added_at: again, first_qualified_at: NOW }]);
    const seg = await rows(
      `SELECT customer_count, last_customer_count, customer_count_change, last_refreshed_at,
              refresh_duration IS NOT NULL AS timed
         FROM segments WHERE id = $1`,
      [sid],
    );
    expect(seg).toEqual([
      {
        customer_count: 3,
        last_customer_count: 2,
        customer_count_change: 1,
        last_refreshed_at: again,
        timed: true,
      },
    ]);

    // {A, C, E}: revenue 150 + 0 + 60 over 2 + 0 + 3 orders; engagement 80, 10, 90; C churned.
    const stats = await segmentStatistics(db, sid);
    expect(stats).toMatchObject({
      size: 3,
      previousSize: 2,
      change: 1,
      ltvBasis: 'total_revenue',
      averageLtv: 70,
      averageOrderValue: 42,
      averageEngagementScore: 60,
      churned: 1,
      unsubscribed: 0,
      unsubscribeRate: 0,
      totalRevenue: 210,
      totalOrders: 5,
    });
    expect(stats.churnRate).toBeCloseTo(1 / 3, 12);
    const stored = await rows(
      `SELECT average_ltv::float8 AS ltv, average_order_value::float8 AS aov,
      average_engagement_score::float8 AS eng, churn_rate::float8 AS churn FROM segments WHERE id = $1`,
      [sid],
    );
    expect(stored).toEqual([{ ltv: 70, aov: 42, eng: 60, churn: 0.3333 }]);

    await db.query(`UPDATE customers SET lifetime_value = 300 WHERE id = $1`, [E]);
    expect(await segmentStatistics(db, sid)).toMatchObject({ ltvBasis: 'lifetime_value', averageLtv: 100 });
    await db.query(
      `UPDATE customers SET lifetime_value = 0, last_seen_at = '2024-06-25T09:00:00Z' WHERE id = $1`,
      [A],
    );
    await db.query(`UPDATE customers SET lifetime_value = 0 WHERE id = $1`, [E]);
  });

  it('uploads a static list, reporting the addresses that matched nobody', async () => {
    const created = await createSegment(db, {
      name: 'Trade show leads',
      type: 'static',
      emails: [
        'ANN@example.com',
        'nobody@example.com',
        ' ann@example.com ',
        '',
        'cleo@example.com',
        'ghost@x.org',
      ],
      now: NOW,
    });
    expect(created.upload).toEqual({
      emails: 4,
      matchedEmails: 2,
      unmatchedEmails: ['nobody@example.com', 'ghost@x.org'],
      members: 2,
    });
    expect(created.segment).toMatchObject({ type: 'static', customerCount: 2, lastRefreshedAt: NOW });
    expect(await memberIds(db, created.segment.id)).toEqual([A, C]);
    const refresh = await fails(refreshSegment(db, created.segment.id, NOW));
    expect(refresh.code).toBe('invalid-argument');

    // {A, C}: revenue 150 over 2 orders, engagement 80 and 10, C churned.
    expect(await segmentStatistics(db, created.segment.id)).toMatchObject({
      size: 2,
      averageLtv: 75,
      averageOrderValue: 75,
      averageEngagementScore: 45,
      churnRate: 0.5,
    });

    expect(await exportMembers(db, created.segment.id)).toBe(
      'Email Address,First Name,Last Name,Tags\r\n' +
        'ann@example.com,Ann,Archer,"vip,newsletter"\r\n' +
        'Cleo@Example.com,Cleo,"O\'Neil, Jr.",\r\n',
    );

    // A segment defined by membership of the list.
    expect(await members(where('in_segment', 'equals', created.segment.id))).toEqual(['A', 'C']);
    expect(await members(where('in_segment', 'not_in', [created.segment.id]))).toEqual(['B', 'D', 'E', 'F']);
  });

  it('exports only members with an address', async () => {
    const vip = await createSegment(db, {
      name: 'VIP',
      type: 'dynamic',
      criteria: where('tags', 'contains', 'vip'),
      now: NOW,
    });
    expect(await memberIds(db, vip.segment.id)).toEqual([A, D]);
    expect(await exportMembers(db, vip.segment.id)).toBe(
      'Email Address,First Name,Last Name,Tags\r\nann@example.com,Ann,Archer,"vip,newsletter"\r\n',
    );
  });

  it('keeps names unique, lists by name, and deletes only unused segments', async () => {
    const dup = await fails(createSegment(db, { name: '  recent VISITORS ', type: 'static', emails: [] }));
    expect(dup.code).toBe('already-exists');
    const names = (await listSegments(db)).map((s) => s.name);
    expect(names).toEqual(['Recent visitors', 'Trade show leads', 'VIP']);

    const list = (await listSegments(db)).find((s) => s.name === 'Trade show leads');
    if (!list) throw new Error('missing');
    const user = await createSegment(db, {
      name: 'Leads who bought',
      type: 'dynamic',
      criteria: {
        conditions: [
          { field: 'in_segment', operator: 'equals', value: list.id.toUpperCase() },
          { field: 'total_orders', operator: 'gte', value: 1 },
        ],
      },
      now: NOW,
    });
    expect(user.refresh?.size).toBe(1);
    const used = await fails(deleteSegment(db, list.id));
    expect(used.code).toBe('invalid-argument');
    expect(used.message).toContain('Leads who bought');

    await deleteSegment(db, user.segment.id);
    await deleteSegment(db, list.id);
    expect((await fails(getSegment(db, list.id))).code).toBe('not-found');
    expect(
      (
        await rows(`SELECT count(*)::int AS n FROM segment_memberships WHERE segment_id = $1`, [list.id])
      )[0]?.['n'],
    ).toBe(0);
    expect((await fails(deleteSegment(db, 'not-a-uuid'))).code).toBe('not-found');
  });

  it('refreshes the demo workspace segments saved with the documents’ operators', async () => {
    const spec = {
      conditions: [
        { field: 'total_orders', operator: '>=', value: 1 },
        { field: 'last_seen_at', operator: 'older_than_days', value: 120 },
      ],
      logic: 'AND',
    };
    expect(await members(spec)).toEqual(['B']);
    expect(
      await members({ conditions: [{ field: 'first_seen_at', operator: 'within_days', value: 30 }] }),
    ).toEqual(['D', 'F']);
  });
});

describe('plans', () => {
  it('serves a five-condition count from the indexes on a workspace of realistic shape', async () => {
    // 10,000 people with 100,000 events and 30,000 orders over two years: enough rows that the planner
    // prefers per-person index probes to scanning the events of the window.
    await t.ok('workspaces/create', { name: 'Segments plan' });
    const big = await t.db('Segments plan');
    await big.exec(`
      INSERT INTO customers (id, email, country, engagement_score, first_seen_at)
      SELECT md5('p' || i)::uuid, 'p' || i || '@example.com', (ARRAY['FR', 'US', 'DE', 'GB'])[1 + i % 4], i % 101,
             timestamptz '2022-06-30' + (i % 700) * interval '1 day'
        FROM generate_series(1, 10000) i;
      INSERT INTO customer_events (customer_id, event_type, event_name, occurred_at)
      SELECT md5('p' || (1 + i % 10000))::uuid, (ARRAY['page_view', 'add_to_cart', 'purchase', 'email_opened'])[1 + i % 4],
             'e', timestamptz '2022-06-30' + (i % 730) * interval '1 day' + (i % 24) * interval '1 hour'
        FROM generate_series(1, 100000) i;
      INSERT INTO customer_orders (customer_id, order_total, ordered_at)
      SELECT md5('p' || (1 + i % 10000))::uuid, 10 + i % 90, timestamptz '2022-06-30' + (i % 730) * interval '1 day'
        FROM generate_series(1, 30000) i;
      ANALYZE customers; ANALYZE customer_events; ANALYZE customer_orders; ANALYZE segment_memberships;`);
    const criteria = {
      conditions: [
        { field: 'country', operator: 'in', value: ['FR', 'DE'] },
        { field: 'engagement_score', operator: 'gte', value: 20 },
        { field: 'first_seen_at', operator: 'before', value: '2024-01-01' },
        { field: 'event_count', operator: 'gte', value: 3, event_type: 'page_view', within_last_days: 30 },
        { field: 'order_count', operator: 'equals', value: 0, within_last_days: 90 },
      ],
    };
    const compiled = compileCriteria(criteria, { now: NOW });
    const plan = await big.query(`EXPLAIN SELECT count(*) FROM (${compiled.sql}) q`, compiled.params);
    const text = plan.rows.map((r) => String(r['QUERY PLAN'])).join('\n');
    expect(text).toContain('idx_customer_events_customer_occurred_type');
    expect(text).toContain('idx_customer_orders_customer_ordered_total');
    expect(text).not.toMatch(/Seq Scan on customer_events/);
  });
});
