-- Settings, jobs, connections, dashboards, and the audit trail (cdp-schema.md's
-- platform tables).
--
-- activity_logs: cdp-schema.md's "audit trail and system activity logging". The
--   marketing document's marketing_audit_log and crm-design.md's crm_audit_log
--   record the same thing (who changed which row, old and new values) and are
--   views over it (0010). Both documents declared theirs PARTITION BY RANGE
--   without creating a partition, so no row could ever be inserted into them.
-- data_access_log: marketing-analytics-design.md's record of who read personal
--   data; reads are not changes, so it stays its own table.

CREATE TABLE system_settings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  setting_key text UNIQUE NOT NULL,
  setting_value jsonb NOT NULL,
  category text NOT NULL,
  setting_type text DEFAULT 'config' CHECK (setting_type IN ('config', 'feature_flag', 'limit', 'secret')),
  data_type text DEFAULT 'string' CHECK (data_type IN ('string', 'number', 'boolean', 'json', 'array')),
  is_encrypted boolean DEFAULT false,
  is_sensitive boolean DEFAULT false,
  validation_rules jsonb,
  environment text DEFAULT 'production',
  description text,
  documentation_url text,
  requires_restart boolean DEFAULT false,
  last_changed_by uuid REFERENCES platform_users (id),
  change_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE scheduled_jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  job_name text NOT NULL UNIQUE,
  job_type text NOT NULL,
  cron_expression text,
  frequency text,
  timezone text DEFAULT 'UTC',
  job_config jsonb DEFAULT '{}',
  timeout_seconds integer DEFAULT 3600,
  max_retries integer DEFAULT 3,
  is_enabled boolean DEFAULT true,
  last_run_at timestamptz,
  last_run_status text CHECK (last_run_status IN ('success', 'failed', 'timeout', 'cancelled')),
  last_run_duration interval,
  last_error_message text,
  next_run_at timestamptz,
  total_runs integer DEFAULT 0,
  successful_runs integer DEFAULT 0,
  failed_runs integer DEFAULT 0,
  average_duration interval,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES platform_users (id)
);

CREATE TABLE data_connections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  description text,
  connection_type text NOT NULL CHECK (connection_type IN (
    'postgresql', 'mysql', 'snowflake', 'redshift', 'bigquery',
    'clickhouse', 'mongodb', 'api_rest', 'api_graphql', 'webhook')),
  -- Host, port, database, options. Never a password or token: Loupe keeps
  -- secrets in the operating system's keychain, not in a workspace.
  connection_config jsonb NOT NULL DEFAULT '{}',
  auth_type text DEFAULT 'password' CHECK (auth_type IN ('password', 'api_key', 'oauth', 'service_account')),
  auth_config jsonb,
  sync_enabled boolean DEFAULT false,
  sync_frequency text CHECK (sync_frequency IN ('real_time', 'hourly', 'daily', 'weekly')),
  sync_tables text[] DEFAULT '{}',
  last_sync_at timestamptz,
  next_sync_at timestamptz,
  status text DEFAULT 'inactive' CHECK (status IN ('active', 'inactive', 'error', 'testing')),
  last_test_at timestamptz,
  last_test_success boolean,
  last_error text,
  average_response_time integer,
  total_queries_executed integer DEFAULT 0,
  total_rows_synced bigint DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid NOT NULL DEFAULT loupe.owner_user_id() REFERENCES platform_users (id),
  updated_by uuid REFERENCES platform_users (id)
);

CREATE TABLE dashboard_configurations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- NULL for shared and template dashboards.
  user_id uuid REFERENCES platform_users (id) ON DELETE CASCADE,
  name text NOT NULL,
  description text,
  is_default boolean DEFAULT false,
  is_template boolean DEFAULT false,
  layout_config jsonb NOT NULL DEFAULT '{}',
  is_public boolean DEFAULT false,
  shared_with_roles text[] DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  last_viewed_at timestamptz,
  view_count integer DEFAULT 0
);

CREATE TABLE dashboard_tiles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dashboard_id uuid REFERENCES dashboard_configurations (id) ON DELETE CASCADE,
  title text NOT NULL,
  tile_type text NOT NULL CHECK (tile_type IN (
    'metric_card', 'line_chart', 'bar_chart', 'pie_chart', 'area_chart',
    'funnel_chart', 'table', 'list', 'map', 'gauge', 'progress',
    'cohort_table', 'retention_curve', 'customer_timeline')),
  position_x integer NOT NULL,
  position_y integer NOT NULL,
  width integer NOT NULL,
  height integer NOT NULL,
  data_source_type text NOT NULL CHECK (data_source_type IN ('internal', 'custom_query', 'external_api')),
  data_config jsonb NOT NULL,
  display_config jsonb DEFAULT '{}',
  auto_refresh boolean DEFAULT true,
  refresh_interval_seconds integer DEFAULT 300,
  last_refreshed_at timestamptz,
  last_refresh_duration interval,
  cache_enabled boolean DEFAULT true,
  cache_duration_seconds integer DEFAULT 300,
  cached_data jsonb,
  cached_at timestamptz,
  is_active boolean DEFAULT true,
  has_error boolean DEFAULT false,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Opening a dashboard reads its tiles; also the cascade.
CREATE INDEX idx_dashboard_tiles_dashboard_id ON dashboard_tiles (dashboard_id);

CREATE TABLE kpi_definitions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE,
  display_name text NOT NULL,
  description text,
  category text NOT NULL,
  calculation_method text NOT NULL CHECK (calculation_method IN ('sum', 'count', 'average', 'percentage', 'ratio', 'custom_sql')),
  base_table text,
  calculation_field text,
  calculation_sql text,
  filters jsonb DEFAULT '{}',
  time_dimension text DEFAULT 'created_at',
  supports_time_comparison boolean DEFAULT true,
  default_time_range text DEFAULT '30d',
  format_type text DEFAULT 'number' CHECK (format_type IN ('number', 'currency', 'percentage', 'duration')),
  decimal_places integer DEFAULT 0,
  prefix text,
  suffix text,
  target_value numeric(15, 4),
  target_direction text CHECK (target_direction IN ('up', 'down', 'neutral')),
  is_active boolean DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES platform_users (id)
);

CREATE TABLE activity_logs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),

  user_id uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  user_name text,
  user_email text,
  user_role text,

  -- create, update, delete, login, logout, export, import …
  activity_type text NOT NULL,
  -- customer, campaign, segment, dashboard, connection …
  resource_type text NOT NULL,
  resource_id text,
  resource_name text,
  action_description text NOT NULL,

  old_values jsonb,
  new_values jsonb,
  changed_fields text[],

  -- The audit documents' row-change fields: which table and row, which
  -- operation, and whose data it touched.
  table_name text,
  record_id uuid,
  operation text CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
  organization_id uuid,
  customer_id uuid,
  campaign_id uuid,
  change_reason text,
  data_sensitivity text CHECK (data_sensitivity IN ('public', 'internal', 'confidential', 'restricted')),

  ip_address inet,
  user_agent text,
  session_id uuid,
  request_id text,

  api_endpoint text,
  http_method text,
  response_status integer,
  processing_time_ms integer,

  severity text DEFAULT 'info' CHECK (severity IN ('debug', 'info', 'warning', 'error', 'critical')),
  tags text[] DEFAULT '{}',
  additional_context jsonb DEFAULT '{}',

  occurred_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),

  -- In UTC: see customer_events (0006).
  hour_of_day integer GENERATED ALWAYS AS (EXTRACT(hour FROM occurred_at AT TIME ZONE 'UTC')) STORED,
  day_of_week integer GENERATED ALWAYS AS (EXTRACT(dow FROM occurred_at AT TIME ZONE 'UTC')) STORED
);
-- A record's history and the log over time. cdp-schema.md's indexes by user,
-- type, severity and session serve a multi-user server, not one person's workspace.
CREATE INDEX idx_activity_logs_resource ON activity_logs (resource_type, resource_id);
CREATE INDEX idx_activity_logs_occurred_at ON activity_logs (occurred_at);

CREATE TABLE data_access_log (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  table_name text NOT NULL,
  record_id uuid,
  user_id uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  organization_id uuid,
  -- SELECT, EXPORT, INSERT, UPDATE, DELETE …
  access_type text NOT NULL,
  ip_address inet,
  user_agent text,
  accessed_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

SELECT loupe.track_changes();

-- Row changes of people, campaigns and segments go to the audit trail with their
-- old and new values, as the marketing and CRM documents' audit triggers intend.
-- Arguments: the resource type, the data sensitivity, then columns whose changes
-- alone are not worth an entry (totals and scores that Loupe recomputes itself
-- after every import). Bulk imports run `SET LOCAL loupe.audit = off` and leave
-- one entry for the whole batch instead of one per row; the trigger's WHEN
-- clause then skips the function entirely.
CREATE FUNCTION loupe.audit_row_change() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  ignored text[] := coalesce(TG_ARGV[2:TG_NARGS - 1], '{}');
  old_row jsonb;
  new_row jsonb;
  row_data jsonb;
  changed text[];
  row_id uuid;
  verb text := CASE TG_OP WHEN 'INSERT' THEN 'create' WHEN 'UPDATE' THEN 'update' ELSE 'delete' END;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    old_row := to_jsonb(OLD);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    new_row := to_jsonb(NEW);
  END IF;
  IF TG_OP = 'UPDATE' THEN
    SELECT array_agg(n.key ORDER BY n.key) INTO changed
      FROM jsonb_each(new_row) n
     WHERE n.value IS DISTINCT FROM old_row -> n.key
       AND n.key <> 'updated_at' AND NOT (n.key = ANY (ignored));
    IF changed IS NULL THEN
      RETURN NULL;
    END IF;
  END IF;
  row_data := coalesce(new_row, old_row);
  row_id := (row_data ->> 'id')::uuid;
  INSERT INTO activity_logs (
    user_id, activity_type, resource_type, resource_id, resource_name, action_description,
    old_values, new_values, changed_fields, table_name, record_id, operation,
    organization_id, customer_id, campaign_id, data_sensitivity)
  VALUES (
    coalesce(nullif(current_setting('loupe.user_id', true), '')::uuid, loupe.owner_user_id()),
    verb, TG_ARGV[0], row_id::text, row_data ->> 'name',
    format('%s %s %s', verb, TG_ARGV[0], coalesce(row_data ->> 'name', row_id::text)),
    old_row, new_row, changed, TG_TABLE_NAME, row_id, TG_OP,
    (row_data ->> 'organization_id')::uuid,
    CASE WHEN TG_TABLE_NAME = 'customers' THEN row_id END,
    CASE WHEN TG_TABLE_NAME = 'campaigns' THEN row_id END,
    TG_ARGV[1]);
  RETURN NULL;
END
$$;

CREATE TRIGGER audit_customers AFTER INSERT OR UPDATE OR DELETE ON customers FOR EACH ROW
  WHEN (coalesce(current_setting('loupe.audit', true), '') <> 'off' AND NOT loupe.applying_remote())
  EXECUTE FUNCTION loupe.audit_row_change('customer', 'confidential',
    'total_orders', 'total_revenue', 'average_order_value', 'lifetime_value', 'days_since_last_order',
    'total_sessions', 'total_page_views', 'engagement_score', 'churn_risk_score', 'lead_score',
    'last_seen_at', 'last_calculated_at');

CREATE TRIGGER audit_campaigns AFTER INSERT OR UPDATE OR DELETE ON campaigns FOR EACH ROW
  WHEN (coalesce(current_setting('loupe.audit', true), '') <> 'off' AND NOT loupe.applying_remote())
  EXECUTE FUNCTION loupe.audit_row_change('campaign', 'internal',
    'totals_source', 'total_targeted', 'total_sent', 'total_delivered', 'total_bounced', 'total_opened',
    'total_clicked', 'total_unsubscribed', 'total_converted', 'total_revenue_attributed',
    'delivery_rate', 'open_rate', 'click_rate', 'conversion_rate', 'roi', 'budget');

CREATE TRIGGER audit_segments AFTER INSERT OR UPDATE OR DELETE ON segments FOR EACH ROW
  WHEN (coalesce(current_setting('loupe.audit', true), '') <> 'off' AND NOT loupe.applying_remote())
  EXECUTE FUNCTION loupe.audit_row_change('segment', 'internal',
    'customer_count', 'last_customer_count', 'customer_count_change', 'average_ltv', 'average_order_value',
    'average_engagement_score', 'churn_rate', 'last_refreshed_at', 'next_refresh_at', 'refresh_duration',
    'times_used_in_campaigns', 'last_used_at');
