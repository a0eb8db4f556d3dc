import type { PersonMask } from '../activity/types';

/** The pseudo-step that stands for a row in orders (a purchase), not an event type. */
export const ORDER_STEP = 'order';

/**
 * One funnel step: an event type (Activity.events.types), or 'order' for a row in orders.
 * `campaignId` (an Activity.campaigns id) keeps only that campaign's events of the type;
 * orders carry no campaign, so it cannot be set on an 'order' step.
 */
export interface FunnelStep {
  type: string;
  campaignId?: string;
}

/**
 * How the steps must follow each other inside one attempt:
 * - 'sequential': each step after the previous one; other events may happen in between.
 * - 'strict': each step is the person's very next event after the previous step; any other
 *   event in between breaks the attempt (orders count as events of type 'order' when 'order'
 *   is a step, and are ignored otherwise).
 * - 'any': the steps in any order inside the window that starts at step 1.
 */
export type FunnelOrder = 'sequential' | 'strict' | 'any';

export type FunnelBreakdown =
  /** The campaign of the counted attempt's step-1 event. */
  | { by: 'campaign' }
  /** The channel of the counted attempt's step-1 event. */
  | { by: 'channel' }
  /** The person's country. */
  | { by: 'country' }
  /** Named segments; a person in several segments is counted in each of them. */
  | { by: 'segments'; segments: { name: string; mask: PersonMask }[] };

export interface FunnelOptions {
  /** 2–20 steps, in funnel order. A bare string is a step without a campaign. */
  steps: (string | FunnelStep)[];
  order?: FunnelOrder;
  /** Conversion window in milliseconds. Give this or `windowDays`; neither means 30 days. */
  windowMs?: number;
  /** Conversion window in days of exactly 24 hours. */
  windowDays?: number;
  /** Only these people are counted (a segment); length people.count. */
  mask?: PersonMask;
  /** Only attempts whose step 1 happens at or after this time (epoch ms) count. */
  from?: number;
  /** Only attempts whose step 1 happens before this time (epoch ms, exclusive) count. */
  to?: number;
  breakdown?: FunnelBreakdown;
}

export interface FunnelStepResult {
  /** 0-based position in the funnel. */
  index: number;
  type: string;
  campaignId: string | null;
  /** The event type, with the campaign's name in parentheses when the step is restricted to one. */
  label: string;
  /** People whose counted attempt reached this step. */
  people: number;
  /** people / people at step 1; null (never NaN) when nobody reached step 1. */
  conversionFromStart: number | null;
  /** people / people at the previous step; null for step 1 and when nobody reached the previous step. */
  conversionFromPrevious: number | null;
  /** People who reached the previous step but not this one; 0 for step 1. */
  dropOff: number;
  /** dropOff / people at the previous step; null for step 1 and when nobody reached the previous step. */
  dropOffRate: number | null;
  /**
   * Median over the people who reached this step of the time (ms) between completing the previous
   * step and completing this one in their counted attempt; an even count takes the mean of the two
   * middle values. Null for step 1 and when nobody reached this step.
   */
  medianMsFromPrevious: number | null;
}

export interface FunnelTable {
  /** People counted at step 1. */
  entered: number;
  /** People who completed every step. */
  completed: number;
  /** completed / entered; null (never NaN) when entered is 0. */
  conversionRate: number | null;
  steps: FunnelStepResult[];
}

export interface FunnelBreakdownRow extends FunnelTable {
  /** Campaign id, channel, country or segment name; null for the '(none)' row. */
  key: string | null;
  /** What to show: campaign name, channel, country, segment name, or '(none)'. */
  label: string;
}

export interface FunnelResult {
  /** The options as applied (defaults filled in). */
  options: {
    steps: { type: string; campaignId: string | null; label: string }[];
    order: FunnelOrder;
    windowMs: number;
    from: number | null;
    to: number | null;
    masked: boolean;
    breakdown: FunnelBreakdown['by'] | null;
  };
  overall: FunnelTable;
  /** Sorted by people at step 1 (descending), then label, then key; null without a breakdown. */
  breakdown: FunnelBreakdownRow[] | null;
}
