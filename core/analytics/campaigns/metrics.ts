import type {
  CampaignCounts,
  CampaignRates,
  FigureSource,
  PerformanceFigures,
  PerformanceTier,
  SpendSource,
} from './types';

/**
 * A row's figures as summed: money in whole cents, so sums, ROI tiers and
 * ties are exact; where the figures came from, as flags that add up.
 */
export interface RawFigures {
  targeted: number;
  sent: number;
  delivered: number;
  bounced: number;
  softBounced: number;
  hardBounced: number;
  uniqueOpens: number;
  machineOnlyOpens: number;
  uniqueClicks: number;
  unsubscribes: number;
  complaints: number;
  conversions: number;
  convertedRecipients: number;
  revenueCents: number;
  /** null: not allocated at this grain. */
  spendCents: number | null;
  fromDeliveries: boolean;
  fromReported: boolean;
  /** The spend sources of the campaigns summed (empty: not allocated). */
  spendSources: readonly SpendSource[];
}

export function emptyRaw(spendAllocated: boolean): RawFigures {
  return {
    targeted: 0,
    sent: 0,
    delivered: 0,
    bounced: 0,
    softBounced: 0,
    hardBounced: 0,
    uniqueOpens: 0,
    machineOnlyOpens: 0,
    uniqueClicks: 0,
    unsubscribes: 0,
    complaints: 0,
    conversions: 0,
    convertedRecipients: 0,
    revenueCents: 0,
    spendCents: spendAllocated ? 0 : null,
    fromDeliveries: false,
    fromReported: false,
    spendSources: [],
  };
}

/** n / d, or null when d is not positive: a rate over nothing is unknown, not 0. */
export function ratio(n: number, d: number | null): number | null {
  return d !== null && d > 0 ? n / d : null;
}

/**
 * campaign-performance.md's tier on ROI in percent: ≥ 100 'High ROI', ≥ 50
 * 'Good ROI', else 'Standard', and 'Standard' without spend (as the document's
 * view has it). Compared in cents, so 100 % exactly is 'High ROI'.
 */
export function performanceTier(revenueCents: number, spendCents: number | null): PerformanceTier {
  if (spendCents === null || spendCents <= 0) return 'Standard';
  const profit = revenueCents - spendCents;
  if (profit >= spendCents) return 'High ROI';
  if (2 * profit >= spendCents) return 'Good ROI';
  return 'Standard';
}

export function figureSource(raw: Pick<RawFigures, 'fromDeliveries' | 'fromReported'>): FigureSource {
  if (raw.fromDeliveries && raw.fromReported) return 'mixed';
  if (raw.fromDeliveries) return 'deliveries';
  if (raw.fromReported) return 'reported';
  return 'none';
}

export function spendSource(raw: Pick<RawFigures, 'spendCents' | 'spendSources'>): SpendSource {
  if (raw.spendCents === null) return 'not-allocated';
  const kinds = new Set(raw.spendSources.filter((s) => s !== 'none'));
  if (kinds.size === 0) return 'none';
  if (kinds.size > 1) return 'mixed';
  return [...kinds][0] ?? 'none';
}

export function addRaw(a: RawFigures, b: RawFigures): RawFigures {
  return {
    targeted: a.targeted + b.targeted,
    sent: a.sent + b.sent,
    delivered: a.delivered + b.delivered,
    bounced: a.bounced + b.bounced,
    softBounced: a.softBounced + b.softBounced,
    hardBounced: a.hardBounced + b.hardBounced,
    uniqueOpens: a.uniqueOpens + b.uniqueOpens,
    machineOnlyOpens: a.machineOnlyOpens + b.machineOnlyOpens,
    uniqueClicks: a.uniqueClicks + b.uniqueClicks,
    unsubscribes: a.unsubscribes + b.unsubscribes,
    complaints: a.complaints + b.complaints,
    conversions: a.conversions + b.conversions,
    convertedRecipients: a.convertedRecipients + b.convertedRecipients,
    revenueCents: a.revenueCents + b.revenueCents,
    spendCents: a.spendCents === null || b.spendCents === null ? null : a.spendCents + b.spendCents,
    fromDeliveries: a.fromDeliveries || b.fromDeliveries,
    fromReported: a.fromReported || b.fromReported,
    spendSources: [...new Set([...a.spendSources, ...b.spendSources])].sort(),
  };
}

export function sumRaw(rows: readonly RawFigures[], spendAllocated: boolean): RawFigures {
  return rows.reduce(addRaw, emptyRaw(spendAllocated));
}

export function rates(raw: RawFigures, machineOpensMarked: boolean): CampaignRates {
  const spend = raw.spendCents;
  const perRecipient = raw.fromDeliveries;
  return {
    deliveryRate: ratio(raw.delivered, raw.sent),
    openRate: ratio(raw.uniqueOpens, raw.delivered),
    openRateExcludingMachine:
      machineOpensMarked && perRecipient
        ? ratio(raw.uniqueOpens - raw.machineOnlyOpens, raw.delivered)
        : null,
    clickRate: ratio(raw.uniqueClicks, raw.delivered),
    clickToOpenRate: ratio(raw.uniqueClicks, raw.uniqueOpens),
    conversionRate: ratio(raw.convertedRecipients, raw.delivered),
    bounceRate: ratio(raw.bounced, raw.sent),
    unsubscribeRate: ratio(raw.unsubscribes, raw.delivered),
    complaintRate: ratio(raw.complaints, raw.delivered),
    roi: spend === null ? null : ratio(raw.revenueCents - spend, spend),
    roas: spend === null ? null : ratio(raw.revenueCents, spend),
    // Without recorded spend a conversion did not cost 0: it cost an unknown amount.
    cpa: spend === null || spend <= 0 || raw.conversions <= 0 ? null : spend / 100 / raw.conversions,
  };
}

export function counts(raw: RawFigures): CampaignCounts {
  return {
    targeted: raw.targeted,
    sent: raw.sent,
    delivered: raw.delivered,
    bounced: raw.bounced,
    softBounced: raw.softBounced,
    hardBounced: raw.hardBounced,
    uniqueOpens: raw.uniqueOpens,
    machineOnlyOpens: raw.machineOnlyOpens,
    uniqueClicks: raw.uniqueClicks,
    unsubscribes: raw.unsubscribes,
    complaints: raw.complaints,
    conversions: raw.conversions,
    convertedRecipients: raw.convertedRecipients,
    revenue: raw.revenueCents / 100,
    spend: raw.spendCents === null ? null : raw.spendCents / 100,
  };
}

export function toFigures(raw: RawFigures, machineOpensMarked: boolean): PerformanceFigures {
  return {
    ...counts(raw),
    ...rates(raw, machineOpensMarked),
    source: figureSource(raw),
    spendSource: spendSource(raw),
    tier: performanceTier(raw.revenueCents, raw.spendCents),
  };
}

/** Code-unit order, so results never depend on the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Known before unknown, then ascending text: null keys (no batch, no retailer) sort last. */
export function compareNullableText(a: string | null | undefined, b: string | null | undefined): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  return compareText(a, b);
}

/** Descending, with null (unknown) after every number. */
export function compareDescNullLast(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return b - a;
}
