import { fail } from '../../errors';

/**
 * L2-regularised logistic regression, fitted by Newton's method (IRLS) with a backtracking
 * line search on standardised features. Deterministic: no randomness, a fixed start and a
 * fixed order of summation. The penalty keeps coefficients finite when the classes are
 * perfectly separated, which small conversion data sets often are.
 *
 * Objective (minimised): −Σᵢ [yᵢ zᵢ − ln(1 + e^zᵢ)] + (λ/2) Σⱼ βⱼ², with zᵢ = b₀ + Σⱼ βⱼ x̃ᵢⱼ
 * and x̃ the standardised features; the intercept b₀ is not penalised.
 */

export { auc, calibration } from './model-quality';
export type { Calibration, CalibrationBin } from './model-quality';

export interface LogisticOptions {
  /** Penalty strength λ ≥ 0 on standardised coefficients; default 1. */
  lambda?: number;
  /** Newton iterations at most; default 100 (a fit usually converges in 5–10). */
  maxIter?: number;
  /** Stop when half the squared Newton decrement is at most this; default 1e-10. */
  tolerance?: number;
  /** Fewest positives and fewest negatives a fit needs; default 50. */
  minPerClass?: number;
}

export interface LogisticModel {
  cols: number;
  /** Per column: mean and population standard deviation used to standardise (0 for a constant column). */
  means: number[];
  scales: number[];
  /** On the standardised features: comparable across columns. */
  intercept: number;
  coefficients: number[];
  /** The same model on the original feature scale: logit p = rawIntercept + Σ rawCoefficients·x. */
  rawIntercept: number;
  rawCoefficients: number[];
  lambda: number;
}

export interface LogisticFitted {
  ok: true;
  model: LogisticModel;
  converged: boolean;
  iterations: number;
  /** Why the fit stopped. */
  reason: string;
  /** Unpenalised log-likelihood at the fitted parameters. */
  logLikelihood: number;
  /** Largest absolute gradient component of the penalised objective at the end. */
  gradientNorm: number;
  positives: number;
  negatives: number;
  /** Columns with one value throughout: they carry no information and get coefficient 0. */
  constantColumns: number[];
}

export interface LogisticRefused {
  ok: false;
  reason: 'single-class' | 'too-few-positives' | 'too-few-negatives';
  message: string;
  positives: number;
  negatives: number;
  minPerClass: number;
}

export type LogisticFit = LogisticFitted | LogisticRefused;

/**
 * With λ = 0: a standardised coefficient beyond 20 (odds × e²⁰ per standard deviation) or a
 * fitted logit beyond 35 (a probability within 1e-15 of 0 or 1) means the estimate ran away.
 */
const MAX_UNPENALISED_COEFFICIENT = 20;
const SATURATED_LOGIT = 35;

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** ln(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function shape(X: Float64Array, rows: number): number {
  if (rows === 0) fail('invalid-argument', 'There are no rows to fit or score.');
  const cols = X.length / rows;
  if (!Number.isInteger(cols)) {
    fail(
      'invalid-argument',
      `The feature matrix has ${X.length} values, not a whole number of columns for ${rows} rows.`,
      {
        values: X.length,
        rows,
      },
    );
  }
  for (let i = 0; i < X.length; i++) {
    if (!Number.isFinite(X[i])) {
      fail(
        'invalid-argument',
        'Every feature value must be a finite number; fill or drop missing values first.',
        {
          row: Math.floor(i / cols),
          column: i % cols,
        },
      );
    }
  }
  return cols;
}

/** Solves A x = b in place for a symmetric positive-definite A (row-major k×k); false if A is not. */
function choleskySolve(A: Float64Array, b: Float64Array, k: number): boolean {
  for (let j = 0; j < k; j++) {
    let d = A[j * k + j] as number;
    for (let m = 0; m < j; m++) d -= (A[j * k + m] as number) ** 2;
    if (!(d > 0)) return false;
    const l = Math.sqrt(d);
    A[j * k + j] = l;
    for (let i = j + 1; i < k; i++) {
      let s = A[i * k + j] as number;
      for (let m = 0; m < j; m++) s -= (A[i * k + m] as number) * (A[j * k + m] as number);
      A[i * k + j] = s / l;
    }
  }
  for (let i = 0; i < k; i++) {
    let s = b[i] as number;
    for (let m = 0; m < i; m++) s -= (A[i * k + m] as number) * (b[m] as number);
    b[i] = s / (A[i * k + i] as number);
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = b[i] as number;
    for (let m = i + 1; m < k; m++) s -= (A[m * k + i] as number) * (b[m] as number);
    b[i] = s / (A[i * k + i] as number);
  }
  return true;
}

/**
 * Fits P(y = 1 | x). X is row-major, y.length rows by X.length / y.length columns.
 *
 * Bad input (shapes, non-finite values, labels other than 0/1, negative λ) fails with
 * `invalid-argument`. Data that cannot support a model — one class only, or fewer than
 * `minPerClass` positives or negatives — is an expected outcome and comes back as
 * `{ ok: false, reason }`, so the caller can say "not enough conversions yet".
 */
export function fitLogistic(X: Float64Array, y: Uint8Array, options: LogisticOptions = {}): LogisticFit {
  const lambda = options.lambda ?? 1;
  const maxIter = options.maxIter ?? 100;
  const tolerance = options.tolerance ?? 1e-10;
  const minPerClass = options.minPerClass ?? 50;
  if (!(Number.isFinite(lambda) && lambda >= 0))
    fail('invalid-argument', 'lambda must be a number of 0 or more.', { lambda });
  if (!(Number.isInteger(maxIter) && maxIter >= 1))
    fail('invalid-argument', 'maxIter must be a whole number of 1 or more.', { maxIter });
  if (!(Number.isFinite(tolerance) && tolerance > 0))
    fail('invalid-argument', 'tolerance must be a positive number.', { tolerance });
  if (!(Number.isInteger(minPerClass) && minPerClass >= 1)) {
    fail('invalid-argument', 'minPerClass must be a whole number of 1 or more.', { minPerClass });
  }
  const n = y.length;
  const cols = shape(X, n);
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const v = y[i] as number;
    if (v !== 0 && v !== 1) fail('invalid-argument', 'Labels must be 0 or 1.', { row: i, label: v });
    positives += v;
  }
  const negatives = n - positives;
  const refused = (reason: LogisticRefused['reason'], message: string): LogisticRefused => ({
    ok: false,
    reason,
    message,
    positives,
    negatives,
    minPerClass,
  });
  if (positives === 0 || negatives === 0) {
    return refused(
      'single-class',
      `Every row has the same outcome (${positives} positive, ${negatives} negative): there is nothing to learn.`,
    );
  }
  if (positives < minPerClass) {
    return refused(
      'too-few-positives',
      `Only ${positives} positive outcomes; a model needs at least ${minPerClass}.`,
    );
  }
  if (negatives < minPerClass) {
    return refused(
      'too-few-negatives',
      `Only ${negatives} negative outcomes; a model needs at least ${minPerClass}.`,
    );
  }

  // Standardise; constant columns leave the problem (their coefficient is 0).
  const means = new Array<number>(cols).fill(0);
  const scales = new Array<number>(cols).fill(0);
  const active: number[] = [];
  const constantColumns: number[] = [];
  for (let j = 0; j < cols; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += X[i * cols + j] as number;
    const mean = s / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += ((X[i * cols + j] as number) - mean) ** 2;
    const sd = Math.sqrt(ss / n);
    means[j] = mean;
    // Relative to the column's magnitude, so a column of 1e9 ± rounding noise is constant.
    if (sd > 1e-12 * Math.max(1, Math.abs(mean))) {
      scales[j] = sd;
      active.push(j);
    } else {
      constantColumns.push(j);
    }
  }
  const d = active.length;
  const k = d + 1;
  const Z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const j = active[a] as number;
      Z[i * d + a] = ((X[i * cols + j] as number) - (means[j] as number)) / (scales[j] as number);
    }
  }

  const theta = new Float64Array(k);
  theta[0] = Math.log(positives / negatives);
  const z = new Float64Array(n);
  const linear = (t: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      let s = t[0] as number;
      for (let a = 0; a < d; a++) s += (t[a + 1] as number) * (Z[i * d + a] as number);
      out[i] = s;
    }
  };
  const objective = (t: Float64Array, zs: Float64Array): number => {
    let f = 0;
    for (let i = 0; i < n; i++) f += softplus(zs[i] as number) - (y[i] as number) * (zs[i] as number);
    let pen = 0;
    for (let a = 1; a < k; a++) pen += (t[a] as number) ** 2;
    return f + (lambda / 2) * pen;
  };

  linear(theta, z);
  let f = objective(theta, z);
  const g = new Float64Array(k);
  const H = new Float64Array(k * k);
  const step = new Float64Array(k);
  const trial = new Float64Array(k);
  const zTrial = new Float64Array(n);
  let converged = false;
  let reason = `stopped after ${maxIter} iterations without converging`;
  let iterations = 0;
  const gradientAndHessian = (): void => {
    g.fill(0);
    H.fill(0);
    for (let i = 0; i < n; i++) {
      const p = sigmoid(z[i] as number);
      const r = p - (y[i] as number);
      const w = p * (1 - p);
      g[0] += r;
      H[0] += w;
      for (let a = 0; a < d; a++) {
        const za = Z[i * d + a] as number;
        g[a + 1] += r * za;
        H[a + 1] += w * za;
        for (let b = 0; b <= a; b++) H[(a + 1) * k + b + 1] += w * za * (Z[i * d + b] as number);
      }
    }
    for (let a = 1; a < k; a++) {
      g[a] += lambda * (theta[a] as number);
      H[a * k + a] += lambda;
      H[a * k] = H[a] as number;
      for (let b = 1; b < a; b++) H[b * k + a] = H[a * k + b] as number;
    }
  };

  while (iterations < maxIter) {
    gradientAndHessian();
    step.set(g);
    if (!choleskySolve(H, step, k)) {
      reason =
        lambda === 0
          ? 'the curvature vanished (classes perfectly separated, or duplicated features): use lambda > 0'
          : 'the curvature matrix is not positive definite';
      break;
    }
    let decrement = 0;
    for (let a = 0; a < k; a++) decrement += (g[a] as number) * (step[a] as number);
    iterations++;
    if (decrement / 2 <= tolerance) {
      // Close enough: one last full Newton step (quadratic convergence) polishes the digits.
      // It is taken without a line search: the objective cannot resolve a gain this small,
      // and this close to the optimum of a convex function the full step is the right one.
      for (let a = 0; a < k; a++) theta[a] = (theta[a] as number) - (step[a] as number);
      linear(theta, z);
      f = objective(theta, z);
      converged = true;
      reason = `Newton decrement ${(decrement / 2).toExponential(2)} ≤ tolerance`;
      break;
    }
    // Backtracking (Armijo) keeps every step a descent, so the fit never diverges.
    let t = 1;
    let fTrial = Infinity;
    for (let halvings = 0; halvings < 60; halvings++) {
      for (let a = 0; a < k; a++) trial[a] = (theta[a] as number) - t * (step[a] as number);
      linear(trial, zTrial);
      fTrial = objective(trial, zTrial);
      if (fTrial <= f - 0.25 * t * decrement) break;
      t /= 2;
    }
    if (!(fTrial < f)) {
      // No step lowers the objective: the optimum is found to the precision doubles allow.
      converged = decrement / 2 <= 1e-12 * Math.max(1, Math.abs(f));
      reason = converged ? 'no further decrease possible at double precision' : 'line search failed';
      break;
    }
    theta.set(trial);
    z.set(zTrial);
    f = fTrial;
  }
  if (converged && lambda === 0) {
    // Without a penalty, separated classes have no finite estimate: Newton "converges" only
    // because the gradient vanishes as coefficients run away. Runaway coefficients, or fitted
    // probabilities saturated to 0/1 in double precision, say so.
    let runaway = false;
    for (let a = 1; a < k; a++)
      if (Math.abs(theta[a] as number) > MAX_UNPENALISED_COEFFICIENT) runaway = true;
    for (let i = 0; i < n && !runaway; i++) if (Math.abs(z[i] as number) > SATURATED_LOGIT) runaway = true;
    if (runaway) {
      converged = false;
      reason = 'no finite estimate: the classes are (nearly) perfectly separated; use lambda > 0';
    }
  }
  gradientAndHessian();
  let gradientNorm = 0;
  for (let a = 0; a < k; a++) gradientNorm = Math.max(gradientNorm, Math.abs(g[a] as number));
  let penalty = 0;
  for (let a = 1; a < k; a++) penalty += (theta[a] as number) ** 2;

  const coefficients = new Array<number>(cols).fill(0);
  const rawCoefficients = new Array<number>(cols).fill(0);
  let rawIntercept = theta[0] as number;
  active.forEach((j, a) => {
    const beta = theta[a + 1] as number;
    coefficients[j] = beta;
    rawCoefficients[j] = beta / (scales[j] as number);
    rawIntercept -= (beta * (means[j] as number)) / (scales[j] as number);
  });
  return {
    ok: true,
    model: {
      cols,
      means,
      scales,
      intercept: theta[0] as number,
      coefficients,
      rawIntercept,
      rawCoefficients,
      lambda,
    },
    converged,
    iterations,
    reason,
    logLikelihood: -(f - (lambda / 2) * penalty),
    gradientNorm,
    positives,
    negatives,
    constantColumns,
  };
}

/** P(y = 1) for each row of X (row-major, model.cols columns). */
export function predict(model: LogisticModel, X: Float64Array): Float64Array {
  if (model.cols === 0) {
    fail(
      'invalid-argument',
      'A model without features cannot tell how many rows X holds; pass one column of zeros.',
    );
  }
  const rows = X.length / model.cols;
  if (!Number.isInteger(rows) || rows === 0) {
    fail('invalid-argument', `X must hold a whole number of rows of ${model.cols} columns.`, {
      values: X.length,
    });
  }
  shape(X, rows);
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = model.intercept;
    for (let j = 0; j < model.cols; j++) {
      const sd = model.scales[j] as number;
      if (sd > 0)
        s +=
          ((model.coefficients[j] as number) *
            ((X[i * model.cols + j] as number) - (model.means[j] as number))) /
          sd;
    }
    out[i] = sigmoid(s);
  }
  return out;
}
