import { buildActivity } from '../../../core/analytics/activity/build';
import type { ActivityRows } from '../../../core/analytics/activity/build';
import type { Activity } from '../../../core/analytics/activity/types';
import type { FunnelTable } from '../../../core/analytics/funnels';

export const T0 = Date.UTC(2024, 2, 1, 9, 0, 0);
export const MIN = 60_000;
export const DAY = 86_400_000;

/** A time `minutes` after T0. */
export const m = (minutes: number): number => T0 + minutes * MIN;

export type Rows = Omit<ActivityRows, 'timeZone'>;

export function activity(rows: Partial<Rows>): Activity {
  return buildActivity({ timeZone: 'UTC', people: [], events: [], orders: [], ...rows });
}

/** People ids p1 … pN. */
export function people(n: number, extra: (i: number) => { country?: string } = () => ({})): Rows['people'] {
  return Array.from({ length: n }, (_, i) => ({ id: `p${i + 1}`, ...extra(i + 1) }));
}

export function ev(
  personId: string,
  minutes: number,
  type: string,
  more: { campaignId?: string; channel?: string } = {},
): Rows['events'][number] {
  return { personId, at: m(minutes), type, ...more };
}

export function order(personId: string, minutes: number, revenue = 10): Rows['orders'][number] {
  return { personId, at: m(minutes), revenue };
}

export const counts = (table: FunnelTable): number[] => table.steps.map((s) => s.people);

/** Medians in minutes. */
export const medians = (table: FunnelTable): (number | null)[] =>
  table.steps.map((s) => (s.medianMsFromPrevious === null ? null : s.medianMsFromPrevious / MIN));
