import { fail } from '../../errors';
import type { CalibrationBin } from './types';

export type { CalibrationBin } from './types';

/**
 * How good a score is, measured on data the model did not see: AUC (does it rank converters
 * above non-converters?) and calibration (are its probabilities right?). This replaces the
 * fixed "model accuracy 0.82" of marketing-analytics-design.md with measured numbers.
 */

function checkPair(values: ArrayLike<number>, labels: ArrayLike<number>, what: string): void {
  if (values.length !== labels.length) {
    fail(
      'invalid-argument',
      `There are ${values.length} ${what} but ${labels.length} labels; give one label per ${what.replace(/s$/, '')}.`,
      {
        values: values.length,
        labels: labels.length,
      },
    );
  }
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l !== 0 && l !== 1) fail('invalid-argument', 'Labels must be 0 or 1.', { index: i, label: l });
    if (Number.isNaN(values[i])) fail('invalid-argument', `The ${what} must be numbers.`, { index: i });
  }
}

/**
 * Area under the ROC curve by the Mann–Whitney statistic: the probability that a random
 * positive scores above a random negative, ties counting ½. Null when there are no
 * positives or no negatives (nothing to rank against).
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  checkPair(scores, labels, 'scores');
  const n = scores.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i] as number;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  );
  // Sum of the positives' ranks (1-based), tied scores sharing their mean rank.
  let rankSum = 0;
  let start = 0;
  while (start < n) {
    const v = scores[order[start] as number] as number;
    let end = start + 1;
    while (end < n && scores[order[end] as number] === v) end++;
    const meanRank = (start + 1 + end) / 2;
    for (let m = start; m < end; m++) if (labels[order[m] as number] === 1) rankSum += meanRank;
    start = end;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface Calibration {
  bins: CalibrationBin[];
  /** Mean squared error of the probabilities: 0 is perfect; always predicting the base rate r gives r(1 − r). */
  brier: number;
  /** Σ over bins of (count / n) · |meanPredicted − observedRate|. */
  expectedCalibrationError: number;
  count: number;
}

/** Equal-width bins over [0, 1]: per bin the mean prediction against the observed rate; plus the Brier score. */
export function calibration(probs: ArrayLike<number>, labels: ArrayLike<number>, bins = 10): Calibration {
  checkPair(probs, labels, 'probabilities');
  if (!(Number.isInteger(bins) && bins >= 1 && bins <= 1000)) {
    fail('invalid-argument', 'The number of calibration bins must be a whole number from 1 to 1000.', {
      bins,
    });
  }
  const n = probs.length;
  if (n === 0) fail('invalid-argument', 'Calibration needs at least one prediction.');
  const counts = new Float64Array(bins);
  const sums = new Float64Array(bins);
  const hits = new Float64Array(bins);
  let squared = 0;
  for (let i = 0; i < n; i++) {
    const p = probs[i] as number;
    if (!(p >= 0 && p <= 1))
      fail('invalid-argument', 'Probabilities must lie between 0 and 1.', { index: i, value: p });
    const y = labels[i] as number;
    const b = Math.min(bins - 1, Math.floor(p * bins));
    counts[b]++;
    sums[b] += p;
    hits[b] += y;
    squared += (p - y) ** 2;
  }
  let ece = 0;
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const c = counts[b] as number;
    const meanPredicted = c > 0 ? (sums[b] as number) / c : null;
    const observedRate = c > 0 ? (hits[b] as number) / c : null;
    if (meanPredicted !== null && observedRate !== null)
      ece += (c / n) * Math.abs(meanPredicted - observedRate);
    out.push({ lower: b / bins, upper: (b + 1) / bins, count: c, meanPredicted, observedRate });
  }
  return { bins: out, brier: squared / n, expectedCalibrationError: ece, count: n };
}
