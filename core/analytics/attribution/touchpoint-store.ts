import type { WorkspaceDb } from '../../db/workspace-db';
import { lit } from '../../db/sql-literal';
import { fail } from '../../errors';
import { CLICK_ID_PARAMS, createChannelGrouper } from './channel-grouping';
import type { ChannelGroupingOptions, ChannelRule } from './channel-grouping';

/**
 * The workspace side of touchpoints: the channel-grouping rules a workspace
 * keeps, the touchpoints Loupe derives from events and orders, and naming the
 * channel of every touchpoint whose file did not name one.
 */

const SETTING_KEY = 'attribution.channel_grouping';
/** Derived touchpoints carry this source system; their external id names what they came from. */
export const DERIVED_SOURCE = 'loupe';
const DERIVED_VERSION_KEY = 'attribution.touchpoints_derived_version';

/** The grouping as stored and shown: null rules mean Loupe's defaults. */
export interface StoredChannelGrouping {
  rules: ChannelRule[] | null;
  fallbackChannel: string | null;
  ownDomains: string[];
}

export async function readChannelGrouping(db: WorkspaceDb): Promise<StoredChannelGrouping> {
  const r = await db.query(`SELECT setting_value FROM system_settings WHERE setting_key = $1`, [SETTING_KEY]);
  const v = r.rows[0]?.['setting_value'];
  if (v === undefined || v === null || typeof v !== 'object') {
    return { rules: null, fallbackChannel: null, ownDomains: [] };
  }
  return parseGrouping(v);
}

export function groupingOptions(stored: StoredChannelGrouping): ChannelGroupingOptions {
  return {
    ...(stored.rules !== null ? { rules: stored.rules } : {}),
    ...(stored.fallbackChannel !== null ? { fallbackChannel: stored.fallbackChannel } : {}),
    ownDomains: stored.ownDomains,
  };
}

/** Validates a grouping given by a user (untyped: it arrives from a file or the UI). */
export function parseGrouping(input: unknown): StoredChannelGrouping {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    fail(
      'invalid-argument',
      'Channel grouping must be an object with rules, fallbackChannel and ownDomains.',
    );
  }
  const o = input as Record<string, unknown>;
  let rules: ChannelRule[] | null = null;
  if (o['rules'] !== undefined && o['rules'] !== null) {
    if (!Array.isArray(o['rules'])) fail('invalid-argument', 'Channel grouping rules must be a list.');
    rules = o['rules'].map((raw, i) => parseRule(raw, i));
  }
  const fallback = o['fallbackChannel'];
  if (fallback !== undefined && fallback !== null && typeof fallback !== 'string') {
    fail('invalid-argument', 'The fallback channel must be text.');
  }
  const domains = o['ownDomains'] ?? [];
  if (!Array.isArray(domains) || domains.some((d) => typeof d !== 'string')) {
    fail('invalid-argument', 'ownDomains must be a list of domain names, e.g. ["myshop.com"].');
  }
  const stored: StoredChannelGrouping = {
    rules,
    fallbackChannel: typeof fallback === 'string' && fallback.trim() !== '' ? fallback.trim() : null,
    ownDomains: (domains as string[]).map((d) => d.trim()).filter((d) => d !== ''),
  };
  // Compiling checks every pattern and name, with the rule's number in the message.
  createChannelGrouper(groupingOptions(stored));
  return stored;
}

const RULE_FIELDS = ['source', 'medium', 'referrer', 'campaign', 'clickId'] as const;

function parseRule(raw: unknown, index: number): ChannelRule {
  const where = `Channel rule ${index + 1}`;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    fail(
      'invalid-argument',
      `${where} must be an object like {"channel": "Email", "when": {"medium": "^email$"}}.`,
    );
  }
  const r = raw as Record<string, unknown>;
  if (typeof r['channel'] !== 'string') fail('invalid-argument', `${where} needs a channel name.`);
  const when = r['when'];
  if (when === null || typeof when !== 'object' || Array.isArray(when)) {
    fail('invalid-argument', `${where} needs a "when" object of conditions.`);
  }
  const out: ChannelRule['when'] = {};
  for (const [field, pattern] of Object.entries(when as Record<string, unknown>)) {
    if (!(RULE_FIELDS as readonly string[]).includes(field)) {
      fail(
        'invalid-argument',
        `${where} has an unknown condition "${field}" (use ${RULE_FIELDS.join(', ')}).`,
      );
    }
    if (pattern !== null && typeof pattern !== 'string') {
      fail('invalid-argument', `${where}: the ${field} condition must be a pattern or null.`);
    }
    out[field as (typeof RULE_FIELDS)[number]] = pattern;
  }
  return { channel: r['channel'], when: out };
}

/**
 * Stores a workspace's grouping and names every touchpoint's channel again with
 * it (touchpoints whose file named the channel keep theirs). Returns how many
 * touchpoints changed channel.
 */
export async function saveChannelGrouping(
  db: WorkspaceDb,
  grouping: StoredChannelGrouping | null,
): Promise<{ grouping: StoredChannelGrouping; reclassified: number }> {
  const stored = grouping ?? { rules: null, fallbackChannel: null, ownDomains: [] };
  await db.query(
    `INSERT INTO system_settings (setting_key, setting_value, category, data_type, description)
     VALUES ($1, $2::jsonb, 'attribution', 'json', 'Channel grouping rules for attribution')
     ON CONFLICT (setting_key) DO UPDATE SET setting_value = EXCLUDED.setting_value`,
    [SETTING_KEY, JSON.stringify(stored)],
  );
  await db.query(
    `UPDATE touchpoints SET channel = NULL WHERE NOT channel_is_explicit AND channel IS NOT NULL`,
  );
  const reclassified = await classifyTouchpoints(db, groupingOptions(stored));
  return { grouping: stored, reclassified };
}

/** SQL reading parameter `name` from a URL column (decoding '+' and the commonest escapes). */
function urlParam(col: string, name: string): string {
  return `nullif(replace(replace(replace(substring(${col} from '[?&]${name}=([^&#]*)'), '+', ' '), '%20', ' '), '%2F', '/'), '')`;
}

/** Host of a URL or bare host name, lower case, without 'www.'. */
function hostOf(col: string): string {
  return `lower(regexp_replace(substring(${col} from '^(?:[a-zA-Z][a-zA-Z0-9+.-]*://)?(?:[^@/]*@)?([^/:?#]+)'), '^www\\.', ''))`;
}

const CLICK_ID_PATTERN = `[?&](${CLICK_ID_PARAMS.join('|')})=`;

/** Click-id parameter names on a landing URL, sorted and comma-separated ('' for none). */
function clickIdNames(col: string): string {
  return `coalesce(array_to_string(ARRAY(SELECT DISTINCT lower(m[1]) FROM regexp_matches(${col}, ${lit(CLICK_ID_PATTERN)}, 'gi') m ORDER BY 1), ','), '')`;
}

function touchType(source: string, medium: string, hasClickId: string, referrer: string): string {
  return `CASE
    WHEN ${hasClickId} THEN 'ad_click'
    WHEN lower(${medium}) IN ('email', 'e-mail', 'newsletter') THEN 'email_click'
    WHEN lower(${medium}) = 'sms' THEN 'sms_click'
    WHEN lower(${medium}) ~ '^(cpc|ppc|cpm|paid.*|display|banner|retargeting)$' THEN 'ad_click'
    WHEN lower(${medium}) IN ('social', 'social-media', 'social_media', 'sm') THEN 'social'
    WHEN lower(${medium}) = 'referral' OR (${medium} IS NULL AND ${source} IS NULL AND ${referrer} IS NOT NULL) THEN 'referral'
    ELSE 'web_visit' END`;
}

export interface DeriveResult {
  fromEvents: number;
  fromOrders: number;
  /** Derived touchpoints removed because what they came from is gone. */
  removed: number;
  classified: number;
}

/**
 * Makes touchpoints from what imports left elsewhere, once each:
 * - the first event of each visit (session) that carries campaign parameters,
 *   a click id on its page URL, or a referrer from another site, unless a
 *   touchpoint already stands for that visit;
 * - each order's own source fields (UTM parameters, referrer, landing page with a
 *   click id) or, failing those, its discount code, at the time of the order,
 *   unless a touchpoint already names the order.
 * Derived rows carry the import batch of their origin, so rolling that import
 * back removes them too. Then every touchpoint without a channel gets one from
 * the grouping rules.
 */
export async function refreshTouchpoints(
  db: WorkspaceDb,
  grouping: ChannelGroupingOptions,
): Promise<DeriveResult> {
  // Deriving reads every event and order; it only has something to do when they changed
  // since the last time (loupe.data_version moves with every change to them).
  const state = await db.query(
    `SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM loupe.data_version)::text AS version,
            (SELECT setting_value #>> '{}' FROM system_settings WHERE setting_key = $1) AS derived`,
    [DERIVED_VERSION_KEY],
  );
  const version = String(state.rows[0]?.['version'] ?? '');
  if (state.rows[0]?.['derived'] === version) {
    return { removed: 0, fromEvents: 0, fromOrders: 0, classified: await classifyTouchpoints(db, grouping) };
  }
  const e = {
    source: `coalesce(e.utm_source, ${urlParam('e.page_url', 'utm_source')})`,
    medium: `coalesce(e.utm_medium, ${urlParam('e.page_url', 'utm_medium')})`,
    campaign: `coalesce(e.utm_campaign, ${urlParam('e.page_url', 'utm_campaign')})`,
    // A referrer from the site itself is navigation within the visit.
    referrer: `CASE WHEN ${hostOf('e.referrer_url')} IS DISTINCT FROM ${hostOf('e.page_url')} THEN e.referrer_url END`,
  };
  const o = {
    source: `coalesce(o.utm_source, ${urlParam('o.landing_page_url', 'utm_source')})`,
    medium: `coalesce(o.utm_medium, ${urlParam('o.landing_page_url', 'utm_medium')})`,
    campaign: `coalesce(o.utm_campaign, ${urlParam('o.landing_page_url', 'utm_campaign')})`,
  };
  const results = await db.transaction([
    {
      sql: `DELETE FROM touchpoints WHERE source_system = '${DERIVED_SOURCE}' AND event_id IS NULL AND order_id IS NULL`,
    },
    {
      sql: `WITH candidates AS (
              SELECT DISTINCT ON (e.customer_id, coalesce(e.session_id, e.id::text))
                     e.id, e.customer_id, e.occurred_at, e.session_id, e.page_url, e.campaign_id, e.import_batch_id,
                     ${e.source} AS source, ${e.medium} AS medium, ${e.campaign} AS campaign,
                     coalesce(e.utm_content, ${urlParam('e.page_url', 'utm_content')}) AS content,
                     coalesce(e.utm_term, ${urlParam('e.page_url', 'utm_term')}) AS term,
                     ${e.referrer} AS referrer,
                     substring(e.page_url from ${lit(`${CLICK_ID_PATTERN}([^&#]*)`)}) AS click_id
                FROM customer_events e
               WHERE e.customer_id IS NOT NULL
                 AND (${e.source} IS NOT NULL OR ${e.medium} IS NOT NULL OR ${e.campaign} IS NOT NULL
                      OR ${e.referrer} IS NOT NULL OR e.page_url ~* ${lit(CLICK_ID_PATTERN)})
               ORDER BY e.customer_id, coalesce(e.session_id, e.id::text), e.occurred_at, e.id)
            INSERT INTO touchpoints (contact_id, touchpoint_type, touchpoint_date, source, medium, campaign_id,
                                     campaign_name, content, term, referrer_url, landing_page_url, click_id, event_id,
                                     source_system, external_id, import_batch_id, properties)
            SELECT c.customer_id, ${touchType('c.source', 'c.medium', 'c.click_id IS NOT NULL', 'c.referrer')},
                   c.occurred_at, c.source, c.medium, c.campaign_id, c.campaign, c.content, c.term, c.referrer,
                   c.page_url, c.click_id, c.id, '${DERIVED_SOURCE}', 'event:' || c.id, c.import_batch_id,
                   jsonb_build_object('derived_from', 'event', 'session_id', c.session_id)
              FROM candidates c
             WHERE NOT EXISTS (SELECT 1 FROM touchpoints t WHERE t.event_id = c.id)
               AND NOT (c.session_id IS NOT NULL AND EXISTS (
                     SELECT 1 FROM touchpoints t JOIN customer_events x ON x.id = t.event_id
                      WHERE t.contact_id = c.customer_id AND x.session_id = c.session_id))
               AND NOT EXISTS (SELECT 1 FROM touchpoints t
                                WHERE t.source_system = '${DERIVED_SOURCE}' AND t.external_id = 'event:' || c.id)`,
    },
    {
      sql: `INSERT INTO touchpoints (contact_id, touchpoint_type, touchpoint_date, source, medium, campaign_id,
                                     campaign_name, referrer_url, landing_page_url, click_id, order_id,
                                     source_system, external_id, import_batch_id, properties)
            SELECT o.customer_id,
                   CASE WHEN ${o.source} IS NULL AND ${o.medium} IS NULL AND ${o.campaign} IS NULL AND o.referrer_url IS NULL
                             AND NOT coalesce(o.landing_page_url ~* ${lit(CLICK_ID_PATTERN)}, false)
                        THEN 'discount_code'
                        ELSE ${touchType(o.source, o.medium, `coalesce(o.landing_page_url ~* ${lit(CLICK_ID_PATTERN)}, false)`, 'o.referrer_url')} END,
                   o.ordered_at,
                   CASE WHEN ${o.source} IS NULL AND ${o.medium} IS NULL AND o.referrer_url IS NULL
                             AND NOT coalesce(o.landing_page_url ~* ${lit(CLICK_ID_PATTERN)}, false)
                        THEN o.promotion_code ELSE ${o.source} END,
                   CASE WHEN ${o.source} IS NULL AND ${o.medium} IS NULL AND o.referrer_url IS NULL
                             AND NOT coalesce(o.landing_page_url ~* ${lit(CLICK_ID_PATTERN)}, false)
                        THEN 'discount_code' ELSE ${o.medium} END,
                   o.campaign_id, ${o.campaign}, o.referrer_url, o.landing_page_url,
                   substring(o.landing_page_url from ${lit(`${CLICK_ID_PATTERN}([^&#]*)`)}), o.id,
                   '${DERIVED_SOURCE}', 'order:' || o.id, o.import_batch_id,
                   jsonb_build_object('derived_from', 'order', 'promotion_code', o.promotion_code)
              FROM customer_orders o
             WHERE o.customer_id IS NOT NULL
               AND (${o.source} IS NOT NULL OR ${o.medium} IS NOT NULL OR ${o.campaign} IS NOT NULL
                    OR o.referrer_url IS NOT NULL OR o.promotion_code IS NOT NULL
                    OR o.landing_page_url ~* ${lit(CLICK_ID_PATTERN)})
               AND NOT EXISTS (SELECT 1 FROM touchpoints t WHERE t.order_id = o.id)
               AND NOT EXISTS (SELECT 1 FROM touchpoints t
                                WHERE t.source_system = '${DERIVED_SOURCE}' AND t.external_id = 'order:' || o.id)`,
    },
  ]);
  await db.query(
    `INSERT INTO system_settings (setting_key, setting_value, category, data_type, description)
     VALUES ($1, to_jsonb($2::text), 'attribution', 'string', 'Data version whose events and orders touchpoints were derived from')
     ON CONFLICT (setting_key) DO UPDATE SET setting_value = EXCLUDED.setting_value`,
    [DERIVED_VERSION_KEY, version],
  );
  const count = (i: number): number => results[i]?.rowCount ?? 0;
  const classified = await classifyTouchpoints(db, grouping);
  return { removed: count(0), fromEvents: count(1), fromOrders: count(2), classified };
}

/**
 * Names the channel of every touchpoint that has none. Imports repeat a few
 * signal combinations (source, medium, referrer host, campaign, click ids) over
 * millions of rows, so each distinct combination is classified once here and the
 * answer written back with one join on a key built the same way on both sides.
 */
export async function classifyTouchpoints(
  db: WorkspaceDb,
  grouping: ChannelGroupingOptions,
): Promise<number> {
  const grouper = createChannelGrouper(grouping);
  const sep = `chr(31)`;
  const nul = `chr(30)`;
  const key = (t: string): string =>
    `concat_ws(${sep}, coalesce(${t}.source, ${nul}), coalesce(${t}.medium, ${nul}), coalesce(${hostOf(`${t}.referrer_url`)}, ${nul}),
               coalesce(${t}.campaign_name, ${nul}), ${clickIdNames(`${t}.landing_page_url`)})`;
  const combos = await db.query(
    `SELECT DISTINCT ${key('t')} AS key, t.source, t.medium, ${hostOf('t.referrer_url')} AS referrer, t.campaign_name,
            ${clickIdNames('t.landing_page_url')} AS click_ids
       FROM touchpoints t WHERE t.channel IS NULL`,
  );
  if (combos.rows.length === 0) return 0;
  const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const values = combos.rows.map((r) => {
    const clickIds = text(r['click_ids']);
    const channel = grouper.classify({
      source: text(r['source']),
      medium: text(r['medium']),
      referrer: text(r['referrer']),
      campaign: text(r['campaign_name']),
      clickIds: clickIds === null || clickIds === '' ? [] : clickIds.split(','),
    });
    return `(${lit(String(r['key']))}, ${lit(channel)})`;
  });
  const updated = await db.query(
    `UPDATE touchpoints t SET channel = v.channel
       FROM (VALUES ${values.join(', ')}) AS v(key, channel)
      WHERE t.channel IS NULL AND ${key('t')} = v.key`,
  );
  return updated.rowCount;
}
