import { ServiceError } from '../../errors';
import { solveInLogSpace } from './fit';
import type { FitReport, GammaGammaParams } from './types';

export type { GammaGammaParams } from './types';
import type { ObjectiveWithGradient, ValueAndGradient } from './optimize';
import { digamma, lnGamma } from './special';

export interface SpendHistory {
  /** x: repeat purchases in the calibration period. */
  frequency: number;
  /** m̄: mean value of those repeat purchases (0 or anything when x = 0). */
  monetaryValue: number;
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  /** Customers the model was fitted on (x > 0 and m̄ > 0). */
  customers: number;
  excluded: {
    /** x = 0: no repeat purchase, so no spend observation under the model. */
    noRepeatPurchases: number;
    /** x > 0 but m̄ ≤ 0 (refunds, free orders): the model needs positive spend. */
    nonPositiveSpend: number;
  };
  /** Population mean transaction value pγ/(q−1); null when q ≤ 1 (the mean is infinite). */
  meanSpend: number | null;
  /**
   * Pearson correlation between x and m̄ over the fitted customers. The model assumes
   * spend is independent of purchase frequency; a value far from 0 says it is not.
   */
  frequencySpendCorrelation: number;
  report: FitReport;
}

export interface GammaGammaFitOptions {
  /** Fewer repeat customers than this cannot support a fit (default 20). */
  minCustomers?: number;
  gradientTolerance?: number;
}

const PARAM_NAMES = ['p', 'q', 'gamma'] as const;
const LOG_LOWER = Math.log(1e-6);
const LOG_UPPER = Math.log(1e6);

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new ServiceError('invalid-argument', message, details);
}

/** Which customer an error is about, when known. */
function at(index: number | undefined): Record<string, number> {
  return index === undefined ? {} : { index };
}

function checkParams(params: GammaGammaParams): void {
  for (const name of PARAM_NAMES) {
    const v = params[name];
    if (!(Number.isFinite(v) && v > 0)) {
      invalid(`Gamma-Gamma parameter ${name} must be a positive number.`, { [name]: v });
    }
  }
}

function checkSpend(h: SpendHistory, index?: number): void {
  if (!(Number.isInteger(h.frequency) && h.frequency >= 0)) {
    invalid('Frequency must be a whole number of repeat purchases, 0 or more.', {
      ...at(index),
      frequency: h.frequency,
    });
  }
  if (!Number.isFinite(h.monetaryValue)) {
    invalid('Monetary value must be a finite number.', { ...at(index), monetaryValue: h.monetaryValue });
  }
}

/**
 * ln f(m̄ | p, q, γ, x): m̄ is the mean of x Gamma(p, ν) values, so m̄ | ν ~ Gamma(px, νx),
 * and integrating ν ~ Gamma(q, γ) out gives
 * f = Γ(px+q)/(Γ(px)Γ(q)) · γ^q · x^(px) · m̄^(px−1) / (γ + x m̄)^(px+q).
 */
export function gammaGammaCustomerLogLikelihood(params: GammaGammaParams, x: number, m: number): number {
  const { p, q, gamma } = params;
  const px = p * x;
  return (
    lnGamma(px + q) -
    lnGamma(px) -
    lnGamma(q) +
    q * Math.log(gamma) +
    (px - 1) * Math.log(m) +
    px * Math.log(x) -
    (px + q) * Math.log(gamma + x * m)
  );
}

/** Log-likelihood over customers with x > 0 and m̄ > 0 (others are skipped, as in the fit). */
export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  customers: readonly SpendHistory[],
): number {
  checkParams(params);
  let sum = 0;
  for (let i = 0; i < customers.length; i++) {
    const h = customers[i] as SpendHistory;
    checkSpend(h, i);
    if (h.frequency > 0 && h.monetaryValue > 0) {
      sum += gammaGammaCustomerLogLikelihood(params, h.frequency, h.monetaryValue);
    }
  }
  return sum;
}

/**
 * E[M | x, m̄] = p (γ + x m̄) / (px + q − 1): a weighted mean of the population mean
 * pγ/(q−1) and the customer's own m̄, the weight on m̄ growing with x. For x = 0 it is
 * the population mean.
 */
export function expectedAverageSpend(params: GammaGammaParams, h: SpendHistory): number {
  checkParams(params);
  checkSpend(h);
  const { p, q, gamma } = params;
  const x = h.frequency;
  const denominator = p * x + q - 1;
  if (!(denominator > 0)) {
    invalid(
      'The fitted spend model has q ≤ 1, so expected spend is unbounded for customers without repeat purchases.',
      {
        q,
      },
    );
  }
  const m = x > 0 ? h.monetaryValue : 0;
  return (p * (gamma + x * m)) / denominator;
}

/**
 * Maximum-likelihood fit on customers with at least one repeat purchase and positive
 * mean spend. Spend is rescaled to mean 1 for the search (γ is scaled back), the
 * parameters are optimised as logarithms within [1e-6, 1e6] with an analytic gradient.
 * Throws `invalid-argument` when too few customers qualify or spend does not vary.
 */
export function fitGammaGamma(
  customers: readonly SpendHistory[],
  options: GammaGammaFitOptions = {},
): GammaGammaFit {
  const minCustomers = options.minCustomers ?? 20;
  const xs: number[] = [];
  const ms: number[] = [];
  let noRepeatPurchases = 0;
  let nonPositiveSpend = 0;
  for (let i = 0; i < customers.length; i++) {
    const h = customers[i] as SpendHistory;
    checkSpend(h, i);
    if (h.frequency === 0) noRepeatPurchases++;
    else if (!(h.monetaryValue > 0)) nonPositiveSpend++;
    else {
      xs.push(h.frequency);
      ms.push(h.monetaryValue);
    }
  }
  const n = xs.length;
  if (n < minCustomers) {
    invalid(
      `A Gamma-Gamma fit needs at least ${minCustomers} customers with a repeat purchase and positive spend; this data has ${n}.`,
      { customers: n, minCustomers, noRepeatPurchases, nonPositiveSpend },
    );
  }
  let sumM = 0;
  let minM = Infinity;
  let maxM = -Infinity;
  for (const m of ms) {
    sumM += m;
    if (m < minM) minM = m;
    if (m > maxM) maxM = m;
  }
  const meanM = sumM / n;
  if (maxM - minM <= 1e-12 * maxM) {
    invalid('Every customer has the same mean spend, so spend variation cannot be estimated.', {
      monetaryValue: maxM,
    });
  }

  const data = prepare(xs, ms, meanM);
  const objective = (phi: readonly number[]): ValueAndGradient => negativeMeanLogLikelihood(phi, data);
  const starts: number[][] = [[0, 0, 0]];
  for (const [p, q] of [
    [1, 2],
    [4, 4],
    [10, 3],
  ] as const) {
    // γ chosen so that the population mean pγ/(q−1) equals the observed mean (1 after scaling).
    starts.push([Math.log(p), Math.log(q), Math.log((q - 1) / p)]);
  }
  const solution = solveInLogSpace({
    names: PARAM_NAMES,
    objective,
    starts,
    lower: PARAM_NAMES.map(() => LOG_LOWER),
    upper: PARAM_NAMES.map(() => LOG_UPPER),
    gradientTolerance: options.gradientTolerance ?? 1e-8,
  });
  const [lp, lq, lg] = solution.x as [number, number, number];
  const params: GammaGammaParams = { p: Math.exp(lp), q: Math.exp(lq), gamma: Math.exp(lg) * meanM };
  const logLikelihood = gammaGammaLogLikelihood(params, customers);
  return {
    params,
    customers: n,
    excluded: { noRepeatPurchases, nonPositiveSpend },
    meanSpend: params.q > 1 ? (params.p * params.gamma) / (params.q - 1) : null,
    frequencySpendCorrelation: correlation(xs, ms),
    report: { ...solution.report, logLikelihood },
  };
}

/**
 * −LL/n and its gradient with respect to (ln p, ln q, ln γ) over customers with x > 0 and
 * m̄ > 0, in the customers' own currency unit: the function the fit minimises, exposed
 * for diagnostics and tests.
 */
export function gammaGammaObjective(customers: readonly SpendHistory[]): ObjectiveWithGradient {
  customers.forEach((h, i) => checkSpend(h, i));
  const kept = customers.filter((h) => h.frequency > 0 && h.monetaryValue > 0);
  const data = prepare(
    kept.map((h) => h.frequency),
    kept.map((h) => h.monetaryValue),
    1,
  );
  return (phi) => negativeMeanLogLikelihood(phi, data);
}

function correlation(u: readonly number[], v: readonly number[]): number {
  const n = u.length;
  let su = 0;
  let sv = 0;
  for (let i = 0; i < n; i++) {
    su += u[i] as number;
    sv += v[i] as number;
  }
  const mu = su / n;
  const mv = sv / n;
  let cuv = 0;
  let cuu = 0;
  let cvv = 0;
  for (let i = 0; i < n; i++) {
    const du = (u[i] as number) - mu;
    const dv = (v[i] as number) - mv;
    cuv += du * dv;
    cuu += du * du;
    cvv += dv * dv;
  }
  return cuu > 0 && cvv > 0 ? cuv / Math.sqrt(cuu * cvv) : 0;
}

interface Prepared {
  n: number;
  x: Float64Array;
  m: Float64Array;
  distinctX: Float64Array;
  xWeight: Float64Array;
  /** Σ ln m̄ over the customers with each distinct x. */
  sumLnM: Float64Array;
}

function prepare(xs: readonly number[], ms: readonly number[], scale: number): Prepared {
  const n = xs.length;
  const index = new Map<number, number>();
  const xIdx = new Int32Array(n);
  const x = Float64Array.from(xs);
  const m = new Float64Array(n);
  const lnM = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let k = index.get(xs[i] as number);
    if (k === undefined) {
      k = index.size;
      index.set(xs[i] as number, k);
    }
    xIdx[i] = k;
    m[i] = (ms[i] as number) / scale;
    lnM[i] = Math.log(m[i] as number);
  }
  const distinctX = Float64Array.from(index.keys());
  const xWeight = new Float64Array(distinctX.length);
  const sumLnM = new Float64Array(distinctX.length);
  for (let i = 0; i < n; i++) {
    xWeight[xIdx[i] as number] += 1;
    sumLnM[xIdx[i] as number] += lnM[i] as number;
  }
  return { n, x, m, distinctX, xWeight, sumLnM };
}

/** −LL/n and its gradient with respect to (ln p, ln q, ln γ). */
function negativeMeanLogLikelihood(phi: readonly number[], d: Prepared): ValueAndGradient {
  const p = Math.exp(phi[0] as number);
  const q = Math.exp(phi[1] as number);
  const gamma = Math.exp(phi[2] as number);
  const lnGammaParam = Math.log(gamma);
  const lgQ = lnGamma(q);
  const psiQ = digamma(q);
  let ll = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  // Parts that depend on x only (and Σ ln m̄ within each x).
  for (let k = 0; k < d.distinctX.length; k++) {
    const x = d.distinctX[k] as number;
    const w = d.xWeight[k] as number;
    const px = p * x;
    const lnX = Math.log(x);
    const psiPxQ = digamma(px + q);
    const sLnM = d.sumLnM[k] as number;
    ll += w * (lnGamma(px + q) - lnGamma(px) - lgQ + q * lnGammaParam + px * lnX) + (px - 1) * sLnM;
    gp += w * x * (psiPxQ - digamma(px) + lnX) + x * sLnM;
    gq += w * (psiPxQ - psiQ + lnGammaParam);
    gg += (w * q) / gamma;
  }
  for (let i = 0; i < d.n; i++) {
    const x = d.x[i] as number;
    const denom = gamma + x * (d.m[i] as number);
    const lnDenom = Math.log(denom);
    const px = p * x;
    ll -= (px + q) * lnDenom;
    gp -= x * lnDenom;
    gq -= lnDenom;
    gg -= (px + q) / denom;
  }
  const n = d.n;
  return { value: -ll / n, gradient: [(-gp * p) / n, (-gq * q) / n, (-gg * gamma) / n] };
}
