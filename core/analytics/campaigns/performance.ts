import type { SqlValue } from '../../api/sql';
import type { WorkspaceDb } from '../../db/workspace-db';
import { fail } from '../../errors';
import {
  compareDescNullLast,
  compareNullableText,
  compareText,
  sumRaw,
  toFigures,
  type RawFigures,
} from './metrics';
import {
  attributionWindow,
  grouping,
  localDay,
  revenueBasis,
  timeUnit,
  uuidList,
  workspaceSettings,
} from './options';
import { buildPerformanceQuery, type Dimension } from './sql';
import type {
  CampaignGrouping,
  PerformanceKey,
  PerformanceOptions,
  PerformanceResult,
  PerformanceRow,
  SpendSource,
  TimeSeriesOptions,
  TimeSeriesResult,
} from './types';

function num(v: SqlValue | undefined): number {
  return typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : 0;
}

function text(v: SqlValue | undefined): string | null {
  return typeof v === 'string' ? v : null;
}

function rawOf(row: Record<string, SqlValue>, spendAllocated: boolean): RawFigures {
  const spendSources: SpendSource[] = [];
  if (num(row['spend_ad']) > 0) spendSources.push('ad-spend');
  if (num(row['spend_budget']) > 0) spendSources.push('budget-spent');
  if (num(row['spend_cps']) > 0) spendSources.push('cost-per-send');
  return {
    targeted: num(row['targeted']),
    sent: num(row['sent']),
    delivered: num(row['delivered']),
    bounced: num(row['bounced']),
    softBounced: num(row['soft_bounced']),
    hardBounced: num(row['hard_bounced']),
    uniqueOpens: num(row['unique_opens']),
    machineOnlyOpens: num(row['machine_only_opens']),
    uniqueClicks: num(row['unique_clicks']),
    unsubscribes: num(row['unsubscribes']),
    complaints: num(row['complaints']),
    conversions: num(row['conversions']),
    convertedRecipients: num(row['converted_recipients']),
    revenueCents: num(row['revenue_cents']),
    spendCents: spendAllocated ? num(row['spend_cents']) : null,
    fromDeliveries: num(row['from_deliveries']) > 0,
    fromReported: num(row['from_reported']) > 0,
    spendSources,
  };
}

interface Normalised {
  campaignIds: string[] | undefined;
  customerIds: string[] | undefined;
  revenue: PerformanceResult['revenue'];
  windowDays: number;
}

function normalise(options: PerformanceOptions | TimeSeriesOptions): Normalised {
  return {
    campaignIds: uuidList(options.campaignIds, 'campaignIds'),
    customerIds: uuidList(options.customerIds, 'customerIds'),
    revenue: revenueBasis(options.revenue),
    windowDays: attributionWindow(options.attributionWindowDays),
  };
}

function notesFor(n: Normalised, spendAllocated: boolean, dim: Dimension): string[] {
  const notes: string[] = [];
  if (n.customerIds) {
    notes.push(
      'Restricted to a segment: figures an ESP reported for whole campaigns, and spend, cannot be split by person and are left out.',
    );
  } else if (!spendAllocated) {
    notes.push(
      `Spend is recorded per campaign, not per ${dim}: ROI, ROAS and CPA are shown per campaign or channel.`,
    );
  }
  if (n.revenue === 'linked') {
    notes.push(
      'Revenue: orders linked to the campaign (cancelled and refunded ones excluded, partial refunds taken off), CRM conversions, and conversions recorded on a message.',
    );
  } else {
    notes.push(
      `Revenue: orders credited to an email — flagged as email-attributed to the campaign, or placed within ${n.windowDays} days of the buyer's last email click — CRM conversions naming an email, conversions recorded on a message, and the ESP's reported revenue for campaigns without per-recipient data.`,
    );
  }
  return notes;
}

interface Lookups {
  campaigns: Map<string, { name: string; channel: string; status: string; date: string | null }>;
  batches: Map<string, string | null>;
  retailers: Map<string, { name: string; region: string | null }>;
}

async function lookups(db: WorkspaceDb, dim: CampaignGrouping): Promise<Lookups> {
  const out: Lookups = { campaigns: new Map(), batches: new Map(), retailers: new Map() };
  const cs = await db.query(
    `SELECT id::text AS id, name, channel, status,
            coalesce(start_date, scheduled_send_time, created_at) AS campaign_date
       FROM campaigns`,
  );
  for (const r of cs.rows) {
    out.campaigns.set(String(r['id']), {
      name: String(r['name']),
      channel: String(r['channel']),
      status: String(r['status']),
      date: text(r['campaign_date']),
    });
  }
  if (dim === 'batch') {
    const bs = await db.query(`SELECT id::text AS id, coalesce(name, subject) AS name FROM send_batches`);
    for (const r of bs.rows) out.batches.set(String(r['id']), text(r['name']));
  }
  if (dim === 'retailer') {
    const rs = await db.query(`SELECT id::text AS id, name, region FROM retailers`);
    for (const r of rs.rows)
      out.retailers.set(String(r['id']), { name: String(r['name']), region: text(r['region']) });
  }
  return out;
}

function keyOf(dim: CampaignGrouping, k1: string | null, k2: string | null, l: Lookups): PerformanceKey {
  const campaign = (id: string | null): PerformanceKey => {
    const c = id === null ? undefined : l.campaigns.get(id);
    return { campaignId: id ?? '', campaignName: c?.name ?? '', channel: c?.channel ?? '' };
  };
  switch (dim) {
    case 'campaign':
      return campaign(k1);
    case 'batch':
      return { ...campaign(k1), batchId: k2, batchName: k2 === null ? null : (l.batches.get(k2) ?? null) };
    case 'variant':
      return { ...campaign(k1), variant: k2 };
    case 'retailer': {
      const r = k1 === null ? undefined : l.retailers.get(k1);
      return { retailerId: k1, retailerName: r?.name ?? null, region: r?.region ?? null };
    }
    case 'region':
      return { region: k1 };
    case 'channel':
      return { channel: k1 ?? '' };
  }
}

/** Row order: campaigns by revenue, then name, then id; other groupings by their names, unknown last. */
function compareRows(dim: CampaignGrouping, a: PerformanceRow, b: PerformanceRow): number {
  const ka = a.key;
  const kb = b.key;
  switch (dim) {
    case 'campaign':
      return (
        compareDescNullLast(a.revenue, b.revenue) ||
        compareText(ka.campaignName ?? '', kb.campaignName ?? '') ||
        compareText(ka.campaignId ?? '', kb.campaignId ?? '')
      );
    case 'batch':
    case 'variant':
      return (
        compareText(ka.campaignName ?? '', kb.campaignName ?? '') ||
        compareText(ka.campaignId ?? '', kb.campaignId ?? '') ||
        (dim === 'batch'
          ? compareNullableText(ka.batchName, kb.batchName) || compareNullableText(ka.batchId, kb.batchId)
          : compareNullableText(ka.variant, kb.variant))
      );
    case 'retailer':
      return (
        compareNullableText(ka.retailerName, kb.retailerName) ||
        compareNullableText(ka.retailerId, kb.retailerId)
      );
    case 'region':
      return compareNullableText(ka.region, kb.region);
    case 'channel':
      return compareText(ka.channel ?? '', kb.channel ?? '');
  }
}

/**
 * Campaign performance grouped by campaign (default), send batch, A/B variant,
 * retailer, region or channel. Rows add up to the totals: revenue that cannot
 * be traced to a batch, variant or retailer is in a row whose key is null.
 */
export async function campaignPerformance(
  db: WorkspaceDb,
  options: PerformanceOptions = {},
): Promise<PerformanceResult> {
  const dim = grouping(options.groupBy);
  const n = normalise(options);
  const spendAllocated = !n.customerIds && (dim === 'campaign' || dim === 'channel');
  const { currency } = await workspaceSettings(db);
  const q = buildPerformanceQuery({
    dimension: dim,
    revenue: n.revenue,
    windowDays: n.windowDays,
    ...(n.campaignIds ? { campaignIds: n.campaignIds } : {}),
    ...(n.customerIds ? { customerIds: n.customerIds } : {}),
  });
  const res = await db.query(q.sql, q.params);
  const l = await lookups(db, dim);
  const raws = res.rows.map((r) => ({
    k1: text(r['k1']),
    k2: text(r['k2']),
    raw: rawOf(r, spendAllocated),
  }));
  const total = sumRaw(
    raws.map((r) => r.raw),
    spendAllocated,
  );
  const marked = total.machineOnlyOpens > 0;
  const rows: PerformanceRow[] = raws.map(({ k1, k2, raw }) => {
    const row: PerformanceRow = { key: keyOf(dim, k1, k2, l), ...toFigures(raw, marked) };
    if (dim === 'campaign' && k1 !== null) {
      const c = l.campaigns.get(k1);
      if (c) {
        if (c.date !== null) row.campaignDate = c.date;
        row.campaignStatus = c.status;
      }
    }
    return row;
  });
  rows.sort((a, b) => compareRows(dim, a, b));
  return {
    groupBy: dim,
    revenue: n.revenue,
    attributionWindowDays: n.windowDays,
    currency,
    segment: n.customerIds !== undefined,
    machineOpensMarked: marked,
    rows,
    totals: toFigures(total, marked),
    notes: notesFor(n, spendAllocated, dim),
  };
}

/**
 * The same figures per day, ISO week or month in the workspace time zone. Each
 * figure is dated by its own event: sends by send time, revenue by order or
 * conversion time, ad spend by its day, a report by its period (a whole-campaign
 * report by the campaign's start). Spend without dates of its own is in `undated`.
 */
export async function campaignTimeSeries(
  db: WorkspaceDb,
  options: TimeSeriesOptions = {},
): Promise<TimeSeriesResult> {
  const unit = timeUnit(options.unit);
  const n = normalise(options);
  const from = localDay(options.from, 'from');
  const to = localDay(options.to, 'to');
  if (from !== undefined && to !== undefined && from > to) {
    fail(
      'invalid-argument',
      'The time series starts after it ends: choose a "from" day on or before the "to" day.',
      {
        from,
        to,
      },
    );
  }
  const spendAllocated = !n.customerIds;
  const { timeZone, currency } = await workspaceSettings(db);
  const q = buildPerformanceQuery({
    dimension: 'period',
    revenue: n.revenue,
    windowDays: n.windowDays,
    unit,
    timeZone,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(n.campaignIds ? { campaignIds: n.campaignIds } : {}),
    ...(n.customerIds ? { customerIds: n.customerIds } : {}),
  });
  const res = await db.query(q.sql, q.params);
  const dated = res.rows.filter((r) => r['period'] !== null);
  const undatedRows = res.rows.filter((r) => r['period'] === null).map((r) => rawOf(r, spendAllocated));
  const raws = dated.map((r) => rawOf(r, spendAllocated));
  const marked = sumRaw([...raws, ...undatedRows], spendAllocated).machineOnlyOpens > 0;
  return {
    unit,
    timeZone,
    revenue: n.revenue,
    attributionWindowDays: n.windowDays,
    currency,
    segment: n.customerIds !== undefined,
    machineOpensMarked: marked,
    points: dated.map((r, i) => ({
      period: String(r['period']),
      start: String(r['period_start']),
      ...toFigures(raws[i] ?? sumRaw([], spendAllocated), marked),
    })),
    undated: toFigures(sumRaw(undatedRows, spendAllocated), marked),
    notes: notesFor(n, spendAllocated, 'period'),
  };
}
