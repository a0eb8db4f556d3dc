import { describe, expect, it } from 'vitest';
import { computeCohorts } from '../../../core/analytics/cohorts';
import type { CohortOptions } from '../../../core/analytics/cohorts';
import { actives, pick, shop } from './fixture';

const monthly: CohortOptions = { unit: 'month', by: 'first-order', returnEvent: 'purchase' };

describe('first-time retention, counted on the period', () => {
  const r = computeCohorts(shop(), monthly);

  it('dates each person by their first order and counts returns within each period', () => {
    // January: A and B (B's first order is 1 ms before February). February: C (exactly at its start).
    // A returns in months 1 (Feb) and 3 (Apr), B in month 2 (Mar); C never after February.
    expect(actives(r)).toEqual([
      ['2024-01', 2, [2, 1, 1, 1]],
      ['2024-02', 1, [1, 0, 0]],
    ]);
    expect(pick(r, 'rate')).toEqual([
      ['2024-01', [1, 0.5, 0.5, 0.5]],
      ['2024-02', [1, 0, 0]],
    ]);
  });

  it('counts cumulative returners from period 1 (period 0 has none: the birth is not a return)', () => {
    expect(pick(r, 'cumulativeActive')).toEqual([
      ['2024-01', [null, 1, 2, 2]],
      ['2024-02', [null, 0, 0]],
    ]);
    expect(pick(r, 'cumulativeRate')).toEqual([
      ['2024-01', [null, 0.5, 1, 1]],
      ['2024-02', [null, 0, 0]],
    ]);
  });

  it('flags April, not yet over on 15 April, as incomplete and shows no later period', () => {
    expect(pick(r, 'incomplete')).toEqual([
      ['2024-01', [false, false, false, true]],
      ['2024-02', [false, false, true]],
    ]);
    expect(pick(r, 'label')).toEqual([
      ['2024-01', ['2024-01', '2024-02', '2024-03', '2024-04']],
      ['2024-02', ['2024-02', '2024-03', '2024-04']],
    ]);
    expect(r.cohorts.map((c) => [c.start, c.end])).toEqual([
      ['2024-01-01', '2024-01-31'],
      ['2024-02-01', '2024-02-29'],
    ]);
  });

  it('sums each period’s revenue, orders and buyers, and divides by cohort size for ARPU', () => {
    // January cohort: 10 + 5 in January, 20 in February, 7 in March, 40 in April.
    expect(pick(r, 'revenue')).toEqual([
      ['2024-01', [15, 20, 7, 40]],
      ['2024-02', [101, 0, 0]],
    ]);
    expect(pick(r, 'cumulativeRevenue')).toEqual([
      ['2024-01', [15, 35, 42, 82]],
      ['2024-02', [101, 101, 101]],
    ]);
    expect(pick(r, 'arpu')).toEqual([
      ['2024-01', [7.5, 10, 3.5, 20]],
      ['2024-02', [101, 0, 0]],
    ]);
    expect(pick(r, 'cumulativeArpu')).toEqual([
      ['2024-01', [7.5, 17.5, 21, 41]],
      ['2024-02', [101, 101, 101]],
    ]);
    expect(pick(r, 'orders')).toEqual([
      ['2024-01', [2, 1, 1, 1]],
      ['2024-02', [2, 0, 0]],
    ]);
    expect(pick(r, 'buyers')).toEqual([
      ['2024-01', [2, 1, 1, 1]],
      ['2024-02', [1, 0, 0]],
    ]);
  });

  it('averages each period over complete cohorts only, weighted by size', () => {
    expect(
      r.averages.map((a) => [a.period, a.cohorts, a.size, a.active, a.rate, a.cumulativeRate, a.arpu]),
    ).toEqual([
      // Both cohorts: 3 of 3; (15 + 101) / 3.
      [0, 2, 3, 3, 1, null, 116 / 3],
      // January's February (1 of 2) and February's March (0 of 1); revenue 20 + 0.
      [1, 2, 3, 1, 1 / 3, 1 / 3, 20 / 3],
      // January's March only: February's April is incomplete.
      [2, 1, 2, 1, 0.5, 1, 3.5],
      // January's April is incomplete: no complete cohort.
      [3, 0, 0, 0, null, null, null],
    ]);
  });

  it('explains who is in and who is not, and echoes the options', () => {
    expect(r.people).toEqual({
      total: 4,
      maskedOut: 0,
      noBirth: 1,
      outsideRange: 0,
      inCohorts: 3,
      entries: 3,
    });
    expect(r.options).toEqual({
      unit: 'month',
      timeZone: 'UTC',
      by: 'first-order',
      byEventType: null,
      returnEvent: 'purchase',
      returnEventType: null,
      mode: 'first-time',
      counting: 'on',
      from: null,
      to: null,
      maxPeriods: null,
      asOf: Date.parse('2024-04-15T00:00:00Z'),
      asOfText: '2024-04-15T00:00:00.000Z',
      maskedPeople: null,
    });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(r.members).toBeUndefined();
  });
});

describe('on-or-after (unbounded) retention', () => {
  it('counts a person in period k when they came back in k or any later period', () => {
    const r = computeCohorts(shop(), { ...monthly, counting: 'on-or-after' });
    // A's last return is month 3, B's month 2: months 1 and 2 count both, month 3 only A.
    expect(actives(r)).toEqual([
      ['2024-01', 2, [2, 2, 2, 1]],
      ['2024-02', 1, [1, 0, 0]],
    ]);
    // Cumulative and revenue do not depend on the counting.
    expect(pick(r, 'cumulativeActive')[0]).toEqual(['2024-01', [null, 1, 2, 2]]);
  });

  it('counts returns past the last reported period in it', () => {
    const r = computeCohorts(shop(), { ...monthly, counting: 'on-or-after', maxPeriods: 1 });
    expect(actives(r)).toEqual([
      ['2024-01', 2, [2, 2]],
      ['2024-02', 1, [1, 0]],
    ]);
    const on = computeCohorts(shop(), { ...monthly, maxPeriods: 1 });
    expect(actives(on)).toEqual([
      ['2024-01', 2, [2, 1]],
      ['2024-02', 1, [1, 0]],
    ]);
  });
});

describe('return events', () => {
  it('any activity counts events as well as orders', () => {
    const r = computeCohorts(shop(), { ...monthly, returnEvent: 'any-activity' });
    // C's March visit is a return in February's month 1.
    expect(actives(r)).toEqual([
      ['2024-01', 2, [2, 1, 1, 1]],
      ['2024-02', 1, [1, 1, 0]],
    ]);
  });

  it('an event type counts only those events', () => {
    const r = computeCohorts(shop(), { ...monthly, returnEvent: 'event', returnEventType: 'visit' });
    expect(actives(r)).toEqual([
      ['2024-01', 2, [2, 0, 0, 0]],
      ['2024-02', 1, [1, 1, 0]],
    ]);
    // Revenue cohorts still read orders.
    expect(pick(r, 'revenue')[0]).toEqual(['2024-01', [15, 20, 7, 40]]);
  });

  it('cohorts by first-seen date or by first event of a type', () => {
    const seen = computeCohorts(shop(), { ...monthly, by: 'first-seen' });
    // A, B, C first seen in January, D in February; D never orders.
    expect(actives(seen)).toEqual([
      ['2024-01', 3, [3, 2, 1, 1]],
      ['2024-02', 1, [1, 0, 0]],
    ]);
    // Period 0 is 100 % by definition; its revenue is real: 10 + 5 (C's first order is in February).
    expect(seen.cohorts[0]?.cells[0]?.revenue).toBe(15);
    expect(seen.cohorts[0]?.cells[1]?.revenue).toBe(121);
    const visits = computeCohorts(shop(), { ...monthly, by: 'first-event', byEventType: 'visit' });
    // C and D first visit in March; A and B never visit (no birth). C's April: nothing.
    expect(actives(visits)).toEqual([['2024-03', 2, [2, 0]]]);
    expect(visits.people).toMatchObject({ noBirth: 2, inCohorts: 2 });
    // C's February orders precede the birth period and are left out.
    expect(pick(visits, 'revenue')).toEqual([['2024-03', [0, 0]]]);
  });
});
