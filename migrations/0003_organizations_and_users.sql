-- Who owns the workspace and who works in it.
--
-- organizations: crm-design.md's name and key (organization_id); the marketing
--   document's marketing_organizations is the same thing and a view over it.
-- platform_users: cdp-schema.md's platform users, which crm-design.md calls
--   `users` (its CRM users: sales reps, support agents) and campaign-performance.md
--   calls `users` with user_type 'brand'/'admin'. One table for everyone who uses
--   the software; crm_users and users are views (0010).
-- retailers (Loupe name): the partner stores campaign-performance.md keeps in its
--   `users` table with user_type 'retailer'. They receive a brand's emails and
--   place orders; they are not people who use the software.
--
-- organization_id columns throughout the schema hold the workspace's one
-- organization by default. They are not foreign keys: every row of a workspace
-- belongs to that organization, and a per-row reference check costs about as much
-- as the row itself in bulk imports.
--
-- String columns are `text` throughout the schema: the documents' varchar limits
-- are arbitrary, and a 101-character campaign name must not fail an import.
-- Emails are citext, so the same address in two sources matches whatever its case.
--
-- The documents' indexes on these tables (platform_users, sessions,
-- role_permissions, campaign-performance.md's users) are not created: a local
-- workspace holds a handful of rows in each, which a sequential scan reads faster
-- than an index, and every index is a file that slows creating a workspace.

CREATE TABLE organizations (
  organization_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_name text NOT NULL,
  legal_name text,
  industry text,
  website text,
  country text,
  -- The zone and currency reports use unless a query says otherwise.
  timezone text NOT NULL DEFAULT 'UTC',
  currency text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  -- crm-design.md: "organization profiles with subscription management".
  subscription_plan text,
  subscription_status text CHECK (subscription_status IN ('trial', 'active', 'past_due', 'cancelled')),
  subscription_started_at timestamptz,
  subscription_ends_at timestamptz,
  settings jsonb NOT NULL DEFAULT '{}',
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE platform_users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL DEFAULT loupe.local_organization_id(),
  email citext UNIQUE NOT NULL,
  -- NOT NULL in cdp-schema.md. Loupe signs nobody in locally; the column stays
  -- for users synced from a hosted platform.
  password_hash text,
  name text NOT NULL,
  -- crm-design.md's users have first and last names.
  first_name text,
  last_name text,
  avatar_url text,
  -- cdp-schema.md's roles plus crm-design.md's sales and support roles.
  role text NOT NULL CHECK (role IN ('super_admin', 'admin', 'marketing_manager', 'data_analyst', 'viewer',
                                     'system_admin', 'sales_manager', 'sales_rep', 'support_manager', 'support_agent')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'suspended', 'pending_invitation')),
  -- crm-design.md routes tickets by department.
  department text,

  email_verified boolean DEFAULT false,
  email_verification_token text,
  password_reset_token text,
  password_reset_expires timestamptz,
  last_login timestamptz,
  login_attempts integer DEFAULT 0,
  locked_until timestamptz,

  invited_by uuid REFERENCES platform_users (id),
  invitation_token text,
  invitation_expires timestamptz,
  invitation_accepted_at timestamptz,

  timezone text DEFAULT 'UTC',
  language text DEFAULT 'en',
  theme text DEFAULT 'light' CHECK (theme IN ('light', 'dark', 'auto')),
  dashboard_config jsonb DEFAULT '{}',
  notification_preferences jsonb DEFAULT '{"email_campaigns": true, "email_alerts": true, "browser_notifications": true}',

  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES platform_users (id),
  updated_by uuid REFERENCES platform_users (id)
);

CREATE TABLE platform_user_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES platform_users (id) ON DELETE CASCADE,
  session_token text UNIQUE NOT NULL,
  refresh_token text UNIQUE,
  ip_address inet,
  user_agent text,
  device_type text,
  browser text,
  os text,
  country text,
  city text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  last_activity timestamptz DEFAULT now(),
  is_active boolean DEFAULT true,
  is_suspicious boolean DEFAULT false,
  logout_reason text CHECK (logout_reason IN ('user_logout', 'session_expired', 'admin_revoked', 'security_logout'))
);
-- Deleting a user cascades here; without it each deletion scans the table.
CREATE INDEX idx_platform_sessions_user_id ON platform_user_sessions (user_id);

CREATE TABLE role_permissions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  role text NOT NULL,
  permission text NOT NULL,
  resource text,
  action text NOT NULL,
  is_active boolean DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (role, permission, resource, action)
);

CREATE TABLE retailers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL DEFAULT loupe.local_organization_id(),
  name text NOT NULL,
  email citext UNIQUE,
  -- campaign-performance.md: 'East', 'West', 'Central', 'North', 'South'.
  region text,
  city text,
  state text,
  country text,
  -- The retailer's id in the system it was imported from.
  external_id text UNIQUE,
  is_active boolean NOT NULL DEFAULT true,
  import_batch_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT loupe.track_changes();
