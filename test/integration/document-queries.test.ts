import { readdirSync, readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_stat_statements } from '@electric-sql/pglite/contrib/pg_stat_statements';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlResult } from '../../core/api/sql';
import { FIXTURES, printedQueries, readFixture, withRenames } from '../support/design-doc-queries';
import { tempService, type TempService } from '../support/temp-service';

/**
 * Every SELECT the design documents print (their sample queries and the bodies of
 * their views), vendored verbatim under test/fixtures/design-doc-queries, run
 * against a workspace holding a little of everything. The few that fail on every
 * current PostgreSQL have a `.corrected.sql` beside them, also listed in
 * docs/schema.md, and the corrected form must run.
 */

const WORKSPACE = 'Documents';

const printed = printedQueries();

let t: TempService;

async function run(sql: string): Promise<SqlResult> {
  return t.ok('sql/query', { workspace: WORKSPACE, sql });
}

async function failure(sql: string): Promise<string> {
  const out = await t.service.invoke('sql/query', { workspace: WORKSPACE, sql });
  if (out.ok) throw new Error('the query was expected to fail but succeeded');
  return out.error.message;
}

function sortedRows(result: SqlResult): string[] {
  return result.rows.map((r) => JSON.stringify(r)).sort();
}

beforeAll(async () => {
  t = tempService();
  await t.ok('workspaces/create', { name: WORKSPACE });
  const ctx = t.service.context;
  if (!ctx) throw new Error('the service did not start');
  const { db } = await ctx.useWorkspace(WORKSPACE);
  await db.exec(readFileSync(new URL('sample-data.sql', FIXTURES), 'utf8'));
});

afterAll(async () => {
  await t.dispose();
});

describe('the design documents’ printed queries', () => {
  it('are all vendored, each with its document and section', () => {
    expect(printed.map((f) => f.file)).toEqual([
      'cdp-cohort-monthly-retention.sql',
      'cdp-cohort-revenue.sql',
      'cdp-kpi-lifecycle-distribution.sql',
      'cdp-kpi-monthly-revenue.sql',
      'cdp-kpi-top-campaigns.sql',
      'cdp-kpi-total-customers.sql',
      'cdp-monitor-index-usage.sql',
      'cdp-monitor-query-performance.sql',
      'cdp-monitor-table-sizes.sql',
      'cdp-segment-at-risk.sql',
      'cdp-segment-high-value.sql',
      'cdp-segment-new-onboarding.sql',
      'cdp-view-campaign-performance-summary.sql',
      'cdp-view-customer-summary.sql',
      'cdp-view-daily-metrics-summary.sql',
      'cp-view-campaign-performance-summary.sql',
      'crm-view-crm-operations-dashboard.sql',
      'crm-view-sales-dashboard.sql',
      'mad-view-campaign-performance-dashboard.sql',
      'mad-view-marketing-operations-dashboard.sql',
    ]);
    for (const f of printed) {
      expect(f.headers.get('document'), f.file).toMatch(
        /^(cdp-schema|campaign-performance|marketing-analytics-design|crm-design)\.md$/,
      );
      expect(f.headers.get('section'), f.file).toBeTruthy();
      expect(f.sql, f.file).toMatch(/^(--[^\n]*\n)?\s*(SELECT|WITH)\b/i);
    }
  });

  for (const fixture of printed.filter((f) => !f.headers.has('extension'))) {
    it(`${fixture.file} runs on a populated workspace`, async () => {
      const fails = fixture.headers.get('fails');
      let result: SqlResult;
      if (fails) {
        // Invalid on every PostgreSQL: the printed form fails as described, the corrected one runs.
        expect(await failure(withRenames(fixture))).toContain(fails);
        const corrected = readFixture(fixture.headers.get('corrected') ?? `${fixture.file}.missing`);
        expect(corrected.headers.get('corrects')).toBe(fixture.file);
        result = await run(corrected.sql);
      } else {
        result = await run(withRenames(fixture));
      }
      expect(result.rowCount).toBeGreaterThan(0);

      const canonical = fixture.headers.get('canonical');
      if (canonical) {
        // Loupe's view under the document's name answers with the document's columns.
        const view = await run(`SELECT * FROM ${canonical}`);
        expect(view.columns.map((c) => c.name)).toEqual(result.columns.map((c) => c.name));
        if (fixture.headers.get('same-rows-as-canonical') === 'yes') {
          expect(sortedRows(view)).toEqual(sortedRows(result));
        }
      }
    });
  }

  it('cdp-monitor-query-performance.sql needs pg_stat_statements, and its corrected form runs there', async () => {
    const fixture = printed.find((f) => f.headers.get('extension') === 'pg_stat_statements');
    if (!fixture) throw new Error('the pg_stat_statements query is not vendored');
    const corrected = readFixture(fixture.headers.get('corrected') ?? '');
    // Workspaces do not load pg_stat_statements, so this runs in a database of its own.
    const pg = await PGlite.create({ extensions: { pg_stat_statements } });
    try {
      await pg.exec(
        'CREATE EXTENSION pg_stat_statements; CREATE TABLE customers (id int); SELECT * FROM customers;',
      );
      await expect(pg.query(fixture.sql)).rejects.toThrow(fixture.headers.get('fails') ?? 'missing');
      const ran = await pg.query<{ query: string }>(corrected.sql);
      expect(ran.rows.length).toBeGreaterThan(0);
      expect(ran.rows.every((r) => r.query.includes('customers'))).toBe(true);
    } finally {
      await pg.close();
    }
  });

  it('docs/schema.md lists every corrected query with its corrected form', () => {
    const doc = readFileSync(new URL('../../docs/schema.md', import.meta.url), 'utf8');
    const corrected = readdirSync(FIXTURES).filter((f) => f.endsWith('.corrected.sql'));
    expect(corrected.length).toBe(3);
    for (const file of corrected) {
      const fix = readFixture(file);
      expect(doc, file).toContain(fix.headers.get('corrects') ?? file);
      // The fixed fragment (what differs from the printed line) appears in the doc.
      const original = readFixture(fix.headers.get('corrects') ?? '').sql.split('\n');
      const changed = fix.sql.split('\n').filter((line) => !original.includes(line));
      expect(changed.length, file).toBeGreaterThan(0);
      for (const line of changed)
        expect(doc, `${file}: ${line.trim()}`).toContain(line.trim().replace(/,$/, ''));
    }
  });
});

describe('the documents’ views that multiply rows, against Loupe’s', () => {
  // Sample data, Spring Launch: CRM conversions 2,000 + 800; orders ORD-1001 (1,200,
  // delivered) and the retailer's 2,500 (completed). Revenue 6,500. Four emails in its
  // batch: delivered ann, bob and guest, opened ann and bob, clicked ann.
  it('campaign-performance.md: revenue once, not once per email', async () => {
    const spring = `'00000000-0000-4000-8000-0000000000d1'`;
    const loupe = await run(
      `SELECT total_emails_sent, emails_delivered, open_rate, click_rate, total_revenue, budget_spent, roi_percentage
         FROM campaign_roi_summary WHERE campaign_id = ${spring}`,
    );
    // ROI on the 400 spent: (6,500 - 400) / 400 = 1,525 %.
    expect(loupe.rows).toEqual([
      {
        total_emails_sent: 4,
        emails_delivered: 3,
        open_rate: '66.67',
        click_rate: '33.33',
        total_revenue: '6500.00',
        budget_spent: '400.00',
        roi_percentage: '1525.0',
      },
    ]);
    const fixture = printed.find((f) => f.file === 'cp-view-campaign-performance-summary.sql');
    if (!fixture) throw new Error('missing fixture');
    // 4 emails × 2 conversions × 2 orders = 16 rows: each conversion and order 8 times.
    const doc = await run(
      `SELECT total_emails_sent, total_revenue FROM (${fixture.sql}) v WHERE campaign_id = ${spring}`,
    );
    expect(doc.rows).toEqual([{ total_emails_sent: 16, total_revenue: '52000.00' }]);
  });

  it('crm-design.md: per-organization totals, won deals counted', async () => {
    // One won deal of 15,000, created 20 days ago and closed 5 days ago: about 15 days, half
    // a 30-day month. Of the 3 deals created in the last 30 days, 1 was won: 33.33 %.
    const crm = await run(`SELECT total_customers, total_opportunities, won_opportunities, total_revenue_won,
                                  round(avg_sales_cycle_months, 1) AS months, total_tickets, open_tickets
                             FROM crm_operations_dashboard`);
    expect(crm.rows).toEqual([
      {
        total_customers: 4,
        total_opportunities: 3,
        won_opportunities: 1,
        total_revenue_won: '15000.00',
        months: '0.5',
        total_tickets: 2,
        open_tickets: 1,
      },
    ]);
    const sales =
      await run(`SELECT monthly_conversion_rate, avg_deal_size, prospects_count, negotiations_count
                               FROM sales_dashboard`);
    expect(sales.rows).toEqual([
      {
        monthly_conversion_rate: '33.33',
        avg_deal_size: '15000.0000000000000000',
        prospects_count: 1,
        negotiations_count: 1,
      },
    ]);
    const fixture = printed.find((f) => f.file === 'crm-view-crm-operations-dashboard.sql');
    if (!fixture) throw new Error('missing fixture');
    const doc = await run(`SELECT total_revenue_won FROM (${withRenames(fixture)}) v`);
    expect(doc.rows).not.toEqual([{ total_revenue_won: '15000.00' }]);
  });

  it('marketing-analytics-design.md: spend of this organization’s active campaigns, once', async () => {
    // Active: Spring Launch (400 entered) and Brand Search (300 + 200 of ad spend) = 900.
    const loupe = await run(
      `SELECT active_campaigns, total_campaign_spend, total_contacts FROM marketing_operations_dashboard`,
    );
    expect(loupe.rows).toEqual([{ active_campaigns: 2, total_campaign_spend: '900.00', total_contacts: 3 }]);
    const fixture = printed.find((f) => f.file === 'mad-view-marketing-operations-dashboard.sql');
    if (!fixture) throw new Error('missing fixture');
    const doc = await run(`SELECT total_campaign_spend FROM (${withRenames(fixture)}) v`);
    expect(doc.rows).not.toEqual([{ total_campaign_spend: '900.00' }]);
  });
});
