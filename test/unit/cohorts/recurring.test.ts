import { describe, expect, it } from 'vitest';
import { computeCohorts } from '../../../core/analytics/cohorts';
import { actives, pick, shop } from './fixture';

describe('recurring cohorts', () => {
  const r = computeCohorts(shop(), {
    unit: 'month',
    by: 'first-order',
    returnEvent: 'purchase',
    mode: 'recurring',
  });

  it('starts an entry in every period holding an order, once per person and period', () => {
    // Entries: A in Jan, Feb, Apr; B in Jan, Mar; C in Feb (two February orders, one entry).
    //   Jan (A, B): Feb A, Mar B, Apr A.   Feb (A, C): Mar none, Apr A.
    //   Mar (B): Apr none.                 Apr (A): period 0 only.
    expect(actives(r)).toEqual([
      ['2024-01', 2, [2, 1, 1, 1]],
      ['2024-02', 2, [2, 0, 1]],
      ['2024-03', 1, [1, 0]],
      ['2024-04', 1, [1]],
    ]);
    expect(r.people).toEqual({
      total: 4,
      maskedOut: 0,
      noBirth: 1,
      outsideRange: 0,
      inCohorts: 3,
      entries: 6,
    });
  });

  it('gives each entry the revenue from its period on', () => {
    // February entries: A 20, C 100 + 1 in February; A 40 in April.
    expect(pick(r, 'revenue')).toEqual([
      ['2024-01', [15, 20, 7, 40]],
      ['2024-02', [121, 0, 40]],
      ['2024-03', [7, 0]],
      ['2024-04', [40]],
    ]);
    expect(pick(r, 'buyers')[1]).toEqual(['2024-02', [2, 0, 1]]);
    expect(pick(r, 'orders')[1]).toEqual(['2024-02', [3, 0, 1]]);
  });

  it('averages over complete cells weighted by entries', () => {
    // Period 1: Jan's Feb (1 of 2), Feb's Mar (0 of 2); Mar's Apr is incomplete.
    expect(r.averages.map((a) => [a.period, a.cohorts, a.size, a.active])).toEqual([
      [0, 3, 5, 5],
      [1, 2, 4, 1],
      [2, 1, 2, 1],
      [3, 0, 0, 0],
    ]);
  });

  it('uses every event of the type when cohorting by an event', () => {
    const v = computeCohorts(shop(), {
      unit: 'month',
      by: 'first-event',
      byEventType: 'visit',
      returnEvent: 'any-activity',
      mode: 'recurring',
    });
    expect(actives(v)).toEqual([['2024-03', 2, [2, 0]]]);
  });
});
