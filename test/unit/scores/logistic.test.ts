import { describe, expect, it } from 'vitest';
import { fitLogistic, predict } from '../../../core/analytics/scores';
import type { LogisticFit, LogisticFitted } from '../../../core/analytics/scores';
import { expectInvalid } from './helpers';

/** Rows from (x, label, how many) groups, one feature. */
function grouped(groups: [x: number, label: 0 | 1, count: number][]): { X: Float64Array; y: Uint8Array } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [x, label, count] of groups) {
    for (let i = 0; i < count; i++) {
      xs.push(x);
      ys.push(label);
    }
  }
  return { X: Float64Array.from(xs), y: Uint8Array.from(ys) };
}

function fitted(fit: LogisticFit): LogisticFitted {
  if (!fit.ok) throw new Error(`expected a fit, got ${fit.reason}`);
  return fit;
}

/** Root of a increasing function on [lo, hi] by bisection: an independent solver. */
function bisect(f: (x: number) => number, lo: number, hi: number): number {
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Deterministic uniform(0, 1) numbers (a 32-bit LCG), so the simulation is the same every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
}

describe('fitLogistic against closed forms', () => {
  it('reproduces the unpenalised MLE of one binary feature: the log-odds of each group', () => {
    // x = 0: 3 of 10 convert; x = 1: 8 of 10. MLE: intercept = ln(3/7), slope = ln(8/2) − ln(3/7).
    const { X, y } = grouped([
      [0, 1, 3],
      [0, 0, 7],
      [1, 1, 8],
      [1, 0, 2],
    ]);
    const fit = fitted(fitLogistic(X, y, { lambda: 0, minPerClass: 1 }));
    expect(fit.converged).toBe(true);
    expect(fit.model.rawIntercept).toBeCloseTo(Math.log(3 / 7), 10);
    expect(fit.model.rawCoefficients[0]).toBeCloseTo(Math.log(4) - Math.log(3 / 7), 10);
    const p = predict(fit.model, Float64Array.from([0, 1]));
    expect(p[0]).toBeCloseTo(0.3, 12);
    expect(p[1]).toBeCloseTo(0.8, 12);
    // ln L = 3 ln .3 + 7 ln .7 + 8 ln .8 + 2 ln .2.
    const ll = 3 * Math.log(0.3) + 7 * Math.log(0.7) + 8 * Math.log(0.8) + 2 * Math.log(0.2);
    expect(fit.logLikelihood).toBeCloseTo(ll, 10);
    // Standardised: x̃ = (x − 0.5) / 0.5 = ±1, so the standardised slope is half the raw one.
    expect(fit.model.means).toEqual([0.5]);
    expect(fit.model.scales).toEqual([0.5]);
    expect(fit.model.coefficients[0]).toBeCloseTo((Math.log(4) - Math.log(3 / 7)) / 2, 10);
  });

  it('fits an intercept only (no features) as the log-odds of the base rate', () => {
    const y = Uint8Array.from([1, 1, 0, 0, 0, 0, 0, 0]);
    const fit = fitted(fitLogistic(new Float64Array(0), y, { minPerClass: 1 }));
    expect(fit.model.cols).toBe(0);
    expect(fit.model.rawIntercept).toBeCloseTo(Math.log(2 / 6), 12);
  });

  it('matches the penalised optimum of a symmetric design solved by bisection', () => {
    // x = 1: 7 of 10 convert, x = 0: 3 of 10. Standardised x̃ = ±1; by symmetry the intercept is 0,
    // and the slope β solves d/dβ = 2(10 σ(β) − 7) + λβ = 0.
    const { X, y } = grouped([
      [1, 1, 7],
      [1, 0, 3],
      [0, 1, 3],
      [0, 0, 7],
    ]);
    for (const lambda of [0.5, 2, 10]) {
      const beta = bisect((b) => 2 * (10 * sigmoid(b) - 7) + lambda * b, -10, 10);
      const fit = fitted(fitLogistic(X, y, { lambda, minPerClass: 1 }));
      expect(fit.converged).toBe(true);
      expect(fit.model.intercept).toBeCloseTo(0, 10);
      expect(fit.model.coefficients[0]).toBeCloseTo(beta, 10);
      // Raw scale: slope β / 0.5, intercept 0 − β · 0.5 / 0.5.
      expect(fit.model.rawCoefficients[0]).toBeCloseTo(2 * beta, 10);
      expect(fit.model.rawIntercept).toBeCloseTo(-beta, 10);
      expect(fit.gradientNorm).toBeLessThan(1e-8);
    }
  });
});

describe('fitLogistic optimality, checked with an objective written here', () => {
  it('has a zero gradient and a minimum of the penalised objective with three features', () => {
    const rand = lcg(7);
    const n = 400;
    const cols = 3;
    const X = new Float64Array(n * cols);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const a = rand() * 10;
      const b = rand() < 0.3 ? 1 : 0;
      const c = a * 0.5 + rand(); // correlated with a
      X.set([a, b, c], i * cols);
      y[i] = rand() < sigmoid(-1 + 0.3 * a + 1.2 * b - 0.4 * c) ? 1 : 0;
    }
    const lambda = 3;
    const fit = fitted(fitLogistic(X, y, { lambda, minPerClass: 20 }));
    // The objective from its definition, on the raw scale: standardise with the column mean and
    // population sd computed here, then −Σ [y z − ln(1 + e^z)] + λ/2 Σ β².
    const mean = [0, 1, 2].map(
      (j) => Array.from({ length: n }, (_, i) => X[i * cols + j] as number).reduce((s, v) => s + v, 0) / n,
    );
    const sd = [0, 1, 2].map((j) =>
      Math.sqrt(
        Array.from({ length: n }, (_, i) => ((X[i * cols + j] as number) - (mean[j] as number)) ** 2).reduce(
          (s, v) => s + v,
          0,
        ) / n,
      ),
    );
    const F = (theta: number[]): number => {
      let f = 0;
      for (let i = 0; i < n; i++) {
        let z = theta[0] as number;
        for (let j = 0; j < cols; j++)
          z +=
            (theta[j + 1] as number) *
            (((X[i * cols + j] as number) - (mean[j] as number)) / (sd[j] as number));
        f += Math.log(1 + Math.exp(z)) - (y[i] as number) * z;
      }
      return f + (lambda / 2) * theta.slice(1).reduce((s, b) => s + b * b, 0);
    };
    const theta = [fit.model.intercept, ...fit.model.coefficients];
    const f0 = F(theta);
    const h = 1e-4;
    for (let j = 0; j < theta.length; j++) {
      const plus = theta.map((v, m) => (m === j ? v + h : v));
      const minus = theta.map((v, m) => (m === j ? v - h : v));
      expect(F(plus)).toBeGreaterThan(f0);
      expect(F(minus)).toBeGreaterThan(f0);
      expect(Math.abs((F(plus) - F(minus)) / (2 * h))).toBeLessThan(1e-6);
    }
    expect(fit.logLikelihood).toBeCloseTo(
      -(f0 - (lambda / 2) * fit.model.coefficients.reduce((s, b) => s + b * b, 0)),
      9,
    );
  });
});

describe('fitLogistic behaviour', () => {
  const separated = grouped([
    [0, 0, 5],
    [1, 0, 5],
    [2, 1, 5],
    [3, 1, 5],
  ]);

  it('keeps coefficients finite under perfect separation when λ > 0', () => {
    const fit = fitted(fitLogistic(separated.X, separated.y, { lambda: 1, minPerClass: 1 }));
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.model.coefficients[0])).toBe(true);
    expect(fit.model.coefficients[0]).toBeGreaterThan(0);
    const p = predict(fit.model, Float64Array.from([0, 3]));
    expect(p[0]).toBeLessThan(0.5);
    expect(p[1]).toBeGreaterThan(0.5);
  });

  it('reports non-convergence without blowing up when separated and λ = 0', () => {
    const fit = fitted(fitLogistic(separated.X, separated.y, { lambda: 0, minPerClass: 1, maxIter: 200 }));
    expect(fit.converged).toBe(false);
    expect(Number.isFinite(fit.model.coefficients[0])).toBe(true);
    expect(Number.isFinite(fit.model.rawIntercept)).toBe(true);
    expect(fit.reason).toMatch(/lambda > 0|iterations/);
  });

  it('does not depend on the units of a feature', () => {
    const { X, y } = grouped([
      [1, 1, 4],
      [1, 0, 6],
      [2, 1, 5],
      [2, 0, 5],
      [4, 1, 8],
      [4, 0, 2],
    ]);
    const thousand = X.map((v) => v * 1000);
    const a = fitted(fitLogistic(X, y, { minPerClass: 1 }));
    const b = fitted(fitLogistic(thousand, y, { minPerClass: 1 }));
    expect(b.model.coefficients[0]).toBeCloseTo(a.model.coefficients[0] as number, 12);
    const pa = predict(a.model, Float64Array.from([1, 2, 4]));
    const pb = predict(b.model, Float64Array.from([1000, 2000, 4000]));
    pa.forEach((p, i) => expect(pb[i]).toBeCloseTo(p, 12));
  });

  it('gives a constant column coefficient 0 and otherwise the same fit', () => {
    const { X, y } = grouped([
      [0, 1, 3],
      [0, 0, 7],
      [1, 1, 8],
      [1, 0, 2],
    ]);
    const two = new Float64Array(X.length * 2);
    X.forEach((v, i) => {
      two[2 * i] = v;
      two[2 * i + 1] = 5;
    });
    const one = fitted(fitLogistic(X, y, { minPerClass: 1 }));
    const fit = fitted(fitLogistic(two, y, { minPerClass: 1 }));
    expect(fit.constantColumns).toEqual([1]);
    expect(fit.model.coefficients[1]).toBe(0);
    expect(fit.model.rawCoefficients[1]).toBe(0);
    expect(fit.model.coefficients[0]).toBeCloseTo(one.model.coefficients[0] as number, 12);
    expect(predict(fit.model, Float64Array.from([1, 123]))[0]).toBeCloseTo(
      predict(one.model, Float64Array.from([1]))[0] as number,
      12,
    );
  });

  it('is deterministic', () => {
    const { X, y } = grouped([
      [0, 1, 3],
      [0, 0, 7],
      [1, 1, 8],
      [1, 0, 2],
    ]);
    expect(fitLogistic(X, y, { minPerClass: 1 })).toEqual(fitLogistic(X, y, { minPerClass: 1 }));
  });

  it('recovers known coefficients from 20,000 simulated rows', () => {
    // True model: logit p = −0.5 + 1.5 x₁ − 1.0 x₂, x₁ ~ U(−1, 1), x₂ ~ U(0, 2). Standard errors
    // at this size are about 0.03–0.05, so 0.15 is a 3-to-5-sigma band.
    const rand = lcg(12345);
    const n = 20_000;
    const X = new Float64Array(n * 2);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const x1 = 2 * rand() - 1;
      const x2 = 2 * rand();
      X[2 * i] = x1;
      X[2 * i + 1] = x2;
      y[i] = rand() < sigmoid(-0.5 + 1.5 * x1 - x2) ? 1 : 0;
    }
    const fit = fitted(fitLogistic(X, y, { lambda: 1e-6 }));
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThan(15);
    expect(Math.abs(fit.model.rawIntercept + 0.5)).toBeLessThan(0.15);
    expect(Math.abs((fit.model.rawCoefficients[0] as number) - 1.5)).toBeLessThan(0.15);
    expect(Math.abs((fit.model.rawCoefficients[1] as number) + 1)).toBeLessThan(0.15);
  });
});

describe('fitLogistic refusals', () => {
  it('refuses one class, and too few of either class, as data', () => {
    const ones = new Float64Array(100).fill(1);
    const single = fitLogistic(ones, new Uint8Array(100).fill(1));
    expect(single).toMatchObject({ ok: false, reason: 'single-class', positives: 100, negatives: 0 });

    // 49 positives, 51 negatives with the default minimum of 50.
    const y = Uint8Array.from({ length: 100 }, (_, i) => (i < 49 ? 1 : 0));
    expect(
      fitLogistic(
        Float64Array.from({ length: 100 }, (_, i) => i),
        y,
      ),
    ).toMatchObject({
      ok: false,
      reason: 'too-few-positives',
      positives: 49,
      negatives: 51,
      minPerClass: 50,
    });
    const flipped = y.map((v) => 1 - v);
    expect(
      fitLogistic(
        Float64Array.from({ length: 100 }, (_, i) => i),
        flipped,
      ),
    ).toMatchObject({
      ok: false,
      reason: 'too-few-negatives',
    });
    // Exactly 50 of each is enough.
    const even = Uint8Array.from({ length: 100 }, (_, i) => i % 2);
    expect(
      fitLogistic(
        Float64Array.from({ length: 100 }, (_, i) => i % 7),
        even,
      ).ok,
    ).toBe(true);
  });

  it('fails on malformed input', () => {
    const y = Uint8Array.from([0, 1, 0, 1]);
    expectInvalid(() => fitLogistic(new Float64Array(5), y), /not a whole number of columns/);
    expectInvalid(() => fitLogistic(Float64Array.from([0, 1, Number.NaN, 2]), y), /finite number/);
    expectInvalid(
      () => fitLogistic(new Float64Array(4), Uint8Array.from([0, 1, 2, 1])),
      /Labels must be 0 or 1/,
    );
    expectInvalid(() => fitLogistic(new Float64Array(4), y, { lambda: -1 }), /lambda/);
    expectInvalid(() => fitLogistic(new Float64Array(4), y, { maxIter: 0 }), /maxIter/);
    expectInvalid(() => fitLogistic(new Float64Array(4), y, { minPerClass: 0 }), /minPerClass/);
    expectInvalid(() => fitLogistic(new Float64Array(0), new Uint8Array(0)), /no rows/);
  });

  it('predict refuses a matrix of the wrong width', () => {
    const { X, y } = grouped([
      [0, 1, 3],
      [0, 0, 7],
      [1, 1, 8],
      [1, 0, 2],
    ]);
    const model = fitted(fitLogistic(X, y, { minPerClass: 1 })).model;
    expectInvalid(() => predict({ ...model, cols: 2 }, Float64Array.from([1, 2, 3])), /whole number of rows/);
    expectInvalid(() => predict(model, new Float64Array(0)), /whole number of rows/);
  });
});
