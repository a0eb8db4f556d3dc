/**
 * Result shapes of the scoring, RFM and CLV runs, free of platform imports so
 * every shell (the renderer included) can use them.
 */
import type { BgNbdParams, FitReport, GammaGammaParams, HoldoutComparison } from '../clv/types';

export const LIFECYCLE_STAGES = ['new', 'activated', 'engaged', 'at_risk', 'churned', 'reactivated'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export interface CalibrationBin {
  /** Predictions p with lower ≤ p < upper (the last bin includes 1). */
  lower: number;
  upper: number;
  count: number;
  /** Null for an empty bin. */
  meanPredicted: number | null;
  observedRate: number | null;
}

export interface ConversionModelReport {
  status: 'fitted' | 'not_enough_data';
  message: string;
  horizonDays: number;
  target: string;
  features: string[];
  trainedOn: { featuresAt: string; outcomeUntil: string; people: number; positives: number };
  holdout: {
    featuresAt: string;
    outcomeUntil: string;
    people: number;
    positives: number;
    /** Area under the ROC curve on the holdout (0.5 = chance); null when it has one class only. */
    auc: number | null;
    brier: number;
    /** The Brier score of always predicting the holdout's base rate, for comparison. */
    baseRateBrier: number;
    expectedCalibrationError: number;
    calibration: CalibrationBin[];
  } | null;
  /** Standardised coefficients (comparable across features), strongest first. */
  weights: { feature: string; weight: number }[];
}

export interface ScoreRunSummary {
  asOf: string;
  people: number;
  engagement: { mean: number | null; buckets: { from: number; to: number; people: number }[] };
  churnRisk: { mean: number | null; high: number; medium: number; low: number };
  lifecycle: Record<LifecycleStage, number>;
  lead: { ruleSetVersion: number; ruleSetName: string; mean: number | null; actions: Record<string, number> };
  rfm: { scored: number; segments: Record<string, number> };
  conversionModel: ConversionModelReport;
  /** Customer rows whose scores changed. */
  updated: number;
  timingsMs: { read: number; compute: number; write: number };
}

export interface ClvRequest {
  /** Last day of the calibration period (YYYY-MM-DD, workspace time zone). */
  calibrationEnd: string;
  /** Value purchases over this many days after the data's end (default 365). */
  horizonDays?: number;
  /** Annual discount rate (default 0.1). */
  annualDiscountRate?: number;
}

export interface ClvResult {
  modelId: string;
  calibrationEnd: string;
  /** Where the holdout ends: the data's end (null when the calibration period reaches it). */
  observationEnd: string | null;
  horizonDays: number;
  annualDiscountRate: number;
  customers: number;
  repeatCustomers: number;
  bgnbd: { params: BgNbdParams; report: FitReport };
  gammaGamma: {
    params: GammaGammaParams;
    report: FitReport;
    meanSpend: number | null;
    frequencySpendCorrelation: number;
  };
  holdout: HoldoutComparison | null;
  /** Summed over customers. */
  totals: { expectedPurchases: number; clv: number; meanPAlive: number };
  top: { customerId: string; clv: number; pAlive: number; expectedPurchases: number }[];
  warnings: string[];
}
