import { describe, expect, it } from 'vitest';
import { bfgs, nelderMead, numericalGradient } from '../../../core/analytics/clv/optimize';
import type { ValueAndGradient } from '../../../core/analytics/clv/optimize';

const rosenbrock = (x: readonly number[]): number => {
  const [a, b] = x as [number, number];
  return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
};
const rosenbrockWithGradient = (x: readonly number[]): ValueAndGradient => {
  const [a, b] = x as [number, number];
  return {
    value: rosenbrock(x),
    gradient: [-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)],
  };
};
const wide = { lower: [-10, -10], upper: [10, 10] };

describe('bfgs', () => {
  it('finds the Rosenbrock minimum (1, 1) from (−1.2, 1)', () => {
    const result = bfgs(rosenbrockWithGradient, [-1.2, 1], { ...wide, gradientTolerance: 1e-9 });
    expect(result.converged).toBe(true);
    expect(result.reason).toBe('gradient tolerance');
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    expect(result.gradientNorm).toBeLessThanOrEqual(1e-9);
    expect(result.iterations).toBeGreaterThan(0);
  });

  it('works with a numerical gradient', () => {
    const result = bfgs((x) => numericalGradient(rosenbrock, x), [-1.2, 1], {
      ...wide,
      gradientTolerance: 1e-6,
    });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 4);
    expect(result.x[1]).toBeCloseTo(1, 4);
  });

  it('stops on an active bound with a zero projected gradient', () => {
    // min (x − 3)² + (y + 1)² on [0, 2] × [0, 2] is at (2, 0).
    const f = (x: readonly number[]): ValueAndGradient => {
      const [a, b] = x as [number, number];
      return { value: (a - 3) ** 2 + (b + 1) ** 2, gradient: [2 * (a - 3), 2 * (b + 1)] };
    };
    const result = bfgs(f, [1, 1], { lower: [0, 0], upper: [2, 2] });
    expect(result.converged).toBe(true);
    expect(result.x).toEqual([2, 0]);
    expect(result.gradientNorm).toBe(0);
  });

  it('reports a non-finite starting point instead of iterating', () => {
    const result = bfgs(() => ({ value: NaN, gradient: [0] }), [0], { lower: [-1], upper: [1] });
    expect(result.converged).toBe(false);
    expect(result.reason).toMatch(/not finite/);
  });

  it('rejects malformed bounds', () => {
    expect(() => bfgs(rosenbrockWithGradient, [0, 0], { lower: [0], upper: [1] })).toThrow(RangeError);
    expect(() => bfgs(rosenbrockWithGradient, [0, 0], { lower: [1, 0], upper: [1, 1] })).toThrow(RangeError);
  });
});

describe('nelderMead', () => {
  it('finds the Rosenbrock minimum and reports the simplex size', () => {
    const result = nelderMead(rosenbrock, [-1.2, 1], { ...wide, maxEvaluations: 5000 });
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 5);
    expect(result.x[1]).toBeCloseTo(1, 5);
    expect(result.simplexSize).toBeLessThanOrEqual(1e-8);
  });

  it('keeps vertices inside the bounds', () => {
    const result = nelderMead((x) => (x[0] as number) ** 2, [0.5], { lower: [0.25], upper: [1] });
    expect(result.x[0]).toBe(0.25);
  });

  it('says when it ran out of evaluations', () => {
    const result = nelderMead(rosenbrock, [-1.2, 1], { ...wide, maxEvaluations: 20 });
    expect(result.converged).toBe(false);
    expect(result.reason).toBe('evaluation limit');
  });
});

describe('numericalGradient', () => {
  it('matches an analytic gradient', () => {
    const x = [0.3, -0.7];
    const numeric = numericalGradient(rosenbrock, x).gradient;
    const analytic = rosenbrockWithGradient(x).gradient;
    expect(numeric[0]).toBeCloseTo(analytic[0] as number, 5);
    expect(numeric[1]).toBeCloseTo(analytic[1] as number, 5);
  });
});
