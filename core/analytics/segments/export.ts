import type { WorkspaceDb } from '../../db/workspace-db';
import { loadSegment, text } from './store';

/** Mailchimp's audience-import header, plus its Tags column (tags separated by commas in one cell). */
export const EXPORT_HEADER = ['Email Address', 'First Name', 'Last Name', 'Tags'] as const;

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/**
 * A segment's active members with an address, as CSV an ESP imports: one line per
 * address (two people sharing one address give one line, the one first seen
 * earliest), sorted by address ignoring case, CRLF line ends.
 */
export async function exportMembers(db: WorkspaceDb, id: string): Promise<string> {
  const segment = await loadSegment(db, id);
  const r = await db.query(
    `SELECT DISTINCT ON (c.email) c.email::text AS email, c.first_name, c.last_name, c.tags
       FROM segment_memberships m
       JOIN customers c ON c.id = m.customer_id
      WHERE m.segment_id = $1::uuid AND m.is_active AND nullif(btrim(c.email::text), '') IS NOT NULL
      ORDER BY c.email, c.first_seen_at, c.id`,
    [segment.id],
  );
  const rows = r.rows.map((row) => {
    const tags = Array.isArray(row['tags'])
      ? row['tags'].filter((t): t is string => typeof t === 'string')
      : [];
    return [
      text(row['email']) ?? '',
      text(row['first_name']) ?? '',
      text(row['last_name']) ?? '',
      tags.join(','),
    ];
  });
  // Sorted here, by code unit, so the file does not depend on the database's collation.
  rows.sort((a, b) => compare(a[0] as string, b[0] as string));
  return csvLine(EXPORT_HEADER) + rows.map(csvLine).join('');
}

function compare(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
