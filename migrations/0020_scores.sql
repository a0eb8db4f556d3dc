-- Scores, RFM and customer lifetime value: where each customer's figures and
-- their explanations are kept, the lead-scoring rule sets a marketer edits, the
-- models Loupe fits with what they measured, and the jobs that recompute them.
--
-- The headline scores stay on customers (engagement_score, churn_risk_score,
-- lead_score, lifecycle_stage, lifetime_value) so the documents' queries, segments
-- and dashboards read them as before; customer_scores holds the rest, one row
-- per customer.

CREATE TABLE customer_scores (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL UNIQUE REFERENCES customers (id) ON DELETE CASCADE,
  engagement_breakdown jsonb NOT NULL DEFAULT '{}',
  churn_breakdown jsonb NOT NULL DEFAULT '{}',
  lifecycle_reason text,
  -- Which points of which rule set gave the lead score, the score before and its trend.
  lead_breakdown jsonb NOT NULL DEFAULT '{}',
  lead_rule_set_version integer,
  lead_score_previous integer,
  lead_trend text CHECK (lead_trend IN ('rising', 'falling', 'stable', 'new')),
  lead_action text,
  -- Learned from the workspace's own history (NULL while there is not enough of it).
  conversion_probability double precision CHECK (conversion_probability BETWEEN 0 AND 1),
  -- RFM on purchases: 1–5 by quintile, the three digits and the named segment.
  rfm_recency smallint CHECK (rfm_recency BETWEEN 1 AND 5),
  rfm_frequency smallint CHECK (rfm_frequency BETWEEN 1 AND 5),
  rfm_monetary smallint CHECK (rfm_monetary BETWEEN 1 AND 5),
  rfm_code text,
  rfm_segment text,
  -- BG/NBD and Gamma-Gamma, from the newest CLV fit.
  p_alive double precision CHECK (p_alive BETWEEN 0 AND 1),
  predicted_purchases double precision,
  expected_spend double precision,
  clv numeric(14, 2),
  clv_model_id uuid,
  computed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_customer_scores_rfm_segment ON customer_scores (rfm_segment);

-- Versioned lead-scoring rules: saving creates a new version, so what changed
-- between two versions can always be shown; one version is active.
CREATE TABLE lead_scoring_rule_sets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  version integer NOT NULL UNIQUE,
  name text NOT NULL,
  rule_set jsonb NOT NULL,
  is_active boolean NOT NULL DEFAULT false,
  note text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX idx_lead_scoring_rule_sets_active ON lead_scoring_rule_sets (is_active) WHERE is_active;

-- Every model Loupe fitted, with its parameters and what it measured on data it
-- had not seen (a time-based holdout): AUC and calibration for the conversion
-- model, calibration-vs-holdout purchases for CLV.
CREATE TABLE score_models (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('conversion', 'clv')),
  status text NOT NULL CHECK (status IN ('fitted', 'not_enough_data', 'failed')),
  calibration_end timestamptz,
  holdout_end timestamptz,
  parameters jsonb NOT NULL DEFAULT '{}',
  quality jsonb NOT NULL DEFAULT '{}',
  message text,
  fitted_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_score_models_kind_fitted ON score_models (kind, fitted_at DESC);

SELECT loupe.track_changes();

-- Writing scores back must not make every analysis snapshot stale: the
-- snapshot reads who people are and what they did, not their scores. The
-- recompute job sets loupe.writing_scores for its own transaction.
CREATE OR REPLACE FUNCTION loupe.bump_data_version() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF coalesce(current_setting('loupe.writing_scores', true), '') = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM nextval('loupe.data_version');
  RETURN NULL;
END
$$;

-- cdp-schema.md's daily_engagement_scores job stays as printed; Loupe's own
-- recompute jobs describe what really runs: after every import, and on demand.
INSERT INTO scheduled_jobs (job_name, job_type, frequency, job_config) VALUES
  ('loupe_recompute_scores', 'metric_calculation', 'after_import',
   '{"scores": ["engagement", "churn_risk", "lifecycle", "lead", "conversion_probability"], "rfm": true, "clv": true}');
