import { describe, expect, it } from 'vitest';
import { buildActivity } from '../../../core/analytics/activity/build';
import { computeCohorts } from '../../../core/analytics/cohorts';
import type { CohortOptions } from '../../../core/analytics/cohorts';
import { ServiceError } from '../../../core/errors';
import { actives, pick, shop } from './fixture';

const monthly: CohortOptions = { unit: 'month', by: 'first-order', returnEvent: 'purchase' };

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof ServiceError ? e.code : 'other';
  }
  return undefined;
}

describe('empty and tiny data', () => {
  it('gives no cohorts for an empty workspace', () => {
    const r = computeCohorts(buildActivity({ timeZone: 'UTC', people: [], events: [], orders: [] }), monthly);
    expect(r.cohorts).toEqual([]);
    expect(r.averages).toEqual([]);
    expect(r.people).toEqual({
      total: 0,
      maskedOut: 0,
      noBirth: 0,
      outsideRange: 0,
      inCohorts: 0,
      entries: 0,
    });
  });

  it('gives one cohort of one for one person with one order', () => {
    const a = buildActivity({
      timeZone: 'UTC',
      people: [{ id: 'solo' }],
      events: [],
      orders: [{ personId: 'solo', at: '2024-05-05T05:05:00Z', revenue: 9 }],
    });
    const r = computeCohorts(a, monthly);
    expect(actives(r)).toEqual([['2024-05', 1, [1]]]);
    // The data ends at that very order: May is incomplete.
    expect(pick(r, 'incomplete')).toEqual([['2024-05', [true]]]);
    expect(r.averages).toEqual([
      {
        period: 0,
        cohorts: 0,
        size: 0,
        active: 0,
        rate: null,
        cumulativeActive: null,
        cumulativeRate: null,
        revenue: 0,
        cumulativeRevenue: 0,
        arpu: null,
        cumulativeArpu: null,
        orders: 0,
        buyers: 0,
      },
    ]);
  });
});

describe('zero-size cohorts', () => {
  it('keeps an empty period between cohorts, with null rates, and leaves it out of averages', () => {
    const a = buildActivity({
      timeZone: 'UTC',
      takenAt: Date.parse('2024-05-01T00:00:00Z'),
      people: [{ id: 'jan' }, { id: 'mar' }],
      events: [],
      orders: [
        { personId: 'jan', at: '2024-01-15T00:00:00Z', revenue: 1 },
        { personId: 'jan', at: '2024-02-15T00:00:00Z', revenue: 1 },
        { personId: 'mar', at: '2024-03-15T00:00:00Z', revenue: 1 },
      ],
    });
    const r = computeCohorts(a, monthly);
    expect(actives(r)).toEqual([
      ['2024-01', 1, [1, 1, 0, 0, 0]],
      ['2024-02', 0, [0, 0, 0, 0]],
      ['2024-03', 1, [1, 0, 0]],
    ]);
    expect(pick(r, 'rate')[1]).toEqual(['2024-02', [null, null, null, null]]);
    expect(pick(r, 'arpu')[1]).toEqual(['2024-02', [null, null, null, null]]);
    // takenAt is exactly 1 May: April is complete, May (holding that instant) is not.
    expect(pick(r, 'incomplete')[2]).toEqual(['2024-03', [false, false, true]]);
    expect(r.averages.map((a) => [a.period, a.cohorts, a.size, a.rate])).toEqual([
      [0, 2, 2, 1],
      [1, 2, 2, 0.5],
      // March's period 2 is May, incomplete: January's March alone.
      [2, 1, 1, 0],
      [3, 1, 1, 0],
      [4, 0, 0, null],
    ]);
  });

  it('shows every period of an explicit range, empty or not, never past the data’s end', () => {
    const r = computeCohorts(shop(), { ...monthly, from: '2023-12-10', to: '2024-12-31' });
    expect(actives(r).map(([label, size]) => [label, size])).toEqual([
      ['2023-12', 0],
      ['2024-01', 2],
      ['2024-02', 1],
      ['2024-03', 0],
      ['2024-04', 0],
    ]);
    const feb = computeCohorts(shop(), { ...monthly, from: '2024-02-29', to: '2024-02-29' });
    expect(actives(feb)).toEqual([['2024-02', 1, [1, 0, 0]]]);
    // A and B were born in January: outside the range, and not moved to a later cohort.
    expect(feb.people).toMatchObject({ outsideRange: 2, noBirth: 1, inCohorts: 1 });
    const none = computeCohorts(shop(), { ...monthly, from: '2025-01-01' });
    expect(none.cohorts).toEqual([]);
    expect(none.people).toMatchObject({ outsideRange: 3, noBirth: 1 });
  });
});

describe('ties and edges', () => {
  it('counts events at the same ms once, and a boundary instant in the period it starts', () => {
    const a = buildActivity({
      timeZone: 'UTC',
      takenAt: Date.parse('2024-03-10T00:00:00Z'),
      people: [{ id: 'p' }],
      events: [
        { personId: 'p', at: '2024-01-31T23:59:59.999Z', type: 'signup' },
        { personId: 'p', at: '2024-01-31T23:59:59.999Z', type: 'visit' },
        { personId: 'p', at: '2024-02-01T00:00:00Z', type: 'visit' },
        { personId: 'p', at: '2024-02-01T00:00:00Z', type: 'visit' },
        // Exactly at the data's end: counted. A millisecond later: ignored.
        { personId: 'p', at: '2024-03-10T00:00:00Z', type: 'visit' },
        { personId: 'p', at: '2024-03-10T00:00:00.001Z', type: 'visit' },
      ],
      orders: [],
    });
    const r = computeCohorts(a, {
      unit: 'month',
      by: 'first-event',
      byEventType: 'signup',
      returnEvent: 'event',
      returnEventType: 'visit',
    });
    expect(actives(r)).toEqual([['2024-01', 1, [1, 1, 1]]]);
    const late = computeCohorts(a, {
      unit: 'month',
      by: 'first-event',
      byEventType: 'signup',
      returnEvent: 'event',
      returnEventType: 'visit',
      asOf: '2024-03-09T23:59:59.999Z',
    });
    expect(actives(late)).toEqual([['2024-01', 1, [1, 1, 0]]]);
  });

  it('reads days in the workspace zone across the London clock change (31 March 2024)', () => {
    const a = buildActivity({
      timeZone: 'Europe/London',
      takenAt: Date.parse('2024-04-03T12:00:00Z'),
      people: [{ id: 'p' }, { id: 'q' }],
      events: [],
      orders: [
        // 00:30 GMT on the 31st (clocks go forward at 01:00 GMT).
        { personId: 'p', at: '2024-03-31T00:30:00Z', revenue: 1 },
        // 00:30 BST on 1 April, still 31 March in UTC.
        { personId: 'p', at: '2024-03-31T23:30:00Z', revenue: 2 },
        // 23:30 BST on 1 April.
        { personId: 'q', at: '2024-04-01T22:30:00Z', revenue: 4 },
      ],
    });
    const r = computeCohorts(a, { unit: 'day', by: 'first-order', returnEvent: 'purchase' });
    expect(actives(r)).toEqual([
      ['2024-03-31', 1, [1, 1, 0, 0]],
      ['2024-04-01', 1, [1, 0, 0]],
    ]);
    expect(r.cohorts[0]).toMatchObject({
      start: '2024-03-31',
      end: '2024-03-31',
      startMs: Date.parse('2024-03-31T00:00:00Z'),
      endMs: Date.parse('2024-03-31T23:00:00Z'),
    });
    // In UTC the first two orders fall on one day and the third on the next.
    const inUtc = computeCohorts(buildActivity({ ...rowsOf(a), timeZone: 'UTC' }), {
      unit: 'day',
      by: 'first-order',
      returnEvent: 'purchase',
    });
    expect(actives(inUtc)).toEqual([
      ['2024-03-31', 1, [1, 0, 0, 0]],
      ['2024-04-01', 1, [1, 0, 0]],
    ]);
    // Months: p's second order is April in London.
    const months = computeCohorts(a, { unit: 'month', by: 'first-order', returnEvent: 'purchase' });
    expect(actives(months)).toEqual([
      ['2024-03', 1, [1, 1]],
      ['2024-04', 1, [1]],
    ]);
  });

  it('labels weekly cohorts by ISO week across a year boundary', () => {
    const a = buildActivity({
      timeZone: 'UTC',
      takenAt: Date.parse('2021-01-12T00:00:00Z'),
      people: [{ id: 'p' }, { id: 'q' }],
      events: [],
      orders: [
        { personId: 'p', at: '2020-12-31T10:00:00Z', revenue: 1 },
        { personId: 'p', at: '2021-01-03T23:00:00Z', revenue: 1 },
        { personId: 'q', at: '2021-01-04T00:00:00Z', revenue: 1 },
        { personId: 'p', at: '2021-01-05T00:00:00Z', revenue: 1 },
      ],
    });
    const r = computeCohorts(a, { unit: 'week', by: 'first-order', returnEvent: 'purchase', members: true });
    expect(actives(r)).toEqual([
      ['2020-W53', 1, [1, 1, 0]],
      ['2021-W01', 1, [1, 0]],
    ]);
    expect(r.cohorts.map((c) => [c.start, c.end])).toEqual([
      ['2020-12-28', '2021-01-03'],
      ['2021-01-04', '2021-01-10'],
    ]);
    expect(pick(r, 'incomplete')).toEqual([
      ['2020-W53', [false, false, true]],
      ['2021-W01', [false, true]],
    ]);
    expect(r.members).toEqual({
      personIds: ['p', 'q'],
      cohort: [0, 1],
      at: [Date.parse('2020-12-31T10:00:00Z'), Date.parse('2021-01-04T00:00:00Z')],
    });
  });

  it('reports up to an earlier asOf, ignoring what came after', () => {
    const r = computeCohorts(shop(), { ...monthly, asOf: '2024-03-01T00:00:00Z' });
    // March starts at asOf: present, incomplete, and B's 15 March order is not yet there.
    expect(actives(r)).toEqual([
      ['2024-01', 2, [2, 1, 0]],
      ['2024-02', 1, [1, 0]],
    ]);
    expect(pick(r, 'incomplete')).toEqual([
      ['2024-01', [false, false, true]],
      ['2024-02', [false, true]],
    ]);
    const before = computeCohorts(shop(), { ...monthly, asOf: Date.parse('2024-01-31T23:59:59.998Z') });
    // B's first order is a millisecond later: B has not ordered yet.
    expect(actives(before)).toEqual([['2024-01', 1, [1]]]);
  });

  it('keeps only the people the mask lets in', () => {
    const r = computeCohorts(shop(), { ...monthly, mask: Uint8Array.from([0, 1, 1, 0]) });
    expect(actives(r)).toEqual([
      ['2024-01', 1, [1, 0, 1, 0]],
      ['2024-02', 1, [1, 0, 0]],
    ]);
    expect(r.people).toEqual({
      total: 4,
      maskedOut: 2,
      noBirth: 0,
      outsideRange: 0,
      inCohorts: 2,
      entries: 2,
    });
    expect(r.options.maskedPeople).toBe(2);
  });
});

describe('bad options', () => {
  it('refuses them with invalid-argument and a way forward', () => {
    const a = shop();
    expect(code(() => computeCohorts(a, { ...monthly, by: 'first-event', byEventType: 'signup' }))).toBe(
      'invalid-argument',
    );
    expect(code(() => computeCohorts(a, { ...monthly, returnEvent: 'event' }))).toBe('invalid-argument');
    expect(code(() => computeCohorts(a, { ...monthly, by: 'first-seen', mode: 'recurring' }))).toBe(
      'invalid-argument',
    );
    expect(code(() => computeCohorts(a, { ...monthly, mode: 'recurring', members: true }))).toBe(
      'invalid-argument',
    );
    expect(code(() => computeCohorts(a, { ...monthly, mask: new Uint8Array(3) }))).toBe('invalid-argument');
    expect(code(() => computeCohorts(a, { ...monthly, from: '31/01/2024' }))).toBe('invalid-argument');
    expect(code(() => computeCohorts(a, { ...monthly, from: '2024-03-01', to: '2024-01-01' }))).toBe(
      'invalid-argument',
    );
    expect(code(() => computeCohorts(a, { ...monthly, maxPeriods: -1 }))).toBe('invalid-argument');
    expect(code(() => computeCohorts(a, { ...monthly, asOf: 'soon' }))).toBe('invalid-argument');
    expect(code(() => computeCohorts(a, { ...monthly, unit: 'year' as 'month' }))).toBe('invalid-argument');
    expect(code(() => computeCohorts(a, { ...monthly, from: '2000-01-01', unit: 'day' }))).toBe(
      'invalid-argument',
    );
    expect(code(() => computeCohorts(a, monthly))).toBeUndefined();
  });
});

function rowsOf(a: ReturnType<typeof buildActivity>) {
  const orders = [];
  for (let p = 0; p < a.people.count; p++) {
    for (let i = a.orders.start[p] as number; i < (a.orders.start[p + 1] as number); i++) {
      orders.push({
        personId: a.people.ids[p] as string,
        at: a.orders.at[i] as number,
        revenue: a.orders.revenue[i] as number,
      });
    }
  }
  return { takenAt: a.takenAt, people: a.people.ids.map((id) => ({ id })), events: [], orders };
}
