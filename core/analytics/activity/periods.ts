import { DateTime, IANAZone } from 'luxon';
import type { DurationLikeObject } from 'luxon';
import { ServiceError } from '../../errors';

/**
 * Calendar periods in a workspace's time zone. A day, week, month or quarter
 * starts at a local midnight, which is not a fixed number of milliseconds
 * after the previous one (23- and 25-hour days around daylight-saving changes),
 * so the boundaries are computed once with the zone's rules and every
 * timestamp is then placed by a binary search over them: millions of events
 * cost no time-zone arithmetic each.
 */

/** `week` is the ISO week, starting on Monday. */
import type { PeriodUnit } from './types';

export type { PeriodUnit };

export interface Periods {
  unit: PeriodUnit;
  timeZone: string;
  /**
   * starts[i] is the epoch ms of the local midnight that starts period i; the
   * last entry is the end of the last period (labels.length + 1 entries).
   */
  starts: Float64Array;
  /** '2024-03-05' (day), '2024-W10' (ISO week), '2024-03' (month), '2024-Q1' (quarter). */
  labels: string[];
}

export const PERIOD_UNITS: readonly PeriodUnit[] = ['day', 'week', 'month', 'quarter'];

const ONE: Record<PeriodUnit, DurationLikeObject> = {
  day: { days: 1 },
  week: { weeks: 1 },
  month: { months: 1 },
  quarter: { quarters: 1 },
};

/** More periods than this is a mistake (daily periods over centuries), not an analysis. */
const MAX_PERIODS = 200_000;

/** The longest a period can be (a clock change adds an hour), to refuse huge ranges before walking them. */
const HOUR = 3_600_000;
const LONGEST: Record<PeriodUnit, number> = {
  day: 25 * HOUR,
  week: 7 * 24 * HOUR + HOUR,
  month: 31 * 24 * HOUR + HOUR,
  quarter: 92 * 24 * HOUR + HOUR,
};

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new ServiceError('invalid-argument', message, details);
}

function checkUnit(unit: PeriodUnit): void {
  if (!PERIOD_UNITS.includes(unit)) {
    invalid(`Unknown period "${String(unit)}": choose day, week, month or quarter.`, { unit });
  }
}

function checkZone(timeZone: string): void {
  if (typeof timeZone !== 'string' || !IANAZone.isValidZone(timeZone)) {
    invalid(
      `"${String(timeZone)}" is not a time zone Loupe knows: set the workspace time zone to an IANA name such as Europe/London.`,
      { timeZone },
    );
  }
}

function checkTime(t: number, what: string): void {
  if (typeof t !== 'number' || !Number.isFinite(t))
    invalid(`The ${what} is not a valid time.`, { [what]: t });
}

function localStart(t: number, unit: PeriodUnit, timeZone: string): DateTime {
  const local = DateTime.fromMillis(t, { zone: timeZone });
  if (!local.isValid) invalid(`The time ${t} cannot be read in ${timeZone}.`, { time: t, timeZone });
  // startOf('week') is the ISO week (Monday) unless locale weeks are asked for.
  // Where midnight does not exist (a clock change at 00:00) luxon moves to the
  // first instant of the day that does.
  return local.startOf(unit);
}

function label(start: DateTime, unit: PeriodUnit): string {
  switch (unit) {
    case 'day':
      return start.toFormat('yyyy-MM-dd');
    case 'week':
      // The ISO week-year: 2021-01-03 is in 2020-W53.
      return start.toFormat("kkkk-'W'WW");
    case 'month':
      return start.toFormat('yyyy-MM');
    case 'quarter':
      return `${start.toFormat('yyyy')}-Q${start.quarter}`;
  }
}

/** The epoch ms of the local midnight that starts the period holding `t`. */
export function periodStartOf(t: number, unit: PeriodUnit, timeZone: string): number {
  checkUnit(unit);
  checkZone(timeZone);
  checkTime(t, 'time');
  return localStart(t, unit, timeZone).toMillis();
}

/** The periods from the one holding `fromMs` through the one holding `toMs` (inclusive). */
export function periodsCovering(fromMs: number, toMs: number, unit: PeriodUnit, timeZone: string): Periods {
  checkUnit(unit);
  checkZone(timeZone);
  checkTime(fromMs, 'start');
  checkTime(toMs, 'end');
  if (fromMs > toMs) {
    invalid('The start of the range is after its end: swap the two dates.', { from: fromMs, to: toMs });
  }
  const tooMany = (): never =>
    invalid(`The range spans more than ${MAX_PERIODS} ${unit}s: choose a longer period or a shorter range.`, {
      unit,
      from: fromMs,
      to: toMs,
    });
  if ((toMs - fromMs) / LONGEST[unit] > MAX_PERIODS) tooMany();
  const starts: number[] = [];
  const labels: string[] = [];
  let start = localStart(fromMs, unit, timeZone);
  for (;;) {
    const ms = start.toMillis();
    if (ms > toMs) break;
    if (labels.length >= MAX_PERIODS) {
      invalid(
        `The range spans more than ${MAX_PERIODS} ${unit}s: choose a longer period or a shorter range.`,
        {
          unit,
          from: fromMs,
          to: toMs,
        },
      );
    }
    starts.push(ms);
    labels.push(label(start, unit));
    // Calendar arithmetic from the local start, then back to the period's start,
    // so a start moved off midnight by a clock change does not carry over.
    start = start.plus(ONE[unit]).startOf(unit);
  }
  starts.push(start.toMillis());
  return { unit, timeZone, starts: Float64Array.from(starts), labels };
}

/** The index of the period holding `t` (periods are half-open: [start, next start)); −1 outside. */
export function periodIndex(p: Periods, t: number): number {
  const s = p.starts;
  const n = s.length - 1;
  // NaN fails both comparisons and lands here too.
  if (!(t >= (s[0] as number) && t < (s[n] as number))) return -1;
  let lo = 0;
  let hi = n - 1;
  // Invariant: s[lo] <= t < s[hi + 1].
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((s[mid] as number) <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
