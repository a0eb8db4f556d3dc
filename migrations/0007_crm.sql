-- Sales, support and privacy requests (crm-design.md, with the marketing
-- document's GDPR requests).
--
-- These tables exist in crm-design.md only, so they keep its names and its keys
-- (opportunity_id, ticket_id); where the document never names a key it is `id`.
-- The person is `customer_id`, a reference to customers (id).
-- privacy_requests (Loupe name): crm-design.md's gdpr_requests and ccpa_requests
--   and marketing-analytics-design.md's gdpr_requests are one thing, a data
--   subject's request under some regulation; they are views over it (0010).

CREATE TABLE opportunities (
  opportunity_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL DEFAULT loupe.local_organization_id(),
  customer_id uuid REFERENCES customers (id) ON DELETE CASCADE,
  opportunity_name text NOT NULL,
  description text,
  sales_stage text NOT NULL DEFAULT 'prospecting'
    CHECK (sales_stage IN ('prospecting', 'qualification', 'needs_analysis', 'proposal', 'negotiation',
                           'closed_won', 'closed_lost')),
  opportunity_status text NOT NULL DEFAULT 'open' CHECK (opportunity_status IN ('open', 'won', 'lost', 'abandoned')),
  estimated_value numeric(14, 2),
  currency text DEFAULT 'USD',
  probability_percentage numeric(5, 2) CHECK (probability_percentage BETWEEN 0 AND 100),
  expected_close_date date,
  actual_close_date date,
  lead_source text,
  -- The campaign that sourced the deal, for pipeline attribution.
  campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
  next_step text,
  loss_reason text,
  notes text,
  assigned_to uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  created_by uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  source_system text,
  external_id text,
  import_batch_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source_system, external_id)
);
-- crm-design.md's idx_opportunities_customer and the open-pipeline close dates.
-- Its organization-led index is pointless in a one-organization workspace.
CREATE INDEX idx_opportunities_customer ON opportunities (customer_id);
CREATE INDEX idx_opportunities_close_date ON opportunities (expected_close_date) WHERE opportunity_status = 'open';

CREATE TABLE opportunity_activities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  opportunity_id uuid NOT NULL REFERENCES opportunities (opportunity_id) ON DELETE CASCADE,
  activity_type text NOT NULL CHECK (activity_type IN ('call', 'email', 'meeting', 'demo', 'task', 'note')),
  subject text NOT NULL,
  description text,
  activity_date timestamptz NOT NULL DEFAULT now(),
  -- Follow-up scheduling: when it is due and whether it happened.
  due_date timestamptz,
  completed_at timestamptz,
  outcome text,
  assigned_to uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  created_by uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_opportunity_activities_opportunity ON opportunity_activities (opportunity_id, activity_date);

CREATE TABLE quotes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  opportunity_id uuid REFERENCES opportunities (opportunity_id) ON DELETE SET NULL,
  customer_id uuid REFERENCES customers (id) ON DELETE CASCADE,
  quote_number text NOT NULL,
  -- Versioning: a revised quote is a new row with the next version of the same
  -- number, pointing at the one it replaces.
  version integer NOT NULL DEFAULT 1,
  previous_version_id uuid REFERENCES quotes (id) ON DELETE SET NULL,
  status text NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'pending_approval', 'approved', 'sent', 'accepted', 'rejected', 'expired')),
  currency text DEFAULT 'USD',
  subtotal numeric(14, 2) NOT NULL DEFAULT 0,
  discount_amount numeric(14, 2) NOT NULL DEFAULT 0,
  tax_amount numeric(14, 2) NOT NULL DEFAULT 0,
  total_amount numeric(14, 2) NOT NULL DEFAULT 0,
  valid_until date,
  terms text,
  notes text,
  approved_by uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  approved_at timestamptz,
  sent_at timestamptz,
  accepted_at timestamptz,
  created_by uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (quote_number, version)
);
CREATE INDEX idx_quotes_opportunity ON quotes (opportunity_id);

CREATE TABLE quote_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  quote_id uuid NOT NULL REFERENCES quotes (id) ON DELETE CASCADE,
  line_number integer NOT NULL,
  product_id text,
  product_name text NOT NULL,
  description text,
  quantity numeric(12, 3) NOT NULL CHECK (quantity > 0),
  unit_price numeric(14, 2) NOT NULL,
  discount_percentage numeric(5, 2) NOT NULL DEFAULT 0 CHECK (discount_percentage BETWEEN 0 AND 100),
  line_total numeric(14, 2) GENERATED ALWAYS AS
    (round(quantity * unit_price * (1 - discount_percentage / 100), 2)) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (quote_id, line_number)
);

CREATE TABLE support_tickets (
  ticket_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL DEFAULT loupe.local_organization_id(),
  customer_id uuid REFERENCES customers (id) ON DELETE CASCADE,
  ticket_number text UNIQUE,
  ticket_subject text NOT NULL,
  ticket_description text,
  ticket_status text NOT NULL DEFAULT 'open'
    CHECK (ticket_status IN ('open', 'in_progress', 'waiting_on_customer', 'resolved', 'closed')),
  ticket_priority text NOT NULL DEFAULT 'medium' CHECK (ticket_priority IN ('low', 'medium', 'high', 'urgent')),
  ticket_type text CHECK (ticket_type IN ('question', 'billing_issue', 'account_issue', 'bug_report',
                                          'feature_request', 'complaint', 'other')),
  -- Routed to agents whose department matches.
  category text,
  channel text CHECK (channel IN ('email', 'phone', 'chat', 'web', 'social', 'whatsapp')),
  assigned_to uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  assigned_at timestamptz,
  first_response_at timestamptz,
  -- When it was solved; resolution times are measured to this, not to the last
  -- update (crm_operations_dashboard, 0011).
  resolved_at timestamptz,
  closed_at timestamptz,
  sla_deadline timestamptz,
  customer_notes text,
  customer_satisfaction_rating integer CHECK (customer_satisfaction_rating BETWEEN 1 AND 5),
  tags text[] DEFAULT '{}',
  source_system text,
  external_id text,
  import_batch_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source_system, external_id)
);
-- crm-design.md's idx_support_tickets_customer (also the cascade). Its
-- organization, assignee and priority indexes serve queues of thousands of open
-- tickets, not a marketing workspace.
CREATE INDEX idx_support_tickets_customer ON support_tickets (customer_id);

CREATE TABLE ticket_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id uuid NOT NULL REFERENCES support_tickets (ticket_id) ON DELETE CASCADE,
  sender_type text NOT NULL CHECK (sender_type IN ('customer', 'agent', 'system')),
  sender_user_id uuid REFERENCES platform_users (id) ON DELETE SET NULL,
  sender_customer_id uuid REFERENCES customers (id) ON DELETE SET NULL,
  message_body text NOT NULL,
  -- crm-design.md: "communication threads and internal notes".
  is_internal boolean NOT NULL DEFAULT false,
  channel text,
  attachments jsonb NOT NULL DEFAULT '[]',
  sent_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_ticket_messages_ticket ON ticket_messages (ticket_id, sent_at);

CREATE TABLE privacy_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  regulation text NOT NULL CHECK (regulation IN ('gdpr', 'ccpa')),
  -- Kept when the person is erased: the request is the record that it happened.
  customer_id uuid REFERENCES customers (id) ON DELETE SET NULL,
  -- GDPR: access, rectify, erase, restrict, portability.
  -- CCPA: access, delete, opt_out_sale, opt_out_sharing.
  request_type text NOT NULL CHECK (request_type IN ('access', 'rectify', 'erase', 'restrict', 'portability',
                                                     'delete', 'opt_out_sale', 'opt_out_sharing')),
  request_details jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'received'
    CHECK (status IN ('received', 'verification_pending', 'processing', 'completed', 'rejected')),
  verification_code text,
  verification_method text,
  verified_at timestamptz,
  requested_at timestamptz NOT NULL DEFAULT now(),
  -- 30 days under GDPR, 45 under CCPA, from the request.
  deadline_at timestamptz,
  completed_at timestamptz,
  affected_records integer,
  processing_notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

SELECT loupe.track_changes();
