import { describe, expect, it } from 'vitest';
import { engagementScore } from '../../../core/analytics/scores';
import type { EngagementInput } from '../../../core/analytics/scores';
import { ago, DAY, expectInvalid, NOW } from './helpers';

const base: EngagementInput = { lastSeenAt: null, eventsLast30Days: 0, totalOrders: 0 };

describe('engagementScore', () => {
  it('gives 0 to someone never seen, with no events and no orders', () => {
    const r = engagementScore(base, NOW);
    expect(r.score).toBe(0);
    expect(r.breakdown).toEqual({ recency: 0, frequency: 0, purchases: 0 });
    expect(r.reasons).toEqual([
      'Never seen: 0 of 40 recency points.',
      '0 events in the last 30 days: 0 of 30 activity points.',
      '0 orders in total: 0 of 30 purchase points.',
    ]);
  });

  // Whole days = floor(elapsed / 24 h); tiers ≤1 → 40, ≤7 → 30, ≤30 → 20, ≤90 → 10, else 0.
  it.each([
    [0, 40],
    [1, 40],
    [1.999, 40], // floor → 1 day
    [2, 30],
    [7, 30],
    [7.5, 30], // floor → 7
    [8, 20],
    [30, 20],
    [31, 10],
    [90, 10],
    [90.9, 10],
    [91, 0],
    [3650, 0],
  ])('recency: last seen %f days ago → %i points', (d, points) => {
    expect(engagementScore({ ...base, lastSeenAt: ago(d) }, NOW).breakdown.recency).toBe(points);
  });

  it('counts a last-seen time in the future as 0 days (40 points)', () => {
    const r = engagementScore({ ...base, lastSeenAt: NOW + 3 * DAY }, NOW);
    expect(r.breakdown.recency).toBe(40);
    expect(r.reasons[0]).toBe('Last seen less than a day ago: 40 of 40 recency points.');
  });

  // ≥50 → 30, ≥20 → 20, ≥5 → 10, ≥1 → 5.
  it.each([
    [0, 0],
    [1, 5],
    [4, 5],
    [5, 10],
    [19, 10],
    [20, 20],
    [49, 20],
    [50, 30],
    [10_000, 30],
  ])('frequency: %i events in 30 days → %i points', (events, points) => {
    expect(engagementScore({ ...base, eventsLast30Days: events }, NOW).breakdown.frequency).toBe(points);
  });

  // ≥5 → 30, ≥2 → 20, ≥1 → 10.
  it.each([
    [0, 0],
    [1, 10],
    [2, 20],
    [4, 20],
    [5, 30],
    [500, 30],
  ])('purchases: %i orders → %i points', (orders, points) => {
    expect(engagementScore({ ...base, totalOrders: orders }, NOW).breakdown.purchases).toBe(points);
  });

  it('adds the three parts for a hand-scored customer', () => {
    // Seen 3 days ago → 30; 12 events → 10; 2 orders → 20: 60.
    const r = engagementScore({ lastSeenAt: ago(3), eventsLast30Days: 12, totalOrders: 2 }, NOW);
    expect(r.score).toBe(60);
    expect(r.reasons[0]).toBe('Last seen 3 days ago: 30 of 40 recency points.');
    expect(r.reasons[1]).toBe('12 events in the last 30 days: 10 of 30 activity points.');
  });

  it('reaches exactly 100 at the top of every tier', () => {
    // 40 + 30 + 30.
    expect(engagementScore({ lastSeenAt: NOW, eventsLast30Days: 50, totalOrders: 5 }, NOW).score).toBe(100);
  });

  it('refuses invalid input', () => {
    expectInvalid(() => engagementScore({ ...base, eventsLast30Days: -1 }, NOW), /eventsLast30Days/);
    expectInvalid(() => engagementScore({ ...base, totalOrders: 1.5 }, NOW), /totalOrders/);
    expectInvalid(() => engagementScore({ ...base, lastSeenAt: Number.NaN }, NOW), /lastSeenAt/);
    expectInvalid(() => engagementScore(base, Number.POSITIVE_INFINITY), /now/);
  });
});
