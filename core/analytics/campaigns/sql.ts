import type { SqlValue } from '../../api/sql';
import type { CampaignGrouping, RevenueBasis, TimeUnit } from './types';

/**
 * One statement that sums every figure of campaign performance by a grouping,
 * in a single pass over each source:
 *   - message_deliveries: one GROUP BY (sends, bounces, opens, clicks, unsubscribes, complaints); for
 *     whole campaigns, the counters on campaigns instead, plus the few bounced or complaining rows;
 *   - customer_events: only the open events marked as machine opens, to find messages no person opened;
 *   - revenue items (orders, CRM conversions, conversions recorded on a message), credited per RevenueBasis;
 *   - campaign_reported_stats, for campaigns without per-recipient rows;
 *   - spend: ad_spend_daily, else campaigns.budget_spent, else cost_per_send × sent.
 * Each source is aggregated on its own and the results stacked (UNION ALL) and
 * summed per key, so no join multiplies one source by another's rows. Every
 * value comes in as a bound parameter.
 */

export type Dimension = CampaignGrouping | 'period';

export interface QuerySpec {
  dimension: Dimension;
  campaignIds?: string[];
  customerIds?: string[];
  revenue: RevenueBasis;
  windowDays: number;
  /** For dimension 'period'. */
  unit?: TimeUnit;
  timeZone?: string;
  from?: string;
  to?: string;
}

export interface BuiltQuery {
  sql: string;
  params: SqlValue[];
}

/** Numeric columns every branch yields, in order. */
export const FIGURE_COLUMNS = [
  'targeted',
  'sent',
  'delivered',
  'bounced',
  'soft_bounced',
  'hard_bounced',
  'unique_opens',
  'machine_only_opens',
  'unique_clicks',
  'unsubscribes',
  'complaints',
  'conversions',
  'converted_recipients',
  'revenue_cents',
  'spend_cents',
  'from_deliveries',
  'from_reported',
  'spend_ad',
  'spend_budget',
  'spend_cps',
] as const;
export type FigureColumn = (typeof FIGURE_COLUMNS)[number];

class Params {
  readonly values: SqlValue[] = [];
  add(value: SqlValue, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

const SENT_STATUSES = `('sent', 'delivered', 'bounced', 'deferred')`;
const OPEN_EVENTS = `('email_open', 'email_opened')`;
/** Importers mark a mail client's own open `machine_open`; the demo marks it `automatic`. */
const MACHINE_OPEN = (alias: string): string =>
  `(coalesce(${alias}.event_properties, '{}') @> '{"machine_open": true}'
    OR coalesce(${alias}.event_properties, '{}') @> '{"automatic": true}')`;

function branch(
  keys: [string, string],
  figures: Partial<Record<FigureColumn, string>>,
  rest: string,
): string {
  const cols = FIGURE_COLUMNS.map((c) => `${figures[c] ?? '0'} AS ${c}`).join(',\n       ');
  return `SELECT ${keys[0]} AS k1, ${keys[1]} AS k2,\n       ${cols}\n  ${rest}`;
}

export function buildPerformanceQuery(spec: QuerySpec): BuiltQuery {
  const p = new Params();
  const dim = spec.dimension;
  const campaigns = spec.campaignIds ? p.add(spec.campaignIds, 'uuid[]') : null;
  const segment = spec.customerIds ? p.add(spec.customerIds, 'uuid[]') : null;
  const windowDays = p.add(spec.windowDays, 'integer');
  const unit = dim === 'period' ? p.add(spec.unit ?? 'week', 'text') : null;
  const zone = dim === 'period' ? p.add(spec.timeZone ?? 'UTC', 'text') : null;

  const periodOfInstant = (ts: string): string =>
    `to_char(date_trunc(${unit}, (${ts}) AT TIME ZONE ${zone}), 'YYYY-MM-DD')`;
  const periodOfDate = (d: string): string => `to_char(date_trunc(${unit}, (${d})::timestamp), 'YYYY-MM-DD')`;
  const inSegment = (col: string): string => `${col} IN (SELECT customer_id FROM seg)`;
  const inCampaigns = (col: string): string =>
    campaigns ? `${col} = ANY (${campaigns})` : `${col} IS NOT NULL`;
  const NONE = 'NULL::text';

  const ctes: string[] = [];
  if (segment) ctes.push(`seg AS (SELECT DISTINCT unnest(${segment}) AS customer_id)`);

  // Messages whose every recorded open was a mail client's own. A message with no
  // open events at all (an export of deliveries only) is not marked.
  ctes.push(`machine_only AS (
  SELECT DISTINCT e.delivery_id
    FROM customer_events e
   WHERE e.event_type IN ${OPEN_EVENTS} AND e.delivery_id IS NOT NULL AND ${MACHINE_OPEN('e')}
     AND NOT EXISTS (SELECT 1 FROM customer_events h
                      WHERE h.delivery_id = e.delivery_id AND h.event_type IN ${OPEN_EVENTS}
                        AND NOT ${MACHINE_OPEN('h')}))`);

  // Campaigns whose figures come from an ESP report: no per-recipient rows, some report rows.
  ctes.push(`rep_campaigns AS (
  SELECT c.id AS campaign_id FROM campaigns c
   WHERE c.totals_source = 'reported' AND EXISTS (SELECT 1 FROM campaign_reported_stats s WHERE s.campaign_id = c.id))`);

  // The latest email click by the buyer before an order, within the window. For
  // 'linked' revenue (and orders flagged as email-attributed to a campaign) only
  // a click on the order's own campaign counts; otherwise any campaign's.
  const sameCampaignOnly =
    spec.revenue === 'linked'
      ? 'k.campaign_id = o.campaign_id'
      : `(NOT ${flagged('o')} OR k.campaign_id = o.campaign_id)`;
  const clickAt = `CASE WHEN k.last_at <= o.ordered_at THEN k.last_at ELSE k.first_at END`;
  const orderScope = `o.order_status NOT IN ('cancelled', 'refunded')${segment ? ` AND ${inSegment('o.customer_id')}` : ''}`;
  // Campaign totals can come from the counters the schema keeps on campaigns (one row per campaign
  // instead of a pass over every delivery) when every delivery counts: no segment, whole campaigns.
  const useCounters = !segment && (dim === 'campaign' || dim === 'channel');
  // The few deliveries that clicked, converted, bounced or complained, read in one pass and reused;
  // migration 0017's partial index holds exactly these rows (its predicate is this WHERE clause).
  ctes.push(`dx AS MATERIALIZED (
  SELECT d.id, d.campaign_id, d.customer_id, d.retailer_id, d.status, d.bounce_type, d.complained_at, d.opened_at,
         d.first_click_at, d.last_click_at, d.converted_at, d.conversion_value
    FROM message_deliveries d
   WHERE d.first_click_at IS NOT NULL OR d.converted_at IS NOT NULL${
     useCounters ? ` OR d.status = 'bounced' OR d.complained_at IS NOT NULL` : ''
   })`);
  ctes.push(`clicks AS (
  SELECT d.id AS delivery_id, d.campaign_id, d.customer_id, d.first_click_at AS first_at,
         coalesce(d.last_click_at, d.first_click_at) AS last_at
    FROM dx d
   WHERE d.first_click_at IS NOT NULL AND d.customer_id IS NOT NULL${
     spec.revenue === 'linked' && campaigns ? ` AND d.campaign_id = ANY (${campaigns})` : ''
   })`);
  ctes.push(`order_click AS (
  SELECT DISTINCT ON (o.id) o.id AS order_id, k.delivery_id, k.campaign_id
    FROM customer_orders o
    JOIN clicks k ON k.customer_id = o.customer_id AND k.first_at <= o.ordered_at
   WHERE ${orderScope} AND ${sameCampaignOnly}
     AND ${clickAt} >= o.ordered_at - make_interval(days => ${windowDays})
   ORDER BY o.id, ${clickAt} DESC, k.delivery_id)`);

  const deliveryFilter = (alias: string): string =>
    [
      campaigns ? `${alias}.campaign_id = ANY (${campaigns})` : 'true',
      segment ? inSegment(`${alias}.customer_id`) : '',
    ]
      .filter(Boolean)
      .join(' AND ');
  const cents = (expr: string): string => `round((${expr}) * 100)::bigint`;

  const orderItems =
    spec.revenue === 'linked'
      ? `SELECT o.campaign_id, oc.delivery_id, coalesce(o.retailer_id, md.retailer_id) AS retailer_id,
         o.ordered_at AS at, ${cents('o.order_total - o.refunded_amount')} AS cents
    FROM customer_orders o
    LEFT JOIN order_click oc ON oc.order_id = o.id
    LEFT JOIN message_deliveries md ON md.id = oc.delivery_id
   WHERE ${orderScope} AND o.campaign_id IS NOT NULL`
      : `SELECT CASE WHEN ${flagged('o')} THEN o.campaign_id ELSE oc.campaign_id END AS campaign_id, oc.delivery_id,
         coalesce(o.retailer_id, md.retailer_id) AS retailer_id, o.ordered_at AS at,
         ${cents('o.order_total - o.refunded_amount')} AS cents
    FROM customer_orders o
    LEFT JOIN order_click oc ON oc.order_id = o.id
    LEFT JOIN message_deliveries md ON md.id = oc.delivery_id
   WHERE ${orderScope}
     AND ((${flagged('o')} AND o.campaign_id NOT IN (SELECT campaign_id FROM rep_campaigns))
          OR oc.order_id IS NOT NULL)`;
  const crmItems =
    spec.revenue === 'linked'
      ? `SELECT cc.campaign_id, CASE WHEN x.campaign_id = cc.campaign_id THEN x.id END AS delivery_id,
         coalesce(cc.retailer_id, x.retailer_id) AS retailer_id, cc.conversion_date AS at,
         ${cents('coalesce(cc.conversion_value, 0)')} AS cents
    FROM crm_conversions cc
    LEFT JOIN message_deliveries x ON x.id = cc.email_send_id
   WHERE cc.campaign_id IS NOT NULL${segment ? ` AND ${inSegment('coalesce(cc.customer_id, x.customer_id)')}` : ''}`
      : `SELECT x.campaign_id, x.id AS delivery_id, coalesce(cc.retailer_id, x.retailer_id) AS retailer_id,
         cc.conversion_date AS at, ${cents('coalesce(cc.conversion_value, 0)')} AS cents
    FROM crm_conversions cc
    JOIN message_deliveries x ON x.id = cc.email_send_id
   WHERE true${segment ? ` AND ${inSegment('coalesce(cc.customer_id, x.customer_id)')}` : ''}`;
  // A conversion recorded on the message itself, unless it is a purchase counted another way: a CRM
  // conversion names the message, an order is credited to the message, or the recipient placed an
  // order at the very moment recorded (an ESP's copy of the shop's order; if that order was cancelled or
  // refunded, so was the conversion).
  const messageItems = `SELECT d.campaign_id, d.id AS delivery_id, d.retailer_id, d.converted_at AS at,
         ${cents('coalesce(d.conversion_value, 0)')} AS cents
    FROM dx d
   WHERE d.converted_at IS NOT NULL AND ${deliveryFilter('d')}
     AND NOT EXISTS (SELECT 1 FROM crm_conversions x WHERE x.email_send_id = d.id)
     AND NOT EXISTS (SELECT 1 FROM order_click oc WHERE oc.delivery_id = d.id)
     AND NOT EXISTS (SELECT 1 FROM customer_orders o
                      WHERE o.customer_id = d.customer_id AND o.ordered_at = d.converted_at)`;
  ctes.push(`items AS (
  SELECT * FROM (${orderItems}
  UNION ALL
  ${crmItems}
  UNION ALL
  ${messageItems}) i
   WHERE ${inCampaigns('i.campaign_id')})`);

  // Report rows in use: per source, the whole-campaign row if there is one, else its period rows.
  ctes.push(`rep AS (
  SELECT s.*, coalesce(s.bounces, s.soft_bounces + s.hard_bounces, s.soft_bounces, s.hard_bounces) AS all_bounces
    FROM campaign_reported_stats s
   WHERE s.campaign_id IN (SELECT campaign_id FROM rep_campaigns) AND ${inCampaigns('s.campaign_id')}
     AND (s.period_start IS NULL
          OR NOT EXISTS (SELECT 1 FROM campaign_reported_stats w
                          WHERE w.campaign_id = s.campaign_id AND w.source = s.source AND w.period_start IS NULL)))`);

  // Keys per source ---------------------------------------------------------------------------------------
  const deliveryKeys: Record<Dimension, [string, string]> = {
    campaign: ['d.campaign_id::text', NONE],
    batch: ['d.campaign_id::text', 'd.send_batch_id::text'],
    variant: ['d.campaign_id::text', 'coalesce(d.variant, b.variant)'],
    retailer: ['d.retailer_id::text', NONE],
    region: ['r.region', NONE],
    channel: ['c.channel', NONE],
    period: [dim === 'period' ? periodOfInstant('d.sent_at') : NONE, NONE],
  };
  const itemKeys: Record<Dimension, [string, string]> = {
    campaign: ['i.campaign_id::text', NONE],
    batch: ['i.campaign_id::text', 'x.send_batch_id::text'],
    variant: ['i.campaign_id::text', 'coalesce(x.variant, b.variant)'],
    retailer: ['i.retailer_id::text', NONE],
    region: ['r.region', NONE],
    channel: ['c.channel', NONE],
    period: [dim === 'period' ? periodOfInstant('i.at') : NONE, NONE],
  };
  const reportKeys: Record<Dimension, [string, string]> = {
    campaign: ['s.campaign_id::text', NONE],
    batch: ['s.campaign_id::text', NONE],
    variant: ['s.campaign_id::text', NONE],
    retailer: [NONE, NONE],
    region: [NONE, NONE],
    channel: ['c.channel', NONE],
    period: [
      dim === 'period'
        ? `CASE WHEN s.period_start IS NOT NULL THEN ${periodOfDate('s.period_start')}
                ELSE ${periodOfInstant('coalesce(c.start_date, c.scheduled_send_time)')} END`
        : NONE,
      NONE,
    ],
  };

  const branches: string[] = [];
  const deliveryJoins = [
    dim === 'variant' ? 'LEFT JOIN send_batches b ON b.id = d.send_batch_id' : '',
    dim === 'region' ? 'LEFT JOIN retailers r ON r.id = d.retailer_id' : '',
    dim === 'channel' ? 'JOIN campaigns c ON c.id = d.campaign_id' : '',
  ]
    .filter(Boolean)
    .join('\n  ');
  if (useCounters) {
    const keyed = (alias: string): [string, string] =>
      dim === 'campaign' ? [`${alias}.campaign_id::text`, NONE] : ['c.channel', NONE];
    branches.push(
      branch(
        dim === 'campaign' ? ['c.id::text', NONE] : ['c.channel', NONE],
        {
          targeted: 'sum(c.total_targeted)',
          sent: 'sum(c.total_sent)',
          delivered: 'sum(c.total_delivered)',
          bounced: 'sum(c.total_bounced)',
          unique_opens: 'sum(c.total_opened)',
          unique_clicks: 'sum(c.total_clicked)',
          unsubscribes: 'sum(c.total_unsubscribed)',
          from_deliveries: '1',
        },
        `FROM campaigns c
 WHERE c.totals_source = 'deliveries' AND ${inCampaigns('c.id')}
 GROUP BY 1, 2`,
      ),
    );
    const campaignJoin = dim === 'channel' ? 'JOIN campaigns c ON c.id = d.campaign_id' : '';
    branches.push(
      branch(
        keyed('d'),
        {
          soft_bounced: `count(*) FILTER (WHERE d.status = 'bounced' AND d.bounce_type IN ('soft', 'block'))`,
          hard_bounced: `count(*) FILTER (WHERE d.status = 'bounced' AND d.bounce_type = 'hard')`,
          complaints: 'count(*) FILTER (WHERE d.complained_at IS NOT NULL)',
        },
        `FROM dx d ${campaignJoin}
 WHERE ${deliveryFilter('d')}
 GROUP BY 1, 2`,
      ),
    );
    branches.push(
      branch(
        keyed('d'),
        { machine_only_opens: 'count(*)' },
        `FROM machine_only mo JOIN message_deliveries d ON d.id = mo.delivery_id ${campaignJoin}
 WHERE d.opened_at IS NOT NULL AND ${deliveryFilter('d')}
 GROUP BY 1, 2`,
      ),
    );
  } else {
    branches.push(
      branch(
        deliveryKeys[dim],
        {
          targeted: 'count(*)',
          sent: `count(*) FILTER (WHERE d.status IN ${SENT_STATUSES})`,
          delivered: `count(*) FILTER (WHERE d.status = 'delivered')`,
          bounced: `count(*) FILTER (WHERE d.status = 'bounced')`,
          soft_bounced: `count(*) FILTER (WHERE d.status = 'bounced' AND d.bounce_type IN ('soft', 'block'))`,
          hard_bounced: `count(*) FILTER (WHERE d.status = 'bounced' AND d.bounce_type = 'hard')`,
          unique_opens: 'count(*) FILTER (WHERE d.opened_at IS NOT NULL)',
          machine_only_opens:
            'count(*) FILTER (WHERE d.opened_at IS NOT NULL AND mo.delivery_id IS NOT NULL)',
          unique_clicks: 'count(*) FILTER (WHERE d.first_click_at IS NOT NULL)',
          unsubscribes: 'count(*) FILTER (WHERE d.unsubscribed_at IS NOT NULL)',
          complaints: 'count(*) FILTER (WHERE d.complained_at IS NOT NULL)',
          from_deliveries: '1',
        },
        `FROM message_deliveries d
  ${deliveryJoins}
  LEFT JOIN machine_only mo ON mo.delivery_id = d.id
 WHERE ${deliveryFilter('d')}
 GROUP BY 1, 2`,
      ),
    );
  }

  const itemJoins = [
    dim === 'batch' || dim === 'variant' ? 'LEFT JOIN message_deliveries x ON x.id = i.delivery_id' : '',
    dim === 'variant' ? 'LEFT JOIN send_batches b ON b.id = x.send_batch_id' : '',
    dim === 'region' ? 'LEFT JOIN retailers r ON r.id = i.retailer_id' : '',
    dim === 'channel' ? 'JOIN campaigns c ON c.id = i.campaign_id' : '',
  ]
    .filter(Boolean)
    .join('\n  ');
  branches.push(
    branch(
      itemKeys[dim],
      {
        conversions: 'count(*)',
        converted_recipients: 'count(DISTINCT i.delivery_id)',
        revenue_cents: 'sum(i.cents)',
      },
      `FROM items i
  ${itemJoins}
 GROUP BY 1, 2`,
    ),
  );

  // Report figures cannot be split by person: a segment leaves them out.
  if (!segment) {
    const reportedRevenue = spec.revenue === 'email-attributed';
    branches.push(
      branch(
        reportKeys[dim],
        {
          targeted: 'sum(coalesce(s.recipients, 0))',
          sent: 'sum(coalesce(s.recipients, 0))',
          delivered: 'sum(coalesce(s.delivered, s.recipients - coalesce(s.all_bounces, 0), 0))',
          bounced: 'sum(coalesce(s.all_bounces, 0))',
          soft_bounced: 'sum(coalesce(s.soft_bounces, 0))',
          hard_bounced: 'sum(coalesce(s.hard_bounces, 0))',
          unique_opens: 'sum(coalesce(s.unique_opens, 0))',
          unique_clicks: 'sum(coalesce(s.unique_clicks, 0))',
          unsubscribes: 'sum(coalesce(s.unsubscribes, 0))',
          complaints: 'sum(coalesce(s.complaints, 0))',
          ...(reportedRevenue
            ? {
                conversions: 'sum(coalesce(s.orders, 0))',
                converted_recipients: 'sum(coalesce(s.orders, 0))',
                revenue_cents: `sum(${cents('coalesce(s.revenue, 0)')})`,
              }
            : {}),
          from_reported: '1',
        },
        `FROM rep s JOIN campaigns c ON c.id = s.campaign_id
 GROUP BY 1, 2`,
      ),
    );
  }

  // Spend, and every selected campaign listed even without any figures.
  if (dim === 'campaign' || dim === 'channel' || dim === 'period') {
    ctes.push(`ads AS (
  SELECT a.campaign_id, count(*) AS n, sum(${cents('a.spend')}) AS cents
    FROM ad_spend_daily a WHERE ${inCampaigns('a.campaign_id')} GROUP BY a.campaign_id)`);
    const kind = `CASE WHEN a.n > 0 THEN 'ad' WHEN c.budget_spent > 0 THEN 'budget'
                    WHEN c.cost_per_send > 0 AND c.total_sent > 0 THEN 'cps' END`;
    const spend = `CASE WHEN a.n > 0 THEN a.cents WHEN c.budget_spent > 0 THEN ${cents('c.budget_spent')}
                    WHEN c.cost_per_send > 0 AND c.total_sent > 0 THEN ${cents('c.cost_per_send * c.total_sent')}
                    ELSE 0 END`;
    const keys: [string, string] =
      dim === 'campaign' ? ['c.id::text', NONE] : dim === 'channel' ? ['c.channel', NONE] : [NONE, NONE];
    branches.push(
      branch(
        keys,
        {
          // In a time series only spend without dates of its own is here (undated); ad rows come by day below.
          spend_cents: dim === 'period' ? `sum(CASE WHEN a.n > 0 THEN 0 ELSE ${spend} END)` : `sum(${spend})`,
          spend_ad: dim === 'period' ? '0' : `count(*) FILTER (WHERE ${kind} = 'ad')`,
          spend_budget: `count(*) FILTER (WHERE ${kind} = 'budget')`,
          spend_cps: `count(*) FILTER (WHERE ${kind} = 'cps')`,
        },
        `FROM campaigns c LEFT JOIN ads a ON a.campaign_id = c.id
 WHERE ${inCampaigns('c.id')}
 GROUP BY 1, 2`,
      ),
    );
    if (dim === 'period') {
      branches.push(
        branch(
          [periodOfDate('a.spend_date'), NONE],
          { spend_cents: `sum(${cents('a.spend')})`, spend_ad: 'count(DISTINCT a.campaign_id)' },
          `FROM ad_spend_daily a WHERE ${inCampaigns('a.campaign_id')}
 GROUP BY 1, 2`,
        ),
      );
    }
  }

  const sums = FIGURE_COLUMNS.map((c) =>
    c.startsWith('from_') ? `max(u.${c})::integer AS ${c}` : `sum(u.${c})::float8 AS ${c}`,
  ).join(',\n       ');
  const grouped = `SELECT u.k1, u.k2,
       ${sums}
  FROM (${branches.join('\n  UNION ALL\n  ')}) u
 GROUP BY u.k1, u.k2`;

  if (dim !== 'period') {
    return { sql: `WITH ${ctes.join(',\n')}\n${grouped}`, params: p.values };
  }

  // A time series: every period between the first and the last (or the range asked for), empty ones included.
  const from = spec.from ? periodOfDate(p.add(spec.from, 'date')) : 'NULL::text';
  const to = spec.to ? periodOfDate(p.add(spec.to, 'date')) : 'NULL::text';
  ctes.push(`agg AS (${grouped})`);
  ctes.push(`bounds AS (
  SELECT coalesce((${from})::timestamp, min(k1::timestamp)) AS lo, coalesce((${to})::timestamp, max(k1::timestamp)) AS hi
    FROM agg WHERE k1 IS NOT NULL)`);
  ctes.push(`series AS (
  SELECT to_char(g, 'YYYY-MM-DD') AS k
    FROM bounds, generate_series(bounds.lo, bounds.hi, ('1 ' || ${unit})::interval) AS g)`);
  const figures = FIGURE_COLUMNS.map((c) => `a.${c}`).join(', ');
  const sql = `WITH ${ctes.join(',\n')}
SELECT coalesce(s.k, a.k1) AS k1, NULL::text AS k2,
       CASE ${unit} WHEN 'week' THEN to_char(s.k::date, 'IYYY-"W"IW') WHEN 'month' THEN to_char(s.k::date, 'YYYY-MM')
            ELSE s.k END AS period,
       (s.k::timestamp AT TIME ZONE ${zone}) AS period_start,
       ${figures}
  FROM series s FULL JOIN agg a ON a.k1 = s.k
 WHERE s.k IS NOT NULL OR a.k1 IS NULL
 ORDER BY s.k NULLS LAST`;
  return { sql, params: p.values };
}

/** An order its shop or CRM says came from the email of a named campaign. */
function flagged(alias: string): string {
  return `(${alias}.attributed_to_email AND ${alias}.campaign_id IS NOT NULL)`;
}
