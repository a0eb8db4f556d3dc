-- Opens an email client made by itself (Apple Mail privacy protection and the
-- like), which importers mark machine_open and the demo marks automatic.
-- Campaign performance reports open rates with and without them; this partial
-- index holds only those opens, so finding them does not read every open event
-- (docs/campaign-performance.md). The predicate repeats the query's exactly, as
-- a partial index needs.
CREATE INDEX idx_customer_events_machine_open ON customer_events (delivery_id)
  WHERE event_type IN ('email_open', 'email_opened') AND delivery_id IS NOT NULL
    AND (coalesce(event_properties, '{}') @> '{"machine_open": true}'
         OR coalesce(event_properties, '{}') @> '{"automatic": true}');
