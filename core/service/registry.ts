import type { ArgsOf, EventName, HandlerName, Outcome, PayloadOf, ResultOf } from '../api/contract';
import { ServiceError } from '../errors';

export interface CallContext {
  /** Pushes a notification to every connected shell. */
  emit<E extends EventName>(name: E, payload: PayloadOf<E>): void;
  /** Aborted when the caller cancels (long jobs check it between chunks). */
  signal: AbortSignal;
}

export type Handler<N extends HandlerName> = (
  args: ArgsOf<N>,
  ctx: CallContext,
) => Promise<ResultOf<N>> | ResultOf<N>;

/** The handlers one domain contributes: only names of that domain are accepted. */
export type DomainHandlers<D extends string> = {
  [N in HandlerName as N extends `${D}/${string}` ? N : never]?: Handler<N>;
};

type AnyHandler = (args: unknown, ctx: CallContext) => Promise<unknown> | unknown;

export interface Logger {
  error(message: string, err?: unknown): void;
  info(message: string): void;
}

/**
 * One registry for the whole service. Each domain registers its handlers once;
 * a second registration of the same name is a programming error and throws.
 */
export class Registry {
  private readonly handlers = new Map<string, AnyHandler>();

  constructor(private readonly logger: Logger) {}

  register<N extends HandlerName>(name: N, handler: Handler<N>): void {
    if (this.handlers.has(name)) throw new Error(`Handler "${name}" is already registered.`);
    this.handlers.set(name, handler as AnyHandler);
  }

  registerDomain<D extends string>(domain: D, handlers: DomainHandlers<D>): void {
    for (const [name, handler] of Object.entries(handlers)) {
      if (!name.startsWith(`${domain}/`))
        throw new Error(`Handler "${name}" does not belong to domain "${domain}".`);
      if (handler) this.register(name as HandlerName, handler as Handler<HandlerName>);
    }
  }

  names(): string[] {
    return [...this.handlers.keys()].sort();
  }

  has(name: string): boolean {
    return this.handlers.has(name);
  }

  /**
   * Calls a handler with untrusted input from any shell. Never throws: expected
   * failures come back as their typed error, anything else as `internal`,
   * logged here once with its stack so the UI does not report it twice.
   */
  async call(name: string, args: unknown, ctx: CallContext): Promise<Outcome<unknown>> {
    const handler = this.handlers.get(name);
    if (!handler) {
      return {
        ok: false,
        error: { code: 'unknown-handler', message: `There is no operation called "${name}".` },
      };
    }
    try {
      const value = await handler(args ?? {}, ctx);
      return { ok: true, value };
    } catch (err) {
      if (err instanceof ServiceError) return { ok: false, error: err.toData() };
      this.logger.error(`Unexpected failure in ${name}`, err);
      return {
        ok: false,
        error: {
          code: 'internal',
          message: `Something went wrong in Loupe while running "${name}": ${(err as Error)?.message ?? String(err)}. The details are in the log.`,
        },
      };
    }
  }
}
