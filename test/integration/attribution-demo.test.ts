import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttributionAnalysis, ComparisonTable } from '../../core/api/attribution';
import type { WorkspaceDb } from '../../core/db/workspace-db';
import { tempService, type TempService } from '../support/temp-service';

/**
 * Attribution on the demo workspace: thousands of real paths. First and last
 * touch are checked against plain SQL (a second method), every model against
 * the invariants, and the differences between models against what the demo's
 * shoppers do (they find the shop through search and social, and come back
 * directly to buy).
 */

let t: TempService;
let db: WorkspaceDb;
let ws: string;
let all: AttributionAnalysis;

const credit = (table: ComparisonTable, model: string): Map<string, number> =>
  new Map(table.rows.map((r) => [r.key, r.cells.find((c) => c.model === model)?.conversions ?? 0]));

beforeAll(async () => {
  t = tempService();
  ws = (await t.ok('demo/create-workspace', { name: 'Attribution demo' })).workspace.id;
  db = await t.db(ws);
  all = await t.ok('attribution/run', { workspace: ws });
}, 180_000);

afterAll(async () => {
  await t.dispose();
});

/** The channel of each purchase's first or last touch in its 30-day window, by SQL alone. */
async function touchBySql(direction: 'ASC' | 'DESC'): Promise<Map<string, number>> {
  const r = await db.query(
    `SELECT coalesce(tp.channel, '(none)') AS channel, count(*)::int AS n
       FROM customer_orders o
       LEFT JOIN LATERAL (
         SELECT t.channel FROM touchpoints t
          WHERE t.contact_id = o.customer_id
            AND t.touchpoint_date BETWEEN o.ordered_at - interval '30 days' AND o.ordered_at
          ORDER BY t.touchpoint_date ${direction}, t.touchpoint_id::text COLLATE "C" ${direction}
          LIMIT 1) tp ON true
      WHERE o.customer_id IS NOT NULL AND o.order_status <> 'cancelled' AND o.order_total - o.refunded_amount > 0
      GROUP BY 1`,
  );
  return new Map(r.rows.map((row) => [String(row['channel']), Number(row['n'])]));
}

describe('attribution on the demo workspace', () => {
  it('counts the same purchases as SQL does', async () => {
    const r = await db.query(
      `SELECT count(*)::int AS n, sum(order_total - refunded_amount)::float8 AS v FROM customer_orders
        WHERE customer_id IS NOT NULL AND order_status <> 'cancelled' AND order_total - refunded_amount > 0`,
    );
    expect(all.totals.conversions).toBe(r.rows[0]?.['n']);
    expect(all.totals.value).toBeCloseTo(Number(r.rows[0]?.['v']), 6);
    expect(all.totals.conversions).toBeGreaterThan(1000);
  });

  it('agrees with SQL on every first and last touch', async () => {
    const drop0 = (m: Map<string, number>): Map<string, number> => new Map([...m].filter(([, v]) => v !== 0));
    expect(drop0(credit(all.channels, 'first-touch'))).toEqual(await touchBySql('ASC'));
    expect(drop0(credit(all.channels, 'last-touch'))).toEqual(await touchBySql('DESC'));
  });

  it('keeps every model adding up, per channel and per campaign', () => {
    for (const m of all.models) {
      for (const rows of [m.channels, m.campaigns]) {
        expect(
          rows.reduce((s, r) => s + r.conversions, 0),
          m.key,
        ).toBeCloseTo(all.totals.conversions, 6);
        expect(rows.reduce((s, r) => s + r.value, 0) / all.totals.value, m.key).toBeCloseTo(1, 9);
        for (const r of rows) expect(r.conversions, `${m.key} ${r.key}`).toBeGreaterThanOrEqual(-1e-9);
      }
    }
  });

  it('shows the differences the shoppers explain', () => {
    const first = credit(all.channels, 'first-touch');
    const last = credit(all.channels, 'last-touch');
    const nonDirect = credit(all.channels, 'last-non-direct');
    // People come back directly to buy: Direct closes far more than it opens …
    expect(last.get('Direct') ?? 0).toBeGreaterThan(1.3 * (first.get('Direct') ?? 0));
    // … and once direct visits are looked through, only all-direct paths remain Direct's.
    expect(nonDirect.get('Direct') ?? 0).toBeLessThan(0.25 * (last.get('Direct') ?? 0));
    // Discovery channels open more journeys than they close.
    for (const ch of ['Paid Social', 'Organic Social', 'Organic Search']) {
      expect(first.get(ch) ?? 0, ch).toBeGreaterThan(last.get(ch) ?? 0);
    }
  });

  it('exposes the Markov chain and the Shapley values for inspection', () => {
    const markov = all.models.find((m) => m.key === 'markov')?.markov;
    expect(markov?.solver.maxResidual).toBeLessThan(1e-9);
    const out = new Map<string, number>();
    for (const tr of markov?.transitions ?? []) out.set(tr.from, (out.get(tr.from) ?? 0) + tr.probability);
    for (const [from, p] of out) expect(p, from).toBeCloseTo(1, 12);
    for (const r of markov?.removals ?? []) {
      expect(r.removalEffect).toBeGreaterThan(0);
      expect(r.removalEffect).toBeLessThanOrEqual(1);
    }
    const shapley = all.models.find((m) => m.key === 'shapley')?.shapley;
    expect(shapley?.method).toBe('exact');
    expect(shapley?.values.map((v) => v.channel).sort()).toEqual(
      all.channels.rows
        .map((r) => r.key)
        .filter((k) => k !== '(none)')
        .sort(),
    );
  });

  it('sets ad spend against the paid channels', async () => {
    const r = await db.query(
      `SELECT channel, sum(spend)::float8 AS s FROM ad_spend_daily GROUP BY 1 ORDER BY 1`,
    );
    const spend = new Map(all.channels.rows.map((row) => [row.key, row.spend]));
    for (const row of r.rows) expect(spend.get(String(row['channel']))).toBeCloseTo(Number(row['s']), 6);
    expect(r.rows.length).toBeGreaterThan(0);
  });
});
