-- People, and the groups they are put in.
--
-- customers: the one table for a person the organization markets or sells to.
--   cdp-schema.md's customers keep the name (its analytics tables all point
--   here); marketing-analytics-design.md's contacts and crm-design.md's
--   customers are the same people and become the views `contacts` and
--   `crm_customers` with their own column names (0012). The columns are the union
--   of the three documents' plus the scores and consent data Loupe writes back.
-- customer_identities (Loupe): a person's id in each source system, so imports
--   from Mailchimp, Klaviyo, Shopify, HubSpot… resolve to one person.
-- segments / segment_memberships: cdp-schema.md's names; audience_segments and
--   contact_segments (marketing-analytics-design.md), customer_segments and
--   customer_segment_members (crm-design.md) are views over them.
-- cohorts, cohort_memberships, cohort_retention_data: cdp-schema.md.

CREATE TABLE customers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The client system's own identifier (cdp-schema.md). crm-design.md calls it
  -- customer_number. NULL is allowed: contacts that arrive from an ESP have no
  -- client-system id; their source ids live in customer_identities.
  customer_id varchar(100) UNIQUE,
  organization_id uuid DEFAULT loupe.local_organization_id() REFERENCES organizations (organization_id),

  email varchar(255),
  -- Identity resolution key: imports match people across sources on it.
  email_normalized text GENERATED ALWAYS AS (lower(btrim(email))) STORED,
  phone varchar(50),
  name varchar(255),
  first_name varchar(100),
  last_name varchar(100),
  company_name varchar(255),
  job_title varchar(255),
  annual_revenue numeric(15, 2),
  education_level varchar(50),

  date_of_birth date,
  gender varchar(20),
  age_group varchar(20),

  country varchar(50),
  state varchar(50),
  city varchar(100),
  postal_code varchar(20),
  timezone varchar(50),
  address jsonb,
  location jsonb,

  customer_type varchar(50) DEFAULT 'regular'
    CHECK (customer_type IN ('premium', 'regular', 'enterprise', 'trial', 'business', 'individual')),
  customer_status varchar(50) DEFAULT 'active'
    CHECK (customer_status IN ('active', 'inactive', 'churned', 'suspended', 'prospect')),
  -- Reachability, from marketing-analytics-design.md: a person can be an active
  -- customer and still have a bounced address.
  contact_status varchar(50) DEFAULT 'active'
    CHECK (contact_status IN ('active', 'inactive', 'bounced', 'unsubscribed', 'cleaned', 'complained')),
  -- cdp-schema.md's engagement stages and the marketing/CRM funnel stages.
  lifecycle_stage varchar(50) DEFAULT 'new'
    CHECK (lifecycle_stage IN ('new', 'activated', 'engaged', 'at_risk', 'churned', 'reactivated',
                               'subscriber', 'lead', 'marketing_qualified_lead', 'sales_qualified_lead',
                               'opportunity', 'customer', 'champion', 'evangelist', 'other')),
  vip_status boolean DEFAULT false,
  assigned_to uuid REFERENCES platform_users (id) ON DELETE SET NULL,

  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz,
  activated_at timestamptz,
  churned_at timestamptz,
  last_contact_date timestamptz,
  last_activity_date timestamptz,

  acquisition_channel varchar(100),
  acquisition_campaign varchar(100),
  acquisition_source varchar(100),
  referrer_url text,
  utm_parameters jsonb,

  -- Kept in step with customer_orders by trigger (0010).
  total_orders integer DEFAULT 0,
  total_revenue numeric(12, 2) DEFAULT 0.00,
  average_order_value numeric(10, 2) DEFAULT 0.00,
  lifetime_value numeric(12, 2) DEFAULT 0.00,
  days_since_last_order integer,
  first_order_at timestamptz,
  last_order_at timestamptz,
  total_sessions integer DEFAULT 0,
  total_page_views integer DEFAULT 0,

  -- Scores written back by Loupe's scoring (0–100).
  engagement_score integer DEFAULT 0 CHECK (engagement_score BETWEEN 0 AND 100),
  churn_risk_score integer DEFAULT 0 CHECK (churn_risk_score BETWEEN 0 AND 100),
  lead_score integer DEFAULT 0 CHECK (lead_score BETWEEN 0 AND 100),
  rfm_recency_score smallint CHECK (rfm_recency_score BETWEEN 1 AND 5),
  rfm_frequency_score smallint CHECK (rfm_frequency_score BETWEEN 1 AND 5),
  rfm_monetary_score smallint CHECK (rfm_monetary_score BETWEEN 1 AND 5),
  rfm_segment varchar(50),
  predicted_clv numeric(12, 2),
  probability_alive numeric(6, 5) CHECK (probability_alive BETWEEN 0 AND 1),
  conversion_probability numeric(6, 5) CHECK (conversion_probability BETWEEN 0 AND 1),
  score_breakdown jsonb DEFAULT '{}',

  -- Consent and privacy (marketing-analytics-design.md, crm-design.md).
  email_opt_in boolean DEFAULT false,
  sms_opt_in boolean DEFAULT false,
  marketing_consent_given boolean DEFAULT false,
  consent_date timestamptz,
  consent_source varchar(100),
  communication_preferences jsonb DEFAULT '{}',
  preferences jsonb DEFAULT '{}',
  do_not_contact boolean DEFAULT false,
  gdpr_erased boolean DEFAULT false,
  erased_at timestamptz,
  anonymized_at timestamptz,
  processing_restricted boolean DEFAULT false,
  restriction_reason text,
  restricted_at timestamptz,

  custom_attributes jsonb DEFAULT '{}',
  tags text[] DEFAULT '{}',

  data_source varchar(50) DEFAULT 'api',
  external_ids jsonb DEFAULT '{}',
  import_batch_id uuid,

  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  imported_at timestamptz,
  last_calculated_at timestamptz
);

-- Indexes from the three documents, merged. Dropped and why (docs/schema.md has
-- the full list): single-column indexes that are the prefix of a composite
-- below; indexes led by organization_id (one organization per workspace);
-- idx_customers_customer_id (the UNIQUE constraint is one); idx_customers_email
-- (lookups go through email_normalized).
CREATE UNIQUE INDEX idx_customers_email_normalized ON customers (email_normalized)
  WHERE email_normalized IS NOT NULL;
CREATE INDEX idx_customers_type_status_seen ON customers (customer_type, customer_status, last_seen_at);
CREATE INDEX idx_customers_lifecycle ON customers (lifecycle_stage, lead_score DESC);
CREATE INDEX idx_customers_first_seen ON customers (first_seen_at);
CREATE INDEX idx_customers_last_seen ON customers (last_seen_at);
CREATE INDEX idx_customers_revenue_ltv ON customers (total_revenue, lifetime_value) WHERE customer_status = 'active';
CREATE INDEX idx_customers_active_premium ON customers (total_revenue, lifetime_value)
  WHERE customer_status = 'active' AND customer_type = 'premium';
CREATE INDEX idx_customers_engagement_churn ON customers (engagement_score, churn_risk_score);
CREATE INDEX idx_customers_engaged ON customers (id, last_seen_at)
  WHERE engagement_score > 70 AND customer_status = 'active';
CREATE INDEX idx_customers_acquisition ON customers (acquisition_channel, acquisition_source);
CREATE INDEX idx_customers_assigned_to ON customers (assigned_to, last_contact_date DESC)
  WHERE assigned_to IS NOT NULL;
-- cdp-schema.md's and marketing-analytics-design.md's full-text indexes in one;
-- COALESCE everywhere, or one missing part blanks the whole document.
CREATE INDEX idx_customers_search ON customers USING gin (to_tsvector('english',
  coalesce(name, '') || ' ' || coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' ||
  coalesce(email, '') || ' ' || coalesce(customer_id, '') || ' ' || coalesce(company_name, '')));

CREATE TABLE customer_identities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  -- 'mailchimp', 'klaviyo', 'sendgrid', 'hubspot', 'shopify', 'online_retail', 'csv:<mapping>', …
  source varchar(50) NOT NULL,
  external_id varchar(255) NOT NULL,
  email varchar(255),
  attributes jsonb NOT NULL DEFAULT '{}',
  first_seen_at timestamptz,
  last_seen_at timestamptz,
  import_batch_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, external_id)
);
CREATE INDEX idx_customer_identities_customer ON customer_identities (customer_id);

CREATE TABLE segments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid DEFAULT loupe.local_organization_id() REFERENCES organizations (organization_id),
  name varchar(255) NOT NULL,
  description text,
  -- 'lookalike' is marketing-analytics-design.md's third audience kind.
  segment_type varchar(50) DEFAULT 'dynamic'
    CHECK (segment_type IN ('dynamic', 'static', 'calculated', 'lookalike')),
  segment_status varchar(20) DEFAULT 'active'
    CHECK (segment_status IN ('draft', 'active', 'inactive', 'archived')),
  -- Static segments have no criteria, hence the default.
  criteria jsonb NOT NULL DEFAULT '{}',
  sql_query text,
  query_parameters jsonb,

  customer_count integer DEFAULT 0,
  last_customer_count integer DEFAULT 0,
  customer_count_change integer DEFAULT 0,

  average_ltv numeric(10, 2) DEFAULT 0.00,
  average_order_value numeric(10, 2) DEFAULT 0.00,
  average_engagement_score numeric(5, 2) DEFAULT 0.00,
  churn_rate numeric(5, 4) DEFAULT 0.0000,

  auto_refresh boolean DEFAULT true,
  refresh_frequency varchar(50) DEFAULT 'daily'
    CHECK (refresh_frequency IN ('real_time', 'hourly', 'daily', 'weekly')),
  last_refreshed_at timestamptz,
  next_refresh_at timestamptz,
  refresh_duration interval,

  is_active boolean DEFAULT true,

  times_used_in_campaigns integer DEFAULT 0,
  last_used_at timestamptz,

  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid NOT NULL DEFAULT loupe.local_owner_id() REFERENCES platform_users (id),
  updated_by uuid REFERENCES platform_users (id)
);

CREATE INDEX idx_segments_type ON segments (segment_type);
CREATE INDEX idx_segments_active ON segments (is_active);
CREATE INDEX idx_segments_refresh ON segments (next_refresh_at, auto_refresh);
CREATE INDEX idx_segments_created_by ON segments (created_by);
-- marketing-analytics-design.md's idx_audience_segments_org_active.
CREATE INDEX idx_segments_org_active ON segments (organization_id, segment_status) WHERE segment_status = 'active';

CREATE TABLE segment_memberships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  segment_id uuid NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  added_at timestamptz DEFAULT now(),
  first_qualified_at timestamptz DEFAULT now(),
  qualification_score numeric(8, 4),
  -- How the person got in: a rule refresh, by hand, or an uploaded list.
  membership_source varchar(20) NOT NULL DEFAULT 'rule'
    CHECK (membership_source IN ('rule', 'manual', 'upload')),
  is_active boolean DEFAULT true,
  removed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (segment_id, customer_id)
);

-- idx_segment_memberships_segment_id is the UNIQUE constraint's prefix; the
-- low-selectivity is_active index is replaced by the composite.
CREATE INDEX idx_segment_memberships_customer_id ON segment_memberships (customer_id);
CREATE INDEX idx_segment_memberships_segment_active ON segment_memberships (segment_id, is_active, added_at);

CREATE TABLE cohorts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name varchar(255) NOT NULL,
  description text,
  cohort_type varchar(50) DEFAULT 'time_based'
    CHECK (cohort_type IN ('time_based', 'behavior_based', 'attribute_based', 'custom')),
  time_period varchar(50) DEFAULT 'monthly'
    CHECK (time_period IN ('daily', 'weekly', 'monthly', 'quarterly')),
  date_field varchar(100) DEFAULT 'first_seen_at',
  start_date date,
  end_date date,
  inclusion_criteria jsonb NOT NULL DEFAULT '{}',
  -- Loupe: restrict the cohort to a segment.
  segment_id uuid REFERENCES segments (id) ON DELETE SET NULL,
  retention_periods integer DEFAULT 12,
  success_event varchar(100) DEFAULT 'any_activity',
  success_criteria jsonb,
  total_customers integer DEFAULT 0,
  cohort_periods_data jsonb,
  is_active boolean DEFAULT true,
  auto_refresh boolean DEFAULT true,
  refresh_frequency varchar(50) DEFAULT 'daily' CHECK (refresh_frequency IN ('hourly', 'daily', 'weekly')),
  last_refreshed_at timestamptz,
  last_calculation_duration interval,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid NOT NULL DEFAULT loupe.local_owner_id() REFERENCES platform_users (id),
  updated_by uuid REFERENCES platform_users (id)
);

CREATE INDEX idx_cohorts_type ON cohorts (cohort_type);
CREATE INDEX idx_cohorts_active ON cohorts (is_active);
CREATE INDEX idx_cohorts_created_by ON cohorts (created_by);
CREATE INDEX idx_cohorts_last_refreshed ON cohorts (last_refreshed_at);

CREATE TABLE cohort_memberships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cohort_id uuid NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  cohort_period varchar(50) NOT NULL,
  period_start_date date NOT NULL,
  period_end_date date NOT NULL,
  joined_cohort_at timestamptz DEFAULT now(),
  customer_attributes_snapshot jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (cohort_id, customer_id)
);

-- idx_cohort_memberships_cohort_id is the UNIQUE constraint's prefix.
CREATE INDEX idx_cohort_memberships_customer_id ON cohort_memberships (customer_id);
CREATE INDEX idx_cohort_memberships_period ON cohort_memberships (cohort_period);

CREATE TABLE cohort_retention_data (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cohort_id uuid NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
  cohort_period varchar(50) NOT NULL,
  analysis_period integer NOT NULL,
  analysis_date date NOT NULL,
  cohort_size integer NOT NULL,
  active_customers integer NOT NULL,
  retention_rate numeric(8, 6) NOT NULL,
  cumulative_retention_rate numeric(8, 6) NOT NULL,
  period_revenue numeric(12, 2) DEFAULT 0.00,
  cumulative_revenue numeric(12, 2) DEFAULT 0.00,
  average_revenue_per_user numeric(10, 2) DEFAULT 0.00,
  total_orders integer DEFAULT 0,
  total_sessions integer DEFAULT 0,
  total_events integer DEFAULT 0,
  -- Loupe: a period that has not ended yet is flagged, not shown as a drop.
  is_complete boolean NOT NULL DEFAULT true,
  calculated_at timestamptz DEFAULT now(),
  calculation_version integer DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (cohort_id, cohort_period, analysis_period)
);

-- idx_cohort_retention_cohort_period is the UNIQUE constraint's prefix, and
-- idx_cohort_retention_analysis_period the prefix of this composite.
CREATE INDEX idx_cohort_retention_cohort_analysis ON cohort_retention_data (cohort_id, analysis_period, retention_rate);

SELECT loupe.track_all_tables();
