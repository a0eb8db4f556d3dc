-- A counter that moves whenever the data analyses read changes, so an analysis
-- snapshot held in memory (core/analytics/activity) can tell in one cheap query
-- whether it is still current. Statement-level triggers: one increment per
-- statement, whatever number of rows it touched, so bulk imports pay nothing
-- measurable. A rolled-back statement may still move it; that only costs a
-- needless refresh.
CREATE SEQUENCE loupe.data_version;

CREATE FUNCTION loupe.bump_data_version() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM nextval('loupe.data_version');
  RETURN NULL;
END
$$;

CREATE TRIGGER data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON customers
  FOR EACH STATEMENT EXECUTE FUNCTION loupe.bump_data_version();
CREATE TRIGGER data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON customer_events
  FOR EACH STATEMENT EXECUTE FUNCTION loupe.bump_data_version();
CREATE TRIGGER data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON customer_orders
  FOR EACH STATEMENT EXECUTE FUNCTION loupe.bump_data_version();
CREATE TRIGGER data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON customer_order_items
  FOR EACH STATEMENT EXECUTE FUNCTION loupe.bump_data_version();
CREATE TRIGGER data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON campaigns
  FOR EACH STATEMENT EXECUTE FUNCTION loupe.bump_data_version();

-- Bulk loads run with session_replication_role = replica to skip row triggers; the
-- version must move for them too.
ALTER TABLE customers ENABLE ALWAYS TRIGGER data_version;
ALTER TABLE customer_events ENABLE ALWAYS TRIGGER data_version;
ALTER TABLE customer_orders ENABLE ALWAYS TRIGGER data_version;
ALTER TABLE customer_order_items ENABLE ALWAYS TRIGGER data_version;
ALTER TABLE campaigns ENABLE ALWAYS TRIGGER data_version;
