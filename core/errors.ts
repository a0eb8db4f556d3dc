import type { ErrorCode, ServiceErrorData } from './api/errors';

/**
 * An expected failure: thrown anywhere in the core, returned to every shell as
 * `{ code, message, details }`. Anything else thrown is unexpected and becomes
 * an `internal` error at the service boundary.
 */
export class ServiceError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.details = details;
  }

  toData(): ServiceErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function fail(code: ErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new ServiceError(code, message, details);
}
