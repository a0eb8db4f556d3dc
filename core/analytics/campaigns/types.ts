/**
 * Campaign performance: what a campaign, a send batch, an A/B variant, a
 * retailer, a region, a channel or a period sent, what came of it and what it
 * cost. Every rate is a ratio of sums and is `null` (never NaN, never 0) when
 * its denominator is 0. Money is in the workspace currency, in units (not cents).
 */

/** Which revenue a result counts. */
export type RevenueBasis = 'linked' | 'email-attributed';

/** Where a row's send and engagement figures came from. */
export type FigureSource =
  /** per-recipient rows (message_deliveries) */
  | 'deliveries'
  /** an ESP report's campaign figures (campaign_reported_stats), for campaigns without per-recipient rows */
  | 'reported'
  /** a row covering campaigns of both kinds (a channel, a period) */
  | 'mixed'
  /** no send figures at all (an ads-only or draft campaign, or nothing in the segment) */
  | 'none';

/** Where a row's spend came from, in order of precedence per campaign. */
export type SpendSource =
  /** the campaign's ad_spend_daily rows */
  | 'ad-spend'
  /** campaigns.budget_spent, entered or imported, for campaigns without ad spend rows */
  | 'budget-spent'
  /** campaigns.cost_per_send × sent, for campaigns with neither */
  | 'cost-per-send'
  /** campaigns with different sources (a channel) */
  | 'mixed'
  /** no spend recorded: spend is 0 and ROI, ROAS and CPA are null */
  | 'none'
  /** spend is not known at this grain (a batch, a variant, a retailer, a region) or for a segment: spend is null */
  | 'not-allocated';

/** campaign-performance.md's ROI tiers: ≥ 100 % 'High ROI', ≥ 50 % 'Good ROI', otherwise (or without spend) 'Standard'. */
export type PerformanceTier = 'High ROI' | 'Good ROI' | 'Standard';

export type CampaignGrouping = 'campaign' | 'batch' | 'variant' | 'retailer' | 'region' | 'channel';

export type TimeUnit = 'day' | 'week' | 'month';

export interface CampaignCounts {
  /** Deliveries recorded, whatever their status (an ESP report's recipients). */
  targeted: number;
  /** Messages handed to the receiving server: status sent, delivered, bounced or deferred. */
  sent: number;
  delivered: number;
  bounced: number;
  /** Soft bounces, including blocks. Bounces of unknown type are in `bounced` only. */
  softBounced: number;
  hardBounced: number;
  /** Delivered messages opened at least once. */
  uniqueOpens: number;
  /** Opened messages whose every recorded open was made by a mail client on its own (marked machine opens). */
  machineOnlyOpens: number;
  uniqueClicks: number;
  unsubscribes: number;
  complaints: number;
  /** Orders and conversions counted as revenue (see RevenueBasis), including zero-value leads. */
  conversions: number;
  /** Messages that led to at least one counted conversion (an ESP report's orders). */
  convertedRecipients: number;
  revenue: number;
  /** null where spend is not allocated (see SpendSource). */
  spend: number | null;
}

export interface CampaignRates {
  /** delivered / sent */
  deliveryRate: number | null;
  /** unique opens / delivered */
  openRate: number | null;
  /**
   * (unique opens − machine-only opens) / delivered; null when nothing in the result is marked as a
   * machine open, or the row has no per-recipient data.
   */
  openRateExcludingMachine: number | null;
  /** unique clicks / delivered */
  clickRate: number | null;
  /** unique clicks / unique opens */
  clickToOpenRate: number | null;
  /** converted recipients / delivered */
  conversionRate: number | null;
  /** bounced / sent */
  bounceRate: number | null;
  /** unsubscribes / delivered */
  unsubscribeRate: number | null;
  /** complaints / delivered */
  complaintRate: number | null;
  /** (revenue − spend) / spend, a fraction (1.24 = 124 %) */
  roi: number | null;
  /** revenue / spend */
  roas: number | null;
  /** spend / conversions; null without conversions or without recorded spend */
  cpa: number | null;
}

export interface PerformanceFigures extends CampaignCounts, CampaignRates {
  source: FigureSource;
  spendSource: SpendSource;
  tier: PerformanceTier;
}

/** What a row is about; fields not part of the grouping are absent. */
export interface PerformanceKey {
  campaignId?: string;
  campaignName?: string;
  /** The campaign's channel (campaigns.channel). */
  channel?: string;
  /** null: revenue not traceable to a batch (an order linked to the campaign only), or a report's figures. */
  batchId?: string | null;
  batchName?: string | null;
  /** null: deliveries without a variant, and revenue not traceable to one. */
  variant?: string | null;
  /** null: deliveries and revenue without a retailer. */
  retailerId?: string | null;
  retailerName?: string | null;
  region?: string | null;
}

export interface PerformanceRow extends PerformanceFigures {
  key: PerformanceKey;
  /** For campaign rows: the campaign's date (start date, else scheduled send, else creation), ISO. */
  campaignDate?: string;
  campaignStatus?: string;
}

export interface PerformanceOptions {
  groupBy?: CampaignGrouping;
  /** Only these campaigns (default: all). */
  campaignIds?: string[];
  /** Only these people (a segment). Reported figures and spend cannot be split by person and are left out. */
  customerIds?: string[];
  /** Default 'linked'. */
  revenue?: RevenueBasis;
  /** Days after an email click in which an order is credited to it (default 7). */
  attributionWindowDays?: number;
}

export interface PerformanceResult {
  groupBy: CampaignGrouping;
  revenue: RevenueBasis;
  attributionWindowDays: number;
  currency: string;
  /** True when a segment restricted the result. */
  segment: boolean;
  /** True when some opens in the result are marked as made by a mail client on its own. */
  machineOpensMarked: boolean;
  rows: PerformanceRow[];
  totals: PerformanceFigures;
  notes: string[];
}

export interface TimeSeriesOptions {
  unit?: TimeUnit;
  campaignIds?: string[];
  customerIds?: string[];
  revenue?: RevenueBasis;
  attributionWindowDays?: number;
  /** First and last local day to show (YYYY-MM-DD, inclusive); default: the data's first and last period. */
  from?: string;
  to?: string;
}

export interface TimeSeriesPoint extends PerformanceFigures {
  /** '2024-03-05' (day), '2024-W10' (ISO week), '2024-03' (month). */
  period: string;
  /** The instant the period starts: local midnight in the workspace time zone, ISO. */
  start: string;
}

export interface TimeSeriesResult {
  unit: TimeUnit;
  timeZone: string;
  revenue: RevenueBasis;
  attributionWindowDays: number;
  currency: string;
  segment: boolean;
  machineOpensMarked: boolean;
  points: TimeSeriesPoint[];
  /** Figures without a date: deliveries never sent, undated conversions, whole-campaign spend and reports. */
  undated: PerformanceFigures;
  notes: string[];
}

export type AbMetric = 'open_rate' | 'click_rate' | 'conversion_rate' | 'click_to_open_rate';

export interface VariantCounts {
  name: string;
  /** Messages (or opens) that did the thing measured. */
  successes: number;
  /** The metric's denominator. */
  trials: number;
}

export interface TwoProportionTest {
  /** Pooled proportion (x1 + x2) / (n1 + n2). */
  pooled: number;
  /** Standard error under the null hypothesis, pooled. */
  standardError: number;
  /** (p2 − p1) / SE: positive when the second proportion is higher. null when SE is 0. */
  z: number | null;
  /** Two-sided. null when SE is 0 (no variation at all). */
  pValue: number | null;
}

export interface VariantComparison {
  variant: string;
  rate: number | null;
  controlRate: number | null;
  /** rate − control rate */
  difference: number | null;
  /** (rate − control rate) / control rate */
  relativeLift: number | null;
  z: number | null;
  pValue: number | null;
  /** p < the corrected alpha */
  significant: boolean;
}

export type AbReason =
  | 'significant'
  | 'fewer-than-two-variants'
  | 'sample-too-small'
  | 'too-few-events'
  | 'not-significant'
  | 'several-variants-beat-control'
  | 'mixed-results';

export interface AbDecision {
  status: 'winner' | 'inconclusive';
  winner: string | null;
  reason: AbReason;
  /** What the reason means, for a person. */
  explanation: string;
  control: string;
  alpha: number;
  /** alpha / number of comparisons (Bonferroni). */
  correctedAlpha: number;
  minSamplePerVariant: number;
  variants: (VariantCounts & { rate: number | null })[];
  comparisons: VariantComparison[];
}

export interface AbDecisionOptions {
  control: string;
  alpha?: number;
  minSamplePerVariant?: number;
}

export interface AbTestOptions {
  campaignId: string;
  /** Default: the campaign's ab_test_config.winning_metric, else open_rate. */
  metric?: AbMetric;
  /** Default: the first variant of ab_test_config.variants, else "A", else the first by name. */
  control?: string;
  alpha?: number;
  minSamplePerVariant?: number;
  /** For conversion_rate: which conversions count (default 'email-attributed'). */
  revenue?: RevenueBasis;
  attributionWindowDays?: number;
}

export interface AbTestResult extends AbDecision {
  campaignId: string;
  campaignName: string;
  metric: AbMetric;
  /** Where the metric came from: the option, the campaign's test configuration, or the default. */
  metricFrom: 'option' | 'campaign' | 'default';
  /** Delivered messages without a variant, left out of the test. */
  unassignedDelivered: number;
  rows: PerformanceRow[];
}

export type RecommendationKind = 'subject-lines' | 'content-and-cta' | 'audience' | 'scale';

export type RecommendationMetric = 'open_rate' | 'click_rate' | 'cpa';

export interface RecommendationThresholds {
  /** Open rate below baseline × this triggers subject-line work (default 0.8). */
  openRateRatio: number;
  /** Click rate below baseline × this triggers content work (default 0.9). */
  clickRateRatio: number;
  /** CPA above baseline × this triggers audience work (default 1.2). */
  cpaRatio: number;
}

export interface Recommendation {
  kind: RecommendationKind;
  title: string;
  /** The metric that triggered it; null for 'scale'. */
  metric: RecommendationMetric | null;
  current: number | null;
  baseline: number | null;
  /** The factor applied to the baseline. */
  ratio: number | null;
  /** baseline × ratio: the line the metric crossed. */
  limit: number | null;
  /** Percent. */
  expectedImprovement: number;
  risk: 'low' | 'medium';
  steps: string[];
}

export interface SkippedCheck {
  metric: RecommendationMetric;
  reason: string;
}

export interface MetricSnapshot {
  openRate: number | null;
  clickRate: number | null;
  cpa: number | null;
  delivered: number;
}

export interface Baseline {
  campaignIds: string[];
  openRate: number | null;
  clickRate: number | null;
  cpa: number | null;
}

export interface RecommendationOptions {
  /** The campaigns to advise on (default: all). */
  campaignIds?: string[];
  /** How many earlier campaigns of the same channel make the baseline (default 5). */
  baselineCampaigns?: number;
  /** Rates are judged only with at least this many delivered messages (default 100). */
  minDelivered?: number;
  thresholds?: Partial<RecommendationThresholds>;
  revenue?: RevenueBasis;
  attributionWindowDays?: number;
}

export interface CampaignRecommendations {
  campaignId: string;
  campaignName: string;
  channel: string;
  current: MetricSnapshot;
  baseline: Baseline;
  recommendations: Recommendation[];
  skipped: SkippedCheck[];
}

export interface RecommendationsResult {
  thresholds: RecommendationThresholds;
  baselineCampaigns: number;
  minDelivered: number;
  campaigns: CampaignRecommendations[];
}

export type LeaderboardMetric =
  'click_rate' | 'open_rate' | 'click_to_open_rate' | 'conversion_rate' | 'revenue';

export interface LeaderboardOptions extends Omit<PerformanceOptions, 'groupBy'> {
  by?: 'retailer' | 'region';
  /** Default 'click_rate', as the document ranks retailers. */
  rankBy?: LeaderboardMetric;
}

export interface LeaderboardEntry extends PerformanceRow {
  /** 1 for the first; tied rows get consecutive ranks in tie-break order. */
  rank: number;
}

export interface LeaderboardResult extends Omit<PerformanceResult, 'rows' | 'groupBy'> {
  by: 'retailer' | 'region';
  rankBy: LeaderboardMetric;
  entries: LeaderboardEntry[];
  /** Figures without a retailer (or region). */
  unassigned: PerformanceRow | null;
}
