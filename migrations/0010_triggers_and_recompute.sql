-- Behaviour the documents put in the database.
--
-- 1. Customer order metrics follow customer_orders on insert, update AND delete.
--    cdp-schema.md's trigger reads NEW on a DELETE (NULL there), so deleting an
--    order never lowered the totals, and it recounts per row. Here the triggers
--    are per statement over transition tables: a COPY of a million orders
--    recomputes each affected customer once.
-- 2. Changes to customers, campaigns and segments are written to activity_logs
--    with old and new values (the audit triggers of marketing-analytics-design.md
--    and crm-design.md), also per statement.
-- 3. Functions that rebuild stored totals from the detail rows, for callers that
--    load data with triggers off or that want the documents' stored counters
--    filled (campaigns.total_*, campaign_performance).

-- Which orders count as revenue. cdp-schema.md counts only 'delivered', which
-- leaves out paid orders not yet shipped and campaign-performance.md's
-- 'completed' ones; pending, cancelled and refunded orders never count.
CREATE FUNCTION loupe.order_counts_as_revenue(status text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT status IN ('confirmed', 'shipped', 'delivered', 'completed', 'partially_refunded') $$;

-- Recomputes the order metrics of the given customers (NULL: all of them) and
-- returns how many rows changed. Rows whose figures are already right are not
-- touched, so they keep their updated_at and leave no audit entry.
CREATE FUNCTION loupe.recompute_customer_order_metrics(customer_ids uuid[]) RETURNS integer
  LANGUAGE sql
  AS $$
  WITH agg AS (
    SELECT c.id,
           count(o.id) FILTER (WHERE loupe.order_counts_as_revenue(o.order_status))::integer AS orders,
           coalesce(sum(o.order_total - coalesce(o.refunded_amount, 0))
                      FILTER (WHERE loupe.order_counts_as_revenue(o.order_status)), 0)::numeric(12, 2) AS revenue,
           min(o.ordered_at) FILTER (WHERE loupe.order_counts_as_revenue(o.order_status)) AS first_order,
           max(o.ordered_at) FILTER (WHERE loupe.order_counts_as_revenue(o.order_status)) AS last_order
      FROM customers c
      LEFT JOIN customer_orders o ON o.customer_id = c.id
     WHERE customer_ids IS NULL OR c.id = ANY (customer_ids)
     GROUP BY c.id
  ), target AS (
    SELECT id, orders, revenue, first_order, last_order,
           CASE WHEN orders > 0 THEN round(revenue / orders, 2) ELSE 0 END::numeric(10, 2) AS aov,
           CASE WHEN last_order IS NULL THEN NULL ELSE current_date - last_order::date END AS days_since
      FROM agg
  ), changed AS (
    UPDATE customers c
       SET total_orders = t.orders,
           total_revenue = t.revenue,
           average_order_value = t.aov,
           -- Historical value to date; model predictions go to predicted_clv.
           lifetime_value = t.revenue,
           first_order_at = t.first_order,
           last_order_at = t.last_order,
           days_since_last_order = t.days_since,
           last_calculated_at = now()
      FROM target t
     WHERE c.id = t.id
       AND (c.total_orders, c.total_revenue, c.average_order_value, c.lifetime_value,
            c.first_order_at, c.last_order_at, c.days_since_last_order)
           IS DISTINCT FROM
           (t.orders, t.revenue, t.aov, t.revenue, t.first_order, t.last_order, t.days_since)
    RETURNING 1
  )
  SELECT count(*)::integer FROM changed
$$;

CREATE FUNCTION loupe.sync_customer_order_metrics() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT customer_id) INTO ids FROM new_rows WHERE customer_id IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT customer_id) INTO ids FROM old_rows WHERE customer_id IS NOT NULL;
  ELSE
    -- An order moved to another customer changes both.
    SELECT array_agg(DISTINCT customer_id) INTO ids
      FROM (SELECT customer_id FROM new_rows UNION SELECT customer_id FROM old_rows) moved
     WHERE customer_id IS NOT NULL;
  END IF;
  IF ids IS NOT NULL THEN
    PERFORM loupe.recompute_customer_order_metrics(ids);
  END IF;
  RETURN NULL;
END
$$;

-- PostgreSQL allows transition tables only on single-event triggers.
CREATE TRIGGER customer_order_metrics_insert AFTER INSERT ON customer_orders
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION loupe.sync_customer_order_metrics();
CREATE TRIGGER customer_order_metrics_update AFTER UPDATE ON customer_orders
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION loupe.sync_customer_order_metrics();
CREATE TRIGGER customer_order_metrics_delete AFTER DELETE ON customer_orders
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION loupe.sync_customer_order_metrics();

-- Audit trail. Arguments: the data sensitivity of the table, then the columns
-- whose changes alone are not worth an entry (computed metrics and scores that
-- recomputation rewrites). Rules:
-- * INSERTs of rows that carry an import_batch_id are not logged row by row:
--   the batch in loupe.import_batches records them, and logging a million-row
--   import twice would double its size. Updates and deletes are always logged.
-- * The acting user is read from the `loupe.user_id` setting when the app sets
--   it, else the local owner.
-- * Rows written while applying a remote sync are not logged again.
CREATE FUNCTION loupe.audit_changes() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  sensitivity text := TG_ARGV[0];
  ignored text[] := coalesce(TG_ARGV[1:], '{}');
  actor uuid := coalesce(nullif(current_setting('loupe.user_id', true), '')::uuid, loupe.local_owner_id());
BEGIN
  IF loupe.applying_remote() THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO activity_logs (user_id, organization_id, activity_type, resource_type, resource_id, resource_name,
                               action_description, table_name, record_id, operation, new_values,
                               customer_id, campaign_id, data_sensitivity)
    SELECT actor, coalesce((j ->> 'organization_id')::uuid, loupe.local_organization_id()), 'create', TG_TABLE_NAME,
           j ->> 'id', left(coalesce(j ->> 'name', j ->> 'email'), 255),
           format('created %s %s', TG_TABLE_NAME, coalesce(j ->> 'name', j ->> 'email', j ->> 'id')),
           TG_TABLE_NAME, (j ->> 'id')::uuid, 'INSERT', j,
           CASE WHEN TG_TABLE_NAME = 'customers' THEN (j ->> 'id')::uuid END,
           CASE WHEN TG_TABLE_NAME = 'campaigns' THEN (j ->> 'id')::uuid END,
           sensitivity
      FROM (SELECT to_jsonb(n) AS j FROM new_rows n) r
     WHERE j ->> 'import_batch_id' IS NULL;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO activity_logs (user_id, organization_id, activity_type, resource_type, resource_id, resource_name,
                               action_description, table_name, record_id, operation, old_values, new_values,
                               changed_fields, customer_id, campaign_id, data_sensitivity)
    SELECT actor, coalesce((nj ->> 'organization_id')::uuid, loupe.local_organization_id()), 'update', TG_TABLE_NAME,
           nj ->> 'id', left(coalesce(nj ->> 'name', nj ->> 'email'), 255),
           format('updated %s %s: %s', TG_TABLE_NAME, coalesce(nj ->> 'name', nj ->> 'email', nj ->> 'id'),
                  array_to_string(changed, ', ')),
           TG_TABLE_NAME, (nj ->> 'id')::uuid, 'UPDATE', oj, nj, changed,
           CASE WHEN TG_TABLE_NAME = 'customers' THEN (nj ->> 'id')::uuid END,
           CASE WHEN TG_TABLE_NAME = 'campaigns' THEN (nj ->> 'id')::uuid END,
           sensitivity
      FROM (SELECT oj, nj,
                   ARRAY(SELECT k FROM jsonb_object_keys(nj) k
                          WHERE k <> ALL (ignored) AND (nj -> k) IS DISTINCT FROM (oj -> k) ORDER BY k) AS changed
              FROM (SELECT to_jsonb(o) AS oj, to_jsonb(n) AS nj
                      FROM old_rows o JOIN new_rows n ON n.id = o.id) pairs) d
     WHERE cardinality(changed) > 0;
  ELSE
    INSERT INTO activity_logs (user_id, organization_id, activity_type, resource_type, resource_id, resource_name,
                               action_description, table_name, record_id, operation, old_values,
                               customer_id, campaign_id, data_sensitivity)
    SELECT actor, coalesce((j ->> 'organization_id')::uuid, loupe.local_organization_id()), 'delete', TG_TABLE_NAME,
           j ->> 'id', left(coalesce(j ->> 'name', j ->> 'email'), 255),
           format('deleted %s %s', TG_TABLE_NAME, coalesce(j ->> 'name', j ->> 'email', j ->> 'id')),
           TG_TABLE_NAME, (j ->> 'id')::uuid, 'DELETE', j,
           CASE WHEN TG_TABLE_NAME = 'customers' THEN (j ->> 'id')::uuid END,
           CASE WHEN TG_TABLE_NAME = 'campaigns' THEN (j ->> 'id')::uuid END,
           sensitivity
      FROM (SELECT to_jsonb(o) AS j FROM old_rows o) r;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER audit_customers_insert AFTER INSERT ON customers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION loupe.audit_changes('confidential');
CREATE TRIGGER audit_customers_update AFTER UPDATE ON customers
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION loupe.audit_changes('confidential', 'updated_at', 'total_orders', 'total_revenue',
    'average_order_value', 'lifetime_value', 'days_since_last_order', 'first_order_at', 'last_order_at',
    'total_sessions', 'total_page_views', 'engagement_score', 'churn_risk_score', 'lead_score',
    'rfm_recency_score', 'rfm_frequency_score', 'rfm_monetary_score', 'rfm_segment', 'predicted_clv',
    'probability_alive', 'conversion_probability', 'score_breakdown', 'last_calculated_at', 'last_seen_at');
CREATE TRIGGER audit_customers_delete AFTER DELETE ON customers
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION loupe.audit_changes('confidential');

CREATE TRIGGER audit_campaigns_insert AFTER INSERT ON campaigns
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION loupe.audit_changes('internal');
CREATE TRIGGER audit_campaigns_update AFTER UPDATE ON campaigns
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION loupe.audit_changes('internal', 'updated_at', 'total_targeted', 'total_sent', 'total_delivered',
    'total_bounced', 'total_opened', 'total_clicked', 'total_unsubscribed', 'total_converted',
    'total_revenue_attributed', 'delivery_rate', 'open_rate', 'click_rate', 'conversion_rate', 'roi',
    'actual_clicks', 'actual_conversions');
CREATE TRIGGER audit_campaigns_delete AFTER DELETE ON campaigns
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION loupe.audit_changes('internal');

CREATE TRIGGER audit_segments_insert AFTER INSERT ON segments
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION loupe.audit_changes('internal');
CREATE TRIGGER audit_segments_update AFTER UPDATE ON segments
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION loupe.audit_changes('internal', 'updated_at', 'customer_count', 'last_customer_count',
    'customer_count_change', 'average_ltv', 'average_order_value', 'average_engagement_score', 'churn_rate',
    'last_refreshed_at', 'next_refresh_at', 'refresh_duration', 'times_used_in_campaigns', 'last_used_at');
CREATE TRIGGER audit_segments_delete AFTER DELETE ON segments
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
  EXECUTE FUNCTION loupe.audit_changes('internal');

-- A delivery counts as delivered when the provider said so or when the recipient
-- opened or clicked it (an open proves delivery even when the delivered event
-- was not exported). Used by the views and the functions below.
CREATE FUNCTION loupe.is_delivered(send_status text, delivered_at timestamptz, opened_at timestamptz,
                                   first_click_at timestamptz) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT send_status = 'delivered' OR delivered_at IS NOT NULL OR opened_at IS NOT NULL OR first_click_at IS NOT NULL $$;

-- A message left the sender unless it is still queued or was refused.
CREATE FUNCTION loupe.is_sent(send_status text) RETURNS boolean
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(send_status, 'sent') NOT IN ('queued', 'dropped', 'failed', 'rejected') $$;

-- Fills cdp-schema.md's stored campaign totals from the per-recipient rows, for
-- the given campaigns (NULL: all) that have any. Campaigns known only from an
-- aggregate report keep the totals the report gave.
CREATE FUNCTION loupe.recompute_campaign_totals(campaign_ids uuid[]) RETURNS integer
  LANGUAGE sql
  AS $$
  WITH totals AS (
    SELECT d.campaign_id,
           count(*)::integer AS targeted,
           count(*) FILTER (WHERE loupe.is_sent(d.send_status))::integer AS sent,
           count(*) FILTER (WHERE loupe.is_delivered(d.send_status, d.delivered_at, d.opened_at, d.first_click_at))::integer AS delivered,
           count(*) FILTER (WHERE d.send_status = 'bounced')::integer AS bounced,
           count(*) FILTER (WHERE d.opened_at IS NOT NULL)::integer AS opened,
           count(*) FILTER (WHERE d.first_click_at IS NOT NULL)::integer AS clicked,
           count(*) FILTER (WHERE d.unsubscribed_at IS NOT NULL)::integer AS unsubscribed,
           count(*) FILTER (WHERE d.converted_at IS NOT NULL)::integer AS converted,
           coalesce(sum(d.conversion_value), 0)::numeric(12, 2) AS revenue
      FROM deliveries d
     WHERE d.campaign_id IS NOT NULL AND (campaign_ids IS NULL OR d.campaign_id = ANY (campaign_ids))
     GROUP BY d.campaign_id
  ), changed AS (
    UPDATE campaigns c
       SET total_targeted = t.targeted, total_sent = t.sent, total_delivered = t.delivered,
           total_bounced = t.bounced, total_opened = t.opened, total_clicked = t.clicked,
           total_unsubscribed = t.unsubscribed, total_converted = t.converted,
           total_revenue_attributed = t.revenue
      FROM totals t
     WHERE c.id = t.campaign_id
       AND (c.total_targeted, c.total_sent, c.total_delivered, c.total_bounced, c.total_opened, c.total_clicked,
            c.total_unsubscribed, c.total_converted, c.total_revenue_attributed)
           IS DISTINCT FROM
           (t.targeted, t.sent, t.delivered, t.bounced, t.opened, t.clicked, t.unsubscribed, t.converted, t.revenue)
    RETURNING 1
  )
  SELECT count(*)::integer FROM changed
$$;

-- Rebuilds the 'computed' daily rows of campaign_performance for the given
-- campaigns (NULL: all) from deliveries (by send day, UTC) and ad spend. Rows
-- imported from a report are left alone, and days they cover are not computed.
CREATE FUNCTION loupe.rebuild_campaign_performance(campaign_ids uuid[]) RETURNS integer
  LANGUAGE plpgsql
  AS $$
DECLARE
  n integer;
BEGIN
  DELETE FROM campaign_performance
   WHERE origin = 'computed' AND (campaign_ids IS NULL OR campaign_id = ANY (campaign_ids));
  INSERT INTO campaign_performance (campaign_id, report_date, origin, sent_count, delivered_count, opened_count,
                                    clicked_count, converted_count, bounced_count, unsubscribed_count,
                                    impressions, conversion_value, spend)
  SELECT coalesce(s.campaign_id, a.campaign_id), coalesce(s.day, a.day), 'computed',
         coalesce(s.sent, 0), coalesce(s.delivered, 0), coalesce(s.opened, 0), coalesce(s.clicked, 0),
         coalesce(s.converted, 0), coalesce(s.bounced, 0), coalesce(s.unsubscribed, 0),
         coalesce(a.impressions, 0), coalesce(s.value, 0) + coalesce(a.value, 0), coalesce(a.cost, 0)
    FROM (SELECT d.campaign_id, (d.sent_at AT TIME ZONE 'UTC')::date AS day,
                 count(*) FILTER (WHERE loupe.is_sent(d.send_status)) AS sent,
                 count(*) FILTER (WHERE loupe.is_delivered(d.send_status, d.delivered_at, d.opened_at, d.first_click_at)) AS delivered,
                 count(*) FILTER (WHERE d.opened_at IS NOT NULL) AS opened,
                 count(*) FILTER (WHERE d.first_click_at IS NOT NULL) AS clicked,
                 count(*) FILTER (WHERE d.converted_at IS NOT NULL) AS converted,
                 count(*) FILTER (WHERE d.send_status = 'bounced') AS bounced,
                 count(*) FILTER (WHERE d.unsubscribed_at IS NOT NULL) AS unsubscribed,
                 sum(d.conversion_value) AS value
            FROM deliveries d
           WHERE d.campaign_id IS NOT NULL AND d.sent_at IS NOT NULL
             AND (campaign_ids IS NULL OR d.campaign_id = ANY (campaign_ids))
           GROUP BY 1, 2) s
    FULL JOIN (SELECT campaign_id, spend_date AS day, sum(cost) AS cost, sum(impressions) AS impressions,
                      sum(conversion_value) AS value
                 FROM ad_spend_daily
                WHERE campaign_id IS NOT NULL AND (campaign_ids IS NULL OR campaign_id = ANY (campaign_ids))
                GROUP BY 1, 2) a
      ON a.campaign_id = s.campaign_id AND a.day = s.day
   WHERE NOT EXISTS (SELECT 1 FROM campaign_performance cp
                      WHERE cp.campaign_id = coalesce(s.campaign_id, a.campaign_id)
                        AND cp.report_date = coalesce(s.day, a.day));
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$$;
