-- Who owns the data and who works with it.
--
-- organizations: crm-design.md's tenant table; marketing-analytics-design.md's
--   marketing_organizations is a view over it. A workspace is one organization's
--   data; the local organization row is created at the end of this file.
-- platform_users: everyone with an account in the system. cdp-schema.md's
--   platform users (admins, analysts, marketers), crm-design.md's `users` (sales
--   reps, support agents) and campaign-performance.md's `users` (the brand's
--   portal accounts: retailers, brand users, admins) are one concept: a person who
--   logs in. Their columns are united here; `users` (campaign-performance.md's
--   names) and `crm_users` (crm-design.md's names) are views over this table.

CREATE TABLE organizations (
  organization_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_name varchar(255) NOT NULL,
  legal_name varchar(255),
  industry varchar(100),
  website text,
  country varchar(50),
  timezone varchar(50) NOT NULL DEFAULT 'UTC',
  currency varchar(3) NOT NULL DEFAULT 'USD',
  -- "Multi-tenant organization profiles with subscription management".
  subscription_plan varchar(50) NOT NULL DEFAULT 'local',
  subscription_status varchar(50) NOT NULL DEFAULT 'active'
    CHECK (subscription_status IN ('trial', 'active', 'past_due', 'cancelled', 'expired')),
  subscription_started_at timestamptz,
  subscription_ends_at timestamptz,
  max_users integer,
  settings jsonb NOT NULL DEFAULT '{}',
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE platform_users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid DEFAULT loupe.local_organization_id() REFERENCES organizations (organization_id),
  email varchar(255) UNIQUE NOT NULL,
  -- Loupe is a local app without logins of its own: portal accounts imported
  -- from elsewhere (retailers) have no password here, so this may be NULL.
  password_hash varchar(255),
  name varchar(255) NOT NULL,
  first_name varchar(100),
  last_name varchar(100),
  avatar_url text,
  phone varchar(50),
  job_title varchar(255),
  department varchar(100),
  -- Permission role: cdp-schema.md's five roles plus crm-design.md's CRM roles.
  role varchar(50) NOT NULL DEFAULT 'viewer'
    CHECK (role IN ('super_admin', 'admin', 'marketing_manager', 'data_analyst', 'viewer',
                    'system_admin', 'sales_manager', 'sales_rep', 'support_manager', 'support_agent')),
  status varchar(20) NOT NULL DEFAULT 'active'
    CHECK (status IN ('active', 'inactive', 'suspended', 'pending_invitation')),
  -- Account kind from campaign-performance.md ('retailer', 'brand', 'admin'); staff
  -- of the organization itself are 'staff'.
  user_type varchar(50) NOT NULL DEFAULT 'staff'
    CHECK (user_type IN ('staff', 'retailer', 'brand', 'admin', 'partner')),
  region varchar(50),

  email_verified boolean DEFAULT false,
  email_verification_token varchar(255),
  password_reset_token varchar(255),
  password_reset_expires timestamptz,
  last_login timestamptz,
  login_attempts integer DEFAULT 0,
  locked_until timestamptz,

  invited_by uuid REFERENCES platform_users (id),
  invitation_token varchar(255),
  invitation_expires timestamptz,
  invitation_accepted_at timestamptz,

  timezone varchar(50) DEFAULT 'UTC',
  language varchar(10) DEFAULT 'en',
  theme varchar(20) DEFAULT 'light' CHECK (theme IN ('light', 'dark', 'auto')),
  dashboard_config jsonb DEFAULT '{}',
  notification_preferences jsonb DEFAULT '{"email_campaigns": true, "email_alerts": true, "browser_notifications": true}',

  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES platform_users (id),
  updated_by uuid REFERENCES platform_users (id)
);

-- cdp-schema.md also indexes email; the UNIQUE constraint already does.
CREATE INDEX idx_platform_users_role ON platform_users (role);
CREATE INDEX idx_platform_users_status ON platform_users (status);
CREATE INDEX idx_platform_users_last_login ON platform_users (last_login);
CREATE INDEX idx_platform_users_invitation_token ON platform_users (invitation_token);
-- campaign-performance.md's idx_users_user_type and idx_users_region.
CREATE INDEX idx_platform_users_user_type ON platform_users (user_type);
CREATE INDEX idx_platform_users_region ON platform_users (region);
CREATE INDEX idx_platform_users_organization ON platform_users (organization_id);

CREATE TABLE platform_user_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES platform_users (id) ON DELETE CASCADE,
  session_token varchar(255) UNIQUE NOT NULL,
  refresh_token varchar(255) UNIQUE,
  ip_address inet,
  user_agent text,
  device_type varchar(50),
  browser varchar(100),
  os varchar(100),
  country varchar(50),
  city varchar(100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_activity timestamptz DEFAULT now(),
  is_active boolean DEFAULT true,
  is_suspicious boolean DEFAULT false,
  logout_reason varchar(50)
    CHECK (logout_reason IN ('user_logout', 'session_expired', 'admin_revoked', 'security_logout'))
);

-- idx_platform_sessions_token duplicates the UNIQUE constraint on session_token.
CREATE INDEX idx_platform_sessions_user_id ON platform_user_sessions (user_id);
CREATE INDEX idx_platform_sessions_expires ON platform_user_sessions (expires_at);
CREATE INDEX idx_platform_sessions_active ON platform_user_sessions (is_active, expires_at);

CREATE TABLE role_permissions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  role varchar(50) NOT NULL,
  permission varchar(100) NOT NULL,
  resource varchar(50),
  action varchar(50) NOT NULL,
  is_active boolean DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (role, permission, resource, action)
);

CREATE INDEX idx_role_permissions_role ON role_permissions (role);
CREATE INDEX idx_role_permissions_resource ON role_permissions (resource, action);

-- Column defaults everywhere point at the local organization and owner, so those
-- two rows must outlive any clean-up the user does.
CREATE FUNCTION loupe.protect_local_rows() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF (TG_TABLE_NAME = 'organizations' AND OLD.organization_id = loupe.local_organization_id())
     OR (TG_TABLE_NAME = 'platform_users' AND OLD.id = loupe.local_owner_id()) THEN
    RAISE EXCEPTION 'the workspace''s own % row cannot be deleted', TG_TABLE_NAME
      USING HINT = 'Rename it instead.';
  END IF;
  RETURN OLD;
END
$$;

CREATE TRIGGER protect_local_organization BEFORE DELETE ON organizations
  FOR EACH ROW EXECUTE FUNCTION loupe.protect_local_rows();
CREATE TRIGGER protect_local_owner BEFORE DELETE ON platform_users
  FOR EACH ROW EXECUTE FUNCTION loupe.protect_local_rows();

-- The single local organization and owner every new workspace starts with. The
-- app renames them to the workspace's client and the user's name; their ids stay.
INSERT INTO organizations (organization_id, organization_name, subscription_plan)
VALUES (loupe.local_organization_id(), 'My organization', 'local');

INSERT INTO platform_users (id, organization_id, email, name, role, status, user_type, email_verified)
VALUES (loupe.local_owner_id(), loupe.local_organization_id(), 'owner@workspace.local', 'Workspace owner',
        'super_admin', 'active', 'staff', true);

-- cdp-schema.md's default permissions, verbatim.
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

SELECT loupe.track_all_tables();
