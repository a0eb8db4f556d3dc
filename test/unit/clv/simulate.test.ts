import { describe, expect, it } from 'vitest';
import { createRandom, simulateTransactions } from '../../../core/analytics/clv/simulate';
import { ServiceError } from '../../../core/errors';

const options = {
  customers: 300,
  purchases: { r: 0.5, alpha: 20, a: 0.8, b: 2.5 },
  spend: { p: 6, q: 4, gamma: 15 },
  start: Date.UTC(2024, 0, 1),
  acquisitionDays: 30,
  days: 200,
  seed: 42,
};

describe('createRandom', () => {
  it('draws Gamma and Beta variates with the right mean and variance', () => {
    const rng = createRandom(1);
    const n = 200_000;
    const moments = (draw: () => number): [number, number] => {
      let s = 0;
      let ss = 0;
      for (let i = 0; i < n; i++) {
        const v = draw();
        s += v;
        ss += v * v;
      }
      const mean = s / n;
      return [mean, ss / n - mean * mean];
    };
    // Gamma(shape 2.5, rate 4): mean 0.625, variance 0.15625; shape < 1 uses the boost.
    const [gm, gv] = moments(() => rng.gamma(2.5, 4));
    expect(gm).toBeCloseTo(0.625, 2);
    expect(gv).toBeCloseTo(0.15625, 2);
    const [sm, sv] = moments(() => rng.gamma(0.3, 2));
    expect(sm).toBeCloseTo(0.15, 2);
    expect(sv).toBeCloseTo(0.075, 2);
    // Beta(0.8, 2.5): mean 0.8/3.3, variance ab/((a+b)²(a+b+1)).
    const [bm, bv] = moments(() => rng.beta(0.8, 2.5));
    expect(bm).toBeCloseTo(0.8 / 3.3, 2);
    expect(bv).toBeCloseTo((0.8 * 2.5) / (3.3 * 3.3 * 4.3), 2);
  });

  it('repeats its stream for the same seed', () => {
    const a = createRandom(9);
    const b = createRandom(9);
    for (let i = 0; i < 5; i++) expect(a.uniform()).toBe(b.uniform());
  });
});

describe('simulateTransactions', () => {
  it('is deterministic for a seed and keeps purchases inside the history', () => {
    const first = simulateTransactions(options);
    expect(simulateTransactions(options)).toEqual(first);
    expect(simulateTransactions({ ...options, seed: 43 })).not.toEqual(first);
    expect(new Set(first.map((t) => t.customerId)).size).toBe(300);
    for (const t of first) {
      expect(t.amount).toBeGreaterThan(0);
      expect(t.at).toBeGreaterThanOrEqual(options.start);
      expect(t.at).toBeLessThan(options.start + 200 * 86_400_000);
    }
  });

  it('rejects an acquisition window longer than the history', () => {
    expect(() => simulateTransactions({ ...options, acquisitionDays: 300 })).toThrow(ServiceError);
  });
});
