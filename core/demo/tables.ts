/** A value the demo writes into one column. Objects become JSON. */
export type Cell = string | number | boolean | null | Record<string, unknown> | unknown[];

/**
 * Rows for one table, collected in memory and loaded with one COPY. Every row
 * names every column, so a column can never silently shift.
 */
export class TableRows<C extends string> {
  readonly rows: Record<C, Cell>[] = [];

  constructor(
    readonly table: string,
    readonly columns: readonly C[],
  ) {}

  add(row: Record<C, Cell>): void {
    this.rows.push(row);
  }

  get size(): number {
    return this.rows.length;
  }

  /** `COPY … FROM '/dev/blob'` and its CSV data. */
  toCopy(): { sql: string; copyData: string } {
    const lines: string[] = [];
    for (const row of this.rows) lines.push(this.columns.map((c) => csvCell(row[c])).join(','));
    return {
      sql: `COPY ${this.table} (${this.columns.join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`,
      copyData: lines.length > 0 ? `${lines.join('\n')}\n` : '',
    };
  }
}

/**
 * CSV as PostgreSQL's COPY reads it: an unquoted empty field is NULL, so every
 * string is quoted (an empty string stays an empty string).
 */
export function csvCell(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`Cannot write ${v} to the database.`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return `"${text.replace(/"/g, '""')}"`;
}

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The UTC calendar date of a moment, as YYYY-MM-DD. */
export function isoDate(ms: number): string {
  return iso(ms).slice(0, 10);
}

export function startOfUtcDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Money with two decimals, as text so no binary fraction reaches the database. */
export function money(amount: number): string {
  return (Math.round(amount * 100) / 100).toFixed(2);
}
