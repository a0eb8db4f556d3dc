-- The machinery every user-data table relies on, kept in schema `loupe` so that
-- `public` holds nothing but the user's data:
--   * the fixed ids of the local organization and owner a new workspace starts with,
--   * `updated_at` upkeep and deletion tombstones, so a later remote sync can push
--     and pull rows without reworking the schema,
--   * import bookkeeping, so an import can be rolled back.
--
-- The contract for every base table in `public` (checked by loupe.track_changes,
-- which each migration calls once after creating its tables):
--   * a single-column uuid primary key,
--   * an `updated_at timestamptz` column, set to now() on every real change,
--   * deleted rows recorded in loupe.tombstones.

CREATE SCHEMA IF NOT EXISTS loupe;

-- Every workspace is a copy of one migrated template, so seeded rows are the same
-- in all of them whatever ids they get. Fixed ids say so openly, keep a demo
-- workspace deterministic, and let column defaults be constants that cost nothing
-- per row in bulk loads (a default that looks the owner up would run per row).
CREATE FUNCTION loupe.local_organization_id() RETURNS uuid
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT '00000000-0000-4000-8000-000000000001'::uuid $$;

CREATE FUNCTION loupe.owner_user_id() RETURNS uuid
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT '00000000-0000-4000-8000-000000000002'::uuid $$;

-- A sync writing rows it pulled from a remote runs `SET LOCAL
-- loupe.applying_remote = on`: those rows keep the remote's updated_at, leave no
-- tombstone and no audit entry, so the next push does not echo them back.
CREATE FUNCTION loupe.applying_remote() RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT coalesce(current_setting('loupe.applying_remote', true), '') = 'on' $$;

-- BEFORE UPDATE, row level. An update that changes nothing keeps its timestamp,
-- so re-importing an identical file does not mark every row for the next push.
-- Tables without generated columns skip unchanged rows in the trigger's WHEN
-- clause (evaluated without calling this function). PostgreSQL forbids that
-- clause on tables with stored generated columns, whose NEW values are not yet
-- computed in a BEFORE trigger; for those the columns come in as arguments and
-- are left out of the comparison here.
CREATE FUNCTION loupe.touch_updated_at() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF loupe.applying_remote() THEN
    RETURN NEW;
  END IF;
  IF TG_NARGS > 0 AND (to_jsonb(NEW) - TG_ARGV::text[]) = (to_jsonb(OLD) - TG_ARGV::text[]) THEN
    RETURN NEW;
  END IF;
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

-- One row per deleted row; a row deleted, re-created and deleted again keeps one
-- tombstone with the latest time. A push sends tombstones newer than its last
-- watermark; a pull compares deleted_at with the other side's updated_at.
-- TRUNCATE leaves no tombstones: delete rows with DELETE.
CREATE TABLE loupe.tombstones (
  table_name text NOT NULL,
  row_id uuid NOT NULL,
  deleted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (table_name, row_id)
);
CREATE INDEX idx_tombstones_deleted_at ON loupe.tombstones (deleted_at);

-- Statement level with a transition table: rolling back an import of a million
-- rows costs one INSERT … SELECT, not a million trigger calls. The key column's
-- name varies (id, organization_id, touchpoint_id…) and arrives as an argument.
CREATE FUNCTION loupe.record_tombstones() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF loupe.applying_remote() THEN
    RETURN NULL;
  END IF;
  EXECUTE format(
    'INSERT INTO loupe.tombstones (table_name, row_id, deleted_at)
       SELECT %L, d.%I, now() FROM deleted_rows d
     ON CONFLICT (table_name, row_id) DO UPDATE SET deleted_at = EXCLUDED.deleted_at',
    TG_TABLE_NAME, TG_ARGV[0]);
  RETURN NULL;
END
$$;

-- Attaches the two sync triggers to every base table in `public` that lacks
-- them, and refuses a table that breaks the contract above, so a later
-- migration cannot forget it. Returns how many tables it attached.
CREATE FUNCTION loupe.track_changes() RETURNS integer
  LANGUAGE plpgsql
  AS $$
DECLARE
  t record;
  pk text;
  generated text;
  n integer := 0;
BEGIN
  FOR t IN
    SELECT c.oid, c.oid::regclass AS name
      FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
       AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'loupe_tombstones')
     ORDER BY c.relname
  LOOP
    SELECT a.attname INTO pk
      FROM pg_index i
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
     WHERE i.indrelid = t.oid AND i.indisprimary AND i.indnkeyatts = 1 AND a.atttypid = 'uuid'::regtype;
    IF pk IS NULL THEN
      RAISE EXCEPTION 'table % needs a single-column uuid primary key to be synced', t.name;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_attribute
                    WHERE attrelid = t.oid AND attname = 'updated_at' AND NOT attisdropped
                      AND atttypid = 'timestamptz'::regtype) THEN
      RAISE EXCEPTION 'table % needs an updated_at timestamptz column to be synced', t.name;
    END IF;
    SELECT string_agg(quote_literal(attname), ', ' ORDER BY attnum) INTO generated
      FROM pg_attribute WHERE attrelid = t.oid AND attgenerated <> '' AND NOT attisdropped;
    IF generated IS NULL THEN
      EXECUTE format('CREATE TRIGGER loupe_touch_updated_at BEFORE UPDATE ON %s FOR EACH ROW
                        WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION loupe.touch_updated_at()', t.name);
    ELSE
      EXECUTE format('CREATE TRIGGER loupe_touch_updated_at BEFORE UPDATE ON %s FOR EACH ROW
                        EXECUTE FUNCTION loupe.touch_updated_at(%s)', t.name, generated);
    END IF;
    EXECUTE format('CREATE TRIGGER loupe_tombstones AFTER DELETE ON %s REFERENCING OLD TABLE AS deleted_rows
                      FOR EACH STATEMENT EXECUTE FUNCTION loupe.record_tombstones(%L)', t.name, pk);
    n := n + 1;
  END LOOP;
  RETURN n;
END
$$;

-- What a sync needs per table: its key, and the generated columns it must
-- neither push nor pull (each database computes them itself).
CREATE VIEW loupe.synced_tables AS
SELECT c.relname::text AS table_name,
       a.attname::text AS primary_key,
       coalesce((SELECT array_agg(g.attname::text ORDER BY g.attnum)
                   FROM pg_attribute g
                  WHERE g.attrelid = c.oid AND g.attgenerated <> '' AND NOT g.attisdropped), '{}') AS generated_columns
  FROM pg_class c
  JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
 WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r';

-- Import bookkeeping. Rows an import inserts carry its id in `import_batch_id`
-- (not a foreign key: a per-row reference check would cost about as much as the
-- row itself in bulk loads, and batches are never deleted, only marked rolled
-- back). Rolling back deletes those rows and restores the rows the import
-- overwrote from import_overwrites.
CREATE TABLE loupe.import_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- mailchimp, klaviyo, sendgrid, hubspot, shopify, ad_spend, csv …
  source text NOT NULL,
  file_name text,
  file_sha256 text,
  -- The column mapping and options the import ran with, to re-run or explain it.
  options jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'running'
    CHECK (status IN ('running', 'completed', 'failed', 'rolled_back')),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  rolled_back_at timestamptz,
  -- Per table: {"customers": {"inserted": 10, "updated": 2, "rejected": 1}, …}
  row_counts jsonb NOT NULL DEFAULT '{}',
  error text
);
CREATE INDEX idx_import_batches_sha ON loupe.import_batches (file_sha256);

CREATE TABLE loupe.import_overwrites (
  batch_id uuid NOT NULL REFERENCES loupe.import_batches (id) ON DELETE CASCADE,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  table_name text NOT NULL,
  row_id uuid NOT NULL,
  old_row jsonb NOT NULL,
  PRIMARY KEY (batch_id, seq)
);

CREATE TABLE loupe.import_rejections (
  batch_id uuid NOT NULL REFERENCES loupe.import_batches (id) ON DELETE CASCADE,
  row_number bigint NOT NULL,
  raw jsonb NOT NULL,
  reason text NOT NULL,
  PRIMARY KEY (batch_id, row_number)
);
