-- What people did and bought, and the touches that led them there.
--
-- customer_events: cdp-schema.md's name and key. marketing-analytics-design.md's
--   `events` and campaign_interactions, and crm-design.md's interaction_logs, are
--   the same record (something a person did, or something done with them) and
--   become views over it (0010).
-- customer_orders / customer_order_items: cdp-schema.md. crm-design.md's `orders`
--   and campaign-performance.md's ecommerce_orders are views.
-- promotion_redemptions: cdp-schema.md.
-- crm_conversions: campaign-performance.md.
-- touchpoints: marketing-analytics-design.md (key touchpoint_id, person contact_id),
--   with what multi-touch attribution needs.
--
-- Nothing here is partitioned, although the documents partition events, email
-- sends, interaction logs and audit logs by month. A workspace holds at most tens
-- of millions of rows, which the time indexes serve; every partition is another
-- set of files to create and open, and the documents' audit tables declared
-- partitions they never created, so no row could be inserted into them at all.
--
-- Derived calendar fields are computed in UTC. cdp-schema.md extracts them from a
-- timestamptz directly, which depends on the session's time zone, so PostgreSQL
-- rejects it as a generation expression; analytics in another zone compute from
-- occurred_at AT TIME ZONE the workspace's zone.

CREATE TABLE customer_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- NULL for an anonymous event, or once a person's events are anonymised:
  -- marketing-analytics-design.md's erasure keeps the event and drops the link.
  customer_id uuid REFERENCES customers (id) ON DELETE CASCADE,
  organization_id uuid NOT NULL DEFAULT loupe.local_organization_id(),

  -- page_view, purchase, signup, email_open, email_click, form_submission, call …
  event_type text NOT NULL,
  event_category text,
  -- NOT NULL as in cdp-schema.md; the other documents' records have no name, and
  -- take their event type as one (trigger below).
  event_name text NOT NULL,

  event_properties jsonb DEFAULT '{}',
  event_value numeric(12, 2),
  currency text,

  session_id text,
  page_url text,
  page_title text,
  referrer_url text,

  ip_address inet,
  user_agent text,
  device_type text,
  browser text,
  os text,
  screen_resolution text,

  country text,
  city text,

  utm_source text,
  utm_medium text,
  utm_campaign text,
  utm_term text,
  utm_content text,

  -- What the other documents' event records link to.
  campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
  delivery_id uuid REFERENCES message_deliveries (id) ON DELETE SET NULL,
  content_id uuid REFERENCES content_library (content_id) ON DELETE SET NULL,
  -- crm-design.md's interactions: their channel, how they went, and the colleague
  -- who had them.
  channel text,
  outcome text,
  sentiment text CHECK (sentiment IN ('positive', 'neutral', 'negative', 'mixed')),
  user_id uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  duration_seconds integer,
  notes text,

  occurred_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),

  hour_of_day integer GENERATED ALWAYS AS (EXTRACT(hour FROM occurred_at AT TIME ZONE 'UTC')) STORED,
  day_of_week integer GENERATED ALWAYS AS (EXTRACT(dow FROM occurred_at AT TIME ZONE 'UTC')) STORED,
  week_of_year integer GENERATED ALWAYS AS (EXTRACT(week FROM occurred_at AT TIME ZONE 'UTC')) STORED,
  month_of_year integer GENERATED ALWAYS AS (EXTRACT(month FROM occurred_at AT TIME ZONE 'UTC')) STORED,

  data_source text DEFAULT 'api',
  source_system text,
  external_event_id text,
  -- The import that wrote the row, under the name every importable table uses;
  -- cdp-schema.md's batch_id ("for bulk imports") is its read-only alias.
  import_batch_id uuid,
  batch_id uuid GENERATED ALWAYS AS (import_batch_id) STORED
);

-- cdp-schema.md gives eight indexes here and marketing-analytics-design.md three
-- more. Kept: the person timeline (which also serves the person-only and
-- person/time prefixes and the cascade), type over time (which also serves the
-- type-only one and the valued partial one), time alone for daily rollups,
-- sessions, campaign interactions (crm-design.md's idx_interaction_logs_campaign),
-- idempotent re-imports and rollback. Organization-led indexes are pointless in a
-- one-organization workspace and the GIN index on properties slows every load
-- for a query no one runs.
CREATE INDEX idx_customer_events_customer_occurred_type ON customer_events (customer_id, occurred_at, event_type);
CREATE INDEX idx_customer_events_type_occurred ON customer_events (event_type, occurred_at);
CREATE INDEX idx_customer_events_occurred_at ON customer_events (occurred_at);
CREATE INDEX idx_customer_events_session ON customer_events (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX idx_customer_events_campaign ON customer_events (campaign_id, occurred_at) WHERE campaign_id IS NOT NULL;
CREATE UNIQUE INDEX idx_customer_events_external ON customer_events (source_system, external_event_id)
  WHERE external_event_id IS NOT NULL;
CREATE INDEX idx_customer_events_import_batch ON customer_events (import_batch_id) WHERE import_batch_id IS NOT NULL;

CREATE TABLE customer_orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The order number in its source. NOT NULL UNIQUE as in cdp-schema.md; made up
  -- when a source (campaign-performance.md's ecommerce_orders) has none.
  order_id text UNIQUE NOT NULL DEFAULT gen_random_uuid()::text,
  -- NOT NULL in cdp-schema.md. NULL for a guest checkout, an order a retailer
  -- placed (campaign-performance.md's ecommerce_orders name no person), or once
  -- the person is deleted: revenue history outlives the person's record.
  customer_id uuid REFERENCES customers (id) ON DELETE SET NULL,
  organization_id uuid NOT NULL DEFAULT loupe.local_organization_id(),

  -- cdp-schema.md's statuses plus campaign-performance.md's 'completed' and the
  -- shops' 'partially_refunded'.
  order_status text NOT NULL DEFAULT 'completed'
    CHECK (order_status IN ('pending', 'confirmed', 'shipped', 'delivered', 'completed', 'cancelled', 'refunded',
                            'partially_refunded')),
  order_total numeric(12, 2) NOT NULL,
  -- What was paid back; revenue is order_total minus this.
  refunded_amount numeric(12, 2) NOT NULL DEFAULT 0,
  currency text DEFAULT 'USD',

  -- NOT NULL in cdp-schema.md; exports that state only a total leave it empty.
  subtotal numeric(12, 2),
  tax_amount numeric(10, 2) DEFAULT 0.00,
  shipping_amount numeric(10, 2) DEFAULT 0.00,
  discount_amount numeric(10, 2) DEFAULT 0.00,

  ordered_at timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz,
  shipped_at timestamptz,
  delivered_at timestamptz,
  cancelled_at timestamptz,

  shipping_country text,
  shipping_state text,
  shipping_city text,
  billing_country text,
  billing_state text,
  billing_city text,

  acquisition_channel text,
  campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
  promotion_code text,
  -- What attribution reads off an order: where the buyer came from.
  referrer_url text,
  landing_page_url text,
  utm_source text,
  utm_medium text,
  utm_campaign text,

  -- campaign-performance.md's ecommerce_orders.
  retailer_id uuid REFERENCES retailers (id) ON DELETE SET NULL,
  product_count integer DEFAULT 1,
  attributed_to_email boolean DEFAULT false,

  payment_method text,
  payment_status text,

  is_first_order boolean DEFAULT false,
  is_subscription boolean DEFAULT false,
  subscription_id text,

  order_source text,
  notes text,
  custom_fields jsonb DEFAULT '{}',
  source_system text,
  import_batch_id uuid,

  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Kept from cdp-schema.md: the person's orders over time with their totals (which
-- also serves its person-only and person/time indexes and the cascade), time
-- alone, and delivered orders over time (the revenue queries). Not created: the
-- order_id index (the unique key is one), status alone and is_first_order (too
-- few distinct values), order_total alone (no query seeks by amount), and
-- idx_orders_recent_high_value, whose CURRENT_DATE predicate no index may use.
CREATE INDEX idx_customer_orders_customer_ordered_total ON customer_orders (customer_id, ordered_at, order_total);
CREATE INDEX idx_customer_orders_ordered_at ON customer_orders (ordered_at);
CREATE INDEX idx_customer_orders_status_ordered ON customer_orders (order_status, ordered_at)
  WHERE order_status = 'delivered';
-- campaign-performance.md's idx_ecommerce_orders_campaign, and per-retailer revenue.
CREATE INDEX idx_customer_orders_campaign ON customer_orders (campaign_id) WHERE campaign_id IS NOT NULL;
CREATE INDEX idx_customer_orders_retailer ON customer_orders (retailer_id) WHERE retailer_id IS NOT NULL;
CREATE INDEX idx_customer_orders_import_batch ON customer_orders (import_batch_id) WHERE import_batch_id IS NOT NULL;

CREATE TABLE customer_order_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id uuid NOT NULL REFERENCES customer_orders (id) ON DELETE CASCADE,
  product_id text NOT NULL,
  product_name text NOT NULL,
  product_category text,
  product_subcategory text,
  product_sku text,
  product_brand text,
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
CREATE INDEX idx_order_items_import_batch ON customer_order_items (import_batch_id) WHERE import_batch_id IS NOT NULL;

CREATE TABLE promotion_redemptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  promotion_id uuid NOT NULL REFERENCES promotions (id) ON DELETE CASCADE,
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  order_id uuid REFERENCES customer_orders (id) ON DELETE SET NULL,
  redemption_code text NOT NULL,
  discount_amount numeric(10, 2) NOT NULL,
  original_order_value numeric(12, 2) NOT NULL,
  final_order_value numeric(12, 2) NOT NULL,
  redemption_channel text,
  redeemed_at timestamptz DEFAULT now(),
  was_valid boolean DEFAULT true,
  validation_errors text[],
  import_batch_id uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (promotion_id, customer_id, order_id)
);
-- The unique key serves lookups by promotion.
CREATE INDEX idx_promotion_redemptions_customer_id ON promotion_redemptions (customer_id);
CREATE INDEX idx_promotion_redemptions_redeemed_at ON promotion_redemptions (redeemed_at);

CREATE TABLE crm_conversions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
  retailer_id uuid REFERENCES retailers (id) ON DELETE SET NULL,
  -- The per-recipient message that led to it.
  email_send_id uuid REFERENCES message_deliveries (id) ON DELETE SET NULL,
  -- Who converted, when the CRM knows (Loupe addition).
  customer_id uuid REFERENCES customers (id) ON DELETE SET NULL,
  conversion_type text CHECK (conversion_type IN ('sale', 'lead', 'signup', 'demo_request', 'other')),
  conversion_value numeric(12, 2),
  currency text DEFAULT 'USD',
  conversion_date timestamptz DEFAULT now(),
  product_category text,
  source_system text,
  external_id text,
  import_batch_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_crm_conversions_campaign ON crm_conversions (campaign_id);
CREATE INDEX idx_crm_conversions_retailer ON crm_conversions (retailer_id) WHERE retailer_id IS NOT NULL;
CREATE UNIQUE INDEX idx_crm_conversions_external ON crm_conversions (source_system, external_id)
  WHERE external_id IS NOT NULL;

CREATE TABLE touchpoints (
  touchpoint_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The person (the marketing document's contact).
  contact_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  organization_id uuid NOT NULL DEFAULT loupe.local_organization_id(),
  -- email_click, ad_click, web_visit, referral, social, discount_code, direct …
  touchpoint_type text NOT NULL,
  -- A timestamp, not a date: time decay is measured to the conversion time. The
  -- document's own attribution function also needs one (it takes EXTRACT(EPOCH
  -- FROM CURRENT_DATE - touchpoint_date), which fails for a date).
  touchpoint_date timestamptz NOT NULL,
  -- Position in the person's path as last computed; attribution orders by time.
  touchpoint_sequence integer,
  -- Email, Paid Search, Organic Search, Paid Social, Organic Social, Direct,
  -- Referral, Affiliates, Display, SMS … A file that names the channel keeps it
  -- (channel_is_explicit); otherwise the channel-grouping rules derive it from
  -- source, medium and referrer.
  channel text,
  channel_is_explicit boolean NOT NULL DEFAULT false,
  source text,
  medium text,
  campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
  -- The campaign as the source named it (utm_campaign), matched or not.
  campaign_name text,
  content text,
  term text,
  referrer_url text,
  landing_page_url text,
  -- gclid, fbclid, msclkid … whichever the click carried.
  click_id text,
  -- What the touch was derived from, when it was derived.
  event_id uuid REFERENCES customer_events (id) ON DELETE SET NULL,
  delivery_id uuid REFERENCES message_deliveries (id) ON DELETE SET NULL,
  order_id uuid REFERENCES customer_orders (id) ON DELETE SET NULL,
  cost numeric(12, 4),
  properties jsonb NOT NULL DEFAULT '{}',
  import_batch_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- marketing-analytics-design.md's idx_touchpoints_contact_date (a person's path),
-- plus the time range every attribution run scans and campaign drill-downs.
CREATE INDEX idx_touchpoints_contact_date ON touchpoints (contact_id, touchpoint_date DESC);
CREATE INDEX idx_touchpoints_date ON touchpoints (touchpoint_date);
CREATE INDEX idx_touchpoints_campaign ON touchpoints (campaign_id) WHERE campaign_id IS NOT NULL;
CREATE INDEX idx_touchpoints_import_batch ON touchpoints (import_batch_id) WHERE import_batch_id IS NOT NULL;

SELECT loupe.track_changes();

-- The other documents' event records have no event_name; they take their type.
-- The WHEN clause keeps bulk loads that name events from calling the function.
CREATE FUNCTION loupe.event_name_from_type() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  NEW.event_name := NEW.event_type;
  RETURN NEW;
END
$$;
CREATE TRIGGER event_name_from_type BEFORE INSERT ON customer_events FOR EACH ROW
  WHEN (NEW.event_name IS NULL) EXECUTE FUNCTION loupe.event_name_from_type();

-- A person's order totals, as cdp-schema.md's update_customer_metrics keeps them,
-- but on insert, update and delete alike (the document's version reads NEW, which
-- a DELETE does not have, and forgets the old person when an order moves to
-- another). Revenue counts delivered orders, as the document does, and
-- campaign-performance.md's completed ones, net of refunds (so a partially
-- refunded order counts what was kept). Statement level: an import of a hundred
-- thousand orders recomputes each person once, not once per order.
CREATE FUNCTION loupe.recompute_customer_order_metrics(customer_ids uuid[]) RETURNS void
  LANGUAGE sql
  AS $$
  UPDATE customers c
     SET total_orders = a.orders,
         total_revenue = a.revenue,
         average_order_value = CASE WHEN a.orders > 0 THEN round(a.revenue / a.orders, 2) ELSE 0 END,
         days_since_last_order = current_date - (a.last_ordered_at AT TIME ZONE 'UTC')::date,
         last_calculated_at = now()
    FROM (SELECT i.customer_id,
                 count(o.id) AS orders,
                 coalesce(sum(o.order_total - o.refunded_amount), 0) AS revenue,
                 max(o.ordered_at) AS last_ordered_at
            FROM unnest(customer_ids) AS i (customer_id)
            LEFT JOIN customer_orders o
              ON o.customer_id = i.customer_id AND o.order_status IN ('delivered', 'completed', 'partially_refunded')
           GROUP BY i.customer_id) a
   WHERE c.id = a.customer_id
     AND (c.total_orders, c.total_revenue, c.days_since_last_order)
         IS DISTINCT FROM (a.orders, a.revenue, current_date - (a.last_ordered_at AT TIME ZONE 'UTC')::date)
$$;

CREATE FUNCTION loupe.customer_orders_changed() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  -- Separate statements: each may name only the transition tables its trigger has.
  IF TG_OP = 'INSERT' THEN
    PERFORM loupe.recompute_customer_order_metrics(
      ARRAY(SELECT DISTINCT customer_id FROM new_rows WHERE customer_id IS NOT NULL));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM loupe.recompute_customer_order_metrics(
      ARRAY(SELECT DISTINCT customer_id FROM old_rows WHERE customer_id IS NOT NULL));
  ELSE
    PERFORM loupe.recompute_customer_order_metrics(
      ARRAY(SELECT customer_id FROM new_rows WHERE customer_id IS NOT NULL
            UNION SELECT customer_id FROM old_rows WHERE customer_id IS NOT NULL));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER customer_metrics_after_insert AFTER INSERT ON customer_orders
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loupe.customer_orders_changed();
CREATE TRIGGER customer_metrics_after_update AFTER UPDATE ON customer_orders
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION loupe.customer_orders_changed();
CREATE TRIGGER customer_metrics_after_delete AFTER DELETE ON customer_orders
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION loupe.customer_orders_changed();
