-- The marketing module of marketing-module-summary.md: 30 `mkt_*` objects in its
-- five groups, designed from its descriptions and relationships (the document
-- lists tables but no columns).
--
-- * mkt_campaigns is a view over `campaigns`: the document's own first design
--   decision is "Campaigns are common", and Loupe has one campaign table.
-- * mkt_con_content is a view over `content_library`: master and repurposed
--   content are content; the module's links (type, pillar, idea, master) are
--   columns added to content_library here.
-- * The document names mkt_con_pillar_types twice: pillar types (Research, Case
--   Study…) keep the name; the pillar → content type link is
--   mkt_con_pillar_content_types.
-- * Its `profiles` / `auth_users` references become platform_users, and its
--   update_updated_at_column() is loupe.touch_updated_at().
-- * mkt_segments are stakeholder segments (a fixed taxonomy of who the
--   organization talks to), not the computed customer `segments`.

-- Common ---------------------------------------------------------------------

CREATE TABLE mkt_segments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code varchar(50) NOT NULL UNIQUE,
  name varchar(255) NOT NULL,
  description text,
  sort_order integer NOT NULL DEFAULT 0,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mkt_channels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code varchar(50) NOT NULL UNIQUE,
  name varchar(255) NOT NULL,
  channel_type varchar(30) NOT NULL
    CHECK (channel_type IN ('social', 'messaging', 'email', 'web', 'paid', 'event', 'audio', 'video', 'print')),
  profile_url text,
  sort_order integer NOT NULL DEFAULT 0,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE VIEW mkt_campaigns AS
SELECT id, organization_id, name, description, objective, campaign_type, channel, status,
       start_date, end_date, budget_allocated, budget_spent, currency, created_by, created_at, updated_at
  FROM campaigns;

CREATE TABLE mkt_campaign_segment_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  segment_id uuid NOT NULL REFERENCES mkt_segments (id) ON DELETE CASCADE,
  is_primary boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (campaign_id, segment_id)
);
CREATE INDEX idx_mkt_campaign_segment_segment ON mkt_campaign_segment_assignments (segment_id);

CREATE TABLE mkt_kpis (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kpi_date date NOT NULL UNIQUE,
  website_sessions integer,
  website_visitors integer,
  new_contacts integer,
  new_leads integer,
  marketing_qualified_leads integer,
  sales_qualified_leads integer,
  opportunities_created integer,
  deals_won integer,
  revenue numeric(14, 2),
  marketing_spend numeric(14, 2),
  email_subscribers integer,
  whatsapp_members integer,
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mkt_social_kpis (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kpi_date date NOT NULL,
  channel_id uuid NOT NULL REFERENCES mkt_channels (id) ON DELETE CASCADE,
  followers integer,
  follower_change integer,
  posts_published integer NOT NULL DEFAULT 0,
  impressions bigint NOT NULL DEFAULT 0,
  reach bigint,
  engagements integer NOT NULL DEFAULT 0,
  clicks integer NOT NULL DEFAULT 0,
  shares integer,
  comments integer,
  video_views bigint,
  -- Percent of impressions; zero impressions gives 0, not an error.
  engagement_rate numeric GENERATED ALWAYS AS (
    CASE WHEN impressions > 0 THEN round(engagements::numeric / impressions * 100, 2) ELSE 0 END) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kpi_date, channel_id)
);
CREATE INDEX idx_mkt_social_kpis_channel ON mkt_social_kpis (channel_id, kpi_date);

-- NDP research (needs, desires, pains in the customers' own words) ------------

CREATE TABLE mkt_ndp_categories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code varchar(50) NOT NULL UNIQUE,
  name varchar(100) NOT NULL,
  description text,
  sort_order integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mkt_ndp_topics (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  category_id uuid NOT NULL REFERENCES mkt_ndp_categories (id),
  title varchar(255) NOT NULL,
  -- The ideal customer's own phrasing, quoted from the research.
  icp_language text,
  description text,
  research_source varchar(50)
    CHECK (research_source IN ('interview', 'survey', 'social_listening', 'sales_call', 'support_ticket',
                               'review', 'search_data', 'other')),
  evidence_url text,
  priority smallint NOT NULL DEFAULT 3 CHECK (priority BETWEEN 1 AND 5),
  topic_status varchar(20) NOT NULL DEFAULT 'active' CHECK (topic_status IN ('draft', 'active', 'archived')),
  created_by uuid DEFAULT loupe.local_owner_id() REFERENCES platform_users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_mkt_ndp_topics_category ON mkt_ndp_topics (category_id);

CREATE TABLE mkt_ndp_topic_segments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  topic_id uuid NOT NULL REFERENCES mkt_ndp_topics (id) ON DELETE CASCADE,
  segment_id uuid NOT NULL REFERENCES mkt_segments (id) ON DELETE CASCADE,
  relevance smallint NOT NULL DEFAULT 3 CHECK (relevance BETWEEN 1 AND 5),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (topic_id, segment_id)
);
CREATE INDEX idx_mkt_ndp_topic_segments_segment ON mkt_ndp_topic_segments (segment_id);

CREATE TABLE mkt_campaign_ndp_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  ndp_topic_id uuid NOT NULL REFERENCES mkt_ndp_topics (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (campaign_id, ndp_topic_id)
);
CREATE INDEX idx_mkt_campaign_ndp_topic ON mkt_campaign_ndp_assignments (ndp_topic_id);

-- Content framework ----------------------------------------------------------

CREATE TABLE mkt_con_types (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code varchar(50) NOT NULL UNIQUE,
  name varchar(100) NOT NULL,
  -- The channel it is published on; NULL for formats that travel (a case study).
  channel_id uuid REFERENCES mkt_channels (id) ON DELETE SET NULL,
  format varchar(20) NOT NULL CHECK (format IN ('text', 'image', 'carousel', 'video', 'audio', 'document', 'event')),
  typical_effort_hours numeric(5, 1),
  sort_order integer NOT NULL DEFAULT 0,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mkt_con_pillar_types (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code varchar(50) NOT NULL UNIQUE,
  name varchar(100) NOT NULL,
  description text,
  sort_order integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mkt_con_pillars (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  pillar_type_id uuid NOT NULL REFERENCES mkt_con_pillar_types (id),
  title varchar(255) NOT NULL,
  summary text,
  core_message text,
  ndp_topic_id uuid REFERENCES mkt_ndp_topics (id) ON DELETE SET NULL,
  pillar_status varchar(20) NOT NULL DEFAULT 'planned'
    CHECK (pillar_status IN ('planned', 'in_research', 'in_production', 'published', 'retired')),
  owner_id uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  published_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_mkt_con_pillars_type ON mkt_con_pillars (pillar_type_id);

-- The document's second "mkt_con_pillar_types": which content types a pillar is
-- repurposed into, and how many pieces of each are planned.
CREATE TABLE mkt_con_pillar_content_types (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  pillar_id uuid NOT NULL REFERENCES mkt_con_pillars (id) ON DELETE CASCADE,
  content_type_id uuid NOT NULL REFERENCES mkt_con_types (id) ON DELETE CASCADE,
  planned_count integer NOT NULL DEFAULT 1 CHECK (planned_count >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (pillar_id, content_type_id)
);

CREATE TABLE mkt_campaign_pillar_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  pillar_id uuid NOT NULL REFERENCES mkt_con_pillars (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (campaign_id, pillar_id)
);
CREATE INDEX idx_mkt_campaign_pillar_pillar ON mkt_campaign_pillar_assignments (pillar_id);

CREATE TABLE mkt_con_ideas (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title varchar(255) NOT NULL,
  description text,
  ndp_topic_id uuid REFERENCES mkt_ndp_topics (id) ON DELETE SET NULL,
  pillar_id uuid REFERENCES mkt_con_pillars (id) ON DELETE SET NULL,
  content_type_id uuid REFERENCES mkt_con_types (id) ON DELETE SET NULL,
  segment_id uuid REFERENCES mkt_segments (id) ON DELETE SET NULL,
  idea_status varchar(20) NOT NULL DEFAULT 'new'
    CHECK (idea_status IN ('new', 'accepted', 'rejected', 'in_production', 'done')),
  submitted_by uuid DEFAULT loupe.local_owner_id() REFERENCES platform_users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- "Master + repurposed content (unified)": a master piece has no
-- master_content_id; its repurposed versions point at it.
ALTER TABLE content_library
  ADD COLUMN content_type_id uuid REFERENCES mkt_con_types (id) ON DELETE SET NULL,
  ADD COLUMN pillar_id uuid REFERENCES mkt_con_pillars (id) ON DELETE SET NULL,
  ADD COLUMN master_content_id uuid REFERENCES content_library (content_id) ON DELETE SET NULL,
  ADD COLUMN idea_id uuid REFERENCES mkt_con_ideas (id) ON DELETE SET NULL,
  ADD COLUMN ndp_topic_id uuid REFERENCES mkt_ndp_topics (id) ON DELETE SET NULL,
  ADD COLUMN mkt_segment_id uuid REFERENCES mkt_segments (id) ON DELETE SET NULL,
  ADD COLUMN channel_id uuid REFERENCES mkt_channels (id) ON DELETE SET NULL;
CREATE INDEX idx_content_library_master ON content_library (master_content_id) WHERE master_content_id IS NOT NULL;
CREATE INDEX idx_content_library_pillar ON content_library (pillar_id) WHERE pillar_id IS NOT NULL;

CREATE VIEW mkt_con_content AS
SELECT content_id AS id, content_title AS title, content_description AS summary, content_body AS body,
       content_type_id, pillar_id, master_content_id, (master_content_id IS NULL) AS is_master,
       idea_id, ndp_topic_id, mkt_segment_id AS segment_id, channel_id,
       publish_status AS status, published_at, content_url AS published_url, author_id,
       organization_id, created_at, updated_at
  FROM content_library;

CREATE TABLE mkt_campaign_content_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
  content_id uuid NOT NULL REFERENCES content_library (content_id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (campaign_id, content_id)
);
CREATE INDEX idx_mkt_campaign_content_content ON mkt_campaign_content_assignments (content_id);

CREATE TABLE mkt_con_tags (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name varchar(100) NOT NULL,
  slug varchar(100) NOT NULL UNIQUE,
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
CREATE INDEX idx_mkt_con_tag_assignments_tag ON mkt_con_tag_assignments (tag_id);

CREATE TABLE mkt_con_pillar_tag_assignments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  pillar_id uuid NOT NULL REFERENCES mkt_con_pillars (id) ON DELETE CASCADE,
  tag_id uuid NOT NULL REFERENCES mkt_con_tags (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (pillar_id, tag_id)
);
CREATE INDEX idx_mkt_con_pillar_tag_assignments_tag ON mkt_con_pillar_tag_assignments (tag_id);

CREATE TABLE mkt_con_schedule (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  content_id uuid NOT NULL REFERENCES content_library (content_id) ON DELETE CASCADE,
  channel_id uuid NOT NULL REFERENCES mkt_channels (id),
  scheduled_for timestamptz NOT NULL,
  schedule_status varchar(20) NOT NULL DEFAULT 'planned'
    CHECK (schedule_status IN ('planned', 'scheduled', 'published', 'cancelled', 'failed')),
  published_at timestamptz,
  post_url text,
  assignee_id uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_mkt_con_schedule_calendar ON mkt_con_schedule (scheduled_for, channel_id);
CREATE INDEX idx_mkt_con_schedule_content ON mkt_con_schedule (content_id);

-- Persona mapping (the ideal-customer profile, contact by contact) ------------

CREATE TABLE mkt_persona_contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The person in Loupe's customer table, once matched.
  customer_id uuid REFERENCES customers (id) ON DELETE SET NULL,
  full_name varchar(255) NOT NULL,
  email varchar(255),
  phone varchar(50),
  segment_id uuid REFERENCES mkt_segments (id) ON DELETE SET NULL,
  region varchar(100),
  country varchar(50),
  organization_name varchar(255),
  job_title varchar(255),
  seniority varchar(30) CHECK (seniority IN ('entry', 'mid', 'senior', 'director', 'vp', 'c_level', 'owner')),
  decision_role varchar(30)
    CHECK (decision_role IN ('decision_maker', 'influencer', 'user', 'gatekeeper', 'champion', 'other')),
  persona_label varchar(100),
  icp_fit boolean,
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_mkt_persona_contacts_segment ON mkt_persona_contacts (segment_id);
CREATE INDEX idx_mkt_persona_contacts_customer ON mkt_persona_contacts (customer_id) WHERE customer_id IS NOT NULL;

CREATE TABLE mkt_persona_scores (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  persona_contact_id uuid NOT NULL REFERENCES mkt_persona_contacts (id) ON DELETE CASCADE,
  segment_id uuid REFERENCES mkt_segments (id) ON DELETE CASCADE,
  -- Confidence (0–100) that the contact belongs to the segment.
  confidence numeric(5, 2) NOT NULL CHECK (confidence BETWEEN 0 AND 100),
  method varchar(20) NOT NULL DEFAULT 'manual' CHECK (method IN ('manual', 'rules', 'model')),
  rationale text,
  scored_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_mkt_persona_scores_contact ON mkt_persona_scores (persona_contact_id, scored_at DESC);

CREATE TABLE mkt_persona_attributes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  persona_contact_id uuid NOT NULL REFERENCES mkt_persona_contacts (id) ON DELETE CASCADE,
  attribute_key varchar(100) NOT NULL,
  attribute_value text,
  source varchar(50),
  confidence numeric(5, 2) CHECK (confidence BETWEEN 0 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (persona_contact_id, attribute_key)
);

-- WhatsApp ---------------------------------------------------------------------

CREATE TABLE mkt_wap_accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  display_name varchar(255) NOT NULL,
  phone_number varchar(30) NOT NULL UNIQUE,
  business_account_id varchar(100),
  phone_number_id varchar(100),
  account_status varchar(20) NOT NULL DEFAULT 'active'
    CHECK (account_status IN ('active', 'pending', 'disconnected', 'banned')),
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mkt_wap_groups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES mkt_wap_accounts (id) ON DELETE CASCADE,
  external_group_id varchar(100),
  name varchar(255) NOT NULL,
  description text,
  segment_id uuid REFERENCES mkt_segments (id) ON DELETE SET NULL,
  member_count integer NOT NULL DEFAULT 0,
  invite_link text,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (account_id, external_group_id)
);

CREATE TABLE mkt_wap_contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid REFERENCES mkt_wap_accounts (id) ON DELETE SET NULL,
  -- E.164 number, WhatsApp's identity of a person.
  wa_phone_number varchar(30) NOT NULL UNIQUE,
  display_name varchar(255),
  persona_contact_id uuid REFERENCES mkt_persona_contacts (id) ON DELETE SET NULL,
  customer_id uuid REFERENCES customers (id) ON DELETE SET NULL,
  opt_in_status varchar(20) NOT NULL DEFAULT 'unknown'
    CHECK (opt_in_status IN ('unknown', 'opted_in', 'opted_out')),
  opted_in_at timestamptz,
  opted_out_at timestamptz,
  last_message_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_mkt_wap_contacts_persona ON mkt_wap_contacts (persona_contact_id);

CREATE TABLE mkt_wap_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES mkt_wap_accounts (id) ON DELETE CASCADE,
  -- "No WhatsApp campaigns": messages link straight to the common campaigns.
  campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
  content_id uuid REFERENCES content_library (content_id) ON DELETE SET NULL,
  group_id uuid REFERENCES mkt_wap_groups (id) ON DELETE CASCADE,
  contact_id uuid REFERENCES mkt_wap_contacts (id) ON DELETE CASCADE,
  direction varchar(10) NOT NULL DEFAULT 'outbound' CHECK (direction IN ('outbound', 'inbound')),
  message_type varchar(20) NOT NULL DEFAULT 'text'
    CHECK (message_type IN ('text', 'template', 'image', 'video', 'audio', 'document', 'link', 'poll')),
  body text,
  template_name varchar(255),
  media_url text,
  external_message_id varchar(255) UNIQUE,
  message_status varchar(20) NOT NULL DEFAULT 'queued'
    CHECK (message_status IN ('queued', 'sent', 'delivered', 'read', 'failed', 'received')),
  sent_at timestamptz,
  delivered_at timestamptz,
  read_at timestamptz,
  failure_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- A message goes to a group or to one contact.
  CHECK (group_id IS NOT NULL OR contact_id IS NOT NULL)
);
CREATE INDEX idx_mkt_wap_messages_campaign ON mkt_wap_messages (campaign_id, sent_at);
CREATE INDEX idx_mkt_wap_messages_group ON mkt_wap_messages (group_id, sent_at);
CREATE INDEX idx_mkt_wap_messages_contact ON mkt_wap_messages (contact_id, sent_at);

CREATE TABLE mkt_persona_group_memberships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  persona_contact_id uuid NOT NULL REFERENCES mkt_persona_contacts (id) ON DELETE CASCADE,
  group_id uuid NOT NULL REFERENCES mkt_wap_groups (id) ON DELETE CASCADE,
  member_role varchar(10) NOT NULL DEFAULT 'member' CHECK (member_role IN ('member', 'admin')),
  joined_at timestamptz,
  left_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (persona_contact_id, group_id)
);
CREATE INDEX idx_mkt_persona_group_memberships_group ON mkt_persona_group_memberships (group_id);

-- Seed data ------------------------------------------------------------------
-- The document asks for 11 stakeholder segments, 6 NDP categories, 24 content
-- types and 6 pillar types without naming them. These are Loupe's choices for a
-- B2B marketing team; users rename or extend them. Channels are seeded too,
-- because content types point at them.

INSERT INTO mkt_segments (code, name, description, sort_order) VALUES
('executives', 'Founders & executives', 'CEOs, founders and managing directors who own the buying decision', 1),
('marketing_leaders', 'Marketing leaders', 'CMOs, heads of marketing and growth', 2),
('sales_leaders', 'Sales leaders', 'Heads of sales and revenue operations', 3),
('operations_leaders', 'Operations leaders', 'COOs and operations managers who run the processes', 4),
('technical_leaders', 'IT & technical leaders', 'CTOs, IT managers and engineers who evaluate and integrate', 5),
('finance_procurement', 'Finance & procurement', 'CFOs, controllers and buyers who approve spend', 6),
('practitioners', 'Practitioners', 'Day-to-day users of the product', 7),
('partners', 'Partners & resellers', 'Channel partners, resellers and integrators', 8),
('agencies_consultants', 'Agencies & consultants', 'Advisers who recommend solutions to their clients', 9),
('investors_analysts', 'Investors & analysts', 'Investors, industry analysts and press', 10),
('existing_customers', 'Existing customers', 'Current customers: adoption, expansion and advocacy', 11);

INSERT INTO mkt_ndp_categories (code, name, description, sort_order) VALUES
('need', 'Need', 'What the customer must get done', 1),
('desire', 'Desire', 'What the customer wishes for beyond the need', 2),
('pain', 'Pain', 'What hurts today and costs time, money or standing', 3),
('fear', 'Fear', 'What the customer worries will go wrong, with or without a change', 4),
('objection', 'Objection', 'Reasons the customer gives for not buying', 5),
('trigger', 'Trigger', 'Events that make the customer start looking for a solution', 6);

INSERT INTO mkt_channels (code, name, channel_type, sort_order) VALUES
('linkedin', 'LinkedIn', 'social', 1),
('facebook', 'Facebook', 'social', 2),
('instagram', 'Instagram', 'social', 3),
('x', 'X (Twitter)', 'social', 4),
('youtube', 'YouTube', 'video', 5),
('whatsapp', 'WhatsApp', 'messaging', 6),
('email', 'Email newsletter', 'email', 7),
('website', 'Website & blog', 'web', 8),
('webinar', 'Webinars & events', 'event', 9),
('podcast', 'Podcast', 'audio', 10),
('press', 'Press & media', 'print', 11);

INSERT INTO mkt_con_types (code, name, channel_id, format, typical_effort_hours, sort_order)
SELECT t.code, t.name, c.id, t.format, t.effort, t.ord
  FROM (VALUES
    ('linkedin_post', 'LinkedIn post', 'linkedin', 'text', 1.0, 1),
    ('linkedin_article', 'LinkedIn article', 'linkedin', 'text', 4.0, 2),
    ('linkedin_carousel', 'LinkedIn carousel', 'linkedin', 'carousel', 3.0, 3),
    ('linkedin_video', 'LinkedIn video', 'linkedin', 'video', 4.0, 4),
    ('facebook_post', 'Facebook post', 'facebook', 'text', 1.0, 5),
    ('instagram_post', 'Instagram post', 'instagram', 'image', 1.5, 6),
    ('instagram_reel', 'Instagram reel', 'instagram', 'video', 3.0, 7),
    ('instagram_story', 'Instagram story', 'instagram', 'image', 0.5, 8),
    ('x_post', 'X post', 'x', 'text', 0.5, 9),
    ('x_thread', 'X thread', 'x', 'text', 2.0, 10),
    ('youtube_video', 'YouTube video', 'youtube', 'video', 12.0, 11),
    ('youtube_short', 'YouTube short', 'youtube', 'video', 2.0, 12),
    ('blog_article', 'Blog article', 'website', 'text', 6.0, 13),
    ('case_study', 'Case study', NULL, 'document', 10.0, 14),
    ('white_paper', 'White paper', NULL, 'document', 24.0, 15),
    ('ebook', 'E-book', NULL, 'document', 30.0, 16),
    ('infographic', 'Infographic', NULL, 'image', 6.0, 17),
    ('newsletter', 'Newsletter issue', 'email', 'text', 4.0, 18),
    ('nurture_email', 'Nurture email', 'email', 'text', 2.0, 19),
    ('whatsapp_message', 'WhatsApp message', 'whatsapp', 'text', 0.5, 20),
    ('whatsapp_broadcast', 'WhatsApp broadcast', 'whatsapp', 'text', 1.0, 21),
    ('webinar', 'Webinar', 'webinar', 'event', 16.0, 22),
    ('podcast_episode', 'Podcast episode', 'podcast', 'audio', 8.0, 23),
    ('press_release', 'Press release', 'press', 'text', 4.0, 24)
  ) AS t (code, name, channel_code, format, effort, ord)
  LEFT JOIN mkt_channels c ON c.code = t.channel_code;

INSERT INTO mkt_con_pillar_types (code, name, description, sort_order) VALUES
('research', 'Original research', 'Surveys, benchmarks and data studies the organization publishes first', 1),
('case_study', 'Case study', 'A customer''s problem, approach and measured result', 2),
('how_to_guide', 'How-to guide', 'Step-by-step instructions for a job the audience must do', 3),
('thought_leadership', 'Thought leadership', 'A point of view on where the field is going', 4),
('industry_trends', 'Industry trends', 'What changed in the market and what it means for the audience', 5),
('product_education', 'Product education', 'How the product solves a named need, with proof', 6);

SELECT loupe.track_all_tables();
