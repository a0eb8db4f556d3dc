export {
  AB_METRICS,
  campaignAbTest,
  decideAbTest,
  DEFAULT_ALPHA,
  DEFAULT_MIN_SAMPLE,
  metricCounts,
  twoProportionZTest,
} from './ab-test';
export type {
  AbDecision,
  AbDecisionOptions,
  AbMetric,
  AbReason,
  AbTestOptions,
  AbTestResult,
  TwoProportionTest,
  VariantComparison,
  VariantCounts,
} from './ab-test';
export { compareLeaderboard, rankRows, retailerLeaderboard } from './leaderboard';
export type {
  LeaderboardEntry,
  LeaderboardMetric,
  LeaderboardOptions,
  LeaderboardResult,
} from './leaderboard';
export { performanceTier, ratio } from './metrics';
export { erf, erfc, normalCdf, twoSidedNormalP } from './normal';
export { DEFAULT_ATTRIBUTION_WINDOW_DAYS } from './options';
export { campaignPerformance, campaignTimeSeries } from './performance';
export {
  baselineOf,
  campaignRecommendations,
  DEFAULT_BASELINE_CAMPAIGNS,
  DEFAULT_MIN_DELIVERED,
  DEFAULT_THRESHOLDS,
  recommend,
} from './recommendations';
export type {
  Baseline,
  CampaignRecommendations,
  MetricSnapshot,
  Recommendation,
  RecommendationKind,
  RecommendationMetric,
  RecommendationOptions,
  RecommendationsResult,
  RecommendationThresholds,
  SkippedCheck,
} from './recommendations';
export type * from './types';
