import type {
  AdSpendRecord,
  CampaignRecord,
  CampaignStatsRecord,
  CanonicalRecord,
  DeliveryEventRecord,
  EventRecord,
  OrderRecord,
  PersonRecord,
  RecordKind,
  TouchpointRecord,
} from '../records';
import type { RowRejection } from '../read-file';
import { csvLine, type CopyValue } from './csv';

/**
 * Staging: each canonical record kind has a TEMP table with typed columns, and
 * the records of every batch read from the file are COPYed into it as they
 * arrive. Temporary tables live outside the workspace's data (no WAL, gone when
 * the session ends), so staging writes nothing a crash could leave behind; the
 * merge then reads them in one transaction. `seq` is the record's position in
 * the file: where a file repeats a natural key, the last record wins, as a
 * spreadsheet's last edit would.
 */

export type StageName =
  'person' | 'campaign' | 'stats' | 'delivery' | 'order' | 'touchpoint' | 'spend' | 'event';

interface StageDef<R> {
  columns: readonly (readonly [string, string])[];
  values(r: R): CopyValue[];
}

const ISO_CURRENCY = /^[A-Z]{3}$/;

/** A currency the database accepts (three capital letters), or nothing. */
export function currencyCode(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const code = text.trim().toUpperCase();
  return ISO_CURRENCY.test(code) ? code : undefined;
}

/** utm_* parameters of a landing page, which may be a bare path (`/products/x?utm_source=…`). */
export function utmOf(landing: string | undefined): { source?: string; medium?: string; campaign?: string } {
  if (landing === undefined) return {};
  const q = landing.indexOf('?');
  if (q < 0) return {};
  const params = new URLSearchParams(landing.slice(q + 1).split('#')[0]);
  const pick = (name: string): string | undefined => {
    const v = params.get(name);
    return v === null || v.trim() === '' ? undefined : v.trim();
  };
  const out: { source?: string; medium?: string; campaign?: string } = {};
  const source = pick('utm_source');
  const medium = pick('utm_medium');
  const campaign = pick('utm_campaign');
  if (source !== undefined) out.source = source;
  if (medium !== undefined) out.medium = medium;
  if (campaign !== undefined) out.campaign = campaign;
  return out;
}

function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list === undefined || list.length === 0 ? undefined : list;
}

const person: StageDef<PersonRecord> = {
  columns: [
    ['source_id', 'text'],
    ['email', 'text'],
    ['email_norm', 'citext'],
    ['first_name', 'text'],
    ['last_name', 'text'],
    ['full_name', 'text'],
    ['phone', 'text'],
    ['company', 'text'],
    ['job_title', 'text'],
    ['country', 'text'],
    ['region', 'text'],
    ['city', 'text'],
    ['postal_code', 'text'],
    ['timezone', 'text'],
    ['funnel_stage', 'text'],
    ['contact_status', 'text'],
    ['subscribed_at', 'timestamptz'],
    ['unsubscribed_at', 'timestamptz'],
    ['created_at', 'timestamptz'],
    ['source_updated_at', 'timestamptz'],
    ['email_opt_in', 'boolean'],
    ['sms_opt_in', 'boolean'],
    ['consent_at', 'timestamptz'],
    ['consent_source', 'text'],
    ['tags', 'jsonb'],
    ['attributes', 'jsonb'],
  ],
  values: (r) => [
    r.sourceId,
    r.email?.trim(),
    r.emailNormalized,
    r.firstName,
    r.lastName,
    r.fullName,
    r.phone,
    r.company,
    r.jobTitle,
    r.country,
    r.region,
    r.city,
    r.postalCode,
    r.timezone,
    r.lifecycleStage,
    r.contactStatus,
    r.subscribedAt,
    r.unsubscribedAt,
    r.createdAt,
    r.updatedAt,
    r.emailOptIn,
    r.smsOptIn,
    r.consentAt,
    r.consentSource,
    nonEmpty(r.tags),
    Object.keys(r.attributes).length > 0 ? r.attributes : undefined,
  ],
};

const campaign: StageDef<CampaignRecord> = {
  columns: [
    ['source_id', 'text'],
    ['name', 'text'],
    ['channel', 'text'],
    ['kind', 'text'],
    ['subject', 'text'],
    ['list_name', 'text'],
    ['sent_at', 'timestamptz'],
    ['status', 'text'],
    ['tags', 'jsonb'],
  ],
  values: (r) => [
    r.sourceId,
    r.name,
    r.channel,
    r.campaignType,
    r.subject,
    r.listName,
    r.sentAt,
    r.status,
    nonEmpty(r.tags),
  ],
};

const stats: StageDef<CampaignStatsRecord> = {
  columns: [
    ['campaign_sid', 'text'],
    ['period_start', 'date'],
    ['period_end', 'date'],
    ['recipients', 'bigint'],
    ['delivered', 'bigint'],
    ['soft_bounces', 'bigint'],
    ['hard_bounces', 'bigint'],
    ['bounces', 'bigint'],
    ['unique_opens', 'bigint'],
    ['total_opens', 'bigint'],
    ['unique_clicks', 'bigint'],
    ['total_clicks', 'bigint'],
    ['unsubscribes', 'bigint'],
    ['complaints', 'bigint'],
    ['orders', 'bigint'],
    ['revenue', 'numeric'],
    ['currency', 'text'],
    ['derived', 'jsonb'],
  ],
  values: (r) => [
    r.campaignSourceId,
    r.periodStart,
    r.periodEnd ?? r.periodStart,
    r.recipients,
    r.delivered,
    r.softBounces,
    r.hardBounces,
    r.bounces,
    r.uniqueOpens,
    r.totalOpens,
    r.uniqueClicks,
    r.totalClicks,
    r.unsubscribes,
    r.complaints,
    r.orders,
    r.revenue,
    currencyCode(r.currency),
    nonEmpty(r.derivedFields),
  ],
};

const delivery: StageDef<DeliveryEventRecord> = {
  columns: [
    ['message_id', 'text'],
    ['email', 'text'],
    ['email_norm', 'citext'],
    ['campaign_sid', 'text'],
    ['campaign_name', 'text'],
    ['subject', 'text'],
    ['event', 'text'],
    ['at', 'timestamptz'],
    ['url', 'text'],
    ['reason', 'text'],
    ['bounce_type', 'text'],
    ['machine_open', 'boolean'],
  ],
  values: (r) => [
    r.messageId,
    r.email.trim(),
    r.emailNormalized,
    r.campaignSourceId,
    r.campaignName,
    r.subject,
    r.event,
    r.at,
    r.url,
    r.reason,
    r.bounceType,
    r.machineOpen,
  ],
};

const order: StageDef<OrderRecord> = {
  columns: [
    ['source_id', 'text'],
    ['email', 'text'],
    ['email_norm', 'citext'],
    ['customer_sid', 'text'],
    ['ordered_at', 'timestamptz'],
    ['currency', 'text'],
    ['subtotal', 'numeric'],
    ['discount', 'numeric'],
    ['shipping', 'numeric'],
    ['tax', 'numeric'],
    ['total', 'numeric'],
    ['refunded', 'numeric'],
    ['status', 'text'],
    ['financial_status', 'text'],
    ['fulfillment_status', 'text'],
    ['paid_at', 'timestamptz'],
    ['cancelled_at', 'timestamptz'],
    ['discount_codes', 'jsonb'],
    ['source_channel', 'text'],
    ['landing_site', 'text'],
    ['referring_site', 'text'],
    ['utm_source', 'text'],
    ['utm_medium', 'text'],
    ['utm_campaign', 'text'],
    ['country', 'text'],
    ['items', 'jsonb'],
  ],
  values: (r) => {
    const utm = utmOf(r.landingSite);
    return [
      r.sourceId,
      r.customerEmail?.trim(),
      r.customerEmailNormalized,
      r.customerSourceId,
      r.orderedAt,
      currencyCode(r.currency),
      r.subtotal,
      r.discount,
      r.shipping,
      r.tax,
      r.total,
      r.refundedAmount,
      r.status,
      r.financialStatus,
      r.fulfillmentStatus,
      r.paidAt,
      r.cancelledAt,
      nonEmpty(r.discountCodes),
      r.sourceChannel,
      r.landingSite,
      r.referringSite,
      utm.source,
      utm.medium,
      utm.campaign,
      r.country,
      r.items.map((i) => ({
        sku: i.sku ?? null,
        name: i.productName,
        quantity: i.quantity,
        unit_price: i.unitPrice,
        line_total: i.lineTotal,
        discount: i.discount ?? null,
      })),
    ];
  },
};

const touchpoint: StageDef<TouchpointRecord> = {
  columns: [
    ['email', 'text'],
    ['email_norm', 'citext'],
    ['person_sid', 'text'],
    ['at', 'timestamptz'],
    ['channel', 'text'],
    ['traffic_source', 'text'],
    ['medium', 'text'],
    ['campaign', 'text'],
    ['content', 'text'],
    ['term', 'text'],
    ['referrer', 'text'],
    ['landing_url', 'text'],
    ['click_id', 'text'],
  ],
  values: (r) => [
    r.personEmail?.trim(),
    r.personEmailNormalized,
    r.personSourceId,
    r.at,
    r.channel,
    r.trafficSource,
    r.medium,
    r.campaign,
    r.content,
    r.term,
    r.referrer,
    r.landingUrl,
    r.clickId,
  ],
};

const spend: StageDef<AdSpendRecord> = {
  columns: [
    ['platform', 'text'],
    ['day', 'date'],
    ['account_id', 'text'],
    ['account_name', 'text'],
    ['campaign_sid', 'text'],
    ['campaign_name', 'text'],
    ['ad_group', 'text'],
    ['ad_name', 'text'],
    ['channel', 'text'],
    ['currency', 'text'],
    ['cost', 'numeric'],
    ['impressions', 'bigint'],
    ['clicks', 'bigint'],
    ['conversions', 'numeric'],
    ['conversion_value', 'numeric'],
  ],
  values: (r) => [
    r.platform,
    r.date,
    r.accountId,
    r.accountName,
    r.campaignSourceId,
    r.campaignName,
    r.adGroup ?? r.adSet,
    r.adName,
    r.channel,
    currencyCode(r.currency),
    r.cost,
    r.impressions,
    r.clicks,
    r.conversions,
    r.conversionValue,
  ],
};

const event: StageDef<EventRecord> = {
  columns: [
    ['email', 'text'],
    ['email_norm', 'citext'],
    ['person_sid', 'text'],
    ['event_type', 'text'],
    ['at', 'timestamptz'],
    ['properties', 'jsonb'],
    ['value', 'numeric'],
    ['currency', 'text'],
    ['session_id', 'text'],
    ['page_url', 'text'],
  ],
  values: (r) => [
    r.personEmail?.trim(),
    r.personEmailNormalized,
    r.personSourceId,
    r.eventType,
    r.at,
    Object.keys(r.properties).length > 0 ? r.properties : undefined,
    r.value,
    currencyCode(r.currency),
    r.sessionId,
    r.pageUrl,
  ],
};

const STAGE_OF: Record<RecordKind, StageName> = {
  person: 'person',
  campaign: 'campaign',
  'campaign-stats': 'stats',
  'delivery-event': 'delivery',
  order: 'order',
  touchpoint: 'touchpoint',
  'ad-spend': 'spend',
  event: 'event',
};

// Each definition is typed by its record; the lookup below pairs them by kind.
const DEFS: { [K in StageName]: StageDef<never> } = {
  person,
  campaign,
  stats,
  delivery,
  order,
  touchpoint,
  spend,
  event,
} as const;

export const STAGE_NAMES: readonly StageName[] = Object.keys(DEFS) as StageName[];

/** Columns every staging table starts with. */
const COMMON = [
  ['seq', 'bigint'],
  ['src', 'text'],
  ['key', 'text'],
] as const;

export function stageColumns(name: StageName): string[] {
  return [...COMMON, ...DEFS[name].columns].map(([c]) => c);
}

/** How many keys of a large table are remembered to tell whether the file repeats one. */
const KEY_MEMORY = 1_500_000;

/** A 53-bit hash of a natural key (two 32-bit FNV-1a variants): equal keys, equal hashes. */
function keyHash(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13);
  }
  // Never 0, the empty slot of HashSet.
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff) + 1;
}

/**
 * A set of key hashes in one typed array (open addressing): a million keys take 16 MB,
 * where a Set of numbers takes about three times that.
 */
class HashSet {
  private table = new Float64Array(1 << 16);
  size = 0;

  /** Adds `h` (a positive integer); false when it was already there. */
  add(h: number): boolean {
    if (this.size * 2 >= this.table.length) this.grow();
    return this.put(this.table, h);
  }

  private put(table: Float64Array, h: number): boolean {
    const mask = table.length - 1;
    let i = (h % table.length) & mask;
    for (;;) {
      const v = table[i];
      if (v === 0) {
        table[i] = h;
        this.size++;
        return true;
      }
      if (v === h) return false;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2);
    this.size = 0;
    for (const v of old) if (v !== 0) this.put(this.table, v);
  }
}

/** The TEMP tables of one import job; names carry the job's id so two imports never share one. */
export class Staging {
  readonly suffix: string;
  private seq = 0;
  private readonly lines = new Map<StageName, string[]>();
  /** Characters of CSV waiting for their COPY. */
  pendingChars = 0;
  readonly counts = new Map<StageName, number>();
  /**
   * Activity files run to millions of events, and almost never repeat one. Their keys'
   * hashes are remembered, so the merge removes repeats only when there can be some.
   */
  private seenKeys: HashSet | null = new HashSet();
  private repeats = false;

  constructor(jobId: string) {
    this.suffix = jobId
      .replace(/[^a-zA-Z0-9]/g, '')
      .slice(0, 24)
      .toLowerCase();
  }

  table(name: StageName | 'rejections'): string {
    return `loupe_stage_${name}_${this.suffix}`;
  }

  createScript(): string {
    const tables = STAGE_NAMES.map((name) => {
      const cols = [...COMMON, ...DEFS[name].columns].map(([c, t]) => `${c} ${t}`).join(', ');
      return `CREATE TEMP TABLE ${this.table(name)} (${cols});`;
    });
    tables.push(
      `CREATE TEMP TABLE ${this.table('rejections')} (entry text NOT NULL, row_number bigint NOT NULL, raw jsonb NOT NULL, reason text NOT NULL, field text);`,
    );
    return tables.join('\n');
  }

  dropScript(): string {
    return [...STAGE_NAMES, 'rejections' as const]
      .map((n) => `DROP TABLE IF EXISTS ${this.table(n)};`)
      .join('\n');
  }

  /** Adds a record to the pending lines of its table. */
  add(record: CanonicalRecord): void {
    const name = STAGE_OF[record.kind];
    const def = DEFS[name] as StageDef<CanonicalRecord>;
    const line = csvLine([++this.seq, record.source, record.key, ...def.values(record)]);
    if (name === 'delivery' && this.seenKeys !== null) {
      if (!this.seenKeys.add(keyHash(`${record.source}|${record.key}`)) || this.seenKeys.size >= KEY_MEMORY) {
        this.repeats = true;
        this.seenKeys = null;
      }
    }
    let list = this.lines.get(name);
    if (list === undefined) {
      list = [];
      this.lines.set(name, list);
    }
    list.push(line);
    this.pendingChars += line.length;
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  /** COPY statements for the lines added since the last call, and forgets them. */
  takeCopies(): { sql: string; data: string; rows: number }[] {
    const out: { sql: string; data: string; rows: number }[] = [];
    for (const [name, lines] of this.lines) {
      if (lines.length === 0) continue;
      out.push({
        sql: `COPY ${this.table(name)} (${stageColumns(name).join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`,
        data: lines.join(''),
        rows: lines.length,
      });
    }
    this.lines.clear();
    this.pendingChars = 0;
    return out;
  }

  /** A COPY of rejected rows, or null when there are none. */
  rejectionCopy(rejections: readonly RowRejection[]): { sql: string; data: string; rows: number } | null {
    if (rejections.length === 0) return null;
    let data = '';
    for (const r of rejections) data += csvLine([r.entry ?? '', r.rowNumber, r.raw, r.reason, r.field]);
    return {
      sql: `COPY ${this.table('rejections')} (entry, row_number, raw, reason, field) FROM '/dev/blob' WITH (FORMAT csv)`,
      data,
      rows: rejections.length,
    };
  }

  /** Whether the file may hold a delivery event twice (same source and key); false means it surely does not. */
  mayRepeatDeliveryEvents(): boolean {
    return this.repeats;
  }

  has(name: StageName): boolean {
    return (this.counts.get(name) ?? 0) > 0;
  }
}
