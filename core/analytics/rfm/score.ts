import { ServiceError } from '../../errors';
import type { Transaction } from '../clv/summary';
import { fmScore, rfmSegment } from './segments';
import type { RfmSegment } from './segments';

export interface RfmInput {
  customerId: string;
  /** Days since the customer's last purchase (smaller is better). */
  recencyDays: number;
  /** Number of purchases. */
  frequency: number;
  /** Total spend. */
  monetary: number;
}

export interface RfmScore extends RfmInput {
  r: number;
  f: number;
  m: number;
  /** (F + M) / 2 rounded half up; with R it picks the segment. */
  fm: number;
  /** R, F and M as one string, e.g. '545'. */
  code: string;
  segment: RfmSegment;
}

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new ServiceError('invalid-argument', message, details);
}

/**
 * Quintile scores 1–5, higher values scoring higher.
 *
 * Tie rule: a customer's score depends only on their value, never on their id or position,
 * so equal values always get equal scores and the result does not depend on input order.
 * With n values, a value shared by k of them whose smaller values number `below` occupies
 * ranks below … below + k in the sorted order; it is placed at the midpoint of that block,
 * percentile P = (below + k/2) / n, and scored floor(5P) + 1 (a midpoint exactly on a
 * quintile boundary goes up). Distinct values therefore fall into exact quintiles when n
 * is a multiple of 5; a tie block straddling a boundary lands in the quintile holding its
 * middle; all-equal values score 3 (no information either way); reversing the order maps
 * a score s to 6 − s except on exact boundaries.
 */
export function quintileScores(values: ArrayLike<number>): Uint8Array {
  const n = values.length;
  const scores = new Uint8Array(n);
  if (n === 0) return scores;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) invalid('RFM values must be numbers.', { index: i });
    // Adding 0 turns −0 into 0, so the two zeros sort as one value.
    keys[i] = v + 0;
  }
  const order = argsort(keys);
  let start = 0;
  while (start < n) {
    const v = keys[order[start] as number] as number;
    let end = start + 1;
    while (end < n && keys[order[end] as number] === v) end++;
    // floor(5 (below + equal/2) / n) + 1 with below = start, equal = end − start, in integers.
    const score = Math.min(5, Math.floor((5 * (start + end)) / (2 * n)) + 1);
    for (let k = start; k < end; k++) scores[order[k] as number] = score;
    start = end;
  }
  return scores;
}

/**
 * Indices that sort `keys` ascending (stable): an LSD radix sort over 11-bit digits of
 * the doubles' bit patterns, mapped so that unsigned order equals numeric order. Linear
 * time, and sequential memory access, which matters at hundreds of thousands of values.
 */
const RADIX = 2048;
const RADIX_MASK = RADIX - 1;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function argsort(keys: Float64Array): Uint32Array {
  const n = keys.length;
  const words = new Uint32Array(keys.buffer, keys.byteOffset, n * 2);
  const hiWord = LITTLE_ENDIAN ? 1 : 0;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = words[2 * i + hiWord] as number;
    let l = words[2 * i + 1 - hiWord] as number;
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    hi[i] = h;
    lo[i] = l;
  }
  let order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Uint32Array(n);
  const counts = new Uint32Array(RADIX);
  // 64 bits in six 11-bit digits: bits 0–10, 11–21 and 22–31(+0) of the low word, then the high word.
  for (let pass = 0; pass < 6; pass++) {
    const source = pass < 3 ? lo : hi;
    const shift = (pass % 3) * 11;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((source[i] as number) >>> shift) & RADIX_MASK]++;
    // A digit that is the same for every key does not reorder anything.
    if (counts[((source[0] as number) >>> shift) & RADIX_MASK] === n) continue;
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = counts[d] as number;
      counts[d] = sum;
      sum += c;
    }
    for (let k = 0; k < n; k++) {
      const i = order[k] as number;
      const d = ((source[i] as number) >>> shift) & RADIX_MASK;
      next[counts[d] as number] = i;
      counts[d]++;
    }
    [order, next] = [next, order];
  }
  return order;
}

/**
 * R, F and M quintile scores (recency scored so that the most recent buyers get 5),
 * FM, the RFM code and the named segment, in input order.
 */
export function scoreRfm(inputs: readonly RfmInput[]): RfmScore[] {
  const n = inputs.length;
  const recency = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = inputs[i] as RfmInput;
    if (!(Number.isFinite(c.recencyDays) && c.recencyDays >= 0)) {
      invalid('Recency must be a number of days, 0 or more.', { index: i, recencyDays: c.recencyDays });
    }
    if (!(Number.isFinite(c.frequency) && c.frequency >= 0)) {
      invalid('Frequency must be a count, 0 or more.', { index: i, frequency: c.frequency });
    }
    if (!Number.isFinite(c.monetary))
      invalid('Monetary value must be a finite number.', { index: i, monetary: c.monetary });
    recency[i] = -c.recencyDays;
    frequency[i] = c.frequency;
    monetary[i] = c.monetary;
  }
  const r = quintileScores(recency);
  const f = quintileScores(frequency);
  const m = quintileScores(monetary);
  const out: RfmScore[] = new Array<RfmScore>(n);
  for (let i = 0; i < n; i++) {
    const c = inputs[i] as RfmInput;
    const ri = r[i] as number;
    const fi = f[i] as number;
    const mi = m[i] as number;
    const fm = fmScore(fi, mi);
    out[i] = {
      customerId: c.customerId,
      recencyDays: c.recencyDays,
      frequency: c.frequency,
      monetary: c.monetary,
      r: ri,
      f: fi,
      m: mi,
      fm,
      code: `${ri}${fi}${mi}`,
      segment: rfmSegment(ri, fm),
    };
  }
  return out;
}

export interface RfmInputOptions {
  /** The day RFM is measured on, inclusive: 'YYYY-MM-DD', a Date or epoch ms. */
  asOf: string | Date | number;
  /** Minutes east of UTC of the time zone whose calendar days count (default 0). */
  utcOffsetMinutes?: number;
}

const DAY_MS = 86_400_000;

function dayOf(value: string | Date | number, offsetMs: number): number {
  if (typeof value === 'string') {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
    if (!match || new Date(ms).toISOString().slice(0, 10) !== value) {
      invalid('asOf must be a date written YYYY-MM-DD.', { asOf: value });
    }
    return ms / DAY_MS;
  }
  const ms = value instanceof Date ? value.getTime() : value;
  if (!Number.isFinite(ms)) invalid('asOf is not a valid time.', { asOf: String(value) });
  return Math.floor((ms + offsetMs) / DAY_MS);
}

/**
 * Per-customer RFM inputs from orders up to and including the `asOf` day: recency in
 * whole calendar days since the last order, frequency = number of orders, monetary =
 * their total. Orders after `asOf` are ignored; customers appear in order of first
 * appearance.
 */
export function rfmInputsFromOrders(orders: readonly Transaction[], options: RfmInputOptions): RfmInput[] {
  const offsetMinutes = options.utcOffsetMinutes ?? 0;
  if (!(Number.isFinite(offsetMinutes) && Math.abs(offsetMinutes) <= 14 * 60)) {
    invalid('utcOffsetMinutes must be between -840 and 840.', { utcOffsetMinutes: offsetMinutes });
  }
  const offsetMs = offsetMinutes * 60_000;
  const asOf = dayOf(options.asOf, offsetMs);
  const byId = new Map<string, { last: number; count: number; total: number }>();
  for (let i = 0; i < orders.length; i++) {
    const o = orders[i] as Transaction;
    if (typeof o.customerId !== 'string' || o.customerId === '')
      invalid('Every order needs a customer id.', { index: i });
    if (!Number.isFinite(o.amount))
      invalid('Every order needs a finite amount.', { index: i, amount: o.amount });
    const ms = o.at instanceof Date ? o.at.getTime() : o.at;
    if (!Number.isFinite(ms)) invalid('Every order needs a valid time.', { index: i });
    const day = Math.floor((ms + offsetMs) / DAY_MS);
    if (day > asOf) continue;
    const acc = byId.get(o.customerId);
    if (acc === undefined) byId.set(o.customerId, { last: day, count: 1, total: o.amount });
    else {
      if (day > acc.last) acc.last = day;
      acc.count++;
      acc.total += o.amount;
    }
  }
  return [...byId].map(([customerId, acc]) => ({
    customerId,
    recencyDays: asOf - acc.last,
    frequency: acc.count,
    monetary: acc.total,
  }));
}
