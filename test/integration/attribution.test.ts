import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttributionAnalysis, ComparisonTable } from '../../core/api/attribution';
import type { SqlValue } from '../../core/api/sql';
import type { WorkspaceDb } from '../../core/db/workspace-db';
import { tempService, type TempService } from '../support/temp-service';

/**
 * Attribution over real workspaces: a small one built row by row, whose every
 * credit below is worked out by hand, and the demo workspace, where the models'
 * invariants are checked on thousands of real paths.
 */

const id = (kind: number, n: number): string =>
  `00000000-0000-4000-8000-${kind.toString(16).padStart(4, '0')}${n.toString(16).padStart(8, '0')}`;
const P = [1, 2, 3, 4, 5].map((n) => id(1, n)) as [string, string, string, string, string];
const O = [1, 2, 3, 4, 5].map((n) => id(2, n)) as [string, string, string, string, string];
const E = [1, 2, 3].map((n) => id(3, n)) as [string, string, string];
const CAMPAIGN = id(4, 1);

const day = (d: number, h = 12): string => new Date(Date.UTC(2025, 0, 1 + d, h)).toISOString();

let t: TempService;
let db: WorkspaceDb;
let ws: string;

async function q(sql: string, params: SqlValue[] = []): Promise<void> {
  await db.query(sql, params);
}

function cell(table: ComparisonTable, key: string, model: string): { conversions: number; value: number } {
  const row = table.rows.find((r) => r.key === key);
  const c = row?.cells.find((x) => x.model === model);
  return { conversions: c?.conversions ?? 0, value: c?.value ?? 0 };
}

beforeAll(async () => {
  t = tempService();
  ws = (await t.ok('workspaces/create', { name: 'Attribution by hand' })).id;
  db = await t.db(ws);
  for (const [i, p] of P.entries()) {
    await q(`INSERT INTO customers (id, email, first_seen_at) VALUES ($1, $2, $3)`, [
      p,
      `p${i + 1}@example.com`,
      day(0, 0),
    ]);
  }
  await q(
    `INSERT INTO campaigns (id, name, campaign_type, channel, status) VALUES ($1, 'Winter sale', 'email', 'email', 'completed')`,
    [CAMPAIGN],
  );
  // P1: an email click (channel named by the file) on day 0, a Google ad visit on day 5
  // (channel left to the rules), an order of 100 on day 6.
  await q(
    `INSERT INTO touchpoints (contact_id, touchpoint_type, touchpoint_date, channel, channel_is_explicit, campaign_id) VALUES
       ($1, 'email_click', $2, 'Email', true, $3)`,
    [P[0], day(0), CAMPAIGN],
  );
  await q(
    `INSERT INTO touchpoints (contact_id, touchpoint_type, touchpoint_date, source, medium, campaign_name) VALUES
       ($1, 'ad_click', $2, 'google', 'cpc', 'Brand terms')`,
    [P[0], day(5)],
  );
  // P2: a visit from Facebook (two page views of one session carry the UTM tags: one touch),
  // then an order of 50 that names only a discount code.
  await q(
    `INSERT INTO customer_events (id, customer_id, event_type, event_name, occurred_at, session_id, page_url, utm_source, utm_medium) VALUES
       ($1, $4, 'page_view', 'Home', $5, 's1', 'https://shop.example/?utm_source=facebook', 'facebook', 'social'),
       ($2, $4, 'page_view', 'Product', $6, 's1', 'https://shop.example/p/1', 'facebook', 'social'),
       ($3, $4, 'page_view', 'Blog', $7, NULL, 'https://shop.example/blog', NULL, NULL)`,
    [E[0], E[1], E[2], P[1], day(1), day(1, 13), day(2)],
  );
  // P3: a direct visit and no order: a journey that did not convert.
  await q(
    `INSERT INTO touchpoints (contact_id, touchpoint_type, touchpoint_date) VALUES ($1, 'web_visit', $2)`,
    [P[2], day(10)],
  );
  // P4: an order with no touch at all; a cancelled order (not a conversion).
  // P5: a touch on day 0 and an order on day 40, outside the 30-day lookback.
  await q(
    `INSERT INTO touchpoints (contact_id, touchpoint_type, touchpoint_date, source, medium) VALUES ($1, 'web_visit', $2, 'bing', 'organic')`,
    [P[4], day(0)],
  );
  await q(
    `INSERT INTO customer_orders (id, customer_id, order_id, ordered_at, order_status, subtotal, order_total, promotion_code) VALUES
       ($1, $6, '#1', $7, 'delivered', 100, 100, NULL),
       ($2, $8, '#2', $9, 'delivered', 50, 50, 'SPRING'),
       ($3, $10, '#3', $11, 'delivered', 30, 30, NULL),
       ($4, $10, '#4', $11, 'cancelled', 999, 999, NULL),
       ($5, $12, '#5', $13, 'delivered', 20, 20, NULL)`,
    [O[0], O[1], O[2], O[3], O[4], P[0], day(6), P[1], day(3), P[3], day(20), P[4], day(40)],
  );
  await q(
    `INSERT INTO ad_spend_daily (spend_date, source, channel, campaign_name, spend) VALUES
       ('2025-01-05', 'google_ads', 'Paid Search', 'Brand terms', 25), ('2025-01-06', 'google_ads', 'Paid Search', 'Brand terms', 15)`,
  );
});

afterAll(async () => {
  await t.dispose();
});

describe('attribution on a workspace built by hand', () => {
  let first: AttributionAnalysis;

  beforeAll(async () => {
    first = await t.ok('attribution/run', { workspace: ws });
  });

  it('derives touchpoints from tagged visits and discount-code orders once, and names every channel', async () => {
    // One touch for P2's Facebook session (not two), one for order #2's code; P1's order has no source fields.
    expect(first.touchpointsDerived.fromEvents).toBe(1);
    expect(first.touchpointsDerived.fromOrders).toBe(1);
    const rows = await db.query(
      `SELECT contact_id::text AS who, touchpoint_type AS type, channel, source, medium FROM touchpoints
        ORDER BY touchpoint_date, touchpoint_type`,
    );
    expect(rows.rows).toEqual([
      { who: P[0], type: 'email_click', channel: 'Email', source: null, medium: null },
      { who: P[4], type: 'web_visit', channel: 'Organic Search', source: 'bing', medium: 'organic' },
      { who: P[1], type: 'social', channel: 'Organic Social', source: 'facebook', medium: 'social' },
      {
        who: P[1],
        type: 'discount_code',
        channel: 'Discount Code',
        source: 'SPRING',
        medium: 'discount_code',
      },
      { who: P[0], type: 'ad_click', channel: 'Paid Search', source: 'google', medium: 'cpc' },
      { who: P[2], type: 'web_visit', channel: 'Direct', source: null, medium: null },
    ]);
    const again = await t.ok('attribution/run', { workspace: ws, models: 'linear', save: false });
    expect(again.touchpointsDerived).toEqual({ fromEvents: 0, fromOrders: 0, classified: 0 });
  });

  it('credits conversions exactly as worked out by hand', () => {
    // Conversions: #1 (100), #2 (50), #3 (30, no touch), #5 (20, its touch is 40 days old); #4 is cancelled.
    expect(first.totals.conversions).toBe(4);
    expect(first.totals.value).toBe(200);
    expect(first.paths.conversionsWithoutTouch).toBe(2);
    const ch = first.channels;
    // Last touch: #1 → Paid Search, #2 → Discount Code (the order's own touch, at the order time).
    expect(cell(ch, 'Paid Search', 'last-touch')).toEqual({ conversions: 1, value: 100 });
    expect(cell(ch, 'Discount Code', 'last-touch')).toEqual({ conversions: 1, value: 50 });
    expect(cell(ch, '(none)', 'last-touch')).toEqual({ conversions: 2, value: 50 });
    // First touch: #1 → Email, #2 → Organic Social.
    expect(cell(ch, 'Email', 'first-touch')).toEqual({ conversions: 1, value: 100 });
    expect(cell(ch, 'Organic Social', 'first-touch')).toEqual({ conversions: 1, value: 50 });
    // Linear: two touches each, half and half.
    expect(cell(ch, 'Email', 'linear')).toEqual({ conversions: 0.5, value: 50 });
    expect(cell(ch, 'Paid Search', 'linear')).toEqual({ conversions: 0.5, value: 50 });
    expect(cell(ch, 'Organic Social', 'linear')).toEqual({ conversions: 0.5, value: 25 });
    // Time decay, half-life 7 days: #1's touches are 6 and 1 days old, weights 2^(-6/7) and 2^(-1/7).
    const wEmail = 2 ** (-6 / 7);
    const wSearch = 2 ** (-1 / 7);
    expect(cell(ch, 'Email', 'time-decay').conversions).toBeCloseTo(wEmail / (wEmail + wSearch), 12);
    // The campaign view: Email's touch carries the Winter sale campaign, the ad its utm_campaign.
    expect(cell(first.campaigns, 'Winter sale', 'first-touch')).toEqual({ conversions: 1, value: 100 });
    expect(cell(first.campaigns, 'Brand terms', 'last-touch')).toEqual({ conversions: 1, value: 100 });
  });

  it('sets spend against credit: ROAS by model', () => {
    const search = first.channels.rows.find((r) => r.key === 'Paid Search');
    expect(search?.spend).toBe(40);
    const byModel = Object.fromEntries((search?.cells ?? []).map((c) => [c.model, c.roas]));
    expect(byModel['last-touch']).toBe(100 / 40);
    expect(byModel['linear']).toBe(50 / 40);
    expect(byModel['first-touch']).toBe(0);
    const brand = first.campaigns.rows.find((r) => r.key === 'Brand terms');
    expect(brand?.spend).toBe(40);
  });

  it('keeps every model adding up to the conversions and their value', () => {
    for (const m of first.models) {
      const conv = m.channels.reduce((s, r) => s + r.conversions, 0);
      const value = m.channels.reduce((s, r) => s + r.value, 0);
      expect(conv, m.key).toBeCloseTo(4, 9);
      expect(value, m.key).toBeCloseTo(200, 9);
    }
    expect(first.models.map((m) => m.key)).toEqual([
      'first-touch',
      'last-touch',
      'last-non-direct',
      'linear',
      'time-decay',
      'position-based',
      'u-shaped',
      'w-shaped',
      'markov',
      'shapley',
    ]);
  });

  it('lists the paths with their conversion rates, including journeys that did not convert', () => {
    const direct = first.topPaths.find((p) => p.label === 'Direct');
    expect(direct).toMatchObject({ conversions: 0, nonConversions: 1, conversionRate: 0 });
    const email = first.topPaths.find((p) => p.label === 'Email > Paid Search');
    expect(email).toMatchObject({ conversions: 1, value: 100 });
  });

  it('explains one conversion touch by touch', async () => {
    const d = await t.ok('attribution/drill-down', { workspace: ws, conversionId: O[0], model: 'linear' });
    expect(d.conversionLabel).toBe('#1');
    expect(d.customerId).toBe(P[0]);
    expect(
      d.touches.map((x) => [x.channel, x.campaign, x.daysBeforeConversion, x.credit, x.creditValue]),
    ).toEqual([
      ['Email', 'Winter sale', 6, 0.5, 50],
      ['Paid Search', 'Brand terms', 1, 0.5, 50],
    ]);
    const missing = await t.service.invoke('attribution/drill-down', {
      workspace: ws,
      conversionId: O[3],
      model: 'linear',
    });
    expect(missing.ok ? null : missing.error.code).toBe('not-found');
  });

  it('saves runs for dashboards, marks them stale after a change, and deletes only when confirmed', async () => {
    expect(first.runId).not.toBeNull();
    const credits = await db.query(
      `SELECT conversions, value::float8 AS value, spend::float8 AS spend FROM attribution_credits
        WHERE run_id = $1 AND model = 'last-touch' AND dimension = 'channel' AND key = 'Paid Search'`,
      [first.runId],
    );
    expect(credits.rows).toEqual([{ conversions: 1, value: 100, spend: 40 }]);
    const named = await t.ok('attribution/run', { workspace: ws, models: 'markov', name: 'Q1 review' });
    const again = await t.ok('attribution/run', {
      workspace: ws,
      models: 'markov,linear',
      name: 'q1 REVIEW',
    });
    const runs = await t.ok('attribution/list-runs', { workspace: ws });
    expect(runs.filter((r) => r.name !== null).map((r) => [r.id, r.parameters.models])).toEqual([
      [again.runId, ['markov', 'linear']],
    ]);
    expect(runs.some((r) => r.id === named.runId)).toBe(false);
    const shown = await t.ok('attribution/get-run', { workspace: ws, run: 'Q1 review' });
    expect(shown.channels).toEqual(again.channels);
    expect(shown.stale).toBe(false);
    await q(
      `INSERT INTO customer_orders (customer_id, order_id, ordered_at, order_status, subtotal, order_total) VALUES ($1, '#9', $2, 'delivered', 5, 5)`,
      [P[2], day(12)],
    );
    expect((await t.ok('attribution/get-run', { workspace: ws, run: 'Q1 review' })).stale).toBe(true);
    const refused = await t.service.invoke('attribution/delete-run', {
      workspace: ws,
      run: 'Q1 review',
      confirm: false,
    });
    expect(refused.ok ? null : refused.error.code).toBe('confirmation-required');
    await t.ok('attribution/delete-run', { workspace: ws, run: 'Q1 review', confirm: true });
    const gone = await t.service.invoke('attribution/get-run', { workspace: ws, run: 'Q1 review' });
    expect(gone.ok ? null : gone.error.code).toBe('not-found');
    await q(`DELETE FROM customer_orders WHERE order_id = '#9'`);
  });

  it('groups channels by the workspace rules, keeping channels a file named', async () => {
    const set = await t.ok('attribution/set-channel-rules', {
      workspace: ws,
      rules: [
        { channel: 'Search Ads', when: { source: '^google$' } },
        { channel: 'Social', when: { source: '^facebook$' } },
      ],
      fallbackChannel: 'Everything else',
    });
    // Re-grouped: google, facebook, SPRING, bing and the direct visit; the email click kept its named channel.
    expect(set.reclassified).toBe(5);
    const r = await t.ok('attribution/run', { workspace: ws, models: 'last-touch', save: false });
    expect(cell(r.channels, 'Search Ads', 'last-touch')).toEqual({ conversions: 1, value: 100 });
    expect(cell(r.channels, 'Everything else', 'last-touch')).toEqual({ conversions: 1, value: 50 });
    expect(cell(r.channels, 'Email', 'last-touch')).toEqual({ conversions: 0, value: 0 });
    const bad = await t.service.invoke('attribution/set-channel-rules', {
      workspace: ws,
      rules: [{ channel: 'Broken', when: { source: '([' } }],
    });
    expect(bad.ok ? null : bad.error.message).toMatch(/rule 1 \(Broken\) has an invalid source pattern/);
    const reset = await t.ok('attribution/set-channel-rules', { workspace: ws, rules: null });
    expect(reset.rules).toBeNull();
    const back = await t.ok('attribution/run', { workspace: ws, models: 'last-touch', save: false });
    expect(cell(back.channels, 'Paid Search', 'last-touch')).toEqual({ conversions: 1, value: 100 });
  });

  it('restricts to a period, a lookback, a segment and another conversion source', async () => {
    const period = await t.ok('attribution/run', {
      workspace: ws,
      models: 'last-touch',
      from: '2025-01-05',
      to: '2025-01-10',
      save: false,
    });
    expect(period.totals.conversions).toBe(1); // #1 on 7 January
    const longer = await t.ok('attribution/run', {
      workspace: ws,
      models: 'last-touch',
      lookbackDays: 45,
      save: false,
    });
    expect(cell(longer.channels, 'Organic Search', 'last-touch')).toEqual({ conversions: 1, value: 20 });
    const seg = await t.ok('segments/create', {
      workspace: ws,
      name: 'P1 only',
      type: 'static',
      emails: ['p1@example.com'],
    });
    const only = await t.ok('attribution/run', {
      workspace: ws,
      models: 'first-touch',
      segmentId: seg.segment.id,
      save: false,
    });
    expect(only.totals).toMatchObject({ conversions: 1, value: 100 });
    const events = await t.ok('attribution/run', {
      workspace: ws,
      models: 'first-touch',
      conversions: 'event:page_view',
      save: false,
    });
    // P2's three page views; the first two fall on or after the Facebook touch that one of them made.
    expect(events.totals.conversions).toBe(3);
    for (const [args, pattern] of [
      [{ conversions: 'refunds' }, /orders", "crm" or "event:TYPE/],
      [{ lookbackDays: -3 }, /lookback window \(days\) must be a positive number/],
      [{ models: 'first-touch,magic' }, /Unknown attribution model "magic"/],
      [{ from: '2025-13-40' }, /is not a date/],
    ] as const) {
      const r = await t.service.invoke('attribution/run', { workspace: ws, ...args } as never);
      expect(r.ok ? '' : r.error.message).toMatch(pattern);
    }
  });
});
