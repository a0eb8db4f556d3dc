import { readdirSync, readFileSync } from 'node:fs';

/**
 * The SELECTs the design documents print (their sample queries and the bodies of
 * their views), vendored under test/fixtures/design-doc-queries with a header of
 * `-- key: value` lines: document, section, and where it applies `fails`,
 * `corrected`, `corrects`, `renames`, `canonical`, `extension`.
 */

export const FIXTURES = new URL('../fixtures/design-doc-queries/', import.meta.url);

export interface Fixture {
  file: string;
  headers: Map<string, string>;
  sql: string;
}

export function readFixture(file: string): Fixture {
  const text = readFileSync(new URL(file, FIXTURES), 'utf8');
  const split = text.indexOf('\n\n');
  const headers = new Map<string, string>();
  for (const line of text.slice(0, split).split('\n')) {
    const m = /^-- ([a-z-]+): (.*)$/.exec(line);
    if (!m?.[1] || m[2] === undefined)
      throw new Error(`${file}: header line "${line}" is not "-- key: value"`);
    headers.set(m[1], m[2].trim());
  }
  return { file, headers, sql: text.slice(split + 2).trim() };
}

/**
 * A name another document keeps is read under the clear name its meaning got
 * (crm-design.md's customers are crm_customers): only table references change.
 */
export function withRenames(fixture: Fixture): string {
  let sql = fixture.sql;
  for (const pair of (fixture.headers.get('renames') ?? '').split(',').filter((p) => p.trim())) {
    const [from, to] = pair.split('=').map((s) => s.trim());
    if (!from || !to) throw new Error(`${fixture.file}: bad rename "${pair}"`);
    const pattern = new RegExp(`\\b(FROM|JOIN)\\s+${from}\\b`, 'g');
    if (!pattern.test(sql)) throw new Error(`${fixture.file}: "${from}" is never read`);
    sql = sql.replace(pattern, `$1 ${to}`);
  }
  return sql;
}

/** Every printed query (not the corrected forms, not the sample data), by file name. */
export function printedQueries(): Fixture[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.sql') && !f.endsWith('.corrected.sql') && f !== 'sample-data.sql')
    .sort()
    .map(readFixture);
}

/**
 * The SQL to run for a printed query on a workspace: as printed (with renames),
 * or its corrected form when the printed one fails on every PostgreSQL.
 */
export function runnableSql(fixture: Fixture): string {
  const corrected = fixture.headers.get('fails') ? fixture.headers.get('corrected') : undefined;
  return corrected ? readFixture(corrected).sql : withRenames(fixture);
}
