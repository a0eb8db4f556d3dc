-- Multi-touch attribution: where its results are kept, and what finding the
-- touchpoints it reads needs.
--
-- attribution_runs: one analysis (its parameters and its whole result, including
--   what the data-driven models expose for inspection), so dashboards and reports
--   show a saved result instead of recomputing it.
-- attribution_credits: each run's credit per model and channel or campaign, in
--   conversions and value, with the spend it is set against. Plain rows so SQL,
--   dashboards and reports can read them.

CREATE TABLE attribution_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL DEFAULT loupe.local_organization_id(),
  -- NULL for an unnamed run; names are unique so a report can refer to one.
  name text,
  -- What was analysed: orders, crm (CRM conversions) or event (with its type).
  conversion_source text NOT NULL CHECK (conversion_source IN ('orders', 'crm', 'event')),
  conversion_event_type text,
  lookback_days numeric NOT NULL CHECK (lookback_days > 0),
  -- Conversions from / before these times (NULL: unbounded).
  period_start timestamptz,
  period_end timestamptz,
  segment_id uuid REFERENCES segments (id) ON DELETE SET NULL,
  -- The model keys, parameters included, in table order.
  models text[] NOT NULL,
  conversions double precision NOT NULL,
  conversion_value numeric(16, 4) NOT NULL,
  -- The whole result as the analysis returned it: comparison tables, top paths,
  -- the Markov transition matrix and removal effects, the Shapley values, warnings.
  report jsonb NOT NULL,
  -- loupe.data_version when the paths were read: a later import makes the run stale.
  data_version bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX idx_attribution_runs_name ON attribution_runs (lower(name)) WHERE name IS NOT NULL;
CREATE INDEX idx_attribution_runs_created ON attribution_runs (created_at DESC);

CREATE TABLE attribution_credits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  run_id uuid NOT NULL REFERENCES attribution_runs (id) ON DELETE CASCADE,
  -- The model's key, parameters included (linear, time-decay(half-life=14d), markov(order=2) …).
  model text NOT NULL,
  dimension text NOT NULL CHECK (dimension IN ('channel', 'campaign')),
  -- The channel or campaign name ('(none)' for conversions without a touch).
  key text NOT NULL,
  conversions double precision NOT NULL,
  value numeric(16, 4) NOT NULL,
  spend numeric(14, 2),
  roas double precision,
  cost_per_conversion double precision,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (run_id, model, dimension, key)
);

SELECT loupe.track_changes();

-- Touchpoints whose channel the grouping rules have not named yet (just imported
-- or derived): each analysis names them first, and this keeps finding them instant.
CREATE INDEX idx_touchpoints_unclassified ON touchpoints (touchpoint_id) WHERE channel IS NULL;

