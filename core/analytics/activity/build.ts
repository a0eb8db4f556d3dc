import { DateTime, IANAZone } from 'luxon';
import { ServiceError } from '../../errors';
import type { Activity, Dictionary } from './types';

/**
 * An Activity built from plain rows, for tests and small data (the workspace
 * loader fills the typed arrays straight from the database).
 *
 * Times are epoch ms, or ISO 8601 text; text without an offset is read in the
 * workspace time zone.
 */
export interface ActivityRows {
  timeZone: string;
  /** When the snapshot was taken; defaults to the latest time in the rows (0 when there is none). */
  takenAt?: number;
  people: { id: string; email?: string; firstSeenAt?: number | string; country?: string }[];
  events: { personId: string; at: number | string; type: string; campaignId?: string; channel?: string }[];
  orders: { personId: string; at: number | string; revenue: number; items?: number }[];
  /** Campaign names; campaigns that events name but this list lacks are named by their id. */
  campaigns?: { id: string; name: string }[];
}

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new ServiceError('invalid-argument', message, details);
}

/** Index of each value in first-seen order. */
class Interner {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  add(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Builds an Activity. Rows are ordered by person (in the order `people` lists
 * them), then time, then event type, campaign id and channel for events (no
 * campaign or channel first), or revenue for orders, so the same rows in any
 * order give the same Activity. Dictionaries (countries, event types,
 * campaigns, channels) list values in the order the rows first mention them.
 */
export function buildActivity(rows: ActivityRows): Activity {
  const { timeZone } = rows;
  if (typeof timeZone !== 'string' || !IANAZone.isValidZone(timeZone)) {
    invalid(`"${String(timeZone)}" is not a time zone Loupe knows: use an IANA name such as Europe/London.`, {
      timeZone,
    });
  }
  let latest = -Infinity;
  const time = (value: number | string, where: string): number => {
    let ms: number;
    if (typeof value === 'number') ms = value;
    else {
      const parsed = DateTime.fromISO(value, { zone: timeZone });
      ms = parsed.isValid ? parsed.toMillis() : NaN;
    }
    if (!Number.isFinite(ms)) invalid(`${where} has a time Loupe cannot read: ${String(value)}.`, { value });
    if (ms > latest) latest = ms;
    return ms;
  };

  const n = rows.people.length;
  const personIndex = new Map<string, number>();
  const ids: string[] = [];
  const emails: string[] = [];
  const firstSeenAt = new Float64Array(n);
  const country = new Int32Array(n);
  const countries = new Interner();
  rows.people.forEach((person, p) => {
    if (personIndex.has(person.id))
      invalid(`Person "${person.id}" is listed twice.`, { personId: person.id });
    personIndex.set(person.id, p);
    ids.push(person.id);
    emails.push(person.email ?? '');
    firstSeenAt[p] =
      person.firstSeenAt === undefined
        ? NaN
        : time(person.firstSeenAt, `Person "${person.id}"'s first-seen date`);
    country[p] = person.country === undefined ? -1 : countries.add(person.country);
  });
  const personOf = (personId: string, what: string): number => {
    const p = personIndex.get(personId);
    if (p === undefined) {
      invalid(
        `${what} belongs to person "${personId}", who is not in the people list: add the person or drop the row.`,
        {
          personId,
        },
      );
    }
    return p;
  };

  const campaignIds = new Interner();
  const campaignNames: string[] = [];
  for (const c of rows.campaigns ?? []) {
    const before = campaignIds.values.length;
    campaignIds.add(c.id);
    if (campaignIds.values.length === before)
      invalid(`Campaign "${c.id}" is listed twice.`, { campaignId: c.id });
    campaignNames.push(c.name);
  }

  const types = new Interner();
  const channels = new Interner();
  const ev = rows.events.map((e, i) => {
    const person = personOf(e.personId, `Event ${i + 1}`);
    const at = time(e.at, `Event ${i + 1}`);
    const type = types.add(e.type);
    let campaign = -1;
    if (e.campaignId !== undefined) {
      const before = campaignIds.values.length;
      campaign = campaignIds.add(e.campaignId);
      if (campaignIds.values.length > before) campaignNames.push(e.campaignId);
    }
    const channel = e.channel === undefined ? -1 : channels.add(e.channel);
    return { person, at, type, campaign, channel, i };
  });
  ev.sort(
    (a, b) =>
      a.person - b.person ||
      a.at - b.at ||
      compareText(types.values[a.type], types.values[b.type]) ||
      compareText(
        a.campaign < 0 ? '' : campaignIds.values[a.campaign],
        b.campaign < 0 ? '' : campaignIds.values[b.campaign],
      ) ||
      a.campaign - b.campaign ||
      compareText(
        a.channel < 0 ? '' : channels.values[a.channel],
        b.channel < 0 ? '' : channels.values[b.channel],
      ) ||
      a.channel - b.channel ||
      a.i - b.i,
  );

  const ord = rows.orders.map((o, i) => {
    const person = personOf(o.personId, `Order ${i + 1}`);
    const at = time(o.at, `Order ${i + 1}`);
    if (typeof o.revenue !== 'number' || !Number.isFinite(o.revenue)) {
      invalid(`Order ${i + 1} has no valid revenue.`, { revenue: o.revenue });
    }
    const items = o.items === undefined ? NaN : o.items;
    return { person, at, revenue: o.revenue, items, i };
  });
  ord.sort((a, b) => a.person - b.person || a.at - b.at || a.revenue - b.revenue || a.i - b.i);

  const starts = (sorted: { person: number }[]): Int32Array => {
    const start = new Int32Array(n + 1);
    for (const r of sorted) start[r.person + 1]++;
    for (let p = 0; p < n; p++) start[p + 1] += start[p];
    return start;
  };

  let takenAt = latest === -Infinity ? 0 : latest;
  if (rows.takenAt !== undefined) {
    if (typeof rows.takenAt !== 'number' || !Number.isFinite(rows.takenAt)) {
      invalid('The snapshot time (takenAt) is not a valid time.', { takenAt: rows.takenAt });
    }
    takenAt = rows.takenAt;
  }
  const campaigns: Dictionary = { ids: campaignIds.values, names: campaignNames };
  return {
    timeZone,
    takenAt,
    people: {
      count: n,
      ids,
      emails,
      firstSeenAt,
      country,
      countries: { ids: countries.values, names: countries.values.slice() },
    },
    events: {
      count: ev.length,
      start: starts(ev),
      at: Float64Array.from(ev, (e) => e.at),
      type: Int32Array.from(ev, (e) => e.type),
      types: types.values,
      campaign: Int32Array.from(ev, (e) => e.campaign),
      channel: Int32Array.from(ev, (e) => e.channel),
      channels: channels.values,
    },
    orders: {
      count: ord.length,
      start: starts(ord),
      at: Float64Array.from(ord, (o) => o.at),
      revenue: Float64Array.from(ord, (o) => o.revenue),
      items: Float64Array.from(ord, (o) => o.items),
    },
    campaigns,
  };
}
