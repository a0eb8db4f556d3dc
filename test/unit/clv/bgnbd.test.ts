import { describe, expect, it } from 'vitest';
import {
  bgnbdCustomerLogLikelihood,
  bgnbdLogLikelihood,
  bgnbdObjective,
  expectedPurchases,
  expectedPurchasesNewCustomer,
  fitBgNbd,
  probabilityAlive,
} from '../../../core/analytics/clv/bgnbd';
import type { BgNbdParams, PurchaseHistory } from '../../../core/analytics/clv/bgnbd';
import { numericalGradient } from '../../../core/analytics/clv/optimize';
import { simulateTransactions } from '../../../core/analytics/clv/simulate';
import { summarizeTransactions } from '../../../core/analytics/clv/summary';
import { ServiceError } from '../../../core/errors';
import { loadCdnowSummary, loadCdnowTransactions } from './cdnow';
import { integrate, integrateToInfinity } from './quadrature';

/** Fader, Hardie & Lee (2005), table 1: the BG/NBD fitted to the CDNOW sample, in weeks. */
const PUBLISHED: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

function expectServiceError(run: () => unknown, pattern: RegExp): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe('invalid-argument');
    expect((error as ServiceError).message).toMatch(pattern);
    return;
  }
  throw new Error('expected a ServiceError');
}

// ---- Independent reference: the model integrated numerically over λ and p ----------------

/** ∫ h(p) p^(a−1) (1−p)^(b−1) dp / ∫ p^(a−1) (1−p)^(b−1) dp, normalised numerically. */
function betaExpectation(h: (p: number) => number, a: number, b: number): number {
  const w = (p: number): number => Math.exp((a - 1) * Math.log(p) + (b - 1) * Math.log1p(-p));
  return integrate((p) => h(p) * w(p), 0, 1) / integrate(w, 0, 1);
}

/**
 * ln ∫_0^∞ λ^(k−1) e^(−cλ) dλ, numerically: the integrand is divided by its value at the
 * mode m so that large k (frequent buyers) neither overflows nor underflows.
 */
function logGammaKernel(k: number, c: number): number {
  const m = Math.max(k - 1, 1e-3) / c;
  const peak = (k - 1) * Math.log(m) - c * m;
  const f = (l: number): number => Math.exp((k - 1) * Math.log(l / m) - c * (l - m));
  if (k > 20) {
    // A narrow peak (width √(k−1)/c): integrate over ±40 widths around it.
    const width = Math.sqrt(k - 1) / c;
    return peak + Math.log(integrate(f, Math.max(0, m - 40 * width), m + 40 * width));
  }
  return peak + Math.log(integrateToInfinity(f, Math.max(k, 1) / c));
}

/**
 * The individual-level likelihood of FHL (2005), eq. 3 — alive part (1−p)^x λ^x e^(−λT),
 * dead part p (1−p)^(x−1) λ^x e^(−λ t_x) — averaged numerically over λ ~ Gamma(r, α) and
 * p ~ Beta(a, b). Returns the logs of both parts.
 */
function numericLikelihood(params: BgNbdParams, h: PurchaseHistory): { alive: number; dead: number } {
  const { r, alpha, a, b } = params;
  const { frequency: x, recency: tx, T } = h;
  const prior = logGammaKernel(r, alpha);
  const alive =
    Math.log(betaExpectation((p) => Math.pow(1 - p, x), a, b)) + logGammaKernel(r + x, alpha + T) - prior;
  const dead =
    x === 0
      ? -Infinity
      : Math.log(betaExpectation((p) => p * Math.pow(1 - p, x - 1), a, b)) +
        logGammaKernel(r + x, alpha + tx) -
        prior;
  return { alive, dead };
}

function numericProbabilityAlive(params: BgNbdParams, h: PurchaseHistory): number {
  const { alive, dead } = numericLikelihood(params, h);
  return 1 / (1 + Math.exp(dead - alive));
}

/**
 * E[Y(t) | x, t_x, T] = P(alive) · E[(1 − e^(−λpt))/p | alive], the posterior of an alive
 * customer being λ ~ Gamma(r+x, α+T), p ~ Beta(a, b+x); E over λ by the Gamma moment
 * generating function, over p numerically. Shares nothing with the ₂F₁ route.
 */
function numericConditionalExpectation(params: BgNbdParams, h: PurchaseHistory, t: number): number {
  const { r, alpha, a, b } = params;
  const { frequency: x, T } = h;
  const inner = (p: number): number => -Math.expm1(-(r + x) * Math.log1p((p * t) / (alpha + T))) / p;
  return numericProbabilityAlive(params, h) * betaExpectation(inner, a, b + x);
}

// ---- CDNOW ---------------------------------------------------------------------------------

describe('BG/NBD on the CDNOW sample (Fader, Hardie & Lee 2005)', () => {
  const summary = loadCdnowSummary();

  it('reproduces the published parameters and log-likelihood from cdnow_customers_summary.csv', () => {
    expect(summary).toHaveLength(2357);
    const fit = fitBgNbd(summary);
    expect(fit.customers).toBe(2357);
    expect(fit.params.r).toBeCloseTo(0.243, 3);
    expect(fit.params.alpha).toBeCloseTo(4.414, 3);
    expect(fit.params.a).toBeCloseTo(0.793, 3);
    expect(fit.params.b).toBeCloseTo(2.426, 3);
    expect(fit.report.logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(fit.report.converged).toBe(true);
    expect(fit.report.atBounds).toEqual([]);
    expect(fit.report.gradientNorm).toBeLessThan(1e-6);
    expect(fit.report.runs).toBeGreaterThanOrEqual(2);
    expect(fit.report.runSpread).toBeLessThan(1e-4);
  });

  it('reproduces them from the raw transactions as well', () => {
    const built = summarizeTransactions(loadCdnowTransactions(), {
      calibrationEnd: '1997-09-30',
      timeUnit: 'weeks',
    });
    const fit = fitBgNbd(built.customers);
    expect(fit.params.r).toBeCloseTo(0.243, 3);
    expect(fit.params.alpha).toBeCloseTo(4.414, 3);
    expect(fit.params.a).toBeCloseTo(0.793, 3);
    expect(fit.params.b).toBeCloseTo(2.426, 3);
    expect(fit.report.logLikelihood).toBeCloseTo(-9582.4, 1);
  });

  it('finds a maximum: moving any parameter by 1% lowers the log-likelihood', () => {
    const fit = fitBgNbd(summary);
    const best = fit.report.logLikelihood;
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      for (const factor of [0.99, 1.01]) {
        const moved = { ...fit.params, [name]: fit.params[name] * factor };
        expect(bgnbdLogLikelihood(moved, summary)).toBeLessThan(best);
      }
    }
  });

  it('predicts 1.226 purchases in the next 39 weeks for x = 2, t_x = 30.43, T = 38.86 (FHL 2005)', () => {
    const customer = { frequency: 2, recency: 30.43, T: 38.86 };
    expect(expectedPurchases(PUBLISHED, customer, 39)).toBeCloseTo(1.226, 3);
  });
});

// ---- Formulas against independent computations -------------------------------------------

describe('BG/NBD formulas', () => {
  // [x, t_x, T, t, E[Y(t)], P(alive)]: eq. 10 and the P(alive) note evaluated in mpmath
  // (40 digits, its own ₂F₁) at the published CDNOW parameters.
  const reference: [number, number, number, number, number, number][] = [
    [2, 30.43, 38.86, 39, 1.226028174767144, 0.726578570080673],
    [0, 0, 38.86, 39, 0.1950980520112626, 1.0],
    [26, 30.86, 31, 39, 20.74972614085729, 0.9689156497175251],
    [200, 300, 310, 52, 8.783922444407063, 0.2819327886148887],
    [1, 1.71, 38.86, 1000, 1.845348442993365, 0.2121009853773791],
    [0, 0, 0, 78, 1.860519057942769, 1.0],
    [7, 35.5, 36, 0.5, 0.08092302040700865, 0.9066233046785156],
  ];

  it.each(reference)('x=%i t_x=%f T=%f t=%f: E[Y(t)] and P(alive) match mpmath', (x, tx, T, t, e, alive) => {
    const h = { frequency: x, recency: tx, T };
    expect(expectedPurchases(PUBLISHED, h, t) / e).toBeCloseTo(1, 11);
    expect(probabilityAlive(PUBLISHED, h)).toBeCloseTo(alive, 13);
  });

  it('gives the log-likelihood of the model integrated numerically over λ and p', () => {
    for (const h of [
      { frequency: 0, recency: 0, T: 38.86 },
      { frequency: 2, recency: 30.43, T: 38.86 },
      { frequency: 9, recency: 12, T: 35 },
    ]) {
      const { alive, dead } = numericLikelihood(PUBLISHED, h);
      const logL =
        dead === -Infinity ? alive : Math.max(alive, dead) + Math.log1p(Math.exp(-Math.abs(alive - dead)));
      expect(bgnbdCustomerLogLikelihood(PUBLISHED, h)).toBeCloseTo(logL, 9);
      expect(probabilityAlive(PUBLISHED, h)).toBeCloseTo(numericProbabilityAlive(PUBLISHED, h), 9);
    }
  });

  it('gives conditional expectations equal to the posterior integral, also for frequent buyers and long horizons', () => {
    const other: BgNbdParams = { r: 1.7, alpha: 12, a: 2.4, b: 0.6 };
    for (const params of [PUBLISHED, other]) {
      for (const [h, t] of [
        [{ frequency: 2, recency: 30.43, T: 38.86 }, 39],
        [{ frequency: 0, recency: 0, T: 5 }, 500],
        [{ frequency: 60, recency: 70, T: 71 }, 52],
        [{ frequency: 3, recency: 1, T: 80 }, 0.25],
      ] as const) {
        const expected = numericConditionalExpectation(params, h, t);
        expect(expectedPurchases(params, h, t) / expected).toBeCloseTo(1, 9);
      }
    }
  });

  it('gives E[X(t)] for a new customer equal to the prior integral and ≈ (r/α) t for small t', () => {
    const { r, alpha, a, b } = PUBLISHED;
    for (const t of [1, 39, 78, 1000]) {
      const expected = betaExpectation((p) => -Math.expm1(-r * Math.log1p((p * t) / alpha)) / p, a, b);
      expect(expectedPurchasesNewCustomer(PUBLISHED, t) / expected).toBeCloseTo(1, 9);
    }
    expect(expectedPurchasesNewCustomer(PUBLISHED, 1e-6) / ((r / alpha) * 1e-6)).toBeCloseTo(1, 5);
    expect(expectedPurchasesNewCustomer(PUBLISHED, 0)).toBe(0);
  });

  it('stays finite and continuous at a = 1, where the closed form has 0/0', () => {
    const h = { frequency: 3, recency: 20, T: 30 };
    const at = (a: number): number => expectedPurchases({ ...PUBLISHED, a }, h, 26);
    const exact = numericConditionalExpectation({ ...PUBLISHED, a: 1 }, h, 26);
    expect(at(1) / exact).toBeCloseTo(1, 7);
    expect(at(1 + 1e-9) / exact).toBeCloseTo(1, 7);
    expect(at(1 - 3e-7) / exact).toBeCloseTo(1, 6);
  });

  it('does not overflow for a very frequent buyer', () => {
    const h = { frequency: 3000, recency: 729, T: 730 };
    const e = expectedPurchases({ r: 0.9, alpha: 2, a: 0.5, b: 8 }, h, 365);
    expect(Number.isFinite(e)).toBe(true);
    expect(e / numericConditionalExpectation({ r: 0.9, alpha: 2, a: 0.5, b: 8 }, h, 365)).toBeCloseTo(1, 8);
  });

  it('P(alive) is 1 without repeat purchases and falls as the silence since the last purchase grows', () => {
    expect(probabilityAlive(PUBLISHED, { frequency: 0, recency: 0, T: 50 })).toBe(1);
    const recent = probabilityAlive(PUBLISHED, { frequency: 5, recency: 35, T: 38 });
    const silent = probabilityAlive(PUBLISHED, { frequency: 5, recency: 5, T: 38 });
    expect(recent).toBeGreaterThan(silent);
  });

  it('has an analytic gradient equal to the numerical one', () => {
    const customers = loadCdnowSummary();
    const objective = bgnbdObjective(customers);
    for (const phi of [
      [Math.log(0.243), Math.log(4.414), Math.log(0.793), Math.log(2.426)],
      [0.3, -0.2, 0.5, -1],
    ]) {
      const analytic = objective(phi);
      const numeric = numericalGradient((p) => objective(p).value, phi);
      expect(analytic.value).toBeCloseTo(
        -bgnbdLogLikelihood(
          {
            r: Math.exp(phi[0] as number),
            alpha: Math.exp(phi[1] as number),
            a: Math.exp(phi[2] as number),
            b: Math.exp(phi[3] as number),
          },
          customers,
        ) / customers.length,
        12,
      );
      for (let i = 0; i < 4; i++) expect(analytic.gradient[i]).toBeCloseTo(numeric.gradient[i] as number, 7);
    }
  });

  it('rejects invalid histories and parameters', () => {
    expectServiceError(() => probabilityAlive(PUBLISHED, { frequency: 2, recency: 40, T: 30 }), /Recency/);
    expectServiceError(
      () => probabilityAlive(PUBLISHED, { frequency: 1.5, recency: 1, T: 30 }),
      /whole number/,
    );
    expectServiceError(() => probabilityAlive(PUBLISHED, { frequency: 0, recency: 3, T: 30 }), /recency 0/);
    expectServiceError(
      () => expectedPurchases({ ...PUBLISHED, b: -1 }, { frequency: 0, recency: 0, T: 1 }, 1),
      /b/,
    );
    expectServiceError(() => expectedPurchases(PUBLISHED, { frequency: 0, recency: 0, T: 1 }, -1), /horizon/);
  });
});

// ---- Fit guards --------------------------------------------------------------------------

describe('fitBgNbd guards', () => {
  it('refuses too few customers', () => {
    const few = Array.from({ length: 19 }, (_, i) => ({
      frequency: i % 3,
      recency: i % 3 === 0 ? 0 : 5,
      T: 10,
    }));
    expectServiceError(() => fitBgNbd(few), /at least 20 customers/);
  });

  it('refuses data without repeat purchases', () => {
    const none = Array.from({ length: 50 }, (_, i) => ({ frequency: 0, recency: 0, T: 10 + i }));
    expectServiceError(() => fitBgNbd(none), /repeat purchase/);
  });

  it('refuses data without observation time', () => {
    const none = Array.from({ length: 50 }, () => ({ frequency: 0, recency: 0, T: 0 }));
    expectServiceError(() => fitBgNbd(none, { minCustomers: 10 }), /repeat purchase|history/);
  });

  it('reports, rather than hides, data that push parameters to a bound', () => {
    // Everyone still buying at the very end: nobody ever drops out, so p → 0.
    const loyal = Array.from({ length: 60 }, (_, i) => ({ frequency: 1 + (i % 5), recency: 30, T: 30 }));
    const fit = fitBgNbd(loyal);
    expect(fit.report.converged).toBe(false);
    expect(fit.report.atBounds.length).toBeGreaterThan(0);
    expect(fit.report.reason).toMatch(/edge of the allowed range/);
  });

  it('recovers the parameters of data simulated from the model', () => {
    const truth = { r: 0.5, alpha: 20, a: 0.8, b: 2.5 };
    const transactions = simulateTransactions({
      customers: 20_000,
      purchases: truth,
      spend: { p: 6, q: 4, gamma: 15 },
      start: Date.UTC(2022, 0, 1),
      acquisitionDays: 90,
      days: 365,
      seed: 7,
    });
    const summary = summarizeTransactions(transactions, { calibrationEnd: '2022-12-31' });
    const fit = fitBgNbd(summary.customers);
    expect(fit.report.converged).toBe(true);
    expect(Math.abs(fit.params.r / truth.r - 1)).toBeLessThan(0.1);
    expect(Math.abs(fit.params.alpha / truth.alpha - 1)).toBeLessThan(0.15);
    expect(Math.abs(fit.params.a / truth.a - 1)).toBeLessThan(0.2);
    expect(Math.abs(fit.params.b / truth.b - 1)).toBeLessThan(0.2);
  });
});
