import { describe, expect, it } from 'vitest';
import { erf, erfc, normalCdf, twoSidedNormalP } from '../../../core/analytics/campaigns/normal';

/** Published values (Abramowitz & Stegun, table 7.1 and 26.1; NIST DLMF), to the digits printed there. */
describe('erf, erfc and the normal CDF against table values', () => {
  it('matches erf and erfc', () => {
    const table: [number, number][] = [
      [0, 0],
      [0.1, 0.1124629160182849],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [1.5, 0.9661051464753108],
      [2, 0.9953222650189527],
      [3, 0.9999779095030014],
    ];
    for (const [x, v] of table) {
      expect(erf(x)).toBeCloseTo(v, 14);
      expect(erf(-x)).toBeCloseTo(-v, 14);
    }
    expect(erfc(1) / 0.1572992070502851 - 1).toBeLessThan(1e-13);
    expect(Math.abs(erfc(2) / 0.004677734981047266 - 1)).toBeLessThan(1e-13);
    expect(Math.abs(erfc(3) / 2.209049699858544e-5 - 1)).toBeLessThan(1e-12);
    // Deep in the tail 1 − erf is all rounding error; erfc keeps its digits.
    expect(Math.abs(erfc(5) / 1.537459794428035e-12 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(erfc(10) / 2.088487583762545e-45 - 1)).toBeLessThan(1e-12);
    expect(erfc(-1)).toBeCloseTo(2 - 0.1572992070502851, 14);
    expect(erfc(Infinity)).toBe(0);
    expect(erf(Number.NaN)).toBeNaN();
  });

  it('matches Φ at the quantiles every statistics table prints', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 14);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 14);
    expect(normalCdf(1.6448536269514722)).toBeCloseTo(0.95, 14);
    expect(normalCdf(2.5758293035489004)).toBeCloseTo(0.995, 14);
    expect(Math.abs(normalCdf(-3) / 0.0013498980316301 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(normalCdf(-5) / 2.866515718791939e-7 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(normalCdf(-10) / 7.619853024160527e-24 - 1)).toBeLessThan(1e-12);
  });

  it('gives two-sided p-values: 1.96 → 0.05, 2.5758 → 0.01, symmetric in z', () => {
    expect(twoSidedNormalP(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(twoSidedNormalP(-2.5758293035489004)).toBeCloseTo(0.01, 14);
    expect(twoSidedNormalP(0)).toBe(1);
  });
});
