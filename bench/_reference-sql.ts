/**
 * The straightforward SQL for each analysis of the analytics benchmark, run on
 * native PostgreSQL and on DuckDB over the plain tables of
 * bench/_bench-workspace.ts (timestamps in UTC). Each is what an analyst would
 * write first; the same text runs on both engines.
 */
export const REFERENCE_QUERIES: Record<string, string> = {
  // Monthly acquisition cohorts by first order; a person counts in month k when they ordered in it.
  retention: `
    WITH o AS (SELECT customer_id, date_trunc('month', ordered_at) AS m FROM orders),
         f AS (SELECT customer_id, min(m) AS c FROM o GROUP BY customer_id),
         a AS (SELECT DISTINCT customer_id, m FROM o)
    SELECT f.c AS cohort,
           ((EXTRACT(year FROM a.m) - EXTRACT(year FROM f.c)) * 12 + EXTRACT(month FROM a.m) - EXTRACT(month FROM f.c))::int AS k,
           count(*) AS people
      FROM f JOIN a USING (customer_id)
     GROUP BY 1, 2 ORDER BY 1, 2`,
  // Revenue and orders per acquisition cohort and month.
  revenueCohorts: `
    WITH f AS (SELECT customer_id, date_trunc('month', min(ordered_at)) AS c FROM orders GROUP BY customer_id)
    SELECT f.c AS cohort,
           ((EXTRACT(year FROM o.ordered_at) - EXTRACT(year FROM f.c)) * 12 + EXTRACT(month FROM o.ordered_at) - EXTRACT(month FROM f.c))::int AS k,
           sum(o.order_total) AS revenue, count(*) AS orders, count(DISTINCT o.customer_id) AS buyers
      FROM orders o JOIN f USING (customer_id)
     GROUP BY 1, 2 ORDER BY 1, 2`,
  // page_view → add_to_cart → checkout → purchase, each step after the previous one, all within 7 days of
  // the person's first page view.
  funnel: `
    WITH s1 AS (SELECT customer_id, min(occurred_at) AS t1 FROM events WHERE event_type = 'page_view' GROUP BY customer_id),
         s2 AS (SELECT s1.customer_id, s1.t1, min(e.occurred_at) AS t2 FROM s1 JOIN events e
                  ON e.customer_id = s1.customer_id AND e.event_type = 'add_to_cart'
                 AND e.occurred_at >= s1.t1 AND e.occurred_at <= s1.t1 + INTERVAL '7 days' GROUP BY 1, 2),
         s3 AS (SELECT s2.customer_id, s2.t1, min(e.occurred_at) AS t3 FROM s2 JOIN events e
                  ON e.customer_id = s2.customer_id AND e.event_type = 'checkout'
                 AND e.occurred_at >= s2.t2 AND e.occurred_at <= s2.t1 + INTERVAL '7 days' GROUP BY 1, 2),
         s4 AS (SELECT DISTINCT s3.customer_id FROM s3 JOIN events e
                  ON e.customer_id = s3.customer_id AND e.event_type = 'purchase'
                 AND e.occurred_at >= s3.t3 AND e.occurred_at <= s3.t1 + INTERVAL '7 days')
    SELECT (SELECT count(*) FROM s1) AS step1, (SELECT count(*) FROM s2) AS step2,
           (SELECT count(*) FROM s3) AS step3, (SELECT count(*) FROM s4) AS step4`,
  // Every campaign's delivery figures.
  campaignPerformance: `
    SELECT c.id, c.name, count(d.campaign_id) AS sent,
           count(*) FILTER (WHERE d.status = 'delivered') AS delivered,
           count(*) FILTER (WHERE d.status = 'bounced') AS bounced,
           count(d.opened_at) AS opened, count(d.first_click_at) AS clicked
      FROM campaigns c LEFT JOIN deliveries d ON d.campaign_id = c.id
     GROUP BY c.id, c.name ORDER BY c.name`,
  // Five conditions: country, joined after a date, viewed a page in the last 90 days, opened any email,
  // at least two orders.
  segmentCount: `
    SELECT count(*) AS people FROM customers c
     WHERE c.country = 'GB'
       AND c.first_seen_at >= TIMESTAMP '2023-07-01 00:00:00'
       AND EXISTS (SELECT 1 FROM events e WHERE e.customer_id = c.id AND e.event_type = 'page_view'
                     AND e.occurred_at >= TIMESTAMP '2024-10-03 00:00:00')
       AND EXISTS (SELECT 1 FROM deliveries d WHERE d.customer_id = c.id AND d.opened_at IS NOT NULL)
       AND (SELECT count(*) FROM orders o WHERE o.customer_id = c.id) >= 2`,
};
