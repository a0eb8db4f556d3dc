-- Every table name the design documents use that is not itself a canonical
-- table, as a view with that document's column names over the canonical tables.
-- Where two documents give one name two meanings, one meaning keeps the name and
-- the other gets a clear one (docs/schema.md lists them all):
--   users          campaign-performance.md's (retailers, brand, admins); crm-design.md's → crm_users
--   customers      cdp-schema.md's (the table); crm-design.md's → crm_customers
--   campaigns      cdp-schema.md's and campaign-performance.md's (the table);
--                  marketing-analytics-design.md's → marketing_campaigns, crm-design.md's → crm_campaigns
--   campaign_sends per recipient (cdp-schema.md); marketing-analytics-design.md's batches → marketing_campaign_sends
--   email_sends    per recipient (campaign-performance.md); crm-design.md's batches → crm_email_sends
--   gdpr_requests  crm-design.md's; marketing-analytics-design.md's → marketing_gdpr_requests
--
-- The views select plain columns, so PostgreSQL lets them take inserts and updates
-- like the table underneath (columns computed here are read-only). Where a
-- document's defaults differ from the table's, the view carries its own.

-- People and users ----------------------------------------------------------

CREATE VIEW marketing_organizations AS
SELECT o.organization_id,
       o.organization_name,
       o.industry,
       o.website,
       o.country,
       o.timezone,
       o.currency,
       o.is_active,
       o.created_at,
       o.updated_at
  FROM organizations o;

-- crm-design.md's CRM users are platform users with its column names.
CREATE VIEW crm_users AS
SELECT p.id AS user_id,
       p.organization_id,
       p.email,
       p.name,
       p.first_name,
       p.last_name,
       p.role AS user_role,
       p.status AS user_status,
       p.department,
       p.timezone,
       p.last_login,
       p.created_at,
       p.updated_at
  FROM platform_users p;

-- campaign-performance.md's users: its retailers, and the brand and admin users
-- who create campaigns. Read-only (a union); write to retailers or platform_users.
CREATE VIEW users AS
SELECT r.id,
       r.email,
       r.name,
       'retailer'::text AS user_type,
       r.region,
       r.created_at,
       r.updated_at,
       r.is_active
  FROM retailers r
UNION ALL
SELECT p.id,
       p.email,
       p.name,
       CASE WHEN p.role IN ('super_admin', 'admin', 'system_admin') THEN 'admin' ELSE 'brand' END,
       NULL,
       p.created_at,
       p.updated_at,
       p.status = 'active'
  FROM platform_users p;

-- marketing-analytics-design.md's contacts. Its lifecycle_stage is the sales
-- funnel (customer, champion …), its contact_status whether the address can be
-- reached, last_activity_date the last time the person was seen; location is
-- composed from the address columns and read-only.
CREATE VIEW contacts AS
SELECT c.id AS contact_id,
       c.organization_id,
       c.email,
       c.phone,
       c.first_name,
       c.last_name,
       c.name,
       c.company_name,
       c.job_title,
       c.education_level,
       c.annual_revenue,
       c.funnel_stage AS lifecycle_stage,
       c.lead_score,
       c.engagement_score,
       c.contact_status,
       nullif(concat_ws(', ', c.city, c.state, c.country), '') AS location,
       c.preferences,
       c.communication_preferences,
       c.email_opt_in,
       c.sms_opt_in,
       c.marketing_consent_given,
       c.consent_date,
       c.consent_source,
       c.do_not_contact,
       c.processing_restricted,
       c.restriction_reason,
       c.restricted_at,
       c.gdpr_erased,
       c.erased_at,
       c.anonymized_at,
       c.last_seen_at AS last_activity_date,
       c.tags,
       c.first_seen_at,
       c.created_at,
       c.updated_at
  FROM customers c;

-- crm-design.md's customers. Its customer_id is the row's key; its
-- customer_number is cdp-schema.md's external customer_id; its address JSON is
-- composed from the address columns and read-only.
CREATE VIEW crm_customers AS
SELECT c.id AS customer_id,
       c.customer_id AS customer_number,
       c.organization_id,
       c.first_name,
       c.last_name,
       c.name,
       c.company_name,
       c.email,
       c.phone,
       c.date_of_birth,
       jsonb_strip_nulls(jsonb_build_object(
         'line1', c.address_line1, 'line2', c.address_line2, 'city', c.city,
         'state', c.state, 'postal_code', c.postal_code, 'country', c.country)) AS address,
       c.customer_type,
       c.customer_status,
       c.funnel_stage AS lifecycle_stage,
       c.lead_score,
       c.assigned_to,
       c.tags,
       c.education_level,
       c.job_title,
       c.annual_revenue,
       c.vip_status,
       c.last_contact_date,
       c.gdpr_erased,
       c.erased_at,
       c.processing_restricted,
       c.restriction_reason,
       c.restricted_at,
       c.anonymized_at,
       c.created_at,
       c.updated_at
  FROM customers c;

-- Segments ----------------------------------------------------------------------

CREATE VIEW audience_segments AS
SELECT s.id AS segment_id,
       s.organization_id,
       s.name AS segment_name,
       s.description AS segment_description,
       s.segment_type,
       s.criteria AS segment_criteria,
       CASE WHEN s.is_active THEN 'active' ELSE 'inactive' END AS segment_status,
       s.customer_count AS member_count,
       s.last_refreshed_at,
       s.created_at,
       s.updated_at
  FROM segments s;

CREATE VIEW customer_segments AS
SELECT s.id AS segment_id,
       s.organization_id,
       s.name AS segment_name,
       s.description,
       s.segment_type,
       s.criteria,
       s.customer_count AS member_count,
       s.is_active,
       s.created_at,
       s.updated_at
  FROM segments s;

CREATE VIEW contact_segments AS
SELECT m.id,
       m.customer_id AS contact_id,
       m.segment_id,
       m.added_at,
       m.is_active,
       m.removed_at,
       m.updated_at
  FROM segment_memberships m;

CREATE VIEW customer_segment_members AS
SELECT m.id,
       m.segment_id,
       m.customer_id,
       m.added_at,
       m.is_active,
       m.removed_at,
       m.updated_at
  FROM segment_memberships m;

-- Events --------------------------------------------------------------------

CREATE VIEW events AS
SELECT e.id AS event_id,
       e.customer_id AS contact_id,
       e.organization_id,
       e.event_type,
       e.event_category,
       e.event_name,
       e.occurred_at AS event_timestamp,
       e.event_value,
       e.event_properties AS event_data,
       e.content_id,
       e.campaign_id,
       e.session_id,
       e.page_url,
       e.referrer_url,
       e.utm_source,
       e.utm_medium,
       e.utm_campaign,
       e.utm_term,
       e.utm_content,
       e.device_type,
       e.country,
       e.city,
       e.created_at,
       e.updated_at
  FROM customer_events e;

-- Every event is an interaction in crm-design.md's sense.
CREATE VIEW interaction_logs AS
SELECT e.id AS interaction_id,
       e.customer_id,
       e.organization_id,
       e.event_type AS interaction_type,
       e.channel AS interaction_channel,
       e.occurred_at AS interaction_date,
       e.outcome,
       e.sentiment,
       e.campaign_id,
       e.user_id,
       e.duration_seconds,
       e.notes,
       e.event_properties AS details,
       e.created_at,
       e.updated_at
  FROM customer_events e;

-- A person's events that belong to a campaign (opens, clicks, replies …).
CREATE VIEW campaign_interactions AS
SELECT e.id AS interaction_id,
       e.customer_id AS contact_id,
       e.campaign_id,
       e.delivery_id,
       e.event_type AS interaction_type,
       e.channel,
       e.occurred_at AS interaction_timestamp,
       e.event_value AS interaction_value,
       e.event_properties AS interaction_data,
       e.organization_id,
       e.created_at,
       e.updated_at
  FROM customer_events e
 WHERE e.campaign_id IS NOT NULL;

-- Orders ----------------------------------------------------------------------

CREATE VIEW ecommerce_orders AS
SELECT o.id,
       o.campaign_id,
       o.retailer_id,
       o.customer_id,
       o.order_total AS order_value,
       o.currency,
       o.ordered_at AS order_date,
       o.product_count,
       o.order_status,
       o.attributed_to_email,
       o.created_at,
       o.updated_at
  FROM customer_orders o;

CREATE VIEW orders AS
SELECT o.id AS order_id,
       o.order_id AS order_number,
       o.customer_id,
       o.organization_id,
       o.order_total AS total_amount,
       o.currency,
       o.ordered_at AS order_date,
       o.order_status,
       o.campaign_id,
       o.created_at,
       o.updated_at
  FROM customer_orders o;

-- Campaigns -----------------------------------------------------------------------

CREATE VIEW marketing_campaigns AS
SELECT c.id AS campaign_id,
       c.organization_id,
       c.name AS campaign_name,
       c.description AS campaign_description,
       c.campaign_type,
       c.channel,
       c.objective,
       c.status AS campaign_status,
       c.start_date,
       c.end_date,
       c.budget_allocated,
       c.budget_spent,
       c.target_audience,
       c.created_by,
       c.created_at,
       c.updated_at
  FROM campaigns c;

-- crm-design.md's actual cost, clicks and conversions are the campaign's spend
-- and delivery totals.
CREATE VIEW crm_campaigns AS
SELECT c.id AS campaign_id,
       c.organization_id,
       c.name AS campaign_name,
       c.description,
       c.campaign_type,
       c.status AS campaign_status,
       c.start_date,
       c.end_date,
       c.budget_allocated AS budget,
       c.budget_spent AS actual_cost,
       c.total_clicked AS actual_clicks,
       c.total_converted AS actual_conversions,
       c.total_revenue_attributed AS actual_revenue,
       c.created_by,
       c.created_at,
       c.updated_at
  FROM campaigns c;

-- Per-recipient deliveries --------------------------------------------------------

CREATE VIEW campaign_sends AS
SELECT d.id,
       d.campaign_id,
       d.send_batch_id,
       d.customer_id,
       d.status AS send_status,
       d.sent_at,
       d.delivered_at,
       d.opened_at,
       d.first_click_at,
       d.last_click_at,
       d.total_clicks,
       d.unsubscribed_at,
       d.complained_at,
       d.converted_at,
       d.conversion_value,
       d.conversion_event,
       d.variant,
       d.subject_line,
       d.personalized_content,
       d.message_size_bytes,
       d.recipient_email,
       d.recipient_phone,
       d.delivery_attempt,
       d.bounce_reason,
       d.failure_reason,
       d.external_message_id,
       d.service_provider,
       d.created_at,
       d.updated_at
  FROM message_deliveries d;

-- campaign-performance.md's email_sends: an email send names its batch (the
-- email campaign) and takes that batch's campaign; sent now unless told otherwise.
CREATE VIEW email_sends AS
SELECT d.id,
       d.send_batch_id AS email_campaign_id,
       d.campaign_id,
       d.retailer_id,
       d.customer_id,
       d.recipient_email,
       d.recipient_name,
       d.sent_at,
       d.delivered_at,
       d.opened_at,
       d.first_click_at AS clicked_at,
       d.status,
       d.bounce_reason,
       d.created_at,
       d.updated_at
  FROM message_deliveries d;
ALTER VIEW email_sends ALTER COLUMN sent_at SET DEFAULT now();
ALTER VIEW email_sends ALTER COLUMN status SET DEFAULT 'sent';

CREATE VIEW email_deliveries AS
SELECT d.id AS delivery_id,
       d.send_batch_id AS send_id,
       d.campaign_id,
       d.customer_id AS contact_id,
       d.recipient_email AS email_address,
       d.status AS delivery_status,
       d.sent_at,
       d.delivered_at,
       d.opened_at,
       d.open_count,
       d.first_click_at AS clicked_at,
       d.total_clicks AS click_count,
       d.bounce_type,
       d.bounce_reason,
       d.unsubscribed_at,
       d.complained_at AS spam_reported_at,
       d.external_message_id,
       d.created_at,
       d.updated_at
  FROM message_deliveries d;

-- Send batches ----------------------------------------------------------------------

CREATE VIEW email_campaigns AS
SELECT b.id,
       b.campaign_id,
       b.subject,
       b.content,
       b.sender_email,
       b.sender_name,
       b.sent_at,
       b.total_recipients,
       b.created_at,
       b.updated_at
  FROM send_batches b
 WHERE b.channel = 'email';

CREATE VIEW marketing_campaign_sends AS
SELECT b.id AS send_id,
       b.campaign_id,
       b.channel,
       b.name AS send_name,
       b.template_id,
       b.segment_id,
       b.status AS send_status,
       b.scheduled_send_time AS scheduled_at,
       b.sent_at,
       b.completed_at,
       b.total_recipients,
       b.created_at,
       b.updated_at
  FROM send_batches b;

CREATE VIEW crm_email_sends AS
SELECT b.id AS send_id,
       b.campaign_id,
       b.template_id,
       b.segment_id,
       b.subject,
       b.status AS send_status,
       b.scheduled_send_time,
       b.sent_at,
       b.total_recipients,
       b.created_at,
       b.updated_at
  FROM send_batches b
 WHERE b.channel = 'email';

-- Privacy requests -------------------------------------------------------------------

CREATE VIEW gdpr_requests AS
SELECT r.id AS request_id,
       r.customer_id,
       r.request_type,
       r.request_details,
       r.status,
       r.requested_at,
       r.deadline_at,
       r.completed_at,
       r.affected_records,
       r.processing_notes,
       r.regulation,
       r.created_at,
       r.updated_at
  FROM privacy_requests r
 WHERE r.regulation = 'gdpr';
ALTER VIEW gdpr_requests ALTER COLUMN regulation SET DEFAULT 'gdpr';

CREATE VIEW marketing_gdpr_requests AS
SELECT r.id AS request_id,
       r.customer_id AS contact_id,
       r.request_type,
       r.status,
       r.requested_at,
       r.deadline_at,
       r.completed_at,
       r.affected_records AS records_affected,
       r.regulation,
       r.created_at,
       r.updated_at
  FROM privacy_requests r
 WHERE r.regulation = 'gdpr';
ALTER VIEW marketing_gdpr_requests ALTER COLUMN regulation SET DEFAULT 'gdpr';

CREATE VIEW ccpa_requests AS
SELECT r.id AS request_id,
       r.customer_id,
       r.request_type,
       r.request_details,
       r.verification_code,
       r.verification_method,
       r.verified_at,
       r.status,
       r.requested_at,
       r.deadline_at,
       r.completed_at,
       r.regulation,
       r.created_at,
       r.updated_at
  FROM privacy_requests r
 WHERE r.regulation = 'ccpa';
ALTER VIEW ccpa_requests ALTER COLUMN regulation SET DEFAULT 'ccpa';

-- Audit logs: the row changes in activity_logs -------------------------------

CREATE VIEW marketing_audit_log AS
SELECT a.id AS audit_id,
       a.table_name,
       a.record_id,
       a.operation,
       a.old_values,
       a.new_values,
       a.changed_fields,
       a.user_id,
       a.organization_id,
       a.customer_id AS contact_id,
       a.campaign_id,
       a.session_id::text AS session_id,
       a.ip_address,
       a.user_agent,
       a.change_reason,
       a.data_sensitivity,
       a.occurred_at AS changed_at
  FROM activity_logs a
 WHERE a.operation IS NOT NULL;

CREATE VIEW crm_audit_log AS
SELECT a.id AS audit_id,
       a.table_name,
       a.record_id,
       a.operation,
       a.old_values,
       a.new_values,
       a.changed_fields,
       a.user_id,
       a.organization_id,
       a.customer_id,
       a.session_id::text AS session_id,
       a.ip_address,
       a.user_agent,
       a.change_reason,
       a.data_sensitivity,
       a.occurred_at AS changed_at
  FROM activity_logs a
 WHERE a.operation IS NOT NULL;
