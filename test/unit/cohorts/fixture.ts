import { buildActivity } from '../../../core/analytics/activity/build';
import type { Activity } from '../../../core/analytics/activity/types';
import type { CohortCell, CohortResult } from '../../../core/analytics/cohorts';

/**
 * Four people, months in UTC, data ending 2024-04-15 (April incomplete).
 *   A: orders 10 (Jan 10), 20 (Feb 5), 40 (Apr 1)          → January cohort, returns in months 1 and 3
 *   B: orders 5 (Jan 31 23:59:59.999), 7 (Mar 15)          → January cohort, returns in month 2
 *   C: orders 100 (Feb 1 00:00, on the boundary), 1 (Feb 20); a visit on Mar 3 → February cohort
 *   D: no order; a visit on Mar 1                          → no first order
 */
export function shop(): Activity {
  return buildActivity({
    timeZone: 'UTC',
    takenAt: Date.parse('2024-04-15T00:00:00Z'),
    people: [
      { id: 'A', firstSeenAt: '2024-01-02T00:00:00Z' },
      { id: 'B', firstSeenAt: '2024-01-20T00:00:00Z' },
      { id: 'C', firstSeenAt: '2024-01-25T00:00:00Z' },
      { id: 'D', firstSeenAt: '2024-02-10T00:00:00Z' },
    ],
    events: [
      { personId: 'C', at: '2024-03-03T10:00:00Z', type: 'visit' },
      { personId: 'D', at: '2024-03-01T10:00:00Z', type: 'visit' },
    ],
    orders: [
      { personId: 'A', at: '2024-01-10T00:00:00Z', revenue: 10 },
      { personId: 'A', at: '2024-02-05T00:00:00Z', revenue: 20 },
      { personId: 'A', at: '2024-04-01T00:00:00Z', revenue: 40 },
      { personId: 'B', at: '2024-01-31T23:59:59.999Z', revenue: 5 },
      { personId: 'B', at: '2024-03-15T00:00:00Z', revenue: 7 },
      { personId: 'C', at: '2024-02-01T00:00:00Z', revenue: 100 },
      { personId: 'C', at: '2024-02-20T00:00:00Z', revenue: 1 },
    ],
  });
}

/** [label, size, active per period] of every cohort. */
export function actives(r: CohortResult): [string, number, number[]][] {
  return r.cohorts.map((c) => [c.label, c.size, c.cells.map((x) => x.active)]);
}

export function pick<K extends keyof CohortCell>(r: CohortResult, key: K): [string, CohortCell[K][]][] {
  return r.cohorts.map((c) => [c.label, c.cells.map((x) => x[key])]);
}
