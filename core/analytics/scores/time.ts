import { fail } from '../../errors';

export const DAY_MS = 86_400_000;

/**
 * Whole days elapsed from `at` to `now`: floor((now − at) / 24 h), never negative.
 *
 * Elapsed 24-hour periods, not calendar days: the result does not depend on a time zone,
 * so the same data scores the same on every machine. It can differ by one from a calendar
 * date difference (23:00 → 01:00 next day is 0 elapsed days but 1 calendar day). A time
 * in the future (clock skew, a bad import) counts as 0 days rather than a negative age.
 */
export function elapsedDays(at: number, now: number): number {
  return Math.max(0, Math.floor((now - at) / DAY_MS));
}

export function requireNow(now: number): void {
  if (!Number.isFinite(now))
    fail('invalid-argument', 'The scoring time "now" must be a finite epoch time in ms.', { now });
}

/** A time in epoch ms, or null when the event never happened. */
export function requireTime(name: string, value: number | null): void {
  if (value !== null && !Number.isFinite(value)) {
    fail('invalid-argument', `${name} must be an epoch time in ms or null.`, { [name]: value });
  }
}

/** A count of things: a whole number ≥ 0. */
export function requireCount(name: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 0)) {
    fail('invalid-argument', `${name} must be a whole number of 0 or more.`, { [name]: value });
  }
}

/** "1 day" / "3 days". */
export function days(n: number): string {
  return n === 1 ? '1 day' : `${n} days`;
}
