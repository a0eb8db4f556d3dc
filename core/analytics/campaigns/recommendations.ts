import type { WorkspaceDb } from '../../db/workspace-db';
import { compareText } from './metrics';
import { numberIn, uuidList } from './options';
import { campaignPerformance } from './performance';
import type { PerformanceRow } from './types';
import type {
  Baseline,
  CampaignRecommendations,
  MetricSnapshot,
  Recommendation,
  RecommendationOptions,
  RecommendationThresholds,
  RecommendationsResult,
  SkippedCheck,
} from './types';
export type {
  Baseline,
  CampaignRecommendations,
  MetricSnapshot,
  Recommendation,
  RecommendationKind,
  RecommendationMetric,
  RecommendationOptions,
  RecommendationThresholds,
  RecommendationsResult,
  SkippedCheck,
} from './types';

/**
 * Recommendations in the manner of marketing-analytics-design.md's
 * optimize_campaign_performance: a campaign is compared with its baseline, the
 * mean of the previous campaigns of the same channel (the document compares a
 * day with the campaign's own last 7 days; a campaign's own history is one send
 * for most email campaigns, so Loupe compares campaigns):
 *   open rate  < baseline × 0.8 → optimise subject lines  (low risk)
 *   click rate < baseline × 0.9 → improve content and CTAs (medium risk)
 *   CPA        > baseline × 1.2 → refine the audience      (medium risk)
 *   none of these               → consider scaling         (low risk)
 * The factors are the document's and can be changed. Expected improvement is the
 * document's: the gap to the baseline in percent of it (5 for scaling).
 */

export const DEFAULT_THRESHOLDS: RecommendationThresholds = {
  openRateRatio: 0.8,
  clickRateRatio: 0.9,
  cpaRatio: 1.2,
};
export const DEFAULT_BASELINE_CAMPAIGNS = 5;
export const DEFAULT_MIN_DELIVERED = 100;

/** Rounding in baseline × ratio must not push a value sitting on the line across it. */
const below = (value: number, limit: number): boolean => value < limit - 1e-12 * Math.abs(limit);
const above = (value: number, limit: number): boolean => value > limit + 1e-12 * Math.abs(limit);

function mean(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : known.reduce((s, v) => s + v, 0) / known.length;
}

/** The mean of each metric over the baseline campaigns; rates only from campaigns with enough deliveries. */
export function baselineOf(
  rows: readonly (MetricSnapshot & { campaignId: string })[],
  minDelivered: number,
): Baseline {
  const big = rows.filter((r) => r.delivered >= minDelivered);
  return {
    campaignIds: rows.map((r) => r.campaignId),
    openRate: mean(big.map((r) => r.openRate)),
    clickRate: mean(big.map((r) => r.clickRate)),
    cpa: mean(rows.map((r) => r.cpa)),
  };
}

/** Pure: the recommendations for one campaign given its baseline. */
export function recommend(
  current: MetricSnapshot,
  baseline: Omit<Baseline, 'campaignIds'>,
  thresholds: RecommendationThresholds = DEFAULT_THRESHOLDS,
  minDelivered = DEFAULT_MIN_DELIVERED,
): { recommendations: Recommendation[]; skipped: SkippedCheck[] } {
  const recommendations: Recommendation[] = [];
  const skipped: SkippedCheck[] = [];
  let checked = 0;
  const rateCheck = (
    metric: 'open_rate' | 'click_rate',
    value: number | null,
    base: number | null,
    ratio: number,
    make: (gap: number) => Recommendation,
  ): void => {
    if (current.delivered < minDelivered) {
      skipped.push({
        metric,
        reason: `fewer than ${minDelivered} delivered messages: too few to judge a rate`,
      });
    } else if (value === null) {
      skipped.push({ metric, reason: 'the campaign has no value for it' });
    } else if (base === null || base <= 0) {
      skipped.push({ metric, reason: 'no earlier campaign of this channel to compare with' });
    } else {
      checked++;
      if (below(value, base * ratio)) recommendations.push(make(((base - value) / base) * 100));
    }
  };
  rateCheck('open_rate', current.openRate, baseline.openRate, thresholds.openRateRatio, (gap) => ({
    kind: 'subject-lines',
    title: 'Optimize subject lines',
    metric: 'open_rate',
    current: current.openRate,
    baseline: baseline.openRate,
    ratio: thresholds.openRateRatio,
    limit: (baseline.openRate ?? 0) * thresholds.openRateRatio,
    expectedImprovement: gap,
    risk: 'low',
    steps: [
      'Analyze top-performing subject lines from similar campaigns',
      'A/B test new subject line variations',
      'Implement emoji and personalization in subject lines',
    ],
  }));
  rateCheck('click_rate', current.clickRate, baseline.clickRate, thresholds.clickRateRatio, (gap) => ({
    kind: 'content-and-cta',
    title: 'Improve email content and CTAs',
    metric: 'click_rate',
    current: current.clickRate,
    baseline: baseline.clickRate,
    ratio: thresholds.clickRateRatio,
    limit: (baseline.clickRate ?? 0) * thresholds.clickRateRatio,
    expectedImprovement: gap,
    risk: 'medium',
    steps: [
      'Review and optimize call-to-action buttons',
      'Test different content layouts and designs',
      'Personalize content based on recipient segments',
    ],
  }));
  if (current.cpa === null) {
    skipped.push({ metric: 'cpa', reason: 'no cost per acquisition: no spend or no conversions' });
  } else if (baseline.cpa === null || baseline.cpa <= 0) {
    skipped.push({
      metric: 'cpa',
      reason: 'no earlier campaign of this channel with a cost per acquisition',
    });
  } else {
    checked++;
    if (above(current.cpa, baseline.cpa * thresholds.cpaRatio)) {
      recommendations.push({
        kind: 'audience',
        title: 'Refine target audience',
        metric: 'cpa',
        current: current.cpa,
        baseline: baseline.cpa,
        ratio: thresholds.cpaRatio,
        limit: baseline.cpa * thresholds.cpaRatio,
        expectedImprovement: ((current.cpa - baseline.cpa) / baseline.cpa) * 100,
        risk: 'medium',
        steps: [
          'Analyze audience engagement patterns',
          'Remove underperforming segments',
          'Add lookalike audiences from high-converters',
        ],
      });
    }
  }
  if (checked > 0 && recommendations.length === 0) {
    recommendations.push({
      kind: 'scale',
      title: 'Campaign performing well - consider scale',
      metric: null,
      current: null,
      baseline: null,
      ratio: null,
      limit: null,
      expectedImprovement: 5,
      risk: 'low',
      steps: [
        'Increase budget allocation',
        'Expand to additional audience segments',
        'Test new creative variations',
      ],
    });
  }
  return { recommendations, skipped };
}

function snapshot(r: PerformanceRow): MetricSnapshot {
  return { openRate: r.openRate, clickRate: r.clickRate, cpa: r.cpa, delivered: r.delivered };
}

/** Earlier first: by campaign date, then id. */
function chronological(a: PerformanceRow, b: PerformanceRow): number {
  return (
    compareText(a.campaignDate ?? '', b.campaignDate ?? '') ||
    compareText(a.key.campaignId ?? '', b.key.campaignId ?? '')
  );
}

export async function campaignRecommendations(
  db: WorkspaceDb,
  options: RecommendationOptions = {},
): Promise<RecommendationsResult> {
  const n = numberIn(options.baselineCampaigns, 'baselineCampaigns', DEFAULT_BASELINE_CAMPAIGNS, 1, 1000, {
    integer: true,
  });
  const minDelivered = numberIn(options.minDelivered, 'minDelivered', DEFAULT_MIN_DELIVERED, 0, 1e9, {
    integer: true,
  });
  const t = options.thresholds ?? {};
  const thresholds: RecommendationThresholds = {
    openRateRatio: numberIn(t.openRateRatio, 'openRateRatio', DEFAULT_THRESHOLDS.openRateRatio, 0, 1),
    clickRateRatio: numberIn(t.clickRateRatio, 'clickRateRatio', DEFAULT_THRESHOLDS.clickRateRatio, 0, 1),
    cpaRatio: numberIn(t.cpaRatio, 'cpaRatio', DEFAULT_THRESHOLDS.cpaRatio, 1, 100),
  };
  // Baselines need every campaign of the channel, not only those asked about.
  const all = await campaignPerformance(db, {
    groupBy: 'campaign',
    ...(options.revenue !== undefined ? { revenue: options.revenue } : {}),
    ...(options.attributionWindowDays !== undefined
      ? { attributionWindowDays: options.attributionWindowDays }
      : {}),
  });
  const rows = [...all.rows].sort(chronological);
  const ids = uuidList(options.campaignIds, 'campaignIds');
  const wanted = ids ? new Set(ids) : null;
  const campaigns: CampaignRecommendations[] = [];
  rows.forEach((row, i) => {
    const id = row.key.campaignId ?? '';
    if (wanted && !wanted.has(id)) return;
    if (row.source === 'none' && row.cpa === null) return;
    const earlier = rows
      .slice(0, i)
      .filter(
        (r) =>
          r.key.channel === row.key.channel &&
          (r.campaignDate ?? '') < (row.campaignDate ?? '') &&
          (r.sent > 0 || r.cpa !== null),
      )
      .slice(-n);
    const baseline = baselineOf(
      earlier.map((r) => ({ campaignId: r.key.campaignId ?? '', ...snapshot(r) })),
      minDelivered,
    );
    const current = snapshot(row);
    campaigns.push({
      campaignId: id,
      campaignName: row.key.campaignName ?? '',
      channel: row.key.channel ?? '',
      current,
      baseline,
      ...recommend(current, baseline, thresholds, minDelivered),
    });
  });
  return { thresholds, baselineCampaigns: n, minDelivered, campaigns };
}
