import { describe, expect, it } from 'vitest';
import { hyp2f1 } from '../../../core/analytics/clv/hyp2f1';

/** Relative error, falling back to absolute near 0. */
function closeTo(actual: number, expected: number, tolerance: number): void {
  const scale = Math.max(1, Math.abs(expected));
  expect(Math.abs(actual - expected) / scale).toBeLessThan(tolerance);
}

// z values on both sides of the method switch at 1/2, close to 1, and far below −1.
const Z = [
  -1e3,
  -20,
  -3,
  -1,
  -0.5,
  -1e-3,
  1e-4,
  0.2,
  0.5,
  0.5000001,
  0.6,
  0.75,
  0.9,
  0.99,
  0.999999,
  1 - 1e-10,
];

describe('hyp2f1 against closed forms', () => {
  it('₂F₁(1, 1; 2; z) = −ln(1 − z)/z (c − a − b = 0, the logarithmic case)', () => {
    for (const z of Z) closeTo(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z, 1e-12);
  });

  it('₂F₁(a, b; b; z) = (1 − z)^(−a), for non-integer and integer c − a − b', () => {
    for (const z of Z) {
      closeTo(hyp2f1(0.7, 1.3, 1.3, z), Math.pow(1 - z, -0.7), 1e-12);
      closeTo(hyp2f1(2, 1.3, 1.3, z), Math.pow(1 - z, -2), 1e-12);
    }
  });

  it('₂F₁(1/2, 1/2; 3/2; x²) = arcsin(x)/x (c − a − b = 1/2)', () => {
    for (const x of [0.1, 0.5, 0.8, 0.99, 0.99999])
      closeTo(hyp2f1(0.5, 0.5, 1.5, x * x), Math.asin(x) / x, 1e-12);
  });

  it('₂F₁(1/2, 1; 3/2; −x²) = arctan(x)/x, including x > 1 (z < −1)', () => {
    for (const x of [0.1, 0.9, 1, 3, 100]) closeTo(hyp2f1(0.5, 1, 1.5, -x * x), Math.atan(x) / x, 1e-12);
  });

  it('₂F₁(1, 1; 3; z) = 2((1 − z) ln(1 − z) + z)/z² (c − a − b = 1)', () => {
    for (const z of [-5, -0.5, 0.3, 0.6, 0.9, 0.999]) {
      const expected = (2 * ((1 - z) * Math.log1p(-z) + z)) / (z * z);
      closeTo(hyp2f1(1, 1, 3, z), expected, 1e-11);
    }
  });

  it('terminates for a non-positive integer a: ₂F₁(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1))', () => {
    const b = 1.7;
    const c = 2.3;
    for (const z of [-4, 0.3, 0.95]) {
      closeTo(hyp2f1(-2, b, c, z), 1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1)), 1e-14);
    }
  });

  it("uses Gauss's theorem at z = 1: ₂F₁(1, 1; 3; 1) = Γ(3)Γ(1)/(Γ(2)Γ(2)) = 2", () => {
    closeTo(hyp2f1(1, 1, 3, 1), 2, 1e-14);
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
  });

  it('is 1 at z = 0 and rejects z > 1 and c at a pole', () => {
    expect(hyp2f1(3.2, -1.1, 0.4, 0)).toBe(1);
    expect(() => hyp2f1(1, 1, 2, 1.5)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, -2, 0.3)).toThrow(RangeError);
  });
});

describe('hyp2f1 against arbitrary-precision values (mpmath 1.3, 40 digits)', () => {
  const cases: [number, number, number, number, number][] = [
    // c − a − b within 1e-9 of an integer, z within 5e-6 of 1
    [-0.6590794164915312, 1.7455570532386515, 1.0864776377471204, 0.9999949429539396, -3.2385889804592396],
    [0.5, 1.5, 2.0000001, 0.999, 4.892809548624008],
    [0.3, 0.7, 2.999999999, 0.98, 1.105401319608175],
    // integer c − a − b = 2, 0, −2 with general a, b
    [0.3, 0.45, 2.75, 0.97, 1.0694459180863085],
    [1.7, 2.2, 3.9, 0.9, 5.644389131223886],
    [2.5, 1.25, 1.75, 0.8, 20.397350477747796],
    // the BG/NBD form ₂F₁(a+b−1−r, a−1; a+b+x−1; z) at the CDNOW parameters
    [1.9760000000000004, -0.20699999999999996, 2.2190000000000003, 0.95, 0.6353691125015164],
    [1.9760000000000004, -0.20699999999999996, 2.2190000000000003, 0.999999, 0.4655610387114545],
    [1.9760000000000004, -0.20699999999999996, 502.219, 0.9, 0.9992654419503145],
    // the untransformed form for a frequent buyer, whose terms grow before they shrink
    [50.243, 52.426, 52.219, 0.4, 155200896119.29218],
    [0.7, 1.3, 2.9, -50, 0.14909761594112902],
    [2.25, -0.5, 1.5, -0.99, 1.5885360735098377],
  ];
  it.each(cases)('₂F₁(%f, %f; %f; %f)', (a, b, c, z, expected) => {
    closeTo(hyp2f1(a, b, c, z) / expected, 1, 1e-10);
  });
});
