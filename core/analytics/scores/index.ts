export {
  churnRisk,
  CHURN_CONTACT_STATUS,
  CHURN_DROP,
  CHURN_INACTIVITY,
  CHURN_LEVELS,
  CHURN_OVERDUE,
} from './churn';
export type { ChurnBreakdown, ChurnInput, ChurnLevel, ChurnScore, ContactStatus } from './churn';
export {
  ENGAGEMENT_EVENT_TIERS,
  ENGAGEMENT_ORDER_TIERS,
  ENGAGEMENT_RECENCY_TIERS,
  engagementScore,
} from './engagement';
export type { EngagementInput, EngagementScore, Tier } from './engagement';
export {
  DEFAULT_LEAD_RULES,
  diffRuleSets,
  LEAD_FEATURES,
  LEAD_GROUPS,
  LEAD_OPS,
  LEAD_TREND_MIN_CHANGE,
  leadAction,
  leadScore,
  leadScoreTrend,
  validateLeadRuleSet,
} from './lead-score';
export type {
  LeadAction,
  LeadActionName,
  LeadCondition,
  LeadFeatureName,
  LeadFeatures,
  LeadFeatureValue,
  LeadGroup,
  LeadOp,
  LeadRule,
  LeadScore,
  LeadScoreRuleSet,
  LeadThresholds,
  LeadTrend,
  RuleSetDiff,
} from './lead-score';
export {
  DEFAULT_LIFECYCLE_RULES,
  LIFECYCLE_STAGES,
  lifecycleStage,
  validateLifecycleRules,
} from './lifecycle';
export type { LifecycleFeatures, LifecycleResult, LifecycleRules, LifecycleStage } from './lifecycle';
export { auc, calibration, fitLogistic, predict } from './logistic';
export type {
  Calibration,
  CalibrationBin,
  LogisticFit,
  LogisticFitted,
  LogisticModel,
  LogisticOptions,
  LogisticRefused,
} from './logistic';
export { DAY_MS, elapsedDays } from './time';
