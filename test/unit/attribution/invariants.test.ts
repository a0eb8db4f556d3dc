import { describe, expect, it } from 'vitest';
import {
  attribute,
  buildPaths,
  fitModel,
  maxPathLength,
  pathSetFromJourneys,
  pathSetTotals,
  runAttribution,
} from '../../../core/analytics/attribution';
import type {
  ConversionInput,
  Journey,
  ModelSpec,
  TouchpointInput,
} from '../../../core/analytics/attribution';
import { createRng, expectRecordClose, randomJourneys, toRecord } from './helpers';

/** Every model, with default and non-default parameters. */
const SPECS: ModelSpec[] = [
  { model: 'first-touch' },
  { model: 'last-touch' },
  { model: 'last-non-direct' },
  { model: 'linear' },
  { model: 'time-decay' },
  { model: 'time-decay', halfLifeDays: 0.5 },
  { model: 'position-based' },
  { model: 'position-based', firstShare: 0.1, lastShare: 0.6 },
  { model: 'u-shaped' },
  { model: 'w-shaped' },
  { model: 'markov' },
  { model: 'markov', order: 2 },
  { model: 'markov', order: 3 },
  { model: 'shapley' },
  { model: 'shapley', maxExactChannels: 2, samples: 300, seed: 9 },
];
const CHANNELS = ['Direct', 'Display', 'Email', 'Organic Search', 'Paid Search', 'Paid Social', 'Referral'];
const SEEDS = [1, 2, 3, 4, 5, 6];

function journeysFor(seed: number): Journey[] {
  return randomJourneys(createRng(seed), {
    channels: CHANNELS,
    journeys: 120,
    maxLength: 7,
    aggregated: seed % 2 === 0,
  });
}

describe.each(SEEDS)('random path set (seed %i)', (seed) => {
  const ps = pathSetFromJourneys(journeysFor(seed));
  const totals = pathSetTotals(ps);

  it.each(SPECS)('%o: each conversion’s credits sum to 1 and every credit lies in [0, 1]', (spec) => {
    const model = fitModel(ps, spec);
    const out = new Float64Array(maxPathLength(ps));
    for (let p = 0; p < ps.pathCount; p++) {
      if (ps.conversions[p] === 0) continue;
      const n = ps.pathStart[p + 1] - ps.pathStart[p];
      out.fill(Number.NaN);
      model.credit(p, out);
      let sum = 0;
      for (let i = 0; i < n; i++) {
        expect(out[i]).toBeGreaterThanOrEqual(0);
        expect(out[i]).toBeLessThanOrEqual(1 + 1e-12);
        sum += out[i];
      }
      expect(sum).toBeCloseTo(1, 12);
    }
  });

  it.each(SPECS)('%o: totals per channel and per campaign equal total conversions and value', (spec) => {
    const r = attribute(ps, fitModel(ps, spec));
    expect(r.totals).toEqual(totals);
    const sum = (rows: typeof r.channels, k: 'conversions' | 'value') =>
      rows.reduce((a, row) => a + row[k], 0);
    expect(sum(r.channels, 'conversions')).toBeCloseTo(totals.conversions, 9);
    expect(sum(r.channels, 'value')).toBeCloseTo(totals.value, 7);
    expect(sum(r.campaigns, 'conversions')).toBeCloseTo(totals.conversions, 9);
    expect(sum(r.campaigns, 'value')).toBeCloseTo(totals.value, 7);
    const shares = r.channels.reduce((a, row) => a + (row.shareOfConversions ?? 0), 0);
    expect(shares).toBeCloseTo(1, 12);
  });

  it.each(SPECS.filter((s) => s.maxExactChannels === undefined))(
    '%o: permuting channel names permutes the credits',
    (spec) => {
      // Reverse the alphabet so every renamed channel also changes its sorted position.
      const rename = new Map(CHANNELS.map((c, i) => [c, `zz-${String.fromCharCode(122 - i)}`]));
      const renamed = journeysFor(seed).map((j) => ({
        ...j,
        touches: j.touches.map((t) =>
          typeof t === 'string'
            ? (rename.get(t) ?? t)
            : { ...t, channel: rename.get(t.channel) ?? t.channel },
        ),
      }));
      const psRenamed = pathSetFromJourneys(renamed);
      const original = attribute(ps, fitModel(ps, { ...spec, directChannels: ['Direct'] }));
      const permuted = attribute(
        psRenamed,
        fitModel(psRenamed, { ...spec, directChannels: [rename.get('Direct') ?? ''] }),
      );
      for (const measure of ['conversions', 'value'] as const) {
        const expected = Object.fromEntries(
          Object.entries(toRecord(original, 'channels', measure)).map(([k, v]) => [rename.get(k) ?? k, v]),
        );
        expectRecordClose(toRecord(permuted, 'channels', measure), expected, 9);
      }
    },
  );

  it('gives identical output on every run and for journeys listed in another order', () => {
    const models = SPECS;
    const a = runAttribution(ps, { models });
    const b = runAttribution(pathSetFromJourneys(journeysFor(seed)), { models });
    expect(b).toEqual(a);
    const reversed = pathSetFromJourneys(journeysFor(seed).reverse());
    const c = runAttribution(reversed, { models });
    for (const r of c.models) {
      const same = a.models.find((m) => m.key === r.key);
      expectRecordClose(
        toRecord(r, 'channels', 'conversions'),
        same ? toRecord(same, 'channels', 'conversions') : {},
        9,
      );
    }
  });
});

describe('from raw touchpoints', () => {
  it('shuffled rows give a byte-identical report', () => {
    const rng = createRng(77);
    const touches: TouchpointInput[] = [];
    const conversions: ConversionInput[] = [];
    const t0 = Date.UTC(2025, 0, 1);
    for (let i = 0; i < 600; i++) {
      touches.push({
        id: `t${i}`,
        personId: `p${rng.int(80)}`,
        at: t0 + rng.int(90 * 24) * 3_600_000,
        source: ['google', 'facebook', 'newsletter', null][rng.int(4)],
        medium: ['cpc', 'organic', 'email', null][rng.int(4)],
        campaign: rng.next() < 0.5 ? `c${rng.int(6)}` : null,
        leadCreation: rng.next() < 0.1,
      });
    }
    for (let i = 0; i < 90; i++) {
      conversions.push({
        id: `o${i}`,
        personId: `p${rng.int(80)}`,
        at: t0 + rng.int(90 * 24) * 3_600_000,
        value: rng.int(300),
      });
    }
    const report = (t: TouchpointInput[], c: ConversionInput[]) =>
      JSON.stringify(runAttribution(buildPaths(t, c).paths, { models: SPECS }));
    const shuffled = <T>(a: T[]): T[] =>
      a
        .map((x) => [rng.next(), x] as const)
        .sort((x, y) => x[0] - y[0])
        .map((x) => x[1]);
    expect(report(shuffled(touches), shuffled(conversions))).toBe(report(touches, conversions));
  });
});
