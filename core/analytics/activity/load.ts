import { readBinaryCopy } from '../../db/copy-binary';
import { lit } from '../../db/sql-literal';
import type { WorkspaceDb } from '../../db/workspace-db';
import { groupByPerson } from './group';
import type { Activity } from './types';

/**
 * Reads a workspace's people, events and orders into an Activity snapshot.
 *
 * Everything is read with binary COPY in one read-only transaction (one
 * consistent snapshot), with people, event types, campaigns and channels
 * numbered in SQL so that only integers and floats cross over for the big
 * tables. Grouping by person and ordering by time happen here, in linear time,
 * rather than as a sort of millions of rows inside the database.
 *
 * Left out: events and orders without a person (anonymous or erased) — no
 * per-person analysis can count them — and orders that are not purchases:
 * cancelled ones, and those worth nothing once refunds are taken off (fully
 * refunded, free, or bookkeeping adjustments). An order's revenue is its total
 * minus what was refunded.
 */
export async function loadActivity(
  db: WorkspaceDb,
  opts: { timeZone: string; takenAt?: number },
): Promise<Activity> {
  // An import committing between reading the dictionaries and the rows could bring a type or
  // channel the dictionaries lack; the rows say so (-2) and the read starts again.
  for (let attempt = 1; ; attempt++) {
    const activity = await readOnce(db, opts);
    if (activity !== null) return activity;
    if (attempt === 3)
      throw new Error('The workspace kept changing while its data was being read; try again.');
  }
}

/** Event types, by a loose scan of the (event_type, occurred_at) index: milliseconds, where DISTINCT reads every event. */
const EVENT_TYPES = `WITH RECURSIVE t AS (
    SELECT min(event_type) AS v FROM customer_events
    UNION ALL SELECT (SELECT min(event_type) FROM customer_events WHERE event_type > t.v) FROM t WHERE t.v IS NOT NULL)
  SELECT v FROM t WHERE v IS NOT NULL ORDER BY v COLLATE "C"`;
const CHANNELS = `SELECT channel FROM (SELECT DISTINCT channel FROM customer_events WHERE channel IS NOT NULL) d
  ORDER BY channel COLLATE "C"`;

async function readOnce(
  db: WorkspaceDb,
  opts: { timeZone: string; takenAt?: number },
): Promise<Activity | null> {
  const typeNames = (await db.queryReadOnly(EVENT_TYPES)).rows.map((r) => String(r['v']));
  const channelNames = (await db.queryReadOnly(CHANNELS)).rows.map((r) => String(r['channel']));
  // Dictionary positions are computed in SQL (array_position over a literal list), so only
  // integers cross over for millions of events; -2 marks a value the list lacks.
  const position = (list: string[], col: string): string =>
    list.length === 0
      ? `(CASE WHEN ${col} IS NULL THEN -1 ELSE -2 END)::int4`
      : `coalesce(array_position(ARRAY[${list.map(lit).join(', ')}]::text[], ${col}) - 1,
                  CASE WHEN ${col} IS NULL THEN -1 ELSE -2 END)::int4`;
  const binary = (select: string): string => `COPY (${select}) TO '/dev/blob' WITH (FORMAT binary)`;
  // People are numbered by id; the same ORDER BY inside one snapshot gives the same numbers.
  const people = `p AS (SELECT id, (row_number() OVER (ORDER BY id) - 1)::int4 AS ix FROM customers)`;
  const campaigns = `ca AS (SELECT id, (row_number() OVER (ORDER BY id) - 1)::int4 AS ix FROM campaigns)`;

  const [peopleBytes, campaignBytes, eventBytes, orderBytes] = await db.copyOut([
    binary(
      `SELECT c.id::text, coalesce(c.email::text, ''), coalesce(c.first_seen_at, c.created_at),
              coalesce(c.country, '') FROM customers c ORDER BY c.id`,
    ),
    binary(`SELECT id::text, coalesce(name, '') FROM campaigns ORDER BY id`),
    binary(
      `WITH ${people}, ${campaigns}
       SELECT p.ix, e.occurred_at, ${position(typeNames, 'e.event_type')}, coalesce(ca.ix, -1),
              ${position(channelNames, 'e.channel')}
         FROM customer_events e
         JOIN p ON p.id = e.customer_id
         LEFT JOIN ca ON ca.id = e.campaign_id`,
    ),
    binary(
      `WITH ${people}
       SELECT p.ix, o.ordered_at, (o.order_total - o.refunded_amount)::float8,
              coalesce(i.quantity, 'NaN')::float8
         FROM customer_orders o
         JOIN p ON p.id = o.customer_id
         LEFT JOIN (SELECT order_id, sum(quantity)::float8 AS quantity FROM customer_order_items GROUP BY order_id) i
           ON i.order_id = o.id
        WHERE o.order_status <> 'cancelled' AND o.order_total - o.refunded_amount > 0`,
    ),
  ]);
  const bytes = (b: Uint8Array | undefined): Uint8Array => {
    if (b === undefined) throw new Error('The database returned fewer results than asked for.');
    return b;
  };

  const p = readBinaryCopy(bytes(peopleBytes), ['text', 'text', 'timestamptz', 'text'] as const);
  const [ids, emails, firstSeenAt, countryText] = p.columns;
  const countryNames: string[] = [];
  const countryIndex = new Map<string, number>();
  const country = new Int32Array(p.rows);
  for (let i = 0; i < p.rows; i++) {
    const name = countryText[i] ?? '';
    if (name === '') {
      country[i] = -1;
      continue;
    }
    let ix = countryIndex.get(name);
    if (ix === undefined) {
      ix = countryNames.length;
      countryNames.push(name);
      countryIndex.set(name, ix);
    }
    country[i] = ix;
  }

  const [campaignIds, campaignNames] = readBinaryCopy(bytes(campaignBytes), [
    'text',
    'text',
  ] as const).columns;

  const ev = readBinaryCopy(bytes(eventBytes), ['int4', 'timestamptz', 'int4', 'int4', 'int4'] as const);
  const [evPerson, evAt, evType, evCampaign, evChannel] = ev.columns;
  if (evType.includes(-2) || evChannel.includes(-2)) return null;
  const evGroups = groupByPerson(evPerson, p.rows, evAt, evType, evCampaign);

  const or = readBinaryCopy(bytes(orderBytes), ['int4', 'timestamptz', 'float8', 'float8'] as const);
  const [orPerson, orAt, orRevenue, orItems] = or.columns;
  const orGroups = groupByPerson(orPerson, p.rows, orAt, orRevenue);

  return {
    timeZone: opts.timeZone,
    takenAt: opts.takenAt ?? dataEnd(evAt, orAt),
    people: {
      count: p.rows,
      ids,
      emails,
      firstSeenAt,
      country,
      countries: { ids: countryNames, names: countryNames },
    },
    events: {
      count: ev.rows,
      start: evGroups.start,
      at: evGroups.take(evAt),
      type: evGroups.take(evType),
      types: typeNames,
      campaign: evGroups.take(evCampaign),
      channel: evGroups.take(evChannel),
      channels: channelNames,
    },
    orders: {
      count: or.rows,
      start: orGroups.start,
      at: orGroups.take(orAt),
      revenue: orGroups.take(orRevenue),
      items: orGroups.take(orItems),
    },
    campaigns: { ids: campaignIds, names: campaignNames },
  };
}

/**
 * The time of the newest event or order: where the data ends. Exports are often
 * weeks old, so "now" would show the weeks since as a drop in every cohort.
 */
function dataEnd(...times: Float64Array[]): number {
  let latest = -Infinity;
  for (const column of times) for (const t of column) if (t > latest) latest = t;
  return latest === -Infinity ? 0 : latest;
}
