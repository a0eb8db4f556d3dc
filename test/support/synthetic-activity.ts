import type { Activity } from '../../core/analytics/activity/types';

export interface SyntheticActivityOptions {
  people: number;
  events: number;
  orders: number;
  /** The span the rows are spread over, ending at `end` (epoch ms). */
  days?: number;
  end?: number;
  timeZone?: string;
  seed?: number;
}

/**
 * A large Activity filled straight into typed arrays (building millions of row
 * objects would measure the builder, not the analysis): rows spread evenly over
 * people, times uniform after each person's first-seen time, seeded.
 */
export function syntheticActivity(o: SyntheticActivityOptions): Activity {
  const days = o.days ?? 730;
  const end = o.end ?? Date.parse('2025-01-01T00:00:00Z');
  const span = days * 86_400_000;
  let state = (o.seed ?? 1) >>> 0;
  const random = (): number => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const n = o.people;
  const firstSeenAt = new Float64Array(n);
  for (let p = 0; p < n; p++) firstSeenAt[p] = end - span + Math.floor(random() * span);

  const fill = (count: number) => {
    const start = new Int32Array(n + 1);
    for (let p = 0; p < n; p++) start[p + 1] = Math.round(((p + 1) * count) / n);
    const at = new Float64Array(count);
    for (let p = 0; p < n; p++) {
      const from = start[p] as number;
      const to = start[p + 1] as number;
      const first = firstSeenAt[p] as number;
      for (let i = from; i < to; i++) at[i] = first + Math.floor(random() * (end - first));
      at.subarray(from, to).sort();
    }
    return { start, at };
  };
  const ev = fill(o.events);
  const ord = fill(o.orders);
  const types = ['visit', 'open', 'click', 'signup'];
  const type = new Int32Array(o.events);
  for (let i = 0; i < o.events; i++) type[i] = Math.floor(random() * types.length);
  const revenue = new Float64Array(o.orders);
  for (let i = 0; i < o.orders; i++) revenue[i] = Math.round(random() * 20_000) / 100;

  return {
    timeZone: o.timeZone ?? 'Europe/London',
    takenAt: end,
    people: {
      count: n,
      ids: Array.from({ length: n }, (_, p) => `p${p}`),
      emails: new Array<string>(n).fill(''),
      firstSeenAt,
      country: new Int32Array(n).fill(-1),
      countries: { ids: [], names: [] },
    },
    events: {
      count: o.events,
      start: ev.start,
      at: ev.at,
      type,
      types,
      campaign: new Int32Array(o.events).fill(-1),
      channel: new Int32Array(o.events).fill(-1),
      channels: [],
    },
    orders: {
      count: o.orders,
      start: ord.start,
      at: ord.at,
      revenue,
      items: new Float64Array(o.orders).fill(NaN),
    },
    campaigns: { ids: [], names: [] },
  };
}
