import { describe, expect, it } from 'vitest';
import { summarizeTransactions } from '../../../core/analytics/clv/summary';
import type { Transaction } from '../../../core/analytics/clv/summary';
import { ServiceError } from '../../../core/errors';
import { loadCdnowSummary, loadCdnowTransactions } from './cdnow';

const day = (iso: string, hour = 12): number => Date.parse(`${iso}T${String(hour).padStart(2, '0')}:00:00Z`);

describe('summarizeTransactions on hand-made histories', () => {
  const transactions: Transaction[] = [
    // A: first 03-01, same-day repeat purchases on 03-05 (one transaction of 30), then 03-11, then holdout.
    { customerId: 'A', at: day('2024-03-05', 9), amount: 10 },
    { customerId: 'A', at: day('2024-03-01'), amount: 100 },
    { customerId: 'A', at: day('2024-03-05', 18), amount: 20 },
    { customerId: 'A', at: day('2024-03-11'), amount: 50 },
    { customerId: 'A', at: day('2024-03-25'), amount: 7 },
    { customerId: 'A', at: day('2024-03-25', 20), amount: 3 },
    // B: a single purchase on the calibration end day.
    { customerId: 'B', at: day('2024-03-20', 23), amount: 5 },
    // C: first purchase in the holdout only.
    { customerId: 'C', at: day('2024-03-22'), amount: 5 },
    // D: two purchases on the same first day only.
    { customerId: 'D', at: day('2024-03-10', 1), amount: 4 },
    { customerId: 'D', at: new Date(day('2024-03-10', 2)), amount: 6 },
    // After the observation end: ignored.
    { customerId: 'A', at: day('2024-04-30'), amount: 1000 },
  ];

  it('counts repeat purchase days, measures recency and T in days, averages repeat-day totals', () => {
    const result = summarizeTransactions(transactions, {
      calibrationEnd: '2024-03-20',
      observationEnd: '2024-03-31',
    });
    expect(result.timeUnit).toBe('days');
    expect(result.calibrationEnd).toBe('2024-03-20');
    expect(result.observationEnd).toBe('2024-03-31');
    expect(result.holdoutDuration).toBe(11);
    expect(result.excluded).toEqual({ firstPurchaseAfterCalibration: 1, transactionsAfterEnd: 1 });
    expect(result.customers).toEqual([
      {
        customerId: 'A',
        frequency: 2,
        recency: 10,
        T: 19,
        monetaryValue: 40, // (10 + 20 + 50) / 2: the first day's 100 is not a repeat purchase
        firstPurchase: '2024-03-01',
        holdoutFrequency: 1,
        holdoutMonetaryValue: 10,
      },
      {
        customerId: 'B',
        frequency: 0,
        recency: 0,
        T: 0,
        monetaryValue: 0,
        firstPurchase: '2024-03-20',
        holdoutFrequency: 0,
        holdoutMonetaryValue: 0,
      },
      {
        customerId: 'D',
        frequency: 0,
        recency: 0,
        T: 10,
        monetaryValue: 0,
        firstPurchase: '2024-03-10',
        holdoutFrequency: 0,
        holdoutMonetaryValue: 0,
      },
    ]);
  });

  it('measures weeks as days / 7 and leaves out holdout fields without an observation end', () => {
    const result = summarizeTransactions(transactions, { calibrationEnd: '2024-03-20', timeUnit: 'weeks' });
    const a = result.customers[0];
    expect(a).toEqual({
      customerId: 'A',
      frequency: 2,
      recency: 10 / 7,
      T: 19 / 7,
      monetaryValue: 40,
      firstPurchase: '2024-03-01',
    });
    expect(result.holdoutDuration).toBeNull();
    // Without a holdout everything after the calibration end is outside the window.
    expect(result.excluded.transactionsAfterEnd).toBe(4);
  });

  it('defines calendar days in the given time zone', () => {
    // 23:00 UTC on 03-20 is already 03-21 at UTC+2, i.e. after the calibration end.
    const late = [
      { customerId: 'X', at: day('2024-03-01'), amount: 1 },
      { customerId: 'X', at: day('2024-03-20', 23), amount: 2 },
    ];
    expect(summarizeTransactions(late, { calibrationEnd: '2024-03-20' }).customers[0]?.frequency).toBe(1);
    expect(
      summarizeTransactions(late, { calibrationEnd: '2024-03-20', utcOffsetMinutes: 120 }).customers[0]
        ?.frequency,
    ).toBe(0);
  });

  it('handles long, unsorted histories', () => {
    const many: Transaction[] = [];
    for (let k = 99; k >= 0; k--)
      many.push({ customerId: 'L', at: day('2024-01-01') + k * 86_400_000, amount: k });
    const [c] = summarizeTransactions(many, { calibrationEnd: '2024-12-31' }).customers;
    expect(c?.frequency).toBe(99);
    expect(c?.recency).toBe(99);
    expect(c?.monetaryValue).toBe((99 * 100) / 2 / 99); // mean of 1..99
    expect(c?.firstPurchase).toBe('2024-01-01');
  });

  it('returns nothing for no transactions', () => {
    const result = summarizeTransactions([], { calibrationEnd: '2024-01-01' });
    expect(result.customers).toEqual([]);
  });

  it('rejects bad input with invalid-argument', () => {
    const bad: [Transaction[], Parameters<typeof summarizeTransactions>[1]][] = [
      [[], { calibrationEnd: '2024-02-30' }],
      [[], { calibrationEnd: '20240101' }],
      [[], { calibrationEnd: '2024-02-01', observationEnd: '2024-01-01' }],
      [[{ customerId: '', at: 0, amount: 1 }], { calibrationEnd: '2024-01-01' }],
      [[{ customerId: 'a', at: NaN, amount: 1 }], { calibrationEnd: '2024-01-01' }],
      [[{ customerId: 'a', at: 0, amount: Infinity }], { calibrationEnd: '2024-01-01' }],
    ];
    for (const [txs, options] of bad) {
      expect(() => summarizeTransactions(txs, options)).toThrow(ServiceError);
    }
  });
});

describe('summarizeTransactions on CDNOW', () => {
  it('reproduces cdnow_customers_summary.csv for all 2,357 customers (same-day purchases combined, weeks = days/7)', () => {
    const built = summarizeTransactions(loadCdnowTransactions(), {
      calibrationEnd: '1997-09-30',
      timeUnit: 'weeks',
    });
    const expected = loadCdnowSummary();
    expect(built.customers).toHaveLength(expected.length);
    const byId = new Map(built.customers.map((c) => [c.customerId, c]));
    for (const row of expected) {
      const c = byId.get(row.id);
      expect(c?.frequency).toBe(row.frequency);
      expect(Math.abs((c?.recency ?? NaN) - row.recency)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(Math.abs((c?.T ?? NaN) - row.T)).toBeLessThanOrEqual(0.005 + 1e-9);
    }
    expect(built.customers.filter((c) => c.frequency > 0)).toHaveLength(946);
    // 4,814 distinct (customer, day) pairs up to 1997-09-30 (awk/sort -u), minus 2,357 first purchases.
    expect(built.customers.reduce((s, c) => s + c.frequency, 0)).toBe(4814 - 2357);
  });

  it('gives customer 1 the hand-computed values from CDNOW_sample.txt', () => {
    // 1997-01-01 $29.33, 1997-01-18 $29.73, 1997-08-02 $14.96, 1997-12-12 $26.48
    const built = summarizeTransactions(loadCdnowTransactions(), {
      calibrationEnd: '1997-09-30',
      observationEnd: '1998-06-30',
      timeUnit: 'weeks',
    });
    expect(built.holdoutDuration).toBe(273 / 7);
    const c = built.customers.find((x) => x.customerId === '1');
    expect(c?.frequency).toBe(2);
    expect(c?.recency).toBeCloseTo(213 / 7, 12);
    expect(c?.T).toBeCloseTo(272 / 7, 12);
    expect(c?.monetaryValue).toBeCloseTo((29.73 + 14.96) / 2, 12);
    expect(c?.holdoutFrequency).toBe(1);
    expect(c?.holdoutMonetaryValue).toBeCloseTo(26.48, 12);
  });
});
