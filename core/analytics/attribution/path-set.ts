import { fail } from '../../errors';
import { MS_PER_DAY, NO_CAMPAIGN, NO_TOUCH_CHANNEL } from './types';
import type { PathSet } from './types';

/** One touch as handed to the builder. */
export interface BuilderTouch {
  channel: string;
  campaign: string | null;
  /** Milliseconds from the touch to the end of its path. */
  ageMs: number;
  leadCreation: boolean;
  id: string | null;
}

/**
 * Collects paths into the compact columnar PathSet. Channel and campaign names are
 * interned while adding and sorted at build time, so the same paths always give
 * the same indexes whatever order names were first seen in.
 */
export class PathSetBuilder {
  private readonly channelIndex = new Map<string, number>();
  private readonly campaignIndex = new Map<string, number>();
  private readonly channelNames: string[] = [];
  private readonly campaignNames: string[] = [];
  private pathCount = 0;
  private touchCount = 0;
  private pathStart = new Uint32Array(1024);
  private conversions = new Float64Array(1024);
  private nonConversions = new Float64Array(1024);
  private value = new Float64Array(1024);
  private touchChannel = new Uint16Array(4096);
  private touchCampaign = new Uint32Array(4096);
  private touchAgeMs = new Float64Array(4096);
  private touchLead = new Uint8Array(4096);
  private readonly conversionIds: (string | null)[] = [];
  private readonly touchIds: (string | null)[] = [];
  private anyConversionId = false;
  private anyTouchId = false;

  private openConversions = -1;

  /** Index of a channel name, for addTouch. */
  channelId(name: string): number {
    return this.intern(this.channelIndex, this.channelNames, name, 0xffff);
  }

  /** Index of a campaign name (null: no campaign), for addTouch. */
  campaignId(name: string | null): number {
    return this.intern(this.campaignIndex, this.campaignNames, name ?? NO_CAMPAIGN, 0xffffffff);
  }

  /** Opens a path; add its touches oldest first with addTouch, then close it with endPath. */
  startPath(conversions: number, nonConversions: number, value: number, conversionId: string | null): void {
    if (this.openConversions >= 0) fail('internal', 'A path is already open.');
    if (!(Number.isFinite(conversions) && conversions >= 0)) {
      fail('invalid-argument', 'A path needs a conversion count of zero or more.', { conversions });
    }
    if (!(Number.isFinite(nonConversions) && nonConversions >= 0)) {
      fail('invalid-argument', 'A path needs a non-conversion count of zero or more.', { nonConversions });
    }
    if (!Number.isFinite(value))
      fail('invalid-argument', 'A conversion value must be a finite number.', { value });
    if (conversions === 0 && nonConversions === 0) {
      fail(
        'invalid-argument',
        'A path must stand for at least one conversion or one non-converting journey.',
      );
    }
    if (conversions === 0 && value !== 0) {
      fail('invalid-argument', 'A journey that did not convert cannot carry a conversion value.', { value });
    }
    this.reservePaths(this.pathCount + 1);
    const p = this.pathCount;
    this.pathStart[p] = this.touchCount;
    this.conversions[p] = conversions;
    this.nonConversions[p] = nonConversions;
    this.value[p] = value;
    this.conversionIds.push(conversionId);
    if (conversionId !== null) this.anyConversionId = true;
    this.openConversions = conversions;
  }

  addTouch(channel: number, campaign: number, ageMs: number, leadCreation: boolean, id: string | null): void {
    if (this.openConversions < 0) fail('internal', 'No path is open.');
    if (!(Number.isFinite(ageMs) && ageMs >= 0)) {
      fail('invalid-argument', 'A touch cannot come after the end of its path.', { ageMs });
    }
    this.reserveTouches(this.touchCount + 1);
    const i = this.touchCount++;
    this.touchChannel[i] = channel;
    this.touchCampaign[i] = campaign;
    this.touchAgeMs[i] = ageMs;
    this.touchLead[i] = leadCreation ? 1 : 0;
    this.touchIds.push(id);
    if (id !== null) this.anyTouchId = true;
  }

  /**
   * Closes the open path. A converting path without touches gets a single touch
   * of the channel '(none)' at the conversion, so every conversion is credited somewhere.
   */
  endPath(): void {
    if (this.openConversions < 0) fail('internal', 'No path is open.');
    if (this.touchCount === this.pathStart[this.pathCount]) {
      if (this.openConversions === 0) {
        fail('invalid-argument', 'A journey that did not convert needs at least one touch.');
      }
      this.addTouch(this.channelId(NO_TOUCH_CHANNEL), this.campaignId(null), 0, false, null);
    }
    this.openConversions = -1;
    this.pathCount++;
    this.pathStart[this.pathCount] = this.touchCount;
  }

  /** Adds one whole path (see startPath and endPath). */
  addPath(
    touches: readonly BuilderTouch[],
    conversions: number,
    nonConversions: number,
    value: number,
    conversionId: string | null,
  ): void {
    this.startPath(conversions, nonConversions, value, conversionId);
    for (const t of touches) {
      this.addTouch(this.channelId(t.channel), this.campaignId(t.campaign), t.ageMs, t.leadCreation, t.id);
    }
    this.endPath();
  }

  build(): PathSet {
    if (this.openConversions >= 0) fail('internal', 'A path is still open.');
    const channelOrder = sortedRemap(this.channelNames);
    const campaignOrder = sortedRemap(this.campaignNames);
    const n = this.touchCount;
    const touchChannel = new Uint16Array(n);
    const touchCampaign = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      touchChannel[i] = channelOrder.remap[this.touchChannel[i]];
      touchCampaign[i] = campaignOrder.remap[this.touchCampaign[i]];
    }
    const pc = this.pathCount;
    return {
      channels: channelOrder.names,
      campaigns: campaignOrder.names,
      pathCount: pc,
      pathStart: this.pathStart.slice(0, pc + 1),
      conversions: this.conversions.slice(0, pc),
      nonConversions: this.nonConversions.slice(0, pc),
      value: this.value.slice(0, pc),
      touchChannel,
      touchCampaign,
      touchAgeMs: this.touchAgeMs.slice(0, n),
      touchLead: this.touchLead.slice(0, n),
      conversionIds: this.anyConversionId ? this.conversionIds.slice() : null,
      touchIds: this.anyTouchId ? this.touchIds.slice() : null,
    };
  }

  private intern(index: Map<string, number>, names: string[], name: string, max: number): number {
    let i = index.get(name);
    if (i === undefined) {
      if (names.length >= max) fail('invalid-argument', `Too many distinct names (more than ${max}).`);
      i = names.length;
      index.set(name, i);
      names.push(name);
    }
    return i;
  }

  private reservePaths(count: number): void {
    if (count + 1 <= this.pathStart.length) return;
    const size = Math.max(count + 1, this.pathStart.length * 2);
    this.pathStart = grow(this.pathStart, new Uint32Array(size));
    this.conversions = grow(this.conversions, new Float64Array(size));
    this.nonConversions = grow(this.nonConversions, new Float64Array(size));
    this.value = grow(this.value, new Float64Array(size));
  }

  private reserveTouches(count: number): void {
    if (count <= this.touchChannel.length) return;
    const size = Math.max(count, this.touchChannel.length * 2);
    this.touchChannel = grow(this.touchChannel, new Uint16Array(size));
    this.touchCampaign = grow(this.touchCampaign, new Uint32Array(size));
    this.touchAgeMs = grow(this.touchAgeMs, new Float64Array(size));
    this.touchLead = grow(this.touchLead, new Uint8Array(size));
  }
}

function grow<T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** Code-unit order, so results never depend on the machine's locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedRemap(names: readonly string[]): { names: string[]; remap: Uint32Array } {
  const order = names.map((_, i) => i).sort((a, b) => compareText(names[a], names[b]));
  const remap = new Uint32Array(names.length);
  order.forEach((oldIndex, newIndex) => {
    remap[oldIndex] = newIndex;
  });
  return { names: order.map((i) => names[i]), remap };
}

/** One touch of a hand-written or SQL-aggregated journey. */
export interface JourneyTouch {
  channel: string;
  campaign?: string | null;
  /** Days from the touch to the conversion (or to the end of the journey). Default 0. */
  daysBefore?: number;
  leadCreation?: boolean;
  id?: string | null;
}

/**
 * A path given directly as a channel sequence, e.g. from a SQL query that already
 * aggregated identical journeys: `{ touches: ['Email', 'Paid Search'], conversions: 6, value: 420 }`.
 */
export interface Journey {
  touches: readonly (string | JourneyTouch)[];
  conversions?: number;
  nonConversions?: number;
  value?: number;
  id?: string | null;
}

export function pathSetFromJourneys(journeys: readonly Journey[]): PathSet {
  const builder = new PathSetBuilder();
  for (const j of journeys) {
    const touches: BuilderTouch[] = j.touches.map((t) =>
      typeof t === 'string'
        ? { channel: t, campaign: null, ageMs: 0, leadCreation: false, id: null }
        : {
            channel: t.channel,
            campaign: t.campaign ?? null,
            ageMs: (t.daysBefore ?? 0) * MS_PER_DAY,
            leadCreation: t.leadCreation ?? false,
            id: t.id ?? null,
          },
    );
    builder.addPath(touches, j.conversions ?? 0, j.nonConversions ?? 0, j.value ?? 0, j.id ?? null);
  }
  return builder.build();
}

/**
 * Checks a PathSet built elsewhere (a benchmark generator, a cache) before the
 * models index into it: lengths, offsets, index ranges and counts.
 */
export function assertPathSet(ps: PathSet): void {
  const bad = (message: string): never => fail('invalid-argument', `Invalid path set: ${message}`);
  const n = ps.pathCount;
  if (!Number.isInteger(n) || n < 0) bad('path count must be a whole number.');
  if (ps.pathStart.length !== n + 1) bad('pathStart must have pathCount + 1 entries.');
  if (ps.conversions.length !== n || ps.nonConversions.length !== n || ps.value.length !== n) {
    bad('per-path arrays must have pathCount entries.');
  }
  const t = ps.pathStart[n] ?? 0;
  if (ps.pathStart[0] !== 0) bad('the first path must start at touch 0.');
  if (
    ps.touchChannel.length < t ||
    ps.touchCampaign.length < t ||
    ps.touchAgeMs.length < t ||
    ps.touchLead.length < t
  ) {
    bad('touch arrays are shorter than the last path end.');
  }
  if (new Set(ps.channels).size !== ps.channels.length) bad('channel names must be unique.');
  if (new Set(ps.campaigns).size !== ps.campaigns.length) bad('campaign names must be unique.');
  if (ps.conversionIds !== null && ps.conversionIds.length !== n)
    bad('conversionIds must have one entry per path.');
  if (ps.touchIds !== null && ps.touchIds.length < t) bad('touchIds must have one entry per touch.');
  for (let p = 0; p < n; p++) {
    if (ps.pathStart[p + 1] <= ps.pathStart[p]) bad(`path ${p} has no touch.`);
    const c = ps.conversions[p];
    const u = ps.nonConversions[p];
    if (!(c >= 0 && u >= 0 && c + u > 0 && Number.isFinite(c) && Number.isFinite(u)))
      bad(`path ${p} has an invalid count.`);
    if (!Number.isFinite(ps.value[p])) bad(`path ${p} has an invalid value.`);
  }
  const channelCount = ps.channels.length;
  const campaignCount = ps.campaigns.length;
  for (let i = 0; i < t; i++) {
    if (ps.touchChannel[i] >= channelCount) bad(`touch ${i} names an unknown channel.`);
    if (ps.touchCampaign[i] >= campaignCount) bad(`touch ${i} names an unknown campaign.`);
    const age = ps.touchAgeMs[i];
    if (!(age >= 0 && Number.isFinite(age))) bad(`touch ${i} has an invalid age.`);
  }
}

export function maxPathLength(ps: PathSet): number {
  let max = 0;
  for (let p = 0; p < ps.pathCount; p++) max = Math.max(max, ps.pathStart[p + 1] - ps.pathStart[p]);
  return max;
}

/** Sums of conversions and value over converting paths. */
export function pathSetTotals(ps: PathSet): { conversions: number; value: number } {
  let conversions = 0;
  let value = 0;
  for (let p = 0; p < ps.pathCount; p++) {
    if (ps.conversions[p] > 0) {
      conversions += ps.conversions[p];
      value += ps.value[p];
    }
  }
  return { conversions, value };
}

/** Paths grouped by identical channel sequence. */
export interface SequenceGroups {
  /** Group of each path. */
  groupOf: Int32Array;
  /** First path of each group (its sequence stands for the group). */
  firstPath: Int32Array;
  conversions: Float64Array;
  nonConversions: Float64Array;
  value: Float64Array;
}

/**
 * Groups paths with the same channel sequence through an open-addressing hash
 * table over typed arrays: no per-path string keys, so millions of paths group in
 * well under a second.
 */
export function groupSequences(ps: PathSet): SequenceGroups {
  const { pathCount, pathStart, touchChannel } = ps;
  let capacity = 16;
  while (capacity < pathCount * 2) capacity *= 2;
  const mask = capacity - 1;
  const slots = new Int32Array(capacity).fill(-1);
  const groupOf = new Int32Array(pathCount);
  const first: number[] = [];
  const same = (a: number, b: number): boolean => {
    const la = pathStart[a + 1] - pathStart[a];
    if (pathStart[b + 1] - pathStart[b] !== la) return false;
    for (let i = 0; i < la; i++)
      if (touchChannel[pathStart[a] + i] !== touchChannel[pathStart[b] + i]) return false;
    return true;
  };
  for (let p = 0; p < pathCount; p++) {
    let h = 0x811c9dc5;
    for (let i = pathStart[p]; i < pathStart[p + 1]; i++)
      h = Math.imul(h ^ (touchChannel[i] + 1), 0x01000193);
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const g = slots[slot];
      if (g < 0) {
        slots[slot] = first.length;
        groupOf[p] = first.length;
        first.push(p);
        break;
      }
      if (same(first[g], p)) {
        groupOf[p] = g;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  const groups = first.length;
  const conversions = new Float64Array(groups);
  const nonConversions = new Float64Array(groups);
  const value = new Float64Array(groups);
  for (let p = 0; p < pathCount; p++) {
    const g = groupOf[p];
    conversions[g] += ps.conversions[p];
    nonConversions[g] += ps.nonConversions[p];
    if (ps.conversions[p] > 0) value[g] += ps.value[p];
  }
  return { groupOf, firstPath: Int32Array.from(first), conversions, nonConversions, value };
}
