import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIFECYCLE_RULES,
  lifecycleStage,
  validateLifecycleRules,
} from '../../../core/analytics/scores';
import type { LifecycleFeatures, LifecycleRules, LifecycleStage } from '../../../core/analytics/scores';
import { ago, DAY, expectInvalid, NOW } from './helpers';

const R = DEFAULT_LIFECYCLE_RULES;

/** Someone first seen 3 days ago who has done nothing yet. */
const fresh: LifecycleFeatures = {
  firstSeenAt: ago(3),
  lastActivityAt: null,
  lastOrderAt: null,
  activatedAt: null,
  totalOrders: 0,
  engagementScore: 0,
  previousStage: null,
};

/** A buyer whose last order (and activity) was `d` days ago. */
const buyer = (
  d: number,
  score: number,
  previousStage: LifecycleStage | null = 'activated',
): LifecycleFeatures => ({
  ...fresh,
  firstSeenAt: ago(400),
  lastActivityAt: ago(d),
  lastOrderAt: ago(d),
  totalOrders: 1,
  engagementScore: score,
  previousStage,
});

const stage = (f: LifecycleFeatures, rules: LifecycleRules = R): LifecycleStage =>
  lifecycleStage(f, rules, NOW).stage;

describe('lifecycleStage with the default rules', () => {
  it('keeps a person with no events and no orders new until 30 days pass, then at risk, then churned', () => {
    expect(lifecycleStage(fresh, R, NOW)).toEqual({
      stage: 'new',
      reason: 'Not activated yet (fewer than 1 order(s)) and not inactive for more than 30 days.',
    });
    expect(stage({ ...fresh, firstSeenAt: ago(30) })).toBe('new');
    expect(stage({ ...fresh, firstSeenAt: ago(31) })).toBe('at_risk');
    expect(stage({ ...fresh, firstSeenAt: ago(90) })).toBe('at_risk');
    expect(lifecycleStage({ ...fresh, firstSeenAt: ago(91) }, R, NOW)).toEqual({
      stage: 'churned',
      reason: 'No activity since first seen for 91 days (more than 90).',
    });
  });

  it('activates on the first order, or on an activated_at set earlier', () => {
    expect(stage(buyer(5, 40, 'new'))).toBe('activated');
    expect(stage({ ...fresh, lastActivityAt: ago(1), activatedAt: ago(20) })).toBe('activated');
    // Activity without an order is not activation.
    expect(stage({ ...fresh, lastActivityAt: ago(1), engagementScore: 90 })).toBe('new');
  });

  it('is engaged when active within 30 days with a score of at least 50', () => {
    expect(stage(buyer(5, 50))).toBe('engaged');
    expect(stage(buyer(5, 49))).toBe('activated');
    expect(stage(buyer(30, 60))).toBe('engaged'); // 30 days is still within
    expect(stage(buyer(30.99, 60))).toBe('engaged'); // floor → 30
    expect(stage(buyer(31, 60))).toBe('at_risk'); // inactivity is checked first
  });

  it('goes from engaged back to activated when the score falls', () => {
    expect(stage(buyer(2, 20, 'engaged'))).toBe('activated');
  });

  it('reactivates only from at_risk or churned', () => {
    expect(lifecycleStage(buyer(2, 90, 'churned'), R, NOW)).toEqual({
      stage: 'reactivated',
      reason: 'Was churned, active again 2 days ago.',
    });
    expect(stage(buyer(2, 10, 'at_risk'))).toBe('reactivated');
    expect(stage(buyer(2, 90, 'new'))).toBe('engaged');
    expect(stage(buyer(2, 10, 'activated'))).toBe('activated');
    expect(stage(buyer(2, 10, null))).toBe('activated');
  });

  it('keeps a reactivated customer reactivated until engaged or lapsing again', () => {
    expect(stage(buyer(2, 10, 'reactivated'))).toBe('reactivated');
    expect(stage(buyer(2, 70, 'reactivated'))).toBe('engaged');
    expect(stage(buyer(45, 70, 'reactivated'))).toBe('at_risk');
    expect(stage(buyer(120, 70, 'reactivated'))).toBe('churned');
  });

  it('keeps a churned customer churned while inactive', () => {
    expect(stage(buyer(200, 0, 'churned'))).toBe('churned');
  });

  it('counts activity in the future as 0 days ago', () => {
    expect(stage({ ...buyer(0, 80), lastActivityAt: NOW + 5 * DAY, lastOrderAt: NOW + 5 * DAY })).toBe(
      'engaged',
    );
  });
});

describe('lifecycleStage with inactivity counted from the last order', () => {
  const byOrders: LifecycleRules = { ...R, inactivityBasis: 'orders' };

  it('uses the last order for buyers, even if they browsed yesterday', () => {
    const f: LifecycleFeatures = { ...buyer(40, 80), lastActivityAt: ago(1) };
    expect(stage(f)).toBe('engaged');
    expect(lifecycleStage(f, byOrders, NOW)).toEqual({
      stage: 'at_risk',
      reason: 'No order for 40 days (more than 30).',
    });
  });

  it('measures people without orders by their activity', () => {
    expect(stage({ ...fresh, firstSeenAt: ago(100), lastActivityAt: ago(10) }, byOrders)).toBe('new');
  });
});

describe('validateLifecycleRules', () => {
  it('accepts the defaults and custom thresholds', () => {
    expect(validateLifecycleRules({ ...R })).toEqual(R);
    const custom = {
      ...R,
      engagedWithinDays: 14,
      atRiskAfterDays: 60,
      churnedAfterDays: 180,
      activationMinOrders: 2,
    };
    expect(validateLifecycleRules(custom)).toEqual(custom);
    // activationMinOrders 2: one order is not enough.
    expect(stage(buyer(5, 80, 'new'), custom)).toBe('new');
  });

  it.each([
    [{ churnedAfterDays: 30 }, /churnedAfterDays must be greater than atRiskAfterDays/],
    [{ churnedAfterDays: 10 }, /churnedAfterDays must be greater/],
    [{ engagedWithinDays: 31 }, /engagedWithinDays cannot exceed atRiskAfterDays/],
    [{ activationMinOrders: 0 }, /activationMinOrders must be a whole number of at least 1/],
    [{ atRiskAfterDays: 2.5 }, /atRiskAfterDays must be a whole number/],
    [{ engagedMinScore: 101 }, /engagedMinScore must be a number from 0 to 100/],
    [{ engagedMinScore: Number.NaN }, /engagedMinScore/],
    [{ inactivityBasis: 'sessions' }, /inactivityBasis must be/],
    [{ atRiskDays: 30 }, /unknown setting\(s\) atRiskDays/],
  ])('refuses %o', (change, message) => {
    expectInvalid(() => validateLifecycleRules({ ...R, ...change }), message);
    expectInvalid(() => lifecycleStage(fresh, { ...R, ...change } as LifecycleRules, NOW), message);
  });

  it('refuses something that is not an object', () => {
    expectInvalid(() => validateLifecycleRules(null), /expected an object/);
    expectInvalid(() => validateLifecycleRules([1, 2]), /expected an object/);
  });

  it('refuses invalid features', () => {
    expectInvalid(() => lifecycleStage({ ...fresh, engagementScore: 120 }, R, NOW), /engagementScore/);
    expectInvalid(
      () => lifecycleStage({ ...fresh, previousStage: 'lead' as LifecycleStage }, R, NOW),
      /Unknown previous stage "lead"/,
    );
    expectInvalid(() => lifecycleStage({ ...fresh, totalOrders: -1 }, R, NOW), /totalOrders/);
  });
});
