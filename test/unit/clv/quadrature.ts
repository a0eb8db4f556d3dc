/**
 * Double-exponential quadrature for the independent checks in these tests: tanh-sinh
 * on a finite interval (copes with integrable endpoint singularities such as p^(a−1),
 * a < 1) and exp-sinh on [0, ∞). Written for tests only; accurate to ~1e-12 on smooth
 * integrands with endpoint singularities.
 */

const H = 1 / 64;
const LEVELS = 6 * 64;

/** ∫_lo^hi f(x) dx. f receives x computed so that points near either end keep their digits. */
export function integrate(f: (x: number) => number, lo: number, hi: number): number {
  const width = hi - lo;
  let sum = 0;
  for (let k = -LEVELS; k <= LEVELS; k++) {
    const t = k * H;
    const u = (Math.PI / 2) * Math.sinh(t);
    const cu = Math.cosh(u);
    const w = ((width / 2) * (Math.PI / 2) * Math.cosh(t)) / (cu * cu);
    if (w === 0 || !Number.isFinite(w)) continue;
    // Distance to the nearer end, without cancellation.
    const x = u < 0 ? lo + width / (1 + Math.exp(-2 * u)) : hi - width / (1 + Math.exp(2 * u));
    if (x <= lo || x >= hi) continue;
    sum += w * f(x);
  }
  return sum * H;
}

/** ∫_0^∞ f(x) dx for integrands that decay at least exponentially. */
export function integrateToInfinity(f: (x: number) => number, scale = 1): number {
  let sum = 0;
  for (let k = -LEVELS; k <= LEVELS; k++) {
    const t = k * H;
    const x = scale * Math.exp((Math.PI / 2) * Math.sinh(t));
    const w = (Math.PI / 2) * Math.cosh(t) * x;
    // Beyond a thousand scales an exponentially decaying integrand contributes nothing.
    if (x === 0 || x > 1e3 * scale || !Number.isFinite(w)) continue;
    const v = f(x);
    if (v === 0) continue;
    sum += w * v;
  }
  return sum * H;
}
