/**
 * Small, dependency-free optimisers for maximum-likelihood fits of a handful of
 * parameters: BFGS with box bounds (projected steps, Armijo backtracking) and
 * Nelder–Mead with box bounds. Both minimise; callers pass a negative log-likelihood.
 */

export type Objective = (x: readonly number[]) => number;

export interface ValueAndGradient {
  value: number;
  gradient: number[];
}

/** Value and gradient together, so a model can share work between them. */
export type ObjectiveWithGradient = (x: readonly number[]) => ValueAndGradient;

export interface Bounds {
  lower: readonly number[];
  upper: readonly number[];
}

export interface MinimizeResult {
  x: number[];
  value: number;
  /** Gradient at x (analytic when given, otherwise central differences). */
  gradient: number[];
  /** Infinity norm of the projected gradient (components pushing against an active bound are 0). */
  gradientNorm: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** Why the method stopped: a convergence criterion, or the failure. */
  reason: string;
  /** Nelder–Mead only: the largest distance from the best vertex to any other vertex. */
  simplexSize?: number;
}

export interface BfgsOptions extends Bounds {
  /** Stop when the projected gradient's infinity norm is at most this. */
  gradientTolerance?: number;
  maxIterations?: number;
}

export interface NelderMeadOptions extends Bounds {
  /** Stop when every vertex value is within this of the best one and the simplex is small. */
  valueTolerance?: number;
  sizeTolerance?: number;
  maxEvaluations?: number;
  /** Size of the first simplex along each axis. */
  initialStep?: number;
}

/**
 * When no step decreases the objective any more, the optimum is located as well as
 * double precision allows; that still counts as converged if the gradient is this small.
 */
const STALL_TOLERANCE = 1e-5;

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function checkBounds(x0: readonly number[], bounds: Bounds): void {
  const n = x0.length;
  if (bounds.lower.length !== n || bounds.upper.length !== n) {
    throw new RangeError('bounds must have one entry per parameter');
  }
  for (let i = 0; i < n; i++) {
    if (!((bounds.lower[i] as number) < (bounds.upper[i] as number))) {
      throw new RangeError(`empty bound for parameter ${i}`);
    }
  }
}

/**
 * Central-difference gradient. The step is clipped so that it never leaves the
 * box (a one-sided difference is used at a bound).
 */
export function numericalGradient(f: Objective, x: readonly number[], bounds?: Bounds): ValueAndGradient {
  const value = f(x);
  const gradient: number[] = [];
  const point = [...x];
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    const h = 1e-5 * Math.max(1, Math.abs(xi));
    const lo = bounds ? (bounds.lower[i] as number) : -Infinity;
    const hi = bounds ? (bounds.upper[i] as number) : Infinity;
    const up = Math.min(xi + h, hi);
    const down = Math.max(xi - h, lo);
    point[i] = up;
    const fUp = up === xi ? value : f(point);
    point[i] = down;
    const fDown = down === xi ? value : f(point);
    point[i] = xi;
    gradient.push((fUp - fDown) / (up - down));
  }
  return { value, gradient };
}

function projectedGradientNorm(x: readonly number[], g: readonly number[], bounds: Bounds): number {
  let norm = 0;
  for (let i = 0; i < x.length; i++) {
    const gi = g[i] as number;
    const atLower = (x[i] as number) <= (bounds.lower[i] as number) && gi > 0;
    const atUpper = (x[i] as number) >= (bounds.upper[i] as number) && gi < 0;
    if (!atLower && !atUpper) norm = Math.max(norm, Math.abs(gi));
  }
  return norm;
}

/**
 * BFGS on the inverse Hessian with box bounds. Variables sitting on a bound whose
 * gradient pushes outwards are held fixed for the step; trial points are projected
 * back into the box; the step length satisfies the Armijo condition.
 */
export function bfgs(fg: ObjectiveWithGradient, x0: readonly number[], options: BfgsOptions): MinimizeResult {
  checkBounds(x0, options);
  const n = x0.length;
  const gtol = options.gradientTolerance ?? 1e-7;
  const maxIterations = options.maxIterations ?? 500;
  const { lower, upper } = options;
  let x = x0.map((v, i) => clamp(v, lower[i] as number, upper[i] as number));
  let evaluations = 1;
  let current = fg(x);
  if (!Number.isFinite(current.value) || !current.gradient.every(Number.isFinite)) {
    return finish(
      x,
      current,
      0,
      evaluations,
      false,
      'objective is not finite at the starting point',
      options,
    );
  }
  let H = identity(n);
  let first = true;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const g = current.gradient;
    const pgNorm = projectedGradientNorm(x, g, options);
    if (pgNorm <= gtol)
      return finish(x, current, iteration, evaluations, true, 'gradient tolerance', options);

    const active = x.map(
      (xi, i) =>
        (xi <= (lower[i] as number) && (g[i] as number) > 0) ||
        (xi >= (upper[i] as number) && (g[i] as number) < 0),
    );
    let d = direction(H, g, active);
    if (!(dot(d, g) < 0)) {
      H = identity(n);
      d = direction(H, g, active);
    }
    // The first step has no curvature information: keep it to a unit move.
    const longest = Math.max(...d.map(Math.abs));
    let step = first ? Math.min(1, 1 / longest) : 1;
    let accepted: { x: number[]; value: ValueAndGradient } | null = null;
    // Moves below this no longer change x meaningfully in double precision.
    const floor = 1e-12 * Math.max(1, ...x.map(Math.abs));
    while (step * longest > floor) {
      const trial = x.map((xi, i) =>
        clamp(xi + step * (d[i] as number), lower[i] as number, upper[i] as number),
      );
      const moved = trial.map((t, i) => t - (x[i] as number));
      const predicted = dot(moved, g);
      if (moved.every((m) => m === 0)) break;
      if (!(predicted < 0)) {
        // Projection turned the move uphill; a shorter step bends less.
        step *= 0.5;
        continue;
      }
      // A gain below the rounding of f cannot be confirmed; shorter steps only gain less.
      if (-predicted <= 4 * Number.EPSILON * Math.abs(current.value)) break;
      const candidate = fg(trial);
      evaluations++;
      if (Number.isFinite(candidate.value) && candidate.value <= current.value + 1e-4 * predicted) {
        accepted = { x: trial, value: candidate };
        break;
      }
      step *= Number.isFinite(candidate.value) ? 0.5 : 0.1;
    }
    if (accepted === null && !first) {
      // The curvature model may be stale: retry once along the steepest descent.
      H = identity(n);
      first = true;
      continue;
    }
    if (accepted === null) {
      // No decrease along steepest descent: at the limit of floating-point resolution.
      const converged = pgNorm <= Math.max(gtol, STALL_TOLERANCE);
      return finish(
        x,
        current,
        iteration,
        evaluations,
        converged,
        converged ? 'no further decrease (gradient small)' : 'line search failed',
        options,
      );
    }
    const s = accepted.x.map((v, i) => v - (x[i] as number));
    const y = accepted.value.gradient.map((v, i) => v - (g[i] as number));
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (first) H = scaledIdentity(n, sy / dot(y, y));
      H = bfgsUpdate(H, s, y, sy);
      first = false;
    }
    x = accepted.x;
    current = accepted.value;
  }
  const pgNorm = projectedGradientNorm(x, current.gradient, options);
  return finish(x, current, maxIterations, evaluations, pgNorm <= gtol, 'iteration limit', options);
}

function finish(
  x: number[],
  at: ValueAndGradient,
  iterations: number,
  evaluations: number,
  converged: boolean,
  reason: string,
  bounds: Bounds,
): MinimizeResult {
  return {
    x,
    value: at.value,
    gradient: at.gradient,
    gradientNorm: projectedGradientNorm(x, at.gradient, bounds),
    iterations,
    evaluations,
    converged,
    reason,
  };
}

function identity(n: number): number[][] {
  return scaledIdentity(n, 1);
}

function scaledIdentity(n: number, s: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? s : 0)));
}

function dot(u: readonly number[], v: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += (u[i] as number) * (v[i] as number);
  return s;
}

function direction(H: number[][], g: readonly number[], active: readonly boolean[]): number[] {
  const n = g.length;
  const d: number[] = [];
  for (let i = 0; i < n; i++) {
    if (active[i]) {
      d.push(0);
      continue;
    }
    let s = 0;
    const row = H[i] as number[];
    for (let j = 0; j < n; j++) if (!active[j]) s -= (row[j] as number) * (g[j] as number);
    d.push(s);
  }
  return d;
}

/** H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1 / (yᵀ s). */
function bfgsUpdate(H: number[][], s: readonly number[], y: readonly number[], sy: number): number[][] {
  const n = s.length;
  const rho = 1 / sy;
  const Hy = H.map((row) => dot(row, y));
  const yHy = dot(y, Hy);
  const next: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let j = 0; j < n; j++) {
      const si = s[i] as number;
      const sj = s[j] as number;
      row.push(
        ((H[i] as number[])[j] as number) -
          rho * ((Hy[i] as number) * sj + si * (Hy[j] as number)) +
          (rho * rho * yHy + rho) * si * sj,
      );
    }
    next.push(row);
  }
  return next;
}

/**
 * Nelder–Mead with the dimension-adaptive coefficients of Gao & Han (2012); vertices
 * are clamped into the box. Robust where gradients are unreliable, slower than BFGS.
 */
export function nelderMead(f: Objective, x0: readonly number[], options: NelderMeadOptions): MinimizeResult {
  checkBounds(x0, options);
  const n = x0.length;
  const { lower, upper } = options;
  const ftol = options.valueTolerance ?? 1e-12;
  const xtol = options.sizeTolerance ?? 1e-8;
  const maxEvaluations = options.maxEvaluations ?? 4000;
  const step = options.initialStep ?? 0.5;
  const alpha = 1;
  const gamma = 1 + 2 / n;
  const rhoC = 0.75 - 1 / (2 * n);
  const sigma = 1 - 1 / n;
  const project = (p: readonly number[]): number[] =>
    p.map((v, i) => clamp(v, lower[i] as number, upper[i] as number));
  let evaluations = 0;
  const evaluate = (p: number[]): { x: number[]; f: number } => {
    evaluations++;
    const v = f(p);
    return { x: p, f: Number.isFinite(v) ? v : Infinity };
  };

  const start = project(x0);
  const simplex = [evaluate(start)];
  for (let i = 0; i < n; i++) {
    const p = [...start];
    const up = (p[i] as number) + step;
    p[i] = up <= (upper[i] as number) ? up : (p[i] as number) - step;
    simplex.push(evaluate(project(p)));
  }

  let iterations = 0;
  let reason = 'evaluation limit';
  let converged = false;
  while (evaluations < maxEvaluations) {
    simplex.sort((p, q) => p.f - q.f);
    const best = simplex[0] as { x: number[]; f: number };
    const worst = simplex[n] as { x: number[]; f: number };
    const size = simplexSize(simplex.map((v) => v.x));
    if (Math.abs(worst.f - best.f) <= ftol * Math.max(1, Math.abs(best.f)) && size <= xtol) {
      converged = true;
      reason = 'simplex tolerance';
      break;
    }
    iterations++;
    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) {
      const v = (simplex[k] as { x: number[] }).x;
      for (let i = 0; i < n; i++) centroid[i] = (centroid[i] as number) + (v[i] as number) / n;
    }
    const along = (t: number): number[] =>
      project(centroid.map((c, i) => c + t * (c - (worst.x[i] as number))));
    const reflected = evaluate(along(alpha));
    const secondWorst = simplex[n - 1] as { f: number };
    if (reflected.f < best.f) {
      const expanded = evaluate(along(gamma));
      simplex[n] = expanded.f < reflected.f ? expanded : reflected;
      continue;
    }
    if (reflected.f < secondWorst.f) {
      simplex[n] = reflected;
      continue;
    }
    const contracted = reflected.f < worst.f ? evaluate(along(alpha * rhoC)) : evaluate(along(-rhoC));
    if (contracted.f < Math.min(reflected.f, worst.f)) {
      simplex[n] = contracted;
      continue;
    }
    for (let k = 1; k <= n; k++) {
      const v = (simplex[k] as { x: number[] }).x;
      simplex[k] = evaluate(project(best.x.map((b, i) => b + sigma * ((v[i] as number) - b))));
    }
  }
  simplex.sort((p, q) => p.f - q.f);
  const best = simplex[0] as { x: number[]; f: number };
  const { gradient } = numericalGradient(f, best.x, options);
  return {
    x: best.x,
    value: best.f,
    gradient,
    gradientNorm: projectedGradientNorm(best.x, gradient, options),
    iterations,
    evaluations,
    converged,
    reason,
    simplexSize: simplexSize(simplex.map((v) => v.x)),
  };
}

function simplexSize(points: readonly (readonly number[])[]): number {
  const best = points[0] as readonly number[];
  let size = 0;
  for (let k = 1; k < points.length; k++) {
    const p = points[k] as readonly number[];
    for (let i = 0; i < best.length; i++)
      size = Math.max(size, Math.abs((p[i] as number) - (best[i] as number)));
  }
  return size;
}
