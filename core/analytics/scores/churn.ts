import { fail } from '../../errors';
import { DAY_MS, days, elapsedDays, requireCount, requireNow, requireTime } from './time';

/**
 * Churn-risk score 0–100: the sum of four explainable rules (inactivity, an overdue
 * order measured against the customer's own rhythm, a drop in activity, an address
 * that can no longer be reached). The documents define the column (cdp-schema.md
 * customers.churn_risk_score) and treat ≥ 70 as high risk, but give no formula;
 * every rule and threshold here is Loupe's and is explained in docs/scores.md.
 */

/** customers.contact_status values (migration 0004). */
export type ContactStatus = 'active' | 'inactive' | 'unsubscribed' | 'cleaned' | 'bounced' | 'complained';

export interface ChurnInput {
  /** When the person was first seen (customers.first_seen_at, NOT NULL), epoch ms. */
  firstSeenAt: number;
  /** Latest event or order, epoch ms; null if the person has never done anything. */
  lastActivityAt: number | null;
  /** First and last order, epoch ms; null without orders. */
  firstOrderAt: number | null;
  lastOrderAt: number | null;
  totalOrders: number;
  /** Events in (now − 30 d, now]. */
  eventsLast30Days: number;
  /** Events in (now − 90 d, now − 30 d]: the 60 days before the last 30. */
  eventsPrevious60Days: number;
  contactStatus: ContactStatus | null;
}

export interface ChurnBreakdown {
  inactivity: number;
  overdueOrder: number;
  activityDrop: number;
  contactStatus: number;
}

export type ChurnLevel = 'low' | 'medium' | 'high';

export interface ChurnScore {
  score: number;
  level: ChurnLevel;
  breakdown: ChurnBreakdown;
  /** False when the person has no events and no orders at all. */
  hasActivity: boolean;
  reasons: string[];
}

/** Days without activity → points: the first tier whose bound is ≥ the days wins; above all, `beyond`. */
export const CHURN_INACTIVITY = {
  tiers: [
    { maxDays: 7, points: 0 },
    { maxDays: 30, points: 10 },
    { maxDays: 90, points: 20 },
  ],
  beyond: 35,
} as const;

/**
 * Days since the last order ÷ the customer's mean gap between orders → points: the first
 * tier whose ratio bound is ≥ the ratio wins; above all, `beyond`. Needs two orders.
 */
export const CHURN_OVERDUE = {
  tiers: [
    { maxRatio: 1.5, points: 0 },
    { maxRatio: 2, points: 10 },
    { maxRatio: 3, points: 20 },
  ],
  beyond: 30,
  /** Orders placed the same moment would give a zero gap; a gap is at least one day. */
  minGapDays: 1,
} as const;

/**
 * Fall in the monthly event rate (last 30 days vs the previous 60 days ÷ 2) → points: the
 * first tier whose drop bound is ≤ the drop wins. Only measured when the earlier rate was
 * at least `minBaselinePer30Days`, so that 1 event falling to 0 is not called a collapse.
 */
export const CHURN_DROP = {
  tiers: [
    { minDrop: 0.75, points: 20 },
    { minDrop: 0.5, points: 12 },
    { minDrop: 0.25, points: 6 },
  ],
  minBaselinePer30Days: 2,
} as const;

/** Contact status → points: an address that cannot be reached any more. */
export const CHURN_CONTACT_STATUS: Readonly<Record<ContactStatus, number>> = {
  active: 0,
  inactive: 0,
  unsubscribed: 15,
  complained: 15,
  bounced: 10,
  cleaned: 10,
};

/** Levels: cdp-schema.md's at-risk query uses churn_risk_score ≥ 70; 40 splits the rest. */
export const CHURN_LEVELS = { high: 70, medium: 40 } as const;

const STATUSES = Object.keys(CHURN_CONTACT_STATUS);

function validate(input: ChurnInput, now: number): void {
  requireNow(now);
  if (!Number.isFinite(input.firstSeenAt)) {
    fail('invalid-argument', 'firstSeenAt must be an epoch time in ms.', { firstSeenAt: input.firstSeenAt });
  }
  requireTime('lastActivityAt', input.lastActivityAt);
  requireTime('firstOrderAt', input.firstOrderAt);
  requireTime('lastOrderAt', input.lastOrderAt);
  requireCount('totalOrders', input.totalOrders);
  requireCount('eventsLast30Days', input.eventsLast30Days);
  requireCount('eventsPrevious60Days', input.eventsPrevious60Days);
  if (input.contactStatus !== null && !STATUSES.includes(input.contactStatus)) {
    fail(
      'invalid-argument',
      `Unknown contact status "${String(input.contactStatus)}"; use one of ${STATUSES.join(', ')}.`,
      {
        contactStatus: input.contactStatus,
      },
    );
  }
  if (input.totalOrders > 0 && (input.firstOrderAt === null || input.lastOrderAt === null)) {
    fail('invalid-argument', 'A customer with orders needs the times of the first and last order.', {
      totalOrders: input.totalOrders,
    });
  }
  if (
    input.lastOrderAt !== null &&
    (input.lastActivityAt === null || input.lastActivityAt < input.lastOrderAt)
  ) {
    // An order is activity: a last activity before the last order means the inputs disagree.
    fail(
      'invalid-argument',
      'lastActivityAt must count orders too: it cannot be earlier than the last order.',
      {
        lastActivityAt: input.lastActivityAt,
        lastOrderAt: input.lastOrderAt,
      },
    );
  }
  if (input.firstOrderAt !== null && input.lastOrderAt !== null && input.lastOrderAt < input.firstOrderAt) {
    fail('invalid-argument', 'The last order cannot be earlier than the first order.', {
      firstOrderAt: input.firstOrderAt,
      lastOrderAt: input.lastOrderAt,
    });
  }
}

export function churnRisk(input: ChurnInput, now: number): ChurnScore {
  validate(input, now);
  const reasons: string[] = [];

  // Inactivity. Someone who never did anything is measured from when they were first
  // seen, so a sign-up from yesterday is not a risk and one from a year ago is.
  const hasActivity = input.lastActivityAt !== null;
  const since = input.lastActivityAt ?? input.firstSeenAt;
  const idle = elapsedDays(since, now);
  const inactivity = CHURN_INACTIVITY.tiers.find((t) => idle <= t.maxDays)?.points ?? CHURN_INACTIVITY.beyond;
  reasons.push(
    hasActivity
      ? `No activity for ${days(idle)}: ${inactivity} of ${CHURN_INACTIVITY.beyond} points.`
      : `No activity ever; first seen ${days(idle)} ago: ${inactivity} of ${CHURN_INACTIVITY.beyond} points.`,
  );

  // Overdue order, against the customer's own mean gap (first → last order over n − 1 gaps).
  let overdueOrder = 0;
  if (input.totalOrders >= 2 && input.firstOrderAt !== null && input.lastOrderAt !== null) {
    const gap = Math.max(
      CHURN_OVERDUE.minGapDays,
      (input.lastOrderAt - input.firstOrderAt) / DAY_MS / (input.totalOrders - 1),
    );
    const sinceOrder = elapsedDays(input.lastOrderAt, now);
    const ratio = sinceOrder / gap;
    overdueOrder = CHURN_OVERDUE.tiers.find((t) => ratio <= t.maxRatio)?.points ?? CHURN_OVERDUE.beyond;
    reasons.push(
      `Last order ${days(sinceOrder)} ago against a usual gap of ${round1(gap)} days (${round1(ratio)}×): ${overdueOrder} of ${CHURN_OVERDUE.beyond} points.`,
    );
  } else {
    reasons.push(
      `Fewer than 2 orders, so no buying rhythm to be overdue on: 0 of ${CHURN_OVERDUE.beyond} points.`,
    );
  }

  // Activity drop.
  let activityDrop = 0;
  const maxDrop = CHURN_DROP.tiers[0].points;
  const baseline = input.eventsPrevious60Days / 2;
  if (baseline >= CHURN_DROP.minBaselinePer30Days) {
    const drop = Math.max(0, 1 - input.eventsLast30Days / baseline);
    activityDrop = CHURN_DROP.tiers.find((t) => drop >= t.minDrop)?.points ?? 0;
    reasons.push(
      `${input.eventsLast30Days} events in the last 30 days against ${round1(baseline)} per 30 days before (${Math.round(drop * 100)}% drop): ${activityDrop} of ${maxDrop} points.`,
    );
  } else {
    reasons.push(
      `Fewer than ${CHURN_DROP.minBaselinePer30Days} events per 30 days in the 60 days before, too little to measure a drop: 0 of ${maxDrop} points.`,
    );
  }

  const contactStatus = input.contactStatus === null ? 0 : CHURN_CONTACT_STATUS[input.contactStatus];
  reasons.push(`Contact status ${input.contactStatus ?? 'unknown'}: ${contactStatus} of 15 points.`);

  const score = Math.min(100, inactivity + overdueOrder + activityDrop + contactStatus);
  const level: ChurnLevel =
    score >= CHURN_LEVELS.high ? 'high' : score >= CHURN_LEVELS.medium ? 'medium' : 'low';
  return {
    score,
    level,
    breakdown: { inactivity, overdueOrder, activityDrop, contactStatus },
    hasActivity,
    reasons,
  };
}

function round1(x: number): string {
  return String(Math.round(x * 10) / 10);
}
