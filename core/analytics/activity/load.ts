import { readBinaryCopy } from '../../db/copy-binary';
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
  const ms = (col: string): string => `(extract(epoch FROM ${col}) * 1000)::float8`;
  const binary = (select: string): string => `COPY (${select}) TO '/dev/blob' WITH (FORMAT binary)`;
  // Numbering CTEs shared by the queries; the same ORDER BY inside one snapshot gives the same numbers.
  const people = `p AS (SELECT id, (row_number() OVER (ORDER BY id) - 1)::int4 AS ix FROM customers)`;
  const types = `ty AS (SELECT event_type, (row_number() OVER (ORDER BY event_type COLLATE "C") - 1)::int4 AS ix
                  FROM (SELECT DISTINCT event_type FROM customer_events WHERE customer_id IS NOT NULL) d)`;
  const campaigns = `ca AS (SELECT id, (row_number() OVER (ORDER BY id) - 1)::int4 AS ix FROM campaigns)`;
  const channels = `ch AS (SELECT channel, (row_number() OVER (ORDER BY channel COLLATE "C") - 1)::int4 AS ix
                  FROM (SELECT DISTINCT channel FROM customer_events WHERE channel IS NOT NULL AND customer_id IS NOT NULL) d)`;

  const [peopleBytes, typeBytes, campaignBytes, channelBytes, eventBytes, orderBytes] = await db.copyOut([
    binary(
      `SELECT c.id::text, coalesce(c.email::text, ''), ${ms('coalesce(c.first_seen_at, c.created_at)')},
              coalesce(c.country, '') FROM customers c ORDER BY c.id`,
    ),
    binary(
      `SELECT event_type FROM (SELECT DISTINCT event_type FROM customer_events WHERE customer_id IS NOT NULL) d
        ORDER BY event_type COLLATE "C"`,
    ),
    binary(`SELECT id::text, coalesce(name, '') FROM campaigns ORDER BY id`),
    binary(
      `SELECT channel FROM (SELECT DISTINCT channel FROM customer_events WHERE channel IS NOT NULL AND customer_id IS NOT NULL) d
        ORDER BY channel COLLATE "C"`,
    ),
    binary(
      `WITH ${people}, ${types}, ${campaigns}, ${channels}
       SELECT p.ix, ${ms('e.occurred_at')}, ty.ix, coalesce(ca.ix, -1), coalesce(ch.ix, -1)
         FROM customer_events e
         JOIN p ON p.id = e.customer_id
         JOIN ty ON ty.event_type = e.event_type
         LEFT JOIN ca ON ca.id = e.campaign_id
         LEFT JOIN ch ON ch.channel = e.channel`,
    ),
    binary(
      `WITH ${people}
       SELECT p.ix, ${ms('o.ordered_at')}, (o.order_total - o.refunded_amount)::float8,
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

  const p = readBinaryCopy(bytes(peopleBytes), ['text', 'text', 'float8', 'text'] as const);
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

  const typeNames = readBinaryCopy(bytes(typeBytes), ['text'] as const).columns[0];
  const [campaignIds, campaignNames] = readBinaryCopy(bytes(campaignBytes), [
    'text',
    'text',
  ] as const).columns;
  const channelNames = readBinaryCopy(bytes(channelBytes), ['text'] as const).columns[0];

  const ev = readBinaryCopy(bytes(eventBytes), ['int4', 'float8', 'int4', 'int4', 'int4'] as const);
  const [evPerson, evAt, evType, evCampaign, evChannel] = ev.columns;
  const evGroups = groupByPerson(evPerson, p.rows, evAt, evType, evCampaign);

  const or = readBinaryCopy(bytes(orderBytes), ['int4', 'float8', 'float8', 'float8'] as const);
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
