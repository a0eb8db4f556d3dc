import { describe, expect, it } from 'vitest';
import {
  attribute,
  fitModel,
  fitShapley,
  pathSetFromJourneys,
  shapleyExact,
  subsetSums,
} from '../../../core/analytics/attribution';
import type { ShapleyInspection } from '../../../core/analytics/attribution';
import { channelCredit, createRng, expectRecordClose, randomJourneys, toRecord } from './helpers';

const values = (s: ShapleyInspection | null, key: 'conversions' | 'value' = 'conversions') =>
  Object.fromEntries((s?.values ?? []).map((v) => [v.channel, v[key]]));

describe('the generic exact solver', () => {
  it('solves small games by hand', () => {
    // Majority of three: any two players win 1. By symmetry a third each.
    const majority = Float64Array.from([0, 0, 0, 1, 0, 1, 1, 1]);
    Array.from(shapleyExact(3, majority)).forEach((v) => expect(v).toBeCloseTo(1 / 3, 15));
    // Only {0,1} and {0,1,2} are worth 1: player 2 is a null player, 0 and 1 split.
    const pair = Float64Array.from([0, 0, 0, 1, 0, 0, 0, 1]);
    const p = Array.from(shapleyExact(3, pair));
    [0.5, 0.5, 0].forEach((e, i) => expect(p[i]).toBeCloseTo(e, 15));
    // Glove game, player 0 holds a left glove, players 1 and 2 a right one:
    // orders give player 0 the marginal 1 in 4 of 6 orders.
    const glove = Float64Array.from([0, 0, 0, 1, 0, 1, 0, 1]);
    const g = Array.from(shapleyExact(3, glove));
    [2 / 3, 1 / 6, 1 / 6].forEach((e, i) => expect(g[i]).toBeCloseTo(e, 15));
  });

  it('builds coalition values as sums over subsets', () => {
    // Exact sets: {0}: 4, {0,1}: 6 → v({0}) = 4, v({1}) = 0, v({0,1}) = 10.
    expect(Array.from(subsetSums(2, Float64Array.from([0, 4, 0, 6])))).toEqual([0, 4, 0, 10]);
  });
});

describe('the issue’s example: a (4 conversions) and a > b (6 conversions)', () => {
  const ps = pathSetFromJourneys([
    { touches: ['a'], conversions: 4, value: 400 },
    { touches: ['a', 'b'], conversions: 6, value: 300 },
  ]);

  it('gives a 7 and b 3, in conversions and in value', () => {
    // v(a) = 4, v(b) = 0, v(ab) = 10: φ_a = (4 + 10) / 2 = 7, φ_b = (0 + 6) / 2 = 3.
    const fit = fitShapley(ps, { maxExactChannels: 20, samples: 100, seed: 1 });
    expect(fit.inspection.method).toBe('exact');
    expectRecordClose(values(fit.inspection), { a: 7, b: 3 }, 14);
    // Value: v(a) = 400, v(ab) = 700: φ_a = (400 + 700 − 0) / 2 = 550, φ_b = 150.
    expectRecordClose(values(fit.inspection, 'value'), { a: 550, b: 150 }, 12);
    const r = attribute(ps, fitModel(ps, { model: 'shapley' }));
    expectRecordClose(toRecord(r, 'channels', 'conversions'), { a: 7, b: 3 }, 14);
    expectRecordClose(toRecord(r, 'channels', 'value'), { a: 550, b: 150 }, 12);
  });
});

describe('a three-channel game computed by hand', () => {
  // a: 3, b: 2, a > b: 4, a > c: 2, a > b > c: 6 conversions.
  // v(a)=3 v(b)=2 v(c)=0 v(ab)=9 v(ac)=5 v(bc)=2 v(abc)=17. Marginals over the six orders:
  //   abc: a3 b6 c8 | acb: a3 c2 b12 | bac: b2 a7 c8 | bca: b2 c0 a15 | cab: c0 a5 b12 | cba: c0 b2 a15
  // φ_a = 48/6 = 8, φ_b = 36/6 = 6, φ_c = 18/6 = 3.
  const ps = pathSetFromJourneys([
    { touches: ['a'], conversions: 3 },
    { touches: ['b'], conversions: 2 },
    { touches: ['a', 'b'], conversions: 4 },
    { touches: ['a', 'c'], conversions: 2 },
    { touches: ['a', 'b', 'c'], conversions: 6 },
    { touches: ['c', 'b'], nonConversions: 5 },
  ]);

  it('matches the hand computation', () => {
    const fit = fitShapley(ps, { maxExactChannels: 20, samples: 100, seed: 1 });
    expectRecordClose(values(fit.inspection), { a: 8, b: 6, c: 3 }, 13);
    expectRecordClose(channelCredit(ps, { model: 'shapley' }), { a: 8, b: 6, c: 3 }, 13);
  });

  it('credits repeated channels once per path, split over their touches', () => {
    const repeated = pathSetFromJourneys([
      {
        touches: [{ channel: 'a', campaign: 'x' }, { channel: 'b' }, { channel: 'a', campaign: 'y' }],
        conversions: 1,
      },
    ]);
    const r = attribute(repeated, fitModel(repeated, { model: 'shapley' }));
    expectRecordClose(toRecord(r, 'channels', 'conversions'), { a: 0.5, b: 0.5 }, 15);
    expectRecordClose(toRecord(r, 'campaigns', 'conversions'), { x: 0.25, y: 0.25, '(none)': 0.5 }, 15);
  });
});

describe('exact against closed form and sampling', () => {
  const rng = createRng(2024);
  const channels = [
    'Affiliates',
    'Direct',
    'Display',
    'Email',
    'Organic Search',
    'Paid Search',
    'Referral',
    'SMS',
  ];
  const ps = pathSetFromJourneys(
    randomJourneys(rng, { channels, journeys: 400, maxLength: 5, aggregated: true }),
  );

  it('the exact formula over all coalitions equals each conversion split evenly over its distinct channels', () => {
    // Second method, independent of the coalition tables: sum 1/|T| per converting path.
    const expected: Record<string, number> = {};
    for (let p = 0; p < ps.pathCount; p++) {
      if (ps.conversions[p] === 0) continue;
      const set = new Set(Array.from(ps.touchChannel.subarray(ps.pathStart[p], ps.pathStart[p + 1])));
      for (const c of set)
        expected[ps.channels[c]] = (expected[ps.channels[c]] ?? 0) + ps.conversions[p] / set.size;
    }
    const fit = fitShapley(ps, { maxExactChannels: 20, samples: 2, seed: 1 });
    expect(fit.inspection.channelCount).toBe(8);
    expectRecordClose(values(fit.inspection), expected, 10);
    expectRecordClose(channelCredit(ps, { model: 'shapley' }), expected, 10);
  });

  it('the sampled estimate lies within four stated standard errors of the exact value', () => {
    const exact = fitShapley(ps, { maxExactChannels: 20, samples: 2, seed: 1 }).inspection;
    const sampled = fitShapley(ps, { maxExactChannels: 4, samples: 3000, seed: 7 }).inspection;
    expect(sampled.method).toBe('sampled');
    expect(sampled.samples).toBe(3000);
    for (const v of sampled.values) {
      const e = exact.values.find((x) => x.channel === v.channel);
      expect(e).toBeDefined();
      const se = v.conversionsStandardError ?? NaN;
      expect(se).toBeGreaterThan(0);
      expect(Math.abs(v.conversions - (e?.conversions ?? NaN))).toBeLessThan(4 * se);
      expect(Math.abs(v.value - (e?.value ?? NaN))).toBeLessThan(4 * (v.valueStandardError ?? NaN));
    }
    // The sampled values still share out exactly every conversion.
    const total = sampled.values.reduce((a, v) => a + v.conversions, 0);
    const exactTotal = exact.values.reduce((a, v) => a + v.conversions, 0);
    expect(total).toBeCloseTo(exactTotal, 9);
  });

  it('sampled per-conversion credit adds up to the sampled values, and a seed reproduces them', () => {
    const spec = { model: 'shapley' as const, maxExactChannels: 3, samples: 500, seed: 3 };
    const fitted = fitModel(ps, spec);
    const r = attribute(ps, fitted);
    expectRecordClose(toRecord(r, 'channels', 'conversions'), values(fitted.shapley), 9);
    expect(attribute(ps, fitModel(ps, spec))).toEqual(r);
    expect(attribute(ps, fitModel(ps, { ...spec, seed: 4 }))).not.toEqual(r);
    expect(r.warnings.join(' ')).toMatch(/estimated from 500 sampled channel orders/);
  });

  it('switches to sampling above 20 channels by default', () => {
    const many = Array.from({ length: 24 }, (_, i) => `ch${String(i).padStart(2, '0')}`);
    const wide = pathSetFromJourneys(
      randomJourneys(createRng(5), { channels: many, journeys: 300, maxLength: 4 }),
    );
    const fit = fitModel(wide, { model: 'shapley', samples: 200 });
    expect(fit.shapley?.method).toBe('sampled');
    expect(fit.shapley?.channelCount).toBe(24);
    expect(fit.shapley?.values.every((v) => v.conversionsStandardError !== null)).toBe(true);
  });
});

describe('players', () => {
  it('a channel seen only on journeys that did not convert is not a player and earns nothing', () => {
    const ps = pathSetFromJourneys([
      { touches: ['Email'], conversions: 2 },
      { touches: ['Display', 'Email'], nonConversions: 4 },
    ]);
    const fit = fitShapley(ps, { maxExactChannels: 20, samples: 2, seed: 1 });
    expect(fit.inspection.channelCount).toBe(1);
    expect(channelCredit(ps, { model: 'shapley' })).toEqual({ Display: 0, Email: 2 });
  });
});
