import { describe, expect, it } from 'vitest';
import { churnRisk } from '../../../core/analytics/scores';
import type { ChurnInput } from '../../../core/analytics/scores';
import { ago, expectInvalid, NOW } from './helpers';

/** A person first seen long ago who has never done anything. */
const nothing: ChurnInput = {
  firstSeenAt: ago(400),
  lastActivityAt: null,
  firstOrderAt: null,
  lastOrderAt: null,
  totalOrders: 0,
  eventsLast30Days: 0,
  eventsPrevious60Days: 0,
  contactStatus: 'active',
};

/** Two orders 10 days apart, the last `since` days ago, and nothing else. */
function twoOrders(since: number): ChurnInput {
  return {
    ...nothing,
    lastActivityAt: ago(since),
    firstOrderAt: ago(since + 10),
    lastOrderAt: ago(since),
    totalOrders: 2,
  };
}

describe('churnRisk: no events and no orders', () => {
  it('measures inactivity from first seen: a sign-up from yesterday is no risk', () => {
    const r = churnRisk({ ...nothing, firstSeenAt: ago(1) }, NOW);
    expect(r.score).toBe(0);
    expect(r.level).toBe('low');
    expect(r.hasActivity).toBe(false);
    expect(r.breakdown).toEqual({ inactivity: 0, overdueOrder: 0, activityDrop: 0, contactStatus: 0 });
    expect(r.reasons[0]).toBe('No activity ever; first seen 1 day ago: 0 of 35 points.');
  });

  it('gives a person seen 400 days ago and never active the full 35 inactivity points', () => {
    const r = churnRisk(nothing, NOW);
    expect(r.score).toBe(35);
    expect(r.level).toBe('low');
  });
});

describe('churnRisk rules', () => {
  // ≤7 → 0, ≤30 → 10, ≤90 → 20, beyond → 35, on whole days (floor).
  it.each([
    [0, 0],
    [7, 0],
    [7.9, 0],
    [8, 10],
    [30, 10],
    [31, 20],
    [90, 20],
    [91, 35],
  ])('inactivity: last active %f days ago → %i points', (d, points) => {
    expect(churnRisk({ ...nothing, lastActivityAt: ago(d) }, NOW).breakdown.inactivity).toBe(points);
  });

  // Usual gap 10 days; ratio = days since the last order / 10: ≤1.5 → 0, ≤2 → 10, ≤3 → 20, beyond → 30.
  it.each([
    [0, 0],
    [15, 0],
    [16, 10],
    [20, 10],
    [21, 20],
    [30, 20],
    [31, 30],
  ])('overdue order: last of two orders 10 days apart was %i days ago → %i points', (since, points) => {
    expect(churnRisk(twoOrders(since), NOW).breakdown.overdueOrder).toBe(points);
  });

  it('uses the mean gap between first and last order over n − 1 gaps', () => {
    // 5 orders from 200 to 60 days ago: gap 140 / 4 = 35 days; 60 / 35 = 1.71 → 10 points.
    const r = churnRisk(
      { ...nothing, firstOrderAt: ago(200), lastOrderAt: ago(60), lastActivityAt: ago(60), totalOrders: 5 },
      NOW,
    );
    expect(r.breakdown.overdueOrder).toBe(10);
    expect(r.reasons[1]).toBe(
      'Last order 60 days ago against a usual gap of 35 days (1.7×): 10 of 30 points.',
    );
  });

  it('treats orders at one moment as a one-day gap instead of dividing by zero', () => {
    // Gap max(1, 0) = 1 day; 3 days since → ratio 3 → 20.
    const r = churnRisk(
      { ...nothing, firstOrderAt: ago(3), lastOrderAt: ago(3), lastActivityAt: ago(3), totalOrders: 2 },
      NOW,
    );
    expect(r.breakdown.overdueOrder).toBe(20);
  });

  it('gives no overdue points with a single order', () => {
    const r = churnRisk(
      { ...nothing, firstOrderAt: ago(300), lastOrderAt: ago(300), lastActivityAt: ago(300), totalOrders: 1 },
      NOW,
    );
    expect(r.breakdown.overdueOrder).toBe(0);
    expect(r.reasons[1]).toMatch(/Fewer than 2 orders/);
  });

  // Baseline = previous 60 days / 2; drop = 1 − last 30 / baseline: ≥.75 → 20, ≥.5 → 12, ≥.25 → 6.
  it.each([
    [0, 0, 0], // no baseline
    [0, 3, 0], // baseline 1.5 < 2: too little to measure
    [0, 4, 20], // baseline 2, drop 1
    [1, 4, 12], // drop 0.5
    [5, 40, 20], // baseline 20, drop 0.75
    [6, 40, 12], // drop 0.70
    [10, 40, 12], // drop 0.50
    [11, 40, 6], // drop 0.45
    [15, 40, 6], // drop 0.25
    [16, 40, 0], // drop 0.20
    [60, 40, 0], // a rise is no drop
  ])(
    'activity drop: %i events now against %i in the 60 days before → %i points',
    (last30, prev60, points) => {
      const r = churnRisk(
        { ...nothing, lastActivityAt: ago(1), eventsLast30Days: last30, eventsPrevious60Days: prev60 },
        NOW,
      );
      expect(r.breakdown.activityDrop).toBe(points);
    },
  );

  it.each([
    ['active', 0],
    ['inactive', 0],
    ['unsubscribed', 15],
    ['complained', 15],
    ['bounced', 10],
    ['cleaned', 10],
    [null, 0],
  ] as const)('contact status %s → %i points', (status, points) => {
    const r = churnRisk({ ...nothing, lastActivityAt: NOW, contactStatus: status }, NOW);
    expect(r.breakdown.contactStatus).toBe(points);
    expect(r.score).toBe(points);
  });

  it('adds the rules for a hand-scored lapsing customer', () => {
    // Active 40 days ago → 20. 5 orders, 200 → 60 days ago: gap 35, ratio 1.71 → 10.
    // 0 events now vs 10 before: baseline 5, drop 1 → 20. Bounced → 10. Total 60: medium.
    const r = churnRisk(
      {
        firstSeenAt: ago(400),
        lastActivityAt: ago(40),
        firstOrderAt: ago(200),
        lastOrderAt: ago(60),
        totalOrders: 5,
        eventsLast30Days: 0,
        eventsPrevious60Days: 10,
        contactStatus: 'bounced',
      },
      NOW,
    );
    expect(r.breakdown).toEqual({ inactivity: 20, overdueOrder: 10, activityDrop: 20, contactStatus: 10 });
    expect(r.score).toBe(60);
    expect(r.level).toBe('medium');
    expect(r.hasActivity).toBe(true);
  });

  it('puts 40 in medium and 70 in high', () => {
    // 20 (31 days idle) + 20 (drop) = 40.
    const medium = churnRisk({ ...nothing, lastActivityAt: ago(31), eventsPrevious60Days: 4 }, NOW);
    expect([medium.score, medium.level]).toEqual([40, 'medium']);
    // Two orders 10 days apart, the last 50 days ago: idle 50 → 20; ratio 5 → 30; drop 1 → 20: 70.
    const high = churnRisk({ ...twoOrders(50), eventsPrevious60Days: 4 }, NOW);
    expect(high.breakdown).toEqual({ inactivity: 20, overdueOrder: 30, activityDrop: 20, contactStatus: 0 });
    expect([high.score, high.level]).toEqual([70, 'high']);
    const below = churnRisk({ ...nothing, lastActivityAt: ago(30), eventsPrevious60Days: 4 }, NOW);
    expect([below.score, below.level]).toEqual([30, 'low']);
  });

  it('refuses inconsistent or invalid input', () => {
    expectInvalid(() => churnRisk({ ...nothing, totalOrders: 2 }, NOW), /first and last order/);
    expectInvalid(
      () => churnRisk({ ...twoOrders(5), lastActivityAt: ago(6) }, NOW),
      /cannot be earlier than the last order/,
    );
    expectInvalid(
      () => churnRisk({ ...twoOrders(5), firstOrderAt: ago(1) }, NOW),
      /last order cannot be earlier/,
    );
    expectInvalid(() => churnRisk({ ...nothing, eventsPrevious60Days: -2 }, NOW), /eventsPrevious60Days/);
    expectInvalid(() => churnRisk({ ...nothing, firstSeenAt: Number.NaN }, NOW), /firstSeenAt/);
    expectInvalid(
      () => churnRisk({ ...nothing, contactStatus: 'gone' as unknown as ChurnInput['contactStatus'] }, NOW),
      /Unknown contact status "gone"/,
    );
  });
});
