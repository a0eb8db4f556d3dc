import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { TrashedWorkspace, Workspace, WorkspaceOpenResult } from '../api/workspaces';
import { ServiceError, fail } from '../errors';
import type { Catalog } from './catalog';
import { fsyncTree } from './fsync';
import { WorkspaceLock } from './lock';
import { fingerprintOf, migrate, type Migration } from './migrations';
import { workspacePaths, type DataLayout } from './paths';
import { WorkspaceDb, sourceWorkerLocation, type WorkerLocation } from './workspace-db';

export interface OpenWorkspace {
  workspace: Workspace;
  db: WorkspaceDb;
  lock: WorkspaceLock;
}

export interface WorkspaceManagerOptions {
  layout: DataLayout;
  catalog: Catalog;
  migrations: Migration[];
  /** Shown to a second process that is refused the lock. */
  holder: string;
  worker?: WorkerLocation;
  /** Where migrated template databases are cached; defaults to the data folder's cache. */
  templateCacheDir?: string;
}

const MAX_BACKUPS = 5;

function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return slug || 'workspace';
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/**
 * Owns the workspaces this process has open. Each open workspace holds its lock
 * and one PGlite worker until it is closed.
 */
export class WorkspaceManager {
  private readonly open = new Map<string, OpenWorkspace>();
  private readonly opening = new Map<string, Promise<OpenWorkspace>>();
  private readonly worker: WorkerLocation;

  constructor(private readonly options: WorkspaceManagerOptions) {
    this.worker = options.worker ?? sourceWorkerLocation();
  }

  get schemaVersion(): number {
    return this.options.migrations.length;
  }

  isOpen(id: string): boolean {
    return this.open.has(id);
  }

  /**
   * A new workspace starts as a copy of a migrated template: initialising a fresh
   * Postgres cluster takes seconds, copying a prepared one takes milliseconds.
   */
  async create(name: string, client: string | null, color: string): Promise<Workspace> {
    const { layout, catalog } = this.options;
    const folder = join(layout.workspacesDir, `${slugOf(name)}-${randomBytes(3).toString('hex')}`);
    const template = await this.ensureTemplate();
    mkdirSync(folder, { recursive: true });
    try {
      cpSync(template, workspacePaths(folder).pgdata, { recursive: true });
      fsyncTree(folder);
      return catalog.insert({ name, client, color, folder });
    } catch (err) {
      rmSync(folder, { recursive: true, force: true });
      throw err;
    }
  }

  private async ensureTemplate(): Promise<string> {
    const cacheDir = this.options.templateCacheDir ?? this.options.layout.cacheDir;
    const dir = join(cacheDir, `template-${fingerprintOf(this.options.migrations)}`);
    const pgdata = join(dir, 'pgdata');
    if (existsSync(join(dir, 'READY'))) return pgdata;
    mkdirSync(cacheDir, { recursive: true });
    const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      const db = await WorkspaceDb.open(join(tmp, 'pgdata'), this.worker);
      try {
        await migrate(db, this.options.migrations);
      } finally {
        await db.close();
      }
      writeFileSync(join(tmp, 'READY'), new Date().toISOString());
      try {
        renameSync(tmp, dir);
      } catch (err) {
        // Another process finished the same template first; theirs is identical.
        if (!existsSync(join(dir, 'READY'))) throw err;
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    this.pruneTemplates(cacheDir, dir);
    return pgdata;
  }

  private pruneTemplates(cacheDir: string, keep: string): void {
    for (const entry of readdirSync(cacheDir)) {
      const path = join(cacheDir, entry);
      if (entry.startsWith('template-') && !entry.includes('.tmp-') && path !== keep) {
        rmSync(path, { recursive: true, force: true });
      }
    }
  }

  async openWorkspace(ws: Workspace): Promise<WorkspaceOpenResult & { handle: OpenWorkspace }> {
    const existing = this.open.get(ws.id);
    if (existing) {
      return { workspace: existing.workspace, migrationsApplied: [], backupFile: null, handle: existing };
    }
    const pendingOpen = this.opening.get(ws.id);
    if (pendingOpen) {
      const handle = await pendingOpen;
      return { workspace: handle.workspace, migrationsApplied: [], backupFile: null, handle };
    }
    let backupFile: string | null = null;
    let migrationsApplied: number[] = [];
    const promise = (async (): Promise<OpenWorkspace> => {
      const paths = workspacePaths(ws.folder);
      if (!existsSync(paths.pgdata)) {
        fail('workspace-unreadable', `The data of workspace "${ws.name}" is missing from ${ws.folder}.`, {
          folder: ws.folder,
        });
      }
      const lock = WorkspaceLock.acquire(paths.lockFile, this.options.holder, ws.name);
      let db: WorkspaceDb | null = null;
      try {
        try {
          db = await WorkspaceDb.open(paths.pgdata, this.worker);
        } catch (err) {
          fail(
            'workspace-unreadable',
            `Workspace "${ws.name}" could not be opened: ${(err as Error).message}. Restore it from a backup in ${paths.backupsDir}.`,
            { folder: ws.folder },
          );
        }
        const opened = db;
        migrationsApplied = await migrate(opened, this.options.migrations, {
          beforeApplying: async (pending) => {
            mkdirSync(paths.backupsDir, { recursive: true });
            backupFile = join(
              paths.backupsDir,
              `before-migration-${String(pending[0]?.number ?? 0).padStart(4, '0')}-${stamp()}.tar`,
            );
            await opened.dump(backupFile);
            this.pruneBackups(paths.backupsDir);
          },
        });
        const workspace = this.options.catalog.touchOpened(ws.id);
        const handle: OpenWorkspace = { workspace, db: opened, lock };
        this.open.set(ws.id, handle);
        return handle;
      } catch (err) {
        if (db) await db.close().catch(() => undefined);
        lock.release();
        throw err;
      }
    })();
    this.opening.set(ws.id, promise);
    try {
      const handle = await promise;
      return { workspace: handle.workspace, migrationsApplied, backupFile, handle };
    } finally {
      this.opening.delete(ws.id);
    }
  }

  private pruneBackups(dir: string): void {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.tar'))
      .sort();
    for (const f of files.slice(0, Math.max(0, files.length - MAX_BACKUPS)))
      rmSync(join(dir, f), { force: true });
  }

  get(id: string): OpenWorkspace | undefined {
    return this.open.get(id);
  }

  /** Checkpoints, flushes the files to disk and releases the lock. */
  async close(id: string): Promise<boolean> {
    const handle = this.open.get(id);
    if (!handle) return false;
    this.open.delete(id);
    try {
      await handle.db.close();
      fsyncTree(workspacePaths(handle.workspace.folder).pgdata);
    } finally {
      handle.lock.release();
    }
    return true;
  }

  async closeAll(): Promise<void> {
    for (const id of [...this.open.keys()]) await this.close(id);
  }

  /**
   * Deleting never erases: the folder moves to the trash and the catalog keeps
   * the record, so the workspace can be restored until the trash is emptied.
   */
  async trash(ws: Workspace): Promise<TrashedWorkspace> {
    await this.close(ws.id);
    const paths = workspacePaths(ws.folder);
    // Refuse while another process has it open: moving it away would pull the data from under it.
    const lock = WorkspaceLock.acquire(paths.lockFile, this.options.holder, ws.name);
    mkdirSync(this.options.layout.trashDir, { recursive: true });
    const target = join(
      this.options.layout.trashDir,
      `${ws.folder.split(/[\\/]/).pop() ?? ws.id}-${stamp()}`,
    );
    try {
      lock.release();
      renameSync(ws.folder, target);
    } catch (err) {
      throw new ServiceError(
        'internal',
        `Could not move workspace "${ws.name}" to the trash: ${(err as Error).message}`,
      );
    }
    return this.options.catalog.markDeleted(ws.id, target);
  }

  restore(ws: TrashedWorkspace): Workspace {
    if (!existsSync(ws.trashFolder)) {
      fail('not-found', `The trashed data of workspace "${ws.name}" is no longer in ${ws.trashFolder}.`);
    }
    let folder = join(this.options.layout.workspacesDir, ws.folder.split(/[\\/]/).pop() ?? ws.id);
    if (existsSync(folder)) folder = `${folder}-restored-${randomBytes(2).toString('hex')}`;
    mkdirSync(this.options.layout.workspacesDir, { recursive: true });
    renameSync(ws.trashFolder, folder);
    return this.options.catalog.markRestored(ws.id, folder);
  }
}
