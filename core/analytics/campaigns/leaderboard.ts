import type { WorkspaceDb } from '../../db/workspace-db';
import { fail } from '../../errors';
import { compareDescNullLast, compareNullableText } from './metrics';
import { campaignPerformance } from './performance';
import type { PerformanceRow } from './types';
import type { LeaderboardEntry, LeaderboardMetric, LeaderboardOptions, LeaderboardResult } from './types';
export type { LeaderboardEntry, LeaderboardMetric, LeaderboardOptions, LeaderboardResult } from './types';

/**
 * campaign-performance.md's retailer leaderboard ("top-performing retailers by
 * click rate") and its regional breakdown. Ties are broken by revenue
 * (descending), then name, then id, so the order never depends on the data's
 * storage order. Deliveries and revenue without a retailer (or region) are not
 * ranked; they are reported as `unassigned`.
 */

const METRICS: readonly LeaderboardMetric[] = [
  'click_rate',
  'open_rate',
  'click_to_open_rate',
  'conversion_rate',
  'revenue',
];

function metricOf(row: PerformanceRow, metric: LeaderboardMetric): number | null {
  switch (metric) {
    case 'click_rate':
      return row.clickRate;
    case 'open_rate':
      return row.openRate;
    case 'click_to_open_rate':
      return row.clickToOpenRate;
    case 'conversion_rate':
      return row.conversionRate;
    case 'revenue':
      return row.revenue;
  }
}

export function compareLeaderboard(metric: LeaderboardMetric, by: 'retailer' | 'region') {
  return (a: PerformanceRow, b: PerformanceRow): number =>
    compareDescNullLast(metricOf(a, metric), metricOf(b, metric)) ||
    compareDescNullLast(a.revenue, b.revenue) ||
    (by === 'retailer'
      ? compareNullableText(a.key.retailerName, b.key.retailerName) ||
        compareNullableText(a.key.retailerId, b.key.retailerId)
      : compareNullableText(a.key.region, b.key.region));
}

export function rankRows(
  rows: readonly PerformanceRow[],
  metric: LeaderboardMetric,
  by: 'retailer' | 'region',
): LeaderboardEntry[] {
  return [...rows].sort(compareLeaderboard(metric, by)).map((r, i) => ({ ...r, rank: i + 1 }));
}

export async function retailerLeaderboard(
  db: WorkspaceDb,
  options: LeaderboardOptions = {},
): Promise<LeaderboardResult> {
  const by = options.by ?? 'retailer';
  if (by !== 'retailer' && by !== 'region') {
    fail('invalid-argument', 'Rank by retailer or by region.', { by: String(by) });
  }
  const rankBy = options.rankBy ?? 'click_rate';
  if (!METRICS.includes(rankBy)) {
    fail('invalid-argument', `Rank retailers by one of: ${METRICS.join(', ')}.`, { rankBy: String(rankBy) });
  }
  const { by: _by, rankBy: _rankBy, ...rest } = options;
  const perf = await campaignPerformance(db, { ...rest, groupBy: by });
  const keyed = (r: PerformanceRow): boolean => (by === 'retailer' ? r.key.retailerId : r.key.region) != null;
  const { rows, groupBy: _groupBy, ...common } = perf;
  return {
    ...common,
    by,
    rankBy,
    entries: rankRows(rows.filter(keyed), rankBy, by),
    unassigned: rows.find((r) => !keyed(r)) ?? null,
  };
}
