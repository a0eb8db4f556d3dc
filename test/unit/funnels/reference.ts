import type { FunnelOrder, FunnelStep } from '../../../core/analytics/funnels';
import type { Rows } from './helpers';

/**
 * A deliberately naive second implementation of the funnel rules, written from the
 * documented definitions: every step-1 item starts an attempt, each attempt is scanned from
 * scratch, and the sequential depth is found by exhaustive search over all choices of events
 * (not greedily), so it checks the greedy shortcut of the real code too.
 */
interface Item {
  at: number;
  type: string;
  campaign: string;
  channel: string;
}

export interface ReferencePerson {
  personId: string;
  depth: number;
  /** Gaps between completing consecutive steps, ms (length depth − 1). */
  gaps: number[];
  anchor: Item;
}

export interface ReferenceOptions {
  steps: FunnelStep[];
  order: FunnelOrder;
  windowMs: number;
  from?: number;
  to?: number;
  include?: (personId: string) => boolean;
}

const toMs = (value: number | string): number => (typeof value === 'number' ? value : Date.parse(value));

function itemsOf(rows: Rows, personId: string, withOrders: boolean): Item[] {
  const items: Item[] = rows.events
    .filter((e) => e.personId === personId)
    .map((e) => ({ at: toMs(e.at), type: e.type, campaign: e.campaignId ?? '', channel: e.channel ?? '' }));
  if (withOrders) {
    for (const o of rows.orders) {
      if (o.personId === personId) items.push({ at: toMs(o.at), type: 'order', campaign: '', channel: '' });
    }
  }
  const text = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return items.sort(
    (a, b) =>
      a.at - b.at || text(a.type, b.type) || text(a.campaign, b.campaign) || text(a.channel, b.channel),
  );
}

const matches = (item: Item, step: FunnelStep): boolean =>
  item.type === step.type && (step.campaignId === undefined || item.campaign === step.campaignId);

function exhaustiveDepth(
  items: Item[],
  steps: FunnelStep[],
  after: number,
  j: number,
  t1: number,
  w: number,
): number {
  if (j === steps.length) return 0;
  let best = 0;
  for (let q = after + 1; q < items.length; q++) {
    const item = items[q] as Item;
    if (item.at - t1 > w || !matches(item, steps[j] as FunnelStep)) continue;
    best = Math.max(best, 1 + exhaustiveDepth(items, steps, q, j + 1, t1, w));
  }
  return best;
}

/** Completion times of steps 1 … depth for the attempt starting at item a. */
function attempt(items: Item[], a: number, o: ReferenceOptions): number[] {
  const { steps, windowMs: w } = o;
  const t1 = (items[a] as Item).at;
  const times = [t1];
  if (o.order === 'strict') {
    for (let j = 1; j < steps.length; j++) {
      const item = items[a + j];
      if (item === undefined || !matches(item, steps[j] as FunnelStep) || item.at - t1 > w) break;
      times.push(item.at);
    }
    return times;
  }
  if (o.order === 'sequential') {
    let previous = a;
    for (let j = 1; j < steps.length; j++) {
      let found = -1;
      for (let q = previous + 1; q < items.length; q++) {
        if (matches(items[q] as Item, steps[j] as FunnelStep)) {
          found = q;
          break;
        }
      }
      if (found < 0 || (items[found] as Item).at - t1 > w) break;
      times.push((items[found] as Item).at);
      previous = found;
    }
    const exhaustive = 1 + exhaustiveDepth(items, steps, a, 1, t1, w);
    if (exhaustive !== times.length) throw new Error('greedy and exhaustive depths differ');
    return times;
  }
  let reached = t1;
  for (let j = 1; j < steps.length; j++) {
    const item = items.find((x) => x.at >= t1 && x.at - t1 <= w && matches(x, steps[j] as FunnelStep));
    if (item === undefined) break;
    reached = Math.max(reached, item.at);
    times.push(reached);
  }
  return times;
}

export function referenceFunnel(rows: Rows, o: ReferenceOptions): ReferencePerson[] {
  const withOrders = o.steps.some((s) => s.type === 'order');
  const result: ReferencePerson[] = [];
  for (const person of rows.people) {
    if (o.include !== undefined && !o.include(person.id)) continue;
    const items = itemsOf(rows, person.id, withOrders);
    let best: { times: number[]; anchor: Item } | null = null;
    items.forEach((item, a) => {
      if (!matches(item, o.steps[0] as FunnelStep)) return;
      if (item.at < (o.from ?? -Infinity) || item.at >= (o.to ?? Infinity)) return;
      const times = attempt(items, a, o);
      if (best === null || times.length > best.times.length) best = { times, anchor: item };
    });
    if (best === null) continue;
    const { times, anchor } = best as { times: number[]; anchor: Item };
    result.push({
      personId: person.id,
      depth: times.length,
      gaps: times.slice(1).map((t, k) => t - (times[k] as number)),
      anchor,
    });
  }
  return result;
}

export function referenceCounts(persons: ReferencePerson[], stepCount: number): number[] {
  return Array.from({ length: stepCount }, (_, k) => persons.filter((p) => p.depth > k).length);
}

export function referenceMedians(persons: ReferencePerson[], stepCount: number): (number | null)[] {
  return Array.from({ length: stepCount }, (_, k) => {
    if (k === 0) return null;
    const gaps = persons.filter((p) => p.depth > k).map((p) => p.gaps[k - 1] as number);
    if (gaps.length === 0) return null;
    gaps.sort((x, y) => x - y);
    const h = Math.floor(gaps.length / 2);
    return gaps.length % 2 === 1 ? (gaps[h] as number) : ((gaps[h - 1] as number) + (gaps[h] as number)) / 2;
  });
}
