import { describe, expect, it } from 'vitest';
import { quintileScores, rfmInputsFromOrders, scoreRfm } from '../../../core/analytics/rfm/score';
import { ServiceError } from '../../../core/errors';

const scores = (values: number[]): number[] => [...quintileScores(values)];

describe('quintileScores', () => {
  it('scores exact quintiles for distinct values', () => {
    expect(scores([50, 10, 40, 20, 30])).toEqual([5, 1, 4, 2, 3]);
    expect(scores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    const thousand = scores(Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000));
    for (let s = 1; s <= 5; s++) expect(thousand.filter((v) => v === s)).toHaveLength(200);
  });

  it('handles fewer than five customers symmetrically', () => {
    expect(scores([])).toEqual([]);
    expect(scores([42])).toEqual([3]);
    expect(scores([1, 2])).toEqual([2, 4]);
    expect(scores([1, 2, 3])).toEqual([1, 3, 5]);
    expect(scores([1, 2, 3, 4])).toEqual([1, 2, 4, 5]);
  });

  it('gives all-equal values the neutral score 3', () => {
    expect(scores([7, 7, 7, 7, 7, 7, 7])).toEqual([3, 3, 3, 3, 3, 3, 3]);
  });

  it('places a tie block at its midpoint: six of ten equal values share score 2', () => {
    // Ones occupy ranks 0–5 of 10: midpoint percentile 0.3 → 2; then 0.65 → 4, 0.75 → 4, 0.85 → 5, 0.95 → 5.
    expect(scores([1, 1, 1, 1, 1, 1, 2, 3, 4, 5])).toEqual([2, 2, 2, 2, 2, 2, 4, 4, 5, 5]);
  });

  it('sends a midpoint exactly on a quintile boundary up', () => {
    // The twos occupy ranks 1–2 of 5: midpoint percentile 0.4, the boundary of quintiles 2 and 3.
    expect(scores([1, 2, 2, 3, 4])).toEqual([1, 3, 3, 4, 5]);
  });

  it('gives equal values equal scores and does not depend on input order', () => {
    const values = Array.from({ length: 997 }, (_, i) => (i * 31) % 13);
    const forward = scores(values);
    const reversed = scores([...values].reverse()).reverse();
    expect(reversed).toEqual(forward);
    const byValue = new Map<number, number>();
    values.forEach((v, i) => {
      const s = forward[i] as number;
      expect(byValue.get(v) ?? s).toBe(s);
      byValue.set(v, s);
    });
  });

  it('maps a score s to 6 − s when the order is reversed (distinct values)', () => {
    const values = [3.5, -2, 10, 0.25, 7, 1e6, -1e-9, 42, 8, 9];
    const up = scores(values);
    const down = scores(values.map((v) => -v));
    up.forEach((s, i) => expect(down[i]).toBe(6 - s));
  });

  it('treats −0 and 0 as one value and accepts infinities', () => {
    expect(scores([-0, 0, 1, -Infinity, Infinity])).toEqual([3, 3, 4, 1, 5]);
  });

  it('rejects NaN', () => {
    expect(() => quintileScores([1, NaN])).toThrow(ServiceError);
  });
});

describe('scoreRfm', () => {
  const inputs = [
    { customerId: 'c1', recencyDays: 1, frequency: 10, monetary: 500 },
    { customerId: 'c2', recencyDays: 10, frequency: 1, monetary: 20 },
    { customerId: 'c3', recencyDays: 100, frequency: 1, monetary: 30 },
    { customerId: 'c4', recencyDays: 5, frequency: 3, monetary: 200 },
    { customerId: 'c5', recencyDays: 50, frequency: 2, monetary: 80 },
  ];

  it('scores recency so that recent buyers get 5, and picks segments from R and FM (by hand)', () => {
    const result = scoreRfm(inputs);
    expect(result.map((r) => [r.customerId, r.r, r.f, r.m, r.fm, r.code, r.segment])).toEqual([
      ['c1', 5, 5, 5, 5, '555', 'champions'],
      ['c2', 3, 2, 1, 2, '321', 'about-to-sleep'],
      ['c3', 1, 2, 2, 2, '122', 'hibernating'],
      ['c4', 4, 4, 4, 4, '444', 'loyal-customers'],
      ['c5', 2, 3, 3, 3, '233', 'at-risk'],
    ]);
    expect(result[0]).toMatchObject(inputs[0] as object);
  });

  it('returns the same scores whatever the input order', () => {
    const shuffled = [inputs[3], inputs[0], inputs[4], inputs[2], inputs[1]] as typeof inputs;
    const a = new Map(scoreRfm(inputs).map((r) => [r.customerId, r.code]));
    const b = new Map(scoreRfm(shuffled).map((r) => [r.customerId, r.code]));
    expect(b).toEqual(a);
  });

  it('scores one customer as neutral and no customers as nothing', () => {
    expect(scoreRfm([{ customerId: 'x', recencyDays: 3, frequency: 1, monetary: 9 }])[0]).toMatchObject({
      code: '333',
      segment: 'need-attention',
    });
    expect(scoreRfm([])).toEqual([]);
  });

  it('rejects negative recency, negative frequency and non-finite money', () => {
    for (const bad of [
      { customerId: 'x', recencyDays: -1, frequency: 1, monetary: 1 },
      { customerId: 'x', recencyDays: 1, frequency: -1, monetary: 1 },
      { customerId: 'x', recencyDays: 1, frequency: 1, monetary: NaN },
    ]) {
      expect(() => scoreRfm([bad])).toThrow(ServiceError);
    }
  });
});

describe('rfmInputsFromOrders', () => {
  const at = (iso: string): number => Date.parse(iso);
  const orders = [
    { customerId: 'a', at: at('2024-05-01T10:00:00Z'), amount: 10 },
    { customerId: 'b', at: at('2024-05-20T23:30:00Z'), amount: 5 },
    { customerId: 'a', at: at('2024-05-28T08:00:00Z'), amount: 15 },
    { customerId: 'a', at: at('2024-05-28T09:00:00Z'), amount: 1 },
    { customerId: 'a', at: at('2024-06-02T09:00:00Z'), amount: 99 },
  ];

  it('counts orders, sums money and measures days since the last order up to asOf', () => {
    expect(rfmInputsFromOrders(orders, { asOf: '2024-05-31' })).toEqual([
      { customerId: 'a', recencyDays: 3, frequency: 3, monetary: 26 },
      { customerId: 'b', recencyDays: 11, frequency: 1, monetary: 5 },
    ]);
  });

  it('uses calendar days of the given time zone', () => {
    // 23:30 UTC on 05-20 is 05-21 at UTC+1.
    const [, b] = rfmInputsFromOrders(orders, { asOf: '2024-05-31', utcOffsetMinutes: 60 });
    expect(b?.recencyDays).toBe(10);
  });

  it('rejects a malformed asOf', () => {
    expect(() => rfmInputsFromOrders(orders, { asOf: '2024-13-01' })).toThrow(ServiceError);
  });
});
