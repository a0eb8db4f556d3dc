/**
 * A workspace's behaviour in compact columnar form: every person, event and
 * order as typed arrays, grouped by person and ordered by time. Retention,
 * revenue cohorts and funnels are computed over this in one pass instead of
 * by joining millions of rows in SQL each time (see docs/analytics.md).
 *
 * Indexes: people are 0 … people.count − 1. Events and orders are stored by
 * person (all of person p's rows are `start[p] … start[p + 1] − 1`), and inside
 * one person by time, then by event type name in code-unit order (the type
 * dictionary is in that order), then by campaign, so every scan is deterministic.
 *
 * Times are epoch milliseconds (UTC). Unknown numbers are NaN, unknown
 * references −1. Dictionary-coded columns index the matching `names` array.
 */
export interface Activity {
  /** The workspace's IANA time zone: periods (days, weeks, months) are read in it. */
  timeZone: string;
  /**
   * Where the data ends (epoch ms): the newest event or order unless the caller
   * says otherwise. Analyses treat later periods as not yet happened and the
   * period holding it as incomplete.
   */
  takenAt: number;
  people: People;
  events: Events;
  orders: Orders;
  campaigns: Dictionary;
}

/** Values stored once, referenced by index. */
export interface Dictionary {
  /** Stable ids (uuid text for campaigns), index-aligned with names. */
  ids: string[];
  names: string[];
}

export interface People {
  count: number;
  /** customers.id (uuid text). */
  ids: string[];
  /** customers.email, '' when none (and in a snapshot read back from disk, which keeps no addresses). */
  emails: string[];
  /** customers.first_seen_at (falls back to created_at), epoch ms. */
  firstSeenAt: Float64Array;
  /** Index into countries.names, −1 when unknown. */
  country: Int32Array;
  countries: Dictionary;
}

export interface Events {
  count: number;
  /** Row range of each person: person p owns start[p] … start[p + 1] − 1 (length people.count + 1). */
  start: Int32Array;
  at: Float64Array;
  /** Index into types (customer_events.event_type). */
  type: Int32Array;
  types: string[];
  /** Index into Activity.campaigns, −1 when none. */
  campaign: Int32Array;
  /** Index into channels (customer_events.channel), −1 when none. */
  channel: Int32Array;
  channels: string[];
}

export interface Orders {
  count: number;
  /** Row range of each person, as for events. */
  start: Int32Array;
  at: Float64Array;
  /** Revenue of the order: order_total − refunded amount, always > 0 (cancelled and zero-value orders are left out). */
  revenue: Float64Array;
  /** Number of items (sum of quantities), NaN when unknown. */
  items: Float64Array;
}

/** A subset of people (a segment's members, a cohort's inclusion criteria): 1 = in. */
export type PersonMask = Uint8Array;

/** Calendar periods in the workspace time zone; a week is an ISO week, starting on Monday. */
export type PeriodUnit = 'day' | 'week' | 'month' | 'quarter';
