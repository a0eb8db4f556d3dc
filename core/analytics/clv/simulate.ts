import { ServiceError } from '../../errors';
import type { BgNbdParams } from './bgnbd';
import type { GammaGammaParams } from './gamma-gamma';
import type { Transaction } from './summary';

/** A seeded random source (mulberry32): the same seed gives the same stream everywhere. */
export interface Random {
  /** Uniform on (0, 1). */
  uniform(): number;
  normal(): number;
  /** Gamma with the given shape and rate (mean shape / rate). */
  gamma(shape: number, rate: number): number;
  beta(a: number, b: number): number;
  exponential(rate: number): number;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return u === 0 ? 0.5 / 4294967296 : u;
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  // Marsaglia & Tsang (2000); shapes below 1 are boosted by U^(1/shape).
  const standardGamma = (shape: number): number => {
    if (shape < 1) return standardGamma(shape + 1) * Math.pow(uniform(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = uniform();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  return {
    uniform,
    normal,
    gamma: (shape, rate) => standardGamma(shape) / rate,
    beta: (a, b) => {
      const x = standardGamma(a);
      return x / (x + standardGamma(b));
    },
    exponential: (rate) => -Math.log(uniform()) / rate,
  };
}

export interface SimulationOptions {
  customers: number;
  /** Purchase process, with rates per day. */
  purchases: BgNbdParams;
  /** Spend per purchase. */
  spend: GammaGammaParams;
  /** First day of the simulated history (epoch ms of a UTC midnight). */
  start: number;
  /** First purchases are spread uniformly over this many days from the start. */
  acquisitionDays: number;
  /** Total length of the history in days (from the start). */
  days: number;
  seed: number;
}

/**
 * Transactions drawn from the BG/NBD and Gamma-Gamma models themselves: each customer
 * gets λ ~ Gamma(r, α), p ~ Beta(a, b) and ν ~ Gamma(q, γ); after a first purchase at a
 * uniform time in the acquisition window, repeat purchases follow a Poisson process with
 * rate λ, each followed by dropout with probability p; every purchase is worth a
 * Gamma(p, ν) draw. Used for benchmarks, demo data and recovery tests.
 */
export function simulateTransactions(options: SimulationOptions): Transaction[] {
  const { customers, purchases, spend, start, acquisitionDays, days, seed } = options;
  if (!(Number.isInteger(customers) && customers >= 0)) {
    throw new ServiceError('invalid-argument', 'customers must be a whole number.', { customers });
  }
  if (!(acquisitionDays > 0 && days >= acquisitionDays)) {
    throw new ServiceError(
      'invalid-argument',
      'The history must be at least as long as the acquisition window.',
      {
        acquisitionDays,
        days,
      },
    );
  }
  const rng = createRandom(seed);
  const out: Transaction[] = [];
  const dayMs = 86_400_000;
  for (let i = 0; i < customers; i++) {
    const customerId = `c${i + 1}`;
    const lambda = rng.gamma(purchases.r, purchases.alpha);
    const dropout = rng.beta(purchases.a, purchases.b);
    const nu = rng.gamma(spend.q, spend.gamma);
    let t = rng.uniform() * acquisitionDays;
    out.push({ customerId, at: start + t * dayMs, amount: rng.gamma(spend.p, nu) });
    for (;;) {
      t += rng.exponential(lambda);
      if (t >= days) break;
      out.push({ customerId, at: start + t * dayMs, amount: rng.gamma(spend.p, nu) });
      if (rng.uniform() < dropout) break;
    }
  }
  return out;
}
