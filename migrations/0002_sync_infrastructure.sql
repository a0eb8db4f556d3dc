-- Machinery every user-data table relies on: the well-known local organization
-- and owner, `updated_at` upkeep, deletion tombstones for the remote sync that
-- comes later, and the bookkeeping of imports. All of it lives in schema `loupe`
-- so that `public` holds nothing but the user's data.

CREATE SCHEMA IF NOT EXISTS loupe;

-- A new workspace starts with one organization and one owner user. Their ids are
-- fixed (not random) because every workspace is copied from one migrated template:
-- fixed ids say openly that they are the same in every workspace, and they let
-- column defaults be constants, which cost nothing per row during bulk loads.
CREATE FUNCTION loupe.local_organization_id() RETURNS uuid
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT '00000000-0000-4000-8000-000000000001'::uuid $$;

CREATE FUNCTION loupe.local_owner_id() RETURNS uuid
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT '00000000-0000-4000-8000-000000000002'::uuid $$;

-- Set `loupe.applying_remote = on` (SET LOCAL) while writing rows pulled from a
-- remote database: they keep the remote's `updated_at`, leave no local tombstone
-- and no local audit entry, so a sync never echoes its own changes back.
CREATE FUNCTION loupe.applying_remote() RETURNS boolean
  LANGUAGE sql STABLE
  AS $$ SELECT coalesce(current_setting('loupe.applying_remote', true), '') = 'on' $$;

-- BEFORE UPDATE, row level. An update that changes nothing keeps its timestamp,
-- so re-importing an identical file neither marks rows for the next push nor
-- counts them as changed. Stored generated columns are still NULL in NEW at this
-- point, so they are passed as arguments and left out of the comparison.
CREATE FUNCTION loupe.touch_updated_at() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF loupe.applying_remote() THEN
    RETURN NEW;
  END IF;
  IF TG_NARGS = 0 THEN
    IF NEW IS NOT DISTINCT FROM OLD THEN
      RETURN NEW;
    END IF;
  ELSIF (to_jsonb(NEW) - TG_ARGV::text[]) = (to_jsonb(OLD) - TG_ARGV::text[]) THEN
    RETURN NEW;
  END IF;
  NEW.updated_at := now();
  RETURN NEW;
END
$$;

-- Deleted rows leave a tombstone so a later push can delete them remotely.
-- Statement level with a transition table: deleting a million imported rows
-- costs one INSERT … SELECT, not a million trigger calls.
CREATE TABLE loupe.tombstones (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  table_name text NOT NULL,
  row_id uuid NOT NULL,
  deleted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_tombstones_table_row ON loupe.tombstones (table_name, row_id);
CREATE INDEX idx_tombstones_deleted_at ON loupe.tombstones (deleted_at);

CREATE FUNCTION loupe.record_tombstones() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF loupe.applying_remote() THEN
    RETURN NULL;
  END IF;
  -- The primary key column's name differs between tables (id, organization_id, …).
  EXECUTE format(
    'INSERT INTO loupe.tombstones (table_name, row_id) SELECT %L, d.%I FROM deleted_rows d',
    TG_TABLE_NAME, TG_ARGV[0]);
  RETURN NULL;
END
$$;

-- Attaches both triggers to a table (idempotent). Every user-data table must have
-- a single-column uuid primary key and an `updated_at` column; this refuses
-- tables that do not, so a later migration cannot forget the sync contract.
CREATE FUNCTION loupe.track_changes(target regclass) RETURNS void
  LANGUAGE plpgsql
  AS $$
DECLARE
  pk text;
  generated text[];
BEGIN
  SELECT a.attname INTO pk
    FROM pg_index i
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
   WHERE i.indrelid = target AND i.indisprimary AND i.indnkeyatts = 1
     AND a.atttypid = 'uuid'::regtype;
  IF pk IS NULL THEN
    RAISE EXCEPTION 'table % needs a single-column uuid primary key to be synced', target;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_attribute
                  WHERE attrelid = target AND attname = 'updated_at' AND NOT attisdropped
                    AND atttypid = 'timestamptz'::regtype) THEN
    RAISE EXCEPTION 'table % needs an updated_at timestamptz column to be synced', target;
  END IF;
  SELECT coalesce(array_agg(attname::text ORDER BY attnum), '{}') INTO generated
    FROM pg_attribute
   WHERE attrelid = target AND attgenerated <> '' AND NOT attisdropped;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = target AND tgname = 'loupe_touch_updated_at') THEN
    EXECUTE format(
      'CREATE TRIGGER loupe_touch_updated_at BEFORE UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION loupe.touch_updated_at(%s)',
      target, (SELECT string_agg(quote_literal(g), ', ') FROM unnest(generated) g));
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = target AND tgname = 'loupe_tombstones') THEN
    EXECUTE format(
      'CREATE TRIGGER loupe_tombstones AFTER DELETE ON %s REFERENCING OLD TABLE AS deleted_rows FOR EACH STATEMENT EXECUTE FUNCTION loupe.record_tombstones(%L)',
      target, pk);
  END IF;
END
$$;

-- Every migration that creates tables in `public` ends by calling this.
CREATE FUNCTION loupe.track_all_tables() RETURNS integer
  LANGUAGE plpgsql
  AS $$
DECLARE
  t regclass;
  n integer := 0;
BEGIN
  FOR t IN
    SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
     WHERE ns.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname
  LOOP
    PERFORM loupe.track_changes(t);
    n := n + 1;
  END LOOP;
  RETURN n;
END
$$;

-- What a sync needs to know per table: its primary key and the generated
-- columns it must neither push nor pull (the database computes them).
CREATE VIEW loupe.synced_tables AS
SELECT c.relname::text AS table_name,
       pk.attname::text AS primary_key,
       coalesce((SELECT array_agg(a.attname::text ORDER BY a.attnum)
                   FROM pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attgenerated <> '' AND NOT a.attisdropped), '{}') AS generated_columns
  FROM pg_class c
  JOIN pg_namespace ns ON ns.oid = c.relnamespace
  JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
  JOIN pg_attribute pk ON pk.attrelid = c.oid AND pk.attnum = i.indkey[0]
 WHERE ns.nspname = 'public' AND c.relkind = 'r';

-- Import history. Rows an import writes carry its id in `import_batch_id`, so a
-- batch can be rolled back; the values an import overwrote are kept in
-- import_prior_values so the rollback can restore them.
CREATE TABLE loupe.import_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  file_name text NOT NULL,
  content_sha256 text,
  format text NOT NULL,
  source_system text,
  status text NOT NULL DEFAULT 'running'
    CHECK (status IN ('running', 'committed', 'failed', 'rolled_back')),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  rows_read bigint NOT NULL DEFAULT 0,
  rows_inserted bigint NOT NULL DEFAULT 0,
  rows_updated bigint NOT NULL DEFAULT 0,
  rows_unchanged bigint NOT NULL DEFAULT 0,
  rows_rejected bigint NOT NULL DEFAULT 0,
  options jsonb NOT NULL DEFAULT '{}',
  error text,
  rolled_back_at timestamptz
);
CREATE INDEX idx_import_batches_content ON loupe.import_batches (content_sha256);
CREATE INDEX idx_import_batches_started ON loupe.import_batches (started_at DESC);

CREATE TABLE loupe.import_rejections (
  batch_id uuid NOT NULL REFERENCES loupe.import_batches (id) ON DELETE CASCADE,
  row_number bigint NOT NULL,
  raw jsonb NOT NULL,
  reason text NOT NULL,
  PRIMARY KEY (batch_id, row_number)
);

CREATE TABLE loupe.import_prior_values (
  batch_id uuid NOT NULL REFERENCES loupe.import_batches (id) ON DELETE CASCADE,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  table_name text NOT NULL,
  row_id uuid NOT NULL,
  old_row jsonb NOT NULL,
  PRIMARY KEY (batch_id, seq)
);
