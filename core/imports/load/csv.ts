/**
 * Rows for `COPY … FROM '/dev/blob' WITH (FORMAT csv)`. In CSV format an
 * unquoted empty field is NULL and a quoted one ("") is the empty string, so
 * every text value is quoted and only absent values stay empty: a record that
 * leaves a field undefined must reach the merge as NULL ("the file does not
 * say"), never as ''.
 */

export type CopyValue = string | number | boolean | null | undefined | object;

/** One CSV field. */
export function csvField(value: CopyValue): string {
  if (value === undefined || value === null) return '';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : '';
    case 'boolean':
      return value ? 't' : 'f';
    default:
      return quote(JSON.stringify(value));
  }
}

function quote(text: string): string {
  // NUL cannot be stored in a PostgreSQL text value; a file that has one is damaged there.
  const clean = text.includes('\u0000') ? text.split('\u0000').join('') : text;
  return clean.includes('"') ? `"${clean.replace(/"/g, '""')}"` : `"${clean}"`;
}

/** One CSV line (with its newline) from the values in column order. */
export function csvLine(values: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ',';
    line += csvField(values[i]);
  }
  return `${line}\n`;
}
