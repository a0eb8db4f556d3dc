import { ServiceError } from '../../errors';
import { solveInLogSpace } from './fit';
import type { BgNbdParams, FitReport } from './types';

export type { BgNbdParams } from './types';
import { hyp2f1 } from './hyp2f1';
import type { ObjectiveWithGradient, ValueAndGradient } from './optimize';
import { digamma, lnGamma, logAddExp } from './special';

/** A customer's calibration-period history, in the model's time unit. */
export interface PurchaseHistory {
  /** x: repeat purchases (purchase days after the first). */
  frequency: number;
  /** t_x: time from the first purchase to the last repeat purchase (0 without repeats). */
  recency: number;
  /** T: time from the first purchase to the end of the calibration period. */
  T: number;
}

export interface BgNbdFit {
  params: BgNbdParams;
  customers: number;
  report: FitReport;
}

export interface BgNbdFitOptions {
  /** Fewer customers than this cannot support a four-parameter fit (default 20). */
  minCustomers?: number;
  /** Tolerance on the gradient of the mean log-likelihood in log-parameter space (default 1e-8). */
  gradientTolerance?: number;
}

const PARAM_NAMES = ['r', 'alpha', 'a', 'b'] as const;
/** Bounds on each parameter after times are scaled so that the longest T is 10. */
const LOG_LOWER = Math.log(1e-6);
const LOG_UPPER = Math.log(1e6);

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new ServiceError('invalid-argument', message, details);
}

/** Which customer an error is about, when known. */
function at(index: number | undefined): Record<string, number> {
  return index === undefined ? {} : { index };
}

function checkParams(params: BgNbdParams): void {
  for (const name of PARAM_NAMES) {
    const v = params[name];
    if (!(Number.isFinite(v) && v > 0))
      invalid(`BG/NBD parameter ${name} must be a positive number.`, { [name]: v });
  }
}

function checkHistory(h: PurchaseHistory, index?: number): void {
  const { frequency: x, recency: tx, T } = h;
  if (!(Number.isInteger(x) && x >= 0)) {
    invalid('Frequency must be a whole number of repeat purchases, 0 or more.', {
      ...at(index),
      frequency: x,
    });
  }
  if (!(Number.isFinite(T) && T >= 0)) invalid('T must be a finite time of 0 or more.', { ...at(index), T });
  if (!(Number.isFinite(tx) && tx >= 0 && tx <= T)) {
    invalid('Recency must lie between 0 and T.', { ...at(index), recency: tx, T });
  }
  if (x === 0 && tx !== 0)
    invalid('A customer without repeat purchases has recency 0.', { ...at(index), recency: tx });
}

/**
 * Log-likelihood of one customer's (x, t_x, T) (FHL 2005, eq. 6):
 * L = B(a, b+x)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+T)^(r+x))
 *   + δ(x>0) B(a+1, b+x−1)/B(a, b) · Γ(r+x) α^r / (Γ(r) (α+t_x)^(r+x)).
 */
export function bgnbdCustomerLogLikelihood(params: BgNbdParams, h: PurchaseHistory): number {
  const { r, alpha, a, b } = params;
  const { frequency: x, recency: tx, T } = h;
  const common =
    lnGamma(r + x) -
    lnGamma(r) +
    r * Math.log(alpha) +
    lnGamma(a + b) +
    lnGamma(b + x) -
    lnGamma(b) -
    lnGamma(a + b + x);
  const alive = -(r + x) * Math.log(alpha + T);
  if (x === 0) return common + alive;
  const dead = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  return common + logAddExp(alive, dead);
}

export function bgnbdLogLikelihood(params: BgNbdParams, customers: readonly PurchaseHistory[]): number {
  checkParams(params);
  let sum = 0;
  for (let i = 0; i < customers.length; i++) {
    const h = customers[i] as PurchaseHistory;
    checkHistory(h, i);
    sum += bgnbdCustomerLogLikelihood(params, h);
  }
  return sum;
}

/**
 * P(alive at T | x, t_x, T) = 1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x))
 * (Fader, Hardie & Lee 2008, "Computing P(alive) using the BG/NBD model").
 */
export function probabilityAlive(params: BgNbdParams, h: PurchaseHistory): number {
  checkParams(params);
  checkHistory(h);
  const { r, alpha, a, b } = params;
  const { frequency: x, recency: tx, T } = h;
  if (x === 0) return 1;
  const logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in (T, T+t] (FHL 2005, eq. 10):
 *   (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)] · P(alive),
 *   z = t/(α+T+t).
 * Euler's transformation ₂F₁(A,B;C;z) = (1−z)^(C−A−B) ₂F₁(C−A, C−B; C; z) turns the
 * bracket into 1 − (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z), whose series has small
 * numerator parameters and no overflow for frequent buyers (large x).
 */
export function expectedPurchases(params: BgNbdParams, h: PurchaseHistory, t: number): number {
  checkParams(params);
  checkHistory(h);
  if (!(Number.isFinite(t) && t >= 0))
    invalid('The prediction horizon must be a finite time of 0 or more.', { t });
  return conditionalExpectation(params, h.frequency, h.recency, h.T, t);
}

/** E[X(t)]: expected repeat purchases in (0, t] of a customer who has just made a first purchase. */
export function expectedPurchasesNewCustomer(params: BgNbdParams, t: number): number {
  checkParams(params);
  if (!(Number.isFinite(t) && t >= 0))
    invalid('The prediction horizon must be a finite time of 0 or more.', { t });
  // A customer with x = 0 and T = 0 is alive with certainty, and eq. 10 reduces to eq. 9.
  return conditionalExpectation(params, 0, 0, 0, t);
}

/** Below this distance from a = 1 the factor 1/(a−1) cancels badly; interpolate instead. */
const A_NEAR_ONE = 1e-6;
const A_STEP = 1e-4;

/** Unvalidated eq. 10; also used in loops over many customers. */
export function conditionalExpectation(
  params: BgNbdParams,
  x: number,
  tx: number,
  T: number,
  t: number,
): number {
  if (t === 0) return 0;
  const { a } = params;
  if (Math.abs(a - 1) < A_NEAR_ONE) {
    // E is smooth in a; a linear interpolation across a = 1 has O(step²) error.
    const lo = aliveExpectation({ ...params, a: 1 - A_STEP }, x, T, t);
    const hi = aliveExpectation({ ...params, a: 1 + A_STEP }, x, T, t);
    const e = lo + ((a - (1 - A_STEP)) * (hi - lo)) / (2 * A_STEP);
    return e * aliveProbability(params, x, tx, T);
  }
  return aliveExpectation(params, x, T, t) * aliveProbability(params, x, tx, T);
}

function aliveProbability(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/** Expected purchases in (T, T+t] given the customer is alive at T. */
function aliveExpectation(params: BgNbdParams, x: number, T: number, t: number): number {
  const { r, alpha, a } = params;
  // ₂F₁ has a pole at c = a+b+x−1 = 0 (x = 0, a + b = 1) that the prefactor cancels;
  // stepping b off it by 1e-9 changes the result by O(1e-9).
  const b = Math.abs(a + params.b + x - 1) < 1e-9 ? params.b + 2e-9 : params.b;
  const z = t / (alpha + T + t);
  const f = hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z);
  // 1 − (1−z)^(a−1) F, with the power written as expm1 to keep digits for small t.
  const powerMinusOne = Math.expm1((a - 1) * Math.log1p(-z));
  const bracket = -(powerMinusOne + (powerMinusOne + 1) * (f - 1));
  return ((a + b + x - 1) / (a - 1)) * bracket;
}

/**
 * Maximum-likelihood fit. Times are rescaled so that the longest T is 10 (α is scaled
 * back afterwards), parameters are optimised as logarithms within [1e-6, 1e6], and the
 * gradient is analytic. Customers sharing (x, t_x, T) are counted once with a weight.
 *
 * Throws `invalid-argument` when the data cannot support a fit: invalid histories, too
 * few customers, no repeat purchases, or no observation time. An optimiser that does
 * not converge, or a parameter driven to a bound, is reported in `report` with
 * `converged: false` and a reason.
 */
export function fitBgNbd(customers: readonly PurchaseHistory[], options: BgNbdFitOptions = {}): BgNbdFit {
  const minCustomers = options.minCustomers ?? 20;
  const n = customers.length;
  if (n < minCustomers) {
    invalid(`A BG/NBD fit needs at least ${minCustomers} customers; this data has ${n}.`, {
      customers: n,
      minCustomers,
    });
  }
  let repeatPurchases = 0;
  let maxT = 0;
  for (let i = 0; i < n; i++) {
    const h = customers[i] as PurchaseHistory;
    checkHistory(h, i);
    repeatPurchases += h.frequency;
    if (h.T > maxT) maxT = h.T;
  }
  if (repeatPurchases === 0) {
    invalid(
      'No customer made a repeat purchase in the calibration period, so purchase rates cannot be estimated.',
      {
        customers: n,
      },
    );
  }
  if (maxT === 0)
    invalid('Every customer was first seen at the end of the calibration period; there is no history.');

  const scale = maxT / 10;
  const data = compress(customers, scale);
  const objective = (phi: readonly number[]): ValueAndGradient => negativeMeanLogLikelihood(phi, data);

  const totalT = customers.reduce((s, h) => s + h.T / scale, 0);
  const rate = repeatPurchases / Math.max(totalT, 1e-9);
  const starts: number[][] = [[0, 0, 0, 0]];
  for (const r of [0.5, 2]) {
    for (const [a, b] of [
      [1, 1],
      [0.5, 3],
    ] as const) {
      starts.push([Math.log(r), Math.log(r / rate), Math.log(a), Math.log(b)]);
    }
  }
  const lower = PARAM_NAMES.map(() => LOG_LOWER);
  const upper = PARAM_NAMES.map(() => LOG_UPPER);
  const solution = solveInLogSpace({
    names: PARAM_NAMES,
    objective,
    starts,
    lower,
    upper,
    gradientTolerance: options.gradientTolerance ?? 1e-8,
  });
  const [lr, lalpha, la, lb] = solution.x as [number, number, number, number];
  const params: BgNbdParams = {
    r: Math.exp(lr),
    alpha: Math.exp(lalpha) * scale,
    a: Math.exp(la),
    b: Math.exp(lb),
  };
  // Recomputed in the caller's units by the plain per-customer formula.
  const logLikelihood = bgnbdLogLikelihood(params, customers);
  return { params, customers: n, report: { ...solution.report, logLikelihood } };
}

/**
 * −LL/n and its gradient with respect to (ln r, ln α, ln a, ln b), in the customers' own
 * time unit: the function the fit minimises, exposed for diagnostics and tests.
 */
export function bgnbdObjective(customers: readonly PurchaseHistory[]): ObjectiveWithGradient {
  customers.forEach((h, i) => checkHistory(h, i));
  const data = compress(customers, 1);
  return (phi) => negativeMeanLogLikelihood(phi, data);
}

interface Compressed {
  total: number;
  /** Distinct frequencies, their total weight, and per-group indices. */
  xs: Float64Array;
  xWeight: Float64Array;
  ts: Float64Array;
  txs: Float64Array;
  groupX: Int32Array;
  groupT: Int32Array;
  groupTx: Int32Array;
  groupWeight: Float64Array;
}

function compress(customers: readonly PurchaseHistory[], scale: number): Compressed {
  const xIndex = new Map<number, number>();
  const tIndex = new Map<number, number>();
  const txIndex = new Map<number, number>();
  const index = (map: Map<number, number>, v: number): number => {
    let i = map.get(v);
    if (i === undefined) {
      i = map.size;
      map.set(v, i);
    }
    return i;
  };
  const n = customers.length;
  const cx = new Int32Array(n);
  const ct = new Int32Array(n);
  const ctx = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const h = customers[i] as PurchaseHistory;
    cx[i] = index(xIndex, h.frequency);
    ct[i] = index(tIndex, h.T / scale);
    ctx[i] = index(txIndex, h.recency / scale);
  }
  const nT = tIndex.size;
  const nTx = txIndex.size;
  const groups = new Map<number | string, number>();
  const exact = xIndex.size * nT * nTx < Number.MAX_SAFE_INTEGER;
  const gx: number[] = [];
  const gt: number[] = [];
  const gtx: number[] = [];
  const gw: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = exact
      ? ((cx[i] as number) * nTx + (ctx[i] as number)) * nT + (ct[i] as number)
      : `${cx[i]}|${ctx[i]}|${ct[i]}`;
    const g = groups.get(key);
    if (g === undefined) {
      groups.set(key, gw.length);
      gx.push(cx[i] as number);
      gt.push(ct[i] as number);
      gtx.push(ctx[i] as number);
      gw.push(1);
    } else {
      gw[g] = (gw[g] as number) + 1;
    }
  }
  const xs = Float64Array.from(xIndex.keys());
  const xWeight = new Float64Array(xs.length);
  for (let g = 0; g < gw.length; g++) xWeight[gx[g] as number] += gw[g] as number;
  return {
    total: n,
    xs,
    xWeight,
    ts: Float64Array.from(tIndex.keys()),
    txs: Float64Array.from(txIndex.keys()),
    groupX: Int32Array.from(gx),
    groupT: Int32Array.from(gt),
    groupTx: Int32Array.from(gtx),
    groupWeight: Float64Array.from(gw),
  };
}

/** −LL/n and its gradient with respect to (ln r, ln α, ln a, ln b). */
function negativeMeanLogLikelihood(phi: readonly number[], d: Compressed): ValueAndGradient {
  const r = Math.exp(phi[0] as number);
  const alpha = Math.exp(phi[1] as number);
  const a = Math.exp(phi[2] as number);
  const b = Math.exp(phi[3] as number);
  const lnAlpha = Math.log(alpha);
  const lnA = Math.log(a);

  // Terms that depend on x only.
  const nx = d.xs.length;
  const deadConst = new Float64Array(nx);
  const invBx1 = new Float64Array(nx);
  let ll = 0;
  let gr = 0;
  let galpha = 0;
  let ga = 0;
  let gb = 0;
  const lgR = lnGamma(r);
  const lgB = lnGamma(b);
  const lgAB = lnGamma(a + b);
  const psiR = digamma(r);
  const psiB = digamma(b);
  const psiAB = digamma(a + b);
  for (let k = 0; k < nx; k++) {
    const x = d.xs[k] as number;
    const w = d.xWeight[k] as number;
    ll += w * (lnGamma(r + x) - lgR + r * lnAlpha + lgAB + lnGamma(b + x) - lgB - lnGamma(a + b + x));
    const psiABX = digamma(a + b + x);
    gr += w * (digamma(r + x) - psiR + lnAlpha);
    galpha += (w * r) / alpha;
    ga += w * (psiAB - psiABX);
    gb += w * (psiAB + digamma(b + x) - psiB - psiABX);
    if (x > 0) {
      deadConst[k] = lnA - Math.log(b + x - 1);
      invBx1[k] = 1 / (b + x - 1);
    }
  }
  const lnT = d.ts.map((t) => Math.log(alpha + t));
  const invT = d.ts.map((t) => 1 / (alpha + t));
  const lnTx = d.txs.map((t) => Math.log(alpha + t));
  const invTx = d.txs.map((t) => 1 / (alpha + t));

  const groups = d.groupWeight.length;
  for (let g = 0; g < groups; g++) {
    const k = d.groupX[g] as number;
    const x = d.xs[k] as number;
    const w = d.groupWeight[g] as number;
    const ti = d.groupT[g] as number;
    const rx = r + x;
    const aliveLog = -rx * (lnT[ti] as number);
    if (x === 0) {
      ll += w * aliveLog;
      gr -= w * (lnT[ti] as number);
      galpha -= w * rx * (invT[ti] as number);
      continue;
    }
    const txi = d.groupTx[g] as number;
    const deadLog = (deadConst[k] as number) - rx * (lnTx[txi] as number);
    let lse: number;
    let pDead: number;
    if (deadLog > aliveLog) {
      const e = Math.exp(aliveLog - deadLog);
      lse = deadLog + Math.log1p(e);
      pDead = 1 / (1 + e);
    } else {
      const e = Math.exp(deadLog - aliveLog);
      lse = aliveLog + Math.log1p(e);
      pDead = e / (1 + e);
    }
    const pAlive = 1 - pDead;
    ll += w * lse;
    gr -= w * (pAlive * (lnT[ti] as number) + pDead * (lnTx[txi] as number));
    galpha -= w * rx * (pAlive * (invT[ti] as number) + pDead * (invTx[txi] as number));
    ga += (w * pDead) / a;
    gb -= w * pDead * (invBx1[k] as number);
  }
  const n = d.total;
  return {
    value: -ll / n,
    gradient: [(-gr * r) / n, (-galpha * alpha) / n, (-ga * a) / n, (-gb * b) / n],
  };
}
