import { mkdirSync, readFileSync } from 'node:fs';
import type { AppInfo, ArgsOf, EventName, HandlerName, Outcome, PayloadOf, ResultOf } from '../api/contract';
import type { ServiceErrorData } from '../api/errors';
import { Catalog } from '../db/catalog';
import { defaultMigrationsDir, loadMigrations } from '../db/migrations';
import { layoutOf, resolveDataDir } from '../db/paths';
import type { WorkerLocation } from '../db/workspace-db';
import { WorkspaceManager } from '../db/workspace-manager';
import { registerImports } from '../imports/service';
import { ServiceContext } from './context';
import { registerAnalytics } from './domains/analytics';
import { registerApp } from './domains/app';
import { registerAttribution } from './domains/attribution';
import { registerCustomers } from './domains/customers';
import { registerCampaigns } from './domains/campaigns';
import { registerDemo } from './domains/demo';
import { registerScores } from './domains/scores';
import { registerSegments } from './domains/segments';
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
  /** Absent when the service could not start (see `app/check-health`). */
  readonly context: ServiceContext | null;
  readonly registry: Registry;
  call(name: string, args: unknown, signal?: AbortSignal): Promise<Outcome<unknown>>;
  /** Typed convenience for in-process callers (CLI, tests). */
  invoke<N extends HandlerName>(
    name: N,
    args: ArgsOf<N>,
    signal?: AbortSignal,
  ): Promise<Outcome<ResultOf<N>>>;
  subscribe(listener: EventListener): () => void;
  close(): Promise<void>;
}

/** The shell's version: the desktop app passes its own; source runs read package.json. */
export function appVersion(): string {
  const fromShell = process.env['LOUPE_VERSION'];
  if (fromShell) return fromShell;
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * Builds the backend service every shell hosts. When the data folder cannot be
 * used it still returns a service: one whose health check reports the problem and
 * whose other calls fail with it, so every shell can show its startup-failure
 * screen (or message) instead of crashing.
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
    return failedService(options.host, layout.root, {
      code: 'data-folder-unavailable',
      message: `Loupe cannot use its data folder ${layout.root}: ${(err as Error).message}. Check the folder's permissions, or choose another folder (LOUPE_HOME).`,
      details: { dataDir: layout.root },
    });
  }
  const migrations = loadMigrations(
    options.migrationsDir ?? process.env['LOUPE_MIGRATIONS_DIR'] ?? defaultMigrationsDir(),
  );
  const manager = new WorkspaceManager({
    layout,
    catalog,
    migrations,
    holder:
      options.host === 'electron'
        ? 'the Loupe desktop app'
        : options.host === 'cli'
          ? 'the loupe command line'
          : `Loupe (${options.host})`,
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
  const context = new ServiceContext(layout, catalog, manager, logger, options.host, appVersion(), emit);
  const registry = new Registry(logger);
  registerApp(registry, context);
  registerWorkspaces(registry, context);
  registerSql(registry, context);
  registerImports(registry, context);
  registerDemo(registry, context);
  registerSegments(registry, context);
  registerAnalytics(registry, context);
  registerCampaigns(registry, context);
  registerAttribution(registry, context);
  registerScores(registry, context);
  registerCustomers(registry, context);

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
      await context.settle();
      await manager.closeAll();
      catalog.close();
    },
  };
}

/** The service of a shell whose data folder is unusable: it can only explain why. */
function failedService(host: AppInfo['host'], dataDir: string, problem: ServiceErrorData): Service {
  const registry = new Registry(consoleLogger);
  registry.registerDomain('app', {
    'app/get-info': () => ({
      name: 'Loupe',
      version: appVersion(),
      dataDir,
      host,
      platform: process.platform,
      schemaVersion: 0,
    }),
    'app/check-health': () => ({
      ok: false,
      problems: [
        {
          code: problem.code,
          message: problem.message,
          actions: ['retry', 'choose-data-folder', 'reveal-data-folder', 'quit'],
          ...(problem.details ? { details: problem.details } : {}),
        },
      ],
    }),
  });
  const call = async (name: string, args: unknown, signal?: AbortSignal): Promise<Outcome<unknown>> =>
    registry.has(name)
      ? registry.call(name, args, { emit: () => undefined, signal: signal ?? new AbortController().signal })
      : { ok: false, error: problem };
  return {
    context: null,
    registry,
    call,
    invoke: (name, args, signal) => call(name, args, signal) as Promise<Outcome<ResultOf<typeof name>>>,
    subscribe: () => () => undefined,
    close: async () => undefined,
  };
}
