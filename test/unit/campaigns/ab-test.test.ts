import { describe, expect, it } from 'vitest';
import { decideAbTest, twoProportionZTest } from '../../../core/analytics/campaigns/ab-test';
import { ServiceError } from '../../../core/errors';

describe('twoProportionZTest (pooled)', () => {
  it('gives z ≈ 2.68 and p ≈ 0.0074 for 200/1000 against 250/1000', () => {
    // Worked by hand: pooled p = 450/2000 = 0.225; SE = √(0.225 · 0.775 · (1/1000 + 1/1000)) = √0.00034875
    // = 0.0186748495; z = (0.25 − 0.20) / SE = 2.677398; p = 2 · (1 − Φ(2.677398)) = 0.0074196.
    const t = twoProportionZTest(200, 1000, 250, 1000);
    expect(t.pooled).toBe(0.225);
    expect(t.standardError).toBeCloseTo(Math.sqrt(0.00034875), 15);
    expect(t.z).toBeCloseTo(2.677397763008329, 12);
    expect(t.pValue).toBeCloseTo(0.007419649261025693, 12);
    // Order only flips the sign.
    const back = twoProportionZTest(250, 1000, 200, 1000);
    expect(back.z).toBeCloseTo(-2.677397763008329, 12);
    expect(back.pValue).toBeCloseTo(0.007419649261025693, 12);
  });

  it('gives no z or p without variation or without trials', () => {
    expect(twoProportionZTest(0, 100, 0, 100)).toMatchObject({ z: null, pValue: null });
    expect(twoProportionZTest(100, 100, 100, 100)).toMatchObject({ z: null, pValue: null });
    expect(twoProportionZTest(0, 0, 5, 10)).toMatchObject({ z: null, pValue: null });
  });
});

const v = (name: string, successes: number, trials: number) => ({ name, successes, trials });

describe('decideAbTest', () => {
  it('names the variant that beat the control significantly', () => {
    const d = decideAbTest([v('A', 200, 1000), v('B', 250, 1000)], { control: 'A' });
    expect(d).toMatchObject({ status: 'winner', winner: 'B', reason: 'significant', correctedAlpha: 0.05 });
    expect(d.comparisons[0]?.relativeLift).toBeCloseTo(0.25, 12);
  });

  it('names the control when it beat every variant', () => {
    // 200/1000 against 150/1000: z = −2.9424, p = 0.00326.
    expect(decideAbTest([v('A', 200, 1000), v('B', 150, 1000)], { control: 'A' })).toMatchObject({
      status: 'winner',
      winner: 'A',
    });
  });

  it('is inconclusive when p is not below alpha', () => {
    // 200/1000 against 235/1000: p = 0.0578.
    expect(decideAbTest([v('A', 200, 1000), v('B', 235, 1000)], { control: 'A' })).toMatchObject({
      status: 'inconclusive',
      winner: null,
      reason: 'not-significant',
    });
    // The same data is significant at alpha 0.1.
    expect(decideAbTest([v('A', 200, 1000), v('B', 235, 1000)], { control: 'A', alpha: 0.1 }).winner).toBe(
      'B',
    );
  });

  it('never declares a winner on a small sample, however large the difference', () => {
    const d = decideAbTest([v('A', 10, 100), v('B', 60, 100)], { control: 'A' });
    expect(d).toMatchObject({ status: 'inconclusive', reason: 'sample-too-small' });
    expect(d.comparisons[0]?.pValue).toBeLessThan(1e-10);
    expect(
      decideAbTest([v('A', 10, 100), v('B', 60, 100)], { control: 'A', minSamplePerVariant: 100 }).winner,
    ).toBe('B');
    // Enough messages but fewer than 5 successes: the normal approximation does not hold.
    expect(decideAbTest([v('A', 1, 2000), v('B', 30, 2000)], { control: 'A' }).reason).toBe('too-few-events');
  });

  it('corrects alpha for several comparisons (Bonferroni)', () => {
    // B: p = 0.0074 and C (240/1000): p = 0.0308 against A. Two comparisons: alpha 0.05 / 2 = 0.025.
    const d = decideAbTest([v('A', 200, 1000), v('B', 250, 1000), v('C', 240, 1000)], { control: 'A' });
    expect(d.correctedAlpha).toBe(0.025);
    expect(d.comparisons.map((c) => [c.variant, c.significant])).toEqual([
      ['B', true],
      ['C', false],
    ]);
    expect(d).toMatchObject({ status: 'winner', winner: 'B' });
    // Uncorrected, both would beat A and neither was tested against the other.
    const loose = decideAbTest([v('A', 200, 1000), v('B', 250, 1000), v('C', 240, 1000)], {
      control: 'A',
      alpha: 0.1,
    });
    expect(loose).toMatchObject({ status: 'inconclusive', reason: 'several-variants-beat-control' });
  });

  it('is inconclusive when the control beat some variants but not all', () => {
    // B: 150/1000, p = 0.0033 (worse); C: 235/1000, p = 0.0578.
    expect(
      decideAbTest([v('A', 200, 1000), v('B', 150, 1000), v('C', 235, 1000)], { control: 'A' }).reason,
    ).toBe('mixed-results');
    // B: 150 (p 0.0033), C: 160 (p 0.0199), both below 0.025: the control wins.
    expect(
      decideAbTest([v('A', 200, 1000), v('B', 150, 1000), v('C', 160, 1000)], { control: 'A' }).winner,
    ).toBe('A');
  });

  it('needs a control with data and at least one other variant', () => {
    expect(decideAbTest([v('A', 200, 1000)], { control: 'A' }).reason).toBe('fewer-than-two-variants');
    expect(decideAbTest([v('B', 200, 1000)], { control: 'A' }).reason).toBe('fewer-than-two-variants');
  });

  it('refuses an alpha outside (0, 0.5] or a minimum sample below 1', () => {
    for (const opts of [
      { alpha: 0 },
      { alpha: 0.6 },
      { minSamplePerVariant: 0 },
      { minSamplePerVariant: 1.5 },
    ]) {
      expect(() => decideAbTest([v('A', 1, 2), v('B', 1, 2)], { control: 'A', ...opts })).toThrow(
        ServiceError,
      );
    }
  });
});
