-- The rows a new workspace starts with.
--
-- The local organization and its owner: a workspace belongs to one person, who
-- owns everything created without naming someone else (the column defaults of
-- 0002 point here). Their ids are fixed; see loupe.local_organization_id().
INSERT INTO organizations (organization_id, organization_name)
VALUES (loupe.local_organization_id(), 'My organization');

INSERT INTO platform_users (id, organization_id, email, name, role, status, email_verified)
VALUES (loupe.owner_user_id(), loupe.local_organization_id(), 'owner@localhost', 'Workspace owner',
        'super_admin', 'active', true);

-- cdp-schema.md's default permissions, as printed.
INSERT INTO role_permissions (role, permission, resource, action) VALUES
  ('super_admin', 'platform_management', '*', '*'),
  ('admin', 'user_management', 'platform_users', 'create'),
  ('admin', 'user_management', 'platform_users', 'read'),
  ('admin', 'user_management', 'platform_users', 'update'),
  ('admin', 'user_management', 'platform_users', 'delete'),
  ('admin', 'customer_data', '*', '*'),
  ('admin', 'campaign_management', '*', '*'),
  ('admin', 'dashboard_management', '*', '*'),
  ('marketing_manager', 'customer_data', 'customers', 'read'),
  ('marketing_manager', 'campaign_management', '*', '*'),
  ('marketing_manager', 'segmentation', '*', '*'),
  ('marketing_manager', 'promotions', '*', '*'),
  ('marketing_manager', 'dashboard_management', 'marketing_tiles', '*'),
  ('data_analyst', 'customer_data', '*', 'read'),
  ('data_analyst', 'analytics', '*', '*'),
  ('data_analyst', 'cohort_analysis', '*', '*'),
  ('data_analyst', 'dashboard_management', 'analytics_tiles', '*'),
  ('data_analyst', 'data_connections', '*', 'read'),
  ('viewer', 'customer_data', '*', 'read'),
  ('viewer', 'analytics', '*', 'read'),
  ('viewer', 'dashboard_management', '*', 'read');

-- cdp-schema.md's default settings, as printed.
INSERT INTO system_settings (setting_key, setting_value, category, description) VALUES
  ('platform.max_dashboard_tiles', '50', 'limits', 'Maximum number of tiles per dashboard'),
  ('platform.max_segments_per_user', '100', 'limits', 'Maximum segments a user can create'),
  ('platform.session_timeout_hours', '24', 'security', 'Platform user session timeout'),
  ('email.default_sender_name', '"CDP Platform"', 'email', 'Default sender name for system emails'),
  ('features.advanced_analytics', 'true', 'features', 'Enable advanced analytics features'),
  ('features.external_integrations', 'true', 'features', 'Enable external data connections'),
  ('campaign.max_recipients', '100000', 'limits', 'Maximum recipients per campaign'),
  ('cohort.max_retention_periods', '24', 'limits', 'Maximum retention periods to calculate');

-- cdp-schema.md's default jobs, as printed.
INSERT INTO scheduled_jobs (job_name, job_type, cron_expression, job_config) VALUES
  ('daily_customer_metrics', 'metric_calculation', '0 2 * * *', '{"metrics": ["total_customers", "daily_revenue", "retention_rates"]}'),
  ('hourly_segment_refresh', 'segment_update', '0 * * * *', '{"refresh_dynamic_segments": true}'),
  ('weekly_cohort_analysis', 'cohort_refresh', '0 3 * * 1', '{"recalculate_all": false, "periods_to_update": 3}'),
  ('daily_engagement_scores', 'metric_calculation', '0 4 * * *', '{"calculate_engagement": true, "calculate_churn_risk": true}');

-- The marketing module's seed data. marketing-module-summary.md gives only the
-- counts (11 stakeholder segments, 6 NDP categories, 24 content types, 6 pillar
-- types); these values are Loupe's choice, written for a brand that sells through
-- retail partners (the demo workspace's case) and general enough for others.

INSERT INTO mkt_segments (code, name, description, sort_order) VALUES
  ('retail_partners', 'Retail partners', 'Stores and chains that stock and sell the brand.', 1),
  ('store_managers', 'Store managers', 'People who run a partner store and decide on stock and displays.', 2),
  ('sales_associates', 'Sales associates', 'Floor staff who present the brand to shoppers.', 3),
  ('prospective_retailers', 'Prospective retailers', 'Stores the brand wants to win as partners.', 4),
  ('distributors', 'Distributors and wholesalers', 'Companies that carry the brand to retailers in a region.', 5),
  ('vip_clients', 'VIP clients', 'End customers with a high lifetime spend and personal service.', 6),
  ('end_consumers', 'End consumers', 'Shoppers buying for themselves or as a gift.', 7),
  ('influencers', 'Influencers and creators', 'People whose audiences trust their taste.', 8),
  ('press', 'Trade and consumer press', 'Journalists and editors covering the category.', 9),
  ('industry_bodies', 'Industry associations and trade shows', 'Organisations that set standards and run fairs.', 10),
  ('internal_teams', 'Internal sales and marketing teams', 'Colleagues who use the content with partners and clients.', 11);

-- What the ideal customer says, sorted by the kind of statement.
INSERT INTO mkt_ndp_categories (code, name, description, sort_order) VALUES
  ('need', 'Need', 'What they must have to do their job or solve their problem.', 1),
  ('desire', 'Desire', 'What they want beyond the need: status, delight, recognition.', 2),
  ('pain', 'Pain', 'What frustrates or costs them today.', 3),
  ('fear', 'Fear', 'What they worry could go wrong if they act, or if they do not.', 4),
  ('objection', 'Objection', 'Why they hesitate to buy or to switch.', 5),
  ('trigger', 'Trigger', 'The event that makes them start looking now.', 6);

INSERT INTO mkt_channels (code, name, channel_type, sort_order) VALUES
  ('linkedin', 'LinkedIn', 'social', 1),
  ('facebook', 'Facebook', 'social', 2),
  ('instagram', 'Instagram', 'social', 3),
  ('x', 'X (Twitter)', 'social', 4),
  ('youtube', 'YouTube', 'video', 5),
  ('tiktok', 'TikTok', 'video', 6),
  ('whatsapp', 'WhatsApp', 'messaging', 7),
  ('email', 'Email', 'email', 8),
  ('website', 'Website and blog', 'web', 9),
  ('podcast', 'Podcast', 'audio', 10),
  ('press', 'Press', 'press', 11);

INSERT INTO mkt_con_types (code, name, channel_id, format, is_long_form, sort_order)
SELECT v.code, v.name, ch.id, v.format, v.is_long_form, v.sort_order
  FROM (VALUES
    ('linkedin_post', 'LinkedIn post', 'linkedin', 'text', false, 1),
    ('linkedin_article', 'LinkedIn article', 'linkedin', 'text', true, 2),
    ('linkedin_carousel', 'LinkedIn carousel', 'linkedin', 'carousel', false, 3),
    ('linkedin_video', 'LinkedIn video', 'linkedin', 'video', false, 4),
    ('facebook_post', 'Facebook post', 'facebook', 'text', false, 5),
    ('instagram_post', 'Instagram post', 'instagram', 'image', false, 6),
    ('instagram_reel', 'Instagram reel', 'instagram', 'video', false, 7),
    ('instagram_story', 'Instagram story', 'instagram', 'image', false, 8),
    ('x_post', 'X post', 'x', 'text', false, 9),
    ('youtube_video', 'YouTube video', 'youtube', 'video', true, 10),
    ('youtube_short', 'YouTube short', 'youtube', 'video', false, 11),
    ('tiktok_video', 'TikTok video', 'tiktok', 'video', false, 12),
    ('whatsapp_message', 'WhatsApp message', 'whatsapp', 'message', false, 13),
    ('whatsapp_status', 'WhatsApp status', 'whatsapp', 'image', false, 14),
    ('newsletter', 'Newsletter', 'email', 'text', true, 15),
    ('promotional_email', 'Promotional email', 'email', 'text', false, 16),
    ('blog_post', 'Blog post', 'website', 'text', true, 17),
    ('case_study', 'Case study', 'website', 'document', true, 18),
    ('whitepaper', 'Whitepaper', 'website', 'document', true, 19),
    ('ebook', 'eBook', 'website', 'document', true, 20),
    ('infographic', 'Infographic', 'website', 'image', false, 21),
    ('webinar', 'Webinar', 'website', 'event', true, 22),
    ('podcast_episode', 'Podcast episode', 'podcast', 'audio', true, 23),
    ('press_release', 'Press release', 'press', 'text', false, 24)
  ) AS v (code, name, channel, format, is_long_form, sort_order)
  JOIN mkt_channels ch ON ch.code = v.channel;

INSERT INTO mkt_con_pillar_types (code, name, description, sort_order) VALUES
  ('research', 'Research', 'Original data or study findings the brand can stand behind.', 1),
  ('case_study', 'Case study', 'How a partner or client achieved a result, told with numbers.', 2),
  ('thought_leadership', 'Thought leadership', 'A point of view on where the category is going.', 3),
  ('product', 'Product and collection', 'What is new, how it is made, what makes it different.', 4),
  ('education', 'How-to and education', 'Guides that help partners sell and clients choose and care.', 5),
  ('culture', 'Behind the scenes', 'The people, craft and places behind the brand.', 6);
