import { fail } from '../../errors';
import type { MapContext, RowMapper, RowOutcome } from '../format';
import type { CanonicalRecord } from '../records';
import {
  looksLikeEmail,
  normalizeEmail,
  parseBoolean,
  parseCount,
  parseDay,
  parseInteger,
  parseMoney,
  parseNumber,
  parseRate,
  parseTimestamp,
  toIso,
} from '../values';
import type { TimestampOptions } from '../values';

/**
 * What every format module shares: finding its columns in a header by the
 * names the source uses, reading typed values out of a row, and turning a value
 * that does not read into a rejection that names the column, the value and what
 * was expected.
 */

/** trim, drop a stray byte-order mark, collapse inner whitespace, lower-case. */
export function normalizeHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/** Letters and digits only, lower-cased: `Invoice_No`, `InvoiceNo` and `invoice no` compare equal. */
export function compactHeader(name: string): string {
  return normalizeHeader(name).replace(/[^a-z0-9]/g, '');
}

export interface Column {
  index: number;
  /** The column's name as the file writes it. */
  name: string;
  /** A value the column holds, shown when a value does not read. */
  example?: string;
}

/** A header looked up by name. Columns a module asks for are "claimed"; the rest can go into attributes. */
export class Columns {
  readonly header: string[];
  private readonly byName = new Map<string, number>();
  private readonly byCompact = new Map<string, number>();
  private readonly claimed = new Set<number>();
  private readonly missing: string[] = [];

  constructor(header: string[]) {
    this.header = header;
    header.forEach((h, i) => {
      const n = normalizeHeader(h);
      if (n !== '' && !this.byName.has(n)) this.byName.set(n, i);
      const c = compactHeader(h);
      if (c !== '' && !this.byCompact.has(c)) this.byCompact.set(c, i);
    });
  }

  indexOf(name: string): number {
    return this.byName.get(normalizeHeader(name)) ?? this.byCompact.get(compactHeader(name)) ?? -1;
  }

  has(name: string): boolean {
    return this.indexOf(name) >= 0;
  }

  /** How many of `names` the header has. */
  count(names: readonly string[]): number {
    let n = 0;
    for (const name of names) if (this.has(name)) n++;
    return n;
  }

  /** The first of `names` the header has (names are alternatives, e.g. renamed columns), claimed. */
  optional(names: string | readonly string[], example?: string): Column | undefined {
    for (const name of typeof names === 'string' ? [names] : names) {
      const index = this.indexOf(name);
      if (index >= 0) {
        this.claimed.add(index);
        return example === undefined
          ? { index, name: this.header[index] }
          : { index, name: this.header[index], example };
      }
    }
    return undefined;
  }

  /** Like optional, but remembers the first name as missing; call assertComplete() after asking for all. */
  required(names: string | readonly string[], example?: string): Column {
    const col = this.optional(names, example);
    if (col !== undefined) return col;
    const first = typeof names === 'string' ? names : names[0];
    this.missing.push(first);
    return { index: -1, name: first };
  }

  /** Throws invalid-argument naming every missing required column and the format. */
  assertComplete(formatLabel: string): void {
    if (this.missing.length === 0) return;
    const list = this.missing.map((m) => `"${m}"`).join(', ');
    const noun = this.missing.length === 1 ? 'column' : 'columns';
    fail(
      'invalid-argument',
      `This file was read as a ${formatLabel}, but it has no ${list} ${noun}. Export it again with ${this.missing.length === 1 ? 'that column' : 'those columns'}, or choose another format or a column mapping.`,
      { missingColumns: [...this.missing], format: formatLabel },
    );
  }

  /** Columns nobody claimed, with non-empty names: what goes into a record's attributes. */
  unclaimed(): Column[] {
    const cols: Column[] = [];
    this.header.forEach((name, index) => {
      if (!this.claimed.has(index) && name.trim() !== '') cols.push({ index, name: name.trim() });
    });
    return cols;
  }
}

/** A value that does not read: becomes a rejection of the row. */
export class RowProblem extends Error {
  readonly field: string | undefined;
  constructor(reason: string, field?: string) {
    super(reason);
    this.name = 'RowProblem';
    this.field = field;
  }
}

export function reject(reason: string, field?: string): never {
  throw new RowProblem(reason, field);
}

/** The trimmed cell, undefined when the column is absent or the cell empty. */
export function cell(row: string[], col: Column | undefined): string | undefined {
  if (col === undefined || col.index < 0) return undefined;
  const raw = row[col.index];
  if (raw === undefined || raw.length === 0) return undefined;
  const c0 = raw.charCodeAt(0);
  const s = c0 > 32 && raw.charCodeAt(raw.length - 1) > 32 ? raw : raw.trim();
  return s.length === 0 ? undefined : s;
}

export function requireCell(row: string[], col: Column): string {
  const v = cell(row, col);
  if (v === undefined) reject(`${col.name} is empty`, col.name);
  return v;
}

function quoteValue(raw: string): string {
  const s = raw.length > 80 ? `${raw.slice(0, 77)}…` : raw;
  return `"${s}"`;
}

type NumberKind = 'number' | 'count' | 'integer' | 'rate' | 'money' | 'cost';

const NUMBER_EXPECTATION: Record<NumberKind, string> = {
  number: 'is not a number (expected like "1,234.56")',
  count: 'is not a count (expected a whole number like "1,234")',
  integer: 'is not a whole number (expected like "12" or "-1")',
  rate: 'is not a rate (expected like "48.43%" or "0.4843")',
  money: 'is not an amount (expected like "1,234.50")',
  cost: 'is not an amount (expected like "1,234.50")',
};

/** A numeric cell; undefined when empty or a "no value" word; rejects the row when unreadable. */
export function numberCell(
  row: string[],
  col: Column | undefined,
  ctx: Pick<MapContext, 'decimalComma'>,
  kind: NumberKind = 'number',
): number | undefined {
  if (col === undefined) return undefined;
  const raw = cell(row, col);
  if (raw === undefined) return undefined;
  const opts = ctx.decimalComma ? { decimalComma: true } : undefined;
  let value: number | null;
  switch (kind) {
    case 'count':
      value = parseCount(raw, opts);
      break;
    case 'integer':
      value = parseInteger(raw, opts);
      break;
    case 'rate':
      value = parseRate(raw, opts);
      break;
    case 'money':
    case 'cost': {
      const m = parseMoney(raw, opts);
      value = m === null ? null : m.value;
      break;
    }
    default:
      value = parseNumber(raw, opts);
  }
  if (value === null) return undefined;
  if (Number.isNaN(value)) reject(`${col.name} ${quoteValue(raw)} ${NUMBER_EXPECTATION[kind]}`, col.name);
  // An ad platform's cost column is never below zero (credits are account adjustments, not
  // report rows), so a negative one is damage or a typo; summing it would understate spend
  // and flatter every ROI and ROAS. Generic spend sheets read through a mapping may hold
  // credits and use 'money'.
  if (kind === 'cost' && value < 0)
    reject(`${col.name} ${quoteValue(raw)} is negative; a cost cannot be below zero`, col.name);
  return value;
}

export function requireNumber(
  row: string[],
  col: Column,
  ctx: Pick<MapContext, 'decimalComma'>,
  kind: NumberKind = 'number',
): number {
  const v = numberCell(row, col, ctx, kind);
  if (v === undefined) reject(`${col.name} is empty`, col.name);
  return v;
}

/** The currency a money cell names (`€12,50` → EUR), if any. */
export function currencyOf(row: string[], col: Column | undefined): string | undefined {
  const raw = cell(row, col);
  if (raw === undefined) return undefined;
  return parseMoney(raw)?.currency;
}

function dateHint(raw: string, opts: TimestampOptions | undefined): string {
  const m = /^(\d{1,2})[/-](\d{1,2})[/-]\d{2,4}/.exec(raw);
  if (m !== null && opts?.dayFirst !== true && Number(m[1]) > 12 && Number(m[2]) <= 12) {
    return '; it reads like day/month/year, which this file is not set up for';
  }
  return '';
}

/** An instant cell as ISO UTC; undefined when empty; rejects the row when unreadable. */
export function instantCell(
  row: string[],
  col: Column | undefined,
  zone: string,
  opts?: TimestampOptions,
): string | undefined {
  if (col === undefined) return undefined;
  const raw = cell(row, col);
  if (raw === undefined) return undefined;
  const ms = parseTimestamp(raw, zone, opts);
  if (ms === null) return undefined;
  if (Number.isNaN(ms)) {
    const example = col.example ?? '2024-03-01 14:30';
    reject(
      `${col.name} ${quoteValue(raw)} is not a date (expected like "${example}"${dateHint(raw, opts)})`,
      col.name,
    );
  }
  return toIso(ms);
}

export function requireInstant(row: string[], col: Column, zone: string, opts?: TimestampOptions): string {
  const v = instantCell(row, col, zone, opts);
  if (v === undefined) reject(`${col.name} is empty`, col.name);
  return v;
}

/** A calendar-day cell as YYYY-MM-DD; undefined when empty; rejects when unreadable. */
export function dayCell(row: string[], col: Column | undefined, opts?: TimestampOptions): string | undefined {
  if (col === undefined) return undefined;
  const raw = cell(row, col);
  if (raw === undefined) return undefined;
  const day = parseDay(raw, opts);
  if (day === null) return undefined;
  if (day === undefined) {
    const example = col.example ?? '2024-03-01';
    reject(
      `${col.name} ${quoteValue(raw)} is not a date (expected like "${example}"${dateHint(raw, opts)})`,
      col.name,
    );
  }
  return day;
}

export function booleanCell(row: string[], col: Column | undefined): boolean | undefined {
  if (col === undefined) return undefined;
  const raw = cell(row, col);
  if (raw === undefined) return undefined;
  const b = parseBoolean(raw);
  if (b === null) return undefined;
  if (b === undefined) reject(`${col.name} ${quoteValue(raw)} is not yes or no`, col.name);
  return b;
}

export interface EmailValue {
  email: string;
  emailNormalized: string;
}

/** An email cell; undefined when empty; rejects the row when it is not an address. */
export function emailCell(row: string[], col: Column | undefined): EmailValue | undefined {
  if (col === undefined) return undefined;
  const raw = cell(row, col);
  if (raw === undefined) return undefined;
  if (!looksLikeEmail(raw)) reject(`${col.name} ${quoteValue(raw)} is not an email address`, col.name);
  return { email: raw, emailNormalized: normalizeEmail(raw) };
}

export function requireEmail(row: string[], col: Column): EmailValue {
  const v = emailCell(row, col);
  if (v === undefined) reject(`${col.name} is empty`, col.name);
  return v;
}

/** Non-empty cells of `cols`, by column name. */
export function attributesOf(row: string[], cols: readonly Column[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const col of cols) {
    const v = cell(row, col);
    if (v !== undefined) out[col.name] = v;
  }
  return out;
}

export function isBlankRow(row: string[]): boolean {
  for (const v of row) {
    if (v.length > 0 && v.trim().length > 0) return false;
  }
  return true;
}

export interface MapperImpl {
  /** Records for the row, or an outcome (skipped…); throw RowProblem (via reject) to reject it. */
  map(row: string[], rowNumber: number): CanonicalRecord[] | RowOutcome;
  flush?(): RowOutcome[];
}

/**
 * Wraps a module's row function with what every format shares: blank rows are
 * skipped, a row with more values than the header has columns is rejected (an
 * unquoted delimiter inside a value shifts every column after it), and a
 * RowProblem becomes a rejection.
 */
export function rowMapper(header: readonly string[], impl: MapperImpl): RowMapper {
  const width = header.length;
  return {
    map(row, rowNumber) {
      if (row.length === 1 && row[0].trim() === '') return { kind: 'skipped', why: 'blank' };
      if (row.length > width) {
        for (let i = width; i < row.length; i++) {
          if (row[i].trim() !== '') {
            return {
              kind: 'rejected',
              reason: `The row has ${row.length} values but the header has ${width} columns (a value may hold an unquoted delimiter)`,
            };
          }
        }
      }
      if (isBlankRow(row)) return { kind: 'skipped', why: 'blank' };
      try {
        const out = impl.map(row, rowNumber);
        return Array.isArray(out) ? { kind: 'records', records: out } : out;
      } catch (e) {
        if (e instanceof RowProblem) {
          return e.field === undefined
            ? { kind: 'rejected', reason: e.message }
            : { kind: 'rejected', reason: e.message, field: e.field };
        }
        throw e;
      }
    },
    flush() {
      return impl.flush?.() ?? [];
    },
  };
}
