import { describe, expect, it } from 'vitest';
import {
  allModelSpecs,
  attribute,
  buildPaths,
  comparisonTable,
  drillDown,
  fitModel,
  pathSetFromJourneys,
  runAttribution,
  topPaths,
  MS_PER_DAY,
} from '../../../core/analytics/attribution';

const ps = pathSetFromJourneys([
  {
    id: 'o1',
    touches: [
      { channel: 'Email', campaign: 'spring', daysBefore: 7 },
      { channel: 'Paid Search', campaign: 'brand', daysBefore: 0 },
    ],
    conversions: 1,
    value: 100,
  },
  { id: 'o2', touches: [{ channel: 'Paid Search', campaign: 'brand' }], conversions: 1, value: 50 },
  { touches: ['Email', 'Paid Search'], nonConversions: 3 },
  { touches: ['Display'], nonConversions: 4 },
]);

describe('side-by-side tables', () => {
  const first = attribute(ps, fitModel(ps, { model: 'first-touch' }));
  const last = attribute(ps, fitModel(ps, { model: 'last-touch' }));

  it('lays channels × models out with ROAS and cost per conversion from spend', () => {
    const table = comparisonTable('channel', [first, last], { Email: 20, 'Paid Search': 60, Affiliates: 10 });
    expect(table.models).toEqual(['first-touch', 'last-touch']);
    expect(table.totals).toEqual({ conversions: 2, value: 150 });
    expect(table.totalSpend).toBe(90);
    // Sorted by the first model's conversions, then by name.
    expect(table.rows.map((r) => r.key)).toEqual(['Email', 'Paid Search', 'Affiliates', 'Display']);
    const email = table.rows[0];
    expect(email.spend).toBe(20);
    expect(email.cells).toEqual([
      {
        model: 'first-touch',
        conversions: 1,
        value: 100,
        shareOfConversions: 0.5,
        roas: 5,
        costPerConversion: 20,
      },
      {
        model: 'last-touch',
        conversions: 0,
        value: 0,
        shareOfConversions: 0,
        roas: 0,
        costPerConversion: null,
      },
    ]);
    const search = table.rows[1];
    expect(search.cells[1]).toEqual({
      model: 'last-touch',
      conversions: 2,
      value: 150,
      shareOfConversions: 1,
      roas: 2.5,
      costPerConversion: 30,
    });
    // Spend without any credit still shows, so no spend is hidden.
    expect(table.rows[2]).toEqual({
      key: 'Affiliates',
      spend: 10,
      cells: [
        {
          model: 'first-touch',
          conversions: 0,
          value: 0,
          shareOfConversions: 0,
          roas: 0,
          costPerConversion: null,
        },
        {
          model: 'last-touch',
          conversions: 0,
          value: 0,
          shareOfConversions: 0,
          roas: 0,
          costPerConversion: null,
        },
      ],
    });
    expect(table.rows[3].spend).toBeNull();
    expect(table.rows[3].cells[0].roas).toBeNull();
  });

  it('lays campaigns × models out the same way', () => {
    const table = comparisonTable('campaign', [first, last], { brand: 75 });
    expect(table.rows.map((r) => [r.key, r.cells.map((c) => c.conversions)])).toEqual([
      ['brand', [1, 2]],
      ['spring', [1, 0]],
      ['(none)', [0, 0]],
    ]);
    expect(table.rows[0].cells[1].roas).toBe(2);
  });

  it('rejects negative spend', () => {
    expect(() => comparisonTable('channel', [first], { Email: -1 })).toThrow(/Spend for Email/);
  });
});

describe('top paths', () => {
  it('counts conversions and journeys per exact channel sequence, with conversion rates', () => {
    expect(topPaths(ps, 10)).toEqual([
      {
        channels: ['Email', 'Paid Search'],
        label: 'Email > Paid Search',
        conversions: 1,
        nonConversions: 3,
        value: 100,
        conversionRate: 0.25,
      },
      {
        channels: ['Paid Search'],
        label: 'Paid Search',
        conversions: 1,
        nonConversions: 0,
        value: 50,
        conversionRate: 1,
      },
      {
        channels: ['Display'],
        label: 'Display',
        conversions: 0,
        nonConversions: 4,
        value: 0,
        conversionRate: 0,
      },
    ]);
    expect(topPaths(ps, 1)).toHaveLength(1);
  });

  it('tells apart sequences that share channels in another order', () => {
    const mixed = pathSetFromJourneys([
      { touches: ['A', 'B'], conversions: 2 },
      { touches: ['B', 'A'], conversions: 2 },
      { touches: ['A', 'B'], nonConversions: 2 },
      { touches: ['A', 'B', 'A'], conversions: 1 },
    ]);
    expect(topPaths(mixed).map((p) => [p.label, p.conversions, p.conversionRate])).toEqual([
      ['A > B', 2, 0.5],
      ['B > A', 2, 1],
      ['A > B > A', 1, 1],
    ]);
  });
});

describe('per-conversion drill-down', () => {
  it('shows each touch and its credit under the chosen model', () => {
    const d = drillDown(ps, fitModel(ps, { model: 'time-decay' }), 'o1');
    // Weights 2^-1 and 1: one third and two thirds of 100.
    expect(d.conversionId).toBe('o1');
    expect(d.model).toBe('time-decay');
    expect(d.touches.map((t) => [t.position, t.channel, t.campaign, t.daysBeforeConversion])).toEqual([
      [1, 'Email', 'spring', 7],
      [2, 'Paid Search', 'brand', 0],
    ]);
    expect(d.touches[0].credit).toBeCloseTo(1 / 3, 15);
    expect(d.touches[1].creditValue).toBeCloseTo(200 / 3, 12);
  });

  it('carries touchpoint ids from built paths', () => {
    const built = buildPaths(
      [
        { id: 'tp-a', personId: 'p', at: 0, channel: 'Email' },
        { id: 'tp-b', personId: 'p', at: MS_PER_DAY, channel: 'Direct' },
      ],
      [{ id: 'order-9', personId: 'p', at: 2 * MS_PER_DAY, value: 40 }],
    );
    const d = drillDown(built.paths, fitModel(built.paths, { model: 'last-non-direct' }), 'order-9');
    expect(d.touches.map((t) => [t.touchpointId, t.credit, t.creditValue])).toEqual([
      ['tp-a', 1, 40],
      ['tp-b', 0, 0],
    ]);
  });

  it('says when a conversion is unknown or a path did not convert', () => {
    const m = fitModel(ps, { model: 'linear' });
    expect(() => drillDown(ps, m, 'nope')).toThrow(/not among the analysed conversions/);
    expect(() => drillDown(ps, m, 3)).toThrow(/did not convert/);
    expect(() => drillDown(ps, m, 99)).toThrow(/no path number 99/);
  });
});

describe('the full report', () => {
  it('runs every model, lists top paths and prefixes warnings with the model', () => {
    const report = runAttribution(ps, {
      models: [
        { model: 'last-touch' },
        { model: 'markov' },
        { model: 'shapley', maxExactChannels: 1, samples: 50 },
      ],
      spend: { channels: { Email: 10 } },
      topPaths: 2,
    });
    expect(report.totals).toEqual({
      conversions: 2,
      value: 150,
      convertingPaths: 2,
      nonConvertingJourneys: 7,
      touches: 6,
      channels: 3,
      campaigns: 3,
    });
    expect(report.channels.models).toEqual(['last-touch', 'markov', 'shapley(exact<=1,samples=50)']);
    expect(report.topPaths).toHaveLength(2);
    expect(report.models[1].markov?.order).toBe(1);
    expect(report.warnings.some((w) => w.startsWith('shapley(exact<=1,samples=50): '))).toBe(true);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('reports an empty analysis with zero totals and null shares, never NaN', () => {
    const empty = runAttribution(buildPaths([], []).paths, { models: allModelSpecs() });
    expect(empty.totals.conversions).toBe(0);
    expect(empty.channels.rows).toEqual([]);
    expect(empty.topPaths).toEqual([]);
    expect(JSON.stringify(empty)).not.toMatch(/NaN|Infinity/);
    const unconverted = runAttribution(buildPaths([{ personId: 'p', at: 0, channel: 'Email' }], []).paths, {
      models: allModelSpecs(),
    });
    expect(unconverted.models.every((m) => m.channels[0].shareOfConversions === null)).toBe(true);
    expect(unconverted.warnings).toEqual(['markov: No path converts, so no channel has a removal effect.']);
  });

  it('refuses an empty or repeated model list', () => {
    expect(() => runAttribution(ps, { models: [] })).toThrow(/at least one/);
    expect(() => runAttribution(ps, { models: [{ model: 'linear' }, { model: 'linear' }] })).toThrow(/twice/);
  });
});
