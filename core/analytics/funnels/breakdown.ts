import type { Activity } from '../activity/types';
import type { CountedAttempts } from './counted';
import type { FunnelPlan } from './plan';
import { funnelTable } from './table';
import type { FunnelBreakdownRow } from './types';

export const NONE_LABEL = '(none)';

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Most people at step 1 first, then by label, then by key ('(none)' has key null and goes first among equals). */
export function compareRows(a: FunnelBreakdownRow, b: FunnelBreakdownRow): number {
  if (a.entered !== b.entered) return b.entered - a.entered;
  const byLabel = compareText(a.label, b.label);
  if (byLabel !== 0) return byLabel;
  if (a.key === b.key) return 0;
  if (a.key === null) return -1;
  if (b.key === null) return 1;
  return compareText(a.key, b.key);
}

/** Dictionary index of each counted attempt's breakdown value (−1 when it has none). */
function valueOf(
  activity: Activity,
  counted: CountedAttempts,
  row: number,
  by: 'campaign' | 'channel' | 'country',
): number {
  if (by === 'country') return activity.people.country[counted.person[row] as number] as number;
  const source = counted.anchorSource[row] as number;
  if (source < 0) return -1;
  return (by === 'campaign' ? activity.events.campaign[source] : activity.events.channel[source]) as number;
}

export function breakdownRows(
  activity: Activity,
  plan: FunnelPlan,
  counted: CountedAttempts,
  scratch: Float64Array,
): FunnelBreakdownRow[] | null {
  const breakdown = plan.breakdown;
  if (breakdown === null) return null;
  const rows: FunnelBreakdownRow[] = [];
  const members = new Int32Array(counted.size);

  if (breakdown.by === 'segments') {
    const inAny = new Uint8Array(counted.size);
    for (const segment of breakdown.segments) {
      let count = 0;
      for (let row = 0; row < counted.size; row++) {
        if (segment.mask[counted.person[row] as number] !== 0) {
          members[count++] = row;
          inAny[row] = 1;
        }
      }
      rows.push({
        key: segment.name,
        label: segment.name,
        ...funnelTable(plan, counted, members, count, scratch),
      });
    }
    let none = 0;
    for (let row = 0; row < counted.size; row++) if (inAny[row] === 0) members[none++] = row;
    if (none > 0)
      rows.push({ key: null, label: NONE_LABEL, ...funnelTable(plan, counted, members, none, scratch) });
    return rows.sort(compareRows);
  }

  const by = breakdown.by;
  const keys =
    by === 'campaign'
      ? activity.campaigns.ids
      : by === 'channel'
        ? activity.events.channels
        : activity.people.countries.names;
  const labels =
    by === 'campaign'
      ? activity.campaigns.names.map((name, i) => name || (activity.campaigns.ids[i] as string))
      : by === 'channel'
        ? activity.events.channels
        : activity.people.countries.names;
  // Counting sort by value (slot 0 is "none"), so each group's rows are contiguous.
  const slotCount = keys.length + 1;
  const offsets = new Int32Array(slotCount + 1);
  for (let row = 0; row < counted.size; row++) offsets[valueOf(activity, counted, row, by) + 2]++;
  for (let s = 0; s < slotCount; s++) offsets[s + 1] += offsets[s] as number;
  const fill = offsets.slice(0, slotCount);
  for (let row = 0; row < counted.size; row++) {
    const slot = valueOf(activity, counted, row, by) + 1;
    members[fill[slot] as number] = row;
    fill[slot]++;
  }
  for (let slot = 0; slot < slotCount; slot++) {
    const begin = offsets[slot] as number;
    const count = (offsets[slot + 1] as number) - begin;
    if (count === 0) continue;
    const group = members.subarray(begin, begin + count);
    const table = funnelTable(plan, counted, group, count, scratch);
    rows.push(
      slot === 0
        ? { key: null, label: NONE_LABEL, ...table }
        : { key: keys[slot - 1] as string, label: labels[slot - 1] as string, ...table },
    );
  }
  return rows.sort(compareRows);
}
