-- The documents' analytical views, computed correctly over the canonical tables.
-- Each keeps its document's name and columns; docs/schema.md records every
-- change from the printed version and why. The rules throughout:
--   * No join fan-out. Facts at different grains (sends, conversions, orders,
--     events) are aggregated separately and joined one row to one row; joining
--     them raw multiplies every sum by the row count of the other tables.
--   * Rates are ratios of sums (never averages of daily rates), opens and clicks
--     over delivered messages, and every division guards against zero.
--   * Materialized views are created populated (empty in a new workspace), so
--     they can be read and refreshed CONCURRENTLY at once; each has the unique
--     index CONCURRENTLY needs. Loupe refreshes them after each import.

-- cdp-schema.md. Its days_since_last_seen took EXTRACT(days FROM date - date);
-- subtracting dates already gives the number of days.
CREATE VIEW customer_summary AS
SELECT c.id,
       c.customer_id,
       c.email,
       c.name,
       c.customer_type,
       c.customer_status,
       c.lifecycle_stage,
       c.total_orders,
       c.total_revenue,
       c.lifetime_value,
       c.engagement_score,
       c.churn_risk_score,
       c.first_seen_at,
       c.last_seen_at,
       CURRENT_DATE - c.last_seen_at::date AS days_since_last_seen,
       EXISTS (SELECT 1 FROM customer_events ce
                WHERE ce.customer_id = c.id AND ce.occurred_at > CURRENT_DATE - INTERVAL '7 days') AS active_last_7_days,
       EXISTS (SELECT 1 FROM customer_orders co
                WHERE co.customer_id = c.id AND co.ordered_at > CURRENT_DATE - INTERVAL '30 days') AS purchased_last_30_days
  FROM customers c;

-- cdp-schema.md, as printed: it reads the campaign's totals, which the deliveries
-- keep (0005). Rates in percent; ROI on the allocated budget, as the document has it.
CREATE VIEW campaign_performance_summary AS
SELECT c.id,
       c.name,
       c.campaign_type,
       c.status,
       c.start_date,
       c.end_date,
       c.total_sent,
       c.total_delivered,
       c.total_opened,
       c.total_clicked,
       c.total_converted,
       CASE WHEN c.total_sent > 0 THEN (c.total_delivered::numeric / c.total_sent) * 100 ELSE 0 END AS delivery_rate,
       CASE WHEN c.total_delivered > 0 THEN (c.total_opened::numeric / c.total_delivered) * 100 ELSE 0 END AS open_rate,
       CASE WHEN c.total_delivered > 0 THEN (c.total_clicked::numeric / c.total_delivered) * 100 ELSE 0 END AS click_rate,
       CASE WHEN c.total_sent > 0 THEN (c.total_converted::numeric / c.total_sent) * 100 ELSE 0 END AS conversion_rate,
       CASE WHEN c.budget > 0 THEN (c.total_revenue_attributed - c.budget) / c.budget * 100 ELSE NULL END AS roi_percentage
  FROM campaigns c;

-- campaign-performance.md's campaign_performance_summary (the name stays with
-- cdp-schema.md's view above). The printed version joins sends, CRM conversions
-- and orders in one GROUP BY, so a campaign with 27,000 sends counts each order
-- 27,000 times; here each is summed on its own first. Orders that were cancelled
-- or refunded are not revenue, and partial refunds are taken off.
CREATE VIEW campaign_roi_summary AS
WITH sends AS (
  SELECT d.campaign_id,
         count(DISTINCT d.retailer_id) AS total_retailers,
         count(*) AS total_emails_sent,
         count(*) FILTER (WHERE d.status = 'delivered') AS emails_delivered,
         count(*) FILTER (WHERE d.opened_at IS NOT NULL) AS emails_opened,
         count(*) FILTER (WHERE d.first_click_at IS NOT NULL) AS emails_clicked
    FROM message_deliveries d
   GROUP BY d.campaign_id
), conversions AS (
  SELECT cc.campaign_id, sum(cc.conversion_value) AS revenue
    FROM crm_conversions cc
   WHERE cc.campaign_id IS NOT NULL
   GROUP BY cc.campaign_id
), orders AS (
  SELECT o.campaign_id, sum(o.order_total - o.refunded_amount) AS revenue
    FROM customer_orders o
   WHERE o.campaign_id IS NOT NULL AND o.order_status NOT IN ('cancelled', 'refunded')
   GROUP BY o.campaign_id
), joined AS (
  SELECT c.*,
         coalesce(s.total_retailers, 0) AS total_retailers,
         coalesce(s.total_emails_sent, 0) AS total_emails_sent,
         coalesce(s.emails_delivered, 0) AS emails_delivered,
         coalesce(s.emails_opened, 0) AS emails_opened,
         coalesce(s.emails_clicked, 0) AS emails_clicked,
         coalesce(cv.revenue, 0) + coalesce(od.revenue, 0) AS total_revenue
    FROM campaigns c
    LEFT JOIN sends s ON s.campaign_id = c.id
    LEFT JOIN conversions cv ON cv.campaign_id = c.id
    LEFT JOIN orders od ON od.campaign_id = c.id
)
SELECT j.id AS campaign_id,
       j.name AS campaign_name,
       j.status,
       j.start_date,
       j.end_date,
       j.budget_allocated,
       j.budget_spent,
       j.total_retailers,
       j.total_emails_sent,
       j.emails_delivered,
       j.emails_opened,
       j.emails_clicked,
       CASE WHEN j.emails_delivered > 0 THEN round(j.emails_opened::numeric / j.emails_delivered * 100, 2) ELSE 0 END AS open_rate,
       CASE WHEN j.emails_delivered > 0 THEN round(j.emails_clicked::numeric / j.emails_delivered * 100, 2) ELSE 0 END AS click_rate,
       j.total_revenue,
       CASE WHEN j.budget_spent > 0 THEN round((j.total_revenue - j.budget_spent) / j.budget_spent * 100, 1) ELSE 0 END AS roi_percentage,
       CASE WHEN j.budget_spent > 0 AND (j.total_revenue - j.budget_spent) / j.budget_spent * 100 >= 100 THEN 'High ROI'
            WHEN j.budget_spent > 0 AND (j.total_revenue - j.budget_spent) / j.budget_spent * 100 >= 50 THEN 'Good ROI'
            ELSE 'Standard' END AS performance_tier,
       j.created_at,
       j.updated_at
  FROM joined j;

-- Loupe: campaign-performance.md's retailer performance table and regional
-- breakdown, one row per campaign and retailer, summed the same way.
CREATE VIEW campaign_retailer_summary AS
WITH sends AS (
  SELECT d.campaign_id, d.retailer_id,
         count(*) AS emails_sent,
         count(*) FILTER (WHERE d.status = 'delivered') AS emails_delivered,
         count(*) FILTER (WHERE d.opened_at IS NOT NULL) AS emails_opened,
         count(*) FILTER (WHERE d.first_click_at IS NOT NULL) AS emails_clicked
    FROM message_deliveries d
   WHERE d.retailer_id IS NOT NULL
   GROUP BY d.campaign_id, d.retailer_id
), conversions AS (
  SELECT cc.campaign_id, cc.retailer_id, count(*) AS conversions, sum(cc.conversion_value) AS revenue
    FROM crm_conversions cc
   WHERE cc.campaign_id IS NOT NULL AND cc.retailer_id IS NOT NULL
   GROUP BY cc.campaign_id, cc.retailer_id
), orders AS (
  SELECT o.campaign_id, o.retailer_id, count(*) AS orders, sum(o.order_total - o.refunded_amount) AS revenue
    FROM customer_orders o
   WHERE o.campaign_id IS NOT NULL AND o.retailer_id IS NOT NULL AND o.order_status NOT IN ('cancelled', 'refunded')
   GROUP BY o.campaign_id, o.retailer_id
), pairs AS (
  SELECT campaign_id, retailer_id FROM sends
  UNION SELECT campaign_id, retailer_id FROM conversions
  UNION SELECT campaign_id, retailer_id FROM orders
)
SELECT p.campaign_id,
       c.name AS campaign_name,
       p.retailer_id,
       r.name AS retailer_name,
       r.region,
       coalesce(s.emails_sent, 0) AS emails_sent,
       coalesce(s.emails_delivered, 0) AS emails_delivered,
       coalesce(s.emails_opened, 0) AS emails_opened,
       coalesce(s.emails_clicked, 0) AS emails_clicked,
       CASE WHEN s.emails_delivered > 0 THEN round(s.emails_opened::numeric / s.emails_delivered * 100, 2) ELSE 0 END AS open_rate,
       CASE WHEN s.emails_delivered > 0 THEN round(s.emails_clicked::numeric / s.emails_delivered * 100, 2) ELSE 0 END AS click_rate,
       coalesce(cv.conversions, 0) AS crm_conversions,
       coalesce(cv.revenue, 0) AS crm_revenue,
       coalesce(od.orders, 0) AS ecommerce_orders,
       coalesce(od.revenue, 0) AS ecommerce_revenue,
       coalesce(cv.revenue, 0) + coalesce(od.revenue, 0) AS total_revenue
  FROM pairs p
  JOIN campaigns c ON c.id = p.campaign_id
  JOIN retailers r ON r.id = p.retailer_id
  LEFT JOIN sends s ON s.campaign_id = p.campaign_id AND s.retailer_id = p.retailer_id
  LEFT JOIN conversions cv ON cv.campaign_id = p.campaign_id AND cv.retailer_id = p.retailer_id
  LEFT JOIN orders od ON od.campaign_id = p.campaign_id AND od.retailer_id = p.retailer_id;

-- cdp-schema.md, as printed.
CREATE VIEW daily_metrics_summary AS
SELECT date_trunc('day', occurred_at)::date AS metric_date,
       count(DISTINCT customer_id) AS daily_active_customers,
       count(*) AS total_events,
       count(*) FILTER (WHERE event_type = 'purchase') AS purchases,
       sum(event_value) FILTER (WHERE event_type = 'purchase') AS daily_revenue,
       count(DISTINCT customer_id) FILTER (WHERE event_type = 'signup') AS new_signups
  FROM customer_events
 WHERE occurred_at >= CURRENT_DATE - INTERVAL '90 days'
 GROUP BY date_trunc('day', occurred_at)::date
 ORDER BY metric_date DESC;

-- marketing-analytics-design.md's campaign_performance: a campaign's metrics per
-- day. The document has it as a table of figures someone must keep filled; here
-- it is computed from what was imported, so it cannot disagree with it. Three
-- kinds of row (metric_kind; source names where they came from):
--   'messages': the campaign's per-recipient deliveries by day sent;
--   'reported': an ESP report's period rows (a day, or a month dated by its first
--     day), for campaigns without per-recipient data, which would count twice;
--   'ads': an ad platform's daily rows in ad_spend_daily.
-- Message rows have opens and clicks over delivered and conversions over
-- delivered; ad rows have clicks over impressions, conversions over clicks, cost
-- per acquisition and return on ad spend. Rates are in percent, NULL when the
-- denominator is 0. report_hour is NULL: no row is finer than a day.
CREATE VIEW campaign_performance AS
WITH messages AS (
  SELECT d.campaign_id,
         d.sent_at::date AS report_date,
         count(*) FILTER (WHERE d.status IN ('sent', 'delivered', 'bounced', 'deferred')) AS sent_count,
         count(*) FILTER (WHERE d.status = 'delivered') AS delivered_count,
         count(*) FILTER (WHERE d.opened_at IS NOT NULL) AS opened_count,
         count(*) FILTER (WHERE d.first_click_at IS NOT NULL) AS clicked_count,
         count(*) FILTER (WHERE d.converted_at IS NOT NULL) AS converted_count,
         coalesce(sum(d.conversion_value) FILTER (WHERE d.converted_at IS NOT NULL), 0) AS conversion_value
    FROM message_deliveries d
   WHERE d.sent_at IS NOT NULL
   GROUP BY d.campaign_id, d.sent_at::date
), ads AS (
  SELECT a.campaign_id,
         a.spend_date AS report_date,
         a.source,
         min(a.channel) AS channel,
         sum(a.impressions) AS impressions,
         sum(a.clicks) AS clicks,
         sum(a.conversions) AS conversions,
         sum(a.conversion_value) AS conversion_value,
         sum(a.spend) AS spend
    FROM ad_spend_daily a
   WHERE a.campaign_id IS NOT NULL
   GROUP BY a.campaign_id, a.spend_date, a.source
)
SELECT m.campaign_id,
       m.report_date,
       NULL::integer AS report_hour,
       'messages'::text AS metric_kind,
       'messages'::text AS source,
       NULL::text AS channel,
       NULL::numeric AS impressions,
       m.sent_count::numeric AS sent_count,
       m.delivered_count::numeric AS delivered_count,
       m.opened_count::numeric AS opened_count,
       m.clicked_count::numeric AS clicked_count,
       m.converted_count::numeric AS converted_count,
       m.conversion_value::numeric AS conversion_value,
       NULL::numeric AS spend,
       CASE WHEN m.sent_count > 0 THEN round(m.delivered_count::numeric / m.sent_count * 100, 2) END AS delivery_rate,
       CASE WHEN m.delivered_count > 0 THEN round(m.opened_count::numeric / m.delivered_count * 100, 2) END AS open_rate,
       CASE WHEN m.delivered_count > 0 THEN round(m.clicked_count::numeric / m.delivered_count * 100, 2) END AS click_rate,
       CASE WHEN m.delivered_count > 0 THEN round(m.converted_count::numeric / m.delivered_count * 100, 2) END AS conversion_rate,
       NULL::numeric AS cost_per_acquisition,
       NULL::numeric AS return_on_ad_spend
  FROM messages m
UNION ALL
SELECT s.campaign_id,
       s.period_start,
       NULL,
       'reported',
       s.source,
       NULL,
       NULL,
       s.recipients,
       s.delivered,
       s.unique_opens,
       s.unique_clicks,
       s.orders,
       s.revenue,
       NULL,
       CASE WHEN s.recipients > 0 THEN round(s.delivered::numeric / s.recipients * 100, 2) END,
       CASE WHEN s.delivered > 0 THEN round(s.unique_opens::numeric / s.delivered * 100, 2) END,
       CASE WHEN s.delivered > 0 THEN round(s.unique_clicks::numeric / s.delivered * 100, 2) END,
       CASE WHEN s.delivered > 0 THEN round(s.orders::numeric / s.delivered * 100, 2) END,
       NULL,
       NULL
  FROM (SELECT r.campaign_id, r.period_start, r.source, r.recipients, r.unique_opens, r.unique_clicks, r.orders,
               r.revenue,
               coalesce(r.delivered, r.recipients - coalesce(r.bounces, r.soft_bounces + r.hard_bounces, 0)) AS delivered
          FROM campaign_reported_stats r
          JOIN campaigns c ON c.id = r.campaign_id AND c.totals_source = 'reported'
         WHERE r.period_start IS NOT NULL) s
UNION ALL
SELECT a.campaign_id,
       a.report_date,
       NULL,
       'ads',
       a.source,
       a.channel,
       a.impressions,
       NULL,
       NULL,
       NULL,
       a.clicks,
       a.conversions,
       a.conversion_value,
       a.spend,
       NULL,
       NULL,
       CASE WHEN a.impressions > 0 THEN round(a.clicks::numeric / a.impressions * 100, 2) END,
       CASE WHEN a.clicks > 0 THEN round(a.conversions / a.clicks * 100, 2) END,
       CASE WHEN a.conversions > 0 THEN round(a.spend / a.conversions, 2) END,
       CASE WHEN a.spend > 0 THEN round(a.conversion_value / a.spend, 2) END
  FROM ads a;

-- marketing-analytics-design.md, over the last 30 days of campaign_performance.
-- The printed version averages daily rates (a quiet day weighs as much as the
-- launch day); these are ratios of the window's sums. Its conversion rate is
-- conversions per delivered message or ad click, its score weighs the four
-- rates as the document does, and the trend is the last 7 days' conversion rate
-- minus the 7 days before.
CREATE MATERIALIZED VIEW campaign_performance_dashboard AS
WITH last_30_days AS (
  SELECT cp.campaign_id,
         sum(cp.sent_count) AS sent,
         sum(cp.delivered_count) AS delivered,
         sum(cp.opened_count) AS opened,
         sum(cp.clicked_count) AS clicks,
         sum(cp.clicked_count) FILTER (WHERE cp.metric_kind <> 'ads') AS message_clicks,
         coalesce(sum(cp.delivered_count), 0) + coalesce(sum(cp.clicked_count) FILTER (WHERE cp.metric_kind = 'ads'), 0) AS reached,
         sum(cp.converted_count) AS conversions,
         sum(cp.conversion_value) AS conversion_value,
         sum(cp.spend) AS spend,
         sum(cp.converted_count) FILTER (WHERE cp.report_date >= CURRENT_DATE - 7) AS conversions_recent,
         coalesce(sum(cp.delivered_count) FILTER (WHERE cp.report_date >= CURRENT_DATE - 7), 0)
           + coalesce(sum(cp.clicked_count) FILTER (WHERE cp.report_date >= CURRENT_DATE - 7 AND cp.metric_kind = 'ads'), 0)
           AS reached_recent,
         sum(cp.converted_count) FILTER (WHERE cp.report_date >= CURRENT_DATE - 14 AND cp.report_date < CURRENT_DATE - 7)
           AS conversions_before,
         coalesce(sum(cp.delivered_count) FILTER (WHERE cp.report_date >= CURRENT_DATE - 14 AND cp.report_date < CURRENT_DATE - 7), 0)
           + coalesce(sum(cp.clicked_count) FILTER (WHERE cp.report_date >= CURRENT_DATE - 14 AND cp.report_date < CURRENT_DATE - 7
                                                     AND cp.metric_kind = 'ads'), 0)
           AS reached_before
    FROM campaign_performance cp
   WHERE cp.report_date >= CURRENT_DATE - 30
   GROUP BY cp.campaign_id
), rates AS (
  SELECT w.*,
         round(w.delivered / NULLIF(w.sent, 0) * 100, 2) AS delivery_rate,
         round(w.opened / NULLIF(w.delivered, 0) * 100, 2) AS open_rate,
         round(w.message_clicks / NULLIF(w.delivered, 0) * 100, 2) AS click_rate,
         round(w.conversions / NULLIF(w.reached, 0) * 100, 2) AS conversion_rate
    FROM last_30_days w
)
SELECT c.id AS campaign_id,
       c.name AS campaign_name,
       c.campaign_type,
       c.status AS campaign_status,
       c.budget_allocated,
       c.budget_spent,
       coalesce(r.sent, 0) AS total_sent,
       coalesce(r.delivered, 0) AS total_delivered,
       r.delivery_rate AS avg_delivery_rate,
       coalesce(r.opened, 0) AS total_opens,
       coalesce(r.clicks, 0) AS total_clicks,
       r.open_rate AS avg_open_rate,
       r.click_rate AS avg_click_rate,
       coalesce(r.conversions, 0) AS total_conversions,
       coalesce(r.conversion_value, 0) AS total_conversion_value,
       r.conversion_rate AS avg_conversion_rate,
       coalesce(r.spend, 0) AS total_spend,
       round(r.spend / NULLIF(r.conversions, 0), 2) AS avg_cpa,
       round(r.conversion_value / NULLIF(r.spend, 0), 2) AS avg_roas,
       round(coalesce(r.delivery_rate, 0) * 0.15 + coalesce(r.open_rate, 0) * 0.25
             + coalesce(r.click_rate, 0) * 0.30 + coalesce(r.conversion_rate, 0) * 0.30, 2) AS overall_performance_score,
       round(r.conversions_recent / NULLIF(r.reached_recent, 0) * 100
             - r.conversions_before / NULLIF(r.reached_before, 0) * 100, 2) AS conversion_trend
  FROM campaigns c
  LEFT JOIN rates r ON r.campaign_id = c.id
 WHERE c.status IN ('active', 'completed');
CREATE UNIQUE INDEX idx_campaign_performance_dashboard ON campaign_performance_dashboard (campaign_id);

-- marketing-analytics-design.md. The printed version joins every campaign (its
-- join condition compares the organization with itself), contacts, events and
-- content in one GROUP BY, so spend is multiplied by contacts × events × content
-- items, and with a few thousand of each the query never finishes. Each fact is
-- summed per organization first. "New customers (30 days)" counts customers whose
-- record was created in the last 30 days; the health score's shares stay 0 (not
-- full marks, as LEAST(NULL, 30) gave) when there are no contacts.
CREATE VIEW marketing_operations_dashboard AS
WITH campaign_totals AS (
  SELECT c.organization_id,
         count(*) AS active_campaigns,
         sum(c.budget_spent) AS total_campaign_spend,
         avg(cpd.overall_performance_score) AS avg_campaign_performance,
         sum(cpd.total_conversion_value) AS conversion_value,
         sum(cpd.total_spend) AS spend
    FROM campaigns c
    LEFT JOIN campaign_performance_dashboard cpd ON cpd.campaign_id = c.id
   WHERE c.status = 'active'
   GROUP BY c.organization_id
), contact_totals AS (
  SELECT organization_id,
         count(*) AS total_contacts,
         count(*) FILTER (WHERE funnel_stage IN ('customer', 'champion')) AS converted_contacts,
         count(*) FILTER (WHERE funnel_stage = 'customer') AS customers,
         count(*) FILTER (WHERE funnel_stage = 'customer' AND created_at >= CURRENT_DATE - INTERVAL '30 days') AS new_customers,
         avg(lead_score) AS avg_lead_score
    FROM customers
   WHERE contact_status = 'active'
   GROUP BY organization_id
), event_totals AS (
  SELECT organization_id,
         count(*) AS total_events,
         count(DISTINCT customer_id) FILTER (WHERE event_type = 'email_open') AS email_openers,
         count(DISTINCT customer_id) FILTER (WHERE event_type = 'form_submission') AS form_submitters,
         count(DISTINCT customer_id) AS engaged_contacts
    FROM customer_events
   WHERE occurred_at >= CURRENT_DATE - INTERVAL '30 days'
   GROUP BY organization_id
), content_totals AS (
  SELECT organization_id,
         count(*) AS published_items,
         sum(view_count) AS views,
         avg(engagement_score) AS avg_engagement
    FROM content_library
   WHERE publish_status = 'published'
   GROUP BY organization_id
)
SELECT mo.organization_id,
       mo.organization_name,
       coalesce(ca.active_campaigns, 0) AS active_campaigns,
       coalesce(ca.total_campaign_spend, 0) AS total_campaign_spend,
       ca.avg_campaign_performance,
       coalesce(co.total_contacts, 0) AS total_contacts,
       coalesce(co.converted_contacts, 0) AS converted_contacts,
       co.avg_lead_score,
       coalesce(ev.total_events, 0) AS total_events_last_30d,
       coalesce(ev.email_openers, 0) AS email_opens_last_30d,
       coalesce(ev.form_submitters, 0) AS form_submissions_last_30d,
       coalesce(ct.published_items, 0) AS published_content_items,
       coalesce(ct.views, 0) AS total_content_views,
       ct.avg_engagement AS avg_content_engagement,
       coalesce(co.new_customers, 0) AS new_customers_last_30d,
       round(co.customers::numeric / NULLIF(co.total_contacts, 0) * 100, 2) AS overall_conversion_rate,
       round(ca.conversion_value / NULLIF(ca.spend, 0), 2) AS blended_roas,
       round(coalesce(ca.avg_campaign_performance, 0) / 100 * 20
             + least(coalesce(ev.engaged_contacts::numeric / NULLIF(co.total_contacts, 0), 0) * 30, 30)
             + coalesce(ct.avg_engagement, 0) / 10 * 20
             + least(coalesce(co.customers::numeric / NULLIF(co.total_contacts, 0), 0) * 30, 30), 1)
         AS overall_marketing_health_score
  FROM organizations mo
  LEFT JOIN campaign_totals ca ON ca.organization_id = mo.organization_id
  LEFT JOIN contact_totals co ON co.organization_id = mo.organization_id
  LEFT JOIN event_totals ev ON ev.organization_id = mo.organization_id
  LEFT JOIN content_totals ct ON ct.organization_id = mo.organization_id;

-- crm-design.md. The printed version joins only open opportunities, so won deals
-- never reach its conversion rate, deal size or sales cycle (always 0 or NULL);
-- here the pipeline columns count open opportunities and the outcome columns
-- all of them. One join of organizations to opportunities: no fan-out.
CREATE MATERIALIZED VIEW sales_dashboard AS
SELECT o.organization_id,
       count(op.opportunity_id) FILTER (WHERE op.opportunity_status = 'open' AND op.sales_stage = 'prospecting') AS prospects_count,
       count(op.opportunity_id) FILTER (WHERE op.opportunity_status = 'open' AND op.sales_stage = 'qualification') AS qualified_leads_count,
       count(op.opportunity_id) FILTER (WHERE op.opportunity_status = 'open' AND op.sales_stage = 'proposal') AS proposals_count,
       count(op.opportunity_id) FILTER (WHERE op.opportunity_status = 'open' AND op.sales_stage = 'negotiation') AS negotiations_count,
       sum(op.estimated_value) FILTER (WHERE op.opportunity_status = 'open' AND op.sales_stage = 'prospecting') AS prospects_value,
       sum(op.estimated_value) FILTER (WHERE op.opportunity_status = 'open' AND op.sales_stage = 'qualification') AS qualified_value,
       sum(op.estimated_value) FILTER (WHERE op.opportunity_status = 'open' AND op.sales_stage = 'proposal') AS proposal_value,
       sum(op.estimated_value) FILTER (WHERE op.opportunity_status = 'open' AND op.sales_stage = 'negotiation') AS negotiation_value,
       round(count(op.opportunity_id) FILTER (WHERE op.opportunity_status = 'won'
                                                AND op.created_at >= CURRENT_DATE - INTERVAL '30 days')::numeric
             / NULLIF(count(op.opportunity_id) FILTER (WHERE op.created_at >= CURRENT_DATE - INTERVAL '30 days'), 0) * 100, 2)
         AS monthly_conversion_rate,
       avg(op.estimated_value) FILTER (WHERE op.opportunity_status = 'won') AS avg_deal_size,
       avg(EXTRACT(EPOCH FROM (op.actual_close_date - op.created_at)) / 86400) FILTER (WHERE op.opportunity_status = 'won')
         AS avg_sales_cycle_days,
       sum(op.estimated_value * (op.probability_percentage / 100.0))
         FILTER (WHERE op.opportunity_status = 'open'
                   AND op.expected_close_date BETWEEN CURRENT_DATE AND CURRENT_DATE + INTERVAL '3 months')
         AS forecasted_revenue_3m
  FROM organizations o
  LEFT JOIN opportunities op ON op.organization_id = o.organization_id
 GROUP BY o.organization_id;
CREATE UNIQUE INDEX idx_sales_dashboard_org ON sales_dashboard (organization_id);

-- crm-design.md. The printed version joins every customer (its join condition
-- compares the organization with itself), opportunities, tickets and campaigns in
-- one GROUP BY: its sums are multiplied by the other tables' row counts and its
-- averages weighted by them. Each is summed per organization first. Its sales
-- cycle divided seconds by 30 and called it months; here it is days / 30.
-- Resolution time is measured to resolved_at for resolved tickets, not to the
-- last update of every ticket.
CREATE VIEW crm_operations_dashboard AS
WITH customer_totals AS (
  SELECT organization_id,
         count(*) AS total_customers,
         count(*) FILTER (WHERE funnel_stage IN ('customer', 'champion')) AS active_customers,
         count(*) FILTER (WHERE created_at >= CURRENT_DATE - INTERVAL '30 days') AS new_customers_30d,
         avg(lead_score) AS avg_lead_score
    FROM customers
   GROUP BY organization_id
), opportunity_totals AS (
  SELECT organization_id,
         count(*) AS total_opportunities,
         count(*) FILTER (WHERE opportunity_status = 'won') AS won_opportunities,
         sum(estimated_value) FILTER (WHERE opportunity_status = 'won') AS total_revenue_won,
         avg(EXTRACT(EPOCH FROM (actual_close_date - created_at)) / 86400 / 30) FILTER (WHERE opportunity_status = 'won')
           AS avg_sales_cycle_months
    FROM opportunities
   GROUP BY organization_id
), ticket_totals AS (
  SELECT organization_id,
         count(*) AS total_tickets,
         count(*) FILTER (WHERE ticket_status IN ('open', 'in_progress')) AS open_tickets,
         avg(EXTRACT(EPOCH FROM (resolved_at - created_at)) / 3600) FILTER (WHERE resolved_at IS NOT NULL)
           AS avg_resolution_hours,
         avg(customer_satisfaction_rating) AS avg_customer_satisfaction
    FROM support_tickets
   GROUP BY organization_id
), campaign_totals AS (
  SELECT organization_id,
         count(*) AS active_campaigns,
         sum(budget_spent) AS total_campaign_cost,
         sum(total_converted) AS total_conversions,
         sum(total_clicked) AS total_clicks
    FROM campaigns
   WHERE status = 'active'
   GROUP BY organization_id
), combined AS (
  SELECT org.organization_id,
         org.organization_name,
         coalesce(cu.total_customers, 0) AS total_customers,
         coalesce(cu.active_customers, 0) AS active_customers,
         coalesce(cu.new_customers_30d, 0) AS new_customers_30d,
         cu.avg_lead_score,
         coalesce(op.total_opportunities, 0) AS total_opportunities,
         coalesce(op.won_opportunities, 0) AS won_opportunities,
         op.total_revenue_won,
         op.avg_sales_cycle_months,
         coalesce(ti.total_tickets, 0) AS total_tickets,
         coalesce(ti.open_tickets, 0) AS open_tickets,
         ti.avg_resolution_hours,
         ti.avg_customer_satisfaction,
         coalesce(ca.active_campaigns, 0) AS active_campaigns,
         ca.total_campaign_cost,
         ca.total_conversions,
         round(ca.total_conversions::numeric / NULLIF(ca.total_clicks, 0) * 100, 2) AS avg_conversion_rate
    FROM organizations org
    LEFT JOIN customer_totals cu ON cu.organization_id = org.organization_id
    LEFT JOIN opportunity_totals op ON op.organization_id = org.organization_id
    LEFT JOIN ticket_totals ti ON ti.organization_id = org.organization_id
    LEFT JOIN campaign_totals ca ON ca.organization_id = org.organization_id
)
SELECT c.*,
       round(coalesce(c.avg_customer_satisfaction, 0) / 5 * 25
             + CASE WHEN c.won_opportunities > 0 THEN 30 ELSE 0 END
             + CASE WHEN c.avg_resolution_hours < 24 THEN 20 ELSE 10 END
             + least(coalesce(c.avg_conversion_rate, 0) / 10 * 25, 25), 1) AS overall_health_score
  FROM combined c;
