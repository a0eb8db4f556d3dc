import type { Statement } from '../db/worker-protocol';
import type { Random } from './random';
import type { DemoTables } from './rows';
import { DAY_MS, iso } from './tables';

interface SegmentSpec {
  name: string;
  description: string;
  criteria: Record<string, unknown>;
  /** Who belongs, as a condition on `customers`; `$1` is the moment the segment is evaluated. */
  condition: string;
  /** The same condition as a standing definition, evaluated whenever the segment is refreshed. */
  standing: string;
}

const rule = (field: string, operator: string, value: unknown) => ({ field, operator, value });

/** A few segments a marketer would keep for the shop, evaluated at the demo's `now`. */
export const SEGMENTS: readonly SegmentSpec[] = [
  {
    name: 'VIP clients',
    description: 'Customers with $5,000 or more in delivered orders.',
    criteria: { conditions: [rule('total_revenue', '>=', 5000)], logic: 'AND' },
    condition: 'c.total_revenue >= 5000',
    standing: 'total_revenue >= 5000',
  },
  {
    name: 'Repeat buyers',
    description: 'Customers with two or more delivered orders.',
    criteria: { conditions: [rule('total_orders', '>=', 2)], logic: 'AND' },
    condition: 'c.total_orders >= 2',
    standing: 'total_orders >= 2',
  },
  {
    name: 'Lapsed buyers',
    description: 'Buyers not seen for 120 days.',
    criteria: {
      conditions: [rule('total_orders', '>=', 1), rule('last_seen_at', 'older_than_days', 120)],
      logic: 'AND',
    },
    condition: "c.total_orders >= 1 AND c.last_seen_at < $1::timestamptz - interval '120 days'",
    standing: "total_orders >= 1 AND last_seen_at < now() - interval '120 days'",
  },
  {
    name: 'New this month',
    description: 'People first seen in the last 30 days.',
    criteria: { conditions: [rule('first_seen_at', 'within_days', 30)], logic: 'AND' },
    condition: "c.first_seen_at >= $1::timestamptz - interval '30 days'",
    standing: "first_seen_at >= now() - interval '30 days'",
  },
  {
    name: 'Newsletter subscribers',
    description: 'Subscribed and reachable by email.',
    criteria: {
      conditions: [rule('email_opt_in', '=', true), rule('contact_status', '=', 'active')],
      logic: 'AND',
    },
    condition: "c.email_opt_in AND c.contact_status = 'active'",
    standing: "email_opt_in AND contact_status = 'active'",
  },
];

/** The segment rows; their members are computed in the database once the people are loaded. */
export function addSegments(tables: DemoTables, ids: Random, now: number): string[] {
  return SEGMENTS.map((s, i) => {
    const id = ids.uuid();
    const created = now - (60 - i) * DAY_MS;
    tables.segments.add({
      id,
      name: s.name,
      description: s.description,
      segment_type: 'dynamic',
      criteria: s.criteria,
      sql_query: `SELECT id FROM customers WHERE ${s.standing}`,
      refresh_frequency: 'daily',
      last_refreshed_at: iso(now),
      is_active: true,
      created_at: iso(created),
      updated_at: iso(now),
    });
    return id;
  });
}

/**
 * Fills each segment from the loaded people (so membership follows the order
 * totals the database computed) and records its size and averages. Membership
 * ids derive from the segment and the person, so they are the same on every build.
 */
export function segmentStatements(segmentIds: readonly string[], now: number): Statement[] {
  const at = iso(now);
  const out: Statement[] = [];
  SEGMENTS.forEach((s, i) => {
    const id = segmentIds[i];
    if (!id) return;
    out.push({
      sql: `INSERT INTO segment_memberships (id, segment_id, customer_id, added_at, first_qualified_at, is_active, updated_at)
            SELECT md5($2 || ':' || c.id::text)::uuid, $2::uuid, c.id, $1::timestamptz, $1::timestamptz, true, $1::timestamptz
              FROM customers c
             WHERE ${s.condition}`,
      params: [at, id],
    });
  });
  out.push({
    sql: `UPDATE segments s
             SET customer_count = m.n, last_customer_count = m.n, average_ltv = m.ltv, average_order_value = m.aov
            FROM (SELECT sm.segment_id, count(*)::integer AS n,
                         round(coalesce(avg(c.total_revenue), 0), 2) AS ltv,
                         round(coalesce(avg(c.average_order_value) FILTER (WHERE c.total_orders > 0), 0), 2) AS aov
                    FROM segment_memberships sm JOIN customers c ON c.id = sm.customer_id
                   GROUP BY sm.segment_id) m
           WHERE s.id = m.segment_id`,
  });
  return out;
}
