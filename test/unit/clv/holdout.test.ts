import { describe, expect, it } from 'vitest';
import { expectedPurchases, fitBgNbd } from '../../../core/analytics/clv/bgnbd';
import type { BgNbdParams } from '../../../core/analytics/clv/bgnbd';
import { compareHoldout } from '../../../core/analytics/clv/holdout';
import { summarizeTransactions } from '../../../core/analytics/clv/summary';
import { ServiceError } from '../../../core/errors';
import { loadCdnowTransactions } from './cdnow';

const BG: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('compareHoldout', () => {
  it('buckets customers by calibration frequency and sums actual against predicted', () => {
    const customers = [
      { frequency: 0, recency: 0, T: 30, holdoutFrequency: 1 },
      { frequency: 1, recency: 10, T: 30, holdoutFrequency: 0 },
      { frequency: 3, recency: 28, T: 30, holdoutFrequency: 4 },
      { frequency: 9, recency: 29, T: 30, holdoutFrequency: 5 },
    ];
    const predicted = customers.map((c) => expectedPurchases(BG, c, 20));
    const actual = customers.map((c) => c.holdoutFrequency);
    const result = compareHoldout(BG, customers, 20, { maxFrequencyBucket: 3 });
    expect(result.buckets.map((b) => b.label)).toEqual(['0', '1', '2', '3+']);
    expect(result.buckets.map((b) => b.customers)).toEqual([1, 1, 0, 2]);
    const last = result.buckets[3];
    expect(last?.actualTotal).toBe(9);
    expect(last?.actualMean).toBe(4.5);
    expect(last?.predictedTotal).toBeCloseTo((predicted[2] as number) + (predicted[3] as number), 12);
    expect(result.buckets[2]).toMatchObject({ customers: 0, actualMean: 0, predictedMean: 0 });

    const sumP = predicted.reduce((s, v) => s + v, 0);
    const { aggregate } = result;
    expect(aggregate.customers).toBe(4);
    expect(aggregate.actualTotal).toBe(10);
    expect(aggregate.predictedTotal).toBeCloseTo(sumP, 12);
    expect(aggregate.percentError).toBeCloseTo((100 * (sumP - 10)) / 10, 10);
    const errors = predicted.map((p, i) => p - (actual[i] as number));
    expect(aggregate.meanAbsoluteError).toBeCloseTo(errors.reduce((s, e) => s + Math.abs(e), 0) / 4, 12);
    expect(aggregate.rootMeanSquaredError).toBeCloseTo(
      Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / 4),
      12,
    );
    // Pearson correlation, written out.
    const mp = sumP / 4;
    const ma = 10 / 4;
    let cov = 0;
    let vp = 0;
    let va = 0;
    for (let i = 0; i < 4; i++) {
      const dp = (predicted[i] as number) - mp;
      const da = (actual[i] as number) - ma;
      cov += dp * da;
      vp += dp * dp;
      va += da * da;
    }
    expect(aggregate.correlation).toBeCloseTo(cov / Math.sqrt(vp * va), 10);
  });

  it('reports no percent error or correlation when nothing was bought in the holdout', () => {
    const result = compareHoldout(BG, [{ frequency: 1, recency: 1, T: 5, holdoutFrequency: 0 }], 10);
    expect(result.aggregate.percentError).toBeNull();
    expect(result.aggregate.correlation).toBeNull();
  });

  it('rejects a bad holdout period or frequency', () => {
    expect(() => compareHoldout(BG, [], 0)).toThrow(ServiceError);
    expect(() => compareHoldout(BG, [{ frequency: 0, recency: 0, T: 1, holdoutFrequency: -1 }], 5)).toThrow(
      ServiceError,
    );
    expect(() => compareHoldout(BG, [], 5, { maxFrequencyBucket: 0 })).toThrow(ServiceError);
  });

  it('compares the CDNOW fit with the 39-week holdout', () => {
    const built = summarizeTransactions(loadCdnowTransactions(), {
      calibrationEnd: '1997-09-30',
      observationEnd: '1998-06-30',
      timeUnit: 'weeks',
    });
    const fit = fitBgNbd(built.customers);
    const customers = built.customers.map((c) => ({ ...c, holdoutFrequency: c.holdoutFrequency ?? NaN }));
    const result = compareHoldout(fit.params, customers, built.holdoutDuration ?? NaN);
    expect(result.holdoutDuration).toBe(39);
    // Distinct (customer, day) pairs after 1997-09-30 in CDNOW_sample.txt, counted with awk/sort -u.
    expect(result.aggregate.actualTotal).toBe(1882);
    expect(result.buckets[0]?.customers).toBe(2357 - 946);
    expect(result.buckets.reduce((s, b) => s + b.customers, 0)).toBe(2357);
    // The model tracks the holdout: within 15% in aggregate, and rising with calibration frequency.
    expect(Math.abs(result.aggregate.percentError ?? Infinity)).toBeLessThan(15);
    const means = result.buckets.map((b) => b.predictedMean);
    for (let k = 1; k < means.length; k++) expect(means[k]).toBeGreaterThan(means[k - 1] as number);
  });
});
