import { bfgs, nelderMead } from './optimize';
import type { MinimizeResult, ObjectiveWithGradient } from './optimize';
import type { FitReport } from './types';

export type { FitReport } from './types';

export interface LogSpaceProblem {
  names: readonly string[];
  /** Mean negative log-likelihood and its gradient, in log-parameter space. */
  objective: ObjectiveWithGradient;
  /** Candidate starting points in log-parameter space; the best two are run. */
  starts: readonly (readonly number[])[];
  lower: readonly number[];
  upper: readonly number[];
  gradientTolerance: number;
}

export interface LogSpaceSolution {
  x: number[];
  report: Omit<FitReport, 'logLikelihood'>;
}

const BOUND_SLACK = 1e-6;

/**
 * Runs BFGS from the best two starting points; when neither converges, Nelder–Mead
 * from the best end point followed by a BFGS polish. Reports the best run.
 */
export function solveInLogSpace(problem: LogSpaceProblem): LogSpaceSolution {
  const { names, objective, lower, upper, gradientTolerance } = problem;
  const scored = problem.starts
    .map((x) => ({ x, value: objective(x).value }))
    .filter((s) => Number.isFinite(s.value))
    .sort((p, q) => p.value - q.value);
  let iterations = 0;
  let evaluations = problem.starts.length;
  if (scored.length === 0) {
    return {
      x: [...(problem.starts[0] ?? [])],
      report: {
        converged: false,
        reason: 'the likelihood is not finite at any starting point',
        method: 'bfgs',
        iterations,
        evaluations,
        runs: 0,
        runSpread: 0,
        gradientNorm: NaN,
        atBounds: [],
      },
    };
  }
  const runs: MinimizeResult[] = [];
  for (const start of scored.slice(0, 2)) {
    const run = bfgs(objective, start.x, { lower, upper, gradientTolerance });
    iterations += run.iterations;
    evaluations += run.evaluations;
    runs.push(run);
  }
  let method = 'bfgs';
  if (!runs.some((r) => r.converged)) {
    method = 'nelder-mead+bfgs';
    const from = [...runs].sort((p, q) => p.value - q.value)[0] as MinimizeResult;
    const simplex = nelderMead((x) => objective(x).value, from.x, { lower, upper, maxEvaluations: 3000 });
    iterations += simplex.iterations;
    evaluations += simplex.evaluations;
    const polish = bfgs(objective, simplex.x, { lower, upper, gradientTolerance });
    iterations += polish.iterations;
    evaluations += polish.evaluations;
    runs.push(polish);
  }
  const best = [...runs].sort((p, q) => {
    if (p.converged !== q.converged) return p.converged ? -1 : 1;
    return p.value - q.value;
  })[0] as MinimizeResult;
  const converged = runs.filter((r) => r.converged);
  let runSpread = 0;
  for (const r of converged) {
    for (let i = 0; i < names.length; i++) {
      runSpread = Math.max(runSpread, Math.abs((r.x[i] as number) - (best.x[i] as number)));
    }
  }
  const atBounds = names.filter(
    (_, i) =>
      (best.x[i] as number) <= (lower[i] as number) + BOUND_SLACK ||
      (best.x[i] as number) >= (upper[i] as number) - BOUND_SLACK,
  );
  let reason = best.reason;
  if (atBounds.length > 0) {
    reason = `the data push ${atBounds.join(', ')} to the edge of the allowed range; the model does not fit this data`;
  }
  return {
    x: best.x,
    report: {
      converged: best.converged && atBounds.length === 0,
      reason,
      method,
      iterations,
      evaluations,
      runs: runs.length,
      runSpread,
      gradientNorm: best.gradientNorm,
      atBounds,
    },
  };
}
