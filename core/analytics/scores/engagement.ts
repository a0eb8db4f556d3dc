import { days, elapsedDays, requireCount, requireNow, requireTime } from './time';

/**
 * Engagement score 0–100 after cdp-schema.md's `calculate_engagement_score`:
 * recency of last activity (up to 40), events in the last 30 days (up to 30) and
 * orders (up to 30). See docs/scores.md for where Loupe departs from the document.
 */

export interface EngagementInput {
  /** When the customer was last seen (customers.last_seen_at), epoch ms; null if never. */
  lastSeenAt: number | null;
  /** Events with occurred_at in (now − 30 × 24 h, now]. */
  eventsLast30Days: number;
  /** Lifetime order count (customers.total_orders), as the document uses it. */
  totalOrders: number;
}

export interface EngagementScore {
  score: number;
  breakdown: { recency: number; frequency: number; purchases: number };
  /** One sentence per component, in breakdown order. */
  reasons: string[];
}

export interface Tier {
  /** Inclusive bound: at most this many days (recency) or at least this many (counts). */
  bound: number;
  points: number;
}

/** Days since last seen → points; the first tier whose bound is ≥ the days wins. */
export const ENGAGEMENT_RECENCY_TIERS: readonly Tier[] = [
  { bound: 1, points: 40 },
  { bound: 7, points: 30 },
  { bound: 30, points: 20 },
  { bound: 90, points: 10 },
];

/** Events in the last 30 days → points; the first tier whose bound is ≤ the count wins. */
export const ENGAGEMENT_EVENT_TIERS: readonly Tier[] = [
  { bound: 50, points: 30 },
  { bound: 20, points: 20 },
  { bound: 5, points: 10 },
  { bound: 1, points: 5 },
];

/** Lifetime orders → points; the first tier whose bound is ≤ the count wins. */
export const ENGAGEMENT_ORDER_TIERS: readonly Tier[] = [
  { bound: 5, points: 30 },
  { bound: 2, points: 20 },
  { bound: 1, points: 10 },
];

export function tierAtMost(tiers: readonly Tier[], value: number): number {
  return tiers.find((t) => value <= t.bound)?.points ?? 0;
}

export function tierAtLeast(tiers: readonly Tier[], value: number): number {
  return tiers.find((t) => value >= t.bound)?.points ?? 0;
}

export function engagementScore(input: EngagementInput, now: number): EngagementScore {
  requireNow(now);
  requireTime('lastSeenAt', input.lastSeenAt);
  requireCount('eventsLast30Days', input.eventsLast30Days);
  requireCount('totalOrders', input.totalOrders);

  const reasons: string[] = [];
  let recency = 0;
  if (input.lastSeenAt === null) {
    // The document compares NULL days and so falls through every tier: no recency points.
    reasons.push('Never seen: 0 of 40 recency points.');
  } else {
    const d = elapsedDays(input.lastSeenAt, now);
    recency = tierAtMost(ENGAGEMENT_RECENCY_TIERS, d);
    reasons.push(`Last seen ${d === 0 ? 'less than a day' : days(d)} ago: ${recency} of 40 recency points.`);
  }

  const frequency = tierAtLeast(ENGAGEMENT_EVENT_TIERS, input.eventsLast30Days);
  reasons.push(`${input.eventsLast30Days} events in the last 30 days: ${frequency} of 30 activity points.`);

  const purchases = tierAtLeast(ENGAGEMENT_ORDER_TIERS, input.totalOrders);
  reasons.push(`${input.totalOrders} orders in total: ${purchases} of 30 purchase points.`);

  // The tiers top out at exactly 100; the cap keeps that true if the tiers are ever edited.
  return {
    score: Math.min(100, recency + frequency + purchases),
    breakdown: { recency, frequency, purchases },
    reasons,
  };
}
