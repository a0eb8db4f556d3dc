/**
 * Campaign performance as the contract carries it. The shapes are defined next to
 * the code that computes them (core/analytics/campaigns/types.ts, free of any
 * platform import); docs/campaign-performance.md defines every figure.
 */
import type {
  AbTestOptions,
  LeaderboardOptions,
  PerformanceOptions,
  RecommendationOptions,
  TimeSeriesOptions,
} from '../analytics/campaigns/types';

export type {
  AbDecision,
  AbMetric,
  AbTestResult,
  CampaignRecommendations,
  LeaderboardEntry,
  LeaderboardResult,
  PerformanceFigures,
  PerformanceResult,
  PerformanceRow,
  Recommendation,
  RecommendationsResult,
  TimeSeriesPoint,
  TimeSeriesResult,
  VariantComparison,
} from '../analytics/campaigns/types';

/** Every campaign analysis names its workspace and may be restricted to a segment's members. */
interface Scope {
  workspace: string;
  segmentId?: string;
}

export type CampaignPerformanceArgs = Scope & Omit<PerformanceOptions, 'customerIds'>;
export type CampaignTimeSeriesArgs = Scope & Omit<TimeSeriesOptions, 'customerIds'>;
export type CampaignLeaderboardArgs = Scope & Omit<LeaderboardOptions, 'customerIds'>;
export type CampaignAbTestArgs = Omit<Scope, 'segmentId'> & AbTestOptions;
export type CampaignRecommendationArgs = Omit<Scope, 'segmentId'> & RecommendationOptions;
