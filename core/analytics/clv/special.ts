/**
 * Special functions for the customer-value models: log-gamma (with sign, for the
 * negative arguments that the hypergeometric connection formulas produce),
 * digamma, log-beta and a stable log-sum-exp. Plain double precision, no packages.
 */

const LANCZOS_G = 7;
// Lanczos coefficients for g = 7, n = 9 (relative error of Γ below 2e-15 for x > 0.5).
const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
];
const LOG_SQRT_2PI = 0.9189385332046728;

export function isNonPositiveInteger(x: number): boolean {
  return x <= 0 && Number.isInteger(x);
}

/** ln Γ(x) for x > 0. */
export function lnGamma(x: number): number {
  if (!(x > 0)) {
    if (Number.isNaN(x)) return NaN;
    throw new RangeError(`lnGamma needs a positive argument, got ${x}`);
  }
  if (x < 0.5) {
    // Reflection keeps the Lanczos sum away from its inaccurate region near 0.
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  }
  const y = x - 1;
  let sum = LANCZOS[0] as number;
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return LOG_SQRT_2PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

export interface SignedLog {
  /** ln |value| (−Infinity when the value is 0). */
  log: number;
  /** −1, 0 or 1. */
  sign: number;
}

/** ln |Γ(x)| and the sign of Γ(x) for any real x that is not a pole. */
export function lnGammaSigned(x: number): SignedLog {
  if (x > 0) return { log: lnGamma(x), sign: 1 };
  if (isNonPositiveInteger(x)) throw new RangeError(`Γ has a pole at ${x}`);
  // Γ(x) Γ(1 − x) = π / sin(πx)
  const s = Math.sin(Math.PI * x);
  return { log: Math.log(Math.PI / Math.abs(s)) - lnGamma(1 - x), sign: s > 0 ? 1 : -1 };
}

/** ln |1/Γ(x)| with sign; 1/Γ is 0 at the poles of Γ. */
export function lnRecGammaSigned(x: number): SignedLog {
  if (isNonPositiveInteger(x)) return { log: -Infinity, sign: 0 };
  const g = lnGammaSigned(x);
  return { log: -g.log, sign: g.sign };
}

/** ln B(a, b) for a, b > 0. */
export function lnBeta(a: number, b: number): number {
  return lnGamma(a) + lnGamma(b) - lnGamma(a + b);
}

/** ψ(x) = d/dx ln Γ(x), for any real x that is not a pole. */
export function digamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) {
    if (Number.isInteger(x)) throw new RangeError(`ψ has a pole at ${x}`);
    // ψ(1 − x) − ψ(x) = π cot(πx)
    return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  }
  let result = 0;
  let y = x;
  while (y < 10) {
    result -= 1 / y;
    y += 1;
  }
  const inv = 1 / y;
  const inv2 = inv * inv;
  // Asymptotic series with Bernoulli numbers B2..B12.
  const series =
    inv2 *
    (1 / 12 -
      inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760))))));
  return result + Math.log(y) - 0.5 * inv - series;
}

/** ln(e^u + e^v) without overflow. */
export function logAddExp(u: number, v: number): number {
  if (u === -Infinity) return v;
  if (v === -Infinity) return u;
  return u > v ? u + Math.log1p(Math.exp(v - u)) : v + Math.log1p(Math.exp(u - v));
}
