import { DateTime } from 'luxon';
import { ServiceError } from '../../errors';
import { PERIOD_UNITS } from '../activity/periods';
import type { Activity } from '../activity/types';
import type {
  CohortBirth,
  CohortCounting,
  CohortMode,
  CohortOptions,
  CohortOptionsEcho,
  ReturnEvent,
} from './types';

const BIRTHS: readonly CohortBirth[] = ['first-seen', 'first-order', 'first-event'];
const RETURNS: readonly ReturnEvent[] = ['any-activity', 'purchase', 'event'];
const MODES: readonly CohortMode[] = ['first-time', 'recurring'];
const COUNTINGS: readonly CohortCounting[] = ['on', 'on-or-after'];

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new ServiceError('invalid-argument', message, details);
}

function oneOf<T extends string>(value: T, allowed: readonly T[], what: string): T {
  if (!allowed.includes(value)) {
    invalid(`Unknown ${what} "${String(value)}": choose ${allowed.join(', ')}.`, { [what]: value, allowed });
  }
  return value;
}

function eventTypeIndex(activity: Activity, type: string | undefined, what: string): number {
  if (typeof type !== 'string' || type === '') invalid(`Choose the event type for the ${what}.`);
  const i = activity.events.types.indexOf(type);
  if (i < 0) {
    const known = activity.events.types.slice(0, 20);
    invalid(
      `No "${type}" events in this workspace, so the ${what} would be empty: choose one of the event types it has${
        known.length
          ? ` (${known.join(', ')}${activity.events.types.length > known.length ? ', …' : ''})`
          : ''
      }.`,
      { eventType: type, known },
    );
  }
  return i;
}

function localDate(text: string | undefined, timeZone: string, what: string): number | null {
  if (text === undefined) return null;
  const d = typeof text === 'string' ? DateTime.fromISO(text, { zone: timeZone }) : null;
  if (!d || !d.isValid) invalid(`The ${what} date "${String(text)}" is not a date: write it as YYYY-MM-DD.`);
  return d.toMillis();
}

/** Options checked against the activity, with defaults applied and event types resolved. */
export interface ResolvedOptions {
  echo: CohortOptionsEcho;
  birthType: number;
  returnType: number;
  fromMs: number | null;
  toMs: number | null;
  maxPeriods: number;
  asOf: number;
  mask: Uint8Array | null;
  members: boolean;
}

export function resolveOptions(activity: Activity, options: CohortOptions): ResolvedOptions {
  const { timeZone } = activity;
  const unit = oneOf(options.unit, PERIOD_UNITS, 'period');
  const by = oneOf(options.by, BIRTHS, 'cohort date');
  const returnEvent = oneOf(options.returnEvent, RETURNS, 'return event');
  const mode = oneOf(options.mode ?? 'first-time', MODES, 'mode');
  const counting = oneOf(options.counting ?? 'on', COUNTINGS, 'counting');
  const birthType = by === 'first-event' ? eventTypeIndex(activity, options.byEventType, 'cohort date') : -1;
  const returnType =
    returnEvent === 'event' ? eventTypeIndex(activity, options.returnEventType, 'return event') : -1;
  if (mode === 'recurring' && by === 'first-seen') {
    invalid(
      'A person is first seen only once, so recurring cohorts need orders or an event type as the cohort date: choose first-order or first-event, or first-time cohorts.',
    );
  }
  if (options.members && mode === 'recurring') {
    invalid(
      'Cohort memberships are kept for first-time cohorts only: a recurring cohort has no single cohort per person.',
    );
  }

  let asOf = activity.takenAt;
  if (options.asOf !== undefined) {
    asOf =
      typeof options.asOf === 'number'
        ? options.asOf
        : DateTime.fromISO(options.asOf, { zone: timeZone }).toMillis();
  }
  if (!Number.isFinite(asOf))
    invalid(`The end of the data ("as of") is not a valid time: ${String(options.asOf)}.`);

  const fromMs = localDate(options.from, timeZone, 'first cohort');
  const toMs = localDate(options.to, timeZone, 'last cohort');
  if (fromMs !== null && toMs !== null && fromMs > toMs) {
    invalid('The first cohort date is after the last one: swap the two dates.', {
      from: options.from,
      to: options.to,
    });
  }

  let maxPeriods = Infinity;
  if (options.maxPeriods !== undefined) {
    if (!Number.isInteger(options.maxPeriods) || options.maxPeriods < 0) {
      invalid('The number of periods must be a whole number, 0 or more.', { maxPeriods: options.maxPeriods });
    }
    maxPeriods = options.maxPeriods;
  }

  let mask: Uint8Array | null = null;
  let maskedPeople: number | null = null;
  if (options.mask !== undefined) {
    if (options.mask.length !== activity.people.count) {
      invalid(
        'The people filter does not match this workspace’s people: refresh the segment and try again.',
        {
          maskLength: options.mask.length,
          people: activity.people.count,
        },
      );
    }
    mask = options.mask;
    maskedPeople = 0;
    for (let p = 0; p < mask.length; p++) if (mask[p]) maskedPeople++;
  }

  return {
    echo: {
      unit,
      timeZone,
      by,
      byEventType: by === 'first-event' ? (options.byEventType ?? null) : null,
      returnEvent,
      returnEventType: returnEvent === 'event' ? (options.returnEventType ?? null) : null,
      mode,
      counting,
      from: options.from ?? null,
      to: options.to ?? null,
      maxPeriods: options.maxPeriods ?? null,
      asOf,
      asOfText: DateTime.fromMillis(asOf, { zone: timeZone }).toISO() ?? '',
      maskedPeople,
    },
    birthType,
    returnType,
    fromMs,
    toMs,
    maxPeriods,
    asOf,
    mask,
    members: options.members === true,
  };
}
