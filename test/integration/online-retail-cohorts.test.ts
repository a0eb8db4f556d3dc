import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildActivity } from '../../core/analytics/activity/build';
import type { ActivityRows } from '../../core/analytics/activity/build';
import { computeCohorts, saveCohortResult } from '../../core/analytics/cohorts';
import type { CohortOptions, CohortResult } from '../../core/analytics/cohorts';
import { ONLINE_RETAIL_MAPPING, readOnlineRetail } from '../support/online-retail';
import { tempService, type TempService } from '../support/temp-service';

/**
 * Monthly acquisition cohorts (first order) of the UCI Online Retail data, return
 * event 'purchase', counted 'on'. Expected figures come from
 * test/fixtures/online-retail/reference.py (Python standard library, straight
 * from the CSV), run once and copied here.
 */

const RETAIL_GZ = join(import.meta.dirname, '../fixtures/online-retail/online_retail.csv.gz');

const OPTIONS: CohortOptions = { unit: 'month', by: 'first-order', returnEvent: 'purchase', counting: 'on' };

/** reference.py's cohort sizes. */
const SIZES: [string, number][] = [
  ['2010-12', 885],
  ['2011-01', 417],
  ['2011-02', 380],
  ['2011-03', 452],
  ['2011-04', 300],
  ['2011-05', 284],
  ['2011-06', 242],
  ['2011-07', 188],
  ['2011-08', 169],
  ['2011-09', 299],
  ['2011-10', 358],
  ['2011-11', 323],
  ['2011-12', 41],
];

/** reference.py's active customers: [cohort, period, active]. */
const CELLS: [string, number, number][] = [
  ['2010-12', 1, 324],
  ['2010-12', 2, 286],
  ['2010-12', 6, 321],
  // The 2010-12 cohort's last complete period (2011-11).
  ['2010-12', 11, 445],
  ['2010-12', 12, 235],
  ['2011-01', 1, 92],
  ['2011-02', 1, 71],
  ['2011-03', 2, 114],
  ['2011-04', 3, 63],
  ['2011-06', 5, 81],
  ['2011-09', 2, 90],
  ['2011-10', 1, 86],
  ['2011-11', 1, 36],
];

let retail: ActivityRows;
let linesKept: number;
let result: CohortResult;

beforeAll(() => {
  ({ rows: retail, linesKept } = readOnlineRetail());
  result = computeCohorts(buildActivity(retail), { ...OPTIONS, members: true });
});

function cell(cohort: string, period: number) {
  const c = result.cohorts.find((x) => x.label === cohort);
  const found = c?.cells[period];
  if (!found) throw new Error(`No cell ${cohort} +${period}`);
  return found;
}

describe('Online Retail acquisition cohorts', () => {
  it('has the cleaned data the reference reads', () => {
    expect(linesKept).toBe(397_884);
    expect(retail.people).toHaveLength(4_338);
  });

  it('finds the cohort sizes of the reference', () => {
    expect(result.cohorts.map((c) => [c.label, c.size])).toEqual(SIZES);
    expect(result.people).toEqual({
      total: 4_338,
      maskedOut: 0,
      noBirth: 0,
      outsideRange: 0,
      inCohorts: 4_338,
      entries: 4_338,
    });
  });

  it('matches the reference retention cells', () => {
    for (const [cohort, period, active] of CELLS) {
      const size = SIZES.find(([label]) => label === cohort)?.[1] ?? NaN;
      const got = cell(cohort, period);
      expect([cohort, period, got.active]).toEqual([cohort, period, active]);
      expect(got.rate).toBeCloseTo(active / size, 12);
    }
    expect(cell('2010-12', 1).rate).toBeCloseTo(0.366102, 6);
    expect(cell('2010-12', 11).rate).toBeCloseTo(0.502825, 6);
    for (const c of result.cohorts) expect(c.cells[0]?.rate).toBe(1);
  });

  it('flags 2011-12 (data ends 2011-12-09) as incomplete, and only it', () => {
    for (const c of result.cohorts) {
      expect(c.cells).toHaveLength(13 - result.cohorts.indexOf(c));
      for (const x of c.cells)
        expect([c.label, x.label, x.incomplete]).toEqual([c.label, x.label, x.label === '2011-12']);
    }
    expect(cell('2010-12', 12).label).toBe('2011-12');
  });

  it('averages month 1 over the complete cohorts, weighted by size', () => {
    // reference.py: cohorts 2010-12 … 2011-10 (2011-11's month 1 is December, incomplete),
    // 940 of 3,974 customers.
    const m1 = result.averages[1];
    expect(m1?.cohorts).toBe(11);
    expect(m1?.size).toBe(3_974);
    expect(m1?.active).toBe(940);
    expect(m1?.rate).toBeCloseTo(0.236537, 6);
  });

  it('matches the reference revenue of the 2010-12 cohort', () => {
    expect(cell('2010-12', 0).revenue).toBeCloseTo(572_713.89, 2);
    expect(cell('2010-12', 1).revenue).toBeCloseTo(276_237.69, 2);
    expect(cell('2010-12', 2).cumulativeRevenue).toBeCloseTo(1_082_796.95, 2);
    expect(cell('2010-12', 1).arpu).toBeCloseTo(312.132983, 5);
    expect(cell('2011-05', 7).revenue).toBeCloseTo(179_251.53, 2);
    // Every returning customer bought: buyers = active in periods ≥ 1.
    expect(cell('2011-03', 2).buyers).toBe(114);
  });
});

describe('saving cohorts to a workspace', () => {
  let t: TempService;
  beforeAll(() => {
    t = tempService();
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('writes the cohort, one membership per customer and every cell, and replaces them on a second save', async () => {
    await t.ok('workspaces/create', { name: 'Online Retail' });
    const db = await t.db('Online Retail');
    const inserted = await db.query(
      'INSERT INTO customers (customer_id) SELECT unnest($1::text[]) RETURNING id, customer_id',
      [retail.people.map((p) => p.id)],
    );
    const uuid = new Map(inserted.rows.map((r) => [r['customer_id'] as string, r['id'] as string]));
    const rows: ActivityRows = {
      ...retail,
      people: retail.people.map((p) => ({ ...p, id: uuid.get(p.id) as string })),
      orders: retail.orders.map((o) => ({ ...o, personId: uuid.get(o.personId) as string })),
    };
    const computed = computeCohorts(buildActivity(rows), { ...OPTIONS, members: true });

    const saved = await saveCohortResult(db, { name: 'Acquisition by month', calculationMs: 12 }, computed);
    expect(saved.memberships).toBe(4_338);
    expect(saved.retentionRows).toBe(91);

    const again = await saveCohortResult(db, { name: 'Acquisition by month' }, computed);
    expect(again.id).toBe(saved.id);

    const counts = await db.query(
      `SELECT (SELECT count(*)::int FROM cohorts WHERE name = 'Acquisition by month') AS cohorts,
              (SELECT count(*)::int FROM cohort_memberships WHERE cohort_id = $1) AS members,
              (SELECT count(*)::int FROM cohort_retention_data WHERE cohort_id = $1) AS cells`,
      [saved.id],
    );
    expect(counts.rows[0]).toEqual({ cohorts: 1, members: 4_338, cells: 91 });

    const cohort = await db.query(
      `SELECT time_period, date_field, success_event, total_customers, start_date::text AS start_date,
              end_date::text AS end_date, retention_periods,
              (cohort_periods_data -> 'cohorts' -> 0 ->> 'size')::int AS first_size
         FROM cohorts WHERE id = $1`,
      [saved.id],
    );
    expect(cohort.rows[0]).toEqual({
      time_period: 'monthly',
      date_field: 'first_order_date',
      success_event: 'purchase',
      total_customers: 4_338,
      start_date: '2010-12-01',
      end_date: '2011-12-31',
      retention_periods: 12,
      first_size: 885,
    });

    const member = await db.query(
      `SELECT m.cohort_period, m.period_start_date::text AS s, m.period_end_date::text AS e
         FROM cohort_memberships m JOIN customers c ON c.id = m.customer_id
        WHERE m.cohort_id = $1 AND c.customer_id = '17850'`,
      [saved.id],
    );
    // Customer 17850's first invoice is 536365, 2010-12-01 08:26.
    expect(member.rows[0]).toEqual({ cohort_period: '2010-12', s: '2010-12-01', e: '2010-12-31' });

    const cells = await db.query(
      `SELECT cohort_period, analysis_period, analysis_date::text AS d, cohort_size, active_customers,
              retention_rate::text AS rate, cumulative_retention_rate::text AS cum, period_revenue::text AS revenue
         FROM cohort_retention_data WHERE cohort_id = $1 AND cohort_period = '2010-12' AND analysis_period IN (0, 1)
        ORDER BY analysis_period`,
      [saved.id],
    );
    expect(cells.rows).toEqual([
      {
        cohort_period: '2010-12',
        analysis_period: 0,
        d: '2010-12-01',
        cohort_size: 885,
        active_customers: 885,
        rate: '1.000000',
        cum: '1.000000',
        revenue: '572713.89',
      },
      {
        cohort_period: '2010-12',
        analysis_period: 1,
        d: '2011-01-01',
        cohort_size: 885,
        active_customers: 324,
        rate: '0.366102',
        cum: '0.366102',
        revenue: '276237.69',
      },
    ]);

    // Without members the memberships cannot be replaced: refused, nothing written.
    const { members: _dropped, ...withoutMembers } = computed;
    await expect(saveCohortResult(db, { name: 'No members' }, withoutMembers)).rejects.toThrow(/members/);

    // Recurring cohorts keep no memberships. Every customer buying in January 2011 starts an entry:
    // reference.py's 417 new customers plus 324 of December's.
    const recurring = computeCohorts(buildActivity(rows), { ...OPTIONS, mode: 'recurring' });
    expect(recurring.cohorts[1]).toMatchObject({ label: '2011-01', size: 741 });
    const savedRecurring = await saveCohortResult(db, { name: 'Buyers by month' }, recurring);
    expect(savedRecurring).toMatchObject({ memberships: 0, retentionRows: 91 });
    const recurringCounts = await db.query(
      `SELECT (SELECT count(*)::int FROM cohorts WHERE name IN ('No members', 'Buyers by month')) AS cohorts,
              (SELECT count(*)::int FROM cohort_memberships WHERE cohort_id = $1) AS members`,
      [savedRecurring.id],
    );
    expect(recurringCounts.rows[0]).toEqual({ cohorts: 1, members: 0 });
  });
});

describe('Online Retail imported as orders, analysed through the service', () => {
  let t: TempService;
  let dir: string;
  beforeAll(() => {
    t = tempService();
    dir = mkdtempSync(join(tmpdir(), 'loupe-retail-'));
  });
  afterAll(async () => {
    await t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the reference acquisition-cohort table from the file imported with a column mapping', async () => {
    const file = join(dir, 'online_retail.csv');
    writeFileSync(file, gunzipSync(readFileSync(RETAIL_GZ)));
    await t.ok('workspaces/create', { name: 'Gift shop' });
    // The file's times are UK local times: the workspace reads naive times in its own zone.
    await (
      await t.db('Gift shop')
    ).query(
      `UPDATE organizations SET timezone = 'Europe/London' WHERE organization_id = loupe.local_organization_id()`,
    );
    const imported = await t.ok('imports/run', {
      workspace: 'Gift shop',
      path: file,
      acceptPartial: true,
      mapping: ONLINE_RETAIL_MAPPING,
    });
    expect(imported.status).toBe('completed');

    const answer = await t.ok('analytics/cohorts', { workspace: 'Gift shop', ...OPTIONS });
    expect(answer.cohorts.map((c) => [c.label, c.size])).toEqual(SIZES);
    for (const [cohort, period, active] of CELLS) {
      const got = answer.cohorts.find((c) => c.label === cohort)?.cells[period];
      expect([cohort, period, got?.active]).toEqual([cohort, period, active]);
    }
    expect(answer.options.timeZone).toBe('Europe/London');
    // The data ends on 2011-12-09: December is incomplete, and nothing after it is shown.
    expect(answer.cohorts[0]?.cells.at(-1)).toMatchObject({ label: '2011-12', incomplete: true });
    expect(answer.saved).toBeNull();

    // Saving through the service writes the same table.
    const saved = await t.ok('analytics/cohorts', {
      workspace: 'Gift shop',
      ...OPTIONS,
      saveAs: 'Acquisition',
    });
    expect(saved.saved).toMatchObject({ name: 'Acquisition', memberships: 4_338, retentionRows: 91 });
  });
});
