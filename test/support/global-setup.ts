import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One migrated template database per test run, shared by every test's fresh data
 * folder: initialising Postgres costs seconds, copying the template milliseconds.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-template-cache-'));
  process.env['LOUPE_TEMPLATE_CACHE'] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
