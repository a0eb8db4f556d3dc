import { describe, expect, it } from 'vitest';
import {
  RULE_BASED_MODELS,
  attribute,
  fitModel,
  pathSetFromJourneys,
  resolveModelSpec,
  modelSpecsFromList,
  MODEL_NAMES,
} from '../../../core/analytics/attribution';
import type { ModelSpec } from '../../../core/analytics/attribution';
import { channelCredit, expectRecordClose, toRecord, touchCredits } from './helpers';

const t = (channel: string, daysBefore = 0, leadCreation = false) => ({ channel, daysBefore, leadCreation });

describe('one-touch path', () => {
  it.each(RULE_BASED_MODELS)('%s gives the only touch the whole conversion and its value', (model) => {
    const ps = pathSetFromJourneys([{ touches: [t('Email', 3)], conversions: 1, value: 80 }]);
    const r = attribute(ps, fitModel(ps, { model }));
    expect(toRecord(r, 'channels', 'conversions')).toEqual({ Email: 1 });
    expect(toRecord(r, 'channels', 'value')).toEqual({ Email: 80 });
  });
});

describe('two-touch path Email (7 days before) > Paid Search (at conversion)', () => {
  const journey = { touches: [t('Email', 7), t('Paid Search', 0)] };
  const cases: [ModelSpec, number[]][] = [
    [{ model: 'first-touch' }, [1, 0]],
    [{ model: 'last-touch' }, [0, 1]],
    [{ model: 'last-non-direct' }, [0, 1]],
    [{ model: 'linear' }, [0.5, 0.5]],
    // 2^(-7/7) = 0.5 against 2^0 = 1: one third and two thirds.
    [{ model: 'time-decay' }, [1 / 3, 2 / 3]],
    // Half-life 3.5 days: 2^-2 = 0.25 against 1.
    [{ model: 'time-decay', halfLifeDays: 3.5 }, [0.2, 0.8]],
    [{ model: 'position-based' }, [0.5, 0.5]],
    // Two touches split first:last, 0.3:0.5.
    [{ model: 'position-based', firstShare: 0.3, lastShare: 0.5 }, [0.375, 0.625]],
    [{ model: 'u-shaped' }, [0.5, 0.5]],
    [{ model: 'w-shaped' }, [0.5, 0.5]],
  ];
  it.each(cases)('%o → %o', (spec, expected) => {
    const got = touchCredits(journey, spec);
    expected.forEach((e, i) => expect(got[i]).toBeCloseTo(e, 14));
  });
});

describe('repeated channel Email (14 d) > Email (7 d) > Paid Search (0 d)', () => {
  const ps = pathSetFromJourneys([
    { touches: [t('Email', 14), t('Email', 7), t('Paid Search', 0)], conversions: 1, value: 70 },
  ]);
  const cases: [ModelSpec, Record<string, number>][] = [
    [{ model: 'first-touch' }, { Email: 1, 'Paid Search': 0 }],
    [{ model: 'last-touch' }, { Email: 0, 'Paid Search': 1 }],
    [{ model: 'linear' }, { Email: 2 / 3, 'Paid Search': 1 / 3 }],
    // Weights 1/4, 1/2, 1 over a sum of 7/4.
    [{ model: 'time-decay' }, { Email: 3 / 7, 'Paid Search': 4 / 7 }],
    // 40 % first, 20 % middle (both Email), 40 % last.
    [{ model: 'position-based' }, { Email: 0.6, 'Paid Search': 0.4 }],
    [{ model: 'u-shaped' }, { Email: 0.6, 'Paid Search': 0.4 }],
    [{ model: 'w-shaped' }, { Email: 2 / 3, 'Paid Search': 1 / 3 }],
  ];
  it.each(cases)('%o', (spec, expected) => {
    expectRecordClose(channelCredit(ps, spec), expected, 14);
    const r = attribute(ps, fitModel(ps, spec));
    expectRecordClose(
      toRecord(r, 'channels', 'value'),
      Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, v * 70])),
      10,
    );
  });
});

describe('last non-direct touch', () => {
  it('ignores direct visits when anything else exists', () => {
    expect(touchCredits({ touches: ['Email', 'Direct', 'Direct'] }, { model: 'last-non-direct' })).toEqual([
      1, 0, 0,
    ]);
    expect(touchCredits({ touches: ['Direct', 'Email', 'Direct'] }, { model: 'last-non-direct' })).toEqual([
      0, 1, 0,
    ]);
    expect(touchCredits({ touches: ['Organic Search', 'Email'] }, { model: 'last-non-direct' })).toEqual([
      0, 1,
    ]);
  });

  it('falls back to the last touch when every touch is direct', () => {
    const ps = pathSetFromJourneys([{ touches: ['Direct', 'Direct', 'Direct'], conversions: 1, value: 30 }]);
    expect(touchCredits({ touches: ['Direct', 'Direct', 'Direct'] }, { model: 'last-non-direct' })).toEqual([
      0, 0, 1,
    ]);
    expect(channelCredit(ps, { model: 'last-non-direct' })).toEqual({ Direct: 1 });
  });

  it('takes a configurable list of direct channels', () => {
    expect(
      touchCredits(
        { touches: ['Email', 'Referral', 'Direct'] },
        { model: 'last-non-direct', directChannels: ['Direct', 'Referral'] },
      ),
    ).toEqual([1, 0, 0]);
  });
});

describe('all-direct paths', () => {
  const ps = pathSetFromJourneys([
    { touches: ['Direct'], conversions: 1, value: 10 },
    { touches: ['Direct', 'Direct'], conversions: 2, value: 50 },
  ]);
  it.each(RULE_BASED_MODELS)('%s credits Direct with everything', (model) => {
    expect(channelCredit(ps, { model })).toEqual({ Direct: 3 });
  });
});

describe('longer paths', () => {
  const five = ['A', 'B', 'C', 'D', 'E'];
  it('position-based: 40 % first and last, 20 % over the three middle touches', () => {
    const got = touchCredits({ touches: five }, { model: 'position-based' });
    [0.4, 0.2 / 3, 0.2 / 3, 0.2 / 3, 0.4].forEach((e, i) => expect(got[i]).toBeCloseTo(e, 15));
  });

  it('U-shaped without lead marks equals position-based 40/20/40', () => {
    const u = touchCredits({ touches: five }, { model: 'u-shaped' });
    const pb = touchCredits({ touches: five }, { model: 'position-based' });
    u.forEach((v, i) => expect(v).toBeCloseTo(pb[i], 15));
  });

  it('U-shaped with a lead-creation touch: 40 % first, 40 % lead creation, 20 % between, nothing after', () => {
    const touches = [t('A'), t('B'), t('C', 0, true), t('D'), t('E')];
    const got = touchCredits({ touches }, { model: 'u-shaped' });
    [0.4, 0.2, 0.4, 0, 0].forEach((e, i) => expect(got[i]).toBeCloseTo(e, 15));
    const adjacent = [t('A'), t('B', 0, true), t('C')];
    expect(touchCredits({ touches: adjacent }, { model: 'u-shaped' })).toEqual([0.5, 0.5, 0]);
  });

  it('W-shaped without marks takes the middle touch as the third key touch', () => {
    const got5 = touchCredits({ touches: five }, { model: 'w-shaped' });
    [0.3, 0.05, 0.3, 0.05, 0.3].forEach((e, i) => expect(got5[i]).toBeCloseTo(e, 15));
    // Four touches: the middle is index 2 (the later of the two central touches).
    const got4 = touchCredits({ touches: ['A', 'B', 'C', 'D'] }, { model: 'w-shaped' });
    [0.3, 0.1, 0.3, 0.3].forEach((e, i) => expect(got4[i]).toBeCloseTo(e, 15));
  });

  it('W-shaped uses the marked lead-creation touch when it lies between first and last', () => {
    const marked = [t('A'), t('B', 0, true), t('C'), t('D'), t('E')];
    const got = touchCredits({ touches: marked }, { model: 'w-shaped' });
    [0.3, 0.3, 0.05, 0.05, 0.3].forEach((e, i) => expect(got[i]).toBeCloseTo(e, 15));
    // A mark on the first touch is already a key touch: the middle touch is used.
    const onFirst = [t('A', 0, true), t('B'), t('C'), t('D')];
    const got2 = touchCredits({ touches: onFirst }, { model: 'w-shaped' });
    [0.3, 0.1, 0.3, 0.3].forEach((e, i) => expect(got2[i]).toBeCloseTo(e, 15));
  });

  it('W-shaped gives three touches a third each', () => {
    expect(touchCredits({ touches: ['A', 'B', 'C'] }, { model: 'w-shaped' })).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('time decay measures Δt to the conversion, with weight 2^(−Δt/half-life)', () => {
    // Half-life 1 day; touches 2, 1 and 0 days before: weights 1/4, 1/2, 1.
    const got = touchCredits(
      { touches: [t('A', 2), t('B', 1), t('C', 0)] },
      { model: 'time-decay', halfLifeDays: 1 },
    );
    [1 / 7, 2 / 7, 4 / 7].forEach((e, i) => expect(got[i]).toBeCloseTo(e, 15));
    // The weights only depend on the gaps: the same touches shifted 10 days earlier credit alike.
    const shifted = touchCredits(
      { touches: [t('A', 12), t('B', 11), t('C', 10)] },
      { model: 'time-decay', halfLifeDays: 1 },
    );
    shifted.forEach((v, i) => expect(v).toBeCloseTo(got[i], 14));
  });

  it('time decay with a tiny half-life still credits the most recent touch, not NaN', () => {
    const got = touchCredits(
      { touches: [t('A', 30), t('B', 29)] },
      { model: 'time-decay', halfLifeDays: 0.0001 },
    );
    expect(got).toEqual([0, 1]);
  });

  it('time decay splits touches at the same moment evenly', () => {
    expect(touchCredits({ touches: [t('A', 3), t('B', 3)] }, { model: 'time-decay' })).toEqual([0.5, 0.5]);
  });
});

describe('campaign credit', () => {
  it('follows each touch’s campaign, with touches without one under (none)', () => {
    const ps = pathSetFromJourneys([
      {
        touches: [
          { channel: 'Email', campaign: 'spring' },
          { channel: 'Email', campaign: null },
          { channel: 'Paid Search', campaign: 'brand' },
        ],
        conversions: 1,
        value: 90,
      },
    ]);
    const r = attribute(ps, fitModel(ps, { model: 'linear' }));
    expectRecordClose(toRecord(r, 'campaigns', 'conversions'), {
      spring: 1 / 3,
      '(none)': 1 / 3,
      brand: 1 / 3,
    });
    expectRecordClose(toRecord(r, 'campaigns', 'value'), { spring: 30, '(none)': 30, brand: 30 });
  });
});

describe('model parameters', () => {
  it('fills defaults and rejects invalid values', () => {
    expect(resolveModelSpec({ model: 'time-decay' })).toEqual({ model: 'time-decay', halfLifeDays: 7 });
    expect(resolveModelSpec({ model: 'position-based' })).toEqual({
      model: 'position-based',
      firstShare: 0.4,
      lastShare: 0.4,
    });
    expect(() => resolveModelSpec({ model: 'time-decay', halfLifeDays: 0 })).toThrow(/half-life/);
    expect(() => resolveModelSpec({ model: 'position-based', firstShare: 0.7, lastShare: 0.5 })).toThrow(
      /shares/,
    );
    expect(() => resolveModelSpec({ model: 'markov', order: 0 })).toThrow(/order/);
    expect(() => resolveModelSpec({ model: 'nope' as 'linear' })).toThrow(/Unknown attribution model/);
  });

  it('names a model by its parameters when they differ from the defaults', () => {
    const ps = pathSetFromJourneys([{ touches: ['A'], conversions: 1 }]);
    expect(fitModel(ps, { model: 'time-decay' }).key).toBe('time-decay');
    expect(fitModel(ps, { model: 'time-decay', halfLifeDays: 14 }).key).toBe('time-decay(half-life=14d)');
    expect(fitModel(ps, { model: 'markov', order: 2 }).key).toBe('markov(order=2)');
  });
});

describe('model lists from the command line', () => {
  it('expands all, splits a comma list and applies shared parameters', () => {
    expect(modelSpecsFromList('all').map((s) => s.model)).toEqual([...MODEL_NAMES]);
    expect(modelSpecsFromList('time-decay, Markov', { halfLifeDays: 3, order: 2 })).toEqual([
      { model: 'time-decay', halfLifeDays: 3, order: 2 },
      { model: 'markov', halfLifeDays: 3, order: 2 },
    ]);
    expect(() => modelSpecsFromList('linear,magic')).toThrow(/Unknown attribution model "magic"/);
    expect(() => modelSpecsFromList(' , ')).toThrow(/at least one/);
    expect(() => modelSpecsFromList('markov', { order: 9 })).toThrow(/order/);
  });
});
