import type { ArgsOf, HandlerName, ServiceErrorData } from '../../../core/api';
import type { AppClient } from '../client/types';

export interface QueryState<T> {
  data: T | undefined;
  error: ServiceErrorData | null;
  /** True while a request is out, including background refreshes that keep showing the old data. */
  fetching: boolean;
  /** True until the first answer (data or error) has arrived. */
  loading: boolean;
}

interface Entry {
  name: HandlerName;
  args: unknown;
  state: QueryState<unknown>;
  listeners: Set<() => void>;
  /** Bumped on every fetch; an answer is applied only if no newer fetch started since. */
  generation: number;
}

const INITIAL: QueryState<never> = { data: undefined, error: null, fetching: false, loading: true };

export function queryKey(name: HandlerName, args: unknown): string {
  return `${name} ${stableJson(args)}`;
}

/**
 * The key is the handler name and its arguments as canonical JSON, so equal
 * arguments share one entry however the caller built the object, and the
 * arguments can be read back from the key alone.
 */
function parseKey(key: string): { name: HandlerName; args: unknown } {
  const space = key.indexOf(' ');
  return { name: key.slice(0, space) as HandlerName, args: JSON.parse(key.slice(space + 1)) as unknown };
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A deliberately small cache for read calls: one entry per (handler, args), shared
 * by every component that shows it, refreshed in the background when a mutation
 * or a backend event says its domain changed. Old data stays on screen while the
 * refresh runs, so lists do not flicker.
 */
export class QueryCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly client: AppClient) {}

  /** `key` comes from queryKey(); the state's type is the caller's to assert. */
  getState(key: string): QueryState<unknown> {
    return this.entries.get(key)?.state ?? INITIAL;
  }

  subscribe(key: string, listener: () => void): () => void {
    let entry = this.entries.get(key);
    if (!entry) {
      const { name, args } = parseKey(key);
      entry = { name, args, state: INITIAL, listeners: new Set(), generation: 0 };
      this.entries.set(key, entry);
    }
    entry.listeners.add(listener);
    if (entry.generation === 0 || (entry.state.error && !entry.state.fetching)) void this.fetch(entry);
    const e = entry;
    return () => {
      e.listeners.delete(listener);
    };
  }

  /** Re-runs the matching queries that are on screen and forgets the others. */
  invalidate(match: (name: HandlerName) => boolean): void {
    for (const [key, entry] of this.entries) {
      if (!match(entry.name)) continue;
      if (entry.listeners.size > 0) void this.fetch(entry);
      else this.entries.delete(key);
    }
  }

  invalidateDomain(domain: string): void {
    this.invalidate((name) => name.startsWith(`${domain}/`));
  }

  refetch(key: string): void {
    const entry = this.entries.get(key);
    if (entry) void this.fetch(entry);
  }

  private async fetch(entry: Entry): Promise<void> {
    const generation = ++entry.generation;
    this.update(entry, { ...entry.state, fetching: true });
    const outcome = await this.client.send(entry.name, entry.args as ArgsOf<typeof entry.name>);
    if (generation !== entry.generation) return;
    this.update(
      entry,
      outcome.ok
        ? { data: outcome.value, error: null, fetching: false, loading: false }
        : { data: entry.state.data, error: outcome.error, fetching: false, loading: false },
    );
  }

  private update(entry: Entry, state: QueryState<unknown>): void {
    entry.state = state;
    for (const l of [...entry.listeners]) l();
  }
}
