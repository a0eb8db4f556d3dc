import { mkdirSync, readFileSync } from 'node:fs';
import type { AppInfo, EventName, HandlerName, ArgsOf, Outcome, PayloadOf, ResultOf } from '../api/contract';
import { Catalog } from '../db/catalog';
import { defaultMigrationsDir, loadMigrations } from '../db/migrations';
import { layoutOf, resolveDataDir } from '../db/paths';
import type { WorkerLocation } from '../db/workspace-db';
import { WorkspaceManager } from '../db/workspace-manager';
import { fail } from '../errors';
import { ServiceContext } from './context';
import { registerApp } from './domains/app';
import { registerSql } from './domains/sql';
import { registerWorkspaces } from './domains/workspaces';
import { consoleLogger } from './logger';
import { Registry, type CallContext, type Logger } from './registry';

export interface ServiceOptions {
  host: AppInfo['host'];
  /** Defaults to `LOUPE_HOME` or the OS app-data folder. */
  dataDir?: string;
  migrationsDir?: string;
  worker?: WorkerLocation;
  templateCacheDir?: string;
  logger?: Logger;
}

export type EventListener = (name: EventName, payload: unknown) => void;

export interface Service {
  readonly context: ServiceContext;
  readonly registry: Registry;
  call(name: string, args: unknown, signal?: AbortSignal): Promise<Outcome<unknown>>;
  /** Typed convenience for in-process callers (CLI, tests). */
  invoke<N extends HandlerName>(name: N, args: ArgsOf<N>, signal?: AbortSignal): Promise<Outcome<ResultOf<N>>>;
  subscribe(listener: EventListener): () => void;
  close(): Promise<void>;
}

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return process.env['LOUPE_VERSION'] ?? '0.0.0';
  }
}

/**
 * Builds the backend service every shell hosts. Throws a `data-folder-unavailable`
 * ServiceError when the data folder cannot be used, so a shell can show its
 * startup-failure screen instead of crashing.
 */
export function createService(options: ServiceOptions): Service {
  const logger = options.logger ?? consoleLogger;
  const layout = layoutOf(options.dataDir ?? resolveDataDir());
  let catalog: Catalog;
  try {
    mkdirSync(layout.root, { recursive: true });
    mkdirSync(layout.workspacesDir, { recursive: true });
    catalog = new Catalog(layout.catalogFile);
  } catch (err) {
    return fail(
      'data-folder-unavailable',
      `Loupe cannot use its data folder ${layout.root}: ${(err as Error).message}. Check the folder's permissions or set LOUPE_HOME to another folder.`,
      { dataDir: layout.root },
    );
  }
  const migrations = loadMigrations(options.migrationsDir ?? process.env['LOUPE_MIGRATIONS_DIR'] ?? defaultMigrationsDir());
  const manager = new WorkspaceManager({
    layout,
    catalog,
    migrations,
    holder: options.host === 'electron' ? 'the Loupe desktop app' : options.host === 'cli' ? 'the loupe command line' : `Loupe (${options.host})`,
    ...(options.worker ? { worker: options.worker } : {}),
    ...((options.templateCacheDir ?? process.env['LOUPE_TEMPLATE_CACHE'])
      ? { templateCacheDir: options.templateCacheDir ?? process.env['LOUPE_TEMPLATE_CACHE'] }
      : {}),
  });

  const listeners = new Set<EventListener>();
  const emit = <E extends EventName>(name: E, payload: PayloadOf<E>): void => {
    for (const l of listeners) {
      try {
        l(name, payload);
      } catch (err) {
        logger.error(`Event listener failed for ${name}`, err);
      }
    }
  };
  const context = new ServiceContext(layout, catalog, manager, logger, options.host, readVersion(), emit);
  const registry = new Registry(logger);
  registerApp(registry, context);
  registerWorkspaces(registry, context);
  registerSql(registry, context);

  let closed = false;
  const call = (name: string, args: unknown, signal?: AbortSignal): Promise<Outcome<unknown>> => {
    const ctx: CallContext = { emit, signal: signal ?? new AbortController().signal };
    return registry.call(name, args, ctx);
  };
  return {
    context,
    registry,
    call,
    invoke: (name, args, signal) => call(name, args, signal) as Promise<Outcome<ResultOf<typeof name>>>,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      await manager.closeAll();
      catalog.close();
    },
  };
}
