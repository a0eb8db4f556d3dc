import { fail } from '../../errors';
import { createChannelGrouper } from './channel-grouping';
import type { ChannelGroupingOptions, ChannelSignals } from './channel-grouping';
import { PathSetBuilder, compareText } from './path-set';
import { MS_PER_DAY } from './types';
import type { PathSet, PathStats } from './types';

export type { PathStats } from './types';

/** One touchpoint of one person. Without an explicit channel, the grouping rules name it from the signals. */
export interface TouchpointInput extends ChannelSignals {
  id?: string | null;
  personId: string;
  /** Epoch milliseconds or a Date. */
  at: number | Date;
  leadCreation?: boolean | null;
}

export interface ConversionInput {
  id: string;
  personId: string;
  /** Epoch milliseconds or a Date. */
  at: number | Date;
  value?: number | null;
}

export interface PathOptions {
  /** Touches at most this many days before a conversion form its path. Default 30. */
  lookbackDays?: number;
  /** Also build the journeys that did not (yet) convert; the Markov model needs them. Default true. */
  includeNonConverting?: boolean;
  /** Start a conversion's path after the same person's previous conversion. Default false. */
  resetAfterConversion?: boolean;
  /** Keep only the last N touches of a long path. Default: keep all. */
  maxTouches?: number | null;
  /** Grouping for touchpoints without an explicit channel. Default: Loupe's default rules. */
  grouping?: ChannelGroupingOptions;
}

export interface BuiltPaths {
  paths: PathSet;
  stats: PathStats;
}

export const DEFAULT_LOOKBACK_DAYS = 30;

/**
 * Turns touchpoints and conversions into paths. A conversion's path is its
 * person's touches with conversion time − lookback ≤ touch time ≤ conversion time,
 * oldest first. A person's touches after their last conversion (all of them if
 * they never converted), limited to the lookback window ending at the last of
 * those touches, form one journey that did not convert.
 * Ties in time are broken by touchpoint id, then channel, then campaign, so the
 * result never depends on the order rows arrived in.
 */
export function buildPaths(
  touchpoints: readonly TouchpointInput[],
  conversions: readonly ConversionInput[],
  options: PathOptions = {},
): BuiltPaths {
  const lookbackDays = options.lookbackDays ?? DEFAULT_LOOKBACK_DAYS;
  if (!(Number.isFinite(lookbackDays) && lookbackDays > 0)) {
    fail('invalid-argument', 'The lookback window must be a positive number of days.', { lookbackDays });
  }
  const maxTouches = options.maxTouches ?? null;
  if (maxTouches !== null && !(Number.isInteger(maxTouches) && maxTouches >= 1)) {
    fail('invalid-argument', 'The maximum path length must be a whole number of at least 1.', { maxTouches });
  }
  const lookbackMs = lookbackDays * MS_PER_DAY;
  const grouper = createChannelGrouper(options.grouping);
  const builder = new PathSetBuilder();

  // Columns instead of per-touch objects: a workspace can hand over millions of rows.
  const n = touchpoints.length;
  const atMs = new Float64Array(n);
  const channel: string[] = new Array<string>(n);
  const channelOf = new Uint32Array(n);
  const campaignOf = new Uint32Array(n);
  const personOf = new Int32Array(n);
  const personIndex = new Map<string, number>();
  const personNames: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = touchpoints[i];
    atMs[i] = toMs(t.at, 'touchpoint');
    channel[i] = grouper.classify(t);
    channelOf[i] = builder.channelId(channel[i]);
    campaignOf[i] = builder.campaignId(t.campaign ?? null);
    const key = personKey(t.personId, 'touchpoint');
    let k = personIndex.get(key);
    if (k === undefined) {
      k = personNames.length;
      personIndex.set(key, k);
      personNames.push(key);
    }
    personOf[i] = k;
  }
  const people = personNames.length;
  const segment = new Int32Array(people + 1);
  for (let i = 0; i < n; i++) segment[personOf[i] + 1]++;
  for (let k = 0; k < people; k++) segment[k + 1] += segment[k];
  const order = new Int32Array(n);
  const fill = segment.slice(0, people);
  for (let i = 0; i < n; i++) order[fill[personOf[i]]++] = i;
  const byTime = (a: number, b: number): number =>
    atMs[a] - atMs[b] ||
    compareText(touchpoints[a].id ?? '', touchpoints[b].id ?? '') ||
    compareText(channel[a], channel[b]) ||
    compareText(touchpoints[a].campaign ?? '', touchpoints[b].campaign ?? '') ||
    a - b;
  for (let k = 0; k < people; k++) {
    if (segment[k + 1] - segment[k] > 1) order.subarray(segment[k], segment[k + 1]).sort(byTime);
  }

  const convAt = conversions.map((c) => toMs(c.at, 'conversion'));
  const ids = new Set<string>();
  for (const c of conversions) {
    if (typeof c.id !== 'string' || c.id === '') fail('invalid-argument', 'Every conversion needs an id.');
    if (ids.has(c.id)) fail('invalid-argument', `Conversion id ${c.id} appears twice.`, { id: c.id });
    ids.add(c.id);
    personKey(c.personId, 'conversion');
    if (c.value !== undefined && c.value !== null && !Number.isFinite(c.value)) {
      fail('invalid-argument', `Conversion ${c.id} has a value that is not a number.`, { id: c.id });
    }
  }
  const convOrder = conversions
    .map((_, i) => i)
    .sort((a, b) => convAt[a] - convAt[b] || compareText(conversions[a].id, conversions[b].id));

  const used = new Uint8Array(n);
  const lastConversionAt = new Float64Array(people).fill(Number.NaN);
  let withoutTouch = 0;

  /** Adds the touches at order positions lo..hi to the open path, aged against endMs. */
  const emit = (lo: number, hi: number, endMs: number): number => {
    if (maxTouches !== null) lo = Math.max(lo, hi - maxTouches + 1);
    for (let k = lo; k <= hi; k++) {
      const i = order[k];
      used[i] = 1;
      const t = touchpoints[i];
      builder.addTouch(channelOf[i], campaignOf[i], endMs - atMs[i], t.leadCreation === true, t.id ?? null);
    }
    return Math.max(0, hi - lo + 1);
  };

  for (const ci of convOrder) {
    const c = conversions[ci];
    const at = convAt[ci];
    builder.startPath(1, 0, c.value ?? 0, c.id);
    const k = personIndex.get(c.personId);
    let emitted = 0;
    if (k !== undefined) {
      const from = segment[k];
      const to = segment[k + 1];
      let lo = firstAtOrAfter(order, from, to, atMs, at - lookbackMs);
      const previous = lastConversionAt[k];
      if (options.resetAfterConversion === true && !Number.isNaN(previous)) {
        lo = Math.max(lo, firstAfter(order, from, to, atMs, previous));
      }
      emitted = emit(lo, firstAfter(order, from, to, atMs, at) - 1, at);
      lastConversionAt[k] = at;
    }
    if (emitted === 0) withoutTouch++;
    builder.endPath();
  }

  let nonConverting = 0;
  if (options.includeNonConverting ?? true) {
    const byName = personNames.map((_, k) => k).sort((a, b) => compareText(personNames[a], personNames[b]));
    for (const k of byName) {
      const from = segment[k];
      const to = segment[k + 1];
      const last = lastConversionAt[k];
      const first = Number.isNaN(last) ? from : firstAfter(order, from, to, atMs, last);
      if (first >= to) continue;
      const end = atMs[order[to - 1]];
      const lo = Math.max(first, firstAtOrAfter(order, from, to, atMs, end - lookbackMs));
      builder.startPath(0, 1, 0, null);
      emit(lo, to - 1, end);
      builder.endPath();
      nonConverting++;
    }
  }

  let touchpointsUsed = 0;
  for (let i = 0; i < n; i++) touchpointsUsed += used[i];
  return {
    paths: builder.build(),
    stats: {
      conversions: conversions.length,
      conversionsWithoutTouch: withoutTouch,
      nonConvertingJourneys: nonConverting,
      touchpoints: n,
      touchpointsUsed,
    },
  };
}

function toMs(at: number | Date, what: string): number {
  const ms = at instanceof Date ? at.getTime() : at;
  if (typeof ms !== 'number' || !Number.isFinite(ms))
    fail('invalid-argument', `Every ${what} needs a valid time.`);
  return ms;
}

function personKey(personId: string, what: string): string {
  if (typeof personId !== 'string' || personId === '')
    fail('invalid-argument', `Every ${what} needs a person id.`);
  return personId;
}

/** First position in order[from, to) (sorted by time) whose time is ≥ t. */
function firstAtOrAfter(order: Int32Array, from: number, to: number, atMs: Float64Array, t: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (atMs[order[mid]] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First position in order[from, to) (sorted by time) whose time is > t. */
function firstAfter(order: Int32Array, from: number, to: number, atMs: Float64Array, t: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (atMs[order[mid]] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
