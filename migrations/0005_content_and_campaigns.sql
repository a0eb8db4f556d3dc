-- Content, campaigns and what was sent.
--
-- email_templates: marketing-analytics-design.md and crm-design.md describe the
--   same thing (a reusable email with merge fields); the marketing meaning keeps
--   the name, crm_email_templates is a view with crm-design.md's names (0012).
-- content_library: marketing-analytics-design.md. The marketing module's
--   mkt_con_content is the same concept and becomes a view over it (0009).
-- campaigns: all four documents use the name for the same thing, a marketing
--   campaign; they only name its columns differently. One table carries the
--   union, and where two documents name the same fact differently the second
--   name is a stored generated column (campaign_id = id, campaign_name = name,
--   campaign_status = status, budget = budget_allocated, actual_cost =
--   budget_spent, actual_clicks = total_clicked, actual_conversions =
--   total_converted), so every document's queries read the same numbers.
-- send_batches (Loupe name): one message of a campaign sent to many people.
--   campaign-performance.md's email_campaigns, marketing-analytics-design.md's
--   campaign_sends (a batch there) and crm-design.md's email_sends (a batch there)
--   are views over it.
-- deliveries (Loupe name): one message to one recipient, the table imports and
--   analytics lean on most. cdp-schema.md's campaign_sends and
--   campaign-performance.md's email_sends (per recipient in both) keep those
--   names as views, as does marketing-analytics-design.md's email_deliveries.

CREATE TABLE email_templates (
  template_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid DEFAULT loupe.local_organization_id() REFERENCES organizations (organization_id),
  template_name varchar(255) NOT NULL,
  description text,
  category varchar(100),
  subject_line varchar(500),
  preheader varchar(255),
  html_content text,
  text_content text,
  -- Drag-and-drop editor state (marketing-analytics-design.md).
  design_json jsonb,
  -- {{first_name}}-style fields: crm-design.md's merge fields and
  -- marketing-analytics-design.md's personalization fields are the same list.
  merge_fields jsonb NOT NULL DEFAULT '[]',
  thumbnail_url text,
  is_active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  usage_count integer NOT NULL DEFAULT 0,
  last_used_at timestamptz,
  created_by uuid DEFAULT loupe.local_owner_id() REFERENCES platform_users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_email_templates_category ON email_templates (category);

CREATE TABLE content_library (
  content_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid DEFAULT loupe.local_organization_id() REFERENCES organizations (organization_id),
  content_title varchar(500) NOT NULL,
  content_description text,
  content_body text,
  content_type varchar(100) NOT NULL DEFAULT 'article',
  content_url text,
  slug varchar(255),
  -- SEO (marketing-analytics-design.md: "content management with SEO optimization").
  seo_title varchar(255),
  seo_description text,
  seo_keywords text[] DEFAULT '{}',
  publish_status varchar(50) NOT NULL DEFAULT 'draft'
    CHECK (publish_status IN ('idea', 'draft', 'review', 'approved', 'scheduled', 'published', 'archived')),
  published_at timestamptz,
  author_id uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  -- A JSON array: the personalization function tests it with ?| and ?.
  tags jsonb NOT NULL DEFAULT '[]',
  view_count integer NOT NULL DEFAULT 0,
  unique_view_count integer NOT NULL DEFAULT 0,
  avg_time_on_page_seconds numeric(10, 2),
  conversion_count integer NOT NULL DEFAULT 0,
  -- 0–10: marketing_operations_dashboard scales it with / 10 * 20.
  engagement_score numeric(5, 2) NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- marketing-analytics-design.md's indexes; the search index COALESCEs the
-- description, or content without one would not be searchable at all.
CREATE INDEX idx_content_library_org_published ON content_library (organization_id, publish_status, published_at DESC);
CREATE INDEX idx_content_library_type_engagement ON content_library (content_type, engagement_score DESC);
CREATE INDEX idx_content_library_search ON content_library
  USING gin (to_tsvector('english', content_title || ' ' || coalesce(content_description, '')));

CREATE TABLE content_segment_associations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  content_id uuid NOT NULL REFERENCES content_library (content_id) ON DELETE CASCADE,
  segment_id uuid NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
  relevance_score numeric(5, 2),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (content_id, segment_id)
);
CREATE INDEX idx_content_segment_associations_segment ON content_segment_associations (segment_id);

CREATE TABLE campaigns (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid DEFAULT loupe.local_organization_id() REFERENCES organizations (organization_id),
  name varchar(255) NOT NULL,
  description text,
  objective text,

  -- cdp-schema.md's channel types plus the multi-channel kinds of the other
  -- documents; an umbrella campaign with several channels is 'multi_channel'.
  campaign_type varchar(50) NOT NULL DEFAULT 'email'
    CHECK (campaign_type IN ('email', 'sms', 'push_notification', 'in_app', 'web_push', 'direct_mail',
                             'whatsapp', 'social', 'paid_search', 'paid_social', 'display', 'content',
                             'event', 'multi_channel', 'other')),
  channel varchar(50),

  status varchar(50) DEFAULT 'draft'
    CHECK (status IN ('draft', 'scheduled', 'active', 'paused', 'completed', 'cancelled', 'archived')),
  start_date timestamptz,
  end_date timestamptz,

  subject_line varchar(500),
  content_template_id uuid REFERENCES email_templates (template_id) ON DELETE SET NULL,
  content_variables jsonb DEFAULT '{}',
  -- NOT NULL in cdp-schema.md; an umbrella campaign has no message of its own.
  message_content jsonb NOT NULL DEFAULT '{}',

  target_audience_type varchar(50) DEFAULT 'segment'
    CHECK (target_audience_type IN ('all_customers', 'segment', 'custom_filter', 'uploaded_list')),
  target_segments uuid[] DEFAULT '{}',
  target_filters jsonb,
  exclusion_segments uuid[] DEFAULT '{}',
  -- marketing-analytics-design.md's targeting document.
  target_audience jsonb NOT NULL DEFAULT '{}',

  send_immediately boolean DEFAULT false,
  scheduled_send_time timestamptz,
  timezone_send boolean DEFAULT false,
  frequency_cap jsonb,

  is_ab_test boolean DEFAULT false,
  ab_test_config jsonb,

  -- campaign-performance.md's budget columns; cdp-schema.md's `budget` is the
  -- allocated budget and crm-design.md's actual_cost the amount spent.
  budget_allocated numeric(12, 2),
  budget_spent numeric(12, 2) DEFAULT 0,
  currency varchar(3) NOT NULL DEFAULT 'USD',
  cost_per_send numeric(6, 4),
  max_sends integer,
  daily_send_limit integer,

  -- Totals as the source reported them, or as recompute_campaign_totals() (0010)
  -- counted them from deliveries. Aggregate-only imports (a Mailchimp campaign
  -- report) have no per-recipient rows, so these are data, not a cache.
  total_targeted integer DEFAULT 0,
  total_sent integer DEFAULT 0,
  total_delivered integer DEFAULT 0,
  total_bounced integer DEFAULT 0,
  total_opened integer DEFAULT 0,
  total_clicked integer DEFAULT 0,
  total_unsubscribed integer DEFAULT 0,
  total_converted integer DEFAULT 0,
  total_revenue_attributed numeric(12, 2) DEFAULT 0.00,

  -- cdp-schema.md's calculated metrics, as fractions (0.4300 = 43 %). Generated,
  -- so they can never disagree with the totals; open and click rates are over
  -- delivered as every document defines them; zero denominators give 0.
  delivery_rate numeric GENERATED ALWAYS AS (
    CASE WHEN total_sent > 0 THEN round(total_delivered::numeric / total_sent, 4) ELSE 0 END) STORED,
  open_rate numeric GENERATED ALWAYS AS (
    CASE WHEN total_delivered > 0 THEN round(total_opened::numeric / total_delivered, 4) ELSE 0 END) STORED,
  click_rate numeric GENERATED ALWAYS AS (
    CASE WHEN total_delivered > 0 THEN round(total_clicked::numeric / total_delivered, 4) ELSE 0 END) STORED,
  conversion_rate numeric GENERATED ALWAYS AS (
    CASE WHEN total_sent > 0 THEN round(total_converted::numeric / total_sent, 4) ELSE 0 END) STORED,
  roi numeric GENERATED ALWAYS AS (
    CASE WHEN budget_spent > 0 THEN round((total_revenue_attributed - budget_spent) / budget_spent, 4) ELSE 0 END) STORED,

  external_campaign_id varchar(255),
  service_provider varchar(100),
  import_batch_id uuid,

  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid NOT NULL DEFAULT loupe.local_owner_id() REFERENCES platform_users (id),
  updated_by uuid REFERENCES platform_users (id),

  approval_status varchar(50) DEFAULT 'draft'
    CHECK (approval_status IN ('draft', 'pending_approval', 'approved', 'rejected')),
  approved_by uuid REFERENCES platform_users (id),
  approved_at timestamptz,
  rejection_reason text,

  -- The same facts under the other documents' names (see the header).
  campaign_id uuid GENERATED ALWAYS AS (id) STORED,
  campaign_name varchar(255) GENERATED ALWAYS AS (name) STORED,
  campaign_status varchar(50) GENERATED ALWAYS AS (status) STORED,
  budget numeric(12, 2) GENERATED ALWAYS AS (budget_allocated) STORED,
  actual_cost numeric(12, 2) GENERATED ALWAYS AS (budget_spent) STORED,
  actual_clicks integer GENERATED ALWAYS AS (total_clicked) STORED,
  actual_conversions integer GENERATED ALWAYS AS (total_converted) STORED
);

-- cdp-schema.md's and campaign-performance.md's indexes (identical pairs merged);
-- the organization_id-led ones of the other two documents are not created.
CREATE INDEX idx_campaigns_status ON campaigns (status);
CREATE INDEX idx_campaigns_type ON campaigns (campaign_type);
CREATE INDEX idx_campaigns_dates ON campaigns (start_date, end_date);
CREATE INDEX idx_campaigns_created_by ON campaigns (created_by);
CREATE INDEX idx_campaigns_approval ON campaigns (approval_status);
CREATE INDEX idx_campaigns_active_performance ON campaigns (id, start_date, total_sent, open_rate) WHERE status = 'active';
CREATE INDEX idx_campaigns_target_audience ON campaigns USING gin (target_audience);
-- Re-importing a provider's campaign finds the row it made last time.
CREATE UNIQUE INDEX idx_campaigns_external ON campaigns (service_provider, external_campaign_id)
  WHERE external_campaign_id IS NOT NULL;

CREATE TABLE send_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  organization_id uuid DEFAULT loupe.local_organization_id() REFERENCES organizations (organization_id),
  name varchar(255),
  channel varchar(50) NOT NULL DEFAULT 'email'
    CHECK (channel IN ('email', 'sms', 'push_notification', 'in_app', 'web_push', 'whatsapp', 'direct_mail')),
  subject varchar(500),
  preheader varchar(255),
  content text,
  sender_email varchar(255),
  sender_name varchar(255),
  reply_to varchar(255),
  template_id uuid REFERENCES email_templates (template_id) ON DELETE SET NULL,
  segment_id uuid REFERENCES segments (id) ON DELETE SET NULL,
  variant varchar(50),
  send_status varchar(50) NOT NULL DEFAULT 'draft'
    CHECK (send_status IN ('draft', 'scheduled', 'sending', 'sent', 'paused', 'cancelled', 'failed')),
  scheduled_send_time timestamptz,
  sent_at timestamptz,
  completed_at timestamptz,
  total_recipients integer DEFAULT 0,
  -- Figures as the provider's campaign report states them (Mailchimp, Klaviyo):
  -- the only numbers there are when no per-recipient rows were exported.
  reported_delivered integer,
  reported_soft_bounces integer,
  reported_hard_bounces integer,
  reported_bounced integer,
  reported_unique_opens integer,
  reported_total_opens integer,
  reported_unique_clicks integer,
  reported_total_clicks integer,
  reported_unsubscribes integer,
  reported_complaints integer,
  reported_orders integer,
  reported_revenue numeric(14, 2),
  external_send_id varchar(255),
  service_provider varchar(100),
  import_batch_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Target of deliveries' composite key: a delivery's campaign must be its batch's.
  UNIQUE (id, campaign_id)
);

-- crm-design.md's idx_email_sends_campaign (email_sends is a batch there).
CREATE INDEX idx_send_batches_campaign ON send_batches (campaign_id, send_status);
CREATE INDEX idx_send_batches_scheduled ON send_batches (scheduled_send_time);
CREATE UNIQUE INDEX idx_send_batches_external ON send_batches (service_provider, external_send_id)
  WHERE external_send_id IS NOT NULL;

CREATE TABLE deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  send_batch_id uuid,
  campaign_id uuid REFERENCES campaigns (id) ON DELETE CASCADE,
  -- The person; kept NULL when the recipient could not be resolved, and set NULL
  -- when the person is deleted so campaign totals survive.
  customer_id uuid REFERENCES customers (id) ON DELETE SET NULL,
  -- campaign-performance.md: the retailer (a portal account) the send targets.
  retailer_id uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  channel varchar(50) NOT NULL DEFAULT 'email'
    CHECK (channel IN ('email', 'sms', 'push_notification', 'in_app', 'web_push', 'whatsapp', 'direct_mail')),
  recipient_email varchar(255),
  recipient_name varchar(255),
  recipient_phone varchar(50),

  send_status varchar(50) DEFAULT 'queued'
    CHECK (send_status IN ('queued', 'sent', 'delivered', 'deferred', 'bounced', 'dropped', 'failed', 'rejected')),
  sent_at timestamptz DEFAULT now(),
  delivered_at timestamptz,

  -- First open and first click; counts of all of them.
  opened_at timestamptz,
  last_opened_at timestamptz,
  open_count integer NOT NULL DEFAULT 0,
  -- Opens a mail client fetched on its own (Apple Mail Privacy Protection…),
  -- where the source marks them: analytics can report opens without them.
  machine_opened boolean,
  first_click_at timestamptz,
  last_click_at timestamptz,
  total_clicks integer DEFAULT 0,
  unsubscribed_at timestamptz,
  complained_at timestamptz,

  converted_at timestamptz,
  conversion_value numeric(12, 2),
  conversion_event varchar(100),

  variant varchar(50),

  subject_line varchar(500),
  personalized_content jsonb,
  message_size_bytes integer,

  delivery_attempt integer DEFAULT 1,
  bounce_type varchar(10) CHECK (bounce_type IN ('soft', 'hard')),
  bounce_reason varchar(500),
  failure_reason text,

  external_message_id varchar(255),
  service_provider varchar(100),
  import_batch_id uuid,

  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),

  FOREIGN KEY (send_batch_id, campaign_id) REFERENCES send_batches (id, campaign_id) ON DELETE CASCADE
);

-- The documents give eleven indexes on their three per-recipient tables. Every
-- index slows the bulk loads this table exists for, so only those that serve a
-- query pattern of their own stay; docs/schema.md maps each original.
CREATE INDEX idx_deliveries_campaign_sent ON deliveries (campaign_id, sent_at);
CREATE INDEX idx_deliveries_batch_status ON deliveries (send_batch_id, send_status);
CREATE INDEX idx_deliveries_customer_sent ON deliveries (customer_id, sent_at DESC);
CREATE INDEX idx_deliveries_retailer ON deliveries (retailer_id) WHERE retailer_id IS NOT NULL;
-- Re-importing an ESP's activity finds the row of each message.
CREATE UNIQUE INDEX idx_deliveries_external ON deliveries (service_provider, external_message_id)
  WHERE external_message_id IS NOT NULL;
-- cdp-schema.md's UNIQUE (campaign_id, customer_id, variant), per batch: a
-- campaign's three emails go to the same people, each once.
CREATE UNIQUE INDEX idx_deliveries_batch_customer_variant ON deliveries (send_batch_id, customer_id, coalesce(variant, ''))
  WHERE send_batch_id IS NOT NULL AND customer_id IS NOT NULL;

SELECT loupe.track_all_tables();
