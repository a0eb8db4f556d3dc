-- Dashboards, configuration, jobs and the audit trail.
--
-- activity_logs: cdp-schema.md's audit trail and activity log. The audit logs of
--   marketing-analytics-design.md and crm-design.md record the same events
--   (table, record, operation, old and new values) and become the views
--   marketing_audit_log and crm_audit_log over it (0012). Their documents
--   partition the log by month, but declare a primary key without the partition
--   column (rejected by PostgreSQL) and create no partition (every insert would
--   fail); a workspace's log is small enough for one table.
-- data_access_log: marketing-analytics-design.md's record of who read personal data.

CREATE TABLE dashboard_configurations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid REFERENCES platform_users (id) ON DELETE CASCADE,
  name varchar(255) NOT NULL,
  description text,
  is_default boolean DEFAULT false,
  is_template boolean DEFAULT false,
  layout_config jsonb NOT NULL DEFAULT '{}',
  is_public boolean DEFAULT false,
  shared_with_roles varchar(50)[] DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  last_viewed_at timestamptz,
  view_count integer DEFAULT 0
);

CREATE INDEX idx_dashboard_configs_user_id ON dashboard_configurations (user_id);
CREATE INDEX idx_dashboard_configs_template ON dashboard_configurations (is_template);

CREATE TABLE dashboard_tiles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  dashboard_id uuid REFERENCES dashboard_configurations (id) ON DELETE CASCADE,
  title varchar(255) NOT NULL,
  tile_type varchar(100) NOT NULL CHECK (tile_type IN (
    'metric_card', 'line_chart', 'bar_chart', 'pie_chart', 'area_chart',
    'funnel_chart', 'table', 'list', 'map', 'gauge', 'progress',
    'cohort_table', 'retention_curve', 'customer_timeline')),
  position_x integer NOT NULL,
  position_y integer NOT NULL,
  width integer NOT NULL,
  height integer NOT NULL,
  data_source_type varchar(50) NOT NULL CHECK (data_source_type IN ('internal', 'custom_query', 'external_api')),
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

CREATE INDEX idx_dashboard_tiles_dashboard_id ON dashboard_tiles (dashboard_id);
CREATE INDEX idx_dashboard_tiles_type ON dashboard_tiles (tile_type);
CREATE INDEX idx_dashboard_tiles_refresh ON dashboard_tiles (auto_refresh, refresh_interval_seconds);

CREATE TABLE kpi_definitions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name varchar(255) NOT NULL UNIQUE,
  display_name varchar(255) NOT NULL,
  description text,
  category varchar(100) NOT NULL,
  calculation_method varchar(50) NOT NULL
    CHECK (calculation_method IN ('sum', 'count', 'average', 'percentage', 'ratio', 'custom_sql')),
  base_table varchar(100),
  calculation_field varchar(100),
  calculation_sql text,
  filters jsonb DEFAULT '{}',
  time_dimension varchar(100) DEFAULT 'created_at',
  supports_time_comparison boolean DEFAULT true,
  default_time_range varchar(50) DEFAULT '30d',
  format_type varchar(50) DEFAULT 'number' CHECK (format_type IN ('number', 'currency', 'percentage', 'duration')),
  decimal_places integer DEFAULT 0,
  prefix varchar(10),
  suffix varchar(10),
  target_value numeric(15, 4),
  target_direction varchar(10) CHECK (target_direction IN ('up', 'down', 'neutral')),
  is_active boolean DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES platform_users (id)
);

CREATE INDEX idx_kpi_definitions_category ON kpi_definitions (category);
CREATE INDEX idx_kpi_definitions_active ON kpi_definitions (is_active);

CREATE TABLE data_connections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name varchar(255) NOT NULL,
  description text,
  connection_type varchar(100) NOT NULL CHECK (connection_type IN (
    'postgresql', 'mysql', 'snowflake', 'redshift', 'bigquery',
    'clickhouse', 'mongodb', 'api_rest', 'api_graphql', 'webhook')),
  -- Host, port, database… Loupe keeps passwords and keys in the operating
  -- system's keychain, never here; these documents hold references to them.
  connection_config jsonb NOT NULL,
  auth_type varchar(50) DEFAULT 'password' CHECK (auth_type IN ('password', 'api_key', 'oauth', 'service_account')),
  auth_config jsonb,
  sync_enabled boolean DEFAULT false,
  sync_frequency varchar(50) CHECK (sync_frequency IN ('real_time', 'hourly', 'daily', 'weekly')),
  sync_tables text[] DEFAULT '{}',
  last_sync_at timestamptz,
  next_sync_at timestamptz,
  status varchar(50) DEFAULT 'inactive' CHECK (status IN ('active', 'inactive', 'error', 'testing')),
  last_test_at timestamptz,
  last_test_success boolean,
  last_error text,
  average_response_time integer,
  total_queries_executed integer DEFAULT 0,
  total_rows_synced bigint DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid NOT NULL DEFAULT loupe.local_owner_id() REFERENCES platform_users (id),
  updated_by uuid REFERENCES platform_users (id)
);

CREATE INDEX idx_data_connections_type ON data_connections (connection_type);
CREATE INDEX idx_data_connections_status ON data_connections (status);
CREATE INDEX idx_data_connections_sync ON data_connections (sync_enabled, next_sync_at);

CREATE TABLE activity_logs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),

  user_id uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  user_name varchar(255),
  user_email varchar(255),
  user_role varchar(50),
  organization_id uuid DEFAULT loupe.local_organization_id(),

  activity_type varchar(100) NOT NULL,
  resource_type varchar(100) NOT NULL,
  resource_id varchar(255),
  resource_name varchar(255),
  action_description text NOT NULL,

  -- The audit-log columns of marketing-analytics-design.md and crm-design.md.
  -- The person and campaign concerned are plain ids, not foreign keys: the trail
  -- must outlive the rows it describes.
  table_name text,
  record_id uuid,
  operation text CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
  customer_id uuid,
  campaign_id uuid,
  change_reason text,
  data_sensitivity varchar(20) CHECK (data_sensitivity IN ('public', 'internal', 'confidential', 'restricted')),

  old_values jsonb,
  new_values jsonb,
  changed_fields text[],

  ip_address inet,
  user_agent text,
  -- uuid in cdp-schema.md, text in the two audit logs: text holds both.
  session_id text,
  request_id varchar(255),

  api_endpoint varchar(255),
  http_method varchar(10),
  response_status integer,
  processing_time_ms integer,

  severity varchar(20) DEFAULT 'info' CHECK (severity IN ('debug', 'info', 'warning', 'error', 'critical')),
  tags text[] DEFAULT '{}',
  additional_context jsonb DEFAULT '{}',

  occurred_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),

  hour_of_day smallint GENERATED ALWAYS AS (EXTRACT(hour FROM (occurred_at AT TIME ZONE 'UTC'))) STORED,
  day_of_week smallint GENERATED ALWAYS AS (EXTRACT(dow FROM (occurred_at AT TIME ZONE 'UTC'))) STORED
);

-- idx_activity_logs_user_id is the prefix of the composite.
CREATE INDEX idx_activity_logs_activity_type ON activity_logs (activity_type);
CREATE INDEX idx_activity_logs_resource ON activity_logs (resource_type, resource_id);
CREATE INDEX idx_activity_logs_occurred_at ON activity_logs (occurred_at);
CREATE INDEX idx_activity_logs_severity ON activity_logs (severity);
CREATE INDEX idx_activity_logs_session ON activity_logs (session_id);
CREATE INDEX idx_activity_logs_user_resource_occurred ON activity_logs (user_id, resource_type, occurred_at);
CREATE INDEX idx_activity_logs_record ON activity_logs (table_name, record_id) WHERE record_id IS NOT NULL;

CREATE TABLE data_access_log (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  table_name text NOT NULL,
  record_id uuid,
  user_id uuid,
  organization_id uuid DEFAULT loupe.local_organization_id(),
  access_type text NOT NULL,
  purpose text,
  ip_address inet,
  user_agent text,
  accessed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_data_access_log_record ON data_access_log (table_name, record_id);
CREATE INDEX idx_data_access_log_accessed_at ON data_access_log (accessed_at);

CREATE TABLE system_settings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  setting_key varchar(200) UNIQUE NOT NULL,
  setting_value jsonb NOT NULL,
  category varchar(100) NOT NULL,
  setting_type varchar(50) DEFAULT 'config' CHECK (setting_type IN ('config', 'feature_flag', 'limit', 'secret')),
  data_type varchar(50) DEFAULT 'string' CHECK (data_type IN ('string', 'number', 'boolean', 'json', 'array')),
  is_encrypted boolean DEFAULT false,
  is_sensitive boolean DEFAULT false,
  validation_rules jsonb,
  environment varchar(50) DEFAULT 'production',
  description text,
  documentation_url text,
  requires_restart boolean DEFAULT false,
  last_changed_by uuid REFERENCES platform_users (id),
  change_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- idx_system_settings_key duplicates the UNIQUE constraint.
CREATE INDEX idx_system_settings_category ON system_settings (category);
CREATE INDEX idx_system_settings_type ON system_settings (setting_type);

-- cdp-schema.md's defaults, verbatim.
INSERT INTO system_settings (setting_key, setting_value, category, description) VALUES
('platform.max_dashboard_tiles', '50', 'limits', 'Maximum number of tiles per dashboard'),
('platform.max_segments_per_user', '100', 'limits', 'Maximum segments a user can create'),
('platform.session_timeout_hours', '24', 'security', 'Platform user session timeout'),
('email.default_sender_name', '"CDP Platform"', 'email', 'Default sender name for system emails'),
('features.advanced_analytics', 'true', 'features', 'Enable advanced analytics features'),
('features.external_integrations', 'true', 'features', 'Enable external data connections'),
('campaign.max_recipients', '100000', 'limits', 'Maximum recipients per campaign'),
('cohort.max_retention_periods', '24', 'limits', 'Maximum retention periods to calculate');

-- Loupe's own workspace settings: the zone naive timestamps in imported files
-- are read in, and the currency amounts are reported in.
INSERT INTO system_settings (setting_key, setting_value, category, data_type, description) VALUES
('workspace.timezone', '"UTC"', 'workspace', 'string', 'Time zone of naive timestamps in imported files'),
('workspace.currency', '"USD"', 'workspace', 'string', 'Currency amounts are reported in');

CREATE TABLE scheduled_jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  job_name varchar(255) NOT NULL UNIQUE,
  job_type varchar(100) NOT NULL,
  cron_expression varchar(100),
  frequency varchar(50),
  timezone varchar(50) DEFAULT 'UTC',
  job_config jsonb DEFAULT '{}',
  timeout_seconds integer DEFAULT 3600,
  max_retries integer DEFAULT 3,
  is_enabled boolean DEFAULT true,
  last_run_at timestamptz,
  last_run_status varchar(50) CHECK (last_run_status IN ('success', 'failed', 'timeout', 'cancelled')),
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

-- cdp-schema.md's defaults, verbatim.
INSERT INTO scheduled_jobs (job_name, job_type, cron_expression, job_config) VALUES
('daily_customer_metrics', 'metric_calculation', '0 2 * * *', '{"metrics": ["total_customers", "daily_revenue", "retention_rates"]}'),
('hourly_segment_refresh', 'segment_update', '0 * * * *', '{"refresh_dynamic_segments": true}'),
('weekly_cohort_analysis', 'cohort_refresh', '0 3 * * 1', '{"recalculate_all": false, "periods_to_update": 3}'),
('daily_engagement_scores', 'metric_calculation', '0 4 * * *', '{"calculate_engagement": true, "calculate_churn_risk": true}');

CREATE INDEX idx_scheduled_jobs_next_run ON scheduled_jobs (next_run_at, is_enabled);
CREATE INDEX idx_scheduled_jobs_type ON scheduled_jobs (job_type);

SELECT loupe.track_all_tables();
