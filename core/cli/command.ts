import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ArgsOf, HandlerName, ResultOf } from '../api/contract';
import { ServiceError } from '../errors';
import type { Service } from '../service/service';
import type { Output } from './output';

export type Flags = Record<string, string | boolean | string[] | undefined>;

export interface CommandContext {
  /** Created on first use, so `loupe --help` never touches the data folder. */
  service(): Service;
  output: Output;
  json: boolean;
  /** Resolves when the process is asked to stop (Ctrl+C); long-running commands wait on it. */
  stopped: Promise<void>;
}

export interface FlagSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  description: string;
}

export interface Command {
  /** Words before the positional arguments, e.g. ["workspace", "create"]. */
  path: string[];
  usage: string;
  summary: string;
  flags?: Record<string, FlagSpec>;
  run(positionals: string[], flags: Flags, ctx: CommandContext): Promise<void>;
}

/** Calls the service and turns a typed failure into a ServiceError the CLI reports. */
export async function call<N extends HandlerName>(
  ctx: CommandContext,
  name: N,
  args: ArgsOf<N>,
): Promise<ResultOf<N>> {
  const outcome = await ctx.service().invoke(name, args);
  if (!outcome.ok) throw new ServiceError(outcome.error.code, outcome.error.message, outcome.error.details);
  return outcome.value;
}

export function stringFlag(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}

export function usageError(message: string): never {
  throw new ServiceError('invalid-argument', message);
}

/** The --workspace flag every workspace command takes. */
export const WORKSPACE_FLAG = { type: 'string', short: 'w', description: 'Workspace name or id' } as const;

/** The --segment flag of every analysis that can be restricted to a segment's members. */
export const SEGMENT_FLAG = {
  type: 'string',
  description: 'Only the members of this segment (name or id)',
} as const;

export function workspaceFlag(flags: Flags): string {
  const w = stringFlag(flags, 'workspace');
  if (!w) usageError('Say which workspace: --workspace NAME.');
  return w;
}

/** A flag that takes one of a few words; anything else is a usage error naming them. */
export function oneOfFlag<T extends string>(
  flags: Flags,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const v = stringFlag(flags, name);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v))
    usageError(`--${name} is one of ${allowed.join(', ')}, not "${v}".`);
  return v as T;
}

/** A fraction as a percentage with one decimal; — when there is none (a zero denominator). */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)} %`;
}

export function positiveInt(flags: Flags, name: string): number | undefined {
  const v = stringFlag(flags, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1)
    usageError(`--${name} takes a whole number of 1 or more, not "${v}".`);
  return Number(v);
}

/** A segment by name or id. */
export async function segmentId(
  ctx: CommandContext,
  workspace: string,
  ref: string | undefined,
): Promise<string | undefined> {
  if (ref === undefined) return undefined;
  const all = await call(ctx, 'segments/list', { workspace });
  const found = all.find((s) => s.id === ref || s.name.toLowerCase() === ref.toLowerCase());
  if (!found)
    usageError(
      `There is no segment "${ref}" in this workspace.${all.length > 0 ? ` Segments: ${all.map((s) => s.name).join(', ')}.` : ''}`,
    );
  return found.id;
}

/** JSON given inline or as a file path. */
export function jsonArg(value: string, what: string): unknown {
  const text = value.trim().startsWith('{') ? value : readFileSync(resolve(value), 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    usageError(`${what} is not valid JSON: ${(err as Error).message}`);
  }
}
