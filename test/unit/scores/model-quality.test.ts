import { describe, expect, it } from 'vitest';
import { auc, calibration } from '../../../core/analytics/scores';
import { expectInvalid } from './helpers';

/** AUC by counting every positive–negative pair: an independent O(n²) reference. */
function pairAuc(scores: number[], labels: number[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((s, i) => {
    if (labels[i] !== 1) return;
    scores.forEach((t, j) => {
      if (labels[j] !== 0) return;
      pairs++;
      wins += s > t ? 1 : s === t ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('auc', () => {
  it('counts ranked pairs by hand', () => {
    // Positives 0.35, 0.8; negatives 0.1, 0.4: pairs won 0.35>0.1, 0.8>0.1, 0.8>0.4 → 3 of 4.
    expect(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
  });

  it('counts ties as one half', () => {
    // Positives 0.5, 0.9; negatives 0.5, 0.1: ½ + 1 + 1 + 1 = 3.5 of 4.
    expect(auc([0.5, 0.9, 0.5, 0.1], [1, 1, 0, 0])).toBe(0.875);
    expect(auc([0.3, 0.3, 0.3, 0.3], [1, 0, 1, 0])).toBe(0.5);
  });

  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(auc([1, 2, 3, 4], [0, 0, 1, 1])).toBe(1);
    expect(auc([4, 3, 2, 1], [0, 0, 1, 1])).toBe(0);
    expect(auc([0, 1], [0, 1])).toBe(1);
  });

  it('equals pair counting on a larger set with many ties', () => {
    const scores = Array.from({ length: 300 }, (_, i) => ((i * 37) % 11) / 10);
    const labels = scores.map((s, i) => ((i * 13) % 7 < 2 + s * 3 ? 1 : 0));
    expect(auc(scores, labels)).toBeCloseTo(pairAuc(scores, labels), 12);
  });

  it('is null without positives or without negatives', () => {
    expect(auc([0.1, 0.2], [0, 0])).toBeNull();
    expect(auc([0.1, 0.2], [1, 1])).toBeNull();
    expect(auc([], [])).toBeNull();
  });

  it('refuses mismatched or invalid input', () => {
    expectInvalid(() => auc([0.1, 0.2], [0]), /2 scores but 1 labels/);
    expectInvalid(() => auc([0.1, 0.2], [0, 2]), /Labels must be 0 or 1/);
    expectInvalid(() => auc([Number.NaN, 0.2], [0, 1]), /must be numbers/);
  });
});

describe('calibration', () => {
  it('bins predictions and computes Brier and the calibration error by hand', () => {
    const c = calibration([0.05, 0.15, 0.12, 0.95, 1.0], [0, 1, 0, 1, 1]);
    expect(c.count).toBe(5);
    expect(c.bins).toHaveLength(10);
    // Bin 0: {0.05}, none converted.
    expect(c.bins[0]).toEqual({ lower: 0, upper: 0.1, count: 1, meanPredicted: 0.05, observedRate: 0 });
    // Bin 1: {0.15, 0.12}: mean 0.135, 1 of 2.
    expect(c.bins[1]?.count).toBe(2);
    expect(c.bins[1]?.meanPredicted).toBeCloseTo(0.135, 15);
    expect(c.bins[1]?.observedRate).toBe(0.5);
    // Bin 9 holds 0.95 and 1.0 (the last bin includes 1): mean 0.975, 2 of 2.
    expect(c.bins[9]?.count).toBe(2);
    expect(c.bins[9]?.meanPredicted).toBeCloseTo(0.975, 15);
    expect(c.bins[9]?.observedRate).toBe(1);
    // Empty bins say so.
    expect(c.bins[5]).toEqual({ lower: 0.5, upper: 0.6, count: 0, meanPredicted: null, observedRate: null });
    // Brier: (0.05² + 0.85² + 0.12² + 0.05² + 0²) / 5 = (0.0025 + 0.7225 + 0.0144 + 0.0025) / 5 = 0.14838.
    expect(c.brier).toBeCloseTo(0.14838, 12);
    // ECE: (1·0.05 + 2·0.365 + 2·0.025) / 5 = 0.83 / 5 = 0.166.
    expect(c.expectedCalibrationError).toBeCloseTo(0.166, 12);
  });

  it('gives the base-rate Brier r(1 − r) for always predicting the base rate', () => {
    // Rate 0.25 predicted for 1 positive and 3 negatives: (0.75² + 3 · 0.25²) / 4 = 0.1875 = 0.25 · 0.75.
    const c = calibration([0.25, 0.25, 0.25, 0.25], [1, 0, 0, 0], 4);
    expect(c.brier).toBeCloseTo(0.1875, 15);
    expect(c.expectedCalibrationError).toBeCloseTo(0, 15);
    expect(c.bins[1]).toEqual({ lower: 0.25, upper: 0.5, count: 4, meanPredicted: 0.25, observedRate: 0.25 });
  });

  it('works with a single bin and a single prediction', () => {
    const c = calibration([0], [1], 1);
    expect(c.bins).toEqual([{ lower: 0, upper: 1, count: 1, meanPredicted: 0, observedRate: 1 }]);
    expect(c.brier).toBe(1);
    expect(c.expectedCalibrationError).toBe(1);
  });

  it('refuses invalid input', () => {
    expectInvalid(() => calibration([], []), /at least one prediction/);
    expectInvalid(() => calibration([1.2], [1]), /between 0 and 1/);
    expectInvalid(() => calibration([Number.NaN], [1]), /must be numbers/);
    expectInvalid(() => calibration([0.5], [1], 0), /bins/);
    expectInvalid(() => calibration([0.5], [1], 2.5), /bins/);
    expectInvalid(() => calibration([0.5, 0.2], [1]), /2 probabilities but 1 labels/);
  });
});
