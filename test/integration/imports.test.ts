import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnMappingData, ImportProgress, ImportSummary } from '../../core/api/imports';
import type { SqlValue } from '../../core/api/sql';
import { tempService, type TempService } from '../support/temp-service';

/**
 * Imports through the service into real PGlite workspaces: every source's
 * fixture, then re-imports, revised exports and rollback, rejected rows, wrong
 * files, encodings, cancellation and progress. Expected figures are read off
 * the fixture files by hand (see the comments next to them).
 */

const fixture = (p: string): string => fileURLToPath(new URL(`../fixtures/imports/${p}`, import.meta.url));

/** The tables imports write, compared whole before and after (updated_at included unless said). */
const DATA_TABLES = [
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
] as const;

let t: TempService;
let scratch: string;
let n = 0;

beforeAll(() => {
  t = tempService();
  scratch = mkdtempSync(join(tmpdir(), 'loupe-imports-'));
});
afterAll(async () => {
  await t.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

async function workspace(): Promise<string> {
  const name = `Imports ${++n}`;
  await t.ok('workspaces/create', { name });
  return name;
}

async function run(ws: string, path: string, extra: Record<string, unknown> = {}): Promise<ImportSummary> {
  return t.ok('imports/run', { workspace: ws, path, ...extra });
}

async function fails(
  ws: string,
  path: string,
  extra: Record<string, unknown> = {},
): Promise<{ code: string; message: string }> {
  const out = await t.service.invoke('imports/run', { workspace: ws, path, ...extra });
  if (out.ok) throw new Error(`Expected ${path} to fail; it gave ${out.value.status}`);
  return out.error;
}

async function rows(ws: string, sql: string, params: SqlValue[] = []): Promise<Record<string, SqlValue>[]> {
  return (await (await t.db(ws)).query(sql, params)).rows;
}

async function one(ws: string, sql: string, params: SqlValue[] = []): Promise<Record<string, SqlValue>> {
  const r = await rows(ws, sql, params);
  if (r.length !== 1) throw new Error(`Expected one row from ${sql}, got ${r.length}`);
  return must(r[0], `the row of ${sql}`);
}

async function count(ws: string, table: string, where = 'true'): Promise<number> {
  return Number((await one(ws, `SELECT count(*)::integer AS n FROM ${table} WHERE ${where}`))['n']);
}

/** md5 of every row of each data table, in a stable order. */
async function checksums(
  ws: string,
  opts: { withUpdatedAt: boolean } = { withUpdatedAt: true },
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of DATA_TABLES) {
    const row = opts.withUpdatedAt ? 'to_jsonb(t)::text' : `(to_jsonb(t) - 'updated_at')::text`;
    const r = await one(
      ws,
      `SELECT md5(coalesce(string_agg(${row}, E'\\n' ORDER BY ${row}), '')) AS h, count(*) AS n FROM ${table} t`,
    );
    out[table] = `${String(r['n'])}:${String(r['h'])}`;
  }
  return out;
}

/** The value, or a failed test saying what was missing. */
function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`Missing ${what}`);
  return value;
}

describe('importing each source', () => {
  it('Mailchimp campaigns report: campaigns and their reported figures', async () => {
    const ws = await workspace();
    const s = await run(ws, fixture('mailchimp/campaigns.csv'), { acceptPartial: true });
    // 6 data rows; "Broken Date" (row 5) and "Bad Count" (row 7) are rejected; 4 campaigns × (campaign + figures).
    expect(s).toMatchObject({
      status: 'completed',
      format: 'mailchimp-campaigns',
      rowsRead: 6,
      rejected: 2,
      inserted: 8,
      updated: 0,
      unchanged: 0,
    });
    expect(s.rejections.map((r) => r.rowNumber)).toEqual([5, 7]);
    expect(await count(ws, 'campaigns')).toBe(4);
    const summer = await one(
      ws,
      `SELECT name, status, campaign_kind, subject_line, start_date, target_audience ->> 'list' AS list, service_provider,
              total_sent, total_delivered, total_bounced, total_opened, total_clicked, total_unsubscribed,
              total_converted, total_revenue_attributed, totals_source
         FROM campaigns WHERE external_campaign_id = 'a1b2c3d4e5'`,
    );
    expect(summer).toEqual({
      name: 'Summer Sale 2018',
      status: 'completed',
      campaign_kind: 'broadcast',
      subject_line: '☀️ 20% off everything, this weekend only',
      // "Jun 09, 2018 09:30 pm" in the workspace's zone (UTC).
      start_date: '2018-06-09T21:30:00.000Z',
      list: 'Main Audience',
      service_provider: 'mailchimp',
      total_sent: 1234,
      total_delivered: 1200,
      total_bounced: 34,
      total_opened: 467,
      total_clicked: 130,
      total_unsubscribed: 5,
      total_converted: 12,
      total_revenue_attributed: '1480.25',
      totals_source: 'reported',
    });
    const stats = await one(
      ws,
      `SELECT s.recipients, s.soft_bounces, s.hard_bounces, s.total_opens, s.total_clicks, s.complaints, s.source
         FROM campaign_reported_stats s JOIN campaigns c ON c.id = s.campaign_id WHERE c.external_campaign_id = 'a1b2c3d4e5'`,
    );
    expect(stats).toEqual({
      recipients: 1234,
      soft_bounces: 20,
      hard_bounces: 14,
      total_opens: 1021,
      total_clicks: 201,
      complaints: 1,
      source: 'mailchimp',
    });
  });

  it('Klaviyo campaigns and flows: channels, kinds, and flow totals summed over months', async () => {
    const ws = await workspace();
    const c = await run(ws, fixture('klaviyo/campaigns.csv'), { acceptPartial: true });
    // 5 rows, "Broken Row" rejected (1000.5 recipients): 4 campaigns and 4 sets of figures.
    expect(c).toMatchObject({ status: 'completed', rowsRead: 5, rejected: 1, inserted: 8 });
    const spring = await one(
      ws,
      `SELECT name, campaign_type, tags, total_sent, total_delivered, total_opened, total_clicked, total_converted,
              total_revenue_attributed, total_bounced
         FROM campaigns WHERE external_campaign_id = '01JQ0000000000000000000001'`,
    );
    expect(spring).toMatchObject({
      name: 'Spring Launch | April 2025',
      campaign_type: 'email',
      total_sent: 64517,
      total_delivered: 64386,
      total_opened: 45587,
      total_clicked: 264,
      total_converted: 48,
      total_revenue_attributed: '2800.27',
      total_bounced: 131,
    });
    expect(spring['tags']).toEqual(['Email', 'promo', 'launch']);
    expect(await one(ws, `SELECT campaign_type FROM campaigns WHERE name = 'SMS Flash Sale'`)).toEqual({
      campaign_type: 'sms',
    });

    const f = await run(ws, fixture('klaviyo/flows-monthly.csv'), { acceptPartial: true });
    // Month "2024-13-01" is rejected: 2 flows, 3 month rows.
    expect(f).toMatchObject({ status: 'completed', rowsRead: 4, rejected: 1, inserted: 5 });
    const welcome = await one(
      ws,
      `SELECT status, campaign_kind, total_delivered, total_opened, total_clicked, total_converted, total_revenue_attributed
         FROM campaigns WHERE service_provider = 'klaviyo' AND external_campaign_id = 'XyZ123'`,
    );
    // January + February: 5,000 + 4,000 delivered, 2,600 + 2,000 opens, 400 + 300 clicks, 50 + 40 orders.
    expect(welcome).toEqual({
      status: 'active',
      campaign_kind: 'flow',
      total_delivered: 9000,
      total_opened: 4600,
      total_clicked: 700,
      total_converted: 90,
      total_revenue_attributed: '7800.50',
    });
    expect(
      await rows(
        ws,
        `SELECT s.period_start, s.period_end, s.delivered FROM campaign_reported_stats s JOIN campaigns c ON c.id = s.campaign_id
          WHERE c.external_campaign_id = 'XyZ123' ORDER BY s.period_start`,
      ),
    ).toEqual([
      { period_start: '2024-01-01T00:00:00.000Z', period_end: '2024-01-31T00:00:00.000Z', delivered: 5000 },
      { period_start: '2024-02-01T00:00:00.000Z', period_end: '2024-02-29T00:00:00.000Z', delivered: 4000 },
    ]);
    expect(await one(ws, `SELECT status FROM campaigns WHERE external_campaign_id = 'AbC456'`)).toEqual({
      status: 'paused',
    });
  });

  it('SendGrid activity: one event row each, deliveries rebuilt from them, clicks as touchpoints', async () => {
    const ws = await workspace();
    const s = await run(ws, fixture('sendgrid/activity.csv'), { acceptPartial: true });
    // 24 data rows: 3 rejected (a time "yesterday", an event "clicked-ish", an email "frank(at)…"),
    // 1 "group resubscribe" skipped; 20 events of 6 messages, 2 campaigns.
    expect(s).toMatchObject({
      status: 'completed',
      format: 'sendgrid-activity',
      rowsRead: 24,
      rowsSkipped: 1,
      rejected: 3,
      inserted: 22,
    });
    expect(s.records['delivery-event']).toEqual({ total: 20, inserted: 20, updated: 0, unchanged: 0 });
    expect(s.tables).toMatchObject({
      customer_events: { inserted: 20 },
      message_deliveries: { inserted: 6 },
      customers: { inserted: 6 },
      campaigns: { inserted: 2 },
      touchpoints: { inserted: 1 },
    });
    const byEmail = async (email: string): Promise<Record<string, SqlValue>> =>
      one(
        ws,
        `SELECT d.status, d.sent_at, d.delivered_at, d.opened_at, d.last_opened_at, d.open_count, d.first_click_at,
                d.total_clicks, d.unsubscribed_at, d.complained_at, d.bounce_type, d.bounce_reason, d.failure_reason,
                d.recipient_email, d.subject_line, c.name AS campaign
           FROM message_deliveries d JOIN campaigns c ON c.id = d.campaign_id
           JOIN customers p ON p.id = d.customer_id WHERE p.email = $1`,
        [email],
      );
    // 1709290800 = 2024-03-01T11:00:00Z; delivered +5 s; opened 12:00, clicked 12:01.
    expect(await byEmail('alice@example.com')).toMatchObject({
      status: 'delivered',
      sent_at: '2024-03-01T11:00:00.000Z',
      delivered_at: '2024-03-01T11:00:05.000Z',
      opened_at: '2024-03-01T12:00:00.000Z',
      open_count: 1,
      first_click_at: '2024-03-01T12:01:00.000Z',
      total_clicks: 1,
      subject_line: 'Spring sale, 20% off',
      campaign: 'Spring Sale',
    });
    // Bob's address was written BOB@Example.com: one person, found by any case of it.
    expect(await byEmail('bob@example.com')).toMatchObject({
      status: 'bounced',
      bounce_type: 'hard',
      bounce_reason: '550 5.1.1 The email account that you tried to reach does not exist',
    });
    // Spam report 2024-03-02T12:00:00Z, group unsubscribe 12:01, unsubscribe 12:02: the first counts.
    expect(await byEmail('carol@example.com')).toMatchObject({
      status: 'delivered',
      complained_at: '2024-03-02T12:00:00.000Z',
      unsubscribed_at: '2024-03-02T12:01:00.000Z',
    });
    expect(await byEmail('dave@example.com')).toMatchObject({
      status: 'dropped',
      failure_reason: 'Bounced Address',
    });
    expect(await byEmail('erin@example.com')).toMatchObject({
      status: 'delivered',
      open_count: 2,
      opened_at: '2024-03-02T11:00:00.000Z',
      last_opened_at: '2024-03-03T11:00:00.000Z',
    });
    // "blocked" is SendGrid's temporary refusal.
    expect(await byEmail('frank@example.com')).toMatchObject({
      status: 'bounced',
      bounce_type: 'soft',
      campaign: 'Weekly Digest',
    });

    // Campaign totals follow the deliveries: 5 messages; 4 sent (the dropped one was not), 3 delivered,
    // 1 bounced, 2 opened, 1 clicked, 1 unsubscribed.
    expect(
      await one(
        ws,
        `SELECT totals_source, total_targeted, total_sent, total_delivered, total_bounced, total_opened, total_clicked,
                total_unsubscribed FROM campaigns WHERE external_campaign_id = '1111'`,
      ),
    ).toEqual({
      totals_source: 'deliveries',
      total_targeted: 5,
      total_sent: 4,
      total_delivered: 3,
      total_bounced: 1,
      total_opened: 2,
      total_clicked: 1,
      total_unsubscribed: 1,
    });
    expect(
      await rows(ws, `SELECT event_type, count(*)::integer AS n FROM customer_events GROUP BY 1 ORDER BY 1`),
    ).toEqual([
      { event_type: 'email_bounced', n: 2 },
      { event_type: 'email_clicked', n: 1 },
      { event_type: 'email_deferred', n: 1 },
      { event_type: 'email_delivered', n: 3 },
      { event_type: 'email_dropped', n: 1 },
      { event_type: 'email_group_unsubscribed', n: 1 },
      { event_type: 'email_opened', n: 3 },
      { event_type: 'email_sent', n: 6 },
      { event_type: 'email_spam_reported', n: 1 },
      { event_type: 'email_unsubscribed', n: 1 },
    ]);
    expect(
      await one(
        ws,
        `SELECT tp.touchpoint_type, tp.channel, tp.channel_is_explicit, tp.touchpoint_date, tp.landing_page_url, p.email
           FROM touchpoints tp JOIN customers p ON p.id = tp.contact_id`,
      ),
    ).toEqual({
      touchpoint_type: 'email_click',
      channel: 'Email',
      channel_is_explicit: true,
      touchpoint_date: '2024-03-01T12:01:00.000Z',
      landing_page_url: 'https://shop.example.com/spring?utm_source=sendgrid&utm_campaign=spring',
      email: 'alice@example.com',
    });
  });

  it('people from Mailchimp, Klaviyo, HubSpot and Shopify resolve to one person per address', async () => {
    const ws = await workspace();
    const m = await run(ws, fixture('mailchimp/audience_export_3f2a1b.zip'), { acceptPartial: true });
    // Subscribed: 7 rows, 3 rejected (no address, a bad address, OPTIN_TIME 2018-13-45); unsubscribed 2; cleaned 1.
    expect(m).toMatchObject({
      status: 'completed',
      format: 'mailchimp-audience',
      rowsRead: 10,
      rejected: 3,
      inserted: 7,
    });
    expect(m.rejections.map((r) => [r.entry, r.rowNumber])).toEqual([
      ['subscribed_members_export_3f2a1b.csv', 5],
      ['subscribed_members_export_3f2a1b.csv', 6],
      ['subscribed_members_export_3f2a1b.csv', 8],
    ]);
    const ada = await one(
      ws,
      `SELECT id, name, first_name, last_name, phone, country, state, timezone, contact_status, email_opt_in, tags,
              first_seen_at FROM customers WHERE email = 'ada@example.com'`,
    );
    expect(ada).toMatchObject({
      name: 'Ada Lovelace',
      phone: '+44 20 7946 0000',
      country: 'GB',
      state: 'ENG',
      timezone: 'Europe/London',
      contact_status: 'active',
      email_opt_in: true,
      tags: ['VIP', 'Newsletter'],
      // OPTIN_TIME 2018-06-09 21:30:12, UTC as Mailchimp writes it.
      first_seen_at: '2018-06-09T21:30:12.000Z',
    });
    expect(
      await one(ws, `SELECT contact_status, email_opt_in FROM customers WHERE email = 'olga@example.ru'`),
    ).toEqual({
      contact_status: 'unsubscribed',
      email_opt_in: false,
    });
    expect(
      await one(ws, `SELECT contact_status FROM customers WHERE email = 'old.address@example.net'`),
    ).toEqual({
      contact_status: 'cleaned',
    });
    expect(
      await one(ws, `SELECT email, first_name FROM customers WHERE email = 'grace.hopper@example.com'`),
    ).toEqual({
      email: 'Grace.Hopper@Example.COM',
      first_name: 'Grace',
    });
    const identity = await one(
      ws,
      `SELECT source, external_id, properties ->> 'MEMBER_RATING' AS rating, properties ->> 'LEID' AS leid
         FROM customer_identities WHERE customer_id = $1`,
      [ada['id'] ?? null],
    );
    expect(identity).toEqual({
      source: 'mailchimp',
      external_id: 'ada@example.com',
      rating: '5',
      leid: '112233445',
    });

    const k = await run(ws, fixture('klaviyo/profiles.csv'), { acceptPartial: true });
    // "MAYBE" is no consent state: 3 profiles, one without an address (known by its Klaviyo ID).
    expect(k).toMatchObject({ status: 'completed', rejected: 1, inserted: 3 });
    const h = await run(ws, fixture('hubspot/contacts.csv'), { acceptPartial: true });
    expect(h).toMatchObject({ status: 'completed', rowsRead: 6, rejected: 2, inserted: 4 });
    expect(
      await one(
        ws,
        `SELECT funnel_stage, job_title, company_name FROM customers WHERE email = 'sam@ridge.example'`,
      ),
    ).toEqual({
      funnel_stage: 'lead',
      job_title: 'Facilities Manager',
      company_name: 'Ridge Property Group',
    });

    const s = await run(ws, fixture('shopify/orders.csv'), { acceptPartial: true });
    // #1004 (a date "yesterday afternoon", and its second line) and #1006 ("two") are rejected:
    // #1001 (3 lines), #1002, #1003 (2 lines), #1005 remain. Ada is known from Mailchimp: one person.
    expect(s).toMatchObject({ status: 'completed', rejected: 3, inserted: 7, updated: 1 });
    expect(s.tables).toMatchObject({
      customer_orders: { inserted: 4 },
      customer_order_items: { inserted: 7 },
    });
    expect(await count(ws, 'customers', `email = 'ada@example.com'`)).toBe(1);
    expect(
      (
        await rows(ws, `SELECT source FROM customer_identities WHERE customer_id = $1 ORDER BY source`, [
          ada['id'] ?? null,
        ])
      ).map((r) => r['source']),
    ).toEqual(['mailchimp', 'shopify']);
    const order = await one(
      ws,
      `SELECT o.order_status, o.order_total, o.subtotal, o.shipping_amount, o.tax_amount, o.discount_amount, o.currency,
              o.ordered_at, o.confirmed_at, o.promotion_code, o.utm_source, o.utm_medium, o.referrer_url, o.source_system,
              o.customer_id = $1 AS ada FROM customer_orders o WHERE o.order_id = '#1001'`,
      [ada['id'] ?? null],
    );
    // Paid and fulfilled; "2024-03-01 10:14:00 -0500" = 15:14Z.
    expect(order).toEqual({
      order_status: 'completed',
      order_total: '66.34',
      subtotal: '62.00',
      shipping_amount: '5.00',
      tax_amount: '4.34',
      discount_amount: '5.00',
      currency: 'USD',
      ordered_at: '2024-03-01T15:14:00.000Z',
      confirmed_at: '2024-03-01T15:15:30.000Z',
      promotion_code: 'SPRING5',
      utm_source: 'newsletter',
      utm_medium: 'email',
      referrer_url: 'https://mail.example.com/',
      source_system: 'shopify',
      ada: true,
    });
    expect(
      await rows(
        ws,
        `SELECT i.product_sku, i.quantity, i.unit_price, i.total_price, i.discount_amount
           FROM customer_order_items i JOIN customer_orders o ON o.id = i.order_id WHERE o.order_id = '#1001' ORDER BY 1`,
      ),
    ).toEqual([
      {
        product_sku: 'FERN-1',
        quantity: 2,
        unit_price: '16.00',
        total_price: '32.00',
        discount_amount: '0.00',
      },
      {
        product_sku: 'TOTE-1',
        quantity: 1,
        unit_price: '20.00',
        total_price: '20.00',
        discount_amount: '0.00',
      },
      {
        product_sku: 'WRAP-1',
        quantity: 1,
        unit_price: '10.00',
        total_price: '10.00',
        discount_amount: '5.00',
      },
    ]);
    expect(
      await rows(ws, `SELECT order_id, order_status, refunded_amount FROM customer_orders ORDER BY order_id`),
    ).toEqual([
      { order_id: '#1001', order_status: 'completed', refunded_amount: '0.00' },
      { order_id: '#1002', order_status: 'refunded', refunded_amount: '117.81' },
      { order_id: '#1003', order_status: 'cancelled', refunded_amount: '0.00' },
      { order_id: '#1005', order_status: 'pending', refunded_amount: '0.00' },
    ]);
    // Only the completed order is revenue (the order-metrics trigger): Ada 1 order, 66.34.
    expect(
      await one(ws, `SELECT total_orders, total_revenue FROM customers WHERE id = $1`, [ada['id'] ?? null]),
    ).toEqual({
      total_orders: 1,
      total_revenue: '66.34',
    });
    expect(await one(ws, `SELECT total_orders FROM customers WHERE email = 'bob@example.com'`)).toEqual({
      total_orders: 0,
    });
  });

  it('Google Ads and Meta Ads reports: daily spend on campaigns, totals and title rows skipped', async () => {
    const ws = await workspace();
    const g = await run(ws, fixture('google-ads/campaign-report.csv'), { acceptPartial: true });
    // Two title rows above the header, two "Total:" rows below; "12abc" rejected; 3 campaigns, 5 days of spend.
    expect(g).toMatchObject({
      status: 'completed',
      format: 'google-ads',
      rowsRead: 8,
      rowsSkipped: 2,
      rejected: 1,
      inserted: 8,
    });
    expect(
      await one(
        ws,
        `SELECT source, spend, impressions, clicks, conversions, conversion_value, currency, channel
           FROM ad_spend_daily WHERE external_campaign_id = '123456789' AND spend_date = '2024-03-01'`,
      ),
    ).toEqual({
      source: 'google_ads',
      spend: '1234.56',
      impressions: 10500,
      clicks: 420,
      conversions: '12.00',
      conversion_value: '2400.00',
      currency: 'USD',
      channel: 'Paid Search',
    });
    // A campaign's spend is its days' spend: 1,234.56 + 980.10.
    expect(
      await one(
        ws,
        `SELECT budget_spent, campaign_type FROM campaigns WHERE external_campaign_id = '123456789'`,
      ),
    ).toEqual({
      budget_spent: '2214.66',
      campaign_type: 'paid_search',
    });
    // The same report saved by Excel as UTF-16 "Unicode text": nothing new.
    const again = await run(ws, fixture('google-ads/campaign-report-utf16.csv'), { acceptPartial: true });
    expect(again).toMatchObject({ status: 'completed', inserted: 0, updated: 0, unchanged: 8 });

    const m = await run(ws, fixture('meta-ads/ads-report.csv'), { acceptPartial: true });
    // First row is the report's total (no campaign); 2024-03-32 rejected; 2 campaigns, 4 days.
    expect(m).toMatchObject({ status: 'completed', format: 'meta-ads', rejected: 1, inserted: 6 });
    expect(
      await rows(
        ws,
        `SELECT c.name, c.budget_spent, count(a.id)::integer AS days FROM campaigns c JOIN ad_spend_daily a ON a.campaign_id = c.id
          WHERE c.service_provider = 'meta-ads' GROUP BY 1, 2 ORDER BY 1`,
      ),
    ).toEqual([
      { name: 'Retargeting', budget_spent: '60.00', days: 2 },
      { name: 'Spring Prospecting', budget_spent: '150.75', days: 2 },
    ]);
    expect(
      await one(
        ws,
        `SELECT source, currency, ad_group, channel FROM ad_spend_daily WHERE spend_date = '2024-03-01' AND campaign_name = 'Spring Prospecting'`,
      ),
    ).toEqual({ source: 'meta_ads', currency: 'EUR', ad_group: 'Lookalike 1%', channel: 'Paid Social' });
  });

  it('generic files through a column mapping: events, sends, touchpoints and contacts in two encodings', async () => {
    const ws = await workspace();
    const events: ColumnMappingData = {
      target: 'events',
      columns: {
        eventId: 'event_id',
        personSourceId: 'user_id',
        email: 'email',
        eventType: 'event',
        at: 'timestamp',
        value: 'value',
        currency: 'currency',
        sessionId: 'session_id',
        pageUrl: 'page_url',
      },
    };
    const e = await run(ws, fixture('generic/events.csv'), { mapping: events, acceptPartial: true });
    // e4 has time "not a time": 3 events; people: user 17850 and anon@example.com.
    expect(e).toMatchObject({ status: 'completed', format: 'csv-mapping', rejected: 1, inserted: 3 });
    expect(
      await rows(
        ws,
        `SELECT external_event_id, event_type, occurred_at, event_value, currency, event_properties ->> 'device' AS device FROM customer_events ORDER BY 1`,
      ),
    ).toEqual([
      {
        external_event_id: 'e1',
        event_type: 'page_view',
        occurred_at: '2024-03-01T10:00:00.000Z',
        event_value: null,
        currency: null,
        device: 'mobile',
      },
      // 10:05 at +01:00.
      {
        external_event_id: 'e2',
        event_type: 'add_to_cart',
        occurred_at: '2024-03-01T09:05:00.000Z',
        event_value: '19.99',
        currency: 'EUR',
        device: 'mobile',
      },
      {
        external_event_id: 'e3',
        event_type: 'signup',
        occurred_at: '2024-03-01T12:00:00.000Z',
        event_value: null,
        currency: null,
        device: 'desktop',
      },
    ]);
    const u17850 = await one(
      ws,
      `SELECT customer_id FROM customer_identities WHERE source = 'csv' AND external_id = '17850'`,
    );

    const tp: ColumnMappingData = {
      target: 'touchpoints',
      columns: {
        touchpointId: 'visit_id',
        personSourceId: 'customer_id',
        at: 'visit_time',
        source: 'utm_source',
        medium: 'utm_medium',
        campaign: 'utm_campaign',
        content: 'utm_content',
        term: 'utm_term',
        referrer: 'referrer',
        landingUrl: 'landing_page',
        clickId: 'gclid',
        channel: 'channel',
      },
    };
    const t1 = await run(ws, fixture('generic/touchpoints.csv'), { mapping: tp });
    expect(t1).toMatchObject({ status: 'completed', inserted: 3, rejected: 0 });
    // Customer 17850 is the person the events file made (same source id), not a new one.
    expect(
      await rows(
        ws,
        `SELECT external_id, touchpoint_type, channel, channel_is_explicit, source, medium, click_id, contact_id = $1 AS same FROM touchpoints ORDER BY 1`,
        [u17850['customer_id'] ?? null],
      ),
    ).toEqual([
      {
        external_id: 'v1',
        touchpoint_type: 'ad_click',
        channel: null,
        channel_is_explicit: false,
        source: 'google',
        medium: 'cpc',
        click_id: 'Cj0KCQ-test',
        same: true,
      },
      {
        external_id: 'v2',
        touchpoint_type: 'email_click',
        channel: 'Email',
        channel_is_explicit: true,
        source: 'newsletter',
        medium: 'email',
        click_id: null,
        same: true,
      },
      {
        external_id: 'v3',
        touchpoint_type: 'referral',
        channel: null,
        channel_is_explicit: false,
        source: null,
        medium: null,
        click_id: null,
        same: false,
      },
    ]);

    const sends: ColumnMappingData = {
      target: 'sends',
      columns: {
        campaignName: 'Campaign',
        email: 'Recipient',
        at: 'Sent At',
        event: 'Status',
        subject: 'Subject',
      },
    };
    const s = await run(ws, fixture('generic/sends.csv'), { mapping: sends, acceptPartial: true });
    expect(s).toMatchObject({ status: 'completed', rejected: 1, inserted: 3 });
    expect(
      await rows(ws, `SELECT recipient_email, status, sent_at FROM message_deliveries ORDER BY 1`),
    ).toEqual([
      // "04/01/2024 9:00 AM" is US style: April 1st.
      { recipient_email: 'ann@example.com', status: 'delivered', sent_at: '2024-04-01T09:00:00.000Z' },
      { recipient_email: 'ben@example.com', status: 'bounced', sent_at: '2024-04-01T09:00:00.000Z' },
      { recipient_email: 'cat@example.com', status: 'delivered', sent_at: '2024-04-01T09:01:00.000Z' },
    ]);

    const contacts: ColumnMappingData = {
      target: 'contacts',
      columns: { email: 'Email', firstName: 'First Name', lastName: 'Last Name', company: 'Company' },
    };
    const w = await run(ws, fixture('generic/contacts-windows1252.csv'), { mapping: contacts });
    expect(w).toMatchObject({ status: 'completed', inserted: 3 });
    expect(await one(ws, `SELECT name, company_name FROM customers WHERE email = 'zoe@example.fr'`)).toEqual({
      name: 'Zoë Dupont',
      company_name: 'Café “Le Zinc”',
    });
    expect(
      await one(
        ws,
        `SELECT properties ->> 'Notes' AS notes FROM customer_identities WHERE source = 'csv' AND external_id = 'zoe@example.fr'`,
      ),
    ).toEqual({ notes: 'Price €12,50 – paid' });
    const u = await run(ws, fixture('encoding/contacts-utf16be.csv'), { mapping: contacts });
    expect(u).toMatchObject({ status: 'completed', inserted: 2 });
    expect(
      await rows(
        ws,
        `SELECT name, company_name FROM customers WHERE email IN ('li@example.cn', 'ole@example.dk') ORDER BY 1`,
      ),
    ).toEqual([
      { name: 'Li Wei', company_name: '北京咖啡' },
      { name: 'Ole Sørensen', company_name: 'Kaffe & Co' },
    ]);
  });

  it('Online Retail invoice lines as orders, read in the workspace time zone', async () => {
    const ws = await workspace();
    await (await t.db(ws)).query(`UPDATE organizations SET timezone = 'Europe/Paris', currency = 'GBP'`);
    const mapping: ColumnMappingData = {
      target: 'orders',
      columns: {
        orderId: 'InvoiceNo',
        orderedAt: 'InvoiceDate',
        customerSourceId: 'CustomerID',
        sku: 'StockCode',
        productName: 'Description',
        quantity: 'Quantity',
        unitPrice: 'UnitPrice',
        country: 'Country',
      },
      options: { cancelledIdPrefix: 'C', source: 'online-retail' },
    };
    const s = await run(ws, fixture('online-retail/online_retail_head.csv'), { mapping });
    // 32 lines; 10 invoices; customers 17850, 13047, 15311, 14527, 16210 (two invoices have none).
    expect(s).toMatchObject({ status: 'completed', rowsRead: 32, rejected: 0, inserted: 15 });
    expect(s.records).toMatchObject({ order: { inserted: 10 }, person: { inserted: 5 } });
    expect(s.tables).toMatchObject({ customer_order_items: { inserted: 32 } });
    // 536365: 6×2.55 + 6×3.39 + 8×2.75 + 6×3.39 + 6×3.39 + 2×7.65 + 6×4.25 = 139.12; 08:26 in Paris = 07:26Z.
    expect(
      await one(
        ws,
        `SELECT order_total, order_status, currency, ordered_at, shipping_country, source_system, product_count FROM customer_orders WHERE order_id = '536365'`,
      ),
    ).toEqual({
      order_total: '139.12',
      order_status: 'completed',
      currency: 'GBP',
      ordered_at: '2010-12-01T07:26:00.000Z',
      shipping_country: 'United Kingdom',
      source_system: 'csv:online-retail',
      product_count: 7,
    });
    expect(
      await one(ws, `SELECT order_total, order_status FROM customer_orders WHERE order_id = 'C536379'`),
    ).toEqual({
      order_total: '-27.50',
      order_status: 'cancelled',
    });
    // 17850: 139.12 + 22.20; 13047: 278.73 + 70.05 + 17.85. 14527 only has the cancellation.
    expect(
      await rows(
        ws,
        `SELECT i.external_id, c.total_orders, c.total_revenue FROM customers c JOIN customer_identities i ON i.customer_id = c.id
          WHERE i.source = 'csv:online-retail' ORDER BY 1`,
      ),
    ).toEqual([
      { external_id: '13047', total_orders: 3, total_revenue: '366.63' },
      { external_id: '14527', total_orders: 0, total_revenue: '0.00' },
      { external_id: '15311', total_orders: 1, total_revenue: '4.20' },
      { external_id: '16210', total_orders: 1, total_revenue: '100.80' },
      { external_id: '17850', total_orders: 2, total_revenue: '161.32' },
    ]);
    expect(await count(ws, 'customer_orders', 'customer_id IS NULL')).toBe(2);
    expect(
      await one(
        ws,
        `SELECT product_name, product_sku, quantity, total_price FROM customer_order_items WHERE product_sku = '22139'`,
      ),
    ).toEqual({
      product_name: '22139',
      product_sku: '22139',
      quantity: 56,
      total_price: '0.00',
    });
  });
});

describe('idempotent, revisable, and undoable', () => {
  it('an event the file repeats counts once', async () => {
    const ws = await workspace();
    const lines = readFileSync(fixture('sendgrid/activity.csv'), 'utf8').trimEnd().split('\n');
    const erinOpen = must(
      lines.find((l) => l.startsWith('1709463600,W5')),
      "erin's second open",
    );
    const repeated = join(scratch, 'activity-repeated.csv');
    writeFileSync(repeated, `${[...lines, erinOpen].join('\n')}\n`);
    const s = await run(ws, repeated, { acceptPartial: true });
    expect(s.records['delivery-event']).toEqual({ total: 21, inserted: 20, updated: 0, unchanged: 1 });
    expect(
      await one(ws, `SELECT open_count FROM message_deliveries WHERE recipient_email = 'erin@example.com'`),
    ).toEqual({
      open_count: 2,
    });
  });

  it('re-importing the same file changes nothing at all', async () => {
    const ws = await workspace();
    const files = [
      'sendgrid/activity.csv',
      'mailchimp/audience_export_3f2a1b.zip',
      'shopify/orders.csv',
      'klaviyo/flows-monthly.csv',
      'google-ads/campaign-report.csv',
    ];
    for (const f of files) {
      const first = await run(ws, fixture(f), { acceptPartial: true });
      const before = await checksums(ws);
      const again = await run(ws, fixture(f), { acceptPartial: true });
      expect({
        file: f,
        inserted: again.inserted,
        updated: again.updated,
        unchanged: again.unchanged,
        tables: again.tables,
      }).toEqual({
        file: f,
        inserted: 0,
        updated: 0,
        unchanged: first.inserted + first.updated + first.unchanged,
        tables: {},
      });
      expect(await checksums(ws)).toEqual(before);
      expect(await count(ws, 'loupe.import_overwrites', `batch_id = '${again.batchId}'`)).toBe(0);
    }
  });

  it('a revised export updates exactly the changed rows, and rolling it back restores them', async () => {
    const ws = await workspace();
    const first = await run(ws, fixture('mailchimp/campaigns.csv'), { acceptPartial: true });
    const before = await checksums(ws, { withUpdatedAt: false });
    // The same report a week later: Summer Sale's revenue revised, Fall Newsletter gained 8 opens.
    const revised = join(scratch, 'campaigns-revised.csv');
    const text = readFileSync(fixture('mailchimp/campaigns.csv'), 'utf8')
      .replace('"$1,530.50","$1,480.25"', '"$1,530.50","$1,600.00"')
      .replace(',1,2,402,41.23%,', ',1,2,410,42.05%,');
    writeFileSync(revised, text);
    const s = await run(ws, revised, { acceptPartial: true });
    expect(s).toMatchObject({ status: 'completed', inserted: 0, updated: 2, unchanged: 6 });
    expect(s.records['campaign-stats']).toEqual({ total: 4, inserted: 0, updated: 2, unchanged: 2 });
    const totals = async (): Promise<Record<string, SqlValue>[]> =>
      rows(
        ws,
        `SELECT external_campaign_id, total_revenue_attributed, total_opened FROM campaigns ORDER BY 1`,
      );
    expect(await totals()).toEqual([
      { external_campaign_id: 'a1b2c3d4e5', total_revenue_attributed: '1600.00', total_opened: 467 },
      { external_campaign_id: 'b2c3d4e5f6', total_revenue_attributed: '0.00', total_opened: 410 },
      // Winter Teaser states only an open rate: 25.00% of 496 deliveries.
      { external_campaign_id: 'c3d4e5f6a7', total_revenue_attributed: '199.99', total_opened: 124 },
      { external_campaign_id: 'e5f6a7b8c9', total_revenue_attributed: '0.00', total_opened: 150 },
    ]);
    // Prior versions kept: the two figure rows and the two campaigns whose totals they moved.
    expect(
      await rows(
        ws,
        `SELECT table_name, count(*)::integer AS n FROM loupe.import_overwrites WHERE batch_id = $1 GROUP BY 1 ORDER BY 1`,
        [s.batchId],
      ),
    ).toEqual([
      { table_name: 'campaign_reported_stats', n: 2 },
      { table_name: 'campaigns', n: 2 },
    ]);

    const back = await t.ok('imports/rollback', { workspace: ws, batchId: s.batchId ?? '', confirm: true });
    expect(back).toMatchObject({ status: 'rolled_back', batchId: s.batchId });
    expect((await totals())[0]).toEqual({
      external_campaign_id: 'a1b2c3d4e5',
      total_revenue_attributed: '1480.25',
      total_opened: 467,
    });
    expect(await checksums(ws, { withUpdatedAt: false })).toEqual(before);
    // The first import is still there, and can itself be rolled back to nothing.
    await t.ok('imports/rollback', { workspace: ws, batchId: first.batchId ?? '', confirm: true });
    expect(await count(ws, 'campaigns')).toBe(0);
    expect(await count(ws, 'campaign_reported_stats')).toBe(0);
    const history = await t.ok('imports/list-history', { workspace: ws });
    expect(history.map((b) => b.status)).toEqual(['rolled_back', 'rolled_back']);
  });

  it('refuses to roll back an import a later one built on, until that one is rolled back', async () => {
    const ws = await workspace();
    const empty = await checksums(ws);
    const first = await run(ws, fixture('sendgrid/activity.csv'), { acceptPartial: true });
    // A later export of the same campaign: erin opened again, a new recipient got the message.
    const later = join(scratch, 'activity-later.csv');
    const lines = readFileSync(fixture('sendgrid/activity.csv'), 'utf8').trimEnd().split('\n');
    const erinOpen = must(
      lines.find((l) => l.startsWith('1709463600,W5')),
      "erin's second open",
    );
    const newMessage = must(
      lines.find((l) => l.startsWith('1709290800,W1')),
      "alice's first event",
    )
      .replace(/W1aBc/g, 'W0aBc')
      .replace('alice@', 'zed@');
    writeFileSync(later, [lines[0], erinOpen.replace('1709463600', '1709550000'), newMessage].join('\n'));
    const second = await run(ws, later);
    // A third open for erin (a delivery updated), a new message, person and event.
    expect(second).toMatchObject({ status: 'completed', inserted: 2, unchanged: 1 });
    expect(second.tables).toMatchObject({
      message_deliveries: { inserted: 1, updated: 1 },
      customers: { inserted: 1 },
    });
    expect(
      await one(
        ws,
        `SELECT open_count, last_opened_at FROM message_deliveries WHERE recipient_email = 'erin@example.com'`,
      ),
    ).toEqual({
      open_count: 3,
      last_opened_at: '2024-03-04T11:00:00.000Z',
    });

    const refused = await t.service.invoke('imports/rollback', {
      workspace: ws,
      batchId: first.batchId ?? '',
      confirm: true,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(refused.ok ? '' : refused.error.message).toContain('activity-later.csv');

    const unconfirmed = await t.service.invoke('imports/rollback', {
      workspace: ws,
      batchId: second.batchId ?? '',
      confirm: false,
    });
    expect(unconfirmed).toMatchObject({ ok: false, error: { code: 'confirmation-required' } });
    await t.ok('imports/rollback', { workspace: ws, batchId: second.batchId ?? '', confirm: true });
    expect(
      await one(ws, `SELECT open_count FROM message_deliveries WHERE recipient_email = 'erin@example.com'`),
    ).toEqual({ open_count: 2 });
    expect(await count(ws, 'customers', `email = 'zed@example.com'`)).toBe(0);
    await t.ok('imports/rollback', { workspace: ws, batchId: first.batchId ?? '', confirm: true });
    expect(await checksums(ws, { withUpdatedAt: false })).toEqual(empty);
    const again = await t.service.invoke('imports/rollback', {
      workspace: ws,
      batchId: first.batchId ?? '',
      confirm: true,
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });
});

describe('refusing what should not go in', () => {
  it('rows rejected without acceptPartial: nothing written, every rejection kept with its row number', async () => {
    const ws = await workspace();
    const before = await checksums(ws);
    const s = await run(ws, fixture('shopify/orders.csv'));
    expect(s).toMatchObject({ status: 'rejected', rejected: 3, inserted: 0, updated: 0 });
    expect(s.message).toMatch(/Nothing was imported: 3 rows of 10 rows/);
    expect(s.rejections.map((r) => r.rowNumber)).toEqual([8, 9, 11]);
    expect(s.rejections[0]).toMatchObject({
      field: 'Created at',
      raw: { Name: '#1004', 'Created at': 'yesterday afternoon' },
    });
    expect(await checksums(ws)).toEqual(before);
    const page = await t.ok('imports/list-rejections', {
      workspace: ws,
      batchId: s.batchId ?? '',
      offset: 1,
      limit: 5,
    });
    expect(page.total).toBe(3);
    expect(page.rejections.map((r) => r.rowNumber)).toEqual([9, 11]);
    expect(page.rejections[1]?.reason).toBe(
      'Lineitem quantity "two" is not a whole number (expected like "12" or "-1")',
    );
    const [failed] = await t.ok('imports/list-history', { workspace: ws });
    expect(failed).toMatchObject({ status: 'failed', fileName: 'orders.csv', rejected: 3, inserted: 0 });

    const partial = await run(ws, fixture('shopify/orders.csv'), { acceptPartial: true });
    expect(partial).toMatchObject({ status: 'completed', rejected: 3 });
    expect(await count(ws, 'customer_orders')).toBe(4);
  });

  it('a file that is not what it claims gets a clear error and leaves the workspace as it was', async () => {
    const ws = await workspace();
    await run(ws, fixture('klaviyo/campaigns.csv'), { acceptPartial: true });
    const before = await checksums(ws);
    const batches = await count(ws, 'loupe.import_batches');
    const cases: [string, RegExp][] = [
      ['wrong/chart.csv', /is an image, not a CSV export/],
      ['wrong/workbook.xlsx', /Excel workbook/],
      ['wrong/empty.csv', /is empty/],
      ['wrong/header-only.csv', /no rows of data/],
      [
        'wrong/unknown-header.csv',
        /does not look like any export Loupe knows \(header starts "foo, bar, baz"\)/,
      ],
      ['wrong/missing-columns.csv', /email/i],
    ];
    for (const [file, message] of cases) {
      const err = await fails(ws, fixture(file));
      expect({ file, code: err.code }).toEqual({ file, code: 'invalid-argument' });
      expect(err.message).toMatch(message);
    }
    const notThere = await fails(ws, join(scratch, 'no-such-file.csv'));
    expect(notThere.code).toBe('not-found');
    // A mapping that names columns the file does not have.
    const bad = await fails(ws, fixture('generic/events.csv'), {
      mapping: { target: 'events', columns: { at: 'When', eventType: 'event' } },
    });
    expect(bad).toMatchObject({ code: 'invalid-argument' });
    expect(bad.message).toContain('the file has no column "When"');
    expect(await checksums(ws)).toEqual(before);
    expect(await count(ws, 'loupe.import_batches')).toBe(batches);
  });

  it('a dry run counts what would change and writes nothing', async () => {
    const ws = await workspace();
    const before = await checksums(ws);
    const s = await run(ws, fixture('sendgrid/activity.csv'), { dryRun: true, acceptPartial: true });
    expect(s).toMatchObject({ status: 'dry-run', batchId: null, inserted: 22, updated: 0, rejected: 3 });
    expect(s.tables).toMatchObject({ message_deliveries: { inserted: 6 } });
    expect(await checksums(ws)).toEqual(before);
    expect(await count(ws, 'loupe.import_batches')).toBe(0);
  });
});

describe('long imports', () => {
  it('reports progress at least every half second and can be cancelled without writing anything', async () => {
    const ws = await workspace();
    // Many rows of one SendGrid campaign, generated here: big enough to take a few seconds.
    const big = join(scratch, 'activity-big.csv');
    const header = must(readFileSync(fixture('sendgrid/activity.csv'), 'utf8').split('\n')[0], 'the header');
    const out: string[] = [header];
    for (let i = 0; i < 40000; i++) {
      out.push(
        `${1709290800 + i},M${i}.filter,processed,k,,1,Subject,news@shop.example.com,user${i % 5000}@example.com,17,,,,,,,,,,,,u,,3333,Big,,,`,
      );
    }
    writeFileSync(big, `${out.join('\n')}\n`);
    const before = await checksums(ws);

    const progress: { at: number; p: ImportProgress }[] = [];
    const off = t.service.subscribe((name, payload) => {
      if (name === 'imports/progress') progress.push({ at: Date.now(), p: payload as ImportProgress });
    });
    const controller = new AbortController();
    const cancelled = t.service.invoke(
      'imports/run',
      { workspace: ws, path: big, jobId: 'cancel-me' },
      controller.signal,
    );
    while (!progress.some((e) => e.p.phase === 'reading' && e.p.rowsRead > 0))
      await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    expect(await cancelled).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await checksums(ws)).toEqual(before);
    expect(await count(ws, 'loupe.import_batches')).toBe(0);

    progress.length = 0;
    const done = await run(ws, big, { jobId: 'job-2' });
    off();
    expect(done).toMatchObject({ status: 'completed', inserted: 40001 });
    expect(progress.every((e) => e.p.jobId === 'job-2' && e.p.fileName === 'activity-big.csv')).toBe(true);
    const phases = [...new Set(progress.map((e) => e.p.phase))];
    expect(phases).toEqual(expect.arrayContaining(['reading', 'merging']));
    const gaps = progress.slice(1).map((e, i) => e.at - must(progress[i], 'an event').at);
    expect(Math.max(...gaps)).toBeLessThan(600);
    expect(progress.at(-1)?.p.bytesTotal).toBeGreaterThan(0);

    // Cancelled while the merge commits: what it wrote is rolled back at once.
    const other = join(scratch, 'activity-other.csv');
    writeFileSync(
      other,
      readFileSync(big, 'utf8')
        .replace(/,3333,Big,/g, ',4444,Other,')
        .replace(/,M(\d+)\.filter,/g, ',N$1.filter,'),
    );
    const settled = await checksums(ws);
    const merging = new AbortController();
    const offMerge = t.service.subscribe((name, payload) => {
      if (name === 'imports/progress' && (payload as ImportProgress).phase === 'merging') merging.abort();
    });
    const late = await t.service.invoke('imports/run', { workspace: ws, path: other }, merging.signal);
    offMerge();
    expect(late).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await checksums(ws)).toEqual(settled);
    const [undone] = await t.ok('imports/list-history', { workspace: ws, limit: 1 });
    expect(undone).toMatchObject({
      fileName: 'activity-other.csv',
      status: 'rolled_back',
      error: 'cancelled',
    });
  });
});

describe('history, inspection and saved mappings', () => {
  it('inspects a file, suggests and saves a mapping, and reads the next file with that header by it', async () => {
    const ws = await workspace();
    const known = await t.ok('imports/inspect', { workspace: ws, path: fixture('sendgrid/activity.csv') });
    expect(known).toMatchObject({
      format: 'sendgrid-activity',
      encoding: 'utf-8',
      delimiter: ',',
      savedMapping: null,
      previousImport: null,
    });
    await run(ws, fixture('sendgrid/activity.csv'), { acceptPartial: true });
    const seen = await t.ok('imports/inspect', { workspace: ws, path: fixture('sendgrid/activity.csv') });
    expect(seen.previousImport).toMatchObject({ status: 'completed' });

    const retail = await t.ok('imports/inspect', {
      workspace: ws,
      path: fixture('online-retail/online_retail_head.csv'),
    });
    expect(retail).toMatchObject({
      format: 'csv-mapping',
      header: [
        'InvoiceNo',
        'StockCode',
        'Description',
        'Quantity',
        'InvoiceDate',
        'UnitPrice',
        'CustomerID',
        'Country',
      ],
      savedMapping: null,
    });
    expect(retail.suggestedMapping).toMatchObject({
      target: 'orders',
      columns: { orderId: 'InvoiceNo', orderedAt: 'InvoiceDate', customerSourceId: 'CustomerID' },
    });
    const unknown = await t.service.invoke('imports/run', {
      workspace: ws,
      path: fixture('online-retail/online_retail_head.csv'),
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });

    const saved = await t.ok('imports/save-mapping', {
      name: 'Online Retail',
      header: retail.header,
      mapping: must(retail.suggestedMapping, 'a suggested mapping'),
    });
    expect((await t.ok('imports/list-mappings', {})).map((m) => m.name)).toEqual(['Online Retail']);
    expect(
      (
        await t.ok('imports/inspect', {
          workspace: ws,
          path: fixture('online-retail/online_retail_head.csv'),
        })
      ).savedMapping?.id,
    ).toBe(saved.id);
    const s = await run(ws, fixture('online-retail/online_retail_head.csv'));
    expect(s).toMatchObject({
      status: 'completed',
      mapping: { id: saved.id, name: 'Online Retail' },
      inserted: 15,
    });
    expect((await t.ok('imports/list-mappings', {}))[0]?.usedAt).not.toBeNull();
    const badMapping = await t.service.invoke('imports/save-mapping', {
      name: 'Broken',
      header: retail.header,
      mapping: { target: 'orders', columns: { orderId: 'Nope' } },
    });
    expect(badMapping).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });

    const history = await t.ok('imports/list-history', { workspace: ws });
    expect(history.map((b) => [b.fileName, b.format, b.status])).toEqual([
      ['online_retail_head.csv', 'csv-mapping', 'completed'],
      ['activity.csv', 'sendgrid-activity', 'completed'],
    ]);
    expect(history[1]).toMatchObject({ rowsRead: 24, inserted: 22, rejected: 3 });
    const formats = await t.ok('imports/list-formats', {});
    expect(formats.map((f) => f.id)).toEqual(
      expect.arrayContaining(['mailchimp-audience', 'sendgrid-activity', 'csv-mapping']),
    );
  });
});
