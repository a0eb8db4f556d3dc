import type { AppInfo, EventName, PayloadOf } from '../api/contract';
import type { Workspace } from '../api/workspaces';
import type { Catalog } from '../db/catalog';
import type { DataLayout } from '../db/paths';
import type { OpenWorkspace, WorkspaceManager } from '../db/workspace-manager';
import { fail } from '../errors';
import type { Logger } from './registry';

/** What every domain's handlers share: the catalog, open workspaces and the event bus. */
export class ServiceContext {
  constructor(
    readonly layout: DataLayout,
    readonly catalog: Catalog,
    readonly workspaces: WorkspaceManager,
    readonly logger: Logger,
    readonly host: AppInfo['host'],
    readonly version: string,
    private readonly emitter: <E extends EventName>(name: E, payload: PayloadOf<E>) => void,
  ) {}

  emit<E extends EventName>(name: E, payload: PayloadOf<E>): void {
    this.emitter(name, payload);
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
}
