import { DateTime } from 'luxon';
import { ServiceError } from '../../errors';
import { periodIndex, periodsCovering } from '../activity/periods';
import type { Periods } from '../activity/periods';
import type { Activity } from '../activity/types';
import { resolveOptions } from './options';
import type { ResolvedOptions } from './options';
import type { Cohort, CohortAverage, CohortCell, CohortMembers, CohortOptions, CohortResult } from './types';

/**
 * Cohort × period cells kept in memory at once. Daily cohorts over years would
 * need tens of millions; a marketer reads such a table by week or month, or
 * asks for fewer periods.
 */
const MAX_CELLS = 2_000_000;

/**
 * Retention and revenue cohorts over an Activity, in one pass over its people,
 * events and orders (see docs/cohorts.md for every rule).
 *
 * Periods are calendar periods in the workspace time zone; period k of a cohort
 * is the k-th calendar period after the cohort's own. Rows after the data's end
 * (asOf) are ignored; a period that had not ended at asOf is flagged incomplete,
 * and later periods are absent.
 */
export function computeCohorts(activity: Activity, options: CohortOptions): CohortResult {
  const o = resolveOptions(activity, options);
  const n = activity.people.count;
  const births = birthReader(activity, o);

  // Pass 1: every person's first birth, and the span of all births, fix the periods.
  const firstBirth = new Float64Array(n).fill(NaN);
  let minBirth = Infinity;
  let maxBirth = -Infinity;
  for (let p = 0; p < n; p++) {
    if (o.mask && !o.mask[p]) continue;
    const first = births.first(p);
    if (!(first <= o.asOf)) continue;
    firstBirth[p] = first;
    if (first < minBirth) minBirth = first;
    const last = o.echo.mode === 'recurring' ? births.last(p) : first;
    if (last > maxBirth) maxBirth = last;
  }
  const lowMs = o.fromMs ?? minBirth;
  const highMs = Math.min(o.toMs ?? maxBirth, o.asOf);
  if (!(lowMs <= highMs)) return emptyResult(activity, o, firstBirth);

  const g = periodsCovering(lowMs, o.asOf, o.echo.unit, activity.timeZone);
  const periods = g.labels.length;
  const rows = periodIndex(g, highMs) + 1;
  const maxK = Math.min(o.maxPeriods, periods - 1);
  const width = maxK + 1;
  if (rows * width > MAX_CELLS) {
    throw new ServiceError(
      'invalid-argument',
      `That table would have ${rows} cohorts × ${width} periods: choose a longer period (week or month), a shorter cohort range or fewer periods.`,
      { cohorts: rows, periods: width },
    );
  }

  const acc = new Accumulator(rows, width, periods);
  const summary = { maskedOut: 0, noBirth: 0, outsideRange: 0, inCohorts: 0, entries: 0 };
  const members: CohortMembers | undefined = o.members ? { personIds: [], cohort: [], at: [] } : undefined;
  const entries = new Int32Array(periods);

  // Pass 2: each person's cohort entries, return periods and order periods.
  for (let p = 0; p < n; p++) {
    if (o.mask && !o.mask[p]) {
      summary.maskedOut++;
      continue;
    }
    const first = firstBirth[p] as number;
    if (Number.isNaN(first)) {
      summary.noBirth++;
      continue;
    }
    let count = 0;
    if (o.echo.mode === 'first-time') {
      const q = periodIndex(g, first);
      if (q >= 0 && q < rows) entries[count++] = q;
    } else {
      count = births.periods(p, g, rows, entries);
    }
    if (count === 0) {
      summary.outsideRange++;
      continue;
    }
    summary.inCohorts++;
    summary.entries += count;
    if (members) {
      members.personIds.push(activity.people.ids[p] as string);
      members.cohort.push(entries[0] as number);
      members.at.push(first);
    }
    acc.person(activity, o, g, p, entries, count);
  }

  return {
    options: o.echo,
    ...acc.result(g, rows, o),
    people: { total: n, ...summary },
    ...(members ? { members } : {}),
  };
}

/**
 * The distinct periods (below `limit`) of rows from … to − 1 of one person, in
 * time order, stopping after asOf; only rows of `type` when `types` is given.
 * The current period's bounds are kept, so a binary search runs only when a
 * row leaves the period of the one before.
 */
function distinctPeriods(
  g: Periods,
  at: Float64Array,
  from: number,
  to: number,
  asOf: number,
  types: Int32Array | null,
  type: number,
  limit: number,
  out: Int32Array,
): number {
  const s = g.starts;
  let lo = Infinity;
  let hi = -Infinity;
  let count = 0;
  for (let i = from; i < to; i++) {
    const t = at[i] as number;
    if (t > asOf) break;
    if (types !== null && types[i] !== type) continue;
    if (t >= lo && t < hi) continue;
    const q = periodIndex(g, t);
    if (q < 0) {
      // Before the first period (later rows may not be).
      lo = -Infinity;
      hi = s[0] as number;
      continue;
    }
    if (q >= limit) break;
    lo = s[q] as number;
    hi = s[q + 1] as number;
    out[count++] = q;
  }
  return count;
}

interface BirthReader {
  /** The person's first birth time (NaN if none). */
  first(p: number): number;
  /** The last birth on or before asOf (recurring cohorts). */
  last(p: number): number;
  /** Distinct periods (below `rows`) holding a birth on or before asOf, ascending, into `out`; returns how many. */
  periods(p: number, g: Periods, rows: number, out: Int32Array): number;
}

function birthReader(activity: Activity, o: ResolvedOptions): BirthReader {
  const { people, events, orders } = activity;
  const asOf = o.asOf;
  switch (o.echo.by) {
    case 'first-seen':
      return {
        first: (p) => people.firstSeenAt[p] as number,
        last: (p) => people.firstSeenAt[p] as number,
        periods: () => 0,
      };
    case 'first-order':
      return {
        first: (p) => {
          const i = orders.start[p] as number;
          return i < (orders.start[p + 1] as number) ? (orders.at[i] as number) : NaN;
        },
        last: (p) => {
          for (let i = (orders.start[p + 1] as number) - 1; i >= (orders.start[p] as number); i--) {
            if ((orders.at[i] as number) <= asOf) return orders.at[i] as number;
          }
          return NaN;
        },
        periods: (p, g, rows, out) =>
          distinctPeriods(
            g,
            orders.at,
            orders.start[p] as number,
            orders.start[p + 1] as number,
            asOf,
            null,
            -1,
            rows,
            out,
          ),
      };
    case 'first-event': {
      const type = o.birthType;
      return {
        first: (p) => {
          for (let i = events.start[p] as number; i < (events.start[p + 1] as number); i++) {
            if (events.type[i] === type) return events.at[i] as number;
          }
          return NaN;
        },
        last: (p) => {
          for (let i = (events.start[p + 1] as number) - 1; i >= (events.start[p] as number); i--) {
            if (events.type[i] === type && (events.at[i] as number) <= asOf) return events.at[i] as number;
          }
          return NaN;
        },
        periods: (p, g, rows, out) =>
          distinctPeriods(
            g,
            events.at,
            events.start[p] as number,
            events.start[p + 1] as number,
            asOf,
            events.type,
            type,
            rows,
            out,
          ),
      };
    }
  }
}

/** Per cohort row and period offset, flat (row × width + k). */
class Accumulator {
  readonly sizes: Int32Array;
  /** 'on': entries that came back in period k. */
  readonly on: Int32Array;
  /** Entries whose first return is in period k (cumulative = prefix sums). */
  readonly firstReturn: Int32Array;
  /** Entries whose last return is in period k, or later when past the last column ('on-or-after' = suffix sums). */
  readonly lastReturn: Int32Array;
  readonly revenue: Float64Array;
  readonly orders: Float64Array;
  readonly buyers: Int32Array;
  // A person's distinct return and order periods, ascending.
  private readonly returns: Int32Array;
  private readonly eventPeriods: Int32Array;
  private readonly orderPeriods: Int32Array;
  private readonly orderRevenue: Float64Array;
  private readonly orderCount: Int32Array;

  constructor(
    rows: number,
    private readonly width: number,
    periods: number,
  ) {
    const cells = rows * width;
    this.sizes = new Int32Array(rows);
    this.on = new Int32Array(cells);
    this.firstReturn = new Int32Array(cells);
    this.lastReturn = new Int32Array(cells);
    this.revenue = new Float64Array(cells);
    this.orders = new Float64Array(cells);
    this.buyers = new Int32Array(cells);
    this.returns = new Int32Array(periods);
    this.eventPeriods = new Int32Array(periods);
    this.orderPeriods = new Int32Array(periods);
    this.orderRevenue = new Float64Array(periods);
    this.orderCount = new Int32Array(periods);
  }

  person(
    activity: Activity,
    o: ResolvedOptions,
    g: Periods,
    p: number,
    entries: Int32Array,
    count: number,
  ): void {
    const { events, orders } = activity;
    const asOf = o.asOf;
    const s = g.starts;
    const orderPeriods = this.orderPeriods;
    const orderRevenue = this.orderRevenue;
    const orderCount = this.orderCount;

    let nOrders = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = orders.start[p] as number, end = orders.start[p + 1] as number; i < end; i++) {
      const t = orders.at[i] as number;
      if (t > asOf) break;
      if (t >= lo && t < hi) {
        // Same period as the order before.
        orderRevenue[nOrders - 1] += orders.revenue[i] as number;
        orderCount[nOrders - 1]++;
        continue;
      }
      const q = periodIndex(g, t);
      if (q < 0) continue;
      lo = s[q] as number;
      hi = s[q + 1] as number;
      orderPeriods[nOrders] = q;
      orderRevenue[nOrders] = orders.revenue[i] as number;
      orderCount[nOrders] = 1;
      nOrders++;
    }

    let returns: Int32Array;
    let nReturns: number;
    if (o.echo.returnEvent === 'purchase') {
      returns = orderPeriods;
      nReturns = nOrders;
    } else {
      const type = o.returnType;
      const nEvents = distinctPeriods(
        g,
        events.at,
        events.start[p] as number,
        events.start[p + 1] as number,
        asOf,
        type >= 0 ? events.type : null,
        type,
        s.length,
        this.eventPeriods,
      );
      if (type >= 0) {
        returns = this.eventPeriods;
        nReturns = nEvents;
      } else {
        returns = this.returns;
        nReturns = mergeDistinct(this.eventPeriods, nEvents, orderPeriods, nOrders, returns);
      }
    }

    const w = this.width;
    const maxK = w - 1;
    for (let e = 0; e < count; e++) {
      const c = entries[e] as number;
      const base = c * w;
      this.sizes[c]++;
      let seenFirst = false;
      for (let j = 0; j < nReturns; j++) {
        const k = (returns[j] as number) - c;
        if (k <= 0) continue;
        if (k > maxK) break;
        this.on[base + k]++;
        if (!seenFirst) {
          this.firstReturn[base + k]++;
          seenFirst = true;
        }
      }
      if (nReturns > 0) {
        const k = (returns[nReturns - 1] as number) - c;
        if (k > 0) this.lastReturn[base + Math.min(k, maxK)]++;
      }
      for (let j = 0; j < nOrders; j++) {
        const k = (this.orderPeriods[j] as number) - c;
        if (k < 0) continue;
        if (k > maxK) break;
        this.revenue[base + k] += this.orderRevenue[j] as number;
        this.orders[base + k] += this.orderCount[j] as number;
        this.buyers[base + k]++;
      }
    }
  }

  result(g: Periods, rows: number, o: ResolvedOptions): Pick<CohortResult, 'cohorts' | 'averages'> {
    const zone = g.timeZone;
    const w = this.width;
    const periods = g.labels.length;
    const dates = Array.from(g.starts, (ms) => DateTime.fromMillis(ms, { zone }).toISODate() ?? '');
    const onOrAfter = o.echo.counting === 'on-or-after';
    const cohorts: Cohort[] = [];
    const totals: AverageTotals[] = [];
    for (let r = 0; r < rows; r++) {
      const size = this.sizes[r] as number;
      const base = r * w;
      const last = Math.min(w - 1, periods - 1 - r);
      const cells: CohortCell[] = [];
      let cumulativeActive = 0;
      let cumulativeRevenue = 0;
      let later = 0;
      for (let k = w - 1; k > last; k--) later += this.lastReturn[base + k] as number;
      const afterK = new Array<number>(last + 1);
      for (let k = last; k >= 1; k--) {
        later += this.lastReturn[base + k] as number;
        afterK[k] = later;
      }
      for (let k = 0; k <= last; k++) {
        const i = base + k;
        const active = k === 0 ? size : onOrAfter ? (afterK[k] as number) : (this.on[i] as number);
        if (k > 0) cumulativeActive += this.firstReturn[i] as number;
        const revenue = this.revenue[i] as number;
        cumulativeRevenue += revenue;
        const incomplete = (g.starts[r + k + 1] as number) > o.asOf;
        const cell: CohortCell = {
          period: k,
          label: g.labels[r + k] as string,
          start: dates[r + k] as string,
          active,
          rate: ratio(active, size),
          cumulativeActive: k === 0 ? null : cumulativeActive,
          cumulativeRate: k === 0 ? null : ratio(cumulativeActive, size),
          revenue,
          cumulativeRevenue,
          arpu: ratio(revenue, size),
          cumulativeArpu: ratio(cumulativeRevenue, size),
          orders: this.orders[i] as number,
          buyers: this.buyers[i] as number,
          incomplete,
        };
        cells.push(cell);
        if (!incomplete && size > 0) {
          const t = (totals[k] ??= {
            cohorts: 0,
            size: 0,
            active: 0,
            cumulativeActive: 0,
            revenue: 0,
            cumulativeRevenue: 0,
            orders: 0,
            buyers: 0,
          });
          t.cohorts++;
          t.size += size;
          t.active += active;
          t.cumulativeActive += cumulativeActive;
          t.revenue += revenue;
          t.cumulativeRevenue += cumulativeRevenue;
          t.orders += cell.orders;
          t.buyers += cell.buyers;
        }
      }
      const endDate = DateTime.fromMillis(g.starts[r + 1] as number, { zone })
        .minus({ days: 1 })
        .toISODate();
      cohorts.push({
        label: g.labels[r] as string,
        start: dates[r] as string,
        end: endDate ?? '',
        startMs: g.starts[r] as number,
        endMs: g.starts[r + 1] as number,
        size,
        cells,
      });
    }
    const longest = Math.min(w, periods);
    const averages: CohortAverage[] = [];
    for (let k = 0; k < (rows > 0 ? longest : 0); k++) {
      const t = totals[k] ?? {
        cohorts: 0,
        size: 0,
        active: 0,
        cumulativeActive: 0,
        revenue: 0,
        cumulativeRevenue: 0,
        orders: 0,
        buyers: 0,
      };
      averages.push({
        period: k,
        cohorts: t.cohorts,
        size: t.size,
        active: t.active,
        rate: ratio(t.active, t.size),
        cumulativeActive: k === 0 ? null : t.cumulativeActive,
        cumulativeRate: k === 0 ? null : ratio(t.cumulativeActive, t.size),
        revenue: t.revenue,
        cumulativeRevenue: t.cumulativeRevenue,
        arpu: ratio(t.revenue, t.size),
        cumulativeArpu: ratio(t.cumulativeRevenue, t.size),
        orders: t.orders,
        buyers: t.buyers,
      });
    }
    return { cohorts, averages };
  }
}

interface AverageTotals {
  cohorts: number;
  size: number;
  active: number;
  cumulativeActive: number;
  revenue: number;
  cumulativeRevenue: number;
  orders: number;
  buyers: number;
}

function ratio(x: number, size: number): number | null {
  return size > 0 ? x / size : null;
}

/** The union of two ascending lists of distinct periods, ascending and distinct. */
function mergeDistinct(a: Int32Array, na: number, b: Int32Array, nb: number, out: Int32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < na || j < nb) {
    const x = i < na ? (a[i] as number) : Infinity;
    const y = j < nb ? (b[j] as number) : Infinity;
    const v = x <= y ? x : y;
    if (x === v) i++;
    if (y === v) j++;
    out[n++] = v;
  }
  return n;
}

function emptyResult(activity: Activity, o: ResolvedOptions, firstBirth: Float64Array): CohortResult {
  let maskedOut = 0;
  let noBirth = 0;
  let outsideRange = 0;
  for (let p = 0; p < activity.people.count; p++) {
    if (o.mask && !o.mask[p]) maskedOut++;
    else if (Number.isNaN(firstBirth[p] as number)) noBirth++;
    else outsideRange++;
  }
  return {
    options: o.echo,
    cohorts: [],
    averages: [],
    people: { total: activity.people.count, maskedOut, noBirth, outsideRange, inCohorts: 0, entries: 0 },
    ...(o.members ? { members: { personIds: [], cohort: [], at: [] } } : {}),
  };
}
