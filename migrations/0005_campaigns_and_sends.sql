-- Campaigns, what they send, and what they cost.
--
-- email_templates: marketing-analytics-design.md and crm-design.md both describe
--   "reusable email templates" with personalisation/merge fields: one meaning,
--   one table, carrying what both say.
-- content_library: marketing-analytics-design.md (key content_id). The marketing
--   module's mkt_con_content is the same concept and becomes a view over it (0008).
-- campaigns: cdp-schema.md's table, which campaign-performance.md's campaigns fit
--   without renaming (id, name, status, dates, created_by) plus budget_allocated
--   and budget_spent. marketing-analytics-design.md and crm-design.md name the same
--   facts differently (campaign_id, campaign_name, campaign_status, actual_cost…):
--   their campaigns are the views marketing_campaigns and crm_campaigns (0010),
--   the marketing module's mkt_campaigns another (0008).
-- send_batches (Loupe name): one message of a campaign sent to many people at once.
--   campaign-performance.md's email_campaigns, marketing-analytics-design.md's
--   campaign_sends (a batch there) and crm-design.md's email_sends (a batch there)
--   are views over it.
-- message_deliveries (Loupe name): one message to one recipient, the table imports
--   and analytics lean on most. cdp-schema.md's campaign_sends and
--   campaign-performance.md's email_sends (per recipient in both) keep those names
--   as views, as does marketing-analytics-design.md's email_deliveries.
-- campaign_reported_stats (Loupe): the figures an ESP's campaign report states for a
--   whole campaign or a period of it, where there is no per-recipient data.
-- ad_spend_daily (Loupe): what ad platforms charged per day, for ROI and ROAS.
-- promotions: cdp-schema.md.

CREATE TABLE email_templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL DEFAULT loupe.local_organization_id(),
  name text NOT NULL,
  description text,
  category text,
  subject text,
  preheader text,
  html_body text,
  text_body text,
  sender_name text,
  sender_email citext,
  reply_to citext,
  -- crm-design.md's merge fields ({{first_name}} …) and the marketing document's
  -- personalisation rules, as the editor stores them.
  merge_fields text[] NOT NULL DEFAULT '{}',
  personalization_config jsonb NOT NULL DEFAULT '{}',
  design_json jsonb,
  thumbnail_url text,
  version integer NOT NULL DEFAULT 1,
  is_active boolean NOT NULL DEFAULT true,
  source text,
  external_id text,
  created_by uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, external_id)
);

CREATE TABLE content_library (
  content_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL DEFAULT loupe.local_organization_id(),
  content_title text NOT NULL,
  content_description text,
  -- blog_post, landing_page, video, ebook, case_study, social_post …
  content_type text,
  body text,
  url text,
  slug text,
  author_id uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  publish_status text NOT NULL DEFAULT 'draft'
    CHECK (publish_status IN ('draft', 'in_review', 'scheduled', 'published', 'archived')),
  published_at timestamptz,
  -- A JSON array of strings: the marketing document's personalisation tests it
  -- with the jsonb ? and ?| operators.
  tags jsonb NOT NULL DEFAULT '[]',
  seo_title text,
  seo_description text,
  seo_keywords text[] DEFAULT '{}',
  view_count integer NOT NULL DEFAULT 0,
  unique_view_count integer NOT NULL DEFAULT 0,
  avg_time_on_page_seconds numeric(10, 2),
  conversion_count integer NOT NULL DEFAULT 0,
  -- 0–10: marketing_operations_dashboard divides it by 10 for a 20-point share.
  engagement_score numeric(4, 2) DEFAULT 0 CHECK (engagement_score BETWEEN 0 AND 10),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- marketing-analytics-design.md's content indexes (by organization, by type and
-- engagement, full text) are not created: a content library is hundreds of rows.

CREATE TABLE content_segment_associations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  content_id uuid NOT NULL REFERENCES content_library (content_id) ON DELETE CASCADE,
  segment_id uuid NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
  relevance_score numeric(5, 4),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (content_id, segment_id)
);

CREATE TABLE campaigns (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL DEFAULT loupe.local_organization_id(),
  name text NOT NULL,
  description text,
  -- marketing module: a short code for naming assets and UTM tags, and the goal.
  code text UNIQUE,
  objective text,

  -- cdp-schema.md's message types, plus the kinds the other documents run:
  -- multi-channel brand campaigns (campaign-performance.md), paid and social ones
  -- (marketing-analytics-design.md), WhatsApp (marketing module).
  campaign_type text NOT NULL DEFAULT 'multi_channel'
    CHECK (campaign_type IN ('email', 'sms', 'push_notification', 'in_app', 'web_push', 'direct_mail',
                             'whatsapp', 'social', 'paid_search', 'paid_social', 'display', 'content',
                             'event', 'multi_channel', 'other')),
  channel text NOT NULL DEFAULT 'multi_channel',
  -- broadcast: sent once; flow: an automated series (a Klaviyo flow); ads: paid media.
  campaign_kind text CHECK (campaign_kind IN ('broadcast', 'flow', 'ads')),
  tags text[] NOT NULL DEFAULT '{}',

  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'scheduled', 'active', 'paused', 'completed', 'cancelled', 'archived')),
  start_date timestamptz,
  end_date timestamptz,

  subject_line text,
  content_template_id uuid REFERENCES email_templates (id) ON DELETE SET NULL,
  content_variables jsonb DEFAULT '{}',
  -- NOT NULL as in cdp-schema.md; imported campaigns often have no content.
  message_content jsonb NOT NULL DEFAULT '{}',

  target_audience_type text DEFAULT 'segment'
    CHECK (target_audience_type IN ('all_customers', 'segment', 'custom_filter', 'uploaded_list')),
  target_segments uuid[] DEFAULT '{}',
  target_filters jsonb,
  exclusion_segments uuid[] DEFAULT '{}',
  -- marketing-analytics-design.md's targeting description.
  target_audience jsonb DEFAULT '{}',

  send_immediately boolean DEFAULT false,
  scheduled_send_time timestamptz,
  timezone_send boolean DEFAULT false,
  frequency_cap jsonb,

  is_ab_test boolean DEFAULT false,
  ab_test_config jsonb,

  -- campaign-performance.md's and marketing-analytics-design.md's name for
  -- cdp-schema.md's `budget`, which is kept as a read-only alias.
  budget_allocated numeric(14, 2),
  budget numeric(14, 2) GENERATED ALWAYS AS (budget_allocated) STORED,
  -- What was actually spent. Kept equal to the campaign's ad_spend_daily rows
  -- once it has any (trigger below); otherwise entered or imported.
  budget_spent numeric(14, 2) NOT NULL DEFAULT 0,
  cost_per_send numeric(8, 4),
  max_sends integer,
  daily_send_limit integer,

  -- Delivery and engagement totals. 'reported' while they hold campaign-level
  -- figures: those of campaign_reported_stats when it has rows for the campaign,
  -- else what was entered. Once the campaign has per-recipient deliveries they are
  -- counted from message_deliveries instead ('deliveries'). Triggers below keep
  -- both in step.
  totals_source text NOT NULL DEFAULT 'reported' CHECK (totals_source IN ('reported', 'deliveries')),
  total_targeted integer NOT NULL DEFAULT 0,
  total_sent integer NOT NULL DEFAULT 0,
  total_delivered integer NOT NULL DEFAULT 0,
  total_bounced integer NOT NULL DEFAULT 0,
  total_opened integer NOT NULL DEFAULT 0,
  total_clicked integer NOT NULL DEFAULT 0,
  total_unsubscribed integer NOT NULL DEFAULT 0,
  total_converted integer NOT NULL DEFAULT 0,
  total_revenue_attributed numeric(14, 2) NOT NULL DEFAULT 0.00,

  -- cdp-schema.md stores these fractions and says triggers update them; as
  -- generated columns they cannot drift from the totals. Opens and clicks are
  -- over delivered messages, conversions over sent ones, as cdp-schema.md's
  -- summary view computes them; no denominator can be zero.
  delivery_rate numeric GENERATED ALWAYS AS
    (CASE WHEN total_sent > 0 THEN round(total_delivered::numeric / total_sent, 4) ELSE 0 END) STORED,
  open_rate numeric GENERATED ALWAYS AS
    (CASE WHEN total_delivered > 0 THEN round(total_opened::numeric / total_delivered, 4) ELSE 0 END) STORED,
  click_rate numeric GENERATED ALWAYS AS
    (CASE WHEN total_delivered > 0 THEN round(total_clicked::numeric / total_delivered, 4) ELSE 0 END) STORED,
  conversion_rate numeric GENERATED ALWAYS AS
    (CASE WHEN total_sent > 0 THEN round(total_converted::numeric / total_sent, 4) ELSE 0 END) STORED,
  -- On the allocated budget, like cdp-schema.md's campaign_performance_summary;
  -- campaign_roi_summary (campaign-performance.md) measures ROI on the spend.
  roi numeric GENERATED ALWAYS AS
    (CASE WHEN budget_allocated > 0
          THEN round((total_revenue_attributed - budget_allocated) / budget_allocated, 4) END) STORED,

  external_campaign_id text,
  service_provider text,
  import_batch_id uuid,

  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- NOT NULL as in cdp-schema.md; the workspace owner unless someone else is named.
  created_by uuid NOT NULL DEFAULT loupe.owner_user_id() REFERENCES platform_users (id),
  updated_by uuid REFERENCES platform_users (id),

  approval_status text DEFAULT 'draft' CHECK (approval_status IN ('draft', 'pending_approval', 'approved', 'rejected')),
  approved_by uuid REFERENCES platform_users (id),
  approved_at timestamptz,
  rejection_reason text,

  CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
);
-- Re-importing a provider's campaign finds the row it made last time. The
-- documents' other campaign indexes (status, type, dates, organization, approval,
-- targeting) are not created: a workspace has hundreds of campaigns, not millions.
CREATE UNIQUE INDEX idx_campaigns_external ON campaigns (service_provider, external_campaign_id)
  WHERE external_campaign_id IS NOT NULL;

CREATE TABLE send_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  channel text NOT NULL DEFAULT 'email'
    CHECK (channel IN ('email', 'sms', 'push_notification', 'in_app', 'web_push', 'direct_mail', 'whatsapp')),
  name text,
  -- NOT NULL in campaign-performance.md; an SMS has neither subject nor sender address.
  subject text,
  preheader text,
  content text,
  sender_email citext,
  sender_name text,
  template_id uuid REFERENCES email_templates (id) ON DELETE SET NULL,
  -- crm-design.md sends a batch to a segment.
  segment_id uuid REFERENCES segments (id) ON DELETE SET NULL,
  variant text,
  status text NOT NULL DEFAULT 'sent'
    CHECK (status IN ('draft', 'scheduled', 'sending', 'sent', 'paused', 'cancelled', 'failed')),
  scheduled_send_time timestamptz,
  sent_at timestamptz,
  completed_at timestamptz,
  -- How many recipients the batch targeted, as the sender reported it.
  total_recipients integer DEFAULT 0,
  external_send_id text,
  service_provider text,
  import_batch_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- crm-design.md's idx_email_sends_campaign (a batch index there); also serves
-- the cascade from campaigns.
CREATE INDEX idx_send_batches_campaign ON send_batches (campaign_id, status);
CREATE UNIQUE INDEX idx_send_batches_external ON send_batches (service_provider, external_send_id)
  WHERE external_send_id IS NOT NULL;

CREATE TABLE message_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Every delivery belongs to a campaign, directly (cdp-schema.md) or through its
  -- batch; a delivery written with only a batch gets the batch's campaign.
  campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  send_batch_id uuid REFERENCES send_batches (id) ON DELETE CASCADE,
  -- NULL when a source names the recipient only by address (campaign-performance.md
  -- has no person at all; importers link a person whenever they can), or once the
  -- person is deleted: the campaign's figures do not change when someone leaves.
  customer_id uuid REFERENCES customers (id) ON DELETE SET NULL,
  -- campaign-performance.md: the retailer whose audience received it.
  retailer_id uuid REFERENCES retailers (id) ON DELETE SET NULL,

  -- cdp-schema.md's send_status, campaign-performance.md's status and the
  -- marketing document's delivery_status. Delivered means status 'delivered';
  -- importers record an opened message as delivered, since it was.
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'sent', 'delivered', 'bounced', 'failed', 'rejected', 'deferred', 'dropped')),
  sent_at timestamptz,
  delivered_at timestamptz,

  opened_at timestamptz,
  last_opened_at timestamptz,
  open_count integer NOT NULL DEFAULT 0,
  first_click_at timestamptz,
  last_click_at timestamptz,
  total_clicks integer NOT NULL DEFAULT 0,
  unsubscribed_at timestamptz,
  complained_at timestamptz,

  converted_at timestamptz,
  conversion_value numeric(12, 2),
  conversion_event text,

  variant text,
  subject_line text,
  personalized_content jsonb,
  message_size_bytes integer,

  recipient_email citext,
  recipient_name text,
  recipient_phone text,
  delivery_attempt integer DEFAULT 1,
  bounce_type text CHECK (bounce_type IN ('hard', 'soft', 'block')),
  bounce_reason text,
  failure_reason text,

  external_message_id text,
  service_provider text,
  import_batch_id uuid,

  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The documents give eleven indexes on their three per-recipient tables. Each
-- index slows the bulk loads this table exists for, so these are the ones that
-- serve a query pattern of their own (docs/schema.md maps every original):
-- per-campaign funnels (cdp-schema.md's idx_campaign_sends_campaign_status_sent),
-- a person's history (the marketing document's idx_email_deliveries_contact_sent),
-- per-batch funnels (idx_email_deliveries_send_status), per-retailer tables
-- (campaign-performance.md's idx_email_sends_retailer), idempotent re-imports and
-- import rollback. Each also serves the cascade of the key it starts with.
CREATE INDEX idx_message_deliveries_campaign_status_sent ON message_deliveries (campaign_id, status, sent_at);
CREATE INDEX idx_message_deliveries_customer_sent ON message_deliveries (customer_id, sent_at DESC);
CREATE INDEX idx_message_deliveries_batch_status ON message_deliveries (send_batch_id, status);
CREATE INDEX idx_message_deliveries_retailer ON message_deliveries (retailer_id) WHERE retailer_id IS NOT NULL;
CREATE UNIQUE INDEX idx_message_deliveries_external ON message_deliveries (service_provider, external_message_id)
  WHERE external_message_id IS NOT NULL;
CREATE INDEX idx_message_deliveries_import_batch ON message_deliveries (import_batch_id)
  WHERE import_batch_id IS NOT NULL;
-- cdp-schema.md's UNIQUE (campaign_id, customer_id, variant), per batch: the
-- three emails of one campaign go to the same people, each once.
CREATE UNIQUE INDEX idx_message_deliveries_batch_customer_variant
  ON message_deliveries (send_batch_id, customer_id, coalesce(variant, ''));

CREATE TABLE campaign_reported_stats (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  -- mailchimp, klaviyo …
  source text NOT NULL,
  -- The period the figures cover (a day, a month); both NULL for the whole campaign.
  period_start date,
  period_end date,
  recipients integer,
  delivered integer,
  bounces integer,
  soft_bounces integer,
  hard_bounces integer,
  unique_opens integer,
  total_opens integer,
  unique_clicks integer,
  total_clicks integer,
  unsubscribes integer,
  complaints integer,
  orders integer,
  revenue numeric(14, 2),
  currency text,
  -- Counts the file gave only as a rate of a base, and the import computed.
  derived_fields text[] NOT NULL DEFAULT '{}',
  import_batch_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((period_start IS NULL) = (period_end IS NULL) AND period_end >= period_start)
);
CREATE UNIQUE INDEX idx_campaign_reported_stats_natural ON campaign_reported_stats
  (campaign_id, source, coalesce(period_start, '0001-01-01'), coalesce(period_end, '0001-01-01'));

CREATE TABLE ad_spend_daily (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  spend_date date NOT NULL,
  -- google_ads, meta_ads, linkedin_ads, tiktok_ads, manual …
  source text NOT NULL,
  account_id text,
  external_campaign_id text,
  account_name text,
  campaign_name text,
  -- The Loupe campaign it is matched to; NULL for channel-level spend.
  campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
  -- Google's ad group or Meta's ad set, and the ad when a report goes that deep.
  ad_group text,
  ad_name text,
  -- Attribution's channel (Paid Search, Paid Social, Display …).
  channel text,
  currency text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  spend numeric(14, 2) NOT NULL DEFAULT 0 CHECK (spend >= 0),
  impressions bigint,
  clicks bigint,
  -- What the platform itself reports; Loupe's attribution computes its own.
  conversions numeric(12, 2),
  conversion_value numeric(14, 2),
  import_batch_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- One row per platform, account, campaign, ad group, ad and day, so a re-import
-- replaces rather than doubles spend.
CREATE UNIQUE INDEX idx_ad_spend_daily_natural ON ad_spend_daily
  (source, coalesce(account_id, ''), coalesce(external_campaign_id, campaign_name, ''), coalesce(ad_group, ''),
   coalesce(ad_name, ''), spend_date);
CREATE INDEX idx_ad_spend_daily_campaign ON ad_spend_daily (campaign_id, spend_date) WHERE campaign_id IS NOT NULL;
CREATE INDEX idx_ad_spend_daily_date ON ad_spend_daily (spend_date);

CREATE TABLE promotions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  description text,
  promotion_code text UNIQUE,
  code_type text DEFAULT 'single' CHECK (code_type IN ('single', 'bulk', 'auto_generated')),
  discount_type text NOT NULL CHECK (discount_type IN ('percentage', 'fixed_amount', 'free_shipping', 'buy_x_get_y', 'tiered')),
  -- A fraction for percentages (0.15 = 15 %), an amount otherwise.
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
  eligible_customer_types text[] DEFAULT '{}',
  min_customer_tier text,
  first_time_customers_only boolean DEFAULT false,
  is_active boolean DEFAULT true,
  is_public boolean DEFAULT true,
  requires_code boolean DEFAULT true,
  campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
  total_redemptions integer DEFAULT 0,
  total_discount_given numeric(12, 2) DEFAULT 0.00,
  total_revenue_attributed numeric(14, 2) DEFAULT 0.00,
  import_batch_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid NOT NULL DEFAULT loupe.owner_user_id() REFERENCES platform_users (id),
  updated_by uuid REFERENCES platform_users (id),
  CHECK (valid_until >= valid_from)
);
-- cdp-schema.md's promotion indexes are not created (tens of rows; the code is
-- already unique).

SELECT loupe.track_changes();

-- A delivery written with only its batch (as campaign-performance.md's email_sends
-- are) takes the batch's campaign. The WHEN clause is checked without calling the
-- function, so bulk loads that set campaign_id pay nothing for this.
CREATE FUNCTION loupe.delivery_campaign_from_batch() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  SELECT campaign_id INTO NEW.campaign_id FROM send_batches WHERE id = NEW.send_batch_id;
  RETURN NEW;
END
$$;
CREATE TRIGGER delivery_campaign_from_batch BEFORE INSERT ON message_deliveries FOR EACH ROW
  WHEN (NEW.campaign_id IS NULL AND NEW.send_batch_id IS NOT NULL)
  EXECUTE FUNCTION loupe.delivery_campaign_from_batch();

-- Counts a campaign's deliveries from scratch and marks its totals as counted.
-- Also for jobs that want to re-check the incremental upkeep below.
CREATE FUNCTION loupe.recount_campaign_deliveries(campaign_ids uuid[]) RETURNS void
  LANGUAGE sql
  AS $$
  UPDATE campaigns c
     SET totals_source = 'deliveries',
         total_targeted = a.targeted, total_sent = a.sent, total_delivered = a.delivered,
         total_bounced = a.bounced, total_opened = a.opened, total_clicked = a.clicked,
         total_unsubscribed = a.unsubscribed, total_converted = a.converted,
         total_revenue_attributed = a.revenue
    FROM (SELECT i.campaign_id,
                 count(d.id) AS targeted,
                 count(d.id) FILTER (WHERE d.status IN ('sent', 'delivered', 'bounced', 'deferred')) AS sent,
                 count(d.id) FILTER (WHERE d.status = 'delivered') AS delivered,
                 count(d.id) FILTER (WHERE d.status = 'bounced') AS bounced,
                 count(d.id) FILTER (WHERE d.opened_at IS NOT NULL) AS opened,
                 count(d.id) FILTER (WHERE d.first_click_at IS NOT NULL) AS clicked,
                 count(d.id) FILTER (WHERE d.unsubscribed_at IS NOT NULL) AS unsubscribed,
                 count(d.id) FILTER (WHERE d.converted_at IS NOT NULL) AS converted,
                 coalesce(sum(d.conversion_value) FILTER (WHERE d.converted_at IS NOT NULL), 0) AS revenue
            FROM unnest(campaign_ids) AS i (campaign_id)
            LEFT JOIN message_deliveries d ON d.campaign_id = i.campaign_id
           GROUP BY i.campaign_id) a
   WHERE c.id = a.campaign_id
$$;

-- Statement level, with transition tables. A campaign whose totals were still
-- 'reported' is recounted in full once; after that each statement adds what it
-- inserted and subtracts what it deleted, so the cost is proportional to the
-- rows changed, not to the campaign's size, even when a loader writes one row
-- per statement.
CREATE FUNCTION loupe.count_deliveries_into_campaigns() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  per_statement constant text := $q$
    SELECT campaign_id, %s::integer AS sign,
           count(*) AS targeted,
           count(*) FILTER (WHERE status IN ('sent', 'delivered', 'bounced', 'deferred')) AS sent,
           count(*) FILTER (WHERE status = 'delivered') AS delivered,
           count(*) FILTER (WHERE status = 'bounced') AS bounced,
           count(*) FILTER (WHERE opened_at IS NOT NULL) AS opened,
           count(*) FILTER (WHERE first_click_at IS NOT NULL) AS clicked,
           count(*) FILTER (WHERE unsubscribed_at IS NOT NULL) AS unsubscribed,
           count(*) FILTER (WHERE converted_at IS NOT NULL) AS converted,
           coalesce(sum(conversion_value) FILTER (WHERE converted_at IS NOT NULL), 0) AS revenue
      FROM %I GROUP BY campaign_id $q$;
  changes text;
  first_counted uuid[];
BEGIN
  changes := CASE TG_OP
    WHEN 'INSERT' THEN format(per_statement, 1, 'new_rows')
    WHEN 'DELETE' THEN format(per_statement, -1, 'old_rows')
    ELSE format(per_statement, 1, 'new_rows') || ' UNION ALL ' || format(per_statement, -1, 'old_rows')
  END;
  EXECUTE format(
    'SELECT array_agg(c.id) FROM campaigns c
      WHERE c.totals_source <> %L AND c.id IN (SELECT campaign_id FROM (%s) ch)', 'deliveries', changes)
    INTO first_counted;
  IF first_counted IS NOT NULL THEN
    PERFORM loupe.recount_campaign_deliveries(first_counted);
  END IF;
  EXECUTE format(
    'UPDATE campaigns c
        SET total_targeted = c.total_targeted + s.targeted, total_sent = c.total_sent + s.sent,
            total_delivered = c.total_delivered + s.delivered, total_bounced = c.total_bounced + s.bounced,
            total_opened = c.total_opened + s.opened, total_clicked = c.total_clicked + s.clicked,
            total_unsubscribed = c.total_unsubscribed + s.unsubscribed,
            total_converted = c.total_converted + s.converted,
            total_revenue_attributed = c.total_revenue_attributed + s.revenue
       FROM (SELECT campaign_id, sum(sign * targeted) AS targeted, sum(sign * sent) AS sent,
                    sum(sign * delivered) AS delivered, sum(sign * bounced) AS bounced,
                    sum(sign * opened) AS opened, sum(sign * clicked) AS clicked,
                    sum(sign * unsubscribed) AS unsubscribed, sum(sign * converted) AS converted,
                    sum(sign * revenue) AS revenue
               FROM (%s) ch GROUP BY campaign_id) s
      WHERE c.id = s.campaign_id AND c.totals_source = %L AND NOT (c.id = ANY ($1))
        AND (s.targeted, s.sent, s.delivered, s.bounced, s.opened, s.clicked, s.unsubscribed, s.converted, s.revenue)
            IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0)', changes, 'deliveries')
    USING coalesce(first_counted, '{}');
  RETURN NULL;
END
$$;
CREATE TRIGGER count_deliveries_after_insert AFTER INSERT ON message_deliveries
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loupe.count_deliveries_into_campaigns();
CREATE TRIGGER count_deliveries_after_update AFTER UPDATE ON message_deliveries
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION loupe.count_deliveries_into_campaigns();
CREATE TRIGGER count_deliveries_after_delete AFTER DELETE ON message_deliveries
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION loupe.count_deliveries_into_campaigns();

-- A campaign's spend is the sum of its ad_spend_daily rows once it has any;
-- campaigns without spend rows keep what was entered. Spend rows per campaign
-- are few (days × ad groups), so each statement simply re-sums the campaigns it
-- touched.
CREATE FUNCTION loupe.sum_spend_into_campaigns() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
DECLARE
  touched uuid[];
BEGIN
  -- Separate statements: each may name only the transition tables its trigger has.
  IF TG_OP = 'INSERT' THEN
    touched := ARRAY(SELECT DISTINCT campaign_id FROM new_rows WHERE campaign_id IS NOT NULL);
  ELSIF TG_OP = 'DELETE' THEN
    touched := ARRAY(SELECT DISTINCT campaign_id FROM old_rows WHERE campaign_id IS NOT NULL);
  ELSE
    touched := ARRAY(SELECT campaign_id FROM new_rows WHERE campaign_id IS NOT NULL
                     UNION SELECT campaign_id FROM old_rows WHERE campaign_id IS NOT NULL);
  END IF;
  UPDATE campaigns c
     SET budget_spent = s.spend
    FROM (SELECT t.campaign_id, coalesce(sum(a.spend), 0) AS spend
            FROM unnest(touched) AS t (campaign_id)
            LEFT JOIN ad_spend_daily a ON a.campaign_id = t.campaign_id
           GROUP BY t.campaign_id) s
   WHERE c.id = s.campaign_id AND c.budget_spent IS DISTINCT FROM s.spend;
  RETURN NULL;
END
$$;
CREATE TRIGGER sum_spend_after_insert AFTER INSERT ON ad_spend_daily
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loupe.sum_spend_into_campaigns();
CREATE TRIGGER sum_spend_after_update AFTER UPDATE ON ad_spend_daily
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION loupe.sum_spend_into_campaigns();
CREATE TRIGGER sum_spend_after_delete AFTER DELETE ON ad_spend_daily
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION loupe.sum_spend_into_campaigns();

-- A campaign without per-recipient data takes its totals from what its reports
-- state: per source, the whole-campaign row when there is one, else the sum of
-- its period rows (a Klaviyo flow exported per day); sources are added up.
-- Missing counts follow from the others (delivered = recipients - bounces).
-- Campaigns counted from deliveries are left alone. Each statement re-sums the
-- campaigns it touched; a campaign has few report rows.
CREATE FUNCTION loupe.sum_reported_stats_into_campaigns(campaign_ids uuid[]) RETURNS void
  LANGUAGE sql
  AS $$
  WITH used AS (
    SELECT s.*,
           coalesce(s.bounces, s.soft_bounces + s.hard_bounces, s.soft_bounces, s.hard_bounces) AS all_bounces
      FROM campaign_reported_stats s
     WHERE s.campaign_id = ANY (campaign_ids)
       AND (s.period_start IS NULL
            OR NOT EXISTS (SELECT 1 FROM campaign_reported_stats w
                            WHERE w.campaign_id = s.campaign_id AND w.source = s.source AND w.period_start IS NULL))
  ), sums AS (
    SELECT i.campaign_id,
           coalesce(sum(u.recipients), 0) AS recipients,
           coalesce(sum(coalesce(u.delivered, u.recipients - coalesce(u.all_bounces, 0))), 0) AS delivered,
           coalesce(sum(u.all_bounces), 0) AS bounced,
           coalesce(sum(u.unique_opens), 0) AS opened,
           coalesce(sum(u.unique_clicks), 0) AS clicked,
           coalesce(sum(u.unsubscribes), 0) AS unsubscribed,
           coalesce(sum(u.orders), 0) AS orders,
           coalesce(sum(u.revenue), 0) AS revenue
      FROM unnest(campaign_ids) AS i (campaign_id)
      LEFT JOIN used u ON u.campaign_id = i.campaign_id
     GROUP BY i.campaign_id
  )
  UPDATE campaigns c
     SET total_targeted = s.recipients, total_sent = s.recipients, total_delivered = s.delivered,
         total_bounced = s.bounced, total_opened = s.opened, total_clicked = s.clicked,
         total_unsubscribed = s.unsubscribed, total_converted = s.orders, total_revenue_attributed = s.revenue
    FROM sums s
   WHERE c.id = s.campaign_id AND c.totals_source = 'reported'
$$;

CREATE FUNCTION loupe.reported_stats_changed() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  -- Separate statements: each may name only the transition tables its trigger has.
  IF TG_OP = 'INSERT' THEN
    PERFORM loupe.sum_reported_stats_into_campaigns(ARRAY(SELECT DISTINCT campaign_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM loupe.sum_reported_stats_into_campaigns(ARRAY(SELECT DISTINCT campaign_id FROM old_rows));
  ELSE
    PERFORM loupe.sum_reported_stats_into_campaigns(
      ARRAY(SELECT campaign_id FROM new_rows UNION SELECT campaign_id FROM old_rows));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER reported_stats_after_insert AFTER INSERT ON campaign_reported_stats
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION loupe.reported_stats_changed();
CREATE TRIGGER reported_stats_after_update AFTER UPDATE ON campaign_reported_stats
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION loupe.reported_stats_changed();
CREATE TRIGGER reported_stats_after_delete AFTER DELETE ON campaign_reported_stats
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION loupe.reported_stats_changed();
