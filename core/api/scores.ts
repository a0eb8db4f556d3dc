/**
 * Scores, RFM and CLV as the contract carries them. The shapes are defined next
 * to the code that computes them (core/analytics/scores/types.ts); docs/scores.md
 * and docs/clv.md explain every figure.
 */
export type {
  ClvRequest,
  ClvResult,
  ConversionModelReport,
  LifecycleStage,
  ScoreRunSummary,
} from '../analytics/scores/types';

/** RFM of a workspace's buyers as of a day: the R × F grid and every named segment (docs/scores.md). */
export interface RfmAnswer {
  asOf: string;
  buyers: number;
  monetary: number;
  /** All 25 cells, R from 5 down to 1, then F from 1 up to 5. */
  cells: { r: number; f: number; customers: number; monetary: number }[];
  segments: { segment: string; label: string; customers: number; monetary: number }[];
}

export interface LeadRuleSetInfo {
  /** The rule set as data: version, name, rules, groupCaps, thresholds (docs/scores.md). */
  ruleSet: Record<string, unknown>;
  active: boolean;
  savedAt: string | null;
  note: string | null;
}

export interface LifecycleRulesInfo {
  rules: {
    activationMinOrders: number;
    engagedWithinDays: number;
    engagedMinScore: number;
    atRiskAfterDays: number;
    churnedAfterDays: number;
    inactivityBasis: 'activity' | 'orders';
  };
  /** False while Loupe's defaults apply. */
  custom: boolean;
}
