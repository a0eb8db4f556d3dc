import { fail } from '../../errors';
import { createChannelGrouper } from './channel-grouping';
import type { ChannelGroupingOptions, ChannelSignals } from './channel-grouping';
import { PathSetBuilder, compareText } from './path-set';
import type { BuilderTouch } from './path-set';
import { MS_PER_DAY } from './types';
import type { PathSet } from './types';

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

export interface PathStats {
  conversions: number;
  /** Conversions with no touch in their window (credited to '(none)'). */
  conversionsWithoutTouch: number;
  nonConvertingJourneys: number;
  touchpoints: number;
  /** Touchpoints that fall in at least one path. */
  touchpointsUsed: number;
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

  const n = touchpoints.length;
  const atMs = new Float64Array(n);
  const channel: string[] = new Array<string>(n);
  const byPerson = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const t = touchpoints[i];
    atMs[i] = toMs(t.at, 'touchpoint');
    channel[i] = grouper.classify(t);
    const key = personKey(t.personId, 'touchpoint');
    let list = byPerson.get(key);
    if (list === undefined) {
      list = [];
      byPerson.set(key, list);
    }
    list.push(i);
  }
  for (const list of byPerson.values()) {
    list.sort(
      (a, b) =>
        atMs[a] - atMs[b] ||
        compareText(touchpoints[a].id ?? '', touchpoints[b].id ?? '') ||
        compareText(channel[a], channel[b]) ||
        compareText(touchpoints[a].campaign ?? '', touchpoints[b].campaign ?? '') ||
        a - b,
    );
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

  const builder = new PathSetBuilder();
  const used = new Uint8Array(n);
  const lastConversionAt = new Map<string, number>();
  let withoutTouch = 0;

  const emit = (list: readonly number[], lo: number, hi: number, endMs: number): BuilderTouch[] => {
    if (maxTouches !== null) lo = Math.max(lo, hi - maxTouches + 1);
    const touches: BuilderTouch[] = [];
    for (let k = lo; k <= hi; k++) {
      const i = list[k];
      used[i] = 1;
      const t = touchpoints[i];
      touches.push({
        channel: channel[i],
        campaign: t.campaign ?? null,
        ageMs: endMs - atMs[i],
        leadCreation: t.leadCreation === true,
        id: t.id ?? null,
      });
    }
    return touches;
  };

  for (const ci of convOrder) {
    const c = conversions[ci];
    const at = convAt[ci];
    const list = byPerson.get(c.personId) ?? [];
    const previous = lastConversionAt.get(c.personId);
    let lo = firstAtOrAfter(list, atMs, at - lookbackMs);
    if (options.resetAfterConversion === true && previous !== undefined) {
      lo = Math.max(lo, firstAfter(list, atMs, previous));
    }
    const hi = firstAfter(list, atMs, at) - 1;
    const touches = emit(list, lo, hi, at);
    if (touches.length === 0) withoutTouch++;
    builder.addPath(touches, 1, 0, c.value ?? 0, c.id);
    lastConversionAt.set(c.personId, at);
  }

  let nonConverting = 0;
  if (options.includeNonConverting ?? true) {
    const people = [...byPerson.keys()].sort(compareText);
    for (const person of people) {
      const list = byPerson.get(person) ?? [];
      const last = lastConversionAt.get(person);
      const start = last === undefined ? 0 : firstAfter(list, atMs, last);
      if (start >= list.length) continue;
      const hi = list.length - 1;
      const end = atMs[list[hi]];
      const lo = Math.max(start, firstAtOrAfter(list, atMs, end - lookbackMs));
      builder.addPath(emit(list, lo, hi, end), 0, 1, 0, null);
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

/** First position in the time-sorted list whose time is ≥ t. */
function firstAtOrAfter(list: readonly number[], atMs: Float64Array, t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (atMs[list[mid]] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First position in the time-sorted list whose time is > t. */
function firstAfter(list: readonly number[], atMs: Float64Array, t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (atMs[list[mid]] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
