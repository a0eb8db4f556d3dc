/**
 * The closed set of error codes that cross the boundary between the backend and
 * any shell (Electron window, CLI, browser bridge). Expected failures are returned
 * as data with one of these codes; anything else becomes `internal`.
 */
export const ERROR_CODES = [
  'invalid-argument',
  'not-found',
  'already-exists',
  'confirmation-required',
  'workspace-locked',
  'workspace-not-open',
  'workspace-too-new',
  'migration-checksum-mismatch',
  'migration-failed',
  'workspace-unreadable',
  'data-folder-unavailable',
  'read-only-violation',
  'query-failed',
  'unknown-handler',
  'cancelled',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ServiceErrorData {
  code: ErrorCode;
  /** A sentence a marketer can act on: what went wrong and what to do next. */
  message: string;
  details?: Record<string, unknown>;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Process exit code used by the CLI for each error code (stable, documented in the README). */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'invalid-argument':
    case 'unknown-handler':
    case 'confirmation-required':
      return 2;
    case 'not-found':
      return 3;
    case 'workspace-locked':
      return 4;
    case 'cancelled':
      return 130;
    case 'internal':
      return 70;
    default:
      return 1;
  }
}
