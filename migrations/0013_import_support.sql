-- What the import loader needs beyond the canonical schema: history columns,
-- a natural key for touchpoints, indexes that keep rolling back a large import
-- fast, and the rollback itself.

-- Import history as the import screen and `loupe import history` show it.
ALTER TABLE loupe.import_batches
  ADD COLUMN format text,
  ADD COLUMN rows_read bigint NOT NULL DEFAULT 0,
  ADD COLUMN rows_skipped bigint NOT NULL DEFAULT 0,
  ADD COLUMN rows_inserted bigint NOT NULL DEFAULT 0,
  ADD COLUMN rows_updated bigint NOT NULL DEFAULT 0,
  ADD COLUMN rows_unchanged bigint NOT NULL DEFAULT 0,
  ADD COLUMN rows_rejected bigint NOT NULL DEFAULT 0;
CREATE INDEX idx_import_batches_started ON loupe.import_batches (started_at DESC);

-- The files of a ZIP each number their rows from 1, so a rejected row is
-- identified by its entry too; `field` names the column at fault.
ALTER TABLE loupe.import_rejections
  ADD COLUMN entry text NOT NULL DEFAULT '',
  ADD COLUMN field text;
ALTER TABLE loupe.import_rejections DROP CONSTRAINT import_rejections_pkey;
ALTER TABLE loupe.import_rejections ADD PRIMARY KEY (batch_id, entry, row_number);

-- One prior version per row and batch: the merge records a row the first time it
-- is about to change it, and a later step of the same merge leaves that alone.
CREATE UNIQUE INDEX idx_import_overwrites_row ON loupe.import_overwrites (batch_id, table_name, row_id);
-- Rollback checks whether a later import changed the same rows.
CREATE INDEX idx_import_overwrites_table_row ON loupe.import_overwrites (table_name, row_id);

-- Touchpoints from a file (and those derived from email clicks) find the row they
-- made last time by the source's id, as events and deliveries do.
ALTER TABLE touchpoints
  ADD COLUMN source_system text,
  ADD COLUMN external_id text;
CREATE UNIQUE INDEX idx_touchpoints_external ON touchpoints (source_system, external_id)
  WHERE external_id IS NOT NULL;

-- Deleting a delivery, event or order sets the references to it to NULL. Without
-- an index on the referencing column every deleted row scans the referencing
-- table, so rolling back an import of a million events would never finish. The
-- event index also finds a delivery's events when the loader recounts it.
CREATE INDEX idx_customer_events_delivery ON customer_events (delivery_id) WHERE delivery_id IS NOT NULL;
CREATE INDEX idx_touchpoints_delivery ON touchpoints (delivery_id) WHERE delivery_id IS NOT NULL;
CREATE INDEX idx_touchpoints_event ON touchpoints (event_id) WHERE event_id IS NOT NULL;
CREATE INDEX idx_touchpoints_order ON touchpoints (order_id) WHERE order_id IS NOT NULL;

-- Writes back the rows a batch overwrote (or deleted) from their recorded prior
-- versions: every stored column, generated ones excepted. A row that still
-- exists is updated, a deleted one inserted again. Returns how many rows.
CREATE FUNCTION loupe.restore_import_overwrites(batch uuid, target text) RETURNS bigint
  LANGUAGE plpgsql
  AS $$
DECLARE
  pk text;
  cols text;
  sets text;
  n bigint;
BEGIN
  SELECT primary_key INTO pk FROM loupe.synced_tables WHERE table_name = target;
  IF pk IS NULL THEN
    RAISE EXCEPTION 'import overwrites name an unknown table %', target;
  END IF;
  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum),
         string_agg(format('%1$I = EXCLUDED.%1$I', attname), ', ' ORDER BY attnum) FILTER (WHERE attname <> pk)
    INTO cols, sets
    FROM pg_attribute
   WHERE attrelid = format('public.%I', target)::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '';
  EXECUTE format(
    'INSERT INTO public.%1$I (%2$s)
     SELECT %2$s
       FROM (SELECT DISTINCT ON (row_id) old_row FROM loupe.import_overwrites
              WHERE batch_id = $1 AND table_name = %3$L ORDER BY row_id, seq) o,
            jsonb_populate_record(NULL::public.%1$I, o.old_row)
     ON CONFLICT (%4$I) DO UPDATE SET %5$s',
    target, cols, target, pk, sets) USING batch;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END
$$;

-- Later imports that a rollback of `batch` would undercut: those that changed a
-- row this batch inserted or changed, and those whose rows refer to a row this
-- batch inserted (deleting it would delete or unlink theirs).
CREATE FUNCTION loupe.import_rollback_blockers(batch uuid)
  RETURNS TABLE (blocking_batch uuid, reason text)
  LANGUAGE plpgsql
  AS $$
DECLARE
  later uuid[];
  fk record;
BEGIN
  SELECT array_agg(b.id) INTO later
    FROM loupe.import_batches b, loupe.import_batches me
   WHERE me.id = batch AND b.id <> batch AND b.status = 'completed' AND b.finished_at > me.finished_at;
  IF later IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY
    SELECT DISTINCT o2.batch_id, format('changed %s this import wrote', o2.table_name)
      FROM loupe.import_overwrites o2
     WHERE o2.batch_id = ANY (later)
       AND (o2.old_row ->> 'import_batch_id' = batch::text
            OR EXISTS (SELECT 1 FROM loupe.import_overwrites o1
                        WHERE o1.batch_id = batch AND o1.table_name = o2.table_name AND o1.row_id = o2.row_id));
  FOR fk IN
    SELECT con.conrelid::regclass AS child, ca.attname AS child_col,
           con.confrelid::regclass AS parent, pa.attname AS parent_col
      FROM pg_constraint con
      JOIN pg_attribute ca ON ca.attrelid = con.conrelid AND ca.attnum = con.conkey[1]
      JOIN pg_attribute pa ON pa.attrelid = con.confrelid AND pa.attnum = con.confkey[1]
     WHERE con.contype = 'f' AND cardinality(con.conkey) = 1 AND con.connamespace = 'public'::regnamespace
       AND EXISTS (SELECT 1 FROM pg_attribute x WHERE x.attrelid = con.conrelid AND x.attname = 'import_batch_id'
                                                  AND NOT x.attisdropped AND x.attgenerated = '')
       AND EXISTS (SELECT 1 FROM pg_attribute x WHERE x.attrelid = con.confrelid AND x.attname = 'import_batch_id'
                                                  AND NOT x.attisdropped AND x.attgenerated = '')
  LOOP
    RETURN QUERY EXECUTE format(
      'SELECT DISTINCT c.import_batch_id, %L::text FROM %s c JOIN %s p ON c.%I = p.%I
        WHERE p.import_batch_id = $1 AND c.import_batch_id = ANY ($2)',
      format('added %s that refer to %s this import added', fk.child, fk.parent),
      fk.child, fk.parent, fk.child_col, fk.parent_col)
      USING batch, later;
  END LOOP;
END
$$;

-- Undoes a batch: deletes the rows it inserted, children before parents, then
-- restores the rows it overwrote. Campaigns and people come last: deleting and
-- restoring deliveries, stats, spend and orders makes their triggers recount
-- campaign totals and order metrics, and the recorded prior versions of those
-- rows are then exactly what they were before the import. Returns per table how
-- many rows were deleted and restored. The caller checks the blockers first and
-- marks the batch rolled back in the same transaction.
CREATE FUNCTION loupe.rollback_import_batch(batch uuid) RETURNS jsonb
  LANGUAGE plpgsql
  AS $$
DECLARE
  delete_order constant text[] := ARRAY[
    'touchpoints', 'customer_events', 'customer_order_items', 'customer_orders', 'message_deliveries',
    'campaign_reported_stats', 'ad_spend_daily', 'send_batches', 'customer_identities', 'campaigns', 'customers'];
  restore_order constant text[] := ARRAY[
    'message_deliveries', 'customer_events', 'touchpoints', 'customer_order_items', 'customer_orders',
    'ad_spend_daily', 'campaign_reported_stats', 'customer_identities', 'send_batches', 'campaigns', 'customers'];
  others text[];
  t text;
  n bigint;
  deleted jsonb := '{}';
  restored jsonb := '{}';
BEGIN
  SELECT coalesce(array_agg(c.relname::text ORDER BY c.relname), '{}') INTO others
    FROM pg_class c
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'import_batch_id' AND NOT a.attisdropped
   WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attgenerated = ''
     AND NOT (c.relname::text = ANY (delete_order));
  FOREACH t IN ARRAY others || delete_order LOOP
    EXECUTE format('DELETE FROM public.%I WHERE import_batch_id = $1', t) USING batch;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n > 0 THEN
      deleted := deleted || jsonb_build_object(t, n);
    END IF;
  END LOOP;
  FOR t IN
    SELECT tn FROM (SELECT DISTINCT table_name AS tn FROM loupe.import_overwrites WHERE batch_id = batch) x
     ORDER BY array_position(restore_order, tn) NULLS FIRST, tn
  LOOP
    restored := restored || jsonb_build_object(t, loupe.restore_import_overwrites(batch, t));
  END LOOP;
  RETURN jsonb_build_object('deleted', deleted, 'restored', restored);
END
$$;

-- A load much larger than its target table (the first import into a workspace)
-- is faster without the table's secondary indexes: each would take a random
-- insert per row, thrashing the buffer cache, where building it afterwards is
-- one sort. These drop the indexes that no constraint needs when `incoming`
-- rows are at least 50,000 and more than the table holds, returning their
-- definitions, and build them again. Both run inside the import's transaction,
-- so a failure or a crash leaves the indexes as they were.
CREATE FUNCTION loupe.suspend_indexes(target regclass, incoming bigint) RETURNS text[]
  LANGUAGE plpgsql
  AS $$
DECLARE
  existing double precision;
  defs text[] := '{}';
  r record;
BEGIN
  SELECT CASE WHEN reltuples < 0 THEN relpages * 50.0 ELSE reltuples END INTO existing
    FROM pg_class WHERE oid = target;
  IF incoming < 50000 OR incoming <= 2 * existing THEN
    RETURN defs;
  END IF;
  FOR r IN
    SELECT i.indexrelid::regclass AS idx, pg_get_indexdef(i.indexrelid) AS def
      FROM pg_index i
     WHERE i.indrelid = target
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
  LOOP
    defs := defs || r.def;
    EXECUTE format('DROP INDEX %s', r.idx);
  END LOOP;
  RETURN defs;
END
$$;

CREATE FUNCTION loupe.rebuild_indexes(defs text[]) RETURNS void
  LANGUAGE plpgsql
  AS $$
DECLARE
  d text;
BEGIN
  FOREACH d IN ARRAY coalesce(defs, '{}') LOOP
    EXECUTE d;
  END LOOP;
END
$$;

-- Fresh statistics when a load changed a table's size a lot, so the rest of the
-- import's statements are planned for what the table now holds.
CREATE FUNCTION loupe.analyze_if_grown(target regclass, incoming bigint) RETURNS void
  LANGUAGE plpgsql
  AS $$
DECLARE
  existing double precision;
BEGIN
  SELECT CASE WHEN reltuples < 0 THEN relpages * 50.0 ELSE reltuples END INTO existing
    FROM pg_class WHERE oid = target;
  IF incoming > 1000 AND incoming > existing * 0.2 THEN
    EXECUTE format('ANALYZE %s', target);
  END IF;
END
$$;
