import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CohortAnswer, FunnelAnswer } from '../../core/api/analytics';
import type {
  AttributionAnalysis,
  AttributionDrillDown,
  AttributionRunSummary,
  ChannelGroupingData,
} from '../../core/api/attribution';
import type { ClvResult, RfmAnswer, ScoreRunSummary } from '../../core/api/scores';
import type { SegmentSummary } from '../../core/api/segments';
import type { SqlResult } from '../../core/api/sql';
import { runLoupe } from '../support/cli';

/**
 * Cohorts, funnels and segments from the command line on the demo workspace,
 * each checked against SQL written independently of the analysis code.
 */

let home: string;
let env: NodeJS.ProcessEnv;

async function json<T>(args: string[]): Promise<T> {
  const r = await runLoupe([...args, '--json'], env);
  if (r.code !== 0) throw new Error(`loupe ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** `loupe sql --json` prints the rows. */
async function sql(query: string): Promise<SqlResult['rows']> {
  return json<SqlResult['rows']>(['sql', '--workspace', 'Demo', query]);
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'loupe-analytics-cli-'));
  env = { LOUPE_HOME: home };
  const made = await runLoupe(['demo', '--workspace', 'Demo'], env);
  expect(made.code).toBe(0);
});

afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

describe('loupe cohorts', () => {
  it('monthly acquisition cohorts agree with plain SQL over the orders', async () => {
    const answer = await json<CohortAnswer>(['cohorts', '--workspace', 'Demo']);
    // The demo workspace runs on UTC; purchases are orders not cancelled and worth something.
    const expected = await sql(`
      WITH o AS (SELECT customer_id, date_trunc('month', ordered_at AT TIME ZONE 'UTC') AS m FROM customer_orders
                  WHERE customer_id IS NOT NULL AND order_status <> 'cancelled' AND order_total - refunded_amount > 0),
           f AS (SELECT customer_id, min(m) AS c FROM o GROUP BY customer_id),
           back AS (SELECT DISTINCT f.c, o.customer_id FROM f JOIN o USING (customer_id) WHERE o.m = f.c + interval '1 month')
      SELECT to_char(f.c, 'YYYY-MM') AS label, count(*)::int AS size,
             (SELECT count(*)::int FROM back b WHERE b.c = f.c) AS month1
        FROM f GROUP BY f.c ORDER BY f.c`);
    expect(expected.length).toBeGreaterThan(6);
    expect(answer.cohorts.map((c) => [c.label, c.size, c.cells[1]?.active ?? 0])).toEqual(
      expected.map((r) => [r['label'], r['size'], r['month1']]),
    );
    expect(answer.options.timeZone).toBe('UTC');
    // The last cohort's own month is where the data ends: incomplete.
    expect(answer.cohorts.at(-1)?.cells[0]?.incomplete).toBe(true);
  });

  it('refuses a bad option with a message and exit code 2', async () => {
    const r = await runLoupe(['cohorts', '--workspace', 'Demo', '--unit', 'fortnight'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--unit is one of day, week, month, quarter');
  });
});

describe('loupe funnel', () => {
  it('counts the people who start, and never more at a later step', async () => {
    const f = await json<FunnelAnswer>([
      'funnel',
      '--workspace',
      'Demo',
      '--steps',
      'page_view,add_to_cart,checkout,order',
      '--window-days',
      '7',
    ]);
    const viewers = await sql(
      `SELECT count(DISTINCT customer_id)::int AS n FROM customer_events WHERE event_type = 'page_view' AND customer_id IS NOT NULL`,
    );
    expect(f.overall.entered).toBe(viewers[0]?.['n']);
    const people = f.overall.steps.map((s) => s.people);
    expect(people).toEqual([...people].sort((a, b) => b - a));
    expect(f.overall.completed).toBe(people[3]);
    // Nobody can check out within the window without having added to the cart in it, in order.
    const carts = await sql(`
      SELECT count(DISTINCT v.customer_id)::int AS n FROM customer_events v JOIN customer_events c
          ON c.customer_id = v.customer_id AND c.event_type = 'add_to_cart'
         AND c.occurred_at >= v.occurred_at AND c.occurred_at <= v.occurred_at + interval '7 days'
       WHERE v.event_type = 'page_view'`);
    expect(people[1]).toBe(carts[0]?.['n']);
  });

  it('names the event types a workspace has when a step is unknown', async () => {
    const r = await runLoupe(['funnel', '--workspace', 'Demo', '--steps', 'page_veiw,order'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('page_veiw');
    expect(r.stderr).toContain('page_view');
  });
});

describe('loupe segments', () => {
  const criteria = JSON.stringify({
    logic: 'AND',
    conditions: [{ field: 'order_count', operator: 'gte', value: 2, type: 'number' }],
  });

  it('counts, creates, refreshes, exports and deletes (with confirmation)', async () => {
    const twoOrders = await sql(
      // docs/segments.md: orders count as customers.total_orders counts them (delivered, completed,
      // partially refunded).
      `SELECT count(*)::int AS n FROM customers c
        WHERE (SELECT count(*) FROM customer_orders o WHERE o.customer_id = c.id
                  AND o.order_status IN ('delivered', 'completed', 'partially_refunded')) >= 2`,
    );
    const counted = await json<{ count: number }>([
      'segments',
      'count',
      '--workspace',
      'Demo',
      '--criteria',
      criteria,
    ]);
    expect(counted.count).toBe(twoOrders[0]?.['n']);

    await json(['segments', 'create', 'Two orders', '--workspace', 'Demo', '--criteria', criteria]);
    const listed = await json<SegmentSummary[]>(['segments', 'list', '--workspace', 'Demo']);
    expect(listed.find((s) => s.name === 'Two orders')?.customerCount).toBe(counted.count);

    const refreshed = await json<{ size: number; added: number; removed: number }>([
      'segments',
      'refresh',
      'Two orders',
      '--workspace',
      'Demo',
    ]);
    expect(refreshed).toMatchObject({ size: counted.count, added: 0, removed: 0 });

    const file = join(home, 'two-orders.csv');
    const exported = await runLoupe(
      ['segments', 'export', 'Two orders', '--workspace', 'Demo', '--out', file],
      env,
    );
    expect(exported.code).toBe(0);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('Email Address,First Name,Last Name,Tags');
    const withEmail = await sql(`
      SELECT count(*)::int AS n FROM segment_memberships m JOIN segments s ON s.id = m.segment_id
        JOIN customers c ON c.id = m.customer_id
       WHERE s.name = 'Two orders' AND m.is_active AND c.email IS NOT NULL`);
    expect(lines.length - 1).toBe(withEmail[0]?.['n']);

    const refused = await runLoupe(['segments', 'delete', 'Two orders', '--workspace', 'Demo'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect(
      (await runLoupe(['segments', 'delete', 'Two orders', '--workspace', 'Demo', '--yes'], env)).code,
    ).toBe(0);
    const after = await json<SegmentSummary[]>(['segments', 'list', '--workspace', 'Demo']);
    expect(after.some((s) => s.name === 'Two orders')).toBe(false);
  });

  it('a static segment from a list of emails reports the addresses it did not find', async () => {
    const some = await sql(
      `SELECT email::text AS email FROM customers WHERE email IS NOT NULL ORDER BY email LIMIT 2`,
    );
    const file = join(home, 'list.csv');
    writeFileSync(
      file,
      `${String(some[0]?.['email'])}\n${String(some[1]?.['email']).toUpperCase()}\nnobody@nowhere.example\n`,
    );
    const r = await runLoupe(
      ['segments', 'create', 'Uploaded', '--workspace', 'Demo', '--emails', file],
      env,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 of 3 addresses matched; not found: nobody@nowhere.example');
  });

  it('restricts a cohort analysis to a segment', async () => {
    const all = await json<CohortAnswer>(['cohorts', '--workspace', 'Demo']);
    const vip = await json<CohortAnswer>(['cohorts', '--workspace', 'Demo', '--segment', 'VIP clients']);
    const total = (a: CohortAnswer): number => a.cohorts.reduce((s, c) => s + c.size, 0);
    const members = await sql(`
      SELECT count(DISTINCT m.customer_id)::int AS n FROM segment_memberships m JOIN segments s ON s.id = m.segment_id
        JOIN customer_orders o ON o.customer_id = m.customer_id AND o.order_status <> 'cancelled'
             AND o.order_total - o.refunded_amount > 0
       WHERE s.name = 'VIP clients' AND m.is_active`);
    expect(total(vip)).toBe(members[0]?.['n']);
    expect(total(vip)).toBeLessThan(total(all));
  });
});

describe('loupe campaigns', () => {
  it('reports every campaign, with the sends the demo documents and totals that add up', async () => {
    const r = await json<{
      rows: { key: { campaignName?: string }; sent: number; revenue: number }[];
      totals: { sent: number; revenue: number };
    }>(['campaigns', '--workspace', 'Demo']);
    // docs/demo.md: the main campaign's 3 emails went to 27,037 recipients.
    expect(r.rows.find((x) => x.key.campaignName === 'Marco Bicego New 2025 Campaign')?.sent).toBe(27_037);
    expect(r.rows.reduce((s, x) => s + x.sent, 0)).toBe(r.totals.sent);
    const deliveries = await sql(`SELECT count(*)::int AS n FROM message_deliveries`);
    expect(r.totals.sent).toBe(deliveries[0]?.['n']);
    const advice = await runLoupe(['campaigns', 'advice', '--workspace', 'Demo'], env);
    expect(advice.code).toBe(0);
    expect(advice.stdout).toContain('Marco Bicego New 2025 Campaign');
  });
});

describe('loupe attribution', () => {
  const PURCHASES = `FROM customer_orders o WHERE o.customer_id IS NOT NULL AND o.order_status <> 'cancelled'
                       AND o.order_total - o.refunded_amount > 0`;

  it('runs exact Markov of order 2 over every purchase path', async () => {
    const a = await json<AttributionAnalysis>([
      'attribution',
      '--workspace',
      'Demo',
      '--model',
      'markov',
      '--order',
      '2',
    ]);
    const [count] = await sql(`SELECT count(*)::int AS n ${PURCHASES}`);
    expect(a.totals.conversions).toBe(count?.['n']);
    const m = a.models[0];
    expect(m?.key).toBe('markov(order=2)');
    expect(m?.markov?.order).toBe(2);
    // States are pairs of channels once a path has two touches.
    expect(m?.markov?.states.some((s) => s.includes(' > '))).toBe(true);
    expect(m?.channels.reduce((s, r) => s + r.conversions, 0)).toBeCloseTo(a.totals.conversions, 6);
    expect(a.runId).not.toBeNull();
  });

  it('takes the lookback window and half-life from the command line', async () => {
    const a = await json<AttributionAnalysis>([
      'attribution',
      '--workspace',
      'Demo',
      '--model',
      'time-decay,last-touch',
      '--half-life-days',
      '3',
      '--lookback-days',
      '14',
      '--no-save',
    ]);
    expect(a.models.map((m) => m.key)).toEqual(['time-decay(half-life=3d)', 'last-touch']);
    expect(a.parameters.lookbackDays).toBe(14);
    expect(a.runId).toBeNull();
    const [none] = await sql(
      `SELECT count(*)::int AS n ${PURCHASES} AND NOT EXISTS (SELECT 1 FROM touchpoints t WHERE t.contact_id = o.customer_id
          AND t.touchpoint_date BETWEEN o.ordered_at - interval '14 days' AND o.ordered_at)`,
    );
    expect(a.paths.conversionsWithoutTouch).toBe(none?.['n']);
  });

  it('explains one order touch by touch', async () => {
    // The demo is built relative to the day it is made, so the order is picked by SQL: the first
    // purchase (by number) with touches in its 30-day window, and how many touches that is.
    const [order] = await sql(
      `SELECT o.order_id, (o.order_total - o.refunded_amount)::float8 AS v,
              (SELECT count(*)::int FROM touchpoints t WHERE t.contact_id = o.customer_id
                  AND t.touchpoint_date BETWEEN o.ordered_at - interval '30 days' AND o.ordered_at) AS touches
         ${PURCHASES}
          AND EXISTS (SELECT 1 FROM touchpoints t WHERE t.contact_id = o.customer_id
                        AND t.touchpoint_date BETWEEN o.ordered_at - interval '30 days' AND o.ordered_at)
        ORDER BY o.order_id LIMIT 1`,
    );
    const number = String(order?.['order_id']);
    const d = await json<AttributionDrillDown>([
      'attribution',
      'explain',
      number,
      '--workspace',
      'Demo',
      '--model',
      'linear',
    ]);
    expect(d.conversionLabel).toBe(number);
    expect(d.value).toBeCloseTo(Number(order?.['v']), 6);
    expect(d.touches.length).toBe(order?.['touches']);
    for (const touch of d.touches) expect(touch.credit).toBeCloseTo(1 / d.touches.length, 12);
  });

  it('lists saved runs and shows the rules; refuses a bad model and an unconfirmed deletion', async () => {
    const runs = await json<AttributionRunSummary[]>(['attribution', 'runs', '--workspace', 'Demo']);
    expect(runs.length).toBeGreaterThan(0);
    const rules = await json<ChannelGroupingData>(['attribution', 'rules', '--workspace', 'Demo']);
    expect(rules.rules).toBeNull();
    expect(rules.defaults.map((r) => r.channel)).toContain('Paid Search');
    const bad = await runLoupe(['attribution', '--workspace', 'Demo', '--model', 'magic'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown attribution model "magic"');
    const refused = await runLoupe(['attribution', 'delete', runs[0]?.id ?? '', '--workspace', 'Demo'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
  });
});

describe('loupe scores, rfm, clv and customer', () => {
  it('recomputes every score for everyone and prints JSON', async () => {
    const s = await json<ScoreRunSummary>(['scores', '--workspace', 'Demo']);
    const [people] = await sql(`SELECT count(*)::int AS n FROM customers`);
    expect(s.people).toBe(people?.['n']);
    expect(Object.values(s.lifecycle).reduce((a, b) => a + b, 0)).toBe(s.people);
    const [scored] = await sql(`SELECT count(*)::int AS n FROM customer_scores`);
    expect(scored?.['n']).toBe(s.people);
    // The model is judged on a holdout it did not see. On the demo's shoppers it ranks who buys
    // next far better than chance and predicts better than the base rate alone.
    expect(s.conversionModel.status).toBe('fitted');
    const h = s.conversionModel.holdout;
    expect(h?.people).toBeGreaterThan(1000);
    expect(h?.auc).toBeGreaterThan(0.7);
    expect(h?.brier).toBeLessThan(h?.baseRateBrier ?? 0);
  });

  it('prints the RFM of every buyer', async () => {
    const r = await json<RfmAnswer>(['rfm', '--workspace', 'Demo']);
    const [buyers] = await sql(
      `SELECT count(DISTINCT customer_id)::int AS n FROM customer_orders WHERE customer_id IS NOT NULL
          AND order_status <> 'cancelled' AND order_total - refunded_amount > 0`,
    );
    expect(r.buyers).toBe(buyers?.['n']);
    expect(r.cells.reduce((s, c) => s + c.customers, 0)).toBe(r.buyers);
  });

  it('fits CLV with a holdout, or says why the purchases cannot support it, and shows one customer whole', async () => {
    const [end] = await sql(
      `SELECT to_char((max(ordered_at) - interval '120 days') AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS d FROM customer_orders`,
    );
    const clv = await runLoupe(
      [
        'clv',
        '--workspace',
        'Demo',
        '--calibration-end',
        String(end?.['d']),
        '--horizon-days',
        '180',
        '--json',
      ],
      env,
    );
    // The demo is rebuilt relative to the day the test runs, and its simulated shoppers barely
    // drop out: on some days BG/NBD degenerates and must be refused with the reason; otherwise the
    // holdout must count exactly the purchase days SQL finds after the calibration end.
    if (clv.code === 0) {
      const r = JSON.parse(clv.stdout) as ClvResult;
      const [after] = await sql(
        `WITH p AS (SELECT o.customer_id, (o.ordered_at AT TIME ZONE 'UTC')::date AS d FROM customer_orders o
                     WHERE o.customer_id IS NOT NULL AND o.order_status <> 'cancelled')
         SELECT count(DISTINCT (p.customer_id, p.d))::int AS n FROM p
          WHERE p.d > '${String(end?.['d'])}'::date
            AND p.customer_id IN (SELECT customer_id FROM p WHERE d <= '${String(end?.['d'])}'::date)`,
      );
      expect(r.horizonDays).toBe(180);
      expect(r.holdout?.aggregate.actualTotal).toBe(after?.['n']);
      expect(r.totals.clv).toBeGreaterThan(0);
    } else {
      expect(clv.code).toBe(2);
      expect(clv.stderr).toMatch(/BG\/NBD (fit is degenerate|model cannot be fitted)/);
    }
    const [top] = await sql(
      `SELECT c.email::text AS email, count(o.id)::int AS n FROM customers c JOIN customer_orders o ON o.customer_id = c.id
        WHERE c.email IS NOT NULL GROUP BY c.email ORDER BY n DESC, c.email LIMIT 1`,
    );
    const r = await runLoupe(['customer', String(top?.['email']), '--workspace', 'Demo', '--json'], env);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout) as { profile: { email: string | null } };
    expect(c.profile.email).toBe(top?.['email']);
    const missing = await runLoupe(['clv', '--workspace', 'Demo'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--calibration-end');
  });
});
