-- What people did and bought, and what it cost to reach them.
--
-- customer_events: cdp-schema.md's name. marketing-analytics-design.md's
--   `events`, its campaign_interactions and crm-design.md's interaction_logs are
--   the same record (something a person did, or something done with them) and
--   become views over it (0012).
-- customer_orders / customer_order_items: cdp-schema.md's names; crm-design.md's
--   `orders` and campaign-performance.md's ecommerce_orders are views.
-- crm_conversions: campaign-performance.md.
-- touchpoints: marketing-analytics-design.md, with what attribution needs.
-- ad_spend_daily (Loupe): daily cost rows from ad platforms (Google Ads, Meta).
-- campaign_performance: marketing-analytics-design.md's daily metrics.
-- promotions / promotion_redemptions: cdp-schema.md.
--
-- These are the high-volume tables. Two choices follow from that:
-- * organization_id on them is a constant default and not a foreign key: a
--   per-row reference check costs about as much as the row itself in bulk loads,
--   and a workspace holds one organization.
-- * Derived calendar fields are generated from the UTC time. cdp-schema.md
--   extracts them from a timestamptz, which depends on the session's time zone
--   and is rejected for generated columns by every PostgreSQL.

CREATE TABLE customer_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- NULL once a person's events are anonymised (GDPR erasure keeps the event,
  -- drops the link, as marketing-analytics-design.md's erase does).
  customer_id uuid REFERENCES customers (id) ON DELETE CASCADE,
  organization_id uuid DEFAULT loupe.local_organization_id(),

  event_type varchar(100) NOT NULL,
  event_category varchar(50),
  event_name varchar(200),

  event_properties jsonb DEFAULT '{}',
  event_value numeric(12, 2),
  currency varchar(3),

  session_id varchar(255),
  page_url text,
  page_title varchar(500),
  referrer_url text,

  ip_address inet,
  user_agent text,
  device_type varchar(50),
  browser varchar(100),
  os varchar(100),
  screen_resolution varchar(20),

  country varchar(50),
  city varchar(100),

  utm_source varchar(255),
  utm_medium varchar(255),
  utm_campaign varchar(255),
  utm_term varchar(255),
  utm_content varchar(255),

  -- Links the other documents' event records carry.
  campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
  delivery_id uuid REFERENCES deliveries (id) ON DELETE SET NULL,
  content_id uuid REFERENCES content_library (content_id) ON DELETE SET NULL,
  -- crm-design.md's interaction fields: the channel, how it went, and the
  -- colleague who had the interaction.
  channel varchar(50),
  outcome varchar(100),
  sentiment varchar(20) CHECK (sentiment IN ('positive', 'neutral', 'negative', 'mixed')),
  user_id uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  duration_seconds integer,
  notes text,

  occurred_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),

  hour_of_day smallint GENERATED ALWAYS AS (EXTRACT(hour FROM (occurred_at AT TIME ZONE 'UTC'))) STORED,
  day_of_week smallint GENERATED ALWAYS AS (EXTRACT(dow FROM (occurred_at AT TIME ZONE 'UTC'))) STORED,
  week_of_year smallint GENERATED ALWAYS AS (EXTRACT(week FROM (occurred_at AT TIME ZONE 'UTC'))) STORED,
  month_of_year smallint GENERATED ALWAYS AS (EXTRACT(month FROM (occurred_at AT TIME ZONE 'UTC'))) STORED,

  data_source varchar(50) DEFAULT 'api',
  source_system varchar(100),
  external_event_id varchar(255),
  -- cdp-schema.md's batch_id, under the name every importable table uses.
  import_batch_id uuid
);

-- cdp-schema.md gives eight indexes here and marketing-analytics-design.md two
-- more; prefixes of a composite and organization_id-led ones are not created.
CREATE INDEX idx_customer_events_customer_occurred_type ON customer_events (customer_id, occurred_at, event_type);
CREATE INDEX idx_customer_events_type_occurred ON customer_events (event_type, occurred_at);
CREATE INDEX idx_customer_events_occurred_at ON customer_events (occurred_at);
CREATE INDEX idx_customer_events_session ON customer_events (session_id) WHERE session_id IS NOT NULL;
-- crm-design.md's idx_interaction_logs_campaign.
CREATE INDEX idx_customer_events_campaign ON customer_events (campaign_id, occurred_at) WHERE campaign_id IS NOT NULL;
CREATE UNIQUE INDEX idx_customer_events_external ON customer_events (source_system, external_event_id)
  WHERE external_event_id IS NOT NULL;

CREATE TABLE customer_orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The order number in its source system. Unique per source: two shops can
  -- both have an order #1001.
  order_id varchar(100) NOT NULL DEFAULT gen_random_uuid()::text,
  source_system varchar(100),
  -- NULL for guest checkouts and for orders placed by a retailer account
  -- (campaign-performance.md's ecommerce_orders).
  customer_id uuid REFERENCES customers (id),

  order_status varchar(50) NOT NULL DEFAULT 'confirmed'
    CHECK (order_status IN ('pending', 'confirmed', 'shipped', 'delivered', 'completed',
                            'cancelled', 'refunded', 'partially_refunded')),
  order_total numeric(12, 2) NOT NULL,
  currency varchar(3) DEFAULT 'USD',

  -- NOT NULL in cdp-schema.md; exports that only state the total leave it empty.
  subtotal numeric(12, 2),
  tax_amount numeric(10, 2) DEFAULT 0.00,
  shipping_amount numeric(10, 2) DEFAULT 0.00,
  discount_amount numeric(10, 2) DEFAULT 0.00,
  refunded_amount numeric(12, 2) DEFAULT 0.00,

  ordered_at timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz,
  shipped_at timestamptz,
  delivered_at timestamptz,
  cancelled_at timestamptz,

  shipping_country varchar(50),
  shipping_state varchar(50),
  shipping_city varchar(100),
  billing_country varchar(50),
  billing_state varchar(50),
  billing_city varchar(100),

  acquisition_channel varchar(100),
  campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
  promotion_code varchar(50),
  -- What attribution reads off an order: where the buyer came from.
  referrer_url text,
  landing_page_url text,
  utm_source varchar(255),
  utm_medium varchar(255),
  utm_campaign varchar(255),
  -- campaign-performance.md's ecommerce_orders columns.
  retailer_id uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  product_count integer DEFAULT 1,
  attributed_to_email boolean DEFAULT false,

  payment_method varchar(50),
  payment_status varchar(50),

  is_first_order boolean DEFAULT false,
  is_subscription boolean DEFAULT false,
  subscription_id varchar(100),

  order_source varchar(50),
  notes text,
  custom_fields jsonb DEFAULT '{}',
  import_batch_id uuid,

  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),

  UNIQUE NULLS NOT DISTINCT (source_system, order_id)
);

-- idx_customer_orders_customer_id and _customer_ordered are prefixes of the
-- composite; the status index and the "delivered" partial one are served by
-- (order_status, ordered_at); a boolean index on is_first_order is not worth its
-- upkeep. cdp-schema.md's idx_orders_recent_high_value filtered on CURRENT_DATE,
-- which no index predicate may use; its fixed form keeps the value filter.
CREATE INDEX idx_customer_orders_customer_ordered_total ON customer_orders (customer_id, ordered_at, order_total);
CREATE INDEX idx_customer_orders_order_id ON customer_orders (order_id);
CREATE INDEX idx_customer_orders_ordered_at ON customer_orders (ordered_at);
CREATE INDEX idx_customer_orders_status_ordered ON customer_orders (order_status, ordered_at);
CREATE INDEX idx_customer_orders_total ON customer_orders (order_total);
CREATE INDEX idx_orders_recent_high_value ON customer_orders (customer_id, ordered_at, order_total) WHERE order_total > 100;
-- campaign-performance.md's idx_ecommerce_orders_campaign.
CREATE INDEX idx_customer_orders_campaign ON customer_orders (campaign_id) WHERE campaign_id IS NOT NULL;
CREATE INDEX idx_customer_orders_retailer ON customer_orders (retailer_id) WHERE retailer_id IS NOT NULL;

CREATE TABLE customer_order_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id uuid NOT NULL REFERENCES customer_orders (id) ON DELETE CASCADE,
  product_id varchar(100) NOT NULL,
  product_name varchar(500) NOT NULL,
  product_category varchar(100),
  product_subcategory varchar(100),
  product_sku varchar(100),
  product_brand varchar(100),
  unit_price numeric(10, 2) NOT NULL,
  quantity integer NOT NULL,
  total_price numeric(12, 2) NOT NULL,
  discount_amount numeric(10, 2) DEFAULT 0.00,
  product_attributes jsonb DEFAULT '{}',
  import_batch_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_order_items_order_id ON customer_order_items (order_id);
CREATE INDEX idx_order_items_product_id ON customer_order_items (product_id);
CREATE INDEX idx_order_items_category ON customer_order_items (product_category);

CREATE TABLE crm_conversions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
  retailer_id uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  -- The per-recipient send that led to it (campaign-performance.md's email_send_id).
  email_send_id uuid REFERENCES deliveries (id) ON DELETE SET NULL,
  customer_id uuid REFERENCES customers (id) ON DELETE SET NULL,
  conversion_type varchar(50)
    CHECK (conversion_type IN ('sale', 'lead', 'signup', 'demo_request', 'quote_request', 'other')),
  conversion_value numeric(12, 2),
  currency varchar(3) DEFAULT 'USD',
  conversion_date timestamptz DEFAULT now(),
  product_category varchar(100),
  source_system varchar(100),
  external_id varchar(255),
  import_batch_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_crm_conversions_campaign ON crm_conversions (campaign_id);
CREATE INDEX idx_crm_conversions_retailer ON crm_conversions (retailer_id) WHERE retailer_id IS NOT NULL;
CREATE INDEX idx_crm_conversions_customer ON crm_conversions (customer_id) WHERE customer_id IS NOT NULL;
CREATE UNIQUE INDEX idx_crm_conversions_external ON crm_conversions (source_system, external_id)
  WHERE external_id IS NOT NULL;

CREATE TABLE touchpoints (
  touchpoint_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The person (marketing-analytics-design.md's contact). NULL for an anonymous
  -- visit that may be stitched to a person later.
  contact_id uuid REFERENCES customers (id) ON DELETE CASCADE,
  organization_id uuid DEFAULT loupe.local_organization_id(),
  touchpoint_type varchar(50) NOT NULL
    CHECK (touchpoint_type IN ('email_open', 'email_click', 'sms_click', 'ad_click', 'ad_impression',
                               'web_visit', 'referral', 'social', 'discount_code', 'direct', 'offline', 'other')),
  -- Attribution needs the moment, not only the day (time decay is measured to the
  -- conversion time); touchpoint_date is the document's day, in UTC.
  touched_at timestamptz NOT NULL,
  touchpoint_date date GENERATED ALWAYS AS ((touched_at AT TIME ZONE 'UTC')::date) STORED,
  -- Position in the person's path as the source numbered it; Loupe's attribution
  -- orders by touched_at itself.
  touchpoint_sequence integer,
  channel varchar(50),
  -- 'explicit' when the file named the channel, 'rules' when channel grouping
  -- derived it from source/medium/referrer.
  channel_source varchar(10) NOT NULL DEFAULT 'rules' CHECK (channel_source IN ('explicit', 'rules')),
  source varchar(255),
  medium varchar(255),
  campaign_name varchar(255),
  content varchar(255),
  term varchar(255),
  campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
  delivery_id uuid REFERENCES deliveries (id) ON DELETE SET NULL,
  event_id uuid REFERENCES customer_events (id) ON DELETE SET NULL,
  order_id uuid REFERENCES customer_orders (id) ON DELETE SET NULL,
  referrer_url text,
  landing_page_url text,
  click_id varchar(255),
  session_id varchar(255),
  device_type varchar(50),
  touchpoint_value numeric(12, 2),
  cost numeric(12, 4),
  source_system varchar(100),
  external_id varchar(255),
  import_batch_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- marketing-analytics-design.md's idx_touchpoints_contact_date, on the moment.
CREATE INDEX idx_touchpoints_contact_date ON touchpoints (contact_id, touched_at DESC);
CREATE INDEX idx_touchpoints_touched_at ON touchpoints (touched_at);
CREATE INDEX idx_touchpoints_campaign ON touchpoints (campaign_id) WHERE campaign_id IS NOT NULL;
CREATE UNIQUE INDEX idx_touchpoints_external ON touchpoints (source_system, external_id)
  WHERE external_id IS NOT NULL;

CREATE TABLE ad_spend_daily (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  spend_date date NOT NULL,
  platform varchar(50) NOT NULL,
  account_id varchar(100),
  account_name varchar(255),
  external_campaign_id varchar(255),
  external_campaign_name varchar(500),
  -- The Loupe campaign the platform's campaign belongs to, once matched.
  campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
  channel varchar(50),
  currency varchar(3) NOT NULL DEFAULT 'USD',
  cost numeric(14, 4) NOT NULL DEFAULT 0,
  impressions bigint,
  clicks bigint,
  conversions numeric(14, 4),
  conversion_value numeric(14, 2),
  import_batch_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per platform campaign and day; some exports have no campaign id, only
-- the name, so the key falls back to it.
CREATE UNIQUE INDEX idx_ad_spend_daily_key ON ad_spend_daily
  (platform, coalesce(account_id, ''), coalesce(external_campaign_id, external_campaign_name, ''), spend_date);
CREATE INDEX idx_ad_spend_daily_campaign ON ad_spend_daily (campaign_id, spend_date) WHERE campaign_id IS NOT NULL;
CREATE INDEX idx_ad_spend_daily_date ON ad_spend_daily (spend_date);

CREATE TABLE campaign_performance (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  report_date date NOT NULL,
  -- NULL for a whole-day row.
  report_hour smallint CHECK (report_hour BETWEEN 0 AND 23),
  -- 'computed' rows are rebuilt from deliveries and spend by
  -- loupe.rebuild_campaign_performance(); 'imported' rows came from a report.
  origin varchar(10) NOT NULL DEFAULT 'imported' CHECK (origin IN ('computed', 'imported')),
  sent_count integer NOT NULL DEFAULT 0,
  delivered_count integer NOT NULL DEFAULT 0,
  opened_count integer NOT NULL DEFAULT 0,
  clicked_count integer NOT NULL DEFAULT 0,
  converted_count integer NOT NULL DEFAULT 0,
  bounced_count integer NOT NULL DEFAULT 0,
  unsubscribed_count integer NOT NULL DEFAULT 0,
  impressions bigint NOT NULL DEFAULT 0,
  conversion_value numeric(14, 2) NOT NULL DEFAULT 0,
  spend numeric(14, 2) NOT NULL DEFAULT 0,
  -- "Campaign metrics with calculated KPIs": computed here so they always agree
  -- with the counts. Percentages, like the dashboards that read them; open and
  -- click rates over delivered; conversion over sent as cdp-schema.md has it.
  delivery_rate numeric GENERATED ALWAYS AS (
    CASE WHEN sent_count > 0 THEN round(delivered_count::numeric / sent_count * 100, 2) ELSE 0 END) STORED,
  open_rate numeric GENERATED ALWAYS AS (
    CASE WHEN delivered_count > 0 THEN round(opened_count::numeric / delivered_count * 100, 2) ELSE 0 END) STORED,
  click_rate numeric GENERATED ALWAYS AS (
    CASE WHEN delivered_count > 0 THEN round(clicked_count::numeric / delivered_count * 100, 2) ELSE 0 END) STORED,
  conversion_rate numeric GENERATED ALWAYS AS (
    CASE WHEN sent_count > 0 THEN round(converted_count::numeric / sent_count * 100, 2) ELSE 0 END) STORED,
  -- No conversions or no spend: undefined, not zero.
  cost_per_acquisition numeric GENERATED ALWAYS AS (
    CASE WHEN converted_count > 0 THEN round(spend / converted_count, 2) END) STORED,
  return_on_ad_spend numeric GENERATED ALWAYS AS (
    CASE WHEN spend > 0 THEN round(conversion_value / spend, 2) END) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE NULLS NOT DISTINCT (campaign_id, report_date, report_hour)
);
-- idx_campaign_performance_campaign_date is the UNIQUE constraint's prefix
-- (read backwards for DESC).

CREATE TABLE promotions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name varchar(255) NOT NULL,
  description text,
  promotion_code varchar(100) UNIQUE,
  code_type varchar(50) DEFAULT 'single' CHECK (code_type IN ('single', 'bulk', 'auto_generated')),
  discount_type varchar(50) NOT NULL
    CHECK (discount_type IN ('percentage', 'fixed_amount', 'free_shipping', 'buy_x_get_y', 'tiered')),
  discount_value numeric(10, 2),
  max_discount_amount numeric(10, 2),
  min_order_value numeric(10, 2),
  buy_quantity integer,
  get_quantity integer,
  get_discount_percentage numeric(5, 4),
  tier_config jsonb,
  usage_limit_total integer,
  usage_limit_per_customer integer DEFAULT 1,
  current_usage_count integer DEFAULT 0,
  valid_from timestamptz NOT NULL,
  valid_until timestamptz NOT NULL,
  applicable_products text[] DEFAULT '{}',
  applicable_categories text[] DEFAULT '{}',
  excluded_products text[] DEFAULT '{}',
  excluded_categories text[] DEFAULT '{}',
  eligible_customer_segments uuid[] DEFAULT '{}',
  eligible_customer_types varchar(50)[] DEFAULT '{}',
  min_customer_tier varchar(50),
  first_time_customers_only boolean DEFAULT false,
  is_active boolean DEFAULT true,
  is_public boolean DEFAULT true,
  requires_code boolean DEFAULT true,
  campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
  total_redemptions integer DEFAULT 0,
  total_discount_given numeric(12, 2) DEFAULT 0.00,
  total_revenue_attributed numeric(12, 2) DEFAULT 0.00,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid NOT NULL DEFAULT loupe.local_owner_id() REFERENCES platform_users (id),
  updated_by uuid REFERENCES platform_users (id)
);

-- idx_promotions_code duplicates the UNIQUE constraint.
CREATE INDEX idx_promotions_dates ON promotions (valid_from, valid_until);
CREATE INDEX idx_promotions_active ON promotions (is_active, valid_from, valid_until);
CREATE INDEX idx_promotions_campaign ON promotions (campaign_id);

CREATE TABLE promotion_redemptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  promotion_id uuid NOT NULL REFERENCES promotions (id),
  customer_id uuid NOT NULL REFERENCES customers (id),
  order_id uuid REFERENCES customer_orders (id),
  redemption_code varchar(100) NOT NULL,
  discount_amount numeric(10, 2) NOT NULL,
  original_order_value numeric(10, 2) NOT NULL,
  final_order_value numeric(10, 2) NOT NULL,
  redemption_channel varchar(50),
  redeemed_at timestamptz DEFAULT now(),
  was_valid boolean DEFAULT true,
  validation_errors text[],
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (promotion_id, customer_id, order_id)
);

-- idx_promotion_redemptions_promotion_id is the UNIQUE constraint's prefix.
CREATE INDEX idx_promotion_redemptions_customer_id ON promotion_redemptions (customer_id);
CREATE INDEX idx_promotion_redemptions_redeemed_at ON promotion_redemptions (redeemed_at);

SELECT loupe.track_all_tables();
