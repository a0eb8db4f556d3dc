import { fail } from '../../errors';
import { days, elapsedDays, requireCount, requireNow, requireTime } from './time';

/**
 * Lifecycle stage (cdp-schema.md customers.lifecycle_stage) from a customer's features,
 * their previous stage and configurable thresholds. The document names the six stages
 * but gives no rules; these are Loupe's, explained in docs/scores.md.
 */

import { LIFECYCLE_STAGES } from './types';
import type { LifecycleStage } from './types';

export { LIFECYCLE_STAGES } from './types';
export type { LifecycleStage } from './types';

export interface LifecycleRules {
  /** Orders that make a person activated (their first meaningful action). */
  activationMinOrders: number;
  /** Engaged: activated, active within this many days, and engagement score ≥ engagedMinScore. */
  engagedWithinDays: number;
  engagedMinScore: number;
  /** At risk: more than this many days without activity. */
  atRiskAfterDays: number;
  /** Churned: more than this many days without activity. */
  churnedAfterDays: number;
  /**
   * What the inactivity days count from: any activity (last event or order), or the last
   * order (for stores where browsing and opens say little). People without orders are
   * always measured by activity: there is no order to count from.
   */
  inactivityBasis: 'activity' | 'orders';
}

/**
 * 30 and 90 days are the engagement score's own recency steps (≤ 30 days still earns 20
 * points, ≤ 90 days 10, beyond that nothing); 50 is the middle of the 0–100 scale.
 */
export const DEFAULT_LIFECYCLE_RULES: Readonly<LifecycleRules> = Object.freeze({
  activationMinOrders: 1,
  engagedWithinDays: 30,
  engagedMinScore: 50,
  atRiskAfterDays: 30,
  churnedAfterDays: 90,
  inactivityBasis: 'activity',
});

export interface LifecycleFeatures {
  /** customers.first_seen_at, epoch ms. */
  firstSeenAt: number;
  /** Latest event or order, epoch ms; null if none. */
  lastActivityAt: number | null;
  /** Latest order, epoch ms; null without orders. */
  lastOrderAt: number | null;
  /** customers.activated_at when a source or an earlier run set it; null otherwise. */
  activatedAt: number | null;
  totalOrders: number;
  /** 0–100, see engagementScore(). */
  engagementScore: number;
  /** The stage stored last time; null when the person was never staged. */
  previousStage: LifecycleStage | null;
}

export interface LifecycleResult {
  stage: LifecycleStage;
  reason: string;
}

const RULE_KEYS: readonly (keyof LifecycleRules)[] = [
  'activationMinOrders',
  'engagedWithinDays',
  'engagedMinScore',
  'atRiskAfterDays',
  'churnedAfterDays',
  'inactivityBasis',
];

function badRules(message: string, details: Record<string, unknown>): never {
  fail('invalid-argument', `Lifecycle rules: ${message}`, details);
}

function wholeDays(rules: Record<string, unknown>, key: keyof LifecycleRules, min: number): number {
  const v = rules[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    badRules(`${key} must be a whole number of at least ${min}.`, { [key]: v });
  }
  return v;
}

/** Checks rules from settings or a file; returns them typed, or fails saying which threshold is wrong. */
export function validateLifecycleRules(x: unknown): LifecycleRules {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) {
    badRules('expected an object of thresholds.', { received: typeof x });
  }
  const r = x as Record<string, unknown>;
  const unknown = Object.keys(r).filter((k) => !(RULE_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) badRules(`unknown setting(s) ${unknown.join(', ')}.`, { unknown });
  const activationMinOrders = wholeDays(r, 'activationMinOrders', 1);
  const engagedWithinDays = wholeDays(r, 'engagedWithinDays', 0);
  const atRiskAfterDays = wholeDays(r, 'atRiskAfterDays', 0);
  const churnedAfterDays = wholeDays(r, 'churnedAfterDays', 1);
  const engagedMinScore = r.engagedMinScore;
  if (typeof engagedMinScore !== 'number' || !(engagedMinScore >= 0 && engagedMinScore <= 100)) {
    badRules('engagedMinScore must be a number from 0 to 100.', { engagedMinScore });
  }
  const inactivityBasis = r.inactivityBasis;
  if (inactivityBasis !== 'activity' && inactivityBasis !== 'orders') {
    badRules('inactivityBasis must be "activity" or "orders".', { inactivityBasis });
  }
  if (engagedWithinDays > atRiskAfterDays) {
    badRules(
      'engagedWithinDays cannot exceed atRiskAfterDays: nobody inactive enough to be at risk can be engaged.',
      {
        engagedWithinDays,
        atRiskAfterDays,
      },
    );
  }
  if (churnedAfterDays <= atRiskAfterDays) {
    badRules('churnedAfterDays must be greater than atRiskAfterDays, or nobody would ever be at risk.', {
      atRiskAfterDays,
      churnedAfterDays,
    });
  }
  return {
    activationMinOrders,
    engagedWithinDays,
    engagedMinScore,
    atRiskAfterDays,
    churnedAfterDays,
    inactivityBasis,
  };
}

function validateFeatures(f: LifecycleFeatures, now: number): void {
  requireNow(now);
  if (!Number.isFinite(f.firstSeenAt)) {
    fail('invalid-argument', 'firstSeenAt must be an epoch time in ms.', { firstSeenAt: f.firstSeenAt });
  }
  requireTime('lastActivityAt', f.lastActivityAt);
  requireTime('lastOrderAt', f.lastOrderAt);
  requireTime('activatedAt', f.activatedAt);
  requireCount('totalOrders', f.totalOrders);
  if (!(f.engagementScore >= 0 && f.engagementScore <= 100)) {
    fail('invalid-argument', 'engagementScore must be a number from 0 to 100.', {
      engagementScore: f.engagementScore,
    });
  }
  if (f.previousStage !== null && !(LIFECYCLE_STAGES as readonly string[]).includes(f.previousStage)) {
    fail('invalid-argument', `Unknown previous stage "${String(f.previousStage)}".`, {
      previousStage: f.previousStage,
    });
  }
}

/**
 * The stage now. Inactivity is checked first (churned, then at risk), so a lapsed customer
 * is never shown as engaged; an active customer whose previous stage was at_risk or churned
 * is reactivated, and stays reactivated until engaged again or lapsing again.
 */
export function lifecycleStage(
  features: LifecycleFeatures,
  rules: LifecycleRules,
  now: number,
): LifecycleResult {
  const r = validateLifecycleRules(rules);
  validateFeatures(features, now);
  const f = features;

  const byOrders = r.inactivityBasis === 'orders' && f.lastOrderAt !== null;
  const from = byOrders ? f.lastOrderAt : f.lastActivityAt;
  const idle = elapsedDays(from ?? f.firstSeenAt, now);
  const what = byOrders ? 'no order' : from === null ? 'no activity since first seen' : 'no activity';

  if (idle > r.churnedAfterDays) {
    return { stage: 'churned', reason: `${cap(what)} for ${days(idle)} (more than ${r.churnedAfterDays}).` };
  }
  if (idle > r.atRiskAfterDays) {
    return { stage: 'at_risk', reason: `${cap(what)} for ${days(idle)} (more than ${r.atRiskAfterDays}).` };
  }

  const previous = f.previousStage;
  if (previous === 'churned' || previous === 'at_risk') {
    return {
      stage: 'reactivated',
      reason: `Was ${previous.replace('_', ' ')}, active again ${days(idle)} ago.`,
    };
  }

  const activated = f.activatedAt !== null || f.totalOrders >= r.activationMinOrders;
  const engaged = activated && idle <= r.engagedWithinDays && f.engagementScore >= r.engagedMinScore;
  if (engaged) {
    return {
      stage: 'engaged',
      reason: `Active ${days(idle)} ago (within ${r.engagedWithinDays}) with engagement score ${f.engagementScore} (at least ${r.engagedMinScore}).`,
    };
  }
  if (previous === 'reactivated') {
    return { stage: 'reactivated', reason: 'Came back after lapsing and is not yet engaged again.' };
  }
  if (activated) {
    return {
      stage: 'activated',
      reason:
        f.totalOrders >= r.activationMinOrders
          ? `${f.totalOrders} order(s) (at least ${r.activationMinOrders}), not currently engaged.`
          : 'Activated earlier, not currently engaged.',
    };
  }
  return {
    stage: 'new',
    reason: `Not activated yet (fewer than ${r.activationMinOrders} order(s)) and not inactive for more than ${r.atRiskAfterDays} days.`,
  };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
