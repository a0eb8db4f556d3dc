-- Sales and support, from crm-design.md. The document prints no CREATE TABLE for
-- these; their columns are the ones its functions, views and indexes use, plus
-- what its descriptions name (quote versioning and approval, follow-up
-- scheduling, SLA tracking, internal notes). Primary keys keep the document's
-- <entity>_id names.
--
-- privacy_requests (Loupe name): one table for data-subject requests under any
--   regulation. marketing-analytics-design.md's gdpr_requests keeps that name as
--   a view; crm-design.md's gdpr_requests becomes crm_gdpr_requests and its
--   ccpa_requests a view too (0012).

CREATE TABLE opportunities (
  opportunity_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid DEFAULT loupe.local_organization_id() REFERENCES organizations (organization_id),
  customer_id uuid REFERENCES customers (id) ON DELETE SET NULL,
  opportunity_name varchar(255) NOT NULL,
  description text,
  sales_stage varchar(50) NOT NULL DEFAULT 'prospecting'
    CHECK (sales_stage IN ('prospecting', 'qualification', 'needs_analysis', 'proposal', 'negotiation',
                           'closed_won', 'closed_lost')),
  opportunity_status varchar(20) NOT NULL DEFAULT 'open'
    CHECK (opportunity_status IN ('open', 'won', 'lost', 'abandoned')),
  estimated_value numeric(14, 2),
  currency varchar(3) NOT NULL DEFAULT 'USD',
  probability_percentage numeric(5, 2) CHECK (probability_percentage BETWEEN 0 AND 100),
  expected_close_date date,
  actual_close_date date,
  lead_source varchar(100),
  -- The campaign that produced the lead, for campaign ROI on the sales side.
  campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
  lost_reason text,
  notes text,
  assigned_to uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  created_by uuid DEFAULT loupe.local_owner_id() REFERENCES platform_users (id),
  import_batch_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_opportunities_organization ON opportunities (organization_id, sales_stage);
CREATE INDEX idx_opportunities_customer ON opportunities (customer_id);
CREATE INDEX idx_opportunities_close_date ON opportunities (expected_close_date) WHERE opportunity_status = 'open';
CREATE INDEX idx_opportunities_assigned_to ON opportunities (assigned_to);

-- A CRM conversion can close an opportunity.
ALTER TABLE crm_conversions
  ADD COLUMN opportunity_id uuid REFERENCES opportunities (opportunity_id) ON DELETE SET NULL;

CREATE TABLE opportunity_activities (
  activity_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  opportunity_id uuid NOT NULL REFERENCES opportunities (opportunity_id) ON DELETE CASCADE,
  customer_id uuid REFERENCES customers (id) ON DELETE SET NULL,
  activity_type varchar(50) NOT NULL
    CHECK (activity_type IN ('call', 'email', 'meeting', 'demo', 'task', 'note', 'proposal_sent', 'follow_up')),
  subject varchar(255) NOT NULL,
  description text,
  activity_date timestamptz NOT NULL DEFAULT now(),
  due_date timestamptz,
  follow_up_date timestamptz,
  completed_at timestamptz,
  activity_status varchar(20) NOT NULL DEFAULT 'planned'
    CHECK (activity_status IN ('planned', 'completed', 'cancelled', 'overdue')),
  outcome varchar(100),
  assigned_to uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  created_by uuid DEFAULT loupe.local_owner_id() REFERENCES platform_users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_opportunity_activities_opportunity ON opportunity_activities (opportunity_id, activity_date DESC);
CREATE INDEX idx_opportunity_activities_follow_up ON opportunity_activities (assigned_to, follow_up_date)
  WHERE completed_at IS NULL;

CREATE TABLE quotes (
  quote_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid DEFAULT loupe.local_organization_id() REFERENCES organizations (organization_id),
  opportunity_id uuid REFERENCES opportunities (opportunity_id) ON DELETE SET NULL,
  customer_id uuid REFERENCES customers (id) ON DELETE SET NULL,
  quote_number varchar(50) NOT NULL,
  -- Versioning: a revised quote is a new row with the next version and a link to
  -- the one it replaces.
  version integer NOT NULL DEFAULT 1,
  parent_quote_id uuid REFERENCES quotes (quote_id) ON DELETE SET NULL,
  quote_status varchar(30) NOT NULL DEFAULT 'draft'
    CHECK (quote_status IN ('draft', 'pending_approval', 'approved', 'sent', 'accepted', 'rejected',
                            'expired', 'superseded')),
  currency varchar(3) NOT NULL DEFAULT 'USD',
  subtotal numeric(14, 2) NOT NULL DEFAULT 0,
  discount_amount numeric(14, 2) NOT NULL DEFAULT 0,
  tax_amount numeric(14, 2) NOT NULL DEFAULT 0,
  total_amount numeric(14, 2) NOT NULL DEFAULT 0,
  valid_until date,
  terms text,
  notes text,
  approved_by uuid REFERENCES platform_users (id),
  approved_at timestamptz,
  sent_at timestamptz,
  accepted_at timestamptz,
  created_by uuid DEFAULT loupe.local_owner_id() REFERENCES platform_users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (quote_number, version)
);

CREATE INDEX idx_quotes_opportunity ON quotes (opportunity_id);
CREATE INDEX idx_quotes_customer ON quotes (customer_id);

CREATE TABLE quote_items (
  quote_item_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  quote_id uuid NOT NULL REFERENCES quotes (quote_id) ON DELETE CASCADE,
  line_number integer NOT NULL,
  product_id varchar(100),
  product_name varchar(500) NOT NULL,
  description text,
  quantity numeric(12, 3) NOT NULL DEFAULT 1 CHECK (quantity > 0),
  unit_price numeric(14, 2) NOT NULL,
  discount_percentage numeric(5, 2) NOT NULL DEFAULT 0 CHECK (discount_percentage BETWEEN 0 AND 100),
  tax_rate numeric(5, 2) NOT NULL DEFAULT 0,
  -- Derived, so a line can never disagree with its own price and quantity.
  line_total numeric(16, 2) GENERATED ALWAYS AS (
    round(quantity * unit_price * (1 - discount_percentage / 100), 2)) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (quote_id, line_number)
);

CREATE TABLE support_tickets (
  ticket_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid DEFAULT loupe.local_organization_id() REFERENCES organizations (organization_id),
  customer_id uuid REFERENCES customers (id) ON DELETE SET NULL,
  ticket_number varchar(50),
  ticket_subject varchar(500) NOT NULL,
  description text,
  ticket_status varchar(20) NOT NULL DEFAULT 'open'
    CHECK (ticket_status IN ('open', 'in_progress', 'pending', 'resolved', 'closed')),
  ticket_priority varchar(10) NOT NULL DEFAULT 'medium'
    CHECK (ticket_priority IN ('low', 'medium', 'high', 'urgent')),
  ticket_type varchar(50)
    CHECK (ticket_type IN ('question', 'billing_issue', 'account_issue', 'bug_report', 'feature_request',
                           'complaint', 'other')),
  category varchar(100),
  channel varchar(30) CHECK (channel IN ('email', 'phone', 'chat', 'web', 'social', 'in_person')),
  assigned_to uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  assigned_at timestamptz,
  sla_deadline timestamptz,
  first_response_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  customer_satisfaction_rating smallint CHECK (customer_satisfaction_rating BETWEEN 1 AND 5),
  customer_notes text,
  tags text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_support_tickets_organization ON support_tickets (organization_id, ticket_status);
CREATE INDEX idx_support_tickets_customer ON support_tickets (customer_id);
CREATE INDEX idx_support_tickets_assigned_to ON support_tickets (assigned_to, ticket_status);
CREATE INDEX idx_support_tickets_priority ON support_tickets (ticket_priority, created_at DESC);

CREATE TABLE ticket_messages (
  message_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id uuid NOT NULL REFERENCES support_tickets (ticket_id) ON DELETE CASCADE,
  sender_type varchar(20) NOT NULL CHECK (sender_type IN ('customer', 'agent', 'system')),
  sender_user_id uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  sender_customer_id uuid REFERENCES customers (id) ON DELETE SET NULL,
  body text NOT NULL,
  -- Internal notes are part of the thread but never shown to the customer.
  is_internal boolean NOT NULL DEFAULT false,
  channel varchar(30),
  attachments jsonb NOT NULL DEFAULT '[]',
  sent_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_ticket_messages_ticket ON ticket_messages (ticket_id, sent_at);

CREATE TABLE privacy_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  regulation varchar(10) NOT NULL DEFAULT 'gdpr' CHECK (regulation IN ('gdpr', 'ccpa')),
  organization_id uuid DEFAULT loupe.local_organization_id() REFERENCES organizations (organization_id),
  customer_id uuid REFERENCES customers (id) ON DELETE SET NULL,
  -- GDPR's rights (access, rectify, erase, restrict, portability) and CCPA's
  -- (access, delete, opt_out_sale, opt_out_sharing).
  request_type varchar(30) NOT NULL
    CHECK (request_type IN ('access', 'rectify', 'erase', 'restrict', 'portability',
                            'delete', 'opt_out_sale', 'opt_out_sharing')),
  request_status varchar(30) NOT NULL DEFAULT 'pending'
    CHECK (request_status IN ('pending', 'verification_pending', 'verified', 'processing', 'completed',
                              'rejected', 'not_applicable', 'cancelled')),
  request_details jsonb NOT NULL DEFAULT '{}',
  verification_code varchar(20),
  verification_method varchar(30),
  data_categories text[] NOT NULL DEFAULT '{}',
  data_extracted jsonb,
  requested_at timestamptz NOT NULL DEFAULT now(),
  verified_at timestamptz,
  -- 30 days under GDPR, 45 under CCPA, from the request.
  compliance_deadline timestamptz,
  completed_at timestamptz,
  records_affected integer,
  processing_notes text,
  handled_by uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_privacy_requests_customer ON privacy_requests (customer_id);
CREATE INDEX idx_privacy_requests_open ON privacy_requests (regulation, compliance_deadline)
  WHERE request_status NOT IN ('completed', 'rejected', 'not_applicable', 'cancelled');

SELECT loupe.track_all_tables();
