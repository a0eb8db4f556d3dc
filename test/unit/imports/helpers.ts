import { isAbsolute, join } from 'node:path';
import { expect } from 'vitest';
import { ServiceError } from '../../../core/errors';
import type { ErrorCode } from '../../../core/api/errors';
import { readImportFile } from '../../../core/imports';
import type { CanonicalRecord, FileInfo, ReadOptions, RowRejection } from '../../../core/imports';

export const FIXTURES = join(import.meta.dirname, '../../fixtures/imports');

/** A fixture by its path under test/fixtures/imports (absolute paths are left alone). */
export function fixture(path: string): string {
  return isAbsolute(path) ? path : join(FIXTURES, path);
}

export interface ReadAll {
  info: FileInfo;
  records: CanonicalRecord[];
  rejections: RowRejection[];
  rowsRead: number;
  rowsSkipped: number;
  batches: number;
}

/** Reads a fixture whole through the public pipeline. */
export async function readAll(path: string, opts: Partial<ReadOptions> = {}): Promise<ReadAll> {
  const { info, batches } = readImportFile(fixture(path), { timeZone: 'America/New_York', ...opts });
  const records: CanonicalRecord[] = [];
  const rejections: RowRejection[] = [];
  let rowsRead = 0;
  let rowsSkipped = 0;
  let count = 0;
  for await (const batch of batches) {
    records.push(...batch.records);
    rejections.push(...batch.rejections);
    rowsRead = batch.rowsRead;
    rowsSkipped = batch.rowsSkipped;
    count++;
  }
  return { info: await info, records, rejections, rowsRead, rowsSkipped, batches: count };
}

export function ofKind<K extends CanonicalRecord['kind']>(
  records: CanonicalRecord[],
  kind: K,
): Extract<CanonicalRecord, { kind: K }>[] {
  return records.filter((r): r is Extract<CanonicalRecord, { kind: K }> => r.kind === kind);
}

/** Rejections as `row: reason`, the way a marketer reads them. */
export function reasons(rejections: RowRejection[]): string[] {
  return rejections.map((r) => `${r.rowNumber}: ${r.reason}`);
}

/** Awaits a failure and checks it is a ServiceError with this code and a message matching. */
export async function expectServiceError(
  promise: Promise<unknown>,
  code: ErrorCode,
  message: RegExp | string,
): Promise<ServiceError> {
  let caught: unknown;
  try {
    await promise;
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(ServiceError);
  const error = caught as ServiceError;
  expect(error.code).toBe(code);
  if (typeof message === 'string') expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
  return error;
}
