import { describe, expect, it } from 'vitest';
import {
  digamma,
  lnBeta,
  lnGamma,
  lnGammaSigned,
  lnRecGammaSigned,
  logAddExp,
} from '../../../core/analytics/clv/special';

const EULER_GAMMA = 0.5772156649015329;

describe('lnGamma', () => {
  it('matches factorials: Γ(n) = (n − 1)!', () => {
    let factorial = 1;
    for (let n = 1; n <= 25; n++) {
      if (n > 1) factorial *= n - 1;
      expect(lnGamma(n)).toBeCloseTo(Math.log(factorial), 12);
    }
  });

  it('matches Γ(1/2) = √π and the half-integer recurrence Γ(n + 1/2) = (2n−1)!!/2^n √π', () => {
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    // Γ(7/2) = 15/8 √π
    expect(lnGamma(3.5)).toBeCloseTo(Math.log((15 / 8) * Math.sqrt(Math.PI)), 13);
  });

  it('is accurate for small and large arguments (mpmath values)', () => {
    expect(lnGamma(1e-3)).toBeCloseTo(6.907178885383853, 12);
    expect(lnGamma(0.243)).toBeCloseTo(1.3180435846996699, 12);
    expect(lnGamma(1000.5)).toBeCloseTo(5908.674175848677, 9);
  });

  it('rejects non-positive arguments', () => {
    expect(() => lnGamma(0)).toThrow(RangeError);
    expect(() => lnGamma(-1.5)).toThrow(RangeError);
  });
});

describe('lnGammaSigned and lnRecGammaSigned', () => {
  it('gives Γ(−1/2) = −2√π and Γ(−3/2) = 4√π/3', () => {
    const g1 = lnGammaSigned(-0.5);
    expect(g1.sign).toBe(-1);
    expect(g1.log).toBeCloseTo(Math.log(2 * Math.sqrt(Math.PI)), 13);
    const g2 = lnGammaSigned(-1.5);
    expect(g2.sign).toBe(1);
    expect(g2.log).toBeCloseTo(Math.log((4 / 3) * Math.sqrt(Math.PI)), 13);
  });

  it('treats poles as errors for Γ and as zero for 1/Γ', () => {
    expect(() => lnGammaSigned(-2)).toThrow(RangeError);
    expect(lnRecGammaSigned(-2)).toEqual({ log: -Infinity, sign: 0 });
  });
});

describe('digamma', () => {
  it('gives ψ(1) = −γ and ψ(1/2) = −γ − 2 ln 2', () => {
    expect(digamma(1)).toBeCloseTo(-EULER_GAMMA, 14);
    expect(digamma(0.5)).toBeCloseTo(-EULER_GAMMA - 2 * Math.LN2, 14);
  });

  it('follows ψ(n + 1) = H_n − γ', () => {
    let harmonic = 0;
    for (let n = 1; n <= 30; n++) {
      harmonic += 1 / n;
      expect(digamma(n + 1)).toBeCloseTo(harmonic - EULER_GAMMA, 13);
    }
  });

  it('handles negative arguments: ψ(−1/2) = ψ(1/2) + 2', () => {
    expect(digamma(-0.5)).toBeCloseTo(-EULER_GAMMA - 2 * Math.LN2 + 2, 13);
  });

  it('is the derivative of lnGamma (central difference)', () => {
    for (const x of [0.05, 0.793, 2.426, 17.3, 400]) {
      const h = 1e-5 * x;
      const numeric = (lnGamma(x + h) - lnGamma(x - h)) / (2 * h);
      expect(digamma(x)).toBeCloseTo(numeric, 6);
    }
  });
});

describe('lnBeta and logAddExp', () => {
  it('gives B(2, 3) = 1/12', () => {
    expect(lnBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 14);
  });

  it('adds in log space without overflow', () => {
    expect(logAddExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 14);
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(-Infinity, 4)).toBe(4);
  });
});
