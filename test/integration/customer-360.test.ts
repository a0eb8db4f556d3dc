import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customer360 } from '../../core/analytics/customers';
import type { Customer360 } from '../../core/analytics/customers';
import type { SqlValue } from '../../core/api/sql';
import type { WorkspaceDb } from '../../core/db/workspace-db';
import { ServiceError } from '../../core/errors';
import { tempService, type TempService } from '../support/temp-service';

/**
 * The customer 360 view over people written here by hand. Every expected value
 * below is read off these rows (the arithmetic is in the comments), not computed
 * by the code under test.
 *
 * Ann (A): identities in mailchimp and shopify; in "VIP buyers" (active) and
 *   "Spring list" (left 2024-05-01); five events; three messages; five orders:
 *     A-1001 completed          100.00                 2024-02-01 10:00  purchase, net 100
 *     A-1002 partially_refunded 250.00 refunded  50.00 2024-04-10 10:00  purchase, net 200
 *     A-1003 cancelled          999.00                 2024-05-05 10:00  not a purchase
 *     A-1004 completed          121.00                 2024-06-15 14:00  purchase, net 121
 *     A-1005 refunded            80.00 refunded  80.00 2024-06-18 10:00  not a purchase (net 0)
 *   two deals (one open), one resolved ticket, two touchpoints and a scores row.
 * Bob (B): nothing but the person row, with NULL tags and attributes.
 * Fay (F): her client id is Bob's email; first name only.
 * Dee and Dan (D1, D2): the same email.
 */

const NOW = '2024-07-01T12:00:00.000Z';
const u = (group: number, n: number): string =>
  `${String(group).padStart(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const A = u(1, 1);
const B = u(1, 2);
const F = u(1, 3);
const D1 = u(1, 4);
const D2 = u(1, 5);
const SELLER = u(2, 1);
const VIP = u(3, 1);
const SPRING = u(3, 2);
const X = u(4, 1);
const Y = u(4, 2);
const ev = (n: number): string => u(5, n);
const dl = (n: number): string => u(6, n);
const ord = (n: number): string => u(7, n);
const OPP_OPEN = u(8, 1);
const OPP_WON = u(8, 2);
const TICKET = u(9, 1);
const MODEL = u(10, 1);

let t: TempService;
let db: WorkspaceDb;

async function sql(text: string, params: SqlValue[] = []): Promise<void> {
  await db.query(text, params);
}

async function fails(p: Promise<unknown>): Promise<ServiceError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ServiceError) return err;
    throw err;
  }
  throw new Error('Expected a ServiceError');
}

const view = (ref: string, recentLimit?: number): Promise<Customer360> =>
  customer360(db, ref, { now: Date.parse(NOW), ...(recentLimit !== undefined ? { recentLimit } : {}) });

beforeAll(async () => {
  t = tempService();
  const ws = await t.ok('workspaces/create', { name: 'Customer 360' });
  db = await t.db(ws.id);
  await sql(
    `INSERT INTO platform_users (id, email, name, role) VALUES ($1, 'sam@agency.example', 'Sam Seller', 'sales_rep')`,
    [SELLER],
  );
  await sql(
    `INSERT INTO customers (id, customer_id, email, name, first_name, last_name, phone, company_name, job_title, country,
                            city, timezone, customer_type, lifecycle_stage, funnel_stage, customer_status, contact_status,
                            vip_status, assigned_to, acquisition_channel, acquisition_source, first_seen_at, last_seen_at,
                            tags, custom_attributes, email_opt_in, sms_opt_in, marketing_consent_given, consent_date,
                            consent_source, engagement_score, churn_risk_score, lead_score, created_at)
     VALUES ($1, 'CRM-001', 'Ann.Archer@Example.com', 'Ann Archer', 'Ann', 'Archer', '+33 1 23 45 67 89', 'Archer & Co',
             'CTO', 'FR', 'Paris', 'Europe/Paris', 'business', 'engaged', 'customer', 'active', 'active', true, $2,
             'Paid Search', 'google', '2024-01-10T09:00:00Z', '2024-06-28T10:30:00Z', '{vip,newsletter}',
             '{"plan": "pro", "seats": 12}', true, false, true, '2024-01-10T09:05:00Z', 'signup_form', 80, 10, 65,
             '2024-01-10T09:00:00Z')`,
    [A, SELLER],
  );
  await sql(
    `INSERT INTO customers (id, customer_id, email, first_seen_at, created_at, tags, custom_attributes)
     VALUES ($1, 'CRM-002', 'bob@example.com', '2024-06-01T00:00:00Z', '2024-06-01T00:00:00Z', NULL, NULL),
            ($2, 'bob@example.com', 'fay@example.com', '2024-06-02T00:00:00Z', '2024-06-02T00:00:00Z', '{}', '{}'),
            ($3, 'CRM-004', 'shared@example.com', '2024-06-03T00:00:00Z', '2024-06-03T00:00:00Z', '{}', '{}'),
            ($4, 'CRM-005', 'Shared@Example.com', '2024-06-04T00:00:00Z', '2024-06-04T00:00:00Z', '{}', '{}')`,
    [B, F, D1, D2],
  );
  await sql(`UPDATE customers SET first_name = 'Fay', name = '  ' WHERE id = $1`, [F]);
  await sql(
    `INSERT INTO customer_identities (customer_id, source, external_id, email, phone, first_seen_at, last_seen_at) VALUES
       ($1, 'shopify', 'SH-42', 'ann@example.com', '+33123456789', '2024-01-10T09:00:00Z', NULL),
       ($1, 'mailchimp', 'mc-ann', 'ANN.ARCHER@example.com', NULL, '2024-02-01T00:00:00Z', '2024-06-12T08:00:00Z')`,
    [A],
  );
  await sql(
    `INSERT INTO segments (id, name, segment_type) VALUES ($1, 'VIP buyers', 'dynamic'), ($2, 'Spring list', 'static')`,
    [VIP, SPRING],
  );
  await sql(
    `INSERT INTO segment_memberships (segment_id, customer_id, added_at, is_active, removed_at) VALUES
       ($1, $3, '2024-03-01T00:00:00Z', true, NULL),
       ($2, $3, '2024-02-01T00:00:00Z', false, '2024-05-01T00:00:00Z')`,
    [VIP, SPRING, A],
  );
  await sql(`INSERT INTO campaigns (id, name) VALUES ($1, 'Summer sale'), ($2, 'June newsletter')`, [X, Y]);
  await sql(
    `INSERT INTO customer_events (id, customer_id, event_type, event_name, occurred_at, channel, campaign_id,
                                  event_value, page_url, event_category) VALUES
       ($1, $6, 'page_view', 'Viewed product', '2024-06-20T10:00:00Z', 'web', NULL, NULL, 'https://shop.example/p/1', 'browse'),
       ($2, $6, 'email_open', 'Email Opened', '2024-06-12T09:00:00Z', 'email', $7, NULL, NULL, NULL),
       ($3, $6, 'purchase', 'Order Completed', '2024-06-15T14:00:00Z', 'web', NULL, 121.00, NULL, 'commerce'),
       ($4, $6, 'page_view', 'Viewed home', '2024-05-01T10:00:00Z', 'web', NULL, NULL, 'https://shop.example/', 'browse'),
       ($5, $6, 'call', 'Sales call', '2024-06-25T16:00:00Z', 'phone', NULL, NULL, NULL, NULL)`,
    [ev(1), ev(2), ev(3), ev(4), ev(5), A, X],
  );
  await sql(
    `INSERT INTO message_deliveries (id, campaign_id, customer_id, status, sent_at, delivered_at, opened_at,
                                     first_click_at, open_count, total_clicks, converted_at, conversion_value,
                                     unsubscribed_at, bounce_type) VALUES
       ($1, $4, $6, 'delivered', '2024-06-12T08:00:00Z', '2024-06-12T08:01:00Z', '2024-06-12T09:00:00Z',
        '2024-06-12T09:05:00Z', 2, 1, '2024-06-15T14:00:00Z', 121.00, NULL, NULL),
       ($2, $5, $6, 'bounced', '2024-06-01T08:00:00Z', NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, 'hard'),
       ($3, $5, $6, 'delivered', '2024-06-20T08:00:00Z', '2024-06-20T08:00:30Z', '2024-06-20T08:55:00Z',
        NULL, 1, 0, NULL, NULL, '2024-06-20T09:00:00Z', NULL)`,
    [dl(1), dl(2), dl(3), X, Y, A],
  );
  await sql(
    `INSERT INTO customer_orders (id, order_id, customer_id, order_status, order_total, refunded_amount, currency,
                                  ordered_at) VALUES
       ($1, 'A-1001', $6, 'completed', 100.00, 0, 'EUR', '2024-02-01T10:00:00Z'),
       ($2, 'A-1002', $6, 'partially_refunded', 250.00, 50.00, 'EUR', '2024-04-10T10:00:00Z'),
       ($3, 'A-1003', $6, 'cancelled', 999.00, 0, 'EUR', '2024-05-05T10:00:00Z'),
       ($4, 'A-1004', $6, 'completed', 121.00, 0, 'EUR', '2024-06-15T14:00:00Z'),
       ($5, 'A-1005', $6, 'refunded', 80.00, 80.00, 'EUR', '2024-06-18T10:00:00Z')`,
    [ord(1), ord(2), ord(3), ord(4), ord(5), A],
  );
  await sql(
    `INSERT INTO touchpoints (contact_id, touchpoint_type, touchpoint_date, channel) VALUES
       ($1, 'ad_click', '2024-01-10T08:55:00Z', 'Paid Search'), ($1, 'email_click', '2024-06-12T09:05:00Z', 'Email')`,
    [A],
  );
  await sql(
    `INSERT INTO opportunities (opportunity_id, customer_id, opportunity_name, sales_stage, opportunity_status,
                                estimated_value, currency, probability_percentage, expected_close_date,
                                actual_close_date, created_at) VALUES
       ($1, $3, 'Enterprise plan', 'proposal', 'open', 15000.00, 'EUR', 60, '2024-08-31', NULL, '2024-06-01T09:00:00Z'),
       ($2, $3, 'Pilot', 'closed_won', 'won', 2000.00, 'EUR', 100, '2024-03-01', '2024-03-15', '2024-06-20T09:00:00Z')`,
    [OPP_OPEN, OPP_WON, A],
  );
  await sql(
    `INSERT INTO support_tickets (ticket_id, customer_id, ticket_number, ticket_subject, ticket_status, ticket_priority,
                                  ticket_type, channel, created_at, updated_at, resolved_at) VALUES
       ($1, $2, 'T-77', 'Invoice missing VAT', 'resolved', 'high', 'billing_issue', 'email', '2024-05-10T08:00:00Z',
        '2024-05-11T08:00:00Z', '2024-05-11T07:30:00Z')`,
    [TICKET, A],
  );
  await sql(
    `INSERT INTO score_models (id, kind, status, calibration_end, holdout_end, parameters, quality, fitted_at)
     VALUES ($1, 'clv', 'fitted', '2024-04-01T00:00:00Z', '2024-07-01T00:00:00Z', '{"horizonDays": 365}',
             '{"mae": 0.4}', '2024-07-01T06:00:00Z')`,
    [MODEL],
  );
  await sql(
    `INSERT INTO customer_scores (customer_id, engagement_breakdown, churn_breakdown, lifecycle_reason, lead_breakdown,
                                  lead_rule_set_version, lead_score_previous, lead_trend, lead_action,
                                  conversion_probability, rfm_recency, rfm_frequency, rfm_monetary, rfm_code, rfm_segment,
                                  p_alive, predicted_purchases, expected_spend, clv, clv_model_id, computed_at)
     VALUES ($1, '{"recency": 30, "frequency": 20, "purchases": 30}', '{"inactivity": 0, "overdueOrder": 10}',
             'Active within 30 days with an engagement score of 80', '{"groups": {"rfm": 25}, "matched": ["rfm.recency_90d", "rfm.recency_30d", "retired.rule"]}',
             1, 55, 'rising', 'nurture_campaign', 0.125, 5, 4, 3, '543', 'Loyal', 0.875, 1.5, 150.25, 412.34, $2,
             '2024-07-01T06:05:00Z')`,
    [A, MODEL],
  );
});

afterAll(async () => {
  await t.dispose();
});

const NOTHING_SCORED: Customer360['scores'] = {
  computedAt: null,
  engagement: { score: null, breakdown: null },
  churnRisk: { score: null, breakdown: null },
  lifecycleReason: null,
  lead: {
    score: null,
    breakdown: null,
    trend: null,
    previous: null,
    action: null,
    ruleSetVersion: null,
    rules: [],
  },
  conversionProbability: null,
  rfm: { recency: null, frequency: null, monetary: null, code: null, segment: null },
};

describe('a customer with a full history', () => {
  it('shows every section as the rows above give it', async () => {
    const v = await view('CRM-001', 3);
    expect(v.asOf).toBe(NOW);
    expect(v.profile).toEqual({
      id: A,
      customerId: 'CRM-001',
      email: 'Ann.Archer@Example.com',
      name: 'Ann Archer',
      firstName: 'Ann',
      lastName: 'Archer',
      phone: '+33 1 23 45 67 89',
      company: 'Archer & Co',
      jobTitle: 'CTO',
      country: 'FR',
      state: null,
      city: 'Paris',
      timezone: 'Europe/Paris',
      customerType: 'business',
      lifecycleStage: 'engaged',
      funnelStage: 'customer',
      status: 'active',
      contactStatus: 'active',
      vip: true,
      assignedTo: 'Sam Seller',
      acquisitionChannel: 'Paid Search',
      acquisitionCampaign: null,
      acquisitionSource: 'google',
      firstSeenAt: '2024-01-10T09:00:00.000Z',
      lastSeenAt: '2024-06-28T10:30:00.000Z',
      tags: ['vip', 'newsletter'],
      customAttributes: { plan: 'pro', seats: 12 },
      consent: {
        emailOptIn: true,
        smsOptIn: false,
        marketingConsentGiven: true,
        consentDate: '2024-01-10T09:05:00.000Z',
        consentSource: 'signup_form',
        doNotContact: false,
        processingRestricted: false,
        gdprErased: false,
      },
      createdAt: '2024-01-10T09:00:00.000Z',
    });
    // By source, then id: mailchimp before shopify.
    expect(v.identities).toEqual([
      {
        source: 'mailchimp',
        externalId: 'mc-ann',
        email: 'ANN.ARCHER@example.com',
        phone: null,
        firstSeenAt: '2024-02-01T00:00:00.000Z',
        lastSeenAt: '2024-06-12T08:00:00.000Z',
      },
      {
        source: 'shopify',
        externalId: 'SH-42',
        email: 'ann@example.com',
        phone: '+33123456789',
        firstSeenAt: '2024-01-10T09:00:00.000Z',
        lastSeenAt: null,
      },
    ]);
    // Current memberships first, then the one that ended.
    expect(v.segments).toEqual([
      {
        id: VIP,
        name: 'VIP buyers',
        type: 'dynamic',
        active: true,
        addedAt: '2024-03-01T00:00:00.000Z',
        removedAt: null,
      },
      {
        id: SPRING,
        name: 'Spring list',
        type: 'static',
        active: false,
        addedAt: '2024-02-01T00:00:00.000Z',
        removedAt: '2024-05-01T00:00:00.000Z',
      },
    ]);
    // The three newest of five: 06-25 call, 06-20 page view, 06-15 purchase.
    expect(v.recentEvents).toEqual([
      {
        id: ev(5),
        occurredAt: '2024-06-25T16:00:00.000Z',
        type: 'call',
        name: 'Sales call',
        category: null,
        channel: 'phone',
        campaignId: null,
        campaignName: null,
        value: null,
        pageUrl: null,
      },
      {
        id: ev(1),
        occurredAt: '2024-06-20T10:00:00.000Z',
        type: 'page_view',
        name: 'Viewed product',
        category: 'browse',
        channel: 'web',
        campaignId: null,
        campaignName: null,
        value: null,
        pageUrl: 'https://shop.example/p/1',
      },
      {
        id: ev(3),
        occurredAt: '2024-06-15T14:00:00.000Z',
        type: 'purchase',
        name: 'Order Completed',
        category: 'commerce',
        channel: 'web',
        campaignId: null,
        campaignName: null,
        value: 121,
        pageUrl: null,
      },
    ]);
    // Newest send first: 06-20 newsletter (opened, unsubscribed), 06-12 sale (clicked, converted), 06-01 bounce.
    expect(v.campaignInteractions).toEqual([
      {
        id: dl(3),
        campaignId: Y,
        campaignName: 'June newsletter',
        status: 'delivered',
        sentAt: '2024-06-20T08:00:00.000Z',
        deliveredAt: '2024-06-20T08:00:30.000Z',
        opened: true,
        clicked: false,
        bounced: false,
        unsubscribed: true,
        complained: false,
        converted: false,
        openedAt: '2024-06-20T08:55:00.000Z',
        clickedAt: null,
        opens: 1,
        clicks: 0,
        convertedAt: null,
        conversionValue: null,
      },
      {
        id: dl(1),
        campaignId: X,
        campaignName: 'Summer sale',
        status: 'delivered',
        sentAt: '2024-06-12T08:00:00.000Z',
        deliveredAt: '2024-06-12T08:01:00.000Z',
        opened: true,
        clicked: true,
        bounced: false,
        unsubscribed: false,
        complained: false,
        converted: true,
        openedAt: '2024-06-12T09:00:00.000Z',
        clickedAt: '2024-06-12T09:05:00.000Z',
        opens: 2,
        clicks: 1,
        convertedAt: '2024-06-15T14:00:00.000Z',
        conversionValue: 121,
      },
      {
        id: dl(2),
        campaignId: Y,
        campaignName: 'June newsletter',
        status: 'bounced',
        sentAt: '2024-06-01T08:00:00.000Z',
        deliveredAt: null,
        opened: false,
        clicked: false,
        bounced: true,
        unsubscribed: false,
        complained: false,
        converted: false,
        openedAt: null,
        clickedAt: null,
        opens: 0,
        clicks: 0,
        convertedAt: null,
        conversionValue: null,
      },
    ]);
    // Purchases A-1001, A-1002, A-1004: 3 orders, 100 + (250 − 50) + 121 = 421;
    // 421 / 3 = 140.333… → 140.33. Last purchase 2024-06-15 14:00, to 2024-07-01 12:00
    // is 15 days 22 hours → 15 whole days.
    expect(v.orders).toEqual({
      count: 3,
      revenue: 421,
      averageOrderValue: 140.33,
      firstOrderAt: '2024-02-01T10:00:00.000Z',
      lastOrderAt: '2024-06-15T14:00:00.000Z',
      daysSinceLastOrder: 15,
      // The three newest orders of any status: 06-18 refunded, 06-15 completed, 05-05 cancelled.
      recent: [
        {
          id: ord(5),
          orderNumber: 'A-1005',
          orderedAt: '2024-06-18T10:00:00.000Z',
          status: 'refunded',
          total: 80,
          refunded: 80,
          net: 0,
          currency: 'EUR',
          isPurchase: false,
        },
        {
          id: ord(4),
          orderNumber: 'A-1004',
          orderedAt: '2024-06-15T14:00:00.000Z',
          status: 'completed',
          total: 121,
          refunded: 0,
          net: 121,
          currency: 'EUR',
          isPurchase: true,
        },
        {
          id: ord(3),
          orderNumber: 'A-1003',
          orderedAt: '2024-05-05T10:00:00.000Z',
          status: 'cancelled',
          total: 999,
          refunded: 0,
          net: 999,
          currency: 'EUR',
          isPurchase: false,
        },
      ],
    });
    expect(v.lifetimeValue).toEqual({
      totalRevenue: 421,
      clv: 412.34,
      expectedSpend: 150.25,
      pAlive: 0.875,
      predictedPurchases: 1.5,
      model: {
        id: MODEL,
        kind: 'clv',
        status: 'fitted',
        fittedAt: '2024-07-01T06:00:00.000Z',
        calibrationEnd: '2024-04-01T00:00:00.000Z',
        holdoutEnd: '2024-07-01T00:00:00.000Z',
        parameters: { horizonDays: 365 },
        quality: { mae: 0.4 },
      },
    });
    // The open deal first although the won one is newer.
    expect(v.opportunities).toEqual([
      {
        id: OPP_OPEN,
        name: 'Enterprise plan',
        stage: 'proposal',
        status: 'open',
        value: 15000,
        currency: 'EUR',
        probability: 60,
        expectedCloseDate: '2024-08-31',
        actualCloseDate: null,
        createdAt: '2024-06-01T09:00:00.000Z',
      },
      {
        id: OPP_WON,
        name: 'Pilot',
        stage: 'closed_won',
        status: 'won',
        value: 2000,
        currency: 'EUR',
        probability: 100,
        expectedCloseDate: '2024-03-01',
        actualCloseDate: '2024-03-15',
        createdAt: '2024-06-20T09:00:00.000Z',
      },
    ]);
    expect(v.tickets).toEqual([
      {
        id: TICKET,
        number: 'T-77',
        subject: 'Invoice missing VAT',
        status: 'resolved',
        priority: 'high',
        type: 'billing_issue',
        channel: 'email',
        open: false,
        createdAt: '2024-05-10T08:00:00.000Z',
        updatedAt: '2024-05-11T08:00:00.000Z',
        resolvedAt: '2024-05-11T07:30:00.000Z',
      },
    ]);
    // Headline scores from the person row (80, 10, 65), the rest from customer_scores.
    expect(v.scores).toEqual({
      computedAt: '2024-07-01T06:05:00.000Z',
      engagement: { score: 80, breakdown: { recency: 30, frequency: 20, purchases: 30 } },
      churnRisk: { score: 10, breakdown: { inactivity: 0, overdueOrder: 10 } },
      lifecycleReason: 'Active within 30 days with an engagement score of 80',
      lead: {
        score: 65,
        breakdown: { groups: { rfm: 25 }, matched: ['rfm.recency_90d', 'rfm.recency_30d', 'retired.rule'] },
        trend: 'rising',
        previous: 55,
        action: 'nurture_campaign',
        ruleSetVersion: 1,
        // Labels and points from Loupe's default rule set (version 1); an id it lacks stays as it is.
        rules: [
          { id: 'rfm.recency_90d', label: 'Ordered in the last 90 days', group: 'rfm', points: 5 },
          { id: 'rfm.recency_30d', label: 'Ordered in the last 30 days (on top)', group: 'rfm', points: 10 },
          { id: 'retired.rule', label: 'retired.rule', group: null, points: null },
        ],
      },
      conversionProbability: 0.125,
      rfm: { recency: 5, frequency: 4, monetary: 3, code: '543', segment: 'Loyal' },
    });
    expect(v.counts).toEqual({ events: 5, deliveries: 3, touchpoints: 2 });
    // JSON through and through: what the shells receive is what the call returned.
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
  });

  it('lists 20 recent items by default, so all five events and orders here', async () => {
    const v = await view(A);
    expect(v.recentEvents.map((e) => e.id)).toEqual([ev(5), ev(1), ev(3), ev(2), ev(4)]);
    expect(v.orders.recent.map((o) => o.orderNumber)).toEqual([
      'A-1005',
      'A-1004',
      'A-1003',
      'A-1002',
      'A-1001',
    ]);
    expect(v.campaignInteractions.map((d) => d.id)).toEqual([dl(3), dl(1), dl(2)]);
  });

  it('keeps the newest when one is the limit, and the order totals do not depend on the limit', async () => {
    const v = await view(A, 1);
    expect(v.recentEvents.map((e) => e.id)).toEqual([ev(5)]);
    expect(v.campaignInteractions.map((d) => d.id)).toEqual([dl(3)]);
    expect(v.orders.recent.map((o) => o.orderNumber)).toEqual(['A-1005']);
    expect([v.orders.count, v.orders.revenue, v.counts.events]).toEqual([3, 421, 5]);
  });

  it('counts zero days since a purchase made after the time of the view', async () => {
    const v = await customer360(db, A, { now: Date.parse('2024-06-10T00:00:00Z') });
    expect(v.orders.daysSinceLastOrder).toBe(0);
  });
});

describe('ties', () => {
  it('orders events, orders and messages at the same moment by id, highest first, the same on every call', async () => {
    const at = '2024-06-30T10:00:00Z';
    await sql(
      `INSERT INTO customer_events (id, customer_id, event_type, event_name, occurred_at) VALUES
         ($1, $3, 'page_view', 'Page', $4), ($2, $3, 'page_view', 'Page', $4)`,
      [ev(6), ev(7), D1, at],
    );
    await sql(
      `INSERT INTO customer_orders (id, order_id, customer_id, order_total, ordered_at) VALUES
         ($1, 'D-1', $3, 10, $4), ($2, 'D-2', $3, 10, $4)`,
      [ord(6), ord(7), D1, at],
    );
    await sql(
      `INSERT INTO message_deliveries (id, campaign_id, customer_id, status, sent_at) VALUES
         ($1, $3, $4, 'sent', $5), ($2, $3, $4, 'sent', $5)`,
      [dl(6), dl(7), X, D1, at],
    );
    const v = await view(D1, 1);
    expect(v.recentEvents.map((e) => e.id)).toEqual([ev(7)]);
    expect(v.orders.recent.map((o) => o.id)).toEqual([ord(7)]);
    expect(v.campaignInteractions.map((d) => d.id)).toEqual([dl(7)]);
    // Two purchases of 10: 20 in all, 10.00 on average.
    expect([v.orders.count, v.orders.revenue, v.orders.averageOrderValue]).toEqual([2, 20, 10]);
  });
});

describe('finding the customer', () => {
  it('by email in any case, by Loupe id and by the client id, with surrounding spaces ignored', async () => {
    for (const ref of [
      'ann.archer@example.com',
      'ANN.ARCHER@EXAMPLE.COM',
      A,
      A.toUpperCase(),
      'CRM-001',
      ' CRM-001 ',
    ])
      expect((await view(ref)).profile.id).toBe(A);
  });

  it('prefers a client id over an email: "bob@example.com" is Fay\'s client id and Bob\'s email', async () => {
    const v = await view('bob@example.com');
    expect(v.profile.id).toBe(F);
    // Fay has a blank display name and a first name only.
    expect(v.profile.name).toBe('Fay');
    expect((await view('CRM-002')).profile.id).toBe(B);
  });

  it('refuses an email two people share, naming both ids', async () => {
    const err = await fails(view('SHARED@example.com'));
    expect(err.code).toBe('invalid-argument');
    expect(err.message).toBe(
      `2 customers have the email "SHARED@example.com": ${D1}, ${D2}. Name one of them by its id.`,
    );
    expect((await view(D2)).profile.email).toBe('Shared@Example.com');
  });

  it('says when there is no such customer', async () => {
    for (const ref of ['nobody@example.com', u(99, 99), 'CRM-999']) {
      const err = await fails(view(ref));
      expect(err.code).toBe('not-found');
      expect(err.message).toBe(`There is no customer "${ref}" in this workspace.`);
    }
  });

  it('refuses an empty reference and a bad number of recent items', async () => {
    expect((await fails(view('   '))).code).toBe('invalid-argument');
    for (const n of [0, -1, 1.5, 501]) expect((await fails(view(A, n))).code).toBe('invalid-argument');
    expect((await view(A, 500)).recentEvents).toHaveLength(5);
  });
});

describe('a customer with nothing but a profile', () => {
  it('has empty lists, zero counts and null figures, not errors', async () => {
    const v = await view('CRM-002');
    expect(v.profile).toEqual({
      id: B,
      customerId: 'CRM-002',
      email: 'bob@example.com',
      name: null,
      firstName: null,
      lastName: null,
      phone: null,
      company: null,
      jobTitle: null,
      country: null,
      state: null,
      city: null,
      timezone: null,
      customerType: 'regular',
      lifecycleStage: 'new',
      funnelStage: null,
      status: 'active',
      contactStatus: 'active',
      vip: false,
      assignedTo: null,
      acquisitionChannel: null,
      acquisitionCampaign: null,
      acquisitionSource: null,
      firstSeenAt: '2024-06-01T00:00:00.000Z',
      lastSeenAt: null,
      tags: [],
      customAttributes: {},
      consent: {
        emailOptIn: false,
        smsOptIn: false,
        marketingConsentGiven: false,
        consentDate: null,
        consentSource: null,
        doNotContact: false,
        processingRestricted: false,
        gdprErased: false,
      },
      createdAt: '2024-06-01T00:00:00.000Z',
    });
    expect(v.identities).toEqual([]);
    expect(v.segments).toEqual([]);
    expect(v.recentEvents).toEqual([]);
    expect(v.campaignInteractions).toEqual([]);
    expect(v.orders).toEqual({
      count: 0,
      revenue: 0,
      averageOrderValue: null,
      firstOrderAt: null,
      lastOrderAt: null,
      daysSinceLastOrder: null,
      recent: [],
    });
    expect(v.lifetimeValue).toEqual({
      totalRevenue: 0,
      clv: null,
      expectedSpend: null,
      pAlive: null,
      predictedPurchases: null,
      model: null,
    });
    expect(v.opportunities).toEqual([]);
    expect(v.tickets).toEqual([]);
    // No customer_scores row: the 0 defaults on the person row are not shown as scores.
    expect(v.scores).toEqual(NOTHING_SCORED);
    expect(v.counts).toEqual({ events: 0, deliveries: 0, touchpoints: 0 });
  });

  it('shows a scores row without a CLV model, and a person with only cancelled orders as no purchases', async () => {
    await sql(`INSERT INTO customer_scores (customer_id, computed_at) VALUES ($1, '2024-07-01T06:05:00Z')`, [
      F,
    ]);
    await sql(
      `INSERT INTO customer_orders (customer_id, order_status, order_total, ordered_at)
       VALUES ($1, 'cancelled', 40.00, '2024-06-10T10:00:00Z')`,
      [F],
    );
    const v = await view(F);
    expect(v.orders).toMatchObject({ count: 0, revenue: 0, averageOrderValue: null, lastOrderAt: null });
    expect(v.orders.recent.map((o) => [o.status, o.isPurchase])).toEqual([['cancelled', false]]);
    expect(v.lifetimeValue.model).toBeNull();
    expect(v.lifetimeValue.clv).toBeNull();
    // Computed, with the columns' defaults: empty breakdowns and the person's stored scores (0).
    expect(v.scores).toEqual({
      computedAt: '2024-07-01T06:05:00.000Z',
      engagement: { score: 0, breakdown: {} },
      churnRisk: { score: 0, breakdown: {} },
      lifecycleReason: null,
      lead: {
        score: 0,
        breakdown: {},
        trend: null,
        previous: null,
        action: null,
        ruleSetVersion: null,
        rules: [],
      },
      conversionProbability: null,
      rfm: { recency: null, frequency: null, monetary: null, code: null, segment: null },
    });
  });
});

describe('a workspace without the scores table', () => {
  it('reads as "not computed yet", for everyone', async () => {
    await sql(`ALTER TABLE customer_scores RENAME TO customer_scores_hidden`);
    try {
      const v = await view(A);
      expect(v.scores).toEqual(NOTHING_SCORED);
      expect(v.lifetimeValue).toEqual({
        totalRevenue: 421,
        clv: null,
        expectedSpend: null,
        pAlive: null,
        predictedPurchases: null,
        model: null,
      });
    } finally {
      await sql(`ALTER TABLE customer_scores_hidden RENAME TO customer_scores`);
    }
  });
});

describe('the demo workspace', () => {
  let demo: TempService;
  beforeAll(async () => {
    demo = tempService();
  });
  afterAll(async () => {
    await demo.dispose();
  });

  it('gives the customer with the most orders the order count and revenue SQL finds', async () => {
    const created = await demo.ok('demo/create-workspace', {});
    const ddb = await demo.db(created.workspace.id);
    const top = (
      await ddb.query(
        `SELECT customer_id::text AS id FROM customer_orders WHERE customer_id IS NOT NULL
          GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 1`,
      )
    ).rows[0];
    const id = String(top?.['id']);
    // Every order of theirs, filtered and summed here in cents rather than by the view's SQL.
    const all = (
      await ddb.query(
        `SELECT order_status, (order_total * 100)::int8 AS total, (refunded_amount * 100)::int8 AS refunded
           FROM customer_orders WHERE customer_id = $1::uuid`,
        [id],
      )
    ).rows.map((r) => ({
      status: String(r['order_status']),
      net: Number(r['total']) - Number(r['refunded']),
    }));
    const purchases = all.filter((o) => o.status !== 'cancelled' && o.net > 0);
    const cents = purchases.reduce((s, o) => s + o.net, 0);
    expect(purchases.length).toBeGreaterThan(1);

    const started = performance.now();
    const v = await customer360(ddb, id);
    const ms = performance.now() - started;
    expect(v.profile.id).toBe(id);
    expect(v.orders.count).toBe(purchases.length);
    expect(Math.round(v.orders.revenue * 100)).toBe(cents);
    expect(v.lifetimeValue.totalRevenue).toBe(v.orders.revenue);
    expect(v.orders.recent).toHaveLength(Math.min(20, all.length));
    const events = (
      await ddb.query(`SELECT count(*)::int AS n FROM customer_events WHERE customer_id = $1::uuid`, [id])
    ).rows[0];
    expect(v.counts.events).toBe(events?.['n']);
    expect(v.recentEvents).toHaveLength(Math.min(20, v.counts.events));
    // Generous: a loaded two-core test machine, not the figure a user sees.
    expect(ms).toBeLessThan(5_000);
  });
});
