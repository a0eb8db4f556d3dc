import type { WorkspaceDb } from '../../db/workspace-db';
import { fail } from '../../errors';
import type { CampaignGrouping, RevenueBasis, TimeUnit } from './types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GROUPINGS: readonly CampaignGrouping[] = [
  'campaign',
  'batch',
  'variant',
  'retailer',
  'region',
  'channel',
];
const UNITS: readonly TimeUnit[] = ['day', 'week', 'month'];
const BASES: readonly RevenueBasis[] = ['linked', 'email-attributed'];

export const DEFAULT_ATTRIBUTION_WINDOW_DAYS = 7;
const MAX_ATTRIBUTION_WINDOW_DAYS = 365;

export function uuidList(value: unknown, what: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) fail('invalid-argument', `${what} must be a list of ids.`, { [what]: value });
  const bad = value.find((v) => typeof v !== 'string' || !UUID.test(v));
  if (bad !== undefined) {
    fail('invalid-argument', `${what} must hold ids like 3f2b…-…; "${String(bad)}" is not one.`, {
      [what]: String(bad),
    });
  }
  return [...new Set((value as string[]).map((v) => v.toLowerCase()))].sort();
}

export function uuid(value: unknown, what: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) {
    fail('invalid-argument', `Choose a campaign: ${what} must be a campaign id.`, { [what]: value ?? null });
  }
  return value.toLowerCase();
}

export function grouping(value: unknown): CampaignGrouping {
  if (value === undefined) return 'campaign';
  if (!GROUPINGS.includes(value as CampaignGrouping)) {
    fail('invalid-argument', `Group campaign performance by one of: ${GROUPINGS.join(', ')}.`, {
      groupBy: String(value),
    });
  }
  return value as CampaignGrouping;
}

export function timeUnit(value: unknown): TimeUnit {
  if (value === undefined) return 'week';
  if (!UNITS.includes(value as TimeUnit)) {
    fail('invalid-argument', `Show the time series by ${UNITS.join(', ')}.`, { unit: String(value) });
  }
  return value as TimeUnit;
}

export function revenueBasis(value: unknown): RevenueBasis {
  if (value === undefined) return 'linked';
  if (!BASES.includes(value as RevenueBasis)) {
    fail(
      'invalid-argument',
      "Count revenue as 'linked' (everything linked to the campaign) or 'email-attributed' (credited to an email).",
      { revenue: String(value) },
    );
  }
  return value as RevenueBasis;
}

export function attributionWindow(value: unknown): number {
  if (value === undefined) return DEFAULT_ATTRIBUTION_WINDOW_DAYS;
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > MAX_ATTRIBUTION_WINDOW_DAYS) {
    fail(
      'invalid-argument',
      `The attribution window must be a whole number of days from 1 to ${MAX_ATTRIBUTION_WINDOW_DAYS}.`,
      { attributionWindowDays: value as number },
    );
  }
  return value as number;
}

/** A local calendar day, YYYY-MM-DD, that exists. */
export function localDay(value: unknown, what: string): string | undefined {
  if (value === undefined) return undefined;
  const ok =
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
  if (!ok) fail('invalid-argument', `${what} must be a date written YYYY-MM-DD.`, { [what]: String(value) });
  return value as string;
}

/** A number in a range, or the default. */
export function numberIn(
  value: unknown,
  what: string,
  fallback: number,
  min: number,
  max: number,
  opts: { integer?: boolean; exclusiveMin?: boolean } = {},
): number {
  if (value === undefined) return fallback;
  const n = value as number;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(n) &&
    (opts.exclusiveMin ? n > min : n >= min) &&
    n <= max &&
    (!opts.integer || Number.isInteger(n));
  if (!ok) {
    const kind = opts.integer ? 'a whole number' : 'a number';
    const low = opts.exclusiveMin ? `above ${min}` : `from ${min}`;
    fail('invalid-argument', `${what} must be ${kind} ${low} to ${max}.`, { [what]: String(value) });
  }
  return n;
}

export interface WorkspaceSettings {
  timeZone: string;
  currency: string;
}

/** The zone periods are cut in and the currency money is reported in: the workspace organization's. */
export async function workspaceSettings(db: WorkspaceDb): Promise<WorkspaceSettings> {
  const res = await db.query(
    `SELECT timezone, currency FROM organizations WHERE organization_id = loupe.local_organization_id()`,
  );
  const row = res.rows[0];
  const timeZone = typeof row?.['timezone'] === 'string' && row['timezone'] ? row['timezone'] : 'UTC';
  const currency =
    typeof row?.['currency'] === 'string' && /^[A-Z]{3}$/.test(row['currency']) ? row['currency'] : 'USD';
  return { timeZone, currency };
}
