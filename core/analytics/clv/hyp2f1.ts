import { digamma, isNonPositiveInteger, lnGammaSigned, lnRecGammaSigned } from './special';

/**
 * The Gauss hypergeometric function ₂F₁(a, b; c; z) for real parameters and real z ≤ 1.
 *
 * Strategy (Abramowitz & Stegun ch. 15):
 * - a or b a non-positive integer: the series terminates; sum it for any z.
 * - z = 1: Gauss's theorem, defined when c − a − b > 0.
 * - z < 0: Pfaff's transformation (15.3.4/15.3.5) maps z to z/(z − 1) ∈ (0, 1).
 * - 0 < z < 1: the power series, which converges for |z| < 1 but slowly as z → 1.
 *   When z > 1/2 and the series has not converged within a modest number of terms, the
 *   connection formula to 1 − z is used instead: 15.3.6 when c − a − b is not an integer,
 *   15.3.10/15.3.11 (with digamma terms; Euler's transformation turns a negative integer
 *   into a positive one) when it is. Near an integer (|c − a − b − m| < 1e-5)
 *   15.3.6 loses digits to cancellation, so there F is interpolated in c between the
 *   integer case and 15.3.6 at c − a − b = m ± 1e-4.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (![a, b, c, z].every(Number.isFinite)) throw new RangeError('hyp2f1 needs finite arguments');
  if (z > 1) throw new RangeError(`hyp2f1 is real only for z ≤ 1, got ${z}`);
  const terminating = isNonPositiveInteger(a) || isNonPositiveInteger(b);
  if (isNonPositiveInteger(c)) {
    // Only defined when the series stops before the zero denominator.
    const stop = Math.max(isNonPositiveInteger(a) ? a : -Infinity, isNonPositiveInteger(b) ? b : -Infinity);
    if (!(stop > c)) throw new RangeError(`hyp2f1 is undefined for c = ${c}`);
  }
  if (z === 0 || a === 0 || b === 0) return 1;
  if (terminating) return polynomial(a, b, c, z);
  if (z === 1) return gaussAtOne(a, b, c);
  if (z < 0) {
    const w = z / (z - 1);
    // Either Pfaff form is exact; take the one whose first-order term is smaller, and
    // prefer a form that terminates.
    const first = isNonPositiveInteger(c - b);
    const second = isNonPositiveInteger(c - a);
    if (first || (!second && Math.abs(a * (c - b)) <= Math.abs((c - a) * b))) {
      return Math.pow(1 - z, -a) * hyp2f1(a, c - b, c, w);
    }
    return Math.pow(1 - z, -b) * hyp2f1(c - a, b, c, w);
  }
  if (z <= 0.5) {
    const direct = series(a, b, c, z, 200_000);
    if (direct.converged) return direct.value;
    throw new RangeError(`hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge`);
  }
  const quick = series(a, b, c, z, 2_000);
  if (quick.converged) return quick.value;
  const s = c - a - b;
  const m = Math.round(s);
  const offset = Math.abs(s - m);
  if (offset < 1e-12) return integerCase(a, b, c, z, m);
  if (offset < 1e-5) {
    // F is analytic in c: interpolate quadratically between the integer case and two
    // points far enough from it for 15.3.6 to keep its digits.
    const c0 = a + b + m;
    const f0 = integerCase(a, b, c0, z, m);
    const up = connectionNonInteger(a, b, c0 + NEAR_INTEGER_STEP, z);
    const down = connectionNonInteger(a, b, c0 - NEAR_INTEGER_STEP, z);
    const e = c - c0;
    const h = NEAR_INTEGER_STEP;
    return f0 + (e * (up - down)) / (2 * h) + (e * e * (up - 2 * f0 + down)) / (2 * h * h);
  }
  return connectionNonInteger(a, b, c, z);
}

interface SeriesResult {
  value: number;
  converged: boolean;
}

const EPS = 1e-16;
const NEAR_INTEGER_STEP = 1e-4;

/** Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ, stopping on a tail bound once the term ratios settle below 1. */
function series(a: number, b: number, c: number, z: number, maxTerms: number): SeriesResult {
  let term = 1;
  let sum = 1;
  // Past this index every Pochhammer factor is positive and the term ratio tends to z monotonically.
  const settled = Math.max(0, -a, -b, -c) + 1;
  let quiet = 0;
  for (let n = 0; n < maxTerms; n++) {
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    term *= ratio;
    sum += term;
    if (!Number.isFinite(sum)) return { value: sum, converged: false };
    if (n >= settled) {
      const rho = Math.max(Math.abs(ratio), Math.abs(z));
      if (rho < 1 && (Math.abs(term) * rho) / (1 - rho) <= EPS * Math.abs(sum)) {
        quiet++;
        if (quiet >= 2) return { value: sum, converged: true };
      } else {
        quiet = 0;
      }
    }
  }
  return { value: sum, converged: false };
}

function polynomial(a: number, b: number, c: number, z: number): number {
  const degree = -Math.max(isNonPositiveInteger(a) ? a : -Infinity, isNonPositiveInteger(b) ? b : -Infinity);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < degree; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
  }
  return sum;
}

function gaussAtOne(a: number, b: number, c: number): number {
  const s = c - a - b;
  if (!(s > 0)) throw new RangeError('hyp2f1 diverges at z = 1 unless c − a − b > 0');
  return signedExp([lnGammaSigned(c), lnGammaSigned(s), lnRecGammaSigned(c - a), lnRecGammaSigned(c - b)]);
}

/** Product of signed logs, exponentiated. */
function signedExp(parts: readonly { log: number; sign: number }[]): number {
  let log = 0;
  let sign = 1;
  for (const p of parts) {
    if (p.sign === 0) return 0;
    log += p.log;
    sign *= p.sign;
  }
  return sign * Math.exp(log);
}

/** A&S 15.3.6, for c − a − b not an integer; both series have argument 1 − z < 1/2. */
function connectionNonInteger(a: number, b: number, c: number, z: number): number {
  const s = c - a - b;
  const w = 1 - z;
  const gc = lnGammaSigned(c);
  const first = signedExp([gc, lnGammaSigned(s), lnRecGammaSigned(c - a), lnRecGammaSigned(c - b)]);
  const second = signedExp([gc, lnGammaSigned(-s), lnRecGammaSigned(a), lnRecGammaSigned(b)]);
  const f1 = first === 0 ? 0 : seriesOrThrow(a, b, 1 - s, w);
  const f2 = second === 0 ? 0 : seriesOrThrow(c - a, c - b, 1 + s, w);
  return first * f1 + second * Math.pow(w, s) * f2;
}

function seriesOrThrow(a: number, b: number, c: number, z: number): number {
  if (isNonPositiveInteger(a) || isNonPositiveInteger(b)) return polynomial(a, b, c, z);
  const r = series(a, b, c, z, 200_000);
  if (!r.converged) throw new RangeError(`hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge`);
  return r.value;
}

/**
 * c − a − b = m, an integer: A&S 15.3.10 (m = 0) and 15.3.11 (m > 0); m < 0 is reduced to
 * m > 0 by Euler's transformation F(a,b;c;z) = (1 − z)^(c−a−b) F(c−a, c−b; c; z).
 */
function integerCase(a: number, b: number, c: number, z: number, m: number): number {
  if (m < 0) return Math.pow(1 - z, m) * integerCase(c - a, c - b, c, z, -m);
  const w = 1 - z;
  const lnW = Math.log(w);
  // In the non-terminating case a, b, a + m and b + m are not poles of Γ.
  let finite = 0;
  if (m > 0) {
    // Γ(m) Γ(a+b+m) / (Γ(a+m) Γ(b+m)) Σ_{n<m} (a)ₙ(b)ₙ / (n! (1−m)ₙ) wⁿ
    const coef = signedExp([
      lnGammaSigned(m),
      lnGammaSigned(a + b + m),
      lnRecGammaSigned(a + m),
      lnRecGammaSigned(b + m),
    ]);
    let term = 1;
    let sum = 1;
    for (let n = 0; n < m - 1; n++) {
      term *= ((a + n) * (b + n) * w) / ((n + 1) * (1 - m + n));
      sum += term;
    }
    finite = coef * sum;
  }
  // 15.3.11 then subtracts (z − 1)^m Γ(a+b+m)/(Γ(a)Γ(b)) Σ (a+m)ₙ(b+m)ₙ/(n!(n+m)!) wⁿ
  // [ln w − ψ(n+1) − ψ(n+m+1) + ψ(a+n+m) + ψ(b+n+m)], with (z − 1)^m = (−w)^m.
  const coef = signedExp([lnGammaSigned(a + b + m), lnRecGammaSigned(a), lnRecGammaSigned(b)]);
  if (coef === 0) return finite;
  let sum = 0;
  // (a+m)ₙ (b+m)ₙ wⁿ / (n! (n+m)!), starting at 1/m!
  let factor = 1;
  for (let k = 2; k <= m; k++) factor /= k;
  let psiN1 = digamma(1);
  let psiNm1 = digamma(m + 1);
  let quiet = 0;
  for (let n = 0; n < 200_000; n++) {
    const bracket = lnW - psiN1 - psiNm1 + digamma(a + n + m) + digamma(b + n + m);
    const term = factor * bracket;
    sum += term;
    if (!Number.isFinite(sum)) break;
    factor *= ((a + m + n) * (b + m + n) * w) / ((n + 1) * (n + m + 1));
    psiN1 += 1 / (n + 1);
    psiNm1 += 1 / (n + m + 1);
    const settled = n > Math.max(0, -(a + m), -(b + m)) + 1;
    if (settled && Math.abs(term) <= EPS * Math.abs(sum) && Math.abs(factor) <= EPS * Math.abs(sum)) {
      quiet++;
      if (quiet >= 2) return finite - Math.pow(-w, m) * coef * sum;
    } else {
      quiet = 0;
    }
  }
  throw new RangeError(`hyp2f1(${a}, ${b}; ${c}; ${z}) did not converge`);
}
