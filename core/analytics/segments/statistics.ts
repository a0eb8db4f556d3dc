import type { WorkspaceDb } from '../../db/workspace-db';
import type { SegmentStatistics } from '../../api/segments';
import { loadSegment, numeric, text } from './store';

/** The figures of one segment's active members; `segment` is the SQL for its id. */
export function statisticsSql(segment: string): string {
  return `SELECT a.size, a.churned, a.unsubscribed, a.revenue, a.orders, a.avg_engagement,
       CASE WHEN a.size = 0 THEN NULL WHEN a.has_ltv THEN 'lifetime_value' ELSE 'total_revenue' END AS ltv_basis,
       CASE WHEN a.has_ltv THEN a.avg_ltv ELSE a.avg_revenue END AS avg_ltv,
       a.revenue / nullif(a.orders, 0) AS aov,
       a.churned::numeric / nullif(a.size, 0) AS churn_rate,
       a.unsubscribed::numeric / nullif(a.size, 0) AS unsubscribe_rate
  FROM (SELECT count(*)::int AS size,
               coalesce(bool_or(coalesce(c.lifetime_value, 0) <> 0), false) AS has_ltv,
               avg(coalesce(c.lifetime_value, 0)) AS avg_ltv,
               avg(coalesce(c.total_revenue, 0)) AS avg_revenue,
               coalesce(sum(c.total_revenue), 0) AS revenue,
               coalesce(sum(c.total_orders), 0)::int AS orders,
               avg(c.engagement_score) AS avg_engagement,
               count(*) FILTER (WHERE c.customer_status = 'churned' OR c.lifecycle_stage = 'churned')::int AS churned,
               count(*) FILTER (WHERE c.contact_status = 'unsubscribed')::int AS unsubscribed
          FROM segment_memberships m
          JOIN customers c ON c.id = m.customer_id
         WHERE m.segment_id = ${segment} AND m.is_active) a`;
}

/** Stores the figures on the segment row (cdp-schema.md's "computed statistics"). */
export function storeStatisticsSql(segment: string): string {
  return `UPDATE segments s
     SET average_ltv = coalesce(st.avg_ltv, 0),
         average_order_value = coalesce(st.aov, 0),
         average_engagement_score = coalesce(st.avg_engagement, 0),
         churn_rate = coalesce(st.churn_rate, 0)
    FROM (${statisticsSql(segment)}) st
   WHERE s.id = ${segment}`;
}

export async function segmentStatistics(db: WorkspaceDb, id: string): Promise<SegmentStatistics> {
  const segment = await loadSegment(db, id);
  const r = await db.queryReadOnly(statisticsSql('$1::uuid'), [segment.id]);
  const row = r.rows[0] ?? {};
  const basis = text(row['ltv_basis']);
  return {
    id: segment.id,
    name: segment.name,
    type: segment.type,
    size: numeric(row['size']) ?? 0,
    previousSize: segment.lastCustomerCount,
    change: segment.customerCountChange,
    lastRefreshedAt: segment.lastRefreshedAt,
    averageLtv: numeric(row['avg_ltv']),
    ltvBasis: basis === 'lifetime_value' || basis === 'total_revenue' ? basis : null,
    averageOrderValue: numeric(row['aov']),
    averageEngagementScore: numeric(row['avg_engagement']),
    churned: numeric(row['churned']) ?? 0,
    churnRate: numeric(row['churn_rate']),
    unsubscribed: numeric(row['unsubscribed']) ?? 0,
    unsubscribeRate: numeric(row['unsubscribe_rate']),
    totalRevenue: numeric(row['revenue']) ?? 0,
    totalOrders: numeric(row['orders']) ?? 0,
  };
}
