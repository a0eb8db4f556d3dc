import { describe, expect, it } from 'vitest';
import {
  attribute,
  denseTransitionMatrix,
  fitMarkov,
  fitModel,
  pathSetFromJourneys,
} from '../../../core/analytics/attribution';
import type { MarkovInspection } from '../../../core/analytics/attribution';
import { channelCredit, createRng, expectRecordClose, randomJourneys, toRecord } from './helpers';

const removal = (
  m: MarkovInspection,
  key: 'removalEffect' | 'globalShare' | 'conversionProbabilityWithout',
) => Object.fromEntries(m.removals.map((r) => [r.channel, r[key] ?? NaN]));

const transitions = (m: MarkovInspection) =>
  Object.fromEntries(m.transitions.map((t) => [`${t.from} → ${t.to}`, t.probability]));

describe('the issue’s published first-order example', () => {
  // c1 > c2 > c3 converts; c1 and c2 > c3 do not.
  const ps = pathSetFromJourneys([
    { touches: ['c1', 'c2', 'c3'], conversions: 1, value: 50 },
    { touches: ['c1'], nonConversions: 1 },
    { touches: ['c2', 'c3'], nonConversions: 1 },
  ]);
  const fit = fitMarkov(ps, 1);

  it('has the transition matrix counted by hand', () => {
    expectRecordClose(transitions(fit.inspection), {
      '(start) → c1': 2 / 3,
      '(start) → c2': 1 / 3,
      'c1 → c2': 1 / 2,
      'c1 → (null)': 1 / 2,
      'c2 → c3': 1,
      'c3 → (conversion)': 1 / 2,
      'c3 → (null)': 1 / 2,
    });
    expect(fit.inspection.states).toEqual(['(start)', 'c1', 'c2', 'c3', '(conversion)', '(null)']);
  });

  it('gives the same matrix densely for display', () => {
    const { states, probabilities } = denseTransitionMatrix(fit.inspection);
    expect(states).toEqual(fit.inspection.states);
    // Rows and columns: (start), c1, c2, c3, (conversion), (null).
    expect(probabilities).toEqual([
      [0, 2 / 3, 1 / 3, 0, 0, 0],
      [0, 0, 0.5, 0, 0, 0.5],
      [0, 0, 0, 1, 0, 0],
      [0, 0, 0, 0, 0.5, 0.5],
      [0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0],
    ]);
  });

  it('has removal effects c1 0.5, c2 1, c3 1 and shares 0.2 / 0.4 / 0.4', () => {
    // P(conv) = 2/3·1/2·1·1/2 + 1/3·1·1/2 = 1/3; without c1 only start → c2 → c3 remains: 1/6.
    expect(fit.inspection.conversionProbability).toBeCloseTo(1 / 3, 15);
    expectRecordClose(removal(fit.inspection, 'removalEffect'), { c1: 0.5, c2: 1, c3: 1 }, 15);
    expectRecordClose(removal(fit.inspection, 'globalShare'), { c1: 0.2, c2: 0.4, c3: 0.4 }, 15);
    expectRecordClose(channelCredit(ps, { model: 'markov' }), { c1: 0.2, c2: 0.4, c3: 0.4 }, 15);
    const r = attribute(ps, fitModel(ps, { model: 'markov' }));
    expectRecordClose(toRecord(r, 'channels', 'value'), { c1: 10, c2: 20, c3: 20 }, 12);
  });

  it('reports the removals that leave no route to conversion', () => {
    expect(fit.inspection.removals.map((r) => [r.channel, r.leavesZero])).toEqual([
      ['c1', false],
      ['c2', true],
      ['c3', true],
    ]);
    expect(fit.warnings.join(' ')).toMatch(/Removing c2, c3 leaves no route to conversion/);
  });
});

describe('a second-order chain computed by hand', () => {
  // A > B converts, C > B converts once and fails once, A alone fails.
  const ps = pathSetFromJourneys([
    { touches: ['A', 'B'], conversions: 1 },
    { touches: ['C', 'B'], conversions: 1 },
    { touches: ['C', 'B'], nonConversions: 1 },
    { touches: ['A'], nonConversions: 1 },
  ]);

  it('first order mixes B’s contexts: removal effects A 1/3, B 1, C 2/3', () => {
    // B → conv 2/3; x_A = 1/2·2/3 = 1/3, x_C = 2/3, P = 1/2. Without A: 1/2·2/3 = 1/3; without C: 1/6.
    const fit = fitMarkov(ps, 1);
    expect(fit.inspection.conversionProbability).toBeCloseTo(0.5, 15);
    expectRecordClose(removal(fit.inspection, 'removalEffect'), { A: 1 / 3, B: 1, C: 2 / 3 }, 15);
    // Per path: A > B splits 1/3 : 1, C > B splits 2/3 : 1.
    expectRecordClose(channelCredit(ps, { model: 'markov' }), { A: 1 / 4, B: 3 / 4 + 3 / 5, C: 2 / 5 }, 15);
  });

  it('second order sees that A > B always converts and C > B half the time: A 1/2, B 1, C 1/2', () => {
    // States (A), (C), (A,B), (C,B). x(A,B) = 1, x(C,B) = 1/2, x(A) = 1/2, x(C) = 1/2, P = 1/2.
    // Without A: only (C) → (C,B) remains, P = 1/4. Without C: P = 1/4. Without B: 0.
    const fit = fitMarkov(ps, 2);
    expect(fit.inspection.states).toEqual(['(start)', 'A', 'C', 'A > B', 'C > B', '(conversion)', '(null)']);
    expectRecordClose(transitions(fit.inspection), {
      '(start) → A': 1 / 2,
      '(start) → C': 1 / 2,
      'A → A > B': 1 / 2,
      'A → (null)': 1 / 2,
      'C → C > B': 1,
      'A > B → (conversion)': 1,
      'C > B → (conversion)': 1 / 2,
      'C > B → (null)': 1 / 2,
    });
    expect(fit.inspection.conversionProbability).toBeCloseTo(0.5, 15);
    expectRecordClose(removal(fit.inspection, 'removalEffect'), { A: 0.5, B: 1, C: 0.5 }, 15);
    expectRecordClose(removal(fit.inspection, 'globalShare'), { A: 0.25, B: 0.5, C: 0.25 }, 15);
    // Per path: A > B gives A 0.5/1.5 and B 1/1.5; C > B alike.
    expectRecordClose(channelCredit(ps, { model: 'markov', order: 2 }), { A: 1 / 3, B: 4 / 3, C: 1 / 3 }, 15);
  });
});

describe('a chain with a cycle', () => {
  // A > B > A converts; B fails; A > B fails.
  const ps = pathSetFromJourneys([
    { touches: ['A', 'B', 'A'], conversions: 1 },
    { touches: ['B'], nonConversions: 1 },
    { touches: ['A', 'B'], nonConversions: 1 },
  ]);

  it('solves the loop exactly: P = 1/3, removal effects A 1, B 1/3', () => {
    // x_A = 2/3 x_B + 1/3, x_B = 1/3 x_A → x_A = 3/7, x_B = 1/7; P = 2/3·3/7 + 1/3·1/7 = 1/3.
    // Without B: x_A = 1/3, P = 2/9.
    for (const denseLimit of [1000, 0]) {
      const fit = fitMarkov(ps, 1, denseLimit);
      expect(fit.inspection.solver.method).toBe(denseLimit === 0 ? 'gauss-seidel' : 'dense-elimination');
      expect(fit.inspection.conversionProbability).toBeCloseTo(1 / 3, 14);
      expectRecordClose(removal(fit.inspection, 'conversionProbabilityWithout'), { A: 0, B: 2 / 9 }, 14);
      expectRecordClose(removal(fit.inspection, 'removalEffect'), { A: 1, B: 1 / 3 }, 14);
      expect(fit.inspection.solver.errorBound).toBeLessThan(1e-14);
    }
  });

  it('splits the converting path by removal effect, then evenly over a channel’s touches', () => {
    // A > B > A: A gets 1 / (1 + 1/3) = 3/4 over two touches, B gets 1/4.
    expectRecordClose(channelCredit(ps, { model: 'markov' }), { A: 0.75, B: 0.25 }, 15);
    const out = new Float64Array(3);
    fitModel(ps, { model: 'markov' }).credit(0, out);
    [3 / 8, 1 / 4, 3 / 8].forEach((e, i) => expect(out[i]).toBeCloseTo(e, 15));
  });

  it('self-loops leave first-order absorption probabilities unchanged', () => {
    const looped = pathSetFromJourneys([
      { touches: ['A', 'A', 'B', 'B', 'A'], conversions: 1 },
      { touches: ['B'], nonConversions: 1 },
      { touches: ['A', 'A', 'B'], nonConversions: 1 },
    ]);
    // A: → A 2/5, → B 2/5, → conv 1/5: without the loop, → B 2/3, → conv 1/3, as above.
    const fit = fitMarkov(looped, 1);
    expect(transitions(fit.inspection)['A → A']).toBeCloseTo(2 / 5, 15);
    expectRecordClose(removal(fit.inspection, 'removalEffect'), { A: 1, B: 1 / 3 }, 14);
  });
});

describe('the solvers', () => {
  it('Gauss-Seidel and dense elimination agree on a third-order chain of hundreds of states', () => {
    const rng = createRng(11);
    const channels = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const ps = pathSetFromJourneys(
      randomJourneys(rng, { channels, journeys: 3000, maxLength: 7, aggregated: true }),
    );
    const dense = fitMarkov(ps, 3, 100_000);
    const iterative = fitMarkov(ps, 3, 0);
    expect(dense.inspection.states.length).toBeGreaterThan(300);
    expect(dense.inspection.solver.method).toBe('dense-elimination');
    expect(iterative.inspection.solver.method).toBe('gauss-seidel');
    expect(iterative.inspection.conversionProbability).toBeCloseTo(
      dense.inspection.conversionProbability,
      14,
    );
    for (let c = 0; c < channels.length; c++) {
      expect(iterative.removalEffects[c]).toBeCloseTo(dense.removalEffects[c], 13);
    }
    expect(iterative.inspection.solver.errorBound).toBeLessThan(1e-12);
    expect(dense.inspection.solver.maxResidual).toBeLessThan(1e-14);
  }, 60_000);
});

describe('edge cases', () => {
  it('a channel seen only on journeys that did not convert has no removal effect and no credit', () => {
    const ps = pathSetFromJourneys([
      { touches: ['Email'], conversions: 1 },
      { touches: ['Display'], nonConversions: 3 },
    ]);
    const fit = fitMarkov(ps, 1);
    expectRecordClose(removal(fit.inspection, 'removalEffect'), { Display: 0, Email: 1 }, 15);
    expect(channelCredit(ps, { model: 'markov' })).toEqual({ Display: 0, Email: 1 });
  });

  it('without any conversion every removal effect is 0 and a warning says why', () => {
    const ps = pathSetFromJourneys([{ touches: ['Email', 'Display'], nonConversions: 2 }]);
    const fit = fitMarkov(ps, 1);
    expect(fit.inspection.conversionProbability).toBe(0);
    expect(fit.inspection.removals.every((r) => r.removalEffect === 0 && r.globalShare === null)).toBe(true);
    expect(fit.warnings).toContain('No path converts, so no channel has a removal effect.');
  });

  it('rejects an order outside 1..6', () => {
    const ps = pathSetFromJourneys([{ touches: ['A'], conversions: 1 }]);
    expect(() => fitMarkov(ps, 0)).toThrow(/order/);
    expect(() => fitMarkov(ps, 7)).toThrow(/order/);
  });
});
