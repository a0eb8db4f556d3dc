import { ServiceError } from '../../errors';

export interface Transaction {
  customerId: string;
  /** When the purchase happened: a Date or epoch milliseconds. */
  at: Date | number;
  amount: number;
}

export type TimeUnit = 'days' | 'weeks';

export interface SummaryOptions {
  /** Last calendar day of the calibration period (inclusive): 'YYYY-MM-DD', a Date or epoch ms. */
  calibrationEnd: string | Date | number;
  /** Last calendar day of the holdout period (inclusive); omit for no holdout. */
  observationEnd?: string | Date | number;
  /** Unit of recency, T and holdout duration; weeks are exact (days / 7). Default 'days'. */
  timeUnit?: TimeUnit;
  /**
   * Offset of the time zone whose calendar days define "the same day", in minutes east
   * of UTC (e.g. 60 for CET). Default 0 (UTC). Ignored for 'YYYY-MM-DD' strings.
   */
  utcOffsetMinutes?: number;
}

export interface CustomerSummary {
  customerId: string;
  /** Repeat purchase days in the calibration period (purchase days after the first). */
  frequency: number;
  /** Time from the first purchase day to the last purchase day in the calibration period. */
  recency: number;
  /** Time from the first purchase day to the calibration end day. */
  T: number;
  /** Mean of the repeat purchase days' totals in the calibration period; 0 without repeats. */
  monetaryValue: number;
  /** First purchase day, 'YYYY-MM-DD'. */
  firstPurchase: string;
  /** Purchase days in the holdout period (present when observationEnd is given). */
  holdoutFrequency?: number;
  /** Mean of the holdout purchase days' totals; 0 without holdout purchases. */
  holdoutMonetaryValue?: number;
}

export interface SummaryResult {
  customers: CustomerSummary[];
  timeUnit: TimeUnit;
  calibrationEnd: string;
  observationEnd: string | null;
  /** Length of the holdout period in timeUnit (null without one). */
  holdoutDuration: number | null;
  excluded: {
    /** Customers whose first purchase falls after the calibration end. */
    firstPurchaseAfterCalibration: number;
    /** Transactions after the observation end (or after the calibration end without a holdout). */
    transactionsAfterEnd: number;
  };
}

const DAY_MS = 86_400_000;

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new ServiceError('invalid-argument', message, details);
}

function dayOf(value: string | Date | number, offsetMs: number, what: string): number {
  if (typeof value === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!m) invalid(`${what} must be a date written YYYY-MM-DD.`, { [what]: value });
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    const check = new Date(ms).toISOString().slice(0, 10);
    if (check !== value) invalid(`${what} is not a real calendar date.`, { [what]: value });
    return ms / DAY_MS;
  }
  const ms = value instanceof Date ? value.getTime() : value;
  if (!Number.isFinite(ms)) invalid(`${what} is not a valid time.`, { [what]: String(value) });
  return Math.floor((ms + offsetMs) / DAY_MS);
}

export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** isoDay with a cache: a history spans few distinct days but many customers. */
function dayFormatter(): (day: number) => string {
  const cache = new Map<number, string>();
  return (day) => {
    let s = cache.get(day);
    if (s === undefined) {
      s = isoDay(day);
      cache.set(day, s);
    }
    return s;
  };
}

/**
 * Builds the per-customer (x, t_x, T, m̄) summary that BG/NBD and Gamma-Gamma need, the
 * way the lifetimes package's `summary_data_from_transaction_data` does with freq='D'
 * (and, for weeks, freq_multiplier=7): purchases are grouped into calendar days (several
 * purchases on one day are one transaction whose value is their sum); frequency counts
 * the purchase days after the first; recency and T are measured between days; the
 * monetary value is the mean of the repeat days' totals, excluding the first purchase.
 * With `timeUnit: 'weeks'` this reproduces the CDNOW summary of Fader, Hardie & Lee.
 *
 * Customers appear in order of their first transaction in the input.
 */
export function summarizeTransactions(
  transactions: readonly Transaction[],
  options: SummaryOptions,
): SummaryResult {
  const timeUnit = options.timeUnit ?? 'days';
  if (timeUnit !== 'days' && timeUnit !== 'weeks')
    invalid('timeUnit must be "days" or "weeks".', { timeUnit });
  const offsetMinutes = options.utcOffsetMinutes ?? 0;
  if (!(Number.isFinite(offsetMinutes) && Math.abs(offsetMinutes) <= 14 * 60)) {
    invalid('utcOffsetMinutes must be between -840 and 840.', { utcOffsetMinutes: offsetMinutes });
  }
  const offsetMs = offsetMinutes * 60_000;
  const calEnd = dayOf(options.calibrationEnd, offsetMs, 'calibrationEnd');
  const obsEnd =
    options.observationEnd === undefined ? null : dayOf(options.observationEnd, offsetMs, 'observationEnd');
  if (obsEnd !== null && obsEnd < calEnd) {
    invalid('observationEnd must not be before calibrationEnd.', {
      calibrationEnd: isoDay(calEnd),
      observationEnd: isoDay(obsEnd),
    });
  }
  const lastDay = obsEnd ?? calEnd;
  const unit = timeUnit === 'weeks' ? 7 : 1;

  // Pass 1: customer index, transactions per customer, validation.
  const n = transactions.length;
  const ids = new Map<string, number>();
  const order: string[] = [];
  const txCustomer = new Int32Array(n);
  const txDay = new Float64Array(n);
  const counts: number[] = [];
  let transactionsAfterEnd = 0;
  for (let i = 0; i < n; i++) {
    const t = transactions[i] as Transaction;
    if (typeof t.customerId !== 'string' || t.customerId === '') {
      invalid('Every transaction needs a customer id.', { index: i });
    }
    if (!Number.isFinite(t.amount))
      invalid('Every transaction needs a finite amount.', { index: i, amount: t.amount });
    const ms = t.at instanceof Date ? t.at.getTime() : t.at;
    if (!Number.isFinite(ms)) invalid('Every transaction needs a valid time.', { index: i });
    const day = Math.floor((ms + offsetMs) / DAY_MS);
    txDay[i] = day;
    if (day > lastDay) {
      transactionsAfterEnd++;
      txCustomer[i] = -1;
      continue;
    }
    let c = ids.get(t.customerId);
    if (c === undefined) {
      c = order.length;
      ids.set(t.customerId, c);
      order.push(t.customerId);
      counts.push(0);
    }
    txCustomer[i] = c;
    counts[c] = (counts[c] as number) + 1;
  }
  const customersSeen = order.length;
  // Pass 2: lay each customer's (day, amount) pairs out contiguously.
  const start = new Int32Array(customersSeen + 1);
  for (let c = 0; c < customersSeen; c++) start[c + 1] = (start[c] as number) + (counts[c] as number);
  const fill = start.slice(0, customersSeen);
  const days = new Float64Array(start[customersSeen] as number);
  const amounts = new Float64Array(start[customersSeen] as number);
  for (let i = 0; i < n; i++) {
    const c = txCustomer[i] as number;
    if (c < 0) continue;
    const slot = fill[c] as number;
    fill[c] = slot + 1;
    days[slot] = txDay[i] as number;
    amounts[slot] = (transactions[i] as Transaction).amount;
  }

  const customers: CustomerSummary[] = [];
  const formatDay = dayFormatter();
  let firstPurchaseAfterCalibration = 0;
  for (let c = 0; c < customersSeen; c++) {
    const from = start[c] as number;
    const to = start[c + 1] as number;
    sortSegment(days, amounts, from, to);
    const first = days[from] as number;
    if (first > calEnd) {
      firstPurchaseAfterCalibration++;
      continue;
    }
    let frequency = 0;
    let lastCal = first;
    let calSum = 0;
    let holdoutDays = 0;
    let holdoutSum = 0;
    // Walk purchase days; the first day's total is excluded from the monetary value.
    let i = from;
    let isFirstDay = true;
    while (i < to) {
      const day = days[i] as number;
      let total = 0;
      while (i < to && days[i] === day) {
        total += amounts[i] as number;
        i++;
      }
      if (isFirstDay) {
        isFirstDay = false;
        continue;
      }
      if (day <= calEnd) {
        frequency++;
        lastCal = day;
        calSum += total;
      } else {
        holdoutDays++;
        holdoutSum += total;
      }
    }
    const summary: CustomerSummary = {
      customerId: order[c] as string,
      frequency,
      recency: (lastCal - first) / unit,
      T: (calEnd - first) / unit,
      monetaryValue: frequency > 0 ? calSum / frequency : 0,
      firstPurchase: formatDay(first),
    };
    if (obsEnd !== null) {
      summary.holdoutFrequency = holdoutDays;
      summary.holdoutMonetaryValue = holdoutDays > 0 ? holdoutSum / holdoutDays : 0;
    }
    customers.push(summary);
  }
  return {
    customers,
    timeUnit,
    calibrationEnd: isoDay(calEnd),
    observationEnd: obsEnd === null ? null : isoDay(obsEnd),
    holdoutDuration: obsEnd === null ? null : (obsEnd - calEnd) / unit,
    excluded: { firstPurchaseAfterCalibration, transactionsAfterEnd },
  };
}

/** Sorts days[from, to) ascending, carrying amounts along (stable insertion sort for short runs). */
function sortSegment(days: Float64Array, amounts: Float64Array, from: number, to: number): void {
  const len = to - from;
  if (len < 2) return;
  if (len <= 32) {
    for (let i = from + 1; i < to; i++) {
      const d = days[i] as number;
      const a = amounts[i] as number;
      let j = i - 1;
      while (j >= from && (days[j] as number) > d) {
        days[j + 1] = days[j] as number;
        amounts[j + 1] = amounts[j] as number;
        j--;
      }
      days[j + 1] = d;
      amounts[j + 1] = a;
    }
    return;
  }
  const idx = Array.from({ length: len }, (_, k) => from + k);
  idx.sort((p, q) => (days[p] as number) - (days[q] as number) || p - q);
  const d = idx.map((k) => days[k] as number);
  const a = idx.map((k) => amounts[k] as number);
  for (let k = 0; k < len; k++) {
    days[from + k] = d[k] as number;
    amounts[from + k] = a[k] as number;
  }
}
