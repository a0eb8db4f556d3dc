import { fail } from '../errors';

/**
 * Arguments arrive untyped from the CLI, the bridge and the preload; each handler
 * checks what it reads. These helpers give every check the same wording.
 */
export function asRecord(args: unknown): Record<string, unknown> {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) {
    fail('invalid-argument', 'Expected an object of named arguments.');
  }
  return args as Record<string, unknown>;
}

export function requiredString(args: unknown, key: string, label = key): string {
  const v = asRecord(args)[key];
  if (typeof v !== 'string' || v.trim() === '')
    fail('invalid-argument', `${label} is required.`, { field: key });
  return v.trim();
}

export function optionalString(args: unknown, key: string): string | undefined {
  const v = asRecord(args)[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') fail('invalid-argument', `${key} must be text.`, { field: key });
  return v.trim();
}

export function optionalNullableString(args: unknown, key: string): string | null | undefined {
  const v = asRecord(args)[key];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'string') fail('invalid-argument', `${key} must be text.`, { field: key });
  const t = v.trim();
  return t === '' ? null : t;
}

export function optionalBoolean(args: unknown, key: string): boolean | undefined {
  const v = asRecord(args)[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') fail('invalid-argument', `${key} must be true or false.`, { field: key });
  return v;
}

export function requiredBoolean(args: unknown, key: string): boolean {
  const v = optionalBoolean(args, key);
  if (v === undefined) fail('invalid-argument', `${key} is required.`, { field: key });
  return v;
}

export function optionalArray(args: unknown, key: string): unknown[] | undefined {
  const v = asRecord(args)[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) fail('invalid-argument', `${key} must be a list.`, { field: key });
  return v;
}
