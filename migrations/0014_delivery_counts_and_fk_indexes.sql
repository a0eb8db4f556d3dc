-- Faster upkeep of campaign delivery totals, and indexes that keep deleting a
-- referenced row from scanning a large table once per deleted row.
--
-- 0005's loupe.count_deliveries_into_campaigns read a statement's transition
-- tables twice and recounted a campaign in full the first time it got
-- deliveries. The version below reads them once and, for a campaign getting its
-- first deliveries, takes the inserted rows as its totals (they are all it has);
-- the totals it keeps are the same.

-- What one statement changed in a campaign's delivery counts.
CREATE TYPE loupe.delivery_counts AS (
  campaign_id uuid, targeted bigint, sent bigint, delivered bigint, bounced bigint, opened bigint,
  clicked bigint, unsubscribed bigint, converted bigint, revenue numeric
);

-- Statement level, with transition tables, which are read once: each statement
-- adds what it inserted and subtracts what it deleted, so the cost follows the
-- rows changed, not the campaign's size, even when a loader writes one row per
-- statement. A campaign whose totals are still 'reported' has no counted
-- deliveries yet, so the rows a statement inserts are all it has: its totals
-- become exactly those (after an update or delete it is recounted instead).
CREATE OR REPLACE FUNCTION loupe.count_deliveries_into_campaigns() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  per_statement constant text := $q$
    SELECT campaign_id,
           %1$s * count(*) AS targeted,
           %1$s * count(*) FILTER (WHERE status IN ('sent', 'delivered', 'bounced', 'deferred')) AS sent,
           %1$s * count(*) FILTER (WHERE status = 'delivered') AS delivered,
           %1$s * count(*) FILTER (WHERE status = 'bounced') AS bounced,
           %1$s * count(*) FILTER (WHERE opened_at IS NOT NULL) AS opened,
           %1$s * count(*) FILTER (WHERE first_click_at IS NOT NULL) AS clicked,
           %1$s * count(*) FILTER (WHERE unsubscribed_at IS NOT NULL) AS unsubscribed,
           %1$s * count(*) FILTER (WHERE converted_at IS NOT NULL) AS converted,
           %1$s * coalesce(sum(conversion_value) FILTER (WHERE converted_at IS NOT NULL), 0) AS revenue
      FROM %2$I GROUP BY campaign_id $q$;
  changes text;
  deltas loupe.delivery_counts[];
  stale uuid[];
BEGIN
  changes := CASE TG_OP
    WHEN 'INSERT' THEN format(per_statement, 1, 'new_rows')
    WHEN 'DELETE' THEN format(per_statement, -1, 'old_rows')
    ELSE format(per_statement, 1, 'new_rows') || ' UNION ALL ' || format(per_statement, -1, 'old_rows')
  END;
  EXECUTE format(
    'SELECT array_agg(ROW(g.*)::loupe.delivery_counts)
       FROM (SELECT campaign_id, sum(targeted), sum(sent), sum(delivered), sum(bounced), sum(opened),
                    sum(clicked), sum(unsubscribed), sum(converted), sum(revenue)
               FROM (%s) ch GROUP BY campaign_id) g', changes)
    INTO deltas;
  IF deltas IS NULL THEN
    RETURN NULL;
  END IF;

  UPDATE campaigns c
     SET total_targeted = c.total_targeted + d.targeted, total_sent = c.total_sent + d.sent,
         total_delivered = c.total_delivered + d.delivered, total_bounced = c.total_bounced + d.bounced,
         total_opened = c.total_opened + d.opened, total_clicked = c.total_clicked + d.clicked,
         total_unsubscribed = c.total_unsubscribed + d.unsubscribed,
         total_converted = c.total_converted + d.converted,
         total_revenue_attributed = c.total_revenue_attributed + d.revenue
    FROM unnest(deltas) d
   WHERE c.id = d.campaign_id AND c.totals_source = 'deliveries'
     AND (d.targeted, d.sent, d.delivered, d.bounced, d.opened, d.clicked, d.unsubscribed, d.converted, d.revenue)
         IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0);

  IF TG_OP = 'INSERT' THEN
    UPDATE campaigns c
       SET totals_source = 'deliveries',
           total_targeted = d.targeted, total_sent = d.sent, total_delivered = d.delivered,
           total_bounced = d.bounced, total_opened = d.opened, total_clicked = d.clicked,
           total_unsubscribed = d.unsubscribed, total_converted = d.converted, total_revenue_attributed = d.revenue
      FROM unnest(deltas) d
     WHERE c.id = d.campaign_id AND c.totals_source <> 'deliveries';
  ELSE
    stale := ARRAY(SELECT c.id FROM campaigns c JOIN unnest(deltas) d ON d.campaign_id = c.id
                    WHERE c.totals_source <> 'deliveries');
    IF cardinality(stale) > 0 THEN
      PERFORM loupe.recount_campaign_deliveries(stale);
    END IF;
  END IF;
  RETURN NULL;
END
$$;

-- Deleting a delivery, event, order, content item or person sets the references
-- to it to NULL, and PostgreSQL finds them with one query per deleted row: without
-- an index each of those scans the referencing table (rolling back an import of
-- 27,000 deliveries took over eight minutes; with these, seconds). Partial, so rows
-- that link nothing cost nothing to load. IF NOT EXISTS: the import loader's
-- migration creates some of them too.
CREATE INDEX IF NOT EXISTS idx_customer_events_delivery ON customer_events (delivery_id) WHERE delivery_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_customer_events_content ON customer_events (content_id) WHERE content_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_touchpoints_event ON touchpoints (event_id) WHERE event_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_touchpoints_delivery ON touchpoints (delivery_id) WHERE delivery_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_touchpoints_order ON touchpoints (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_crm_conversions_email_send ON crm_conversions (email_send_id) WHERE email_send_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_crm_conversions_customer ON crm_conversions (customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_promotion_redemptions_order ON promotion_redemptions (order_id) WHERE order_id IS NOT NULL;
