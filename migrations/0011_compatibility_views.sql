-- Every table name the documents use exists in a workspace. Where the name is
-- not a canonical table it is a view here, with that document's column names, so
-- the document's own queries run. Where a name means two things, one meaning
-- kept it and the other is prefixed with its document: crm_ (crm-design.md),
-- marketing_ (marketing-analytics-design.md), cdp_ (cdp-schema.md).
--
-- All of these views read one table with plain column references, so PostgreSQL
-- can write through them (INSERT/UPDATE/DELETE), except for the few computed
-- columns noted. Views that show a subset (email only, GDPR only) carry
-- WITH CHECK OPTION and default the column that selects the subset, so a row
-- written through a view always shows up in it.

-- People ---------------------------------------------------------------------

-- marketing-analytics-design.md's contacts.
CREATE VIEW contacts AS
SELECT id AS contact_id, organization_id, customer_id AS external_id, first_name, last_name, name, email, phone,
       location, company_name, job_title, annual_revenue, education_level, lifecycle_stage, lead_score,
       contact_status, email_opt_in, sms_opt_in, marketing_consent_given, consent_date, consent_source,
       communication_preferences, preferences, do_not_contact, gdpr_erased, erased_at, anonymized_at,
       processing_restricted, restriction_reason, restricted_at, last_activity_date, engagement_score,
       tags, custom_attributes, country, city, first_seen_at, created_at, updated_at
  FROM customers;

-- crm-design.md's customers: customer_id is the person's uuid there and the
-- client-system id is customer_number.
CREATE VIEW crm_customers AS
SELECT id AS customer_id, customer_id AS customer_number, organization_id, first_name, last_name, name,
       company_name, email, phone, address, date_of_birth, education_level, job_title, annual_revenue,
       customer_type, customer_status, lifecycle_stage, lead_score, engagement_score, assigned_to, vip_status, tags,
       last_contact_date, gdpr_erased, erased_at, anonymized_at, processing_restricted, restriction_reason,
       restricted_at, created_at, updated_at
  FROM customers;

-- campaign-performance.md's users: the brand's portal accounts. is_active is
-- computed from status (read-only through the view).
CREATE VIEW users AS
SELECT id, email, name, user_type, region, created_at, updated_at, (status = 'active') AS is_active
  FROM platform_users;
ALTER VIEW users ALTER COLUMN user_type SET DEFAULT 'retailer';

-- crm-design.md's users.
CREATE VIEW crm_users AS
SELECT id AS user_id, organization_id, first_name, last_name, name, email, phone, job_title, department,
       role AS user_role, status AS user_status, timezone, language, last_login, created_at, updated_at
  FROM platform_users;

CREATE VIEW marketing_organizations AS
SELECT organization_id, organization_name, legal_name, industry, website, country, timezone, currency, settings,
       is_active, created_at, updated_at
  FROM organizations;

-- Segments ---------------------------------------------------------------------

CREATE VIEW audience_segments AS
SELECT id AS segment_id, organization_id, name AS segment_name, description AS segment_description, segment_type,
       segment_status, criteria AS segment_criteria, customer_count AS contact_count, is_active, auto_refresh,
       refresh_frequency, last_refreshed_at, created_by, created_at, updated_at
  FROM segments;

CREATE VIEW contact_segments AS
SELECT id, segment_id, customer_id AS contact_id, added_at, first_qualified_at, qualification_score,
       membership_source, is_active, removed_at, created_at, updated_at
  FROM segment_memberships;

CREATE VIEW customer_segments AS
SELECT id AS segment_id, organization_id, name AS segment_name, description, segment_type, segment_status, criteria,
       customer_count, is_active, auto_refresh, last_refreshed_at, created_by, created_at, updated_at
  FROM segments;

CREATE VIEW customer_segment_members AS
SELECT id, segment_id, customer_id, added_at, first_qualified_at, qualification_score, membership_source,
       is_active, removed_at, created_at, updated_at
  FROM segment_memberships;

-- Templates --------------------------------------------------------------------

CREATE VIEW crm_email_templates AS
SELECT template_id, organization_id, template_name, category, subject_line AS subject, html_content AS body,
       text_content AS text_body, merge_fields, is_active, version, usage_count, last_used_at, created_by,
       created_at, updated_at
  FROM email_templates;

-- Send batches -----------------------------------------------------------------

-- campaign-performance.md's email_campaigns: the email batches of a campaign.
CREATE VIEW email_campaigns AS
SELECT id, campaign_id, subject, content, sender_email, sender_name, sent_at, total_recipients, created_at,
       updated_at, name, channel, send_status, scheduled_send_time, variant, template_id
  FROM send_batches
 WHERE channel = 'email'
  WITH CASCADED CHECK OPTION;

-- marketing-analytics-design.md's campaign_sends: "campaign execution with
-- scheduling and delivery tracking", a batch there, in any channel.
CREATE VIEW marketing_campaign_sends AS
SELECT id AS send_id, campaign_id, organization_id, name AS send_name, channel AS send_channel, send_status,
       scheduled_send_time AS scheduled_at, sent_at, completed_at, total_recipients, template_id, segment_id,
       subject AS subject_line, variant, created_at, updated_at
  FROM send_batches;

-- crm-design.md's email_sends: "email campaign execution and performance
-- tracking", a batch there with its reported results.
CREATE VIEW crm_email_sends AS
SELECT id AS send_id, campaign_id, organization_id, template_id, segment_id, subject, send_status,
       scheduled_send_time, sent_at, completed_at, total_recipients,
       reported_delivered AS delivered_count, reported_unique_opens AS opened_count,
       reported_unique_clicks AS clicked_count, reported_bounced AS bounced_count,
       reported_unsubscribes AS unsubscribed_count, created_at, updated_at, channel
  FROM send_batches
 WHERE channel = 'email'
  WITH CASCADED CHECK OPTION;

-- Per-recipient deliveries -------------------------------------------------------

-- cdp-schema.md's campaign_sends (per recipient, any channel).
CREATE VIEW campaign_sends AS
SELECT id, campaign_id, customer_id, send_status, sent_at, delivered_at, opened_at, first_click_at, last_click_at,
       total_clicks, unsubscribed_at, complained_at, converted_at, conversion_value, conversion_event, variant,
       subject_line, personalized_content, message_size_bytes, recipient_email, recipient_phone, delivery_attempt,
       bounce_reason, failure_reason, external_message_id, service_provider, created_at, updated_at,
       send_batch_id, channel
  FROM deliveries;

-- campaign-performance.md's email_sends (per recipient, email).
CREATE VIEW email_sends AS
SELECT id, send_batch_id AS email_campaign_id, retailer_id, recipient_email, recipient_name, sent_at, delivered_at,
       opened_at, first_click_at AS clicked_at, send_status AS status, bounce_reason, campaign_id, customer_id,
       channel, created_at, updated_at
  FROM deliveries
 WHERE channel = 'email'
  WITH CASCADED CHECK OPTION;
ALTER VIEW email_sends ALTER COLUMN status SET DEFAULT 'sent';

-- marketing-analytics-design.md's email_deliveries.
CREATE VIEW email_deliveries AS
SELECT id AS delivery_id, send_batch_id AS send_id, customer_id AS contact_id, campaign_id,
       recipient_email AS email_address, send_status AS delivery_status, sent_at, delivered_at, opened_at,
       last_opened_at, open_count, first_click_at AS clicked_at, total_clicks AS click_count, bounce_type,
       bounce_reason, unsubscribed_at, complained_at, machine_opened, external_message_id, service_provider,
       channel, created_at, updated_at
  FROM deliveries
 WHERE channel = 'email'
  WITH CASCADED CHECK OPTION;

-- Events -----------------------------------------------------------------------

-- marketing-analytics-design.md's events.
CREATE VIEW events AS
SELECT id AS event_id, customer_id AS contact_id, organization_id, event_type, event_category, event_name,
       occurred_at AS event_timestamp, event_value, event_properties AS event_data, content_id, campaign_id,
       delivery_id, session_id, page_url, referrer_url, utm_source, utm_medium, utm_campaign, utm_term, utm_content,
       device_type, country, city, created_at, updated_at
  FROM customer_events;

-- marketing-analytics-design.md's campaign_interactions: a person's events that
-- belong to a campaign.
CREATE VIEW campaign_interactions AS
SELECT id AS interaction_id, customer_id AS contact_id, campaign_id, delivery_id, event_type AS interaction_type,
       channel AS interaction_channel, occurred_at AS interaction_timestamp, event_value AS interaction_value,
       event_properties AS interaction_data, organization_id, created_at, updated_at
  FROM customer_events
 WHERE campaign_id IS NOT NULL
  WITH CASCADED CHECK OPTION;

-- crm-design.md's interaction_logs: every event is an interaction with the person.
CREATE VIEW interaction_logs AS
SELECT id AS interaction_id, customer_id, organization_id, occurred_at AS interaction_date,
       event_type AS interaction_type, channel AS interaction_channel, event_name AS subject, outcome, sentiment,
       campaign_id, user_id, duration_seconds, notes, created_at, updated_at
  FROM customer_events;

-- Orders -----------------------------------------------------------------------

-- crm-design.md's orders: order_id is the row's uuid there; the shop's order
-- number is order_number.
CREATE VIEW orders AS
SELECT id AS order_id, order_id AS order_number, customer_id, order_total AS total_amount, ordered_at AS order_date,
       order_status, currency, campaign_id, source_system, created_at, updated_at
  FROM customer_orders;

-- campaign-performance.md's ecommerce_orders.
CREATE VIEW ecommerce_orders AS
SELECT id, campaign_id, retailer_id, order_total AS order_value, ordered_at AS order_date, product_count,
       order_status, attributed_to_email, created_at, customer_id, order_id AS order_number, updated_at
  FROM customer_orders;
ALTER VIEW ecommerce_orders ALTER COLUMN order_status SET DEFAULT 'completed';

-- Privacy requests ---------------------------------------------------------------

-- marketing-analytics-design.md's gdpr_requests.
CREATE VIEW gdpr_requests AS
SELECT id AS request_id, customer_id AS contact_id, regulation, request_type, request_status AS status,
       request_details, requested_at, compliance_deadline, completed_at, records_affected, data_extracted,
       processing_notes, handled_by, organization_id, created_at, updated_at
  FROM privacy_requests
 WHERE regulation = 'gdpr'
  WITH CASCADED CHECK OPTION;
ALTER VIEW gdpr_requests ALTER COLUMN regulation SET DEFAULT 'gdpr';

-- crm-design.md's gdpr_requests.
CREATE VIEW crm_gdpr_requests AS
SELECT id AS request_id, customer_id, regulation, request_type, request_details, request_status AS status,
       requested_at, completed_at, records_affected AS affected_records, organization_id, created_at, updated_at
  FROM privacy_requests
 WHERE regulation = 'gdpr'
  WITH CASCADED CHECK OPTION;
ALTER VIEW crm_gdpr_requests ALTER COLUMN regulation SET DEFAULT 'gdpr';

-- crm-design.md's ccpa_requests.
CREATE VIEW ccpa_requests AS
SELECT id AS request_id, customer_id, regulation, request_type, verification_code, verification_method,
       request_status AS status, data_categories, requested_at, verified_at, compliance_deadline, completed_at,
       records_affected AS affected_records, organization_id, created_at, updated_at
  FROM privacy_requests
 WHERE regulation = 'ccpa'
  WITH CASCADED CHECK OPTION;
ALTER VIEW ccpa_requests ALTER COLUMN regulation SET DEFAULT 'ccpa';

-- Audit logs -------------------------------------------------------------------

CREATE VIEW marketing_audit_log AS
SELECT id AS audit_id, table_name, record_id, operation, old_values, new_values, user_id, organization_id,
       customer_id AS contact_id, campaign_id, session_id, ip_address, user_agent, change_reason, data_sensitivity,
       changed_fields, occurred_at AS changed_at
  FROM activity_logs
 WHERE operation IS NOT NULL;

CREATE VIEW crm_audit_log AS
SELECT id AS audit_id, table_name, record_id, operation, old_values, new_values, user_id, organization_id,
       customer_id, session_id, ip_address, user_agent, change_reason, data_sensitivity, changed_fields,
       occurred_at AS changed_at
  FROM activity_logs
 WHERE operation IS NOT NULL;
