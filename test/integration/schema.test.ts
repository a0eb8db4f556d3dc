import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlValue } from '../../core/api/sql';
import { defaultMigrationsDir, loadMigrations, migrate } from '../../core/db/migrations';
import { WorkspaceDb } from '../../core/db/workspace-db';
import { tempService, type TempService } from '../support/temp-service';

/**
 * The canonical schema in a freshly created workspace: every name the five design
 * documents use exists with the columns the document gives it, every table is
 * ready for sync, the default rows are there, and the behaviour the documents
 * put in the database (triggers, views) computes what it should. Expected numbers
 * are worked out by hand from the rows each test writes.
 */

interface DocumentObject {
  name: string;
  /** Columns the document gives the object (in its CREATE TABLE, or used by its functions and queries). */
  columns: string[];
  /** When another document keeps this name: the object that carries this document's meaning. */
  carriedBy?: string;
}

const CDP: DocumentObject[] = [
  {
    name: 'platform_users',
    columns: [
      'id',
      'email',
      'password_hash',
      'name',
      'avatar_url',
      'role',
      'status',
      'email_verified',
      'email_verification_token',
      'password_reset_token',
      'password_reset_expires',
      'last_login',
      'login_attempts',
      'locked_until',
      'invited_by',
      'invitation_token',
      'invitation_expires',
      'invitation_accepted_at',
      'timezone',
      'language',
      'theme',
      'dashboard_config',
      'notification_preferences',
      'created_at',
      'updated_at',
      'created_by',
      'updated_by',
    ],
  },
  {
    name: 'platform_user_sessions',
    columns: [
      'id',
      'user_id',
      'session_token',
      'refresh_token',
      'ip_address',
      'user_agent',
      'device_type',
      'browser',
      'os',
      'country',
      'city',
      'created_at',
      'expires_at',
      'last_activity',
      'is_active',
      'is_suspicious',
      'logout_reason',
    ],
  },
  {
    name: 'role_permissions',
    columns: ['id', 'role', 'permission', 'resource', 'action', 'is_active', 'created_at'],
  },
  {
    name: 'customers',
    columns: [
      'id',
      'customer_id',
      'email',
      'phone',
      'name',
      'date_of_birth',
      'gender',
      'age_group',
      'country',
      'state',
      'city',
      'postal_code',
      'timezone',
      'customer_type',
      'customer_status',
      'lifecycle_stage',
      'first_seen_at',
      'last_seen_at',
      'activated_at',
      'churned_at',
      'acquisition_channel',
      'acquisition_campaign',
      'acquisition_source',
      'referrer_url',
      'utm_parameters',
      'total_orders',
      'total_revenue',
      'average_order_value',
      'lifetime_value',
      'days_since_last_order',
      'total_sessions',
      'total_page_views',
      'engagement_score',
      'churn_risk_score',
      'custom_attributes',
      'tags',
      'data_source',
      'external_ids',
      'created_at',
      'updated_at',
      'imported_at',
      'last_calculated_at',
    ],
  },
  {
    name: 'customer_events',
    columns: [
      'id',
      'customer_id',
      'event_type',
      'event_category',
      'event_name',
      'event_properties',
      'event_value',
      'session_id',
      'page_url',
      'page_title',
      'referrer_url',
      'ip_address',
      'user_agent',
      'device_type',
      'browser',
      'os',
      'screen_resolution',
      'country',
      'city',
      'utm_source',
      'utm_medium',
      'utm_campaign',
      'utm_term',
      'utm_content',
      'occurred_at',
      'created_at',
      'hour_of_day',
      'day_of_week',
      'week_of_year',
      'month_of_year',
      'data_source',
      'source_system',
      'batch_id',
    ],
  },
  {
    name: 'customer_orders',
    columns: [
      'id',
      'order_id',
      'customer_id',
      'order_status',
      'order_total',
      'currency',
      'subtotal',
      'tax_amount',
      'shipping_amount',
      'discount_amount',
      'ordered_at',
      'confirmed_at',
      'shipped_at',
      'delivered_at',
      'cancelled_at',
      'shipping_country',
      'shipping_state',
      'shipping_city',
      'billing_country',
      'billing_state',
      'billing_city',
      'acquisition_channel',
      'campaign_id',
      'promotion_code',
      'payment_method',
      'payment_status',
      'is_first_order',
      'is_subscription',
      'subscription_id',
      'order_source',
      'notes',
      'custom_fields',
      'created_at',
      'updated_at',
    ],
  },
  {
    name: 'customer_order_items',
    columns: [
      'id',
      'order_id',
      'product_id',
      'product_name',
      'product_category',
      'product_subcategory',
      'product_sku',
      'product_brand',
      'unit_price',
      'quantity',
      'total_price',
      'discount_amount',
      'product_attributes',
      'created_at',
    ],
  },
  {
    name: 'campaigns',
    columns: [
      'id',
      'name',
      'description',
      'campaign_type',
      'channel',
      'status',
      'start_date',
      'end_date',
      'subject_line',
      'content_template_id',
      'content_variables',
      'message_content',
      'target_audience_type',
      'target_segments',
      'target_filters',
      'exclusion_segments',
      'send_immediately',
      'scheduled_send_time',
      'timezone_send',
      'frequency_cap',
      'is_ab_test',
      'ab_test_config',
      'budget',
      'cost_per_send',
      'max_sends',
      'daily_send_limit',
      'total_targeted',
      'total_sent',
      'total_delivered',
      'total_bounced',
      'total_opened',
      'total_clicked',
      'total_unsubscribed',
      'total_converted',
      'total_revenue_attributed',
      'delivery_rate',
      'open_rate',
      'click_rate',
      'conversion_rate',
      'roi',
      'external_campaign_id',
      'service_provider',
      'created_at',
      'updated_at',
      'created_by',
      'updated_by',
      'approval_status',
      'approved_by',
      'approved_at',
      'rejection_reason',
    ],
  },
  {
    name: 'campaign_sends',
    columns: [
      'id',
      'campaign_id',
      'customer_id',
      'send_status',
      'sent_at',
      'delivered_at',
      'opened_at',
      'first_click_at',
      'last_click_at',
      'total_clicks',
      'unsubscribed_at',
      'complained_at',
      'converted_at',
      'conversion_value',
      'conversion_event',
      'variant',
      'subject_line',
      'personalized_content',
      'message_size_bytes',
      'recipient_email',
      'recipient_phone',
      'delivery_attempt',
      'bounce_reason',
      'failure_reason',
      'external_message_id',
      'service_provider',
      'created_at',
    ],
  },
  {
    name: 'promotions',
    columns: [
      'id',
      'name',
      'description',
      'promotion_code',
      'code_type',
      'discount_type',
      'discount_value',
      'max_discount_amount',
      'min_order_value',
      'buy_quantity',
      'get_quantity',
      'get_discount_percentage',
      'tier_config',
      'usage_limit_total',
      'usage_limit_per_customer',
      'current_usage_count',
      'valid_from',
      'valid_until',
      'applicable_products',
      'applicable_categories',
      'excluded_products',
      'excluded_categories',
      'eligible_customer_segments',
      'eligible_customer_types',
      'min_customer_tier',
      'first_time_customers_only',
      'is_active',
      'is_public',
      'requires_code',
      'campaign_id',
      'total_redemptions',
      'total_discount_given',
      'total_revenue_attributed',
      'created_at',
      'updated_at',
      'created_by',
      'updated_by',
    ],
  },
  {
    name: 'promotion_redemptions',
    columns: [
      'id',
      'promotion_id',
      'customer_id',
      'order_id',
      'redemption_code',
      'discount_amount',
      'original_order_value',
      'final_order_value',
      'redemption_channel',
      'redeemed_at',
      'was_valid',
      'validation_errors',
    ],
  },
  {
    name: 'cohorts',
    columns: [
      'id',
      'name',
      'description',
      'cohort_type',
      'time_period',
      'date_field',
      'start_date',
      'end_date',
      'inclusion_criteria',
      'retention_periods',
      'success_event',
      'success_criteria',
      'total_customers',
      'cohort_periods_data',
      'is_active',
      'auto_refresh',
      'refresh_frequency',
      'last_refreshed_at',
      'last_calculation_duration',
      'created_at',
      'updated_at',
      'created_by',
      'updated_by',
    ],
  },
  {
    name: 'cohort_memberships',
    columns: [
      'id',
      'cohort_id',
      'customer_id',
      'cohort_period',
      'period_start_date',
      'period_end_date',
      'joined_cohort_at',
      'customer_attributes_snapshot',
    ],
  },
  {
    name: 'cohort_retention_data',
    columns: [
      'id',
      'cohort_id',
      'cohort_period',
      'analysis_period',
      'analysis_date',
      'cohort_size',
      'active_customers',
      'retention_rate',
      'cumulative_retention_rate',
      'period_revenue',
      'cumulative_revenue',
      'average_revenue_per_user',
      'total_orders',
      'total_sessions',
      'total_events',
      'calculated_at',
      'calculation_version',
    ],
  },
  {
    name: 'segments',
    columns: [
      'id',
      'name',
      'description',
      'segment_type',
      'criteria',
      'sql_query',
      'query_parameters',
      'customer_count',
      'last_customer_count',
      'customer_count_change',
      'average_ltv',
      'average_order_value',
      'average_engagement_score',
      'churn_rate',
      'auto_refresh',
      'refresh_frequency',
      'last_refreshed_at',
      'next_refresh_at',
      'refresh_duration',
      'is_active',
      'times_used_in_campaigns',
      'last_used_at',
      'created_at',
      'updated_at',
      'created_by',
      'updated_by',
    ],
  },
  {
    name: 'segment_memberships',
    columns: [
      'id',
      'segment_id',
      'customer_id',
      'added_at',
      'first_qualified_at',
      'qualification_score',
      'is_active',
      'removed_at',
    ],
  },
  {
    name: 'dashboard_configurations',
    columns: [
      'id',
      'user_id',
      'name',
      'description',
      'is_default',
      'is_template',
      'layout_config',
      'is_public',
      'shared_with_roles',
      'created_at',
      'updated_at',
      'last_viewed_at',
      'view_count',
    ],
  },
  {
    name: 'dashboard_tiles',
    columns: [
      'id',
      'dashboard_id',
      'title',
      'tile_type',
      'position_x',
      'position_y',
      'width',
      'height',
      'data_source_type',
      'data_config',
      'display_config',
      'auto_refresh',
      'refresh_interval_seconds',
      'last_refreshed_at',
      'last_refresh_duration',
      'cache_enabled',
      'cache_duration_seconds',
      'cached_data',
      'cached_at',
      'is_active',
      'has_error',
      'last_error',
      'created_at',
      'updated_at',
    ],
  },
  {
    name: 'kpi_definitions',
    columns: [
      'id',
      'name',
      'display_name',
      'description',
      'category',
      'calculation_method',
      'base_table',
      'calculation_field',
      'calculation_sql',
      'filters',
      'time_dimension',
      'supports_time_comparison',
      'default_time_range',
      'format_type',
      'decimal_places',
      'prefix',
      'suffix',
      'target_value',
      'target_direction',
      'is_active',
      'created_at',
      'updated_at',
      'created_by',
    ],
  },
  {
    name: 'data_connections',
    columns: [
      'id',
      'name',
      'description',
      'connection_type',
      'connection_config',
      'auth_type',
      'auth_config',
      'sync_enabled',
      'sync_frequency',
      'sync_tables',
      'last_sync_at',
      'next_sync_at',
      'status',
      'last_test_at',
      'last_test_success',
      'last_error',
      'average_response_time',
      'total_queries_executed',
      'total_rows_synced',
      'created_at',
      'updated_at',
      'created_by',
      'updated_by',
    ],
  },
  {
    name: 'activity_logs',
    columns: [
      'id',
      'user_id',
      'user_name',
      'user_email',
      'user_role',
      'activity_type',
      'resource_type',
      'resource_id',
      'resource_name',
      'action_description',
      'old_values',
      'new_values',
      'changed_fields',
      'ip_address',
      'user_agent',
      'session_id',
      'request_id',
      'api_endpoint',
      'http_method',
      'response_status',
      'processing_time_ms',
      'severity',
      'tags',
      'additional_context',
      'occurred_at',
      'hour_of_day',
      'day_of_week',
    ],
  },
  {
    name: 'system_settings',
    columns: [
      'id',
      'setting_key',
      'setting_value',
      'category',
      'setting_type',
      'data_type',
      'is_encrypted',
      'is_sensitive',
      'validation_rules',
      'environment',
      'description',
      'documentation_url',
      'requires_restart',
      'last_changed_by',
      'change_reason',
      'created_at',
      'updated_at',
    ],
  },
  {
    name: 'scheduled_jobs',
    columns: [
      'id',
      'job_name',
      'job_type',
      'cron_expression',
      'frequency',
      'timezone',
      'job_config',
      'timeout_seconds',
      'max_retries',
      'is_enabled',
      'last_run_at',
      'last_run_status',
      'last_run_duration',
      'last_error_message',
      'next_run_at',
      'total_runs',
      'successful_runs',
      'failed_runs',
      'average_duration',
      'created_at',
      'updated_at',
      'created_by',
    ],
  },
  {
    name: 'customer_summary',
    columns: [
      'id',
      'customer_id',
      'email',
      'name',
      'customer_type',
      'customer_status',
      'lifecycle_stage',
      'total_orders',
      'total_revenue',
      'lifetime_value',
      'engagement_score',
      'churn_risk_score',
      'first_seen_at',
      'last_seen_at',
      'days_since_last_seen',
      'active_last_7_days',
      'purchased_last_30_days',
    ],
  },
  {
    name: 'campaign_performance_summary',
    columns: [
      'id',
      'name',
      'campaign_type',
      'status',
      'start_date',
      'end_date',
      'total_sent',
      'total_delivered',
      'total_opened',
      'total_clicked',
      'total_converted',
      'delivery_rate',
      'open_rate',
      'click_rate',
      'conversion_rate',
      'roi_percentage',
    ],
  },
  {
    name: 'daily_metrics_summary',
    columns: [
      'metric_date',
      'daily_active_customers',
      'total_events',
      'purchases',
      'daily_revenue',
      'new_signups',
    ],
  },
];

const MARKETING: DocumentObject[] = [
  { name: 'marketing_organizations', columns: ['organization_id', 'organization_name'] },
  {
    name: 'contacts',
    columns: [
      'contact_id',
      'organization_id',
      'first_name',
      'last_name',
      'email',
      'phone',
      'location',
      'company_name',
      'job_title',
      'education_level',
      'annual_revenue',
      'lifecycle_stage',
      'lead_score',
      'contact_status',
      'preferences',
      'communication_preferences',
      'email_opt_in',
      'sms_opt_in',
      'marketing_consent_given',
      'consent_date',
      'consent_source',
      'do_not_contact',
      'processing_restricted',
      'restriction_reason',
      'restricted_at',
      'gdpr_erased',
      'erased_at',
      'anonymized_at',
      'last_activity_date',
    ],
  },
  { name: 'audience_segments', columns: ['segment_id', 'organization_id', 'segment_status'] },
  { name: 'contact_segments', columns: ['contact_id', 'segment_id'] },
  {
    name: 'campaign_sends',
    columns: ['send_id', 'campaign_id', 'send_status'],
    carriedBy: 'marketing_campaign_sends',
  },
  { name: 'email_deliveries', columns: ['send_id', 'contact_id', 'delivery_status', 'sent_at'] },
  {
    name: 'content_library',
    columns: [
      'content_id',
      'organization_id',
      'content_title',
      'content_description',
      'content_type',
      'publish_status',
      'published_at',
      'engagement_score',
      'view_count',
      'tags',
    ],
  },
  { name: 'email_templates', columns: ['id'] },
  { name: 'content_segment_associations', columns: ['content_id', 'segment_id'] },
  {
    name: 'events',
    columns: [
      'event_id',
      'contact_id',
      'organization_id',
      'event_type',
      'event_category',
      'event_timestamp',
      'event_value',
      'event_data',
      'content_id',
    ],
  },
  { name: 'campaign_interactions', columns: ['contact_id', 'campaign_id'] },
  {
    name: 'campaign_performance',
    columns: [
      'campaign_id',
      'report_date',
      'report_hour',
      'sent_count',
      'delivered_count',
      'opened_count',
      'clicked_count',
      'converted_count',
      'conversion_value',
      'spend',
      'delivery_rate',
      'open_rate',
      'click_rate',
      'conversion_rate',
      'cost_per_acquisition',
      'return_on_ad_spend',
    ],
  },
  {
    name: 'touchpoints',
    columns: ['touchpoint_id', 'contact_id', 'touchpoint_type', 'touchpoint_date', 'touchpoint_sequence'],
  },
  {
    name: 'gdpr_requests',
    columns: [
      'request_id',
      'contact_id',
      'request_type',
      'status',
      'requested_at',
      'completed_at',
      'records_affected',
    ],
    carriedBy: 'marketing_gdpr_requests',
  },
  {
    name: 'marketing_audit_log',
    columns: [
      'audit_id',
      'table_name',
      'record_id',
      'operation',
      'old_values',
      'new_values',
      'user_id',
      'organization_id',
      'contact_id',
      'campaign_id',
      'session_id',
      'ip_address',
      'user_agent',
      'change_reason',
      'data_sensitivity',
      'changed_at',
    ],
  },
  {
    name: 'data_access_log',
    columns: [
      'table_name',
      'record_id',
      'user_id',
      'organization_id',
      'access_type',
      'ip_address',
      'user_agent',
      'accessed_at',
    ],
  },
  {
    name: 'campaigns',
    columns: [
      'campaign_id',
      'campaign_name',
      'campaign_type',
      'campaign_status',
      'budget_allocated',
      'budget_spent',
      'organization_id',
      'target_audience',
    ],
    carriedBy: 'marketing_campaigns',
  },
  {
    name: 'campaign_performance_dashboard',
    columns: [
      'campaign_id',
      'campaign_name',
      'campaign_type',
      'campaign_status',
      'budget_allocated',
      'budget_spent',
      'total_sent',
      'total_delivered',
      'avg_delivery_rate',
      'total_opens',
      'total_clicks',
      'avg_open_rate',
      'avg_click_rate',
      'total_conversions',
      'total_conversion_value',
      'avg_conversion_rate',
      'total_spend',
      'avg_cpa',
      'avg_roas',
      'overall_performance_score',
      'conversion_trend',
    ],
  },
  {
    name: 'marketing_operations_dashboard',
    columns: [
      'organization_id',
      'organization_name',
      'active_campaigns',
      'total_campaign_spend',
      'avg_campaign_performance',
      'total_contacts',
      'converted_contacts',
      'avg_lead_score',
      'total_events_last_30d',
      'email_opens_last_30d',
      'form_submissions_last_30d',
      'published_content_items',
      'total_content_views',
      'avg_content_engagement',
      'new_customers_last_30d',
      'overall_conversion_rate',
      'blended_roas',
      'overall_marketing_health_score',
    ],
  },
];

const CAMPAIGN_PERFORMANCE: DocumentObject[] = [
  {
    name: 'users',
    columns: ['id', 'email', 'name', 'user_type', 'region', 'created_at', 'updated_at', 'is_active'],
  },
  {
    name: 'campaigns',
    columns: [
      'id',
      'name',
      'description',
      'status',
      'start_date',
      'end_date',
      'budget_allocated',
      'budget_spent',
      'created_by',
      'created_at',
      'updated_at',
    ],
  },
  {
    name: 'email_campaigns',
    columns: [
      'id',
      'campaign_id',
      'subject',
      'content',
      'sender_email',
      'sender_name',
      'sent_at',
      'total_recipients',
      'created_at',
    ],
  },
  {
    name: 'email_sends',
    columns: [
      'id',
      'email_campaign_id',
      'retailer_id',
      'recipient_email',
      'recipient_name',
      'sent_at',
      'delivered_at',
      'opened_at',
      'clicked_at',
      'status',
      'bounce_reason',
    ],
  },
  {
    name: 'crm_conversions',
    columns: [
      'id',
      'campaign_id',
      'retailer_id',
      'email_send_id',
      'conversion_type',
      'conversion_value',
      'conversion_date',
      'product_category',
      'created_at',
    ],
  },
  {
    name: 'ecommerce_orders',
    columns: [
      'id',
      'campaign_id',
      'retailer_id',
      'order_value',
      'order_date',
      'product_count',
      'order_status',
      'attributed_to_email',
      'created_at',
    ],
  },
  {
    name: 'campaign_performance_summary',
    columns: [
      'campaign_id',
      'campaign_name',
      'status',
      'start_date',
      'end_date',
      'budget_allocated',
      'budget_spent',
      'total_retailers',
      'total_emails_sent',
      'emails_delivered',
      'emails_opened',
      'emails_clicked',
      'open_rate',
      'click_rate',
      'total_revenue',
      'roi_percentage',
      'performance_tier',
      'created_at',
      'updated_at',
    ],
    carriedBy: 'campaign_roi_summary',
  },
];

const CRM: DocumentObject[] = [
  { name: 'organizations', columns: ['organization_id', 'organization_name'] },
  {
    name: 'users',
    columns: ['user_id', 'first_name', 'last_name', 'user_role', 'user_status', 'department'],
    carriedBy: 'crm_users',
  },
  {
    name: 'customers',
    columns: [
      'customer_id',
      'customer_number',
      'organization_id',
      'first_name',
      'last_name',
      'company_name',
      'email',
      'phone',
      'date_of_birth',
      'address',
      'customer_type',
      'customer_status',
      'lifecycle_stage',
      'lead_score',
      'assigned_to',
      'tags',
      'education_level',
      'job_title',
      'annual_revenue',
      'vip_status',
      'last_contact_date',
      'gdpr_erased',
      'erased_at',
      'processing_restricted',
      'restriction_reason',
      'restricted_at',
      'anonymized_at',
      'created_at',
      'updated_at',
    ],
    carriedBy: 'crm_customers',
  },
  { name: 'customer_segments', columns: ['segment_id', 'segment_name'] },
  { name: 'customer_segment_members', columns: ['segment_id', 'customer_id'] },
  {
    name: 'opportunities',
    columns: [
      'opportunity_id',
      'opportunity_name',
      'customer_id',
      'organization_id',
      'sales_stage',
      'estimated_value',
      'probability_percentage',
      'expected_close_date',
      'actual_close_date',
      'opportunity_status',
      'created_at',
      'notes',
      'assigned_to',
      'created_by',
    ],
  },
  { name: 'opportunity_activities', columns: ['opportunity_id'] },
  { name: 'quotes', columns: ['id'] },
  { name: 'quote_items', columns: ['quote_id'] },
  {
    name: 'support_tickets',
    columns: [
      'ticket_id',
      'ticket_subject',
      'ticket_status',
      'ticket_priority',
      'ticket_type',
      'category',
      'customer_id',
      'organization_id',
      'assigned_to',
      'assigned_at',
      'customer_notes',
      'customer_satisfaction_rating',
      'created_at',
      'updated_at',
    ],
  },
  { name: 'ticket_messages', columns: ['ticket_id'] },
  {
    name: 'campaigns',
    columns: [
      'campaign_id',
      'organization_id',
      'campaign_status',
      'actual_cost',
      'actual_conversions',
      'actual_clicks',
    ],
    carriedBy: 'crm_campaigns',
  },
  { name: 'email_templates', columns: ['id'] },
  {
    name: 'email_sends',
    columns: ['campaign_id', 'send_status', 'segment_id', 'scheduled_send_time'],
    carriedBy: 'crm_email_sends',
  },
  {
    name: 'interaction_logs',
    columns: [
      'customer_id',
      'interaction_date',
      'interaction_type',
      'interaction_channel',
      'outcome',
      'sentiment',
      'campaign_id',
    ],
  },
  { name: 'orders', columns: ['order_id', 'customer_id', 'total_amount', 'order_date'] },
  {
    name: 'gdpr_requests',
    columns: [
      'request_id',
      'customer_id',
      'request_type',
      'request_details',
      'status',
      'completed_at',
      'affected_records',
    ],
  },
  {
    name: 'ccpa_requests',
    columns: [
      'request_id',
      'customer_id',
      'request_type',
      'verification_code',
      'verification_method',
      'status',
    ],
  },
  {
    name: 'crm_audit_log',
    columns: [
      'audit_id',
      'table_name',
      'record_id',
      'operation',
      'old_values',
      'new_values',
      'user_id',
      'organization_id',
      'customer_id',
      'session_id',
      'ip_address',
      'user_agent',
      'change_reason',
      'data_sensitivity',
      'changed_at',
    ],
  },
  {
    name: 'sales_dashboard',
    columns: [
      'organization_id',
      'prospects_count',
      'qualified_leads_count',
      'proposals_count',
      'negotiations_count',
      'prospects_value',
      'qualified_value',
      'proposal_value',
      'negotiation_value',
      'monthly_conversion_rate',
      'avg_deal_size',
      'avg_sales_cycle_days',
      'forecasted_revenue_3m',
    ],
  },
  {
    name: 'crm_operations_dashboard',
    columns: [
      'organization_id',
      'organization_name',
      'total_customers',
      'active_customers',
      'new_customers_30d',
      'avg_lead_score',
      'total_opportunities',
      'won_opportunities',
      'total_revenue_won',
      'avg_sales_cycle_months',
      'total_tickets',
      'open_tickets',
      'avg_resolution_hours',
      'avg_customer_satisfaction',
      'active_campaigns',
      'total_campaign_cost',
      'total_conversions',
      'avg_conversion_rate',
      'overall_health_score',
    ],
  },
];

// marketing-module-summary.md lists 30 tables; it names mkt_con_pillar_types twice,
// and the pillar → content type link is mkt_con_pillar_content_types.
const MARKETING_MODULE = [
  'mkt_segments',
  'mkt_channels',
  'mkt_campaigns',
  'mkt_campaign_segment_assignments',
  'mkt_campaign_ndp_assignments',
  'mkt_campaign_pillar_assignments',
  'mkt_campaign_content_assignments',
  'mkt_kpis',
  'mkt_social_kpis',
  'mkt_ndp_categories',
  'mkt_ndp_topics',
  'mkt_ndp_topic_segments',
  'mkt_con_types',
  'mkt_con_pillar_types',
  'mkt_con_pillars',
  'mkt_con_pillar_content_types',
  'mkt_con_ideas',
  'mkt_con_content',
  'mkt_con_tags',
  'mkt_con_tag_assignments',
  'mkt_con_pillar_tag_assignments',
  'mkt_con_schedule',
  'mkt_persona_contacts',
  'mkt_persona_scores',
  'mkt_persona_attributes',
  'mkt_wap_accounts',
  'mkt_wap_groups',
  'mkt_wap_contacts',
  'mkt_wap_messages',
  'mkt_persona_group_memberships',
];

const DOCUMENTS: Record<string, DocumentObject[]> = {
  'cdp-schema.md': CDP,
  'marketing-analytics-design.md': MARKETING,
  'campaign-performance.md': CAMPAIGN_PERFORMANCE,
  'crm-design.md': CRM,
  'marketing-module-summary.md': MARKETING_MODULE.map((name) => ({ name, columns: ['id'] })),
};

const CUSTOMER_A = '00000000-0000-4000-8000-00000000a001';
const CUSTOMER_B = '00000000-0000-4000-8000-00000000a002';
const CAMPAIGN = '00000000-0000-4000-8000-00000000b001';
const BATCH = '00000000-0000-4000-8000-00000000b101';

let t: TempService;
let db: WorkspaceDb;

async function rows(sql: string, params: SqlValue[] = []): Promise<Record<string, SqlValue>[]> {
  return (await db.query(sql, params)).rows;
}

async function one(sql: string, params: SqlValue[] = []): Promise<Record<string, SqlValue>> {
  const r = await rows(sql, params);
  if (r.length !== 1) throw new Error(`expected one row from ${sql}, got ${r.length}`);
  return r[0] as Record<string, SqlValue>;
}

beforeAll(async () => {
  t = tempService();
  await t.ok('workspaces/create', { name: 'Acme' });
  const ctx = t.service.context;
  if (!ctx) throw new Error('the service did not start');
  db = (await ctx.useWorkspace('Acme')).db;
});

afterAll(async () => {
  await t.dispose();
});

describe('a fresh workspace holds every design document name', () => {
  it('resolves each name to a table or view with the columns its document gives it', async () => {
    const relations = await t.ok('sql/query', {
      workspace: 'Acme',
      sql: `SELECT c.relname AS name, c.relkind AS kind,
                   array(SELECT a.attname::text FROM pg_attribute a
                          WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns
              FROM pg_class c
             WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'v', 'm')`,
    });
    const byName = new Map(relations.rows.map((r) => [String(r['name']), r['columns'] as string[]]));
    const missing: string[] = [];
    for (const [document, objects] of Object.entries(DOCUMENTS)) {
      for (const object of objects) {
        if (!byName.has(object.name)) missing.push(`${document}: ${object.name} does not exist`);
        const carrier = object.carriedBy ?? object.name;
        const columns = byName.get(carrier);
        if (!columns) {
          missing.push(`${document}: ${object.name} is carried by ${carrier}, which does not exist`);
          continue;
        }
        for (const column of object.columns) {
          if (!columns.includes(column)) missing.push(`${document}: ${carrier}.${column} is missing`);
        }
      }
    }
    expect(missing).toEqual([]);
    // The names per document (the marketing document's also its campaigns).
    expect(Object.values(DOCUMENTS).map((objects) => objects.length)).toEqual([26, 19, 7, 21, 30]);
  });

  it('gives each colliding name to one meaning and the other meanings clear names', async () => {
    const kinds = await t.ok('sql/query', {
      workspace: 'Acme',
      sql: `SELECT relname AS name, relkind AS kind FROM pg_class
             WHERE relnamespace = 'public'::regnamespace
               AND relname IN ('campaigns', 'customers', 'users', 'campaign_sends', 'email_sends', 'email_templates',
                               'gdpr_requests', 'campaign_performance_summary', 'message_deliveries', 'send_batches')
             ORDER BY relname`,
    });
    expect(Object.fromEntries(kinds.rows.map((r) => [r['name'], r['kind']]))).toEqual({
      campaign_performance_summary: 'v',
      campaign_sends: 'v',
      campaigns: 'r',
      customers: 'r',
      email_sends: 'v',
      email_templates: 'r',
      gdpr_requests: 'v',
      message_deliveries: 'r',
      send_batches: 'r',
      users: 'v',
    });
    // Both per-recipient names read the one delivery table; the batch meanings read the batch table.
    const bases = await t.ok('sql/query', {
      workspace: 'Acme',
      sql: `SELECT DISTINCT v.relname AS view, t.relname AS base
              FROM pg_depend d
              JOIN pg_rewrite w ON w.oid = d.objid
              JOIN pg_class v ON v.oid = w.ev_class
              JOIN pg_class t ON t.oid = d.refobjid AND t.relkind = 'r'
             WHERE v.relname IN ('campaign_sends', 'email_sends', 'email_deliveries', 'email_campaigns',
                                 'marketing_campaign_sends', 'crm_email_sends')
             ORDER BY 1, 2`,
    });
    expect(bases.rows).toEqual([
      { view: 'campaign_sends', base: 'message_deliveries' },
      { view: 'crm_email_sends', base: 'send_batches' },
      { view: 'email_campaigns', base: 'send_batches' },
      { view: 'email_deliveries', base: 'message_deliveries' },
      { view: 'email_sends', base: 'message_deliveries' },
      { view: 'marketing_campaign_sends', base: 'send_batches' },
    ]);
  });

  it('makes every table ready for sync: uuid key, updated_at kept by trigger, deletions recorded', async () => {
    const tables = await t.ok('sql/query', {
      workspace: 'Acme',
      sql: `SELECT c.relname AS name,
                   (SELECT format_type(a.atttypid, NULL) FROM pg_index i
                      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                     WHERE i.indrelid = c.oid AND i.indisprimary AND i.indnkeyatts = 1) AS key_type,
                   (SELECT format_type(a.atttypid, NULL) FROM pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attname = 'updated_at') AS updated_at_type,
                   array(SELECT tgname::text FROM pg_trigger WHERE tgrelid = c.oid AND tgname LIKE 'loupe_%'
                          ORDER BY tgname) AS triggers
              FROM pg_class c
             WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
             ORDER BY c.relname`,
    });
    expect(tables.rowCount).toBeGreaterThan(60);
    const broken = tables.rows.filter(
      (r) =>
        r['key_type'] !== 'uuid' ||
        r['updated_at_type'] !== 'timestamp with time zone' ||
        JSON.stringify(r['triggers']) !== JSON.stringify(['loupe_tombstones', 'loupe_touch_updated_at']),
    );
    expect(broken).toEqual([]);
    const synced = await t.ok('sql/query', {
      workspace: 'Acme',
      sql: 'SELECT count(*)::int AS n FROM loupe.synced_tables',
    });
    expect(synced.rows[0]?.['n']).toBe(tables.rowCount);
  });

  it('starts with the default rows and a single local organization and owner', async () => {
    const counts = await one(`SELECT
        (SELECT count(*)::int FROM organizations) AS organizations,
        (SELECT count(*)::int FROM platform_users WHERE role = 'super_admin') AS owners,
        (SELECT count(*)::int FROM platform_users) AS users,
        (SELECT count(*)::int FROM role_permissions) AS permissions,
        (SELECT count(*)::int FROM role_permissions WHERE role = 'admin') AS admin_permissions,
        (SELECT count(*)::int FROM mkt_segments) AS stakeholder_segments,
        (SELECT count(*)::int FROM mkt_ndp_categories) AS ndp_categories,
        (SELECT count(*)::int FROM mkt_con_types) AS content_types,
        (SELECT count(*)::int FROM mkt_con_types WHERE channel_id IS NULL) AS content_types_without_channel,
        (SELECT count(*)::int FROM mkt_con_pillar_types) AS pillar_types`);
    // cdp-schema.md inserts 1 + 7 + 5 + 5 + 3 permissions (super admin, admin, marketing
    // manager, data analyst, viewer); the module summary asks for 11 / 6 / 24 / 6 rows.
    expect(counts).toEqual({
      organizations: 1,
      owners: 1,
      users: 1,
      permissions: 21,
      admin_permissions: 7,
      stakeholder_segments: 11,
      ndp_categories: 6,
      content_types: 24,
      content_types_without_channel: 0,
      pillar_types: 6,
    });
    const settings = await rows(
      'SELECT setting_key, setting_value FROM system_settings ORDER BY setting_key',
    );
    expect(settings).toEqual([
      { setting_key: 'campaign.max_recipients', setting_value: 100000 },
      { setting_key: 'cohort.max_retention_periods', setting_value: 24 },
      { setting_key: 'email.default_sender_name', setting_value: 'CDP Platform' },
      { setting_key: 'features.advanced_analytics', setting_value: true },
      { setting_key: 'features.external_integrations', setting_value: true },
      { setting_key: 'platform.max_dashboard_tiles', setting_value: 50 },
      { setting_key: 'platform.max_segments_per_user', setting_value: 100 },
      { setting_key: 'platform.session_timeout_hours', setting_value: 24 },
    ]);
    const jobs = await rows('SELECT job_name, cron_expression FROM scheduled_jobs ORDER BY job_name');
    expect(jobs).toEqual([
      { job_name: 'daily_customer_metrics', cron_expression: '0 2 * * *' },
      { job_name: 'daily_engagement_scores', cron_expression: '0 4 * * *' },
      { job_name: 'hourly_segment_refresh', cron_expression: '0 * * * *' },
      // Loupe's own job (migration 0020): it runs after every import, not on a schedule.
      { job_name: 'loupe_recompute_scores', cron_expression: null },
      { job_name: 'weekly_cohort_analysis', cron_expression: '0 3 * * 1' },
    ]);
    // Rows created without naming an owner belong to the workspace's owner and organization.
    await db.query(`INSERT INTO campaigns (id, name) VALUES ($1, 'Owned')`, [
      '00000000-0000-4000-8000-00000000b0ff',
    ]);
    expect(
      await one(`SELECT p.role, c.organization_id = p.organization_id AS same_org
                   FROM campaigns c JOIN platform_users p ON p.id = c.created_by
                  WHERE c.id = '00000000-0000-4000-8000-00000000b0ff'`),
    ).toEqual({ role: 'super_admin', same_org: true });
    await db.query(`DELETE FROM campaigns WHERE id = '00000000-0000-4000-8000-00000000b0ff'`);
  });

  it('can refresh every materialized view concurrently from the start', async () => {
    await db.exec(`REFRESH MATERIALIZED VIEW CONCURRENTLY campaign_performance_dashboard;
                   REFRESH MATERIALIZED VIEW CONCURRENTLY sales_dashboard;`);
    expect(await one('SELECT count(*)::int AS n FROM sales_dashboard')).toEqual({ n: 1 });
  });
});

describe('behaviour the documents put in the database', () => {
  it('keeps updated_at on real changes only and records deletions', async () => {
    await db.query(
      `INSERT INTO customers (id, customer_id, email, name, updated_at) VALUES ($1, 'T-1', 'touch@example.com', 'Tess', '2020-01-01')`,
      ['00000000-0000-4000-8000-00000000c001'],
    );
    await db.query(`UPDATE customers SET name = name WHERE customer_id = 'T-1'`);
    expect(await one(`SELECT updated_at FROM customers WHERE customer_id = 'T-1'`)).toEqual({
      updated_at: '2020-01-01T00:00:00.000Z',
    });
    await db.query(`UPDATE customers SET name = 'Tessa' WHERE customer_id = 'T-1'`);
    const touched = await one(
      `SELECT updated_at > now() - interval '1 minute' AS recent FROM customers WHERE customer_id = 'T-1'`,
    );
    expect(touched).toEqual({ recent: true });

    // A table with generated columns compares rows without them.
    await db.query(`INSERT INTO campaigns (id, name, updated_at) VALUES ($1, 'Touch', '2020-01-01')`, [
      '00000000-0000-4000-8000-00000000c002',
    ]);
    await db.query(`UPDATE campaigns SET name = 'Touch' WHERE id = '00000000-0000-4000-8000-00000000c002'`);
    expect(
      await one(`SELECT updated_at FROM campaigns WHERE id = '00000000-0000-4000-8000-00000000c002'`),
    ).toEqual({
      updated_at: '2020-01-01T00:00:00.000Z',
    });
    await db.query(
      `UPDATE campaigns SET budget_allocated = 10 WHERE id = '00000000-0000-4000-8000-00000000c002'`,
    );
    expect(
      await one(
        `SELECT updated_at > '2020-01-01' AS touched, budget FROM campaigns WHERE id = '00000000-0000-4000-8000-00000000c002'`,
      ),
    ).toEqual({ touched: true, budget: '10.00' });

    // Rows a sync pulls keep the remote's time and leave no tombstone when deleted.
    await db.transaction([
      { sql: `SET LOCAL loupe.applying_remote = on` },
      {
        sql: `UPDATE campaigns SET name = 'Pulled', updated_at = '2021-06-01' WHERE id = '00000000-0000-4000-8000-00000000c002'`,
      },
    ]);
    expect(
      await one(`SELECT name, updated_at FROM campaigns WHERE id = '00000000-0000-4000-8000-00000000c002'`),
    ).toEqual({
      name: 'Pulled',
      updated_at: '2021-06-01T00:00:00.000Z',
    });
    await db.transaction([
      { sql: `SET LOCAL loupe.applying_remote = on` },
      { sql: `DELETE FROM campaigns WHERE id = '00000000-0000-4000-8000-00000000c002'` },
    ]);

    await db.query(
      `INSERT INTO customer_identities (customer_id, source, external_id) VALUES ($1, 'mailchimp', 'mc-t1')`,
      ['00000000-0000-4000-8000-00000000c001'],
    );
    await db.query(`DELETE FROM customers WHERE customer_id = 'T-1'`);
    // The customer and, through the cascade, its identity; not the campaign the sync deleted.
    expect(
      await rows(`SELECT table_name, row_id FROM loupe.tombstones
                   WHERE row_id IN ('00000000-0000-4000-8000-00000000c001', '00000000-0000-4000-8000-00000000c002')
                      OR table_name = 'customer_identities'
                   ORDER BY table_name`),
    ).toEqual([
      { table_name: 'customer_identities', row_id: expect.any(String) },
      { table_name: 'customers', row_id: '00000000-0000-4000-8000-00000000c001' },
    ]);
  });

  it('keeps customer order metrics in step on insert, update and delete', async () => {
    await db.exec(`
      INSERT INTO customers (id, customer_id, email, name) VALUES
        ('${CUSTOMER_A}', 'M-A', 'a@metrics.example', 'A'), ('${CUSTOMER_B}', 'M-B', 'b@metrics.example', 'B');
      INSERT INTO customer_orders (order_id, customer_id, order_status, order_total, ordered_at) VALUES
        ('M-1', '${CUSTOMER_A}', 'delivered', 100.00, now() - interval '10 days'),
        ('M-2', '${CUSTOMER_A}', 'delivered', 50.00, now() - interval '3 days'),
        ('M-3', '${CUSTOMER_A}', 'pending', 999.00, now() - interval '1 day'),
        ('M-4', '${CUSTOMER_B}', 'completed', 30.00, now() - interval '5 days');`);
    const metrics = `SELECT customer_id, total_orders, total_revenue, average_order_value, days_since_last_order
                       FROM customers WHERE customer_id IN ('M-A', 'M-B') ORDER BY customer_id`;
    // A: delivered 100 + 50 (the pending order is not revenue), last 3 days ago; B: completed 30.
    expect(await rows(metrics)).toEqual([
      {
        customer_id: 'M-A',
        total_orders: 2,
        total_revenue: '150.00',
        average_order_value: '75.00',
        days_since_last_order: 3,
      },
      {
        customer_id: 'M-B',
        total_orders: 1,
        total_revenue: '30.00',
        average_order_value: '30.00',
        days_since_last_order: 5,
      },
    ]);
    // The pending order is delivered, and the 50 order moves to B: A 100 + 999, B 30 + 50.
    await db.query(`UPDATE customer_orders SET order_status = 'delivered' WHERE order_id = 'M-3'`);
    await db.query(`UPDATE customer_orders SET customer_id = $1 WHERE order_id = 'M-2'`, [CUSTOMER_B]);
    expect(await rows(metrics)).toEqual([
      {
        customer_id: 'M-A',
        total_orders: 2,
        total_revenue: '1099.00',
        average_order_value: '549.50',
        days_since_last_order: 1,
      },
      {
        customer_id: 'M-B',
        total_orders: 2,
        total_revenue: '80.00',
        average_order_value: '40.00',
        days_since_last_order: 3,
      },
    ]);
    // Deleting the document's trigger ignored: A keeps only the 100 order, B has none left.
    await db.query(`DELETE FROM customer_orders WHERE order_id IN ('M-3', 'M-2', 'M-4')`);
    expect(await rows(metrics)).toEqual([
      {
        customer_id: 'M-A',
        total_orders: 1,
        total_revenue: '100.00',
        average_order_value: '100.00',
        days_since_last_order: 10,
      },
      {
        customer_id: 'M-B',
        total_orders: 0,
        total_revenue: '0.00',
        average_order_value: '0.00',
        days_since_last_order: null,
      },
    ]);
    // A partly refunded order counts what was kept: 200 - 50.
    await db.query(
      `INSERT INTO customer_orders (order_id, customer_id, order_status, order_total, refunded_amount, ordered_at)
       VALUES ('M-5', $1, 'partially_refunded', 200.00, 50.00, now() - interval '2 days')`,
      [CUSTOMER_B],
    );
    expect((await rows(metrics))[1]).toEqual({
      customer_id: 'M-B',
      total_orders: 1,
      total_revenue: '150.00',
      average_order_value: '150.00',
      days_since_last_order: 2,
    });
  });

  it('logs changes to people, campaigns and segments with old and new values', async () => {
    const before = await one('SELECT count(*)::int AS n FROM activity_logs');
    // Through the marketing document's contacts view: audited as a change to customers.
    await db.query(`UPDATE contacts SET first_name = 'Alma' WHERE contact_id = $1`, [CUSTOMER_A]);
    const change = await one(
      `SELECT operation, table_name, changed_fields, old_values ->> 'first_name' AS old_first,
              new_values ->> 'first_name' AS new_first, contact_id, data_sensitivity
         FROM marketing_audit_log WHERE record_id = $1 AND operation = 'UPDATE'`,
      [CUSTOMER_A],
    );
    expect(change).toEqual({
      operation: 'UPDATE',
      table_name: 'customers',
      changed_fields: ['first_name'],
      old_first: null,
      new_first: 'Alma',
      contact_id: CUSTOMER_A,
      data_sensitivity: 'confidential',
    });
    // Totals Loupe recomputes are not changes worth an entry, and bulk imports switch auditing off.
    await db.query(`UPDATE customers SET engagement_score = 55, total_orders = 7 WHERE id = $1`, [
      CUSTOMER_A,
    ]);
    await db.transaction([
      { sql: `SET LOCAL loupe.audit = off` },
      { sql: `UPDATE customers SET phone = '555-0100' WHERE id = $1`, params: [CUSTOMER_A] },
    ]);
    expect(await one('SELECT count(*)::int AS n FROM activity_logs')).toEqual({ n: Number(before['n']) + 1 });

    await db.query(
      `INSERT INTO segments (id, name) VALUES ('00000000-0000-4000-8000-00000000d001', 'Audited')`,
    );
    await db.query(`DELETE FROM segments WHERE id = '00000000-0000-4000-8000-00000000d001'`);
    expect(
      await rows(
        `SELECT operation, old_values ->> 'name' AS old_name, new_values ->> 'name' AS new_name FROM crm_audit_log
          WHERE record_id = '00000000-0000-4000-8000-00000000d001' ORDER BY changed_at, operation DESC`,
      ),
    ).toEqual([
      { operation: 'INSERT', old_name: null, new_name: 'Audited' },
      { operation: 'DELETE', old_name: 'Audited', new_name: null },
    ]);
  });

  it('counts a campaign from its deliveries once it has any, through every document view', async () => {
    // Campaign-level figures an import reported, before any per-recipient data exists.
    await db.query(
      `INSERT INTO campaigns (id, name, status, budget_allocated, total_sent, total_delivered, total_opened)
       VALUES ($1, 'Counted', 'active', 1000, 5000, 4900, 2000)`,
      [CAMPAIGN],
    );
    await db.query(`INSERT INTO send_batches (id, campaign_id, subject) VALUES ($1, $2, 'Hello')`, [
      BATCH,
      CAMPAIGN,
    ]);
    // campaign-performance.md's email_sends name only the batch; the campaign comes from it.
    await db.exec(`
      INSERT INTO email_sends (email_campaign_id, recipient_email, status, delivered_at, opened_at, clicked_at) VALUES
        ('${BATCH}', 'r1@example.com', 'delivered', now(), now(), now()),
        ('${BATCH}', 'r2@example.com', 'delivered', now(), now(), NULL),
        ('${BATCH}', 'r3@example.com', 'delivered', now(), NULL, NULL),
        ('${BATCH}', 'r4@example.com', 'bounced', NULL, NULL, NULL);
      INSERT INTO campaign_sends (campaign_id, customer_id, send_status, sent_at, opened_at, converted_at, conversion_value)
        VALUES ('${CAMPAIGN}', '${CUSTOMER_A}', 'delivered', now(), now(), now(), 250.00);
      INSERT INTO email_deliveries (send_id, campaign_id, email_address, delivery_status) VALUES
        ('${BATCH}', '${CAMPAIGN}', 'r6@example.com', 'queued');`);
    const totals = `SELECT totals_source, total_targeted, total_sent, total_delivered, total_bounced, total_opened,
                           total_clicked, total_converted, total_revenue_attributed, open_rate, click_rate
                      FROM campaigns WHERE id = '${CAMPAIGN}'`;
    // Six messages: four delivered (r1, r2, r3, A), one bounced, one still queued (not sent);
    // opened r1, r2, A; clicked r1; A converted for 250. Rates over delivered: 3/4 and 1/4.
    expect(await one(totals)).toEqual({
      totals_source: 'deliveries',
      total_targeted: 6,
      total_sent: 5,
      total_delivered: 4,
      total_bounced: 1,
      total_opened: 3,
      total_clicked: 1,
      total_converted: 1,
      total_revenue_attributed: '250.00',
      open_rate: '0.7500',
      click_rate: '0.2500',
    });
    expect(
      await one(
        `SELECT count(*)::int AS n FROM message_deliveries WHERE campaign_id = '${CAMPAIGN}' AND send_batch_id = '${BATCH}'`,
      ),
    ).toEqual({ n: 5 });
    // Later statements add and subtract: r3 opens, the queued message bounces, r2 is removed.
    await db.query(`UPDATE email_sends SET opened_at = now() WHERE recipient_email = 'r3@example.com'`);
    await db.query(
      `UPDATE email_deliveries SET delivery_status = 'bounced' WHERE email_address = 'r6@example.com'`,
    );
    await db.query(`DELETE FROM email_sends WHERE recipient_email = 'r2@example.com'`);
    expect(await one(totals)).toEqual({
      totals_source: 'deliveries',
      total_targeted: 5,
      total_sent: 5,
      total_delivered: 3,
      total_bounced: 2,
      total_opened: 3,
      total_clicked: 1,
      total_converted: 1,
      total_revenue_attributed: '250.00',
      open_rate: '1.0000',
      click_rate: '0.3333',
    });
    // A full recount agrees with the running totals.
    await db.query(`SELECT loupe.recount_campaign_deliveries(ARRAY['${CAMPAIGN}'::uuid])`);
    expect((await one(totals))['total_opened']).toBe(3);
    const summary = await one(
      `SELECT total_sent, total_delivered, round(open_rate, 2) AS open_rate, round(click_rate, 2) AS click_rate
         FROM campaign_performance_summary WHERE id = '${CAMPAIGN}'`,
    );
    expect(summary).toEqual({ total_sent: 5, total_delivered: 3, open_rate: '100.00', click_rate: '33.33' });
  });

  it('takes a campaign’s totals from its reports until it has per-recipient deliveries', async () => {
    const campaign = '00000000-0000-4000-8000-00000000b004';
    await db.query(`INSERT INTO campaigns (id, name, campaign_kind) VALUES ($1, 'Welcome flow', 'flow')`, [
      campaign,
    ]);
    // Two days of a flow report. Day two states no delivered count: 50 - 2 bounces = 48.
    await db.exec(`
      INSERT INTO campaign_reported_stats (campaign_id, source, period_start, period_end, recipients, delivered, bounces,
                                           unique_opens, unique_clicks, orders, revenue) VALUES
        ('${campaign}', 'klaviyo', current_date - 2, current_date - 2, 100, 98, NULL, 40, 5, 2, 300.00),
        ('${campaign}', 'klaviyo', current_date - 1, current_date - 1, 50, NULL, 2, 20, 1, 0, 0);`);
    const totals = `SELECT totals_source, total_sent, total_delivered, total_bounced, total_opened, total_clicked,
                           total_converted, total_revenue_attributed, open_rate
                      FROM campaigns WHERE id = '${campaign}'`;
    // 150 sent, 98 + 48 = 146 delivered, 60 opened: 60 / 146 = 0.4110.
    expect(await one(totals)).toEqual({
      totals_source: 'reported',
      total_sent: 150,
      total_delivered: 146,
      total_bounced: 2,
      total_opened: 60,
      total_clicked: 6,
      total_converted: 2,
      total_revenue_attributed: '300.00',
      open_rate: '0.4110',
    });
    expect(
      await rows(`SELECT metric_kind, source, delivered_count, open_rate FROM campaign_performance
                   WHERE campaign_id = '${campaign}' ORDER BY report_date`),
    ).toEqual([
      { metric_kind: 'reported', source: 'klaviyo', delivered_count: '98', open_rate: '40.82' },
      { metric_kind: 'reported', source: 'klaviyo', delivered_count: '48', open_rate: '41.67' },
    ]);
    // A whole-campaign row from the same source states the totals itself.
    await db.query(
      `INSERT INTO campaign_reported_stats (campaign_id, source, recipients, delivered, unique_opens, unique_clicks, orders, revenue)
       VALUES ($1, 'klaviyo', 160, 155, 70, 8, 3, 450.00)`,
      [campaign],
    );
    expect((await one(totals))['total_delivered']).toBe(155);
    // Per-recipient data replaces the reports, in the totals and in the daily view.
    await db.query(
      `INSERT INTO message_deliveries (campaign_id, status, sent_at) VALUES ($1, 'delivered', now())`,
      [campaign],
    );
    expect(
      await one(
        `SELECT totals_source, total_sent, total_delivered, total_opened FROM campaigns WHERE id = '${campaign}'`,
      ),
    ).toEqual({
      totals_source: 'deliveries',
      total_sent: 1,
      total_delivered: 1,
      total_opened: 0,
    });
    expect(
      await rows(`SELECT metric_kind FROM campaign_performance WHERE campaign_id = '${campaign}'`),
    ).toEqual([{ metric_kind: 'messages' }]);
  });

  it('sums a campaign ROI without fan-out and guards every division', async () => {
    await db.exec(`
      INSERT INTO ad_spend_daily (spend_date, source, campaign_id, spend) VALUES
        (current_date - 1, 'google_ads', '${CAMPAIGN}', 300.00), (current_date, 'google_ads', '${CAMPAIGN}', 100.00);
      INSERT INTO crm_conversions (campaign_id, conversion_type, conversion_value) VALUES
        ('${CAMPAIGN}', 'sale', 500.00), ('${CAMPAIGN}', 'lead', 300.00);
      INSERT INTO ecommerce_orders (campaign_id, order_value, order_status) VALUES
        ('${CAMPAIGN}', 1000.00, 'completed'), ('${CAMPAIGN}', 200.00, 'cancelled');
      INSERT INTO campaigns (id, name) VALUES ('00000000-0000-4000-8000-00000000b002', 'Empty');`);
    // Spend is the two ad rows: 400. Revenue: conversions 500 + 300 and the completed
    // order 1000 = 1800 (the cancelled order is not revenue); ROI (1800 - 400) / 400 = 350 %.
    // Five messages, three delivered, three opened, one clicked: 100 % and 33.33 %.
    expect(
      await one(`SELECT budget_spent, total_emails_sent, emails_delivered, open_rate, click_rate, total_revenue,
                        roi_percentage, performance_tier
                   FROM campaign_roi_summary WHERE campaign_id = '${CAMPAIGN}'`),
    ).toEqual({
      budget_spent: '400.00',
      total_emails_sent: 5,
      emails_delivered: 3,
      open_rate: '100.00',
      click_rate: '33.33',
      total_revenue: '1800.00',
      roi_percentage: '350.0',
      performance_tier: 'High ROI',
    });
    // campaign-performance.md's printed view joins the batch's four emails (the fifth message
    // has no batch), two conversions and two orders into 4 × 2 × 2 rows, so each conversion
    // and order counts 8 times: 8 × 800 + 8 × 1200 = 16,000.
    expect(
      await one(`SELECT COALESCE(SUM(cc.conversion_value), 0) + COALESCE(SUM(eo.order_value), 0) AS fanned_out
                   FROM campaigns c
                   LEFT JOIN email_campaigns ec ON c.id = ec.campaign_id
                   LEFT JOIN email_sends es ON ec.id = es.email_campaign_id
                   LEFT JOIN crm_conversions cc ON c.id = cc.campaign_id
                   LEFT JOIN ecommerce_orders eo ON c.id = eo.campaign_id
                  WHERE c.id = '${CAMPAIGN}'`),
    ).toEqual({ fanned_out: '16000.00' });
    // A campaign with nothing sent, spent or earned divides by nothing.
    expect(
      await one(`SELECT r.open_rate, r.click_rate, r.roi_percentage, r.performance_tier, s.delivery_rate, s.roi_percentage AS cdp_roi
                   FROM campaign_roi_summary r JOIN campaign_performance_summary s ON s.id = r.campaign_id
                  WHERE r.campaign_id = '00000000-0000-4000-8000-00000000b002'`),
    ).toEqual({
      open_rate: '0',
      click_rate: '0',
      roi_percentage: '0',
      performance_tier: 'Standard',
      delivery_rate: '0',
      cdp_roi: null,
    });
  });

  it('computes the daily campaign metrics and the dashboard from sums, not averages of rates', async () => {
    const campaign = '00000000-0000-4000-8000-00000000b003';
    // Day one: 100 delivered, 50 opened. Day two: 10 delivered, 1 opened. The printed
    // dashboard averages the daily rates, (50 % + 10 %) / 2 = 30 %; the rate is 51 / 110.
    await db.exec(`
      INSERT INTO campaigns (id, name, status) VALUES ('${campaign}', 'Two days', 'active');
      INSERT INTO message_deliveries (campaign_id, status, sent_at, opened_at)
        SELECT '${campaign}', 'delivered', current_date - 2 + time '10:00', CASE WHEN g <= 50 THEN now() END
          FROM generate_series(1, 100) g;
      INSERT INTO message_deliveries (campaign_id, status, sent_at, opened_at)
        SELECT '${campaign}', 'delivered', current_date - 1 + time '10:00', CASE WHEN g <= 1 THEN now() END
          FROM generate_series(1, 10) g;
      REFRESH MATERIALIZED VIEW CONCURRENTLY campaign_performance_dashboard;`);
    expect(
      await rows(`SELECT delivered_count, opened_count, open_rate FROM campaign_performance
                   WHERE campaign_id = '${campaign}' ORDER BY report_date`),
    ).toEqual([
      { delivered_count: '100', opened_count: '50', open_rate: '50.00' },
      { delivered_count: '10', opened_count: '1', open_rate: '10.00' },
    ]);
    expect(
      await one(
        `SELECT total_delivered, total_opens, avg_open_rate FROM campaign_performance_dashboard WHERE campaign_id = '${campaign}'`,
      ),
    ).toEqual({ total_delivered: '110', total_opens: '51', avg_open_rate: '46.36' });

    // Moving a delivery subtracts it from one campaign and, for a campaign still on
    // reported figures, recounts the other from its deliveries.
    const other = '00000000-0000-4000-8000-00000000b005';
    await db.exec(`
      INSERT INTO campaigns (id, name) VALUES ('${other}', 'Reported');
      INSERT INTO campaign_reported_stats (campaign_id, source, recipients, delivered, unique_opens)
        VALUES ('${other}', 'mailchimp', 500, 490, 200);
      UPDATE message_deliveries SET campaign_id = '${other}'
       WHERE id = (SELECT id FROM message_deliveries
                    WHERE campaign_id = '${campaign}' AND sent_at::date = current_date - 1 AND opened_at IS NOT NULL);`);
    expect(
      await rows(`SELECT name, totals_source, total_sent, total_delivered, total_opened FROM campaigns
                   WHERE id IN ('${campaign}', '${other}') ORDER BY name`),
    ).toEqual([
      { name: 'Reported', totals_source: 'deliveries', total_sent: 1, total_delivered: 1, total_opened: 1 },
      {
        name: 'Two days',
        totals_source: 'deliveries',
        total_sent: 109,
        total_delivered: 109,
        total_opened: 50,
      },
    ]);
  });
});

describe('migrations', () => {
  it('apply to an empty workspace in about the time of a reopen, and reopening applies nothing', async () => {
    const migrations = loadMigrations(defaultMigrationsDir());
    for (const m of migrations) {
      // Each file runs in the runner's transaction: none may manage its own, nor run
      // anything PostgreSQL refuses inside one. Function bodies ($$ … $$) have their own BEGIN.
      const statements = m.sql.replace(/\$\$[\s\S]*?\$\$/g, "''").replace(/--.*$/gm, '');
      expect(statements, m.file).not.toMatch(/^\s*(BEGIN|START|COMMIT|ROLLBACK|VACUUM)\b|\bCONCURRENTLY\b/im);
    }
    const dir = mkdtempSync(join(tmpdir(), 'loupe-migrate-'));
    try {
      // Creating the cluster is not timed: a workspace is created once, from a template.
      const fresh = await WorkspaceDb.open(join(dir, 'pgdata'));
      let started = performance.now();
      const applied = await migrate(fresh, migrations);
      const migrateMs = performance.now() - started;
      await fresh.close();
      expect(applied).toEqual(migrations.map((m) => m.number));

      started = performance.now();
      const reopened = await WorkspaceDb.open(join(dir, 'pgdata'));
      const again = await migrate(reopened, migrations);
      const reopenMs = performance.now() - started;
      await reopened.close();
      expect(again).toEqual([]);
      console.log(`migrations: ${migrateMs.toFixed(0)} ms to apply, ${reopenMs.toFixed(0)} ms to reopen`);
      // Measured here: about one reopen (PGlite runs DDL as WebAssembly; docs/schema.md,
      // "Cost of creating the schema"). The bound is generous so a busy machine does
      // not fail it, and tight enough to catch a migration that starts doing real work.
      expect(migrateMs).toBeLessThan(2 * reopenMs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
