import { describe, expect, it } from 'vitest';
import { computeFunnel } from '../../../core/analytics/funnels';
import type { FunnelOrder } from '../../../core/analytics/funnels';
import { activity, counts, DAY, ev, m, medians, MIN, order, people } from './helpers';

describe('computeFunnel: small histories checked by hand', () => {
  it('gives an empty table, with null rates, for an empty workspace', () => {
    const result = computeFunnel(activity({}), { steps: ['order', 'order'] });
    expect(result.overall).toEqual({
      entered: 0,
      completed: 0,
      conversionRate: null,
      steps: [
        {
          index: 0,
          type: 'order',
          campaignId: null,
          label: 'order',
          people: 0,
          conversionFromStart: null,
          conversionFromPrevious: null,
          dropOff: 0,
          dropOffRate: null,
          medianMsFromPrevious: null,
        },
        {
          index: 1,
          type: 'order',
          campaignId: null,
          label: 'order',
          people: 0,
          conversionFromStart: null,
          conversionFromPrevious: null,
          dropOff: 0,
          dropOffRate: null,
          medianMsFromPrevious: null,
        },
      ],
    });
    expect(result.options).toEqual({
      steps: [
        { type: 'order', campaignId: null, label: 'order' },
        { type: 'order', campaignId: null, label: 'order' },
      ],
      order: 'sequential',
      windowMs: 30 * DAY,
      from: null,
      to: null,
      masked: false,
      breakdown: null,
    });
  });

  it('follows a single person through the steps they took', () => {
    const data = activity({
      people: people(1),
      events: [ev('p1', 0, 'page_view'), ev('p1', 5, 'add_to_cart'), ev('p1', 12, 'checkout')],
    });
    const { overall } = computeFunnel(data, { steps: ['page_view', 'add_to_cart', 'checkout', 'checkout'] });
    expect(counts(overall)).toEqual([1, 1, 1, 0]);
    expect(overall.steps.map((s) => s.conversionFromStart)).toEqual([1, 1, 1, 0]);
    expect(overall.steps.map((s) => s.conversionFromPrevious)).toEqual([null, 1, 1, 0]);
    expect(overall.steps.map((s) => s.dropOff)).toEqual([0, 0, 0, 1]);
    expect(overall.steps.map((s) => s.dropOffRate)).toEqual([null, 0, 0, 1]);
    expect(medians(overall)).toEqual([null, 5, 7, null]);
    expect(overall).toMatchObject({ entered: 1, completed: 0, conversionRate: 0 });
  });

  it('reports null (not NaN) rates when nobody reaches step 1', () => {
    const data = activity({
      people: people(2),
      events: [ev('p1', 0, 'add_to_cart'), ev('p2', 0, 'checkout'), ev('p2', 1, 'page_view')],
    });
    // p2's page_view comes after its checkout; nobody did add_to_cart after page_view.
    expect(counts(computeFunnel(data, { steps: ['add_to_cart', 'page_view'] }).overall)).toEqual([1, 0]);
    expect(counts(computeFunnel(data, { steps: ['checkout', 'page_view'] }).overall)).toEqual([1, 1]);
    expect(counts(computeFunnel(data, { steps: ['page_view', 'add_to_cart'] }).overall)).toEqual([1, 0]);
    const zero = computeFunnel(data, { steps: ['page_view', 'add_to_cart'], from: m(100) }).overall;
    expect(zero.conversionRate).toBeNull();
    for (const step of zero.steps) {
      expect(step.conversionFromStart).toBeNull();
      expect(step.dropOffRate).toBeNull();
      expect(step.medianMsFromPrevious).toBeNull();
    }
    expect(JSON.stringify(zero)).not.toContain('NaN');
  });

  describe('step order', () => {
    // p1: A B C back to back. p2: A, something else, B, C. p3: A, C, B.
    const data = activity({
      people: people(3),
      events: [
        ev('p1', 0, 'page_view'),
        ev('p1', 1, 'add_to_cart'),
        ev('p1', 2, 'checkout'),
        ev('p2', 0, 'page_view'),
        ev('p2', 1, 'scroll'),
        ev('p2', 3, 'add_to_cart'),
        ev('p2', 4, 'checkout'),
        ev('p3', 0, 'page_view'),
        ev('p3', 1, 'checkout'),
        ev('p3', 2, 'add_to_cart'),
      ],
    });
    const run = (order: FunnelOrder) =>
      computeFunnel(data, { steps: ['page_view', 'add_to_cart', 'checkout'], order, windowDays: 1 }).overall;

    it('strict: any other event in between breaks the attempt', () => {
      expect(counts(run('strict'))).toEqual([3, 1, 1]);
      expect(medians(run('strict'))).toEqual([null, 1, 1]);
    });
    it('sequential: other events may happen in between', () => {
      expect(counts(run('sequential'))).toEqual([3, 3, 2]);
      // gaps to add_to_cart 1, 3, 2 → 2; to checkout 1, 1 → 1
      expect(medians(run('sequential'))).toEqual([null, 2, 1]);
    });
    it('any: the steps in any order within the window', () => {
      expect(counts(run('any'))).toEqual([3, 3, 3]);
      // p3 has done steps 1–3 once add_to_cart arrives at minute 2, so its last gap is 0.
      expect(medians(run('any'))).toEqual([null, 2, 1]);
      expect(run('any').steps[2]?.medianMsFromPrevious).toBe(1 * MIN);
    });
    it('any: steps before step 1 do not count', () => {
      const before = activity({
        people: people(1),
        events: [ev('p1', 0, 'add_to_cart'), ev('p1', 1, 'page_view')],
      });
      const table = computeFunnel(before, { steps: ['page_view', 'add_to_cart'], order: 'any' }).overall;
      expect(counts(table)).toEqual([1, 0]);
    });
  });

  it('counts a step exactly at the end of the window, not one millisecond later', () => {
    const data = activity({
      people: people(3),
      events: [
        ev('p1', 0, 'page_view'),
        ev('p1', 10, 'purchase'),
        ev('p2', 0, 'page_view'),
        { personId: 'p2', at: m(10) + 1, type: 'purchase' },
        ev('p3', 0, 'page_view'),
        { personId: 'p3', at: m(0) + DAY, type: 'purchase' },
      ],
    });
    for (const order of ['sequential', 'strict', 'any'] as const) {
      const steps = ['page_view', 'purchase'];
      expect(counts(computeFunnel(data, { steps, order, windowMs: 10 * MIN }).overall)).toEqual([3, 1]);
      expect(counts(computeFunnel(data, { steps, order, windowDays: 1 }).overall)).toEqual([3, 3]);
      expect(counts(computeFunnel(data, { steps, order, windowMs: DAY - 1 }).overall)).toEqual([3, 2]);
    }
  });

  it('counts the attempt that gets furthest, ties going to the earliest step 1', () => {
    const steps = ['page_view', 'add_to_cart', 'checkout'];
    // First attempt: checkout comes 25 min after its page_view, outside the 10 min window.
    const further = activity({
      people: people(1),
      events: [
        ev('p1', 0, 'page_view'),
        ev('p1', 5, 'add_to_cart'),
        ev('p1', 20, 'page_view'),
        ev('p1', 22, 'add_to_cart'),
        ev('p1', 25, 'checkout'),
      ],
    });
    const a = computeFunnel(further, { steps, windowMs: 10 * MIN }).overall;
    expect(counts(a)).toEqual([1, 1, 1]);
    expect(medians(a)).toEqual([null, 2, 3]);

    // Both attempts reach add_to_cart: the earlier one (gap 5, campaign c1) counts.
    const tied = activity({
      people: people(1),
      campaigns: [
        { id: 'c1', name: 'First' },
        { id: 'c2', name: 'Second' },
      ],
      events: [
        ev('p1', 0, 'page_view', { campaignId: 'c1' }),
        ev('p1', 5, 'add_to_cart'),
        ev('p1', 20, 'page_view', { campaignId: 'c2' }),
        ev('p1', 22, 'add_to_cart'),
      ],
    });
    for (const order of ['sequential', 'strict', 'any'] as const) {
      const result = computeFunnel(tied, {
        steps: ['page_view', 'add_to_cart', 'order'],
        order,
        windowMs: 10 * MIN,
        breakdown: { by: 'campaign' },
      });
      expect(counts(result.overall)).toEqual([1, 1, 0]);
      expect(medians(result.overall)).toEqual([null, 5, null]);
      expect(result.breakdown?.map((r) => r.label)).toEqual(['First']);
    }
  });

  it('reads events at the same millisecond in type-name order, orders placed as the name "order"', () => {
    const data = activity({
      people: people(1),
      events: [
        ev('p1', 0, 'page_view'),
        ev('p1', 0, 'add_to_cart'),
        ev('p1', 3, 'purchase'),
        ev('p1', 3, 'email_clicked'),
      ],
      orders: [order('p1', 3)],
    });
    const run = (steps: string[], o: FunnelOrder = 'sequential') =>
      counts(computeFunnel(data, { steps, order: o }).overall);
    // add_to_cart sorts before page_view, so it is the earlier of the two.
    expect(run(['add_to_cart', 'page_view'])).toEqual([1, 1]);
    expect(run(['page_view', 'add_to_cart'])).toEqual([1, 0]);
    expect(run(['page_view', 'add_to_cart'], 'any')).toEqual([1, 1]);
    expect(run(['add_to_cart', 'page_view'], 'strict')).toEqual([1, 1]);
    // At minute 3: email_clicked < order < purchase.
    expect(run(['email_clicked', 'order'])).toEqual([1, 1]);
    expect(run(['order', 'purchase'])).toEqual([1, 1]);
    expect(run(['purchase', 'order'])).toEqual([1, 0]);
    expect(run(['email_clicked', 'order', 'purchase'], 'strict')).toEqual([1, 1, 1]);
    expect(medians(computeFunnel(data, { steps: ['add_to_cart', 'page_view', 'purchase'] }).overall)).toEqual(
      [null, 0, 3],
    );
  });

  it('takes the middle value for odd counts and the mean of the two middle values for even counts', () => {
    const gaps = [1, 10, 3, 2];
    const rows = {
      people: people(5),
      events: gaps.flatMap((gap, i) => [ev(`p${i + 1}`, 0, 'page_view'), ev(`p${i + 1}`, gap, 'purchase')]),
    };
    expect(medians(computeFunnel(activity(rows), { steps: ['page_view', 'purchase'] }).overall)).toEqual([
      null,
      2.5,
    ]);
    rows.events.push(ev('p5', 0, 'page_view'), ev('p5', 4, 'purchase'));
    expect(medians(computeFunnel(activity(rows), { steps: ['page_view', 'purchase'] }).overall)).toEqual([
      null,
      3,
    ]);
    rows.events.splice(0, 2);
    // 10, 3, 2, 4 minus the 1-minute person → 2, 3, 4, 10 → 3.5
    expect(medians(computeFunnel(activity(rows), { steps: ['page_view', 'purchase'] }).overall)).toEqual([
      null,
      3.5,
    ]);
  });

  it('lets orders break a strict attempt only when an order is a step', () => {
    const data = activity({
      people: people(1),
      events: [ev('p1', 0, 'page_view'), ev('p1', 2, 'add_to_cart')],
      orders: [order('p1', 1), order('p1', 5)],
    });
    expect(
      counts(computeFunnel(data, { steps: ['page_view', 'add_to_cart'], order: 'strict' }).overall),
    ).toEqual([1, 1]);
    expect(
      counts(computeFunnel(data, { steps: ['page_view', 'add_to_cart', 'order'], order: 'strict' }).overall),
    ).toEqual([1, 0, 0]);
    expect(
      counts(
        computeFunnel(data, { steps: ['page_view', 'add_to_cart', 'order'], order: 'sequential' }).overall,
      ),
    ).toEqual([1, 1, 1]);
  });

  it('counts a repeated step only with a second occurrence', () => {
    const data = activity({
      people: people(2),
      events: [
        ev('p1', 0, 'page_view'),
        ev('p1', 1, 'page_view'),
        ev('p1', 2, 'purchase'),
        ev('p2', 0, 'page_view'),
        ev('p2', 1, 'purchase'),
      ],
    });
    for (const order of ['sequential', 'strict'] as const) {
      expect(
        counts(computeFunnel(data, { steps: ['page_view', 'page_view', 'purchase'], order }).overall),
      ).toEqual([2, 1, 1]);
    }
  });

  it('restricts to a segment and to a date range for step 1', () => {
    const data = activity({
      people: people(3),
      events: [
        ev('p1', 0, 'page_view'),
        ev('p1', 60, 'purchase'),
        ev('p2', 30, 'page_view'),
        ev('p2', 90, 'page_view'),
        ev('p2', 95, 'purchase'),
        ev('p3', 100, 'page_view'),
      ],
    });
    const steps = ['page_view', 'purchase'];
    expect(counts(computeFunnel(data, { steps }).overall)).toEqual([3, 2]);
    expect(counts(computeFunnel(data, { steps, mask: Uint8Array.of(0, 1, 1) }).overall)).toEqual([2, 1]);
    // Step 1 in [minute 0, minute 90): p1 and p2's first attempt; later steps may fall outside the range.
    const ranged = computeFunnel(data, { steps, from: m(0), to: m(90) });
    expect(counts(ranged.overall)).toEqual([2, 2]);
    expect(medians(ranged.overall)).toEqual([null, 62.5]);
    expect(ranged.options).toMatchObject({ from: m(0), to: m(90) });
    // Only p2's second page_view is in [90, 101): its gap is 5.
    const late = computeFunnel(data, { steps, from: m(90), to: m(101) }).overall;
    expect(counts(late)).toEqual([2, 1]);
    expect(medians(late)).toEqual([null, 5]);
    expect(
      counts(computeFunnel(data, { steps, from: m(90), to: m(101), windowMs: 4 * MIN }).overall),
    ).toEqual([2, 0]);
  });
});
