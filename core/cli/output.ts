import Papa from 'papaparse';
import type { SqlValue } from '../api/sql';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A plain-text table with aligned columns, for humans in a terminal. */
export function formatTable(columns: string[], rows: Record<string, unknown>[]): string {
  if (columns.length === 0) return '(no columns)';
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]): string =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const out = [
    line(columns),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(columns.map((c) => cell(r[c])))),
  ];
  out.push(`(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`);
  return out.join('\n');
}

export function formatCsv(columns: string[], rows: Record<string, SqlValue>[]): string {
  return Papa.unparse(
    {
      fields: columns,
      data: rows.map((r) =>
        columns.map((c) => (r[c] !== null && typeof r[c] === 'object' ? JSON.stringify(r[c]) : r[c])),
      ),
    },
    { newline: '\n' },
  );
}

export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
