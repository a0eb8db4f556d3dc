import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../../core/errors';
import { computeFunnel } from '../../../core/analytics/funnels';
import { closestFirst, editDistance } from '../../../core/analytics/funnels/closest';
import type { FunnelOptions } from '../../../core/analytics/funnels';
import { activity, ev, people } from './helpers';

const data = activity({
  people: people(2),
  campaigns: [{ id: 'c1', name: 'Spring' }],
  events: [
    ev('p1', 0, 'page_view'),
    ev('p1', 1, 'add_to_cart'),
    ev('p2', 0, 'checkout'),
    ev('p2', 1, 'purchase'),
  ],
});

function failure(options: FunnelOptions, on = data): ServiceError {
  try {
    computeFunnel(on, options);
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('expected the funnel to be refused');
}

describe('computeFunnel validation', () => {
  it('needs 2 to 20 steps', () => {
    expect(failure({ steps: ['page_view'] }).code).toBe('invalid-argument');
    expect(failure({ steps: ['page_view'] }).message).toContain('between 2 and 20 steps');
    expect(failure({ steps: new Array<string>(21).fill('page_view') }).details).toEqual({ steps: 21 });
    expect(computeFunnel(data, { steps: new Array<string>(20).fill('page_view') }).overall.entered).toBe(1);
  });

  it('names an unknown event type and lists the known ones, closest first', () => {
    const error = failure({ steps: ['page_view', 'add_to_crt'] });
    expect(error.code).toBe('invalid-argument');
    expect(error.message).toContain('Step 2');
    expect(error.message).toContain('"add_to_crt"');
    expect(error.details).toEqual({
      step: 2,
      type: 'add_to_crt',
      // Edit distances 1, 8, 9 and 10.
      known: ['add_to_cart', 'checkout', 'page_view', 'purchase'],
    });
    expect(error.message).toContain('add_to_cart, checkout, page_view, purchase');
    expect(failure({ steps: ['page_view', 'purchase'] }, activity({})).message).toContain('no events yet');
  });

  it('needs a positive window, given one way', () => {
    for (const window of [
      { windowMs: 0 },
      { windowMs: -5 },
      { windowDays: 0 },
      { windowMs: NaN },
      { windowDays: Infinity },
    ]) {
      expect(failure({ steps: ['page_view', 'purchase'], ...window }).message).toContain('positive');
    }
    expect(failure({ steps: ['page_view', 'purchase'], windowMs: 1, windowDays: 1 }).message).toContain(
      'not both',
    );
    expect(computeFunnel(data, { steps: ['page_view', 'purchase'], windowDays: 0.5 }).options.windowMs).toBe(
      43_200_000,
    );
  });

  it('checks campaigns, order, masks, dates and segments', () => {
    const steps = ['page_view', 'purchase'];
    expect(failure({ steps: [{ type: 'page_view', campaignId: 'nope' }, 'purchase'] }).details).toEqual({
      step: 1,
      campaignId: 'nope',
    });
    expect(failure({ steps: ['page_view', { type: 'order', campaignId: 'c1' }] }).message).toContain(
      'orders carry no campaign',
    );
    expect(failure({ steps, order: 'random' as 'any' }).message).toContain('sequential, strict, any');
    expect(failure({ steps: ['page_view', 'purchase', 'page_view'], order: 'any' }).message).toContain(
      'repeats step 1',
    );
    expect(failure({ steps, mask: new Uint8Array(3) }).details).toEqual({ expected: 2, got: 3 });
    expect(failure({ steps, from: 10, to: 10 }).message).toContain('before');
    expect(failure({ steps, from: NaN }).message).toContain('not a valid time');
    expect(failure({ steps, breakdown: { by: 'segments', segments: [] } }).message).toContain(
      'at least one segment',
    );
    const mask = new Uint8Array(2);
    expect(
      failure({
        steps,
        breakdown: {
          by: 'segments',
          segments: [
            { name: 'A', mask },
            { name: 'A', mask },
          ],
        },
      }).message,
    ).toContain('appears twice');
    expect(
      failure({ steps, breakdown: { by: 'segments', segments: [{ name: 'A', mask: new Uint8Array(1) }] } })
        .message,
    ).toContain('segment "A"');
    expect(
      failure({ steps, breakdown: { by: 'device' } as unknown as FunnelOptions['breakdown'] }).code,
    ).toBe('invalid-argument');
  });

  it('accepts a campaign-restricted step and labels it with the campaign name', () => {
    const result = computeFunnel(data, { steps: [{ type: 'page_view', campaignId: 'c1' }, 'add_to_cart'] });
    expect(result.options.steps[0]).toEqual({
      type: 'page_view',
      campaignId: 'c1',
      label: 'page_view (Spring)',
    });
    expect(result.overall.entered).toBe(0);
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions, ignoring case', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('Page_View', 'page_view')).toBe(0);
    expect(editDistance('add_to_crt', 'add_to_cart')).toBe(1);
    expect(closestFirst('chekout', ['purchase', 'checkout', 'checkin'])).toEqual([
      'checkout',
      'checkin',
      'purchase',
    ]);
  });
});
