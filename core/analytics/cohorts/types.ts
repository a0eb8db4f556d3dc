import type { PeriodUnit, PersonMask } from '../activity/types';

/** What puts a person in a cohort: the date they were first seen, of their first order, or of their first event of a type. */
export type CohortBirth = 'first-seen' | 'first-order' | 'first-event';

/** What counts as coming back: any event or order, an order, or an event of a type. */
export type ReturnEvent = 'any-activity' | 'purchase' | 'event';

/**
 * first-time: a person joins the cohort of their first birth event, once.
 * recurring: every period holding a birth event (an order, or an event of the
 * type) starts an entry in that period's cohort; a person is counted once per
 * cohort period.
 */
export type CohortMode = 'first-time' | 'recurring';

/**
 * on: active in period k = came back within period k itself.
 * on-or-after: active in period k = came back in period k or any later one (unbounded retention).
 */
export type CohortCounting = 'on' | 'on-or-after';

export interface CohortOptions {
  /** Cohort and retention periods, calendar periods in the workspace time zone. */
  unit: PeriodUnit;
  by: CohortBirth;
  /** The event type, when `by` is 'first-event'. */
  byEventType?: string;
  returnEvent: ReturnEvent;
  /** The event type, when `returnEvent` is 'event'. */
  returnEventType?: string;
  /** Default 'first-time'. */
  mode?: CohortMode;
  /** Default 'on'. */
  counting?: CohortCounting;
  /** Only these people (a segment, the inclusion criteria); everyone when absent. */
  mask?: PersonMask;
  /** First cohort: the period holding this local date (yyyy-MM-dd); else the first birth's. */
  from?: string;
  /** Last cohort: the period holding this local date; else the last birth's (never after asOf). */
  to?: string;
  /** Periods after period 0 to report; all up to the data's end when absent. */
  maxPeriods?: number;
  /** The data's end: epoch ms or ISO text; default the snapshot's takenAt. Later rows are ignored. */
  asOf?: number | string;
  /** Also return each member's cohort (first-time only), for saveCohortResult. */
  members?: boolean;
}

/** The options as applied, JSON-able (the mask is summarised by its size). */
export interface CohortOptionsEcho {
  unit: PeriodUnit;
  timeZone: string;
  by: CohortBirth;
  byEventType: string | null;
  returnEvent: ReturnEvent;
  returnEventType: string | null;
  mode: CohortMode;
  counting: CohortCounting;
  from: string | null;
  to: string | null;
  maxPeriods: number | null;
  /** Epoch ms. */
  asOf: number;
  /** asOf in the workspace time zone, ISO 8601 with offset. */
  asOfText: string;
  /** People the mask lets in, or null without a mask. */
  maskedPeople: number | null;
}

export interface CohortCell {
  /** 0 = the cohort's own period. */
  period: number;
  /** The calendar period this cell covers, e.g. '2011-03'. */
  label: string;
  /** Its first local date (yyyy-MM-dd). */
  start: string;
  /** Entries counted as active (period 0: the whole cohort, by definition). */
  active: number;
  /** active / cohort size; null for an empty cohort. */
  rate: number | null;
  /** Entries that came back at least once in periods 1 … k; null in period 0 (the birth is not a return). */
  cumulativeActive: number | null;
  cumulativeRate: number | null;
  /** Revenue of the cohort's orders placed in this period. */
  revenue: number;
  cumulativeRevenue: number;
  /** revenue / cohort size; null for an empty cohort. */
  arpu: number | null;
  /** cumulativeRevenue / cohort size. */
  cumulativeArpu: number | null;
  orders: number;
  /** Entries with at least one order in this period. */
  buyers: number;
  /** The period had not ended at the data's end: its figures can still grow. */
  incomplete: boolean;
}

export interface Cohort {
  /** The cohort period's label, e.g. '2011-01' or '2020-W53'. */
  label: string;
  /** First and last local dates of the cohort period (yyyy-MM-dd). */
  start: string;
  end: string;
  /** Epoch ms of the period's start and end (exclusive). */
  startMs: number;
  endMs: number;
  /** Entries: people (first-time) or people with a birth in this period (recurring). */
  size: number;
  cells: CohortCell[];
}

/** One period averaged over the cohorts where it is complete, weighted by cohort size. */
export interface CohortAverage {
  period: number;
  /** Cohorts contributing (complete, non-empty). */
  cohorts: number;
  /** Sum of their sizes. */
  size: number;
  active: number;
  rate: number | null;
  cumulativeActive: number | null;
  cumulativeRate: number | null;
  revenue: number;
  cumulativeRevenue: number;
  arpu: number | null;
  cumulativeArpu: number | null;
  orders: number;
  buyers: number;
}

/** Who was left out, so a table can be explained. */
export interface CohortPeopleSummary {
  total: number;
  /** Left out by the mask. */
  maskedOut: number;
  /** No birth event on or before the data's end (e.g. no order yet). */
  noBirth: number;
  /** A birth, but not in the selected cohort range. */
  outsideRange: number;
  /** People in at least one cohort. */
  inCohorts: number;
  /** Sum of cohort sizes (= inCohorts for first-time cohorts). */
  entries: number;
}

/** Parallel arrays, one element per member (first-time cohorts, when asked for). */
export interface CohortMembers {
  personIds: string[];
  /** Index into `cohorts`. */
  cohort: number[];
  /** Epoch ms of the birth event. */
  at: number[];
}

export interface CohortResult {
  options: CohortOptionsEcho;
  cohorts: Cohort[];
  /** One per period index present in any cohort. */
  averages: CohortAverage[];
  people: CohortPeopleSummary;
  members?: CohortMembers;
}
