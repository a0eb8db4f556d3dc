import { describe, expect, it } from 'vitest';
import {
  expectedAverageSpend,
  fitGammaGamma,
  gammaGammaCustomerLogLikelihood,
  gammaGammaLogLikelihood,
  gammaGammaObjective,
} from '../../../core/analytics/clv/gamma-gamma';
import type { GammaGammaParams } from '../../../core/analytics/clv/gamma-gamma';
import { numericalGradient } from '../../../core/analytics/clv/optimize';
import { summarizeTransactions } from '../../../core/analytics/clv/summary';
import { ServiceError } from '../../../core/errors';
import { loadCdnowTransactions } from './cdnow';
import { integrate } from './quadrature';

/** Fader, Hardie & Lee (2005), "RFM and CLV": the spend model fitted to CDNOW. */
const PUBLISHED: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };

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

function cdnowCalibration() {
  return summarizeTransactions(loadCdnowTransactions(), { calibrationEnd: '1997-09-30', timeUnit: 'weeks' })
    .customers;
}

/**
 * The model integrated numerically over ν: m̄ | ν ~ Gamma(px, rate νx), ν ~ Gamma(q, rate γ).
 * Returns ln f(m̄) and E[p/ν | m̄] (the posterior mean spend), using only Gamma densities.
 */
function numericSpend(
  params: GammaGammaParams,
  x: number,
  m: number,
): { logDensity: number; meanSpend: number } {
  const { p, q, gamma } = params;
  const lnGammaFn = (z: number): number => {
    // Stirling with recurrence: an implementation separate from the one under test.
    let shift = 0;
    let y = z;
    while (y < 15) {
      shift -= Math.log(y);
      y += 1;
    }
    return (
      shift + (y - 0.5) * Math.log(y) - y + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * y) - 1 / (360 * y ** 3)
    );
  };
  const logGammaDensity = (v: number, shape: number, rate: number): number =>
    shape * Math.log(rate) - lnGammaFn(shape) + (shape - 1) * Math.log(v) - rate * v;
  const joint = (nu: number): number =>
    Math.exp(logGammaDensity(m, p * x, nu * x) + logGammaDensity(nu, q, gamma));
  // ν is concentrated near (q + px)/(γ + x m̄); integrate over a wide window around it.
  const centre = (q + p * x) / (gamma + x * m);
  const hi = centre * 60;
  const density = integrate(joint, 0, hi);
  const mean = integrate((nu) => (p / nu) * joint(nu), 0, hi) / density;
  return { logDensity: Math.log(density), meanSpend: mean };
}

describe('Gamma-Gamma on the CDNOW sample (Fader, Hardie & Lee 2005, RFM and CLV)', () => {
  it('fits the 946 repeat customers to p = 6.25, q = 3.74, γ = 15.44', () => {
    const fit = fitGammaGamma(cdnowCalibration());
    expect(fit.customers).toBe(946);
    expect(fit.excluded).toEqual({ noRepeatPurchases: 2357 - 946, nonPositiveSpend: 0 });
    expect(fit.params.p).toBeCloseTo(6.25, 2);
    expect(fit.params.q).toBeCloseTo(3.74, 2);
    expect(fit.params.gamma).toBeCloseTo(15.44, 2);
    expect(fit.report.converged).toBe(true);
    expect(fit.report.atBounds).toEqual([]);
    expect(fit.meanSpend).toBeCloseTo((fit.params.p * fit.params.gamma) / (fit.params.q - 1), 10);
    // Weak dependence between frequency and spend, 0.11 as reported for these data.
    expect(fit.frequencySpendCorrelation).toBeCloseTo(0.11, 2);
  });

  it('finds a maximum: moving any parameter by 1% lowers the log-likelihood', () => {
    const customers = cdnowCalibration();
    const fit = fitGammaGamma(customers);
    for (const name of ['p', 'q', 'gamma'] as const) {
      for (const factor of [0.99, 1.01]) {
        const moved = { ...fit.params, [name]: fit.params[name] * factor };
        expect(gammaGammaLogLikelihood(moved, customers)).toBeLessThan(fit.report.logLikelihood);
      }
    }
  });

  it('minimises −LL/n with an analytic gradient equal to the numerical one', () => {
    const customers = cdnowCalibration();
    const objective = gammaGammaObjective(customers);
    for (const phi of [
      [Math.log(6.25), Math.log(3.74), Math.log(15.44)],
      [0.5, 1.5, 1],
    ]) {
      const analytic = objective(phi);
      const [p, q, gamma] = phi.map(Math.exp) as [number, number, number];
      expect(analytic.value).toBeCloseTo(-gammaGammaLogLikelihood({ p, q, gamma }, customers) / 946, 12);
      const numeric = numericalGradient((x) => objective(x).value, phi);
      for (let i = 0; i < 3; i++) expect(analytic.gradient[i]).toBeCloseTo(numeric.gradient[i] as number, 7);
    }
  });
});

describe('Gamma-Gamma formulas', () => {
  it('gives the density of the model integrated numerically over ν', () => {
    for (const [x, m] of [
      [1, 12.5],
      [2, 22.345],
      [9, 40],
    ] as const) {
      const { logDensity } = numericSpend(PUBLISHED, x, m);
      expect(gammaGammaCustomerLogLikelihood(PUBLISHED, x, m)).toBeCloseTo(logDensity, 8);
    }
  });

  it('gives the posterior mean spend, e.g. 24.66 for x = 2, m̄ = 22.35 (6.25 · 60.14 / 15.24 by hand)', () => {
    expect(expectedAverageSpend(PUBLISHED, { frequency: 2, monetaryValue: 22.35 })).toBeCloseTo(
      375.875 / 15.24,
      10,
    );
    for (const [x, m] of [
      [1, 12.5],
      [2, 22.35],
      [9, 40],
    ] as const) {
      const { meanSpend } = numericSpend(PUBLISHED, x, m);
      expect(expectedAverageSpend(PUBLISHED, { frequency: x, monetaryValue: m })).toBeCloseTo(meanSpend, 7);
    }
  });

  it('gives the population mean pγ/(q − 1) for customers without repeat purchases', () => {
    expect(expectedAverageSpend(PUBLISHED, { frequency: 0, monetaryValue: 999 })).toBeCloseTo(
      (6.25 * 15.44) / 2.74,
      12,
    );
  });

  it('moves from the population mean towards the customer mean as x grows', () => {
    const population = (6.25 * 15.44) / 2.74;
    const m = 80;
    let previous = population;
    for (const x of [1, 2, 5, 20, 100]) {
      const e = expectedAverageSpend(PUBLISHED, { frequency: x, monetaryValue: m });
      expect(e).toBeGreaterThan(previous);
      expect(e).toBeLessThan(m);
      previous = e;
    }
  });

  it('refuses an unbounded mean (q ≤ 1) for customers without repeat purchases', () => {
    expectServiceError(
      () => expectedAverageSpend({ p: 2, q: 0.9, gamma: 3 }, { frequency: 0, monetaryValue: 0 }),
      /q ≤ 1/,
    );
  });
});

describe('fitGammaGamma guards', () => {
  it('refuses too few repeat customers and says how many were excluded', () => {
    const few = [
      ...Array.from({ length: 10 }, (_, i) => ({ frequency: 1 + (i % 3), monetaryValue: 10 + i })),
      ...Array.from({ length: 30 }, () => ({ frequency: 0, monetaryValue: 0 })),
    ];
    try {
      fitGammaGamma(few);
      throw new Error('expected a ServiceError');
    } catch (error) {
      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).details).toMatchObject({ customers: 10, noRepeatPurchases: 30 });
    }
  });

  it('refuses spend that does not vary', () => {
    const flat = Array.from({ length: 40 }, (_, i) => ({ frequency: 1 + (i % 4), monetaryValue: 25 }));
    expectServiceError(() => fitGammaGamma(flat), /same mean spend/);
  });

  it('skips and counts customers with non-positive spend', () => {
    const customers = cdnowCalibration().map((c, i) =>
      c.frequency > 0 && i % 97 === 0 ? { ...c, monetaryValue: 0 } : c,
    );
    const zeroed = customers.filter((c) => c.frequency > 0 && c.monetaryValue <= 0).length;
    expect(zeroed).toBeGreaterThan(0);
    const fit = fitGammaGamma(customers);
    expect(fit.excluded.nonPositiveSpend).toBe(zeroed);
    expect(fit.customers).toBe(946 - zeroed);
  });

  it('rejects non-finite input', () => {
    expectServiceError(() => fitGammaGamma([{ frequency: 1, monetaryValue: NaN }]), /finite/);
    expectServiceError(() => fitGammaGamma([{ frequency: -1, monetaryValue: 3 }]), /whole number/);
  });
});
