/**
 * Small SQL-text helpers for the loader. Values that come from the file never
 * go through these: they reach the database by COPY into typed staging tables.
 * Only identifiers and values Loupe made itself (a batch id from randomUUID, a
 * validated currency code) are written into statements, quoted here.
 */

import { lit } from '../../db/sql-literal';

export { lit };

export function uuidLit(id: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw new Error(`Not a uuid: ${id}`);
  }
  return `'${id}'::uuid`;
}

/** A CASE that maps the values of `expr` through `map`; values not in it give `otherwise`. */
export function caseMap(expr: string, map: Record<string, string>, otherwise = 'NULL'): string {
  const whens = Object.entries(map)
    .map(([from, to]) => `WHEN ${lit(from)} THEN ${lit(to)}`)
    .join(' ');
  return `(CASE ${expr} ${whens} ELSE ${otherwise} END)`;
}

/**
 * The key a person reference is grouped and found by: its source, the source's
 * id for the person (when the row names one) and the normalised email (when it
 * has one). A plain text key, so joins on it can hash.
 */
export function refKey(src: string, extId: string, emailNorm: string): string {
  return `(${src} || '|' || coalesce(${extId}, '') || '|' || coalesce(lower(${emailNorm}::text), ''))`;
}
