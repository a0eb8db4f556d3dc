-- The marketing module of marketing-module-summary.md: stakeholder segments,
-- channels, NDP research (needs, desires, pains), the content framework, persona
-- mapping and WhatsApp. The summary lists 30 tables with descriptions and
-- relationships but no columns; these are designed from those, with `id` keys as
-- its relationships name them (mkt_wap_messages.campaign_id → mkt_campaigns.id).
--
-- Two of the thirty are concepts the rest of the schema already has, so they are
-- views rather than second tables:
--   mkt_campaigns   → campaigns ("WhatsApp execution links directly to campaigns")
--   mkt_con_content → content_library (master and repurposed content)
-- The summary names mkt_con_pillar_types twice: the pillar types keep the name and
-- the pillar → content type link is mkt_con_pillar_content_types.
-- The summary's `profiles`/`auth_users` are platform_users here, and its
-- update_updated_at_column() is loupe.touch_updated_at (0002).
-- mkt_segments stay apart from `segments`: they are a fixed taxonomy of
-- stakeholders for planning content and personas, not sets of customers.
-- Most tables here stay small and have no indexes beyond their keys; the content
-- calendar is read by date, and WhatsApp contacts and messages grow with use.

CREATE TABLE mkt_segments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text UNIQUE NOT NULL,
  name text NOT NULL,
  description text,
  sort_order integer NOT NULL DEFAULT 0,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mkt_channels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text UNIQUE NOT NULL,
  name text NOT NULL,
  channel_type text NOT NULL CHECK (channel_type IN ('social', 'messaging', 'email', 'web', 'video', 'audio',
                                                     'press', 'paid', 'event')),
  profile_url text,
  is_active boolean NOT NULL DEFAULT true,
  sort_order integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mkt_ndp_categories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text UNIQUE NOT NULL,
  name text NOT NULL,
  description text,
  sort_order integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Research comes before content: a topic records what the ideal customer says,
-- in their words, with how often it was heard.
CREATE TABLE mkt_ndp_topics (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  category_id uuid NOT NULL REFERENCES mkt_ndp_categories (id),
  title text NOT NULL,
  -- The phrase as the customer put it.
  icp_language text,
  description text,
  source text CHECK (source IN ('interview', 'survey', 'sales_call', 'support_ticket', 'review',
                                'social_listening', 'whatsapp', 'other')),
  evidence_count integer NOT NULL DEFAULT 0,
  priority text NOT NULL DEFAULT 'medium' CHECK (priority IN ('low', 'medium', 'high')),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'validated', 'archived')),
  created_by uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mkt_ndp_topic_segments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  topic_id uuid NOT NULL REFERENCES mkt_ndp_topics (id) ON DELETE CASCADE,
  segment_id uuid NOT NULL REFERENCES mkt_segments (id) ON DELETE CASCADE,
  -- How strongly the topic concerns the segment, 0–1.
  relevance numeric(3, 2) CHECK (relevance BETWEEN 0 AND 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (topic_id, segment_id)
);

CREATE TABLE mkt_con_types (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text UNIQUE NOT NULL,
  name text NOT NULL,
  -- Where this type is usually published.
  channel_id uuid REFERENCES mkt_channels (id) ON DELETE SET NULL,
  format text NOT NULL CHECK (format IN ('text', 'image', 'carousel', 'video', 'audio', 'document', 'message', 'event')),
  is_long_form boolean NOT NULL DEFAULT false,
  sort_order integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mkt_con_pillar_types (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text UNIQUE NOT NULL,
  name text NOT NULL,
  description text,
  sort_order integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A pillar is a core piece of research or thinking that master content is made
-- from and repurposed content is cut from.
CREATE TABLE mkt_con_pillars (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  pillar_type_id uuid NOT NULL REFERENCES mkt_con_pillar_types (id),
  title text NOT NULL,
  core_message text,
  description text,
  ndp_topic_id uuid REFERENCES mkt_ndp_topics (id) ON DELETE SET NULL,
  -- The stakeholder segment it speaks to first.
  segment_id uuid REFERENCES mkt_segments (id) ON DELETE SET NULL,
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'published', 'archived')),
  owner_id uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Which content types a pillar is to be repurposed into, and how many of each.
CREATE TABLE mkt_con_pillar_content_types (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  pillar_id uuid NOT NULL REFERENCES mkt_con_pillars (id) ON DELETE CASCADE,
  content_type_id uuid NOT NULL REFERENCES mkt_con_types (id) ON DELETE CASCADE,
  planned_count integer NOT NULL DEFAULT 1 CHECK (planned_count > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (pillar_id, content_type_id)
);

CREATE TABLE mkt_con_ideas (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL,
  description text,
  source text CHECK (source IN ('brainstorm', 'customer_question', 'sales', 'news', 'competitor',
                                'ndp_research', 'other')),
  pillar_id uuid REFERENCES mkt_con_pillars (id) ON DELETE SET NULL,
  ndp_topic_id uuid REFERENCES mkt_ndp_topics (id) ON DELETE SET NULL,
  segment_id uuid REFERENCES mkt_segments (id) ON DELETE SET NULL,
  content_type_id uuid REFERENCES mkt_con_types (id) ON DELETE SET NULL,
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'shortlisted', 'accepted', 'rejected', 'converted')),
  captured_by uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  captured_at timestamptz NOT NULL DEFAULT now(),
  converted_content_id uuid REFERENCES content_library (content_id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Content is one table (content_library); the module's content framework adds
-- where a piece sits in it. A master piece has no master_content_id; repurposed
-- pieces point at their master.
ALTER TABLE content_library
  ADD COLUMN con_type_id uuid REFERENCES mkt_con_types (id) ON DELETE SET NULL,
  ADD COLUMN pillar_id uuid REFERENCES mkt_con_pillars (id) ON DELETE SET NULL,
  ADD COLUMN master_content_id uuid REFERENCES content_library (content_id) ON DELETE SET NULL,
  ADD COLUMN idea_id uuid REFERENCES mkt_con_ideas (id) ON DELETE SET NULL,
  ADD COLUMN ndp_topic_id uuid REFERENCES mkt_ndp_topics (id) ON DELETE SET NULL;

CREATE TABLE mkt_con_tags (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text UNIQUE NOT NULL,
  slug text UNIQUE NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mkt_con_tag_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  content_id uuid NOT NULL REFERENCES content_library (content_id) ON DELETE CASCADE,
  tag_id uuid NOT NULL REFERENCES mkt_con_tags (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (content_id, tag_id)
);

CREATE TABLE mkt_con_pillar_tag_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  pillar_id uuid NOT NULL REFERENCES mkt_con_pillars (id) ON DELETE CASCADE,
  tag_id uuid NOT NULL REFERENCES mkt_con_tags (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (pillar_id, tag_id)
);

-- The content calendar: one row per piece per channel per planned slot.
CREATE TABLE mkt_con_schedule (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  content_id uuid NOT NULL REFERENCES content_library (content_id) ON DELETE CASCADE,
  channel_id uuid NOT NULL REFERENCES mkt_channels (id),
  campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
  scheduled_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'scheduled', 'published', 'cancelled', 'failed')),
  published_at timestamptz,
  published_url text,
  assigned_to uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_mkt_con_schedule_scheduled ON mkt_con_schedule (scheduled_at);

CREATE TABLE mkt_campaign_segment_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  segment_id uuid NOT NULL REFERENCES mkt_segments (id) ON DELETE CASCADE,
  is_primary boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (campaign_id, segment_id)
);

CREATE TABLE mkt_campaign_ndp_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  ndp_topic_id uuid NOT NULL REFERENCES mkt_ndp_topics (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (campaign_id, ndp_topic_id)
);

CREATE TABLE mkt_campaign_pillar_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  pillar_id uuid NOT NULL REFERENCES mkt_con_pillars (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (campaign_id, pillar_id)
);

CREATE TABLE mkt_campaign_content_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  content_id uuid NOT NULL REFERENCES content_library (content_id) ON DELETE CASCADE,
  -- hero: the campaign's main piece; supporting: everything around it.
  role text NOT NULL DEFAULT 'supporting' CHECK (role IN ('hero', 'supporting')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (campaign_id, content_id)
);

-- One row per day of platform-wide figures.
CREATE TABLE mkt_kpis (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kpi_date date UNIQUE NOT NULL,
  total_contacts integer,
  new_contacts integer,
  active_contacts integer,
  content_published integer,
  messages_sent integer,
  messages_delivered integer,
  messages_read integer,
  replies integer,
  leads integer,
  conversions integer,
  revenue numeric(14, 2),
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per day per social channel.
CREATE TABLE mkt_social_kpis (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kpi_date date NOT NULL,
  channel_id uuid NOT NULL REFERENCES mkt_channels (id) ON DELETE CASCADE,
  followers integer,
  follower_change integer,
  posts_published integer,
  impressions bigint,
  reach bigint,
  engagements bigint,
  likes bigint,
  comments bigint,
  shares bigint,
  saves bigint,
  clicks bigint,
  video_views bigint,
  profile_visits bigint,
  -- Engagements per impression, in percent; zero impressions give NULL.
  engagement_rate numeric GENERATED ALWAYS AS
    (CASE WHEN impressions > 0 THEN round(engagements::numeric / impressions * 100, 4) END) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kpi_date, channel_id)
);

-- What the ideal-customer profile says about one person: their stakeholder
-- segment, region and role.
CREATE TABLE mkt_persona_contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id uuid UNIQUE NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  segment_id uuid REFERENCES mkt_segments (id) ON DELETE SET NULL,
  persona_label text,
  region text,
  country text,
  job_function text,
  seniority text CHECK (seniority IN ('entry', 'mid', 'senior', 'director', 'executive', 'owner')),
  industry text,
  company_size text,
  icp_fit text CHECK (icp_fit IN ('strong', 'moderate', 'weak', 'none')),
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- How confident each method is that the person belongs to each segment.
CREATE TABLE mkt_persona_scores (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  persona_contact_id uuid NOT NULL REFERENCES mkt_persona_contacts (id) ON DELETE CASCADE,
  segment_id uuid NOT NULL REFERENCES mkt_segments (id) ON DELETE CASCADE,
  method text NOT NULL DEFAULT 'rules' CHECK (method IN ('manual', 'rules', 'model')),
  score numeric(5, 2) NOT NULL CHECK (score BETWEEN 0 AND 100),
  confidence numeric(4, 3) CHECK (confidence BETWEEN 0 AND 1),
  computed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (persona_contact_id, segment_id, method)
);

-- Anything else learned about the person, one fact per row with where it came from.
CREATE TABLE mkt_persona_attributes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  persona_contact_id uuid NOT NULL REFERENCES mkt_persona_contacts (id) ON DELETE CASCADE,
  attribute_key text NOT NULL,
  attribute_value text,
  source text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'form', 'enrichment', 'whatsapp', 'inferred', 'import')),
  confidence numeric(4, 3) CHECK (confidence BETWEEN 0 AND 1),
  observed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (persona_contact_id, attribute_key, source)
);

-- WhatsApp Business numbers. Their access tokens never enter a workspace: they
-- go to the operating system's keychain like every other secret.
CREATE TABLE mkt_wap_accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL DEFAULT loupe.local_organization_id(),
  display_name text NOT NULL,
  -- E.164, e.g. +14155550100.
  phone_number text UNIQUE NOT NULL CHECK (phone_number ~ '^\+[1-9][0-9]{6,14}$'),
  business_account_id text,
  phone_number_id text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'connected', 'disconnected', 'banned')),
  quality_rating text CHECK (quality_rating IN ('green', 'yellow', 'red')),
  messaging_limit_tier text,
  connected_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mkt_wap_groups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES mkt_wap_accounts (id) ON DELETE CASCADE,
  external_group_id text,
  name text NOT NULL,
  description text,
  invite_link text,
  segment_id uuid REFERENCES mkt_segments (id) ON DELETE SET NULL,
  region text,
  member_count integer NOT NULL DEFAULT 0,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, external_group_id)
);

-- A WhatsApp identity of a person: the number they message from, and their opt-in.
CREATE TABLE mkt_wap_contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES mkt_wap_accounts (id) ON DELETE CASCADE,
  customer_id uuid REFERENCES customers (id) ON DELETE SET NULL,
  persona_contact_id uuid REFERENCES mkt_persona_contacts (id) ON DELETE SET NULL,
  wa_id text NOT NULL,
  phone_number text,
  profile_name text,
  opt_in_status text NOT NULL DEFAULT 'unknown' CHECK (opt_in_status IN ('opted_in', 'opted_out', 'unknown')),
  opted_in_at timestamptz,
  opted_out_at timestamptz,
  last_message_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, wa_id)
);
CREATE INDEX idx_mkt_wap_contacts_customer ON mkt_wap_contacts (customer_id) WHERE customer_id IS NOT NULL;

-- Every message in or out, to a person or a group. Outbound campaign messages
-- link to the campaign directly: there are no separate WhatsApp campaigns.
CREATE TABLE mkt_wap_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES mkt_wap_accounts (id) ON DELETE CASCADE,
  campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
  content_id uuid REFERENCES content_library (content_id) ON DELETE SET NULL,
  group_id uuid REFERENCES mkt_wap_groups (id) ON DELETE SET NULL,
  contact_id uuid REFERENCES mkt_wap_contacts (id) ON DELETE SET NULL,
  direction text NOT NULL CHECK (direction IN ('outbound', 'inbound')),
  message_type text NOT NULL DEFAULT 'text'
    CHECK (message_type IN ('text', 'image', 'video', 'audio', 'document', 'template', 'interactive', 'reaction')),
  template_name text,
  body text,
  media_url text,
  external_message_id text,
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'sent', 'delivered', 'read', 'failed', 'received')),
  sent_at timestamptz,
  delivered_at timestamptz,
  read_at timestamptz,
  failed_at timestamptz,
  error_code text,
  error_message text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (group_id IS NOT NULL OR contact_id IS NOT NULL)
);
CREATE INDEX idx_mkt_wap_messages_campaign ON mkt_wap_messages (campaign_id, sent_at) WHERE campaign_id IS NOT NULL;
CREATE INDEX idx_mkt_wap_messages_contact ON mkt_wap_messages (contact_id, sent_at) WHERE contact_id IS NOT NULL;
CREATE INDEX idx_mkt_wap_messages_group ON mkt_wap_messages (group_id, sent_at) WHERE group_id IS NOT NULL;
CREATE UNIQUE INDEX idx_mkt_wap_messages_external ON mkt_wap_messages (account_id, external_message_id)
  WHERE external_message_id IS NOT NULL;

CREATE TABLE mkt_persona_group_memberships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  persona_contact_id uuid NOT NULL REFERENCES mkt_persona_contacts (id) ON DELETE CASCADE,
  group_id uuid NOT NULL REFERENCES mkt_wap_groups (id) ON DELETE CASCADE,
  role text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin')),
  joined_at timestamptz,
  left_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (persona_contact_id, group_id)
);

SELECT loupe.track_changes();

-- The module's campaigns are the campaigns. Simple column views, so they accept
-- inserts and updates like the table.
CREATE VIEW mkt_campaigns AS
SELECT c.id,
       c.code,
       c.name,
       c.description,
       c.objective,
       c.campaign_type,
       c.status,
       c.start_date,
       c.end_date,
       c.budget_allocated AS budget,
       c.budget_spent AS spend,
       c.created_by AS owner_id,
       c.organization_id,
       c.created_at,
       c.updated_at
  FROM campaigns c;

-- Master and repurposed content, with the module's names.
CREATE VIEW mkt_con_content AS
SELECT cl.content_id AS id,
       cl.con_type_id AS content_type_id,
       cl.pillar_id,
       cl.master_content_id,
       cl.master_content_id IS NULL AS is_master,
       cl.idea_id,
       cl.ndp_topic_id,
       cl.content_title AS title,
       cl.content_description AS summary,
       cl.body,
       cl.url,
       cl.publish_status AS status,
       cl.published_at,
       cl.author_id AS owner_id,
       cl.organization_id,
       cl.created_at,
       cl.updated_at
  FROM content_library cl;
