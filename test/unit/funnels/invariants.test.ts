import { describe, expect, it } from 'vitest';
import { createRng } from '../../../core/analytics/attribution/random';
import type { Rng } from '../../../core/analytics/attribution/random';
import { computeFunnel } from '../../../core/analytics/funnels';
import type { FunnelOrder, FunnelStep } from '../../../core/analytics/funnels';
import { activity, counts, m, MIN } from './helpers';
import type { Rows } from './helpers';
import { referenceCounts, referenceFunnel, referenceMedians } from './reference';

// Names on both sides of 'order', so equal-time events and orders interleave both ways.
const TYPES = ['cart', 'checkout', 'pay', 'ping', 'view'];
const CAMPAIGNS = ['c1', 'c2'];
const CHANNELS = ['email', 'web'];

function randomRows(rng: Rng, personCount: number): Rows {
  const rows: Rows = {
    people: [],
    events: [],
    orders: [],
    campaigns: CAMPAIGNS.map((id) => ({ id, name: id.toUpperCase() })),
  };
  for (let p = 1; p <= personCount; p++) {
    const personId = `p${p}`;
    rows.people.push({ id: personId });
    const eventCount = rng.int(13);
    for (let e = 0; e < eventCount; e++) {
      const campaign = rng.int(3);
      const channel = rng.int(3);
      rows.events.push({
        personId,
        // Whole minutes over a short span, so equal times are common.
        at: m(rng.int(40)),
        type: TYPES[rng.int(TYPES.length)] as string,
        ...(campaign < 2 ? { campaignId: CAMPAIGNS[campaign] as string } : {}),
        ...(channel < 2 ? { channel: CHANNELS[channel] as string } : {}),
      });
    }
    const orderCount = rng.int(4);
    for (let o = 0; o < orderCount; o++) rows.orders.push({ personId, at: m(rng.int(40)), revenue: 10 });
  }
  return rows;
}

function randomSteps(rng: Rng, distinct: boolean): FunnelStep[] {
  const pool = [...TYPES, 'order'];
  const count = 2 + rng.int(3);
  const steps: FunnelStep[] = [];
  const used = new Set<string>();
  while (steps.length < count) {
    const type = pool[rng.int(pool.length)] as string;
    const campaignId = type !== 'order' && rng.int(4) === 0 ? (CAMPAIGNS[rng.int(2)] as string) : undefined;
    const key = `${type}/${campaignId ?? ''}`;
    if (distinct && used.has(key)) continue;
    used.add(key);
    steps.push(campaignId === undefined ? { type } : { type, campaignId });
  }
  return steps;
}

describe('computeFunnel against a naive reference on seeded random data', () => {
  it('agrees on counts, medians and breakdowns in every order mode, and any ≥ sequential ≥ strict', () => {
    const rng = createRng(20240301);
    for (let trial = 0; trial < 60; trial++) {
      const rows = randomRows(rng, 30);
      const data = activity(rows);
      const steps = randomSteps(rng, true);
      const windowMs = (1 + rng.int(30)) * MIN;
      const ranged = rng.int(3) === 0;
      const from = ranged ? m(rng.int(20)) : undefined;
      const to = ranged ? m(20 + rng.int(20)) : undefined;
      const mask = rng.int(3) === 0 ? Uint8Array.from(rows.people, () => rng.int(2)) : undefined;
      const include = mask === undefined ? undefined : (id: string) => mask[Number(id.slice(1)) - 1] === 1;
      const byMode = new Map<FunnelOrder, number[]>();
      for (const order of ['strict', 'sequential', 'any'] as const) {
        const result = computeFunnel(data, {
          steps,
          order,
          windowMs,
          from,
          to,
          mask,
          breakdown: { by: 'campaign' },
        });
        const reference = referenceFunnel(rows, { steps, order, windowMs, from, to, include });
        const got = counts(result.overall);
        expect(got, `trial ${trial} ${order}`).toEqual(referenceCounts(reference, steps.length));
        expect(result.overall.steps.map((s) => s.medianMsFromPrevious)).toEqual(
          referenceMedians(reference, steps.length),
        );
        for (let k = 1; k < got.length; k++) expect(got[k]).toBeLessThanOrEqual(got[k - 1] as number);
        const byCampaign = new Map<string, number>();
        for (const person of reference) {
          const key = person.anchor.campaign === '' ? '(none)' : person.anchor.campaign.toUpperCase();
          byCampaign.set(key, (byCampaign.get(key) ?? 0) + 1);
        }
        expect(new Map(result.breakdown?.map((r) => [r.label, r.entered]))).toEqual(byCampaign);
        byMode.set(order, got);
      }
      const strict = byMode.get('strict') as number[];
      const sequential = byMode.get('sequential') as number[];
      const any = byMode.get('any') as number[];
      for (let k = 0; k < steps.length; k++) {
        expect(sequential[k]).toBeGreaterThanOrEqual(strict[k] as number);
        expect(any[k]).toBeGreaterThanOrEqual(sequential[k] as number);
      }
    }
  });

  it('agrees with the reference when steps repeat', () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 40; trial++) {
      const rows = randomRows(rng, 25);
      const data = activity(rows);
      const steps = randomSteps(rng, false);
      if (trial % 2 === 0) steps.push({ ...(steps[0] as FunnelStep) });
      const windowMs = (1 + rng.int(40)) * MIN;
      for (const order of ['strict', 'sequential'] as const) {
        const result = computeFunnel(data, { steps, order, windowMs });
        const reference = referenceFunnel(rows, { steps, order, windowMs });
        expect(counts(result.overall), `trial ${trial} ${order}`).toEqual(
          referenceCounts(reference, steps.length),
        );
        expect(result.overall.steps.map((s) => s.medianMsFromPrevious)).toEqual(
          referenceMedians(reference, steps.length),
        );
      }
    }
  });
});
