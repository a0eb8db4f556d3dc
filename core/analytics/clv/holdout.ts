import { ServiceError } from '../../errors';
import { expectedPurchases } from './bgnbd';
import type { PurchaseHistory } from './bgnbd';
import type { BgNbdParams, HoldoutBucket, HoldoutComparison } from './types';

export type { HoldoutBucket, HoldoutComparison } from './types';

export interface HoldoutCustomer extends PurchaseHistory {
  /** Purchase days observed in the holdout period. */
  holdoutFrequency: number;
}

export interface HoldoutOptions {
  /** Frequencies at or above this share one bucket (default 7, as in FHL 2005, figure 4). */
  maxFrequencyBucket?: number;
}

/**
 * Judges a BG/NBD fit on data it did not see: for every customer, the purchases
 * predicted for the holdout period from their calibration history (conditional
 * expectation, FHL 2005 eq. 10) against the purchases they actually made; grouped by
 * calibration frequency (the paper's conditional-expectation chart) and in aggregate.
 */
export function compareHoldout(
  params: BgNbdParams,
  customers: readonly HoldoutCustomer[],
  holdoutDuration: number,
  options: HoldoutOptions = {},
): HoldoutComparison {
  const maxBucket = options.maxFrequencyBucket ?? 7;
  if (!(Number.isInteger(maxBucket) && maxBucket >= 1)) {
    throw new ServiceError('invalid-argument', 'maxFrequencyBucket must be a whole number of 1 or more.', {
      maxFrequencyBucket: maxBucket,
    });
  }
  if (!(Number.isFinite(holdoutDuration) && holdoutDuration > 0)) {
    throw new ServiceError('invalid-argument', 'The holdout period must be longer than 0.', {
      holdoutDuration,
    });
  }
  const buckets: HoldoutBucket[] = Array.from({ length: maxBucket + 1 }, (_, k) => ({
    frequency: k,
    label: k === maxBucket ? `${k}+` : String(k),
    customers: 0,
    actualTotal: 0,
    predictedTotal: 0,
    actualMean: 0,
    predictedMean: 0,
  }));
  let actualTotal = 0;
  let predictedTotal = 0;
  let absError = 0;
  let sqError = 0;
  let sp = 0;
  let sa = 0;
  let spp = 0;
  let saa = 0;
  let spa = 0;
  for (let i = 0; i < customers.length; i++) {
    const c = customers[i] as HoldoutCustomer;
    if (!(Number.isInteger(c.holdoutFrequency) && c.holdoutFrequency >= 0)) {
      throw new ServiceError('invalid-argument', 'Holdout frequency must be a whole number, 0 or more.', {
        index: i,
        holdoutFrequency: c.holdoutFrequency,
      });
    }
    const predicted = expectedPurchases(params, c, holdoutDuration);
    const actual = c.holdoutFrequency;
    const bucket = buckets[Math.min(c.frequency, maxBucket)] as HoldoutBucket;
    bucket.customers++;
    bucket.actualTotal += actual;
    bucket.predictedTotal += predicted;
    actualTotal += actual;
    predictedTotal += predicted;
    absError += Math.abs(predicted - actual);
    sqError += (predicted - actual) ** 2;
    sp += predicted;
    sa += actual;
    spp += predicted * predicted;
    saa += actual * actual;
    spa += predicted * actual;
  }
  for (const b of buckets) {
    b.actualMean = b.customers > 0 ? b.actualTotal / b.customers : 0;
    b.predictedMean = b.customers > 0 ? b.predictedTotal / b.customers : 0;
  }
  const n = customers.length;
  const cov = spa - (sp * sa) / n;
  const varP = spp - (sp * sp) / n;
  const varA = saa - (sa * sa) / n;
  return {
    holdoutDuration,
    buckets,
    aggregate: {
      customers: n,
      actualTotal,
      predictedTotal,
      percentError: actualTotal > 0 ? (100 * (predictedTotal - actualTotal)) / actualTotal : null,
      meanAbsoluteError: n > 0 ? absError / n : 0,
      rootMeanSquaredError: n > 0 ? Math.sqrt(sqError / n) : 0,
      correlation: n > 1 && varP > 0 && varA > 0 ? cov / Math.sqrt(varP * varA) : null,
    },
  };
}
