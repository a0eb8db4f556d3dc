import { readBinaryCopy } from '../../db/copy-binary';
import { lit } from '../../db/sql-literal';
import type { WorkspaceDb } from '../../db/workspace-db';
import { fail } from '../../errors';
import type { ConversionSourceName } from './analysis-types';
import type { ConversionInput, TouchpointInput } from './paths';
import { MS_PER_DAY } from './types';

/** What one analysis reads: a conversion source, a period and optionally a segment. */
export interface PathQuery {
  conversions: ConversionSourceName;
  lookbackDays: number;
  /** Epoch ms, inclusive / exclusive; null for unbounded. */
  fromMs: number | null;
  toMs: number | null;
  segmentId: string | null;
}

export interface WorkspacePathInput {
  touchpoints: TouchpointInput[];
  conversions: ConversionInput[];
  /** Per conversion id: what it was (order number, CRM type, event name) and who. */
  conversionInfo: Map<string, { label: string | null; customerId: string }>;
  /** loupe.data_version when read. */
  dataVersion: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseConversionSource(v: unknown): ConversionSourceName {
  if (v === undefined || v === null) return 'orders';
  if (v === 'orders' || v === 'crm') return v;
  if (typeof v === 'string' && v.startsWith('event:') && v.slice(6).trim() !== '') {
    return `event:${v.slice(6).trim()}`;
  }
  return fail(
    'invalid-argument',
    `Conversions are "orders", "crm" or "event:TYPE" (e.g. event:signup), not ${JSON.stringify(v)}.`,
  );
}

/** The time range a query covers as SQL conditions on `col`. */
function period(col: string, fromMs: number | null, toMs: number | null): string {
  const parts: string[] = [];
  if (fromMs !== null) parts.push(`${col} >= ${lit(new Date(fromMs).toISOString())}::timestamptz`);
  if (toMs !== null) parts.push(`${col} < ${lit(new Date(toMs).toISOString())}::timestamptz`);
  return parts.length === 0 ? 'true' : parts.join(' AND ');
}

/**
 * Reads the touchpoints and conversions of one analysis in one consistent
 * snapshot (binary COPY: only the few columns the paths need cross over).
 *
 * Conversions: orders that are purchases (not cancelled, worth more than nothing
 * after refunds, valued net of refunds, as every other Loupe analysis counts
 * them), CRM conversions, or events of one type, each of a known person.
 * Touchpoints: every touch of those people that can fall in a path, i.e. from one
 * lookback window before the period up to its end. Each person's lead-creation
 * touch is the last touch at or before they were first seen (the touch that
 * brought them in), or their first touch when none came before.
 */
export async function readWorkspacePaths(db: WorkspaceDb, q: PathQuery): Promise<WorkspacePathInput> {
  let member = 'true';
  if (q.segmentId !== null) {
    if (!UUID.test(q.segmentId))
      fail('not-found', `There is no segment ${q.segmentId}.`, { segmentId: q.segmentId });
    const seg = await db.query(`SELECT 1 FROM segments WHERE id = $1::uuid`, [q.segmentId]);
    if (seg.rows.length === 0)
      fail('not-found', `There is no segment ${q.segmentId}.`, { segmentId: q.segmentId });
    member = `IN (SELECT customer_id FROM segment_memberships WHERE segment_id = ${lit(q.segmentId)}::uuid AND is_active)`;
  }
  const inSegment = (col: string): string => (member === 'true' ? 'true' : `${col} ${member}`);

  let conversions: string;
  if (q.conversions === 'orders') {
    conversions = `SELECT o.id::text, o.customer_id::text, o.ordered_at, (o.order_total - o.refunded_amount)::float8,
                          coalesce(o.order_id, '')
                     FROM customer_orders o
                    WHERE o.customer_id IS NOT NULL AND o.order_status <> 'cancelled'
                      AND o.order_total - o.refunded_amount > 0
                      AND ${period('o.ordered_at', q.fromMs, q.toMs)} AND ${inSegment('o.customer_id')}`;
  } else if (q.conversions === 'crm') {
    conversions = `SELECT c.id::text, c.customer_id::text, c.conversion_date, coalesce(c.conversion_value, 0)::float8,
                          coalesce(c.conversion_type, '')
                     FROM crm_conversions c
                    WHERE c.customer_id IS NOT NULL AND c.conversion_date IS NOT NULL
                      AND ${period('c.conversion_date', q.fromMs, q.toMs)} AND ${inSegment('c.customer_id')}`;
  } else {
    const type = q.conversions.slice('event:'.length);
    conversions = `SELECT e.id::text, e.customer_id::text, e.occurred_at, coalesce(e.event_value, 0)::float8,
                          coalesce(e.event_name, '')
                     FROM customer_events e
                    WHERE e.event_type = ${lit(type)} AND e.customer_id IS NOT NULL
                      AND ${period('e.occurred_at', q.fromMs, q.toMs)} AND ${inSegment('e.customer_id')}`;
  }
  const touchFrom = q.fromMs === null ? null : q.fromMs - q.lookbackDays * MS_PER_DAY;
  const touches = `WITH lead AS (
      SELECT DISTINCT ON (t.contact_id) t.touchpoint_id
        FROM touchpoints t JOIN customers c ON c.id = t.contact_id
       WHERE ${inSegment('t.contact_id')}
       ORDER BY t.contact_id, (t.touchpoint_date <= c.first_seen_at) DESC,
                CASE WHEN t.touchpoint_date <= c.first_seen_at THEN t.touchpoint_date END DESC,
                t.touchpoint_date, t.touchpoint_id)
    SELECT t.touchpoint_id::text, t.contact_id::text, t.touchpoint_date, coalesce(t.channel, ''),
           coalesce(ca.name, t.campaign_name, ''), t.source, t.medium, t.referrer_url,
           (l.touchpoint_id IS NOT NULL)::int4
      FROM touchpoints t
      LEFT JOIN campaigns ca ON ca.id = t.campaign_id
      LEFT JOIN lead l ON l.touchpoint_id = t.touchpoint_id
     WHERE ${period('t.touchpoint_date', touchFrom, q.toMs)} AND ${inSegment('t.contact_id')}`;
  const version = `SELECT CASE WHEN is_called THEN last_value ELSE 0 END::float8 FROM loupe.data_version`;
  const binary = (select: string): string => `COPY (${select}) TO '/dev/blob' WITH (FORMAT binary)`;
  const [convBytes, touchBytes, versionBytes] = await db.copyOut([
    binary(conversions),
    binary(touches),
    binary(version),
  ]);
  if (convBytes === undefined || touchBytes === undefined || versionBytes === undefined) {
    throw new Error('The database returned fewer results than asked for.');
  }
  const cv = readBinaryCopy(convBytes, ['text', 'text', 'timestamptz', 'float8', 'text'] as const);
  const [cId, cPerson, cAt, cValue, cLabel] = cv.columns;
  const conversionList: ConversionInput[] = new Array<ConversionInput>(cv.rows);
  const conversionInfo = new Map<string, { label: string | null; customerId: string }>();
  for (let i = 0; i < cv.rows; i++) {
    conversionList[i] = { id: cId[i], personId: cPerson[i], at: cAt[i], value: cValue[i] };
    conversionInfo.set(cId[i], { label: cLabel[i] === '' ? null : cLabel[i], customerId: cPerson[i] });
  }
  const tv = readBinaryCopy(touchBytes, [
    'text',
    'text',
    'timestamptz',
    'text',
    'text',
    'text',
    'text',
    'text',
    'int4',
  ] as const);
  const [tId, tPerson, tAt, tChannel, tCampaign, tSource, tMedium, tReferrer, tLead] = tv.columns;
  const touchList: TouchpointInput[] = new Array<TouchpointInput>(tv.rows);
  const orNull = (s: string): string | null => (s === '' ? null : s);
  for (let i = 0; i < tv.rows; i++) {
    touchList[i] = {
      id: tId[i],
      personId: tPerson[i],
      at: tAt[i],
      // Every stored touchpoint has its channel named by now (explicitly or by the rules);
      // the signals are passed too so an unnamed one is still grouped the same way.
      channel: orNull(tChannel[i]),
      campaign: orNull(tCampaign[i]),
      source: orNull(tSource[i]),
      medium: orNull(tMedium[i]),
      referrer: orNull(tReferrer[i]),
      leadCreation: tLead[i] === 1,
    };
  }
  const dataVersion = readBinaryCopy(versionBytes, ['float8'] as const).columns[0][0] ?? 0;
  return { touchpoints: touchList, conversions: conversionList, conversionInfo, dataVersion };
}

/** Spend per channel and per campaign from ad_spend_daily over the conversions' period. */
export async function readSpend(
  db: WorkspaceDb,
  fromMs: number | null,
  toMs: number | null,
): Promise<{ channels: Record<string, number>; campaigns: Record<string, number>; currency: string | null }> {
  const where = period('s.spend_date::timestamptz', fromMs, toMs);
  const r = await db.query(
    `SELECT 'channel' AS dim, coalesce(s.channel, 'Other') AS key, sum(s.spend)::float8 AS spend, min(s.currency) AS cur,
            count(DISTINCT s.currency)::int AS currencies
       FROM ad_spend_daily s WHERE ${where} GROUP BY 2
     UNION ALL
     SELECT 'campaign', coalesce(ca.name, s.campaign_name, '(none)'), sum(s.spend)::float8, min(s.currency),
            count(DISTINCT s.currency)::int
       FROM ad_spend_daily s LEFT JOIN campaigns ca ON ca.id = s.campaign_id WHERE ${where} GROUP BY 2`,
  );
  const channels: Record<string, number> = {};
  const campaigns: Record<string, number> = {};
  const currencies = new Set<string>();
  for (const row of r.rows) {
    const target = row['dim'] === 'channel' ? channels : campaigns;
    target[String(row['key'])] = Number(row['spend']);
    if (typeof row['cur'] === 'string') currencies.add(row['cur']);
    if (Number(row['currencies']) > 1) currencies.add('(mixed)');
  }
  return {
    channels,
    campaigns,
    currency: currencies.size === 1 ? ([...currencies][0] ?? null) : currencies.size === 0 ? null : '(mixed)',
  };
}
