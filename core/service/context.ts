import { join } from 'node:path';
import { ActivityCache } from '../analytics/activity/cache';
import type { Activity } from '../analytics/activity/types';
import type { AppInfo, EventName, PayloadOf } from '../api/contract';
import type { Workspace } from '../api/workspaces';
import type { Catalog } from '../db/catalog';
import type { DataLayout } from '../db/paths';
import type { WorkspaceDb } from '../db/workspace-db';
import type { OpenWorkspace, WorkspaceManager } from '../db/workspace-manager';
import { fail } from '../errors';
import type { Logger } from './registry';

/** What every domain's handlers share: the catalog, open workspaces and the event bus. */
export class ServiceContext {
  /** One Activity snapshot cache for every analysis domain (cohorts, funnels, scores …). */
  readonly activityCache = new ActivityCache();

  constructor(
    readonly layout: DataLayout,
    readonly catalog: Catalog,
    readonly workspaces: WorkspaceManager,
    readonly logger: Logger,
    readonly host: AppInfo['host'],
    readonly version: string,
    private readonly emitter: <E extends EventName>(name: E, payload: PayloadOf<E>) => void,
  ) {}

  private readonly dataHooks = new Set<
    (workspaceId: string, reason: PayloadOf<'data/changed'>['reason']) => void
  >();
  private readonly tasks = new Set<Promise<unknown>>();

  emit<E extends EventName>(name: E, payload: PayloadOf<E>): void {
    this.emitter(name, payload);
    if (name === 'data/changed') {
      const { workspaceId, reason } = payload as PayloadOf<'data/changed'>;
      for (const hook of this.dataHooks) hook(workspaceId, reason);
    }
  }

  /** Runs `hook` whenever a workspace's data changes (an import, a rollback …), e.g. to schedule a recompute. */
  onDataChanged(hook: (workspaceId: string, reason: PayloadOf<'data/changed'>['reason']) => void): void {
    this.dataHooks.add(hook);
  }

  /** Work that outlives the request that started it; closing the service waits for it. */
  background(task: Promise<unknown>): void {
    const tracked = task.catch((err: unknown) => this.logger.error('A background job failed', err));
    this.tasks.add(tracked);
    void tracked.finally(() => this.tasks.delete(tracked));
  }

  /** Resolves once every background job has finished. */
  async settle(): Promise<void> {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }

  /** A live workspace by id or name, or a `not-found` error that says what exists. */
  findWorkspace(ref: string): Workspace {
    const ws = this.catalog.find(ref);
    if (!ws) {
      const names = this.catalog.list(true).map((w) => w.name);
      fail(
        'not-found',
        names.length > 0
          ? `There is no workspace called "${ref}". Existing workspaces: ${names.join(', ')}.`
          : `There is no workspace called "${ref}". Create one first.`,
        { workspace: ref },
      );
    }
    return ws;
  }

  /** Opens the workspace on first use (taking its lock) and returns its database. */
  async useWorkspace(ref: string): Promise<OpenWorkspace> {
    const ws = this.findWorkspace(ref);
    const open = this.workspaces.get(ws.id);
    if (open) return open;
    const result = await this.workspaces.openWorkspace(ws);
    if (result.migrationsApplied.length > 0 || result.workspace.openedAt !== ws.openedAt) {
      this.emit('workspaces/changed', { reason: 'opened', id: ws.id });
    }
    return result.handle;
  }

  /** A workspace's database and its current Activity snapshot (kept on disk in the workspace folder). */
  async activity(ref: string): Promise<{ db: WorkspaceDb; activity: Activity; workspaceId: string }> {
    const workspace = this.findWorkspace(ref);
    const { db } = await this.useWorkspace(ref);
    const activity = await this.activityCache.get(
      workspace.id,
      db,
      join(workspace.folder, 'analytics', 'activity.bin'),
    );
    return { db, activity, workspaceId: workspace.id };
  }
}
