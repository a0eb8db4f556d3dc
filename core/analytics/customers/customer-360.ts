import type { SqlValue } from '../../api/sql';
import type { WorkspaceDb } from '../../db/workspace-db';
import { fail } from '../../errors';
import { listLeadRuleSets } from '../scores/lead-rule-store';
import { elapsedDays } from '../scores/time';
import type {
  Customer360,
  Customer360Delivery,
  Customer360Event,
  Customer360Identity,
  Customer360Model,
  Customer360Opportunity,
  Customer360Order,
  Customer360Profile,
  Customer360Scores,
  Customer360Segment,
  Customer360Ticket,
  JsonObject,
  JsonValue,
} from './types';

export const DEFAULT_RECENT_LIMIT = 20;
export const MAX_RECENT_LIMIT = 500;
/** How many of several people sharing an email the refusal names. */
const MAX_LISTED_MATCHES = 10;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Everything Loupe knows about one person, in two statements: one finds the
 * person, one reads every section. Each section is read through an index that
 * starts with the person (events, orders, deliveries, touchpoints, identities,
 * memberships, deals, tickets), so the cost depends on the person's own history,
 * not on the size of the workspace.
 *
 * `ref` is an email (any case), Loupe's id (customers.id) or the client's own
 * customer id (customers.customer_id), tried in that order of precedence: an id
 * names one person, an email may be shared (customers.email is not unique), in
 * which case the call is refused with the ids to choose from.
 */
export async function customer360(
  db: WorkspaceDb,
  ref: string,
  opts: { now?: number; recentLimit?: number } = {},
): Promise<Customer360> {
  const now = opts.now ?? Date.now();
  if (!Number.isFinite(now))
    fail('invalid-argument', 'The time of the view must be a finite epoch time in ms.');
  const recentLimit = opts.recentLimit ?? DEFAULT_RECENT_LIMIT;
  if (!Number.isInteger(recentLimit) || recentLimit < 1 || recentLimit > MAX_RECENT_LIMIT)
    fail(
      'invalid-argument',
      `The number of recent events, messages and orders to list is a whole number from 1 to ${MAX_RECENT_LIMIT}, not ${String(recentLimit)}.`,
      { field: 'recentLimit' },
    );

  const { id, hasScores } = await resolveCustomer(db, ref);
  const r = await db.queryReadOnly(viewSql(hasScores), [id, recentLimit]);
  const row = r.rows[0];
  // Deleted between the two statements: the same answer as if it had never existed.
  if (row === undefined || row['profile'] === null || row['profile'] === undefined) notFound(ref);

  const orders = obj(row['purchases'], 'purchases');
  const lastOrderAt = strOrNull(orders, 'lastOrderAt');
  const revenue = num(orders, 'revenue');
  const sections = scoreSections(row['scores'] ?? null, obj(row['profile'], 'profile'), revenue);
  sections.scores.lead.rules = await matchedRules(db, sections.scores.lead);
  return {
    asOf: new Date(now).toISOString(),
    profile: profileOf(obj(row['profile'], 'profile')),
    identities: list(row['identities'], identityOf),
    segments: list(row['segments'], segmentOf),
    recentEvents: list(row['recent_events'], eventOf),
    campaignInteractions: list(row['deliveries'], deliveryOf),
    orders: {
      count: num(orders, 'count'),
      revenue,
      averageOrderValue: numOrNull(orders, 'averageOrderValue'),
      firstOrderAt: strOrNull(orders, 'firstOrderAt'),
      lastOrderAt,
      daysSinceLastOrder: lastOrderAt === null ? null : elapsedDays(Date.parse(lastOrderAt), now),
      recent: list(row['recent_orders'], orderOf),
    },
    ...sections,
    opportunities: list(row['opportunities'], opportunityOf),
    tickets: list(row['tickets'], ticketOf),
    counts: {
      events: count(row['event_count']),
      deliveries: count(row['delivery_count']),
      touchpoints: count(row['touchpoint_count']),
    },
  };
}

/**
 * The lead rules that gave the score, with their labels and points: the stored breakdown
 * names them by id, and the rule set of the stored version says what each one means.
 */
async function matchedRules(
  db: WorkspaceDb,
  lead: Customer360Scores['lead'],
): Promise<Customer360Scores['lead']['rules']> {
  const b = lead.breakdown;
  const ids =
    b !== null && typeof b === 'object' && !Array.isArray(b) && Array.isArray(b['matched'])
      ? b['matched'].filter((x): x is string => typeof x === 'string')
      : [];
  if (ids.length === 0 || lead.ruleSetVersion === null) return [];
  const sets = await listLeadRuleSets(db);
  const set = sets.find((x) => x.ruleSet.version === lead.ruleSetVersion)?.ruleSet;
  if (set === undefined) return ids.map((id) => ({ id, label: id, group: null, points: null }));
  return ids.map((id) => {
    const rule = set.rules.find((r) => r.id === id);
    return { id, label: rule?.label ?? id, group: rule?.group ?? null, points: rule?.points ?? null };
  });
}

function notFound(ref: string): never {
  fail('not-found', `There is no customer "${ref}" in this workspace.`, { customer: ref });
}

/**
 * The one person `ref` names. The three lookups are OR-ed in one statement so
 * each uses its own index (the primary key, the unique customer_id, the email
 * index). Whether the workspace has the scores table is asked in the same
 * statement: workspaces created before it was added have none.
 */
async function resolveCustomer(db: WorkspaceDb, ref: string): Promise<{ id: string; hasScores: boolean }> {
  const wanted = ref.trim();
  if (wanted === '')
    fail('invalid-argument', 'Say which customer: an email address, a Loupe id or your own customer id.', {
      field: 'customer',
    });
  const r = await db.queryReadOnly(
    `SELECT c.id::text AS id,
            CASE WHEN c.id = $2::uuid THEN 0 WHEN c.customer_id = $1 THEN 1 ELSE 2 END AS rank,
            to_regclass('public.customer_scores') IS NOT NULL AS has_scores
       FROM customers c
      WHERE c.id = $2::uuid OR c.customer_id = $1 OR c.email = $1::citext
      ORDER BY rank, c.created_at, c.id
      LIMIT ${MAX_LISTED_MATCHES + 1}`,
    [wanted, UUID.test(wanted) ? wanted : null],
  );
  const first = r.rows[0];
  if (first === undefined) notFound(wanted);
  const byEmail = r.rows.filter((m) => m['rank'] === 2);
  if (first['rank'] === 2 && byEmail.length > 1) {
    const ids = byEmail.slice(0, MAX_LISTED_MATCHES).map((m) => String(m['id']));
    fail(
      'invalid-argument',
      `${byEmail.length > MAX_LISTED_MATCHES ? `More than ${MAX_LISTED_MATCHES}` : String(byEmail.length)} customers have the email "${wanted}": ${ids.join(', ')}. Name one of them by its id.`,
      { customer: wanted, ids },
    );
  }
  return { id: String(first['id']), hasScores: first['has_scores'] === true };
}

/** A timestamptz as JavaScript's toISOString writes it, whatever the session's time zone. */
const iso = (expr: string): string => `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const day = (expr: string): string => `to_char(${expr}, 'YYYY-MM-DD')`;
/** A list of JSON objects built from a subquery `x` with a column `j`, in the given order. */
const agg = (order: string): string => `coalesce(jsonb_agg(x.j ORDER BY ${order}), '[]'::jsonb)`;

/** A purchase, as every Loupe analysis counts one. */
const PURCHASE = `o.order_status <> 'cancelled' AND o.order_total - o.refunded_amount > 0`;
const OPEN_TICKET = `t.ticket_status IN ('open', 'in_progress', 'waiting_on_customer')`;

function viewSql(hasScores: boolean): string {
  const profile = `SELECT jsonb_build_object(
      'id', c.id::text, 'customerId', c.customer_id, 'email', c.email::text,
      'name', coalesce(nullif(btrim(c.name), ''), nullif(concat_ws(' ', nullif(btrim(c.first_name), ''),
                                                                    nullif(btrim(c.last_name), '')), '')),
      'firstName', c.first_name, 'lastName', c.last_name, 'phone', c.phone,
      'company', c.company_name, 'jobTitle', c.job_title,
      'country', c.country, 'state', c.state, 'city', c.city, 'timezone', c.timezone,
      'customerType', c.customer_type, 'lifecycleStage', c.lifecycle_stage, 'funnelStage', c.funnel_stage,
      'status', c.customer_status, 'contactStatus', c.contact_status, 'vip', c.vip_status,
      'assignedTo', u.name,
      'acquisitionChannel', c.acquisition_channel, 'acquisitionCampaign', c.acquisition_campaign,
      'acquisitionSource', c.acquisition_source,
      'firstSeenAt', ${iso('c.first_seen_at')}, 'lastSeenAt', ${iso('c.last_seen_at')},
      'tags', coalesce(to_jsonb(c.tags), '[]'::jsonb), 'customAttributes', coalesce(c.custom_attributes, '{}'::jsonb),
      'consent', jsonb_build_object(
        'emailOptIn', c.email_opt_in, 'smsOptIn', c.sms_opt_in, 'marketingConsentGiven', c.marketing_consent_given,
        'consentDate', ${iso('c.consent_date')}, 'consentSource', c.consent_source,
        'doNotContact', c.do_not_contact, 'processingRestricted', c.processing_restricted,
        'gdprErased', c.gdpr_erased),
      'createdAt', ${iso('c.created_at')},
      -- The headline scores live on the person; read here so the scores section needs no second look-up.
      'engagementScore', c.engagement_score, 'churnRiskScore', c.churn_risk_score, 'leadScore', c.lead_score)
    FROM customers c LEFT JOIN platform_users u ON u.id = c.assigned_to
   WHERE c.id = $1::uuid`;

  const identities = `SELECT ${agg('x.source, x.external_id')} FROM (
      SELECT i.source, i.external_id, jsonb_build_object(
        'source', i.source, 'externalId', i.external_id, 'email', i.email::text, 'phone', i.phone,
        'firstSeenAt', ${iso('i.first_seen_at')}, 'lastSeenAt', ${iso('i.last_seen_at')}) AS j
        FROM customer_identities i WHERE i.customer_id = $1::uuid) x`;

  const segments = `SELECT ${agg('x.active DESC, x.added_at DESC NULLS LAST, x.name, x.id')} FROM (
      SELECT s.id, s.name, m.added_at, coalesce(m.is_active, false) AS active, jsonb_build_object(
        'id', s.id::text, 'name', s.name, 'type', s.segment_type, 'active', coalesce(m.is_active, false),
        'addedAt', ${iso('m.added_at')}, 'removedAt', ${iso('m.removed_at')}) AS j
        FROM segment_memberships m JOIN segments s ON s.id = m.segment_id
       WHERE m.customer_id = $1::uuid) x`;

  const events = `SELECT ${agg('x.occurred_at DESC, x.id DESC')} FROM (
      SELECT e.occurred_at, e.id, jsonb_build_object(
        'id', e.id::text, 'occurredAt', ${iso('e.occurred_at')}, 'type', e.event_type, 'name', e.event_name,
        'category', e.event_category, 'channel', e.channel, 'campaignId', e.campaign_id::text,
        'campaignName', ca.name, 'value', e.event_value, 'pageUrl', e.page_url) AS j
        FROM (SELECT * FROM customer_events WHERE customer_id = $1::uuid
               ORDER BY occurred_at DESC, id DESC LIMIT $2::int) e
        LEFT JOIN campaigns ca ON ca.id = e.campaign_id) x`;

  // Sends not yet made (no sent_at) come first, as the newest: the (customer_id, sent_at DESC) index's order.
  const deliveries = `SELECT ${agg('x.sent_at DESC NULLS FIRST, x.id DESC')} FROM (
      SELECT d.sent_at, d.id, jsonb_build_object(
        'id', d.id::text, 'campaignId', d.campaign_id::text, 'campaignName', ca.name, 'status', d.status,
        'sentAt', ${iso('d.sent_at')}, 'deliveredAt', ${iso('d.delivered_at')},
        'opened', d.opened_at IS NOT NULL, 'clicked', d.first_click_at IS NOT NULL,
        'bounced', d.status = 'bounced', 'unsubscribed', d.unsubscribed_at IS NOT NULL,
        'complained', d.complained_at IS NOT NULL, 'converted', d.converted_at IS NOT NULL,
        'openedAt', ${iso('d.opened_at')}, 'clickedAt', ${iso('d.first_click_at')},
        'opens', d.open_count, 'clicks', d.total_clicks,
        'convertedAt', ${iso('d.converted_at')}, 'conversionValue', d.conversion_value) AS j
        FROM (SELECT * FROM message_deliveries WHERE customer_id = $1::uuid
               ORDER BY sent_at DESC NULLS FIRST, id DESC LIMIT $2::int) d
        JOIN campaigns ca ON ca.id = d.campaign_id) x`;

  const purchases = `SELECT jsonb_build_object(
      'count', count(*), 'revenue', coalesce(sum(o.order_total - o.refunded_amount), 0),
      'averageOrderValue', round(sum(o.order_total - o.refunded_amount) / nullif(count(*), 0), 2),
      'firstOrderAt', ${iso('min(o.ordered_at)')}, 'lastOrderAt', ${iso('max(o.ordered_at)')})
    FROM customer_orders o WHERE o.customer_id = $1::uuid AND ${PURCHASE}`;

  const recentOrders = `SELECT ${agg('x.ordered_at DESC, x.id DESC')} FROM (
      SELECT o.ordered_at, o.id, jsonb_build_object(
        'id', o.id::text, 'orderNumber', o.order_id, 'orderedAt', ${iso('o.ordered_at')}, 'status', o.order_status,
        'total', o.order_total, 'refunded', o.refunded_amount, 'net', o.order_total - o.refunded_amount,
        'currency', o.currency, 'isPurchase', ${PURCHASE}) AS j
        FROM customer_orders o WHERE o.customer_id = $1::uuid
       ORDER BY o.ordered_at DESC, o.id DESC LIMIT $2::int) x`;

  const opportunities = `SELECT ${agg('x.open DESC, x.created_at DESC, x.opportunity_id')} FROM (
      SELECT o.opportunity_id, o.created_at, o.opportunity_status = 'open' AS open, jsonb_build_object(
        'id', o.opportunity_id::text, 'name', o.opportunity_name, 'stage', o.sales_stage,
        'status', o.opportunity_status, 'value', o.estimated_value, 'currency', o.currency,
        'probability', o.probability_percentage, 'expectedCloseDate', ${day('o.expected_close_date')},
        'actualCloseDate', ${day('o.actual_close_date')}, 'createdAt', ${iso('o.created_at')}) AS j
        FROM opportunities o WHERE o.customer_id = $1::uuid) x`;

  const tickets = `SELECT ${agg('x.open DESC, x.created_at DESC, x.ticket_id')} FROM (
      SELECT t.ticket_id, t.created_at, ${OPEN_TICKET} AS open, jsonb_build_object(
        'id', t.ticket_id::text, 'number', t.ticket_number, 'subject', t.ticket_subject,
        'status', t.ticket_status, 'priority', t.ticket_priority, 'type', t.ticket_type, 'channel', t.channel,
        'open', ${OPEN_TICKET}, 'createdAt', ${iso('t.created_at')}, 'updatedAt', ${iso('t.updated_at')},
        'resolvedAt', ${iso('t.resolved_at')}) AS j
        FROM support_tickets t WHERE t.customer_id = $1::uuid) x`;

  const scores = hasScores
    ? `SELECT jsonb_build_object(
        'computedAt', ${iso('s.computed_at')},
        'engagementBreakdown', s.engagement_breakdown, 'churnBreakdown', s.churn_breakdown,
        'lifecycleReason', s.lifecycle_reason,
        'leadBreakdown', s.lead_breakdown, 'leadRuleSetVersion', s.lead_rule_set_version,
        'leadPrevious', s.lead_score_previous, 'leadTrend', s.lead_trend, 'leadAction', s.lead_action,
        'conversionProbability', s.conversion_probability,
        'rfmRecency', s.rfm_recency, 'rfmFrequency', s.rfm_frequency, 'rfmMonetary', s.rfm_monetary,
        'rfmCode', s.rfm_code, 'rfmSegment', s.rfm_segment,
        'pAlive', s.p_alive, 'predictedPurchases', s.predicted_purchases, 'expectedSpend', s.expected_spend,
        'clv', s.clv,
        'model', CASE WHEN m.id IS NOT NULL THEN jsonb_build_object(
          'id', m.id::text, 'kind', m.kind, 'status', m.status, 'fittedAt', ${iso('m.fitted_at')},
          'calibrationEnd', ${iso('m.calibration_end')}, 'holdoutEnd', ${iso('m.holdout_end')},
          'parameters', m.parameters, 'quality', m.quality) END)
      FROM customer_scores s LEFT JOIN score_models m ON m.id = s.clv_model_id
     WHERE s.customer_id = $1::uuid`
    : 'SELECT NULL::jsonb';

  return `SELECT (${profile}) AS profile, (${identities}) AS identities, (${segments}) AS segments,
    (${events}) AS recent_events, (${deliveries}) AS deliveries,
    (${purchases}) AS purchases, (${recentOrders}) AS recent_orders,
    (${opportunities}) AS opportunities, (${tickets}) AS tickets, (${scores}) AS scores,
    (SELECT count(*) FROM customer_events WHERE customer_id = $1::uuid) AS event_count,
    (SELECT count(*) FROM message_deliveries WHERE customer_id = $1::uuid) AS delivery_count,
    (SELECT count(*) FROM touchpoints WHERE contact_id = $1::uuid) AS touchpoint_count`;
}

/**
 * The scores and lifetime-value sections. The headline scores on customers
 * default to 0 before anything was computed, which is not a score, so without a
 * customer_scores row every field is null ("not computed yet").
 */
function scoreSections(
  raw: SqlValue,
  profile: Obj,
  totalRevenue: number,
): Pick<Customer360, 'scores' | 'lifetimeValue'> {
  if (raw === null)
    return {
      scores: {
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
      },
      lifetimeValue: {
        totalRevenue,
        clv: null,
        expectedSpend: null,
        pAlive: null,
        predictedPurchases: null,
        model: null,
      },
    };
  const s = obj(raw, 'scores');
  const model = s['model'];
  const scores: Customer360Scores = {
    computedAt: strOrNull(s, 'computedAt'),
    engagement: { score: numOrNull(profile, 'engagementScore'), breakdown: json(s['engagementBreakdown']) },
    churnRisk: { score: numOrNull(profile, 'churnRiskScore'), breakdown: json(s['churnBreakdown']) },
    lifecycleReason: strOrNull(s, 'lifecycleReason'),
    lead: {
      score: numOrNull(profile, 'leadScore'),
      breakdown: json(s['leadBreakdown']),
      trend: strOrNull(s, 'leadTrend'),
      previous: numOrNull(s, 'leadPrevious'),
      action: strOrNull(s, 'leadAction'),
      ruleSetVersion: numOrNull(s, 'leadRuleSetVersion'),
      rules: [],
    },
    conversionProbability: numOrNull(s, 'conversionProbability'),
    rfm: {
      recency: numOrNull(s, 'rfmRecency'),
      frequency: numOrNull(s, 'rfmFrequency'),
      monetary: numOrNull(s, 'rfmMonetary'),
      code: strOrNull(s, 'rfmCode'),
      segment: strOrNull(s, 'rfmSegment'),
    },
  };
  return {
    scores,
    lifetimeValue: {
      totalRevenue,
      clv: numOrNull(s, 'clv'),
      expectedSpend: numOrNull(s, 'expectedSpend'),
      pAlive: numOrNull(s, 'pAlive'),
      predictedPurchases: numOrNull(s, 'predictedPurchases'),
      model: model === null || model === undefined ? null : modelOf(obj(model, 'model')),
    },
  };
}

// ---- Reading the JSON the statement built. A shape that does not match is a bug here, not bad input.

type Obj = Record<string, unknown>;

function obj(v: unknown, what: string): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new Error(`The customer view's ${what} is not an object.`);
  return v as Obj;
}

function list<T>(v: unknown, map: (o: Obj) => T): T[] {
  if (!Array.isArray(v)) throw new Error('A list in the customer view is not an array.');
  return v.map((x) => map(obj(x, 'list item')));
}

function str(o: Obj, k: string): string {
  const v = o[k];
  if (typeof v !== 'string') throw new Error(`The customer view's ${k} is not text.`);
  return v;
}

function strOrNull(o: Obj, k: string): string | null {
  return o[k] === null || o[k] === undefined ? null : str(o, k);
}

function num(o: Obj, k: string): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new Error(`The customer view's ${k} is not a number.`);
  return v;
}

function numOrNull(o: Obj, k: string): number | null {
  return o[k] === null || o[k] === undefined ? null : num(o, k);
}

function bool(o: Obj, k: string): boolean {
  const v = o[k];
  if (typeof v !== 'boolean') throw new Error(`The customer view's ${k} is not true or false.`);
  return v;
}

/** Counts arrive as numbers (bigint made safe by the worker). */
function count(v: SqlValue | undefined): number {
  return num({ v }, 'v');
}

function json(v: unknown): JsonValue {
  return v === undefined ? null : (v as JsonValue);
}

function profileOf(o: Obj): Customer360Profile {
  const consent = obj(o['consent'], 'consent');
  const tags = o['tags'];
  return {
    id: str(o, 'id'),
    customerId: str(o, 'customerId'),
    email: strOrNull(o, 'email'),
    name: strOrNull(o, 'name'),
    firstName: strOrNull(o, 'firstName'),
    lastName: strOrNull(o, 'lastName'),
    phone: strOrNull(o, 'phone'),
    company: strOrNull(o, 'company'),
    jobTitle: strOrNull(o, 'jobTitle'),
    country: strOrNull(o, 'country'),
    state: strOrNull(o, 'state'),
    city: strOrNull(o, 'city'),
    timezone: strOrNull(o, 'timezone'),
    customerType: strOrNull(o, 'customerType'),
    lifecycleStage: strOrNull(o, 'lifecycleStage'),
    funnelStage: strOrNull(o, 'funnelStage'),
    status: strOrNull(o, 'status'),
    contactStatus: str(o, 'contactStatus'),
    vip: bool(o, 'vip'),
    assignedTo: strOrNull(o, 'assignedTo'),
    acquisitionChannel: strOrNull(o, 'acquisitionChannel'),
    acquisitionCampaign: strOrNull(o, 'acquisitionCampaign'),
    acquisitionSource: strOrNull(o, 'acquisitionSource'),
    firstSeenAt: str(o, 'firstSeenAt'),
    lastSeenAt: strOrNull(o, 'lastSeenAt'),
    tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [],
    customAttributes: obj(o['customAttributes'], 'customAttributes') as JsonObject,
    consent: {
      emailOptIn: bool(consent, 'emailOptIn'),
      smsOptIn: bool(consent, 'smsOptIn'),
      marketingConsentGiven: bool(consent, 'marketingConsentGiven'),
      consentDate: strOrNull(consent, 'consentDate'),
      consentSource: strOrNull(consent, 'consentSource'),
      doNotContact: bool(consent, 'doNotContact'),
      processingRestricted: bool(consent, 'processingRestricted'),
      gdprErased: bool(consent, 'gdprErased'),
    },
    createdAt: str(o, 'createdAt'),
  };
}

const identityOf = (o: Obj): Customer360Identity => ({
  source: str(o, 'source'),
  externalId: str(o, 'externalId'),
  email: strOrNull(o, 'email'),
  phone: strOrNull(o, 'phone'),
  firstSeenAt: strOrNull(o, 'firstSeenAt'),
  lastSeenAt: strOrNull(o, 'lastSeenAt'),
});

const segmentOf = (o: Obj): Customer360Segment => ({
  id: str(o, 'id'),
  name: str(o, 'name'),
  type: strOrNull(o, 'type'),
  active: bool(o, 'active'),
  addedAt: strOrNull(o, 'addedAt'),
  removedAt: strOrNull(o, 'removedAt'),
});

const eventOf = (o: Obj): Customer360Event => ({
  id: str(o, 'id'),
  occurredAt: str(o, 'occurredAt'),
  type: str(o, 'type'),
  name: str(o, 'name'),
  category: strOrNull(o, 'category'),
  channel: strOrNull(o, 'channel'),
  campaignId: strOrNull(o, 'campaignId'),
  campaignName: strOrNull(o, 'campaignName'),
  value: numOrNull(o, 'value'),
  pageUrl: strOrNull(o, 'pageUrl'),
});

const deliveryOf = (o: Obj): Customer360Delivery => ({
  id: str(o, 'id'),
  campaignId: str(o, 'campaignId'),
  campaignName: str(o, 'campaignName'),
  status: str(o, 'status'),
  sentAt: strOrNull(o, 'sentAt'),
  deliveredAt: strOrNull(o, 'deliveredAt'),
  opened: bool(o, 'opened'),
  clicked: bool(o, 'clicked'),
  bounced: bool(o, 'bounced'),
  unsubscribed: bool(o, 'unsubscribed'),
  complained: bool(o, 'complained'),
  converted: bool(o, 'converted'),
  openedAt: strOrNull(o, 'openedAt'),
  clickedAt: strOrNull(o, 'clickedAt'),
  opens: num(o, 'opens'),
  clicks: num(o, 'clicks'),
  convertedAt: strOrNull(o, 'convertedAt'),
  conversionValue: numOrNull(o, 'conversionValue'),
});

const orderOf = (o: Obj): Customer360Order => ({
  id: str(o, 'id'),
  orderNumber: str(o, 'orderNumber'),
  orderedAt: str(o, 'orderedAt'),
  status: str(o, 'status'),
  total: num(o, 'total'),
  refunded: num(o, 'refunded'),
  net: num(o, 'net'),
  currency: strOrNull(o, 'currency'),
  isPurchase: bool(o, 'isPurchase'),
});

const opportunityOf = (o: Obj): Customer360Opportunity => ({
  id: str(o, 'id'),
  name: str(o, 'name'),
  stage: str(o, 'stage'),
  status: str(o, 'status'),
  value: numOrNull(o, 'value'),
  currency: strOrNull(o, 'currency'),
  probability: numOrNull(o, 'probability'),
  expectedCloseDate: strOrNull(o, 'expectedCloseDate'),
  actualCloseDate: strOrNull(o, 'actualCloseDate'),
  createdAt: str(o, 'createdAt'),
});

const ticketOf = (o: Obj): Customer360Ticket => ({
  id: str(o, 'id'),
  number: strOrNull(o, 'number'),
  subject: str(o, 'subject'),
  status: str(o, 'status'),
  priority: str(o, 'priority'),
  type: strOrNull(o, 'type'),
  channel: strOrNull(o, 'channel'),
  open: bool(o, 'open'),
  createdAt: str(o, 'createdAt'),
  updatedAt: str(o, 'updatedAt'),
  resolvedAt: strOrNull(o, 'resolvedAt'),
});

function modelOf(o: Obj): Customer360Model {
  return {
    id: str(o, 'id'),
    kind: str(o, 'kind'),
    status: str(o, 'status'),
    fittedAt: str(o, 'fittedAt'),
    calibrationEnd: strOrNull(o, 'calibrationEnd'),
    holdoutEnd: strOrNull(o, 'holdoutEnd'),
    parameters: json(o['parameters']),
    quality: json(o['quality']),
  };
}
