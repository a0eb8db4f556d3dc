import { describe, expect, it } from 'vitest';
import { computeFunnel, emailFunnelSteps } from '../../../core/analytics/funnels';
import { activity, counts, ev, medians, order, people } from './helpers';

describe('computeFunnel breakdowns', () => {
  const data = activity({
    people: people(5, (i) => (i === 1 || i === 2 ? { country: 'FR' } : i === 4 ? {} : { country: 'DE' })),
    campaigns: [
      { id: 'c1', name: 'Spring' },
      { id: 'c2', name: 'Autumn' },
    ],
    events: [
      ev('p1', 0, 'page_view', { campaignId: 'c1', channel: 'email' }),
      ev('p1', 1, 'add_to_cart'),
      ev('p2', 0, 'page_view', { campaignId: 'c2', channel: 'social' }),
      ev('p3', 0, 'page_view', { campaignId: 'c1', channel: 'email' }),
      ev('p3', 2, 'add_to_cart'),
      ev('p4', 0, 'page_view'),
      ev('p5', 0, 'add_to_cart'),
    ],
  });
  const steps = ['page_view', 'add_to_cart'];
  const rows = (by: 'campaign' | 'channel' | 'country') =>
    computeFunnel(data, { steps, breakdown: { by } }).breakdown?.map((r) => [r.key, r.label, ...counts(r)]);

  it('by the campaign of the step-1 event, people without one under (none)', () => {
    expect(rows('campaign')).toEqual([
      ['c1', 'Spring', 2, 2],
      [null, '(none)', 1, 0],
      ['c2', 'Autumn', 1, 0],
    ]);
    const spring = computeFunnel(data, { steps, breakdown: { by: 'campaign' } }).breakdown?.[0];
    expect(spring && medians(spring)).toEqual([null, 1.5]);
  });

  it('by the channel of the step-1 event', () => {
    expect(rows('channel')).toEqual([
      ['email', 'email', 2, 2],
      [null, '(none)', 1, 0],
      ['social', 'social', 1, 0],
    ]);
  });

  it('by country', () => {
    expect(rows('country')).toEqual([
      ['FR', 'FR', 2, 1],
      [null, '(none)', 1, 0],
      ['DE', 'DE', 1, 1],
    ]);
  });

  it('by segments: a row per segment (even empty), people in none under (none)', () => {
    const result = computeFunnel(data, {
      steps,
      breakdown: {
        by: 'segments',
        segments: [
          { name: 'Empty', mask: Uint8Array.of(0, 0, 0, 0, 0) },
          { name: 'B', mask: Uint8Array.of(0, 0, 1, 0, 0) },
          { name: 'A', mask: Uint8Array.of(1, 1, 0, 0, 1) },
          { name: 'Everyone', mask: Uint8Array.of(1, 1, 1, 0, 1) },
        ],
      },
    });
    expect(result.breakdown?.map((r) => [r.key, r.label, ...counts(r), r.conversionRate])).toEqual([
      ['Everyone', 'Everyone', 3, 2, 2 / 3],
      ['A', 'A', 2, 1, 0.5],
      [null, '(none)', 1, 0, 0],
      ['B', 'B', 1, 1, 1],
      ['Empty', 'Empty', 0, 0, null],
    ]);
    expect(counts(result.overall)).toEqual([4, 2]);
    expect(result.options.breakdown).toBe('segments');
  });

  it('combines a breakdown with a restricting segment', () => {
    const result = computeFunnel(data, {
      steps,
      mask: Uint8Array.of(1, 0, 0, 1, 0),
      breakdown: { by: 'campaign' },
    });
    expect(result.breakdown?.map((r) => [r.label, ...counts(r)])).toEqual([
      ['(none)', 1, 0],
      ['Spring', 1, 1],
    ]);
  });
});

describe('the email funnel', () => {
  const data = activity({
    people: people(5),
    campaigns: [
      { id: 'c1', name: 'Newsletter' },
      { id: 'c2', name: 'Promo' },
    ],
    events: [
      // p1 goes all the way.
      ev('p1', 0, 'email_sent', { campaignId: 'c1' }),
      ev('p1', 1, 'email_delivered', { campaignId: 'c1' }),
      ev('p1', 10, 'email_opened', { campaignId: 'c1' }),
      ev('p1', 12, 'email_clicked', { campaignId: 'c1' }),
      // p2 orders before clicking: that order is not a conversion of the click.
      ev('p2', 0, 'email_sent', { campaignId: 'c1' }),
      ev('p2', 1, 'email_delivered', { campaignId: 'c1' }),
      ev('p2', 5, 'email_opened', { campaignId: 'c1' }),
      ev('p2', 7, 'email_clicked', { campaignId: 'c1' }),
      // p3 opens and clicks the other campaign.
      ev('p3', 0, 'email_sent', { campaignId: 'c1' }),
      ev('p3', 1, 'email_delivered', { campaignId: 'c1' }),
      ev('p3', 3, 'email_opened', { campaignId: 'c2' }),
      ev('p3', 4, 'email_clicked', { campaignId: 'c2' }),
      // p4 only got the other campaign; p5's email was never delivered.
      ev('p4', 0, 'email_sent', { campaignId: 'c2' }),
      ev('p4', 1, 'email_delivered', { campaignId: 'c2' }),
      ev('p5', 0, 'email_sent', { campaignId: 'c1' }),
    ],
    orders: [order('p1', 30), order('p2', 6), order('p3', 5)],
  });

  it('sent → delivered → opened → clicked → converted for one campaign', () => {
    const result = computeFunnel(data, { steps: emailFunnelSteps('c1'), windowDays: 7 });
    expect(result.overall.steps.map((s) => s.label)).toEqual([
      'email_sent (Newsletter)',
      'email_delivered (Newsletter)',
      'email_opened (Newsletter)',
      'email_clicked (Newsletter)',
      'order',
    ]);
    expect(counts(result.overall)).toEqual([4, 3, 2, 2, 1]);
    expect(medians(result.overall)).toEqual([null, 1, 6.5, 2, 18]);
    expect(result.overall.steps.map((s) => s.conversionFromPrevious)).toEqual([null, 0.75, 2 / 3, 1, 0.5]);
    expect(result.overall.steps.map((s) => s.dropOff)).toEqual([0, 1, 1, 0, 1]);
    expect(result.overall.conversionRate).toBe(0.25);
  });

  it('over every campaign', () => {
    const result = computeFunnel(data, { steps: emailFunnelSteps(), windowDays: 7 });
    expect(counts(result.overall)).toEqual([5, 4, 3, 3, 2]);
    // Strict: p2's order sits between its open and its click, so p2 stops at opened.
    expect(counts(computeFunnel(data, { steps: emailFunnelSteps(), order: 'strict' }).overall)).toEqual([
      5, 4, 3, 2, 2,
    ]);
    // A 10-minute window: p1's open at exactly 10 min counts, its click at 12 does not.
    expect(counts(computeFunnel(data, { steps: emailFunnelSteps(), windowMs: 600_000 }).overall)).toEqual([
      5, 4, 3, 2, 1,
    ]);
  });
});
