import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyChannel, parseLandingUrl } from '../../core/analytics/attribution/channel-grouping';
import { runCli } from '../../core/cli/run';
import type { PayloadOf, ResultOf } from '../../core/api/contract';
import type { SqlResult, SqlValue } from '../../core/api/sql';
import { buildDemo } from '../../core/demo';
import type { WorkspaceDb } from '../../core/db/workspace-db';
import { ServiceError } from '../../core/errors';
import { DEFAULT_DEMO_SEED } from '../../core/service/domains/demo';
import { runLoupe } from '../support/cli';
import { printedQueries, runnableSql } from '../support/design-doc-queries';
import { tempService, type TempService } from '../support/temp-service';

/**
 * The demo workspace: campaign-performance.md's sample as inputs (expected values
 * below are the document's, typed from it), a year of shop data with the shape
 * later analyses need, determinism, the design documents' queries, and the CLI.
 */

const MAIN = 'Marco Bicego New 2025 Campaign';

/** campaign-performance.md, "Sample Data: 15 luxury retailers + 1 brand user". */
const DOCUMENT_RETAILERS: Record<string, string[]> = {
  East: [
    'Betteridge NY',
    'Tourneau Times Square',
    'Manfredi Jewels',
    'David Yurman Boston',
    'Tiffany & Co Fifth Ave',
  ],
  Central: [
    "Bachendorf's Dallas",
    'Mayors Jewelry',
    'Fields Jewelers',
    'Jewelry Design Center',
    'Luxury Time Chicago',
  ],
  West: ['Cartier Rodeo Drive', 'Westime LA', 'Cellini Beverly Hills', 'Shreve & Co', 'Ben Bridge Jeweler'],
};

let t: TempService;
let demo: ResultOf<'demo/create-workspace'>;
let db: WorkspaceDb;
const events: { name: string; payload: unknown }[] = [];

async function run(sql: string, params: SqlValue[] = []): Promise<SqlResult> {
  return t.ok('sql/query', { workspace: demo.workspace.id, sql, params });
}

async function one(sql: string, params: SqlValue[] = []): Promise<Record<string, SqlValue>> {
  return (await run(sql, params)).rows[0] ?? {};
}

async function checksums(target: WorkspaceDb): Promise<Record<string, string>> {
  const tables = await target.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
  const out: Record<string, string> = {};
  for (const r of tables.rows) {
    const name = String(r['tablename']);
    const sum = await target.query(
      `SELECT md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) AS h FROM ${name} x`,
    );
    out[name] = String(sum.rows[0]?.['h']);
  }
  return out;
}

beforeAll(async () => {
  t = tempService();
  t.service.subscribe((name, payload) => events.push({ name, payload }));
  demo = await t.ok('demo/create-workspace', {});
  db = await t.db(demo.workspace.id);
});

afterAll(async () => {
  await t.dispose();
});

describe('building the demo through the service', () => {
  it('creates "Demo — Marco Bicego" with the default seed, reports progress and what it holds', async () => {
    expect(demo.workspace).toMatchObject({
      name: 'Demo — Marco Bicego',
      client: 'Marco Bicego',
      archived: false,
    });
    expect(demo.summary.seed).toBe(DEFAULT_DEMO_SEED);
    for (const [table, rows] of Object.entries(demo.summary.tables)) {
      expect(Number((await one(`SELECT count(*) AS n FROM ${table}`))['n']), table).toBe(rows);
    }

    const progress = events
      .filter((e) => e.name === 'job/progress')
      .map((e) => e.payload as PayloadOf<'job/progress'>)
      .filter((p) => p.kind === 'demo');
    expect(progress.length).toBeGreaterThan(2);
    expect(new Set(progress.map((p) => p.jobId)).size).toBe(1);
    const done = progress.map((p) => p.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done[0]).toBe(0);
    expect(progress.at(-1)?.done).toBe(progress.at(-1)?.total);

    expect(events).toContainEqual({
      name: 'data/changed',
      payload: { workspaceId: demo.workspace.id, reason: 'demo' },
    });
    expect(events).toContainEqual({
      name: 'workspaces/changed',
      payload: { reason: 'created', id: demo.workspace.id },
    });
    const listed = await t.ok('workspaces/list', {});
    expect(listed.map((w) => w.name)).toEqual(['Demo — Marco Bicego']);
  });

  it('refuses a bad seed or a taken name before creating anything', async () => {
    for (const seed of [-1, 1.5, 2 ** 32]) {
      const out = await t.service.invoke('demo/create-workspace', { seed });
      expect(out.ok ? 'ok' : out.error.code, String(seed)).toBe('invalid-argument');
    }
    const taken = await t.service.invoke('demo/create-workspace', { name: 'demo — marco bicego' });
    expect(taken.ok ? 'ok' : taken.error.code).toBe('already-exists');
    expect((await t.ok('workspaces/list', {})).map((w) => w.name)).toEqual(['Demo — Marco Bicego']);
  });

  it('leaves no workspace behind when the build is cancelled, and names the next demo "(2)"', async () => {
    const controller = new AbortController();
    controller.abort();
    const out = await t.service.invoke('demo/create-workspace', {}, controller.signal);
    expect(out.ok ? 'ok' : out.error.code).toBe('cancelled');
    expect((await t.ok('workspaces/list', {})).map((w) => w.name)).toEqual(['Demo — Marco Bicego']);
    // The unfinished copy went to the trash, under the next free name.
    expect((await t.ok('workspaces/list-trash', {})).map((w) => w.name)).toEqual(['Demo — Marco Bicego (2)']);
  });

  it('refuses to build into a workspace that already holds data', async () => {
    await expect(buildDemo(db, { seed: 1, now: new Date() })).rejects.toSatisfy(
      (err) => err instanceof ServiceError && err.code === 'invalid-argument',
    );
  });
});

describe('campaign-performance.md’s sample, as inputs', () => {
  it('has the 15 retailers in their 3 regions and one brand user', async () => {
    const retailers = await run(
      `SELECT region, name FROM users WHERE user_type = 'retailer' ORDER BY region, name`,
    );
    const byRegion: Record<string, string[]> = {};
    for (const r of retailers.rows) (byRegion[String(r['region'])] ??= []).push(String(r['name']));
    expect(Object.keys(byRegion).sort()).toEqual(['Central', 'East', 'West']);
    for (const [region, names] of Object.entries(DOCUMENT_RETAILERS)) {
      expect(byRegion[region], region).toEqual([...names].sort());
    }
    expect(await one(`SELECT count(*)::int AS n FROM users WHERE user_type = 'brand'`)).toEqual({ n: 1 });
  });

  it('has the 4 campaigns with the document’s budgets, spend and statuses', async () => {
    const campaigns = await run(
      `SELECT name, status, budget_allocated, budget_spent FROM campaigns
        WHERE name IN ($1, 'Spring Collection Preview', 'Holiday Luxury Campaign', 'Summer Elegance 2025')
        ORDER BY name`,
      [MAIN],
    );
    expect(campaigns.rows).toEqual([
      {
        name: 'Holiday Luxury Campaign',
        status: 'paused',
        budget_allocated: '120000.00',
        budget_spent: '85000.00',
      },
      { name: MAIN, status: 'active', budget_allocated: '75000.00', budget_spent: '33500.00' },
      {
        name: 'Spring Collection Preview',
        status: 'completed',
        budget_allocated: '45000.00',
        budget_spent: '42000.00',
      },
      { name: 'Summer Elegance 2025', status: 'draft', budget_allocated: '60000.00', budget_spent: '0.00' },
    ]);
    expect(
      await one(
        `SELECT start_date::date::text AS s, end_date::date::text AS e FROM campaigns WHERE name = $1`,
        [MAIN],
      ),
    ).toEqual({ s: '2025-01-14', e: '2025-02-14' });
    // Created by the brand user, as the document's campaigns are.
    expect(
      await one(
        `SELECT count(*)::int AS n FROM campaigns c JOIN users u ON u.id = c.created_by
          WHERE u.user_type = 'brand' AND c.name IN ($1, 'Spring Collection Preview', 'Holiday Luxury Campaign', 'Summer Elegance 2025')`,
        [MAIN],
      ),
    ).toEqual({ n: 4 });
  });

  it('has the main campaign’s 3 email campaigns with their subjects', async () => {
    const emails = await run(
      `SELECT ec.subject FROM email_campaigns ec JOIN campaigns c ON c.id = ec.campaign_id
        WHERE c.name = $1 ORDER BY ec.sent_at`,
      [MAIN],
    );
    expect(emails.rows.map((r) => r['subject'])).toEqual([
      '✨ Introducing Marco Bicego New 2025 Collection',
      '🎯 Exclusive Retailer Pricing - Marco Bicego 2025',
      '💎 Marco Bicego: Marketing Materials Available',
    ]);
  });

  it('has 27,037 per-recipient sends, 600+ per retailer and email, at the described rates', async () => {
    const sends = await one(
      `SELECT count(*)::int AS sent,
              count(*) FILTER (WHERE s.status = 'delivered')::int AS delivered,
              count(*) FILTER (WHERE s.opened_at IS NOT NULL)::int AS opened,
              count(*) FILTER (WHERE s.clicked_at IS NOT NULL)::int AS clicked,
              count(DISTINCT s.retailer_id)::int AS retailers
         FROM email_sends s JOIN campaigns c ON c.id = s.campaign_id WHERE c.name = $1`,
      [MAIN],
    );
    expect(sends['sent']).toBe(27_037);
    expect(sends['retailers']).toBe(15);
    const [sent, delivered, opened, clicked] = [
      sends['sent'],
      sends['delivered'],
      sends['opened'],
      sends['clicked'],
    ].map(Number) as [number, number, number, number];
    // "98 % delivery rate", "43 % open rate", "3.2 % click rate", the last two over delivered.
    expect((delivered / sent) * 100).toBeCloseTo(98, 1);
    expect((opened / delivered) * 100).toBeCloseTo(43, 1);
    expect((clicked / delivered) * 100).toBeCloseTo(3.2, 1);

    const lists = await one(
      `SELECT min(n)::int AS least, max(n)::int AS most, count(*)::int AS lists
         FROM (SELECT s.retailer_id, s.email_campaign_id, count(*) AS n
                 FROM email_sends s JOIN campaigns c ON c.id = s.campaign_id WHERE c.name = $1
                GROUP BY 1, 2) x`,
      [MAIN],
    );
    expect(lists).toEqual({ least: 600, most: 601, lists: 45 });

    // Every engagement follows what makes it possible, in time order.
    expect(
      await one(
        `SELECT count(*) FILTER (WHERE delivered_at < sent_at)::int AS delivered_early,
                count(*) FILTER (WHERE opened_at IS NOT NULL AND (status <> 'delivered' OR opened_at < delivered_at))::int AS bad_opens,
                count(*) FILTER (WHERE clicked_at IS NOT NULL AND (opened_at IS NULL OR clicked_at < opened_at))::int AS bad_clicks
           FROM email_sends`,
      ),
    ).toEqual({ delivered_early: 0, bad_opens: 0, bad_clicks: 0 });
  });

  it('has CRM conversions in the described mix and ranges, each after a click of its retailer', async () => {
    const mix = await run(
      `SELECT conversion_type AS type, count(*)::int AS n, min(conversion_value)::float AS lo, max(conversion_value)::float AS hi
         FROM crm_conversions GROUP BY 1 ORDER BY 1`,
    );
    expect(mix.rows.map((r) => [r['type'], r['n']])).toEqual([
      ['lead', 2],
      ['sale', 7],
      ['signup', 1],
    ]);
    const ranges: Record<string, [number, number]> = {
      sale: [2000, 10000],
      lead: [500, 2000],
      signup: [100, 400],
    };
    for (const r of mix.rows) {
      const [lo, hi] = ranges[String(r['type'])] ?? [0, 0];
      expect(Number(r['lo'])).toBeGreaterThanOrEqual(lo);
      expect(Number(r['hi'])).toBeLessThanOrEqual(hi);
    }
    expect(
      await one(
        `SELECT count(*)::int AS bad FROM crm_conversions cc LEFT JOIN email_sends s ON s.id = cc.email_send_id
          WHERE s.id IS NULL OR s.retailer_id <> cc.retailer_id OR s.clicked_at IS NULL OR s.clicked_at > cc.conversion_date
             OR cc.product_category NOT IN ('Necklaces', 'Bracelets', 'Earrings', 'Rings')`,
      ),
    ).toEqual({ bad: 0 });
  });

  it('has 1–4 e-commerce orders per retailer of $1,000–$6,000, 60 % attributed to email', async () => {
    const perRetailer = await one(
      `SELECT count(*)::int AS retailers, min(n)::int AS least, max(n)::int AS most
         FROM (SELECT r.id, count(o.id) AS n FROM retailers r LEFT JOIN ecommerce_orders o ON o.retailer_id = r.id GROUP BY r.id) x`,
    );
    expect(perRetailer).toEqual({ retailers: 15, least: 1, most: 4 });
    const orders = await one(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE attributed_to_email)::int AS email,
              min(order_value)::float AS lo, max(order_value)::float AS hi
         FROM ecommerce_orders WHERE retailer_id IS NOT NULL`,
    );
    expect(Number(orders['email']) / Number(orders['n'])).toBe(0.6);
    expect(Number(orders['lo'])).toBeGreaterThanOrEqual(1000);
    expect(Number(orders['hi'])).toBeLessThanOrEqual(6000);
  });

  it('ranks Cartier Rodeo Drive, Betteridge NY and Tiffany & Co Fifth Ave first by click rate, with their attributed revenue', async () => {
    const top = await run(
      `SELECT retailer_name, click_rate::float AS click_rate FROM campaign_retailer_summary
        WHERE campaign_name = $1 ORDER BY click_rate DESC LIMIT 4`,
      [MAIN],
    );
    expect(top.rows.slice(0, 3).map((r) => r['retailer_name'])).toEqual([
      'Cartier Rodeo Drive',
      'Betteridge NY',
      'Tiffany & Co Fifth Ave',
    ]);
    // Rates from whole clicks: within 0.05 points of the document's 4.8 %, 4.2 %, 3.9 %.
    [4.8, 4.2, 3.9].forEach((rate, i) => expect(Number(top.rows[i]?.['click_rate'])).toBeCloseTo(rate, 1));
    expect(Number(top.rows[3]?.['click_rate'])).toBeLessThan(3.9);

    // Attributed revenue: the retailer's CRM conversions and its email-attributed orders.
    const attributed = await run(
      `SELECT r.name,
              (SELECT coalesce(sum(conversion_value), 0) FROM crm_conversions WHERE retailer_id = r.id)
            + (SELECT coalesce(sum(order_value), 0) FROM ecommerce_orders WHERE retailer_id = r.id AND attributed_to_email) AS revenue
         FROM retailers r WHERE r.name IN ('Cartier Rodeo Drive', 'Betteridge NY', 'Tiffany & Co Fifth Ave') ORDER BY 2 DESC`,
    );
    expect(attributed.rows).toEqual([
      { name: 'Cartier Rodeo Drive', revenue: '8500.00' },
      { name: 'Betteridge NY', revenue: '7200.00' },
      { name: 'Tiffany & Co Fifth Ave', revenue: '6800.00' },
    ]);
  });

  it('lets Loupe compute revenue and ROI from the rows, as docs/demo.md reports them', async () => {
    const byHand = await one(
      `SELECT (SELECT sum(conversion_value) FROM crm_conversions cc JOIN campaigns c ON c.id = cc.campaign_id WHERE c.name = $1)
            + (SELECT sum(order_value) FROM ecommerce_orders o JOIN campaigns c ON c.id = o.campaign_id
                WHERE c.name = $1 AND o.order_status NOT IN ('cancelled', 'refunded')) AS revenue`,
      [MAIN],
    );
    const revenue = Number(byHand['revenue']);
    const view = await one(
      `SELECT total_revenue::float AS revenue, roi_percentage::float AS roi, performance_tier, open_rate, click_rate
         FROM campaign_roi_summary WHERE campaign_name = $1`,
      [MAIN],
    );
    const roi = Math.round(((revenue - 33_500) / 33_500) * 1000) / 10;
    expect(view).toEqual({
      revenue,
      roi,
      performance_tier: roi >= 100 ? 'High ROI' : roi >= 50 ? 'Good ROI' : 'Standard',
      open_rate: '43.00',
      click_rate: '3.20',
    });
    const doc = readFileSync(new URL('../../docs/demo.md', import.meta.url), 'utf8');
    expect(doc).toContain(`$${revenue.toLocaleString('en-US')}`);
    expect(doc).toContain(`${roi.toFixed(1)} % ROI`);
  });
});

describe('the shop year', () => {
  it('spreads 3,000 customers over the year, with a minority of repeat buyers', async () => {
    const people = await one(
      `SELECT count(*)::int AS n, count(DISTINCT date_trunc('month', first_seen_at))::int AS months,
              count(*) FILTER (WHERE total_orders > 0)::int AS buyers,
              count(*) FILTER (WHERE total_orders > 1)::int AS repeat
         FROM customers`,
    );
    expect(people['n']).toBe(3000);
    expect(Number(people['months'])).toBeGreaterThanOrEqual(12);
    const buyers = Number(people['buyers']) / 3000;
    const repeat = Number(people['repeat']) / Number(people['buyers']);
    expect(buyers).toBeGreaterThan(0.2);
    expect(buyers).toBeLessThan(0.5);
    expect(repeat).toBeGreaterThan(0.15);
    expect(repeat).toBeLessThan(0.5);

    // Activity fades: of the first quarter's customers, fewer are active six months
    // after they were first seen than in their second month.
    const fading = await one(
      `WITH early AS (SELECT id, first_seen_at FROM customers
                       WHERE first_seen_at < (SELECT min(first_seen_at) + interval '90 days' FROM customers))
       SELECT count(DISTINCT e.customer_id) FILTER (WHERE e.occurred_at >= c.first_seen_at + interval '30 days'
                                                      AND e.occurred_at < c.first_seen_at + interval '60 days')::int AS month2,
              count(DISTINCT e.customer_id) FILTER (WHERE e.occurred_at >= c.first_seen_at + interval '180 days'
                                                      AND e.occurred_at < c.first_seen_at + interval '210 days')::int AS month7
         FROM early c JOIN customer_events e ON e.customer_id = c.id AND e.event_type = 'page_view'`,
    );
    expect(Number(fading['month7'])).toBeGreaterThan(0);
    expect(Number(fading['month7'])).toBeLessThan(Number(fading['month2']));
  });

  it('runs page view → add to cart → checkout → purchase with drop-off, one order per purchase', async () => {
    const funnel = await one(
      `SELECT count(DISTINCT session_id) FILTER (WHERE event_type = 'page_view')::int AS visits,
              count(DISTINCT session_id) FILTER (WHERE event_type = 'add_to_cart')::int AS carts,
              count(DISTINCT session_id) FILTER (WHERE event_type = 'checkout')::int AS checkouts,
              count(*) FILTER (WHERE event_type = 'purchase')::int AS purchases,
              (SELECT count(*) FROM customer_orders WHERE customer_id IS NOT NULL)::int AS orders
         FROM customer_events`,
    );
    const [visits, carts, checkouts, purchases] = ['visits', 'carts', 'checkouts', 'purchases'].map((k) =>
      Number(funnel[k]),
    ) as [number, number, number, number];
    expect(purchases).toBeGreaterThan(500);
    expect(checkouts).toBeGreaterThan(purchases);
    expect(carts).toBeGreaterThan(checkouts);
    expect(visits).toBeGreaterThan(carts);
    expect(funnel['orders']).toBe(purchases);
    // Every purchase follows a checkout and an add to cart in the same visit.
    expect(
      await one(
        `SELECT count(*)::int AS bad FROM customer_events p
          WHERE p.event_type = 'purchase' AND NOT EXISTS (
                SELECT 1 FROM customer_events c WHERE c.session_id = p.session_id AND c.event_type = 'checkout' AND c.occurred_at <= p.occurred_at)`,
      ),
    ).toEqual({ bad: 0 });
  });

  it('has touchpoints whose channels Loupe’s channel grouping derives, several before many orders', async () => {
    const touches = await run(`SELECT channel, referrer_url, landing_page_url FROM touchpoints`);
    const channels = new Set<string>();
    for (const r of touches.rows) {
      const landing = parseLandingUrl(String(r['landing_page_url']));
      const derived = classifyChannel({
        source: landing?.source ?? null,
        medium: landing?.medium ?? null,
        referrer: r['referrer_url'] === null ? null : String(r['referrer_url']),
        clickIds: landing?.clickIds ?? [],
      });
      expect(derived).toBe(r['channel']);
      channels.add(String(r['channel']));
    }
    expect([...channels].sort()).toEqual([
      'Direct',
      'Email',
      'Organic Search',
      'Organic Social',
      'Paid Search',
      'Paid Social',
      'Referral',
    ]);
    // Multi-touch attribution has something to weigh: many orders follow touches in several channels.
    const paths = await one(
      `SELECT count(*)::int AS orders, count(*) FILTER (WHERE channels > 1)::int AS multi
         FROM (SELECT o.id, count(DISTINCT t.channel) AS channels
                 FROM customer_orders o
                 JOIN touchpoints t ON t.contact_id = o.customer_id
                  AND t.touchpoint_date <= o.ordered_at AND t.touchpoint_date > o.ordered_at - interval '30 days'
                GROUP BY o.id) x`,
    );
    expect(Number(paths['multi']) / Number(paths['orders'])).toBeGreaterThan(0.2);
  });

  it('has daily ad spend for the paid campaigns, their spend totals, and revenue against it', async () => {
    const paid = await run(
      `SELECT c.name, c.budget_spent::float AS spent, count(a.id)::int AS days, sum(a.spend)::float AS spend,
              max(a.spend_date) < current_date AS past,
              (SELECT sum(o.order_total) FROM customer_orders o WHERE o.campaign_id = c.id AND o.order_status = 'delivered')::float AS revenue
         FROM campaigns c JOIN ad_spend_daily a ON a.campaign_id = c.id GROUP BY c.id ORDER BY c.name`,
    );
    expect(paid.rows.map((r) => r['name'])).toEqual([
      'Google Ads — Brand search',
      'Google Ads — Fine jewelry',
      'Meta — Prospecting',
      'Meta — Retargeting',
    ]);
    for (const r of paid.rows) {
      expect(r['days']).toBe(365);
      expect(r['past']).toBe(true);
      expect(Number(r['spent'])).toBeCloseTo(Number(r['spend']), 2);
      expect(Number(r['revenue'])).toBeGreaterThan(0);
    }
  });

  it('has email opens and clicks tied to deliveries, and segments with their members counted', async () => {
    expect(
      await one(
        `SELECT count(*) FILTER (WHERE d.opened_at IS NULL OR d.customer_id <> e.customer_id)::int AS bad,
                count(*)::int AS n
           FROM customer_events e JOIN message_deliveries d ON d.id = e.delivery_id WHERE e.event_type = 'email_open'`,
      ),
    ).toMatchObject({ bad: 0 });
    const segments = await run(
      `SELECT s.name, s.customer_count, (SELECT count(*) FROM segment_memberships m WHERE m.segment_id = s.id)::int AS members
         FROM segments s ORDER BY s.name`,
    );
    expect(segments.rows).toHaveLength(5);
    for (const s of segments.rows) {
      expect(s['customer_count'], String(s['name'])).toBe(s['members']);
      expect(Number(s['members']), String(s['name'])).toBeGreaterThan(0);
    }
  });

  it('records the build once in the activity log and leaves no tombstones', async () => {
    const log = await run(
      `SELECT action_description, additional_context ->> 'seed' AS seed FROM activity_logs`,
    );
    expect(log.rows).toEqual([
      {
        action_description: `Built the demo workspace (seed ${DEFAULT_DEMO_SEED})`,
        seed: String(DEFAULT_DEMO_SEED),
      },
    ]);
    expect(await one(`SELECT count(*)::int AS n FROM loupe.tombstones`)).toEqual({ n: 0 });
  });
});

describe('determinism', () => {
  it('rebuilds byte for byte from the same seed and moment', async () => {
    const moment = await one(`SELECT occurred_at FROM activity_logs`);
    await t.ok('workspaces/create', { name: 'Replay' });
    const replay = await t.db('Replay');
    await buildDemo(replay, { seed: DEFAULT_DEMO_SEED, now: new Date(String(moment['occurred_at'])) });
    const [original, rebuilt] = [await checksums(db), await checksums(replay)];
    expect(Object.keys(rebuilt).length).toBeGreaterThan(60);
    expect(rebuilt).toEqual(original);
  });
});

describe('the design documents’ printed queries on the demo workspace', () => {
  const queries = printedQueries().filter((f) => !f.headers.has('extension'));
  /** Queries about campaigns, which the demo exists to answer. */
  const CAMPAIGN_QUERIES = new Set([
    'cdp-kpi-top-campaigns.sql',
    'cdp-view-campaign-performance-summary.sql',
    'cp-view-campaign-performance-summary.sql',
    'mad-view-campaign-performance-dashboard.sql',
    'mad-view-marketing-operations-dashboard.sql',
  ]);
  /**
   * Printed views that join several one-to-many tables in one GROUP BY: on a
   * workspace of realistic size they multiply into more rows than can be
   * aggregated in a test (docs/schema.md, Views). They are planned against the
   * demo, their row product is measured, and Loupe's corrected view is run.
   */
  const FAN_OUT = new Map([
    [
      'mad-view-marketing-operations-dashboard.sql',
      `SELECT (SELECT count(*) FROM marketing_campaigns WHERE campaign_status = 'active')
            * (SELECT count(*) FROM contacts WHERE contact_status = 'active')
            * (SELECT count(*) FROM events WHERE event_timestamp >= CURRENT_DATE - INTERVAL '30 days')
            * greatest(1, (SELECT count(*) FROM content_library WHERE publish_status = 'published')) AS joined_rows`,
    ],
  ]);

  it('covers every vendored query', () => {
    expect(queries.length).toBeGreaterThanOrEqual(19);
    for (const file of [...CAMPAIGN_QUERIES, ...FAN_OUT.keys()]) {
      expect(queries.map((q) => q.file)).toContain(file);
    }
  });

  for (const fixture of queries.filter((f) => !f.file.startsWith('cp-view'))) {
    it(`${fixture.file} runs on the demo workspace`, async () => {
      const fanOut = FAN_OUT.get(fixture.file);
      if (fanOut) {
        const plan = await run(`EXPLAIN ${runnableSql(fixture)}`);
        expect(plan.rowCount).toBeGreaterThan(0);
        expect(Number((await one(fanOut))['joined_rows'])).toBeGreaterThan(20_000_000);
        const canonical = fixture.headers.get('canonical');
        if (!canonical) throw new Error(`${fixture.file} names no canonical view`);
        expect((await run(`SELECT * FROM ${canonical}`)).rowCount).toBeGreaterThan(0);
        return;
      }
      const result = await run(runnableSql(fixture));
      if (CAMPAIGN_QUERIES.has(fixture.file)) expect(result.rowCount).toBeGreaterThan(0);
    });
  }

  it('cp-view-campaign-performance-summary.sql runs, and counts each send once per conversion and order', async () => {
    const fixture = queries.find((f) => f.file === 'cp-view-campaign-performance-summary.sql');
    if (!fixture) throw new Error('missing fixture');
    const printed = await run(
      `SELECT campaign_name, total_emails_sent FROM (${runnableSql(fixture)}) v ORDER BY total_emails_sent DESC LIMIT 1`,
    );
    // 27,037 sends × 10 CRM conversions × 35 retailer orders of the main campaign.
    expect(printed.rows).toEqual([{ campaign_name: MAIN, total_emails_sent: 27_037 * 10 * 35 }]);
    const loupe = await one(`SELECT total_emails_sent FROM campaign_roi_summary WHERE campaign_name = $1`, [
      MAIN,
    ]);
    expect(loupe).toEqual({ total_emails_sent: 27_037 });
  }, 300_000);
});

describe('loupe demo', () => {
  const home = mkdtempSync(join(tmpdir(), 'loupe-demo-cli-'));
  const env = { LOUPE_HOME: home };
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  const retailChecksum = `SELECT md5(string_agg(concat_ws('|', r.name, s.recipient_email, s.status, s.opened_at, s.clicked_at), ',' ORDER BY s.sent_at, s.recipient_email)) AS h
                            FROM email_sends s JOIN retailers r ON r.id = s.retailer_id`;

  it('builds a demo workspace and prints it as JSON', async () => {
    const json = await runLoupe(['demo', '--seed', '7', '--json'], env);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const made = JSON.parse(json.stdout) as ResultOf<'demo/create-workspace'>;
    expect(made.workspace.name).toBe('Demo — Marco Bicego');
    expect(made.summary.seed).toBe(7);
    expect(made.summary.tables['retailers']).toBe(15);
    expect(made.summary.tables['customers']).toBe(3000);
    const count = await runLoupe(
      ['sql', '--workspace', made.workspace.name, 'SELECT count(*)::int AS n FROM email_sends', '--json'],
      env,
    );
    expect(JSON.parse(count.stdout)).toEqual([{ n: made.summary.tables['message_deliveries'] }]);
  });

  it('prints the workspace and a table of row counts for people, with progress on stderr', async () => {
    const out: string[] = [];
    const err: string[] = [];
    // The command in this process, on the test's service (kept open: runCli closes the service it used).
    const code = await runCli(['demo', '--seed', '7', '--workspace', 'Seven again'], {
      output: { out: (text) => out.push(text), err: (text) => err.push(text) },
      stopped: new Promise<void>(() => undefined),
      makeService: () => ({ ...t.service, close: async () => undefined }),
    });
    expect(code).toBe(0);
    const stdout = out.join('\n');
    expect(stdout).toContain('Created demo workspace "Seven again" (seed 7)');
    expect(stdout).toMatch(/^table\s+rows$/m);
    expect(stdout).toMatch(/^message_deliveries\s+\d+$/m);
    expect(err.join('\n')).toContain('Writing the workspace');

    // The retail sample does not depend on the day: the same seed gives the same sends in
    // another process, another seed other ones.
    const cli = await runLoupe(['sql', '--workspace', 'Demo — Marco Bicego', retailChecksum, '--json'], env);
    const fromCli = (JSON.parse(cli.stdout) as { h: string }[])[0]?.h;
    const seven = await t.ok('sql/query', { workspace: 'Seven again', sql: retailChecksum });
    expect(seven.rows[0]?.['h']).toBe(fromCli);
    expect((await one(retailChecksum))['h']).not.toBe(fromCli);
  });

  it('reports a bad seed or a taken name with the usual exit codes', async () => {
    const seed = await runLoupe(['demo', '--seed', 'seven'], env);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('--seed');
    const taken = await runLoupe(['demo', '--workspace', 'Demo — Marco Bicego', '--json'], env);
    expect(taken.code).toBe(1);
    expect(JSON.parse(taken.stderr)).toMatchObject({ error: { code: 'already-exists' } });
  });
});
