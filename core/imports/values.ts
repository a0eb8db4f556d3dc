import { DateTime, IANAZone } from 'luxon';
import { fail } from '../errors';

/**
 * Value parsing for exported files. Every parser takes the raw cell text and
 * answers with a value, with `null` when the cell is empty or a "no value" word
 * (n/a, -, --), and with an invalid marker when the text is not what was
 * expected: NaN for numbers and instants, `undefined` for the rest. Callers turn
 * an invalid marker into a row rejection that names the column and the value.
 *
 * Hot paths (unix seconds, ISO instants with offsets) are plain arithmetic;
 * luxon is used only to place naive wall-clock times in a zone, and its answers
 * are cached per minute of wall time.
 */

const MISSING = new Set(['', 'n/a', 'na', '#n/a', '-', '--', '—', '–', 'null', 'nan', 'none', '(not set)']);

/** True for an empty cell or a word that exports use for "no value". */
export function isMissing(raw: string): boolean {
  if (raw.length === 0) return true;
  const s = raw.trim();
  if (s.length === 0) return true;
  if (s.length > 9) return false;
  return MISSING.has(s.toLowerCase());
}

// ─── Numbers ────────────────────────────────────────────────────────────────

export interface NumberOptions {
  /** The file writes 1.234,56: a lone comma is the decimal mark, a lone dot with three digits after it groups thousands. */
  decimalComma?: boolean;
}

const SIMPLE_NUMBER = /^-?\d+(?:\.\d+)?$/;
const SIMPLE_INTEGER = /^-?\d+$/;
const EXPONENT_NUMBER = /^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$/;
const CURRENCY_SYMBOLS = '$€£¥₹₩₽₺₪₫฿₱₦';
const SYMBOL_CURRENCY: Record<string, string> = {
  '€': 'EUR',
  '£': 'GBP',
  '₹': 'INR',
  '₩': 'KRW',
  '₽': 'RUB',
  '₺': 'TRY',
  '₪': 'ILS',
};
const LEADING_CODE = /^([A-Z]{3})\s*(?=[-−(\d.,$€£¥₹])/;
const TRAILING_CODE = /(?<=[\d.,)])\s*([A-Z]{3})$/;
const SPACE_GROUPS = /^\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?$/;
const COMMA_GROUPS = /^\d{1,3}(?:,\d{3})+$/;
const DOT_GROUPS = /^\d{1,3}(?:\.\d{3})+$/;
const COMMA_GROUPS_DOT_DECIMAL = /^\d{1,3}(?:,\d{3})+\.\d+$/;
const DOT_GROUPS_COMMA_DECIMAL = /^\d{1,3}(?:\.\d{3})+,\d+$/;
const DIGITS_COMMA_DIGITS = /^\d+,\d+$/;
const DIGITS_DOT_DIGITS = /^\d*\.\d+$/;

interface ParsedAmount {
  value: number;
  currency: string | undefined;
}

/**
 * Reads a number as marketers' exports write it: `1,234.56`, `1.234,56` (decimal
 * comma), `1 234,56`, `64517.0`, `5e-05`, `(12.00)` for negatives, with currency
 * symbols or codes around it (`$1,234.50`, `€12,50`, `USD 12.00`). Returns null
 * for empty cells and "no value" words, NaN when the text is not a number.
 */
export function parseNumber(raw: string, opts?: NumberOptions): number | null {
  const s =
    raw.length > 0 && raw.charCodeAt(0) > 32 && raw.charCodeAt(raw.length - 1) > 32 ? raw : raw.trim();
  if (SIMPLE_INTEGER.test(s)) return Number(s);
  if (!opts?.decimalComma && SIMPLE_NUMBER.test(s)) return Number(s);
  const parsed = parseAmount(s, opts);
  return parsed === null ? null : parsed.value;
}

/** Like parseNumber, also telling the currency the text names (€ → EUR, `USD 12.00` → USD; `$` is ambiguous and names none). */
export function parseMoney(raw: string, opts?: NumberOptions): ParsedAmount | null {
  return parseAmount(raw.trim(), opts);
}

function parseAmount(input: string, opts?: NumberOptions): ParsedAmount | null {
  if (isMissing(input)) return null;
  let s = input;
  let negative = false;
  let currency: string | undefined;
  if (s.startsWith('(') && s.endsWith(')')) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  const lead = LEADING_CODE.exec(s);
  if (lead) {
    currency = lead[1];
    s = s.slice(lead[0].length);
  } else {
    const trail = TRAILING_CODE.exec(s);
    if (trail) {
      currency = trail[1];
      s = s.slice(0, s.length - trail[0].length);
    }
  }
  s = s.trim();
  if (s.startsWith('-') || s.startsWith('−')) {
    negative = !negative;
    s = s.slice(1).trim();
  } else if (s.startsWith('+')) {
    s = s.slice(1).trim();
  }
  if (s.length > 0 && CURRENCY_SYMBOLS.includes(s[0])) {
    currency ??= SYMBOL_CURRENCY[s[0]];
    s = s.slice(1).trim();
  } else if (s.length > 0 && CURRENCY_SYMBOLS.includes(s[s.length - 1])) {
    currency ??= SYMBOL_CURRENCY[s[s.length - 1]];
    s = s.slice(0, -1).trim();
  }
  // A minus after the symbol: $-12.00
  if (s.startsWith('-') || s.startsWith('−')) {
    negative = !negative;
    s = s.slice(1);
  }
  const value = unsignedNumber(s, opts?.decimalComma === true);
  if (Number.isNaN(value)) return { value: NaN, currency };
  return { value: negative ? -value : value, currency };
}

function unsignedNumber(s: string, decimalComma: boolean): number {
  if (s.length === 0) return NaN;
  if (EXPONENT_NUMBER.test(s)) return Number(s);
  if (SPACE_GROUPS.test(s)) {
    const compact = s.replace(/[ \u00a0\u202f]/g, '');
    const hasComma = compact.includes(',');
    // Space-grouped thousands go with a decimal comma (1 234,56) or a dot (1 234.56).
    return Number(hasComma ? compact.replace(',', '.') : compact);
  }
  if (/^\d+$/.test(s)) return Number(s);
  if (COMMA_GROUPS_DOT_DECIMAL.test(s)) return Number(s.replace(/,/g, ''));
  if (DOT_GROUPS_COMMA_DECIMAL.test(s)) return Number(s.replace(/\./g, '').replace(',', '.'));
  if (decimalComma) {
    if (DOT_GROUPS.test(s)) return Number(s.replace(/\./g, ''));
    if (DIGITS_COMMA_DIGITS.test(s)) return Number(s.replace(',', '.'));
    if (/^,\d+$/.test(s)) return Number(`0.${s.slice(1)}`);
    // A dot not followed by exactly three digits can only be a decimal mark, even here.
    if (DIGITS_DOT_DIGITS.test(s)) return Number(s);
    return NaN;
  }
  if (COMMA_GROUPS.test(s)) return Number(s.replace(/,/g, ''));
  if (DIGITS_DOT_DIGITS.test(s)) return Number(s);
  // A lone comma not followed by exactly three digits can only be a decimal mark (12,50).
  if (DIGITS_COMMA_DIGITS.test(s)) return Number(s.replace(',', '.'));
  if (DOT_GROUPS.test(s)) return Number(s.replace(/\./g, ''));
  return NaN;
}

/** A whole number ≥ 0 (counts: `64517.0` is 64517). NaN when not a whole non-negative number. */
export function parseCount(raw: string, opts?: NumberOptions): number | null {
  const n = parseNumber(raw, opts);
  if (n === null) return null;
  return Number.isInteger(n) && n >= 0 ? n : NaN;
}

/** A whole number, possibly negative (quantities: returns are -1). */
export function parseInteger(raw: string, opts?: NumberOptions): number | null {
  const n = parseNumber(raw, opts);
  if (n === null) return null;
  return Number.isInteger(n) ? n : NaN;
}

/**
 * A rate as a fraction: `48.43%` → 0.4843, `0.4843` → 0.4843. A bare number
 * above 1 is refused: exports write fractions or percentages, and guessing
 * which one `48.43` meant could be off by a hundredfold.
 */
export function parseRate(raw: string, opts?: NumberOptions): number | null {
  const s = raw.trim();
  if (s.endsWith('%')) {
    const n = parseNumber(s.slice(0, -1), opts);
    if (n === null || Number.isNaN(n)) return NaN;
    return Number((n / 100).toPrecision(15));
  }
  const n = parseNumber(s, opts);
  if (n === null) return null;
  return n >= 0 && n <= 1 ? n : NaN;
}

/** Rounds to cents the way an invoice does (half away from zero), without binary drift (1.005 → 1.01). */
export function roundMoney(value: number): number {
  const sign = value < 0 ? -1 : 1;
  // toPrecision(15) drops the binary noise of the product (1.005 × 100 = 100.49999…).
  const cents = Math.round(Number((Math.abs(value) * 100).toPrecision(15)));
  return cents === 0 ? 0 : (sign * cents) / 100;
}

// ─── Booleans and short texts ─────────────────────────────────────────────────

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 't', 'subscribed', 'opted in', 'x']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'f', 'unsubscribed', 'opted out']);

/** true/false/yes/no/1/0 → boolean; null when empty; undefined when not a yes/no word. */
export function parseBoolean(raw: string): boolean | null | undefined {
  const s = raw.trim().toLowerCase();
  if (s === '') return null;
  if (TRUE_WORDS.has(s)) return true;
  if (FALSE_WORDS.has(s)) return false;
  return undefined;
}

/** lower(trim(email)): the key people are resolved by across sources. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL_SHAPE = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** A plausible address: something@domain.tld, no spaces. Not a full RFC 5322 check. */
export function looksLikeEmail(s: string): boolean {
  return EMAIL_SHAPE.test(s);
}

/** Splits a tag cell: `"vip, denver"`, `VIP;Blog`, `"VIP","Blog"` (Mailchimp quotes each tag). */
export function parseTags(raw: string): string[] {
  const s = raw.trim();
  if (s === '') return [];
  const parts = s.split(/[,;|]/);
  const tags: string[] = [];
  for (const part of parts) {
    const t = part
      .trim()
      .replace(/^"+|"+$/g, '')
      .trim();
    if (t !== '' && !tags.includes(t)) tags.push(t);
  }
  return tags;
}

// ─── Time zones ───────────────────────────────────────────────────────────────

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Z']);

/** Throws invalid-argument for a zone name that is not an IANA zone. */
export function assertTimeZone(zone: string): void {
  if (UTC_ZONES.has(zone)) return;
  if (!IANAZone.isValidZone(zone)) {
    fail(
      'invalid-argument',
      `"${zone}" is not a time zone Loupe knows. Use an IANA name such as "Europe/Berlin" or "America/New_York".`,
    );
  }
}

const offsetCache = new Map<string, Map<number, number>>();
const OFFSET_CACHE_LIMIT = 200_000;

/**
 * Milliseconds since the epoch of a wall-clock time in `zone`. A time that does
 * not exist (the hour skipped when clocks go forward) moves forward by the gap;
 * a time that occurs twice (the hour repeated when clocks go back) reads as the
 * second occurrence, in standard time. Both are PostgreSQL's rules too, so a
 * value reads the same here as in a `timestamp AT TIME ZONE` query.
 */
export function wallTimeToEpoch(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
  zone: string,
): number {
  const wallMinute = Date.UTC(year, month - 1, day, hour, minute);
  if (UTC_ZONES.has(zone)) return wallMinute + second * 1000 + millisecond;
  let cache = offsetCache.get(zone);
  if (cache === undefined) {
    cache = new Map();
    offsetCache.set(zone, cache);
  }
  let shift = cache.get(wallMinute);
  if (shift === undefined) {
    const dt = DateTime.fromObject({ year, month, day, hour, minute }, { zone });
    if (!dt.isValid) return NaN;
    shift = dt.toMillis() - wallMinute;
    if (cache.size >= OFFSET_CACHE_LIMIT) cache.clear();
    cache.set(wallMinute, shift);
  }
  return wallMinute + shift + second * 1000 + millisecond;
}

// ─── Instants ─────────────────────────────────────────────────────────────────

export interface TimestampOptions {
  /** A luxon format (`dd/MM/yyyy HH:mm`) from a saved mapping; when set, only it is accepted. */
  format?: string;
  /** Read `03/04/2024` as 3 April (day first) instead of March 4 (US exports). */
  dayFirst?: boolean;
}

const ISO_LIKE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const ISO_DATE_12H = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp])\.?[Mm]\.?$/;
const SLASH_DATE =
  /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([AaPp])\.?[Mm]\.?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/;
const YMD_SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const NAMED_MONTH_FIRST =
  /^(?:[A-Za-z]{3,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([AaPp])\.?[Mm]\.?)?)?(?:\s+(Z|UTC|GMT|[+-]\d{2}:?\d{2}))?$/;
const DAY_FIRST_NAMED =
  /^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:([AaPp])\.?[Mm]\.?)?)?(?:\s+(Z|UTC|GMT|[+-]\d{2}:?\d{2}))?$/;
const UNIX_SECONDS = /^\d{9,10}(?:\.\d+)?$/;
const UNIX_MILLIS = /^\d{12,13}$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

function monthNumber(name: string): number {
  const lower = name.toLowerCase();
  const m = MONTHS[lower] ?? MONTHS[lower.slice(0, 3)];
  if (m === undefined) return 0;
  // "Jun", "June", "Sept" are months; "Junk" is not.
  const full = FULL_MONTHS[m - 1];
  return lower.length === 3 || lower === 'sept' || full === lower ? m : 0;
}

const FULL_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDate(y: number, m: number, d: number): boolean {
  return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function fullYear(text: string): number {
  const y = Number(text);
  if (text.length === 4) return y;
  // Two-digit years: 70–99 are the 1900s, 00–69 the 2000s (the POSIX pivot).
  return y >= 70 ? 1900 + y : 2000 + y;
}

/** Minutes east of UTC for `Z`, `+02:00`, `-0500`, `+05`; NaN when malformed. */
function offsetMinutes(text: string): number {
  const t = text.toUpperCase();
  if (t === 'Z' || t === 'UTC' || t === 'GMT') return 0;
  const sign = t[0] === '-' ? -1 : 1;
  const digits = t.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (!(hours <= 18 && minutes < 60)) return NaN;
  return sign * (hours * 60 + minutes);
}

function hour24(hour: number, meridiem: string | undefined): number {
  if (meridiem === undefined) return hour <= 23 ? hour : NaN;
  if (hour < 1 || hour > 12) return NaN;
  const pm = meridiem === 'p' || meridiem === 'P';
  return (hour % 12) + (pm ? 12 : 0);
}

function instant(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  offset: string | undefined,
  zone: string,
): number {
  if (!validDate(y, mo, d) || !(h >= 0 && h <= 23) || !(mi >= 0 && mi <= 59) || !(s >= 0 && s <= 59))
    return NaN;
  if (offset !== undefined) {
    const off = offsetMinutes(offset);
    if (Number.isNaN(off)) return NaN;
    return Date.UTC(y, mo - 1, d, h, mi, s, ms) - off * 60_000;
  }
  return wallTimeToEpoch(y, mo, d, h, mi, s, ms, zone);
}

function fraction(text: string | undefined): number {
  if (text === undefined) return 0;
  return Math.floor(Number(`0.${text}`) * 1000);
}

/**
 * An instant, as milliseconds since the epoch. Accepts ISO 8601 with an offset
 * or Z (read as written), naive ISO (`2010-12-01 08:26:00`, read in `zone`),
 * dates alone (midnight in `zone`), unix seconds or milliseconds, US `M/D/YYYY`
 * with optional `h:mm am/pm`, `D.M.YYYY`, and named months (`Jun 09, 2018 09:30
 * pm`, `9 June 2018 21:30`). Returns null when empty, NaN when unreadable.
 */
export function parseTimestamp(raw: string, zone: string, opts?: TimestampOptions): number | null {
  const s = raw.trim();
  if (s.length === 0 || isMissing(s)) return null;
  if (opts?.format !== undefined) {
    const dt = DateTime.fromFormat(s, opts.format, { zone, setZone: true });
    return dt.isValid ? dt.toMillis() : NaN;
  }
  const c0 = s.charCodeAt(0);
  if (c0 >= 48 && c0 <= 57) {
    if (s.length >= 9 && s.length <= 14 && UNIX_SECONDS.test(s)) return Math.round(Number(s) * 1000);
    if (UNIX_MILLIS.test(s)) return Number(s);
    const iso = ISO_LIKE.exec(s);
    if (iso) {
      return instant(
        Number(iso[1]),
        Number(iso[2]),
        Number(iso[3]),
        iso[4] === undefined ? 0 : Number(iso[4]),
        iso[5] === undefined ? 0 : Number(iso[5]),
        iso[6] === undefined ? 0 : Number(iso[6]),
        fraction(iso[7]),
        iso[8],
        zone,
      );
    }
    const iso12 = ISO_DATE_12H.exec(s);
    if (iso12) {
      return instant(
        Number(iso12[1]),
        Number(iso12[2]),
        Number(iso12[3]),
        hour24(Number(iso12[4]), iso12[7]),
        Number(iso12[5]),
        iso12[6] === undefined ? 0 : Number(iso12[6]),
        0,
        undefined,
        zone,
      );
    }
    const compact = COMPACT_DATE.exec(s);
    if (compact)
      return instant(Number(compact[1]), Number(compact[2]), Number(compact[3]), 0, 0, 0, 0, undefined, zone);
    const ymd = YMD_SLASH.exec(s);
    if (ymd) {
      return instant(
        Number(ymd[1]),
        Number(ymd[2]),
        Number(ymd[3]),
        ymd[4] === undefined ? 0 : Number(ymd[4]),
        ymd[5] === undefined ? 0 : Number(ymd[5]),
        ymd[6] === undefined ? 0 : Number(ymd[6]),
        0,
        undefined,
        zone,
      );
    }
    const slash = SLASH_DATE.exec(s);
    if (slash) {
      // Dots (31.12.2024) are only ever written day first.
      const dayFirst = opts?.dayFirst === true || slash[2] === '.';
      const a = Number(slash[1]);
      const b = Number(slash[3]);
      const month = dayFirst ? b : a;
      const day = dayFirst ? a : b;
      const h = slash[5] === undefined ? 0 : hour24(Number(slash[5]), slash[8]);
      return instant(
        fullYear(slash[4]),
        month,
        day,
        h,
        slash[6] === undefined ? 0 : Number(slash[6]),
        slash[7] === undefined ? 0 : Number(slash[7]),
        0,
        slash[9],
        zone,
      );
    }
    const dayNamed = DAY_FIRST_NAMED.exec(s);
    if (dayNamed) return namedInstant(dayNamed[2], dayNamed[1], dayNamed, zone);
    return NaN;
  }
  const named = NAMED_MONTH_FIRST.exec(s);
  if (named) return namedInstant(named[1], named[2], named, zone);
  const dayNamed = DAY_FIRST_NAMED.exec(s);
  if (dayNamed) return namedInstant(dayNamed[2], dayNamed[1], dayNamed, zone);
  return NaN;
}

function namedInstant(monthName: string, dayText: string, m: RegExpExecArray, zone: string): number {
  const month = monthNumber(monthName);
  if (month === 0) return NaN;
  const h = m[4] === undefined ? 0 : hour24(Number(m[4]), m[7]);
  return instant(
    Number(m[3]),
    month,
    Number(dayText),
    h,
    m[5] === undefined ? 0 : Number(m[5]),
    m[6] === undefined ? 0 : Number(m[6]),
    0,
    m[8],
    zone,
  );
}

const MS_PER_DAY = 86_400_000;
const dayPrefixes = new Map<number, string>();
let lastDay = NaN;
let lastPrefix = '';
// Filled up front so the array keeps fast elements (a sparse one of this size would be a dictionary).
const secondsOfDay: string[] = Array.from({ length: 86_400 }, () => '');

/**
 * ISO 8601 in UTC with milliseconds: the form every record carries. Whole
 * seconds (all that unix-second exports have) are put together from a cached
 * date part and a cached time of day, which costs a fraction of formatting a
 * Date on a million rows and allocates one small string.
 */
export function toIso(epochMs: number): string {
  const day = Math.floor(epochMs / MS_PER_DAY);
  const rest = epochMs - day * MS_PER_DAY;
  // Years outside 0000–9999 have an expanded form; fractions of a second are rare: Date writes both.
  if (rest % 1000 !== 0 || !(day >= -719_528 && day < 2_932_897)) return new Date(epochMs).toISOString();
  let prefix = day === lastDay ? lastPrefix : dayPrefixes.get(day);
  if (prefix === undefined) {
    if (dayPrefixes.size >= 20_000) dayPrefixes.clear();
    prefix = new Date(day * MS_PER_DAY).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  lastDay = day;
  lastPrefix = prefix;
  const second = rest / 1000;
  let time = secondsOfDay[second];
  if (time === '') {
    time = new Date(epochMs).toISOString().slice(11);
    secondsOfDay[second] = time;
  }
  return prefix + time;
}

// ─── Calendar days ────────────────────────────────────────────────────────────

/**
 * A calendar day as `YYYY-MM-DD`, read as written (no zone): `2024-01-31`,
 * `1/31/2024`, `31.01.2024`, `Jan 31, 2024`, `20240131`, or a timestamp whose
 * date part is taken. Returns null when empty, undefined when unreadable.
 */
export function parseDay(raw: string, opts?: TimestampOptions): string | null | undefined {
  const s = raw.trim();
  if (s.length === 0 || isMissing(s)) return null;
  if (opts?.format !== undefined) {
    const dt = DateTime.fromFormat(s, opts.format, { zone: 'UTC' });
    return dt.isValid ? (dt.toISODate() ?? undefined) : undefined;
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(s);
  if (iso) {
    const y = Number(iso[1]);
    const m = Number(iso[2]);
    const d = Number(iso[3]);
    // Validate the rest of a timestamp too, so "2024-01-31 garbage" is not a day.
    if (iso[0].length < s.length && Number.isNaN(parseTimestamp(s, 'UTC'))) return undefined;
    return validDate(y, m, d) ? formatDay(y, m, d) : undefined;
  }
  // Unix numbers are instants, not days.
  if (UNIX_SECONDS.test(s) || UNIX_MILLIS.test(s)) return undefined;
  const ms = parseTimestamp(s, 'UTC', opts);
  if (ms === null) return null;
  if (Number.isNaN(ms)) return undefined;
  const d = new Date(ms);
  return formatDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function formatDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A month as the first and last day it covers: `2024-01`, `2024-01-01` (any day
 * of the month), `Jan 2024`, `January 2024`, `1/2024`. undefined when unreadable.
 */
export function parseMonth(raw: string): { start: string; end: string } | null | undefined {
  const s = raw.trim();
  if (s.length === 0 || isMissing(s)) return null;
  let year: number;
  let month: number;
  let m = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ].*)?$/.exec(s);
  if (m) {
    year = Number(m[1]);
    month = Number(m[2]);
    if (m[3] !== undefined && !validDate(year, month, Number(m[3]))) return undefined;
  } else if ((m = /^([A-Za-z]{3,9})\.?,?\s+(\d{4})$/.exec(s))) {
    month = monthNumber(m[1]);
    year = Number(m[2]);
  } else if ((m = /^(\d{1,2})\/(\d{4})$/.exec(s))) {
    month = Number(m[1]);
    year = Number(m[2]);
  } else {
    const day = parseDay(s);
    if (day === null || day === undefined) return day;
    year = Number(day.slice(0, 4));
    month = Number(day.slice(5, 7));
  }
  if (!validDate(year, month, 1)) return undefined;
  return { start: formatDay(year, month, 1), end: formatDay(year, month, daysInMonth(year, month)) };
}
