export { computeFunnel } from './funnel';
export { EMAIL_EVENT_TYPES, emailFunnelSteps } from './email';
export { DEFAULT_WINDOW_DAYS, MAX_STEPS, MIN_STEPS } from './plan';
export { NONE_LABEL } from './breakdown';
export { ORDER_STEP } from './types';
export type {
  FunnelBreakdown,
  FunnelBreakdownRow,
  FunnelOptions,
  FunnelOrder,
  FunnelResult,
  FunnelStep,
  FunnelStepResult,
  FunnelTable,
} from './types';
