import { readBinaryCopy } from '../../db/copy-binary';
import type { WorkspaceDb } from '../../db/workspace-db';
import type { Activity } from '../activity/types';
import { DAY_MS } from './time';

/**
 * Per-person inputs of the scores, read from the Activity snapshot (events and
 * purchases grouped by person, already in memory for the other analyses) plus
 * the few profile columns the snapshot does not hold. Everything is counted up
 * to a cut-off time, so the same code gives today's features and the features
 * "as they were" for a time-based holdout.
 */

/**
 * When scores are measured unless the caller says: where the workspace's data ends (so a
 * workspace of last year's exports is not scored as if everyone had left since), or now
 * for a workspace without any events or purchases yet.
 */
export function defaultAsOf(activity: Activity): number {
  return activity.events.count + activity.orders.count > 0 ? activity.takenAt : Date.now();
}

/** Event types that count as an email open, a website visit or a form submission. */
export const OPEN_TYPES = ['email_open', 'email_opened', 'open', 'opened'];
export const VISIT_TYPES = ['page_view', 'session_start', 'web_visit', 'website_visit', 'visit'];
export const FORM_TYPES = ['form_submission', 'form_submit', 'form_submitted', 'signup'];

/** Profile columns of every person, index-aligned with activity.people. */
export interface Profiles {
  contactStatus: string[];
  lifecycleStage: string[];
  activatedAt: Float64Array;
  leadScore: Int32Array;
  dateOfBirth: Float64Array;
  educationLevel: string[];
  jobTitle: string[];
  annualRevenue: Float64Array;
  customerType: string[];
  lastSeenAt: Float64Array;
  /** 1 when Loupe scored the person before (customer_scores has their row). */
  scored: Uint8Array;
}

/** Profiles of `n` people about whom nothing beyond their behaviour is known. */
export function emptyProfiles(n: number): Profiles {
  return {
    contactStatus: new Array<string>(n).fill(''),
    lifecycleStage: new Array<string>(n).fill(''),
    activatedAt: new Float64Array(n).fill(Number.NaN),
    leadScore: new Int32Array(n).fill(-1),
    dateOfBirth: new Float64Array(n).fill(Number.NaN),
    educationLevel: new Array<string>(n).fill(''),
    jobTitle: new Array<string>(n).fill(''),
    annualRevenue: new Float64Array(n).fill(Number.NaN),
    customerType: new Array<string>(n).fill(''),
    lastSeenAt: new Float64Array(n).fill(Number.NaN),
    scored: new Uint8Array(n),
  };
}

export async function readProfiles(db: WorkspaceDb, activity: Activity): Promise<Profiles> {
  const [bytes] = await db.copyOut([
    `COPY (SELECT c.id::text, coalesce(c.contact_status, ''), coalesce(c.lifecycle_stage, ''), c.activated_at,
                  coalesce(c.lead_score, -1)::int4, c.date_of_birth::timestamptz, coalesce(c.education_level, ''),
                  coalesce(c.job_title, ''), c.annual_revenue::float8, coalesce(c.customer_type, ''), c.last_seen_at,
                  (s.customer_id IS NOT NULL)::int4
             FROM customers c LEFT JOIN customer_scores s ON s.customer_id = c.id) TO '/dev/blob' WITH (FORMAT binary)`,
  ]);
  if (bytes === undefined) throw new Error('The database returned no profiles.');
  const r = readBinaryCopy(bytes, [
    'text',
    'text',
    'text',
    'timestamptz',
    'int4',
    'timestamptz',
    'text',
    'text',
    'float8',
    'text',
    'timestamptz',
    'int4',
  ] as const);
  const [ids, contact, stage, activated, lead, dob, education, job, revenue, type, lastSeen, scored] =
    r.columns;
  const n = activity.people.count;
  const at = new Map<string, number>();
  for (let i = 0; i < r.rows; i++) at.set(ids[i] ?? '', i);
  const p = emptyProfiles(n);
  // People added since the snapshot was read are scored on the next recompute.
  for (let k = 0; k < n; k++) {
    const i = at.get(activity.people.ids[k] ?? '');
    if (i === undefined) continue;
    p.contactStatus[k] = contact[i] ?? '';
    p.lifecycleStage[k] = stage[i] ?? '';
    p.activatedAt[k] = activated[i] ?? Number.NaN;
    p.leadScore[k] = lead[i] ?? -1;
    p.dateOfBirth[k] = dob[i] ?? Number.NaN;
    p.educationLevel[k] = education[i] ?? '';
    p.jobTitle[k] = job[i] ?? '';
    p.annualRevenue[k] = revenue[i] ?? Number.NaN;
    p.customerType[k] = type[i] ?? '';
    p.lastSeenAt[k] = lastSeen[i] ?? Number.NaN;
    p.scored[k] = scored[i] === 1 ? 1 : 0;
  }
  return p;
}

/** Behaviour of every person up to a cut-off, as typed columns (NaN: never). */
export interface Behaviour {
  at: number;
  eventsTotal: Int32Array;
  lastEventAt: Float64Array;
  eventsLast30: Int32Array;
  eventsPrevious60: Int32Array;
  opens30: Int32Array;
  visits30: Int32Array;
  forms30: Int32Array;
  orders: Int32Array;
  revenue: Float64Array;
  firstOrderAt: Float64Array;
  lastOrderAt: Float64Array;
}

function typeMask(activity: Activity, names: readonly string[]): Uint8Array {
  const mask = new Uint8Array(activity.events.types.length);
  activity.events.types.forEach((t, i) => {
    if (names.includes(t.toLowerCase())) mask[i] = 1;
  });
  return mask;
}

/** Counts each person's events and purchases at or before `at` (windows are (at − 30 d, at] and (at − 90 d, at − 30 d]). */
export function behaviourAt(activity: Activity, at: number): Behaviour {
  const n = activity.people.count;
  const b: Behaviour = {
    at,
    eventsTotal: new Int32Array(n),
    lastEventAt: new Float64Array(n).fill(Number.NaN),
    eventsLast30: new Int32Array(n),
    eventsPrevious60: new Int32Array(n),
    opens30: new Int32Array(n),
    visits30: new Int32Array(n),
    forms30: new Int32Array(n),
    orders: new Int32Array(n),
    revenue: new Float64Array(n),
    firstOrderAt: new Float64Array(n).fill(Number.NaN),
    lastOrderAt: new Float64Array(n).fill(Number.NaN),
  };
  const opens = typeMask(activity, OPEN_TYPES);
  const visits = typeMask(activity, VISIT_TYPES);
  const forms = typeMask(activity, FORM_TYPES);
  const d30 = at - 30 * DAY_MS;
  const d90 = at - 90 * DAY_MS;
  const ev = activity.events;
  for (let p = 0; p < n; p++) {
    const end = ev.start[p + 1] as number;
    for (let i = ev.start[p] as number; i < end; i++) {
      const t = ev.at[i] as number;
      // A person's events are in time order: the rest are later still.
      if (t > at) break;
      b.eventsTotal[p]++;
      b.lastEventAt[p] = t;
      if (t > d30) {
        b.eventsLast30[p]++;
        const type = ev.type[i] as number;
        if (opens[type] === 1) b.opens30[p]++;
        if (visits[type] === 1) b.visits30[p]++;
        if (forms[type] === 1) b.forms30[p]++;
      } else if (t > d90) {
        b.eventsPrevious60[p]++;
      }
    }
    const or = activity.orders;
    const oEnd = or.start[p + 1] as number;
    for (let i = or.start[p] as number; i < oEnd; i++) {
      const t = or.at[i] as number;
      if (t > at) break;
      if (b.orders[p] === 0) b.firstOrderAt[p] = t;
      b.orders[p]++;
      b.revenue[p] += or.revenue[i] as number;
      b.lastOrderAt[p] = t;
    }
  }
  return b;
}

/** The latest event or purchase of a person (NaN: none). */
export function lastActivity(b: Behaviour, p: number): number {
  const e = b.lastEventAt[p] as number;
  const o = b.lastOrderAt[p] as number;
  if (Number.isNaN(e)) return o;
  if (Number.isNaN(o)) return e;
  return Math.max(e, o);
}

/** Numeric features of the conversion model for people first seen by `b.at` (rows × FEATURE_NAMES). */
export const MODEL_FEATURES = [
  'days_since_last_activity',
  'never_active',
  'events_last_30_days',
  'events_previous_60_days',
  'email_opens_30d',
  'web_visits_30d',
  'form_submissions_30d',
  'log_orders',
  'log_revenue',
  'days_since_last_order',
  'never_ordered',
  'tenure_days',
] as const;

/** Days are capped at two years so one very old record does not dominate a standardised column. */
const CAP_DAYS = 730;

export function modelRow(
  activity: Activity,
  b: Behaviour,
  p: number,
  out: Float64Array,
  offset: number,
): void {
  const days = (from: number): number => Math.min(CAP_DAYS, Math.max(0, (b.at - from) / DAY_MS));
  const last = lastActivity(b, p);
  out[offset] = Number.isNaN(last) ? CAP_DAYS : days(last);
  out[offset + 1] = Number.isNaN(last) ? 1 : 0;
  out[offset + 2] = b.eventsLast30[p] as number;
  out[offset + 3] = b.eventsPrevious60[p] as number;
  out[offset + 4] = b.opens30[p] as number;
  out[offset + 5] = b.visits30[p] as number;
  out[offset + 6] = b.forms30[p] as number;
  out[offset + 7] = Math.log1p(b.orders[p] as number);
  out[offset + 8] = Math.log1p(b.revenue[p] as number);
  const lastOrder = b.lastOrderAt[p] as number;
  out[offset + 9] = Number.isNaN(lastOrder) ? CAP_DAYS : days(lastOrder);
  out[offset + 10] = Number.isNaN(lastOrder) ? 1 : 0;
  out[offset + 11] = days(activity.people.firstSeenAt[p] as number);
}
