import { expect } from 'vitest';
import { ServiceError } from '../../../core/errors';

export const DAY = 86_400_000;
/** A fixed scoring time: 2025-06-15 12:00 UTC. */
export const NOW = Date.UTC(2025, 5, 15, 12);
/** The time `d` days before NOW (fractions allowed). */
export const ago = (d: number): number => NOW - d * DAY;

/** Runs `f`, expecting an invalid-argument ServiceError whose message matches `message`. */
export function expectInvalid(f: () => unknown, message?: RegExp): ServiceError {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ServiceError);
  const err = caught as ServiceError;
  expect(err.code).toBe('invalid-argument');
  if (message) expect(err.message).toMatch(message);
  return err;
}
