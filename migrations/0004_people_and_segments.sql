-- People, and the groups they are put in.
--
-- customers: the one table of people. cdp-schema.md's name, key (id) and external
--   identifier (customer_id), carrying also the columns marketing-analytics-design.md
--   gives its `contacts` and crm-design.md gives its `customers`; both are views
--   over this table (0010). Where the documents name one fact differently the
--   views rename it:
--     contacts.contact_id / crm customers.customer_id  = id
--     crm customers.customer_number                    = customer_id
--     contacts.last_activity_date                      = last_seen_at
--   Where two documents give one name to two facts, both are kept:
--     lifecycle_stage: cdp-schema.md's engagement lifecycle (new, activated,
--       engaged …); the other documents' sales funnel (lead, customer, champion …)
--       is funnel_stage here.
--     status: cdp-schema.md's customer_status says whether the customer relationship
--       is alive (active, churned …); the marketing document's contact_status
--       whether the address can be reached (active, unsubscribed, bounced …).
-- customer_identities (Loupe): a person's id in each source system, so every
--   import can find the person it already made.
-- segments / segment_memberships: cdp-schema.md. marketing-analytics-design.md's
--   audience_segments / contact_segments and crm-design.md's customer_segments /
--   customer_segment_members are the same and become views.
-- cohorts, cohort_memberships, cohort_retention_data: cdp-schema.md.

CREATE TABLE customers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The client's own identifier. When a source has none Loupe makes one up, so
  -- the column can stay NOT NULL UNIQUE as cdp-schema.md has it.
  customer_id text UNIQUE NOT NULL DEFAULT gen_random_uuid()::text,
  organization_id uuid NOT NULL DEFAULT loupe.local_organization_id(),
  email citext,
  phone text,
  -- The display name. Importers fill it as well as first/last name when a source
  -- gives those, so cdp-schema.md's queries show a name for everyone.
  name text,
  first_name text,
  last_name text,

  date_of_birth date,
  gender text,
  age_group text,

  country text,
  state text,
  city text,
  postal_code text,
  -- Street lines; crm-design.md's address JSON is built from these and the
  -- location columns above.
  address_line1 text,
  address_line2 text,
  timezone text,

  customer_type text DEFAULT 'regular'
    CHECK (customer_type IN ('premium', 'regular', 'enterprise', 'trial', 'business', 'individual')),
  customer_status text DEFAULT 'active' CHECK (customer_status IN ('active', 'inactive', 'churned', 'suspended')),
  -- Whether messages can reach the person: the marketing document's statuses and
  -- those ESPs export (Mailchimp's 'cleaned' is an address that hard-bounced).
  contact_status text NOT NULL DEFAULT 'active'
    CHECK (contact_status IN ('active', 'inactive', 'unsubscribed', 'cleaned', 'bounced', 'complained')),
  lifecycle_stage text DEFAULT 'new'
    CHECK (lifecycle_stage IN ('new', 'activated', 'engaged', 'at_risk', 'churned', 'reactivated')),
  -- subscriber, lead, marketing_qualified_lead, sales_qualified_lead, opportunity,
  -- customer, champion … free text: every CRM names its stages its own way.
  funnel_stage text,

  -- NOT NULL as in cdp-schema.md. Importers set the earliest time the source
  -- knows (signup, opt-in, first order); now() is only the last resort.
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz,
  activated_at timestamptz,
  churned_at timestamptz,

  acquisition_channel text,
  acquisition_campaign text,
  acquisition_source text,
  referrer_url text,
  utm_parameters jsonb,

  -- Kept in step with customer_orders by trigger (0006); lifetime_value and the
  -- scores are written by Loupe's analytics, the other counters by its jobs.
  total_orders integer DEFAULT 0,
  total_revenue numeric(12, 2) DEFAULT 0.00,
  average_order_value numeric(12, 2) DEFAULT 0.00,
  lifetime_value numeric(12, 2) DEFAULT 0.00,
  days_since_last_order integer,
  total_sessions integer DEFAULT 0,
  total_page_views integer DEFAULT 0,

  engagement_score integer DEFAULT 0 CHECK (engagement_score BETWEEN 0 AND 100),
  churn_risk_score integer DEFAULT 0 CHECK (churn_risk_score BETWEEN 0 AND 100),
  lead_score integer DEFAULT 0 CHECK (lead_score BETWEEN 0 AND 100),

  custom_attributes jsonb DEFAULT '{}',
  tags text[] DEFAULT '{}',

  data_source text DEFAULT 'api',
  -- Free-form ids cdp-schema.md keeps on the row. Importers record ids they
  -- match on in customer_identities instead.
  external_ids jsonb DEFAULT '{}',

  -- Business contacts (crm-design.md, marketing-analytics-design.md).
  company_name text,
  job_title text,
  education_level text,
  annual_revenue numeric(15, 2),
  vip_status boolean NOT NULL DEFAULT false,
  assigned_to uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  -- When someone last contacted them (crm-design.md), not when they were last seen.
  last_contact_date date,

  -- Consent and privacy (marketing-analytics-design.md, crm-design.md).
  email_opt_in boolean NOT NULL DEFAULT false,
  sms_opt_in boolean NOT NULL DEFAULT false,
  marketing_consent_given boolean NOT NULL DEFAULT false,
  consent_date timestamptz,
  consent_source text,
  communication_preferences jsonb DEFAULT '{}',
  preferences jsonb DEFAULT '{}',
  do_not_contact boolean NOT NULL DEFAULT false,
  processing_restricted boolean NOT NULL DEFAULT false,
  restriction_reason text,
  restricted_at timestamptz,
  gdpr_erased boolean NOT NULL DEFAULT false,
  erased_at timestamptz,
  anonymized_at timestamptz,

  import_batch_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  imported_at timestamptz,
  last_calculated_at timestamptz
);

-- Of cdp-schema.md's fifteen customer indexes these serve a query Loupe runs:
-- matching imports by email, cohorts by first_seen_at, the type/status/recency
-- filters of segments. The score and revenue indexes are not created: analytics
-- read every customer anyway, and each index slows every import (docs/schema.md).
CREATE INDEX idx_customers_email ON customers (email);
CREATE INDEX idx_customers_type_status_seen ON customers (customer_type, customer_status, last_seen_at);
CREATE INDEX idx_customers_first_seen ON customers (first_seen_at);
CREATE INDEX idx_customers_import_batch ON customers (import_batch_id) WHERE import_batch_id IS NOT NULL;

CREATE TABLE customer_identities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  -- mailchimp, klaviyo, sendgrid, hubspot, shopify, ga4, pos …
  source text NOT NULL,
  external_id text NOT NULL,
  -- What the source knew the person by, as it was at import time.
  email citext,
  phone text,
  first_seen_at timestamptz,
  last_seen_at timestamptz,
  properties jsonb NOT NULL DEFAULT '{}',
  import_batch_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, external_id)
);
CREATE INDEX idx_customer_identities_customer ON customer_identities (customer_id);
CREATE INDEX idx_customer_identities_import_batch ON customer_identities (import_batch_id)
  WHERE import_batch_id IS NOT NULL;

CREATE TABLE segments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL DEFAULT loupe.local_organization_id(),
  name text NOT NULL,
  description text,
  -- cdp-schema.md's types plus marketing-analytics-design.md's lookalike audiences.
  segment_type text DEFAULT 'dynamic' CHECK (segment_type IN ('dynamic', 'static', 'calculated', 'lookalike')),
  -- NOT NULL as in cdp-schema.md; a static list imported from an ESP has none.
  criteria jsonb NOT NULL DEFAULT '{}',
  sql_query text,
  query_parameters jsonb,

  customer_count integer DEFAULT 0,
  last_customer_count integer DEFAULT 0,
  customer_count_change integer DEFAULT 0,

  average_ltv numeric(12, 2) DEFAULT 0.00,
  average_order_value numeric(12, 2) DEFAULT 0.00,
  average_engagement_score numeric(5, 2) DEFAULT 0.00,
  churn_rate numeric(5, 4) DEFAULT 0.0000,

  auto_refresh boolean DEFAULT true,
  refresh_frequency text DEFAULT 'daily' CHECK (refresh_frequency IN ('real_time', 'hourly', 'daily', 'weekly')),
  last_refreshed_at timestamptz,
  next_refresh_at timestamptz,
  refresh_duration interval,

  is_active boolean DEFAULT true,

  times_used_in_campaigns integer DEFAULT 0,
  last_used_at timestamptz,

  -- The list or tag this segment mirrors in an ESP or CRM, for re-imports.
  source text,
  external_id text,
  import_batch_id uuid,

  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid NOT NULL DEFAULT loupe.owner_user_id() REFERENCES platform_users (id),
  updated_by uuid REFERENCES platform_users (id),
  UNIQUE (source, external_id)
);

CREATE TABLE segment_memberships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  segment_id uuid NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  added_at timestamptz DEFAULT now(),
  first_qualified_at timestamptz DEFAULT now(),
  qualification_score numeric(8, 4),
  is_active boolean DEFAULT true,
  removed_at timestamptz,
  import_batch_id uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (segment_id, customer_id)
);
-- The unique key serves lookups by segment; this one a person's segments and the
-- cascade when a person is deleted.
CREATE INDEX idx_segment_memberships_customer_id ON segment_memberships (customer_id);

CREATE TABLE cohorts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  description text,
  cohort_type text DEFAULT 'time_based' CHECK (cohort_type IN ('time_based', 'behavior_based', 'attribute_based', 'custom')),
  time_period text DEFAULT 'monthly' CHECK (time_period IN ('daily', 'weekly', 'monthly', 'quarterly')),
  date_field text DEFAULT 'first_seen_at',
  start_date date,
  end_date date,
  inclusion_criteria jsonb NOT NULL DEFAULT '{}',
  retention_periods integer DEFAULT 12,
  success_event text DEFAULT 'any_activity',
  success_criteria jsonb,
  total_customers integer DEFAULT 0,
  cohort_periods_data jsonb,
  is_active boolean DEFAULT true,
  auto_refresh boolean DEFAULT true,
  refresh_frequency text DEFAULT 'daily' CHECK (refresh_frequency IN ('hourly', 'daily', 'weekly')),
  last_refreshed_at timestamptz,
  last_calculation_duration interval,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid NOT NULL DEFAULT loupe.owner_user_id() REFERENCES platform_users (id),
  updated_by uuid REFERENCES platform_users (id)
);

CREATE TABLE cohort_memberships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cohort_id uuid NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  cohort_period text NOT NULL,
  period_start_date date NOT NULL,
  period_end_date date NOT NULL,
  joined_cohort_at timestamptz DEFAULT now(),
  customer_attributes_snapshot jsonb,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (cohort_id, customer_id)
);
CREATE INDEX idx_cohort_memberships_customer_id ON cohort_memberships (customer_id);

CREATE TABLE cohort_retention_data (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cohort_id uuid NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
  cohort_period text NOT NULL,
  analysis_period integer NOT NULL,
  analysis_date date NOT NULL,
  cohort_size integer NOT NULL,
  active_customers integer NOT NULL,
  -- Fractions (0.234567 = 23.4567 %), as cdp-schema.md stores them.
  retention_rate numeric(8, 6) NOT NULL,
  cumulative_retention_rate numeric(8, 6) NOT NULL,
  period_revenue numeric(12, 2) DEFAULT 0.00,
  cumulative_revenue numeric(14, 2) DEFAULT 0.00,
  average_revenue_per_user numeric(12, 2) DEFAULT 0.00,
  total_orders integer DEFAULT 0,
  total_sessions integer DEFAULT 0,
  total_events integer DEFAULT 0,
  calculated_at timestamptz DEFAULT now(),
  calculation_version integer DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Also serves cdp-schema.md's idx_cohort_retention_cohort_period.
  UNIQUE (cohort_id, cohort_period, analysis_period)
);

SELECT loupe.track_changes();
