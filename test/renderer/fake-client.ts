import type {
  ArgsOf,
  EventName,
  HandlerName,
  HealthReport,
  Outcome,
  PayloadOf,
  ResultOf,
  ServiceErrorData,
  TrashedWorkspace,
  Workspace,
} from '../../core/api';
import type { AppClient, ConnectionStatus } from '../../renderer/src/client/types';

type Override = { [N in HandlerName]?: (args: ArgsOf<N>) => Outcome<ResultOf<N>> | undefined };

/**
 * An in-memory stand-in for Loupe's backend with the workspace rules the real
 * service enforces (unique names, confirm before delete, restore by id), so the
 * components can be exercised without PGlite. `override` replaces single answers.
 */
export class FakeClient implements AppClient {
  readonly native = null;
  workspaces: Workspace[] = [];
  trash: TrashedWorkspace[] = [];
  health: HealthReport = { ok: true, problems: [] };
  readonly calls: { name: HandlerName; args: unknown }[] = [];
  override: Override = {};
  private listeners = new Map<string, Set<(payload: unknown) => void>>();
  private nextId = 1;
  private status: ConnectionStatus = { state: 'open', everConnected: true };
  private statusListeners = new Set<() => void>();

  readonly connection = {
    getStatus: () => this.status,
    subscribe: (listener: () => void) => {
      this.statusListeners.add(listener);
      return () => this.statusListeners.delete(listener);
    },
    retryNow: () => undefined,
  };

  setStatus(status: ConnectionStatus): void {
    this.status = status;
    for (const l of [...this.statusListeners]) l();
  }

  addWorkspace(partial: Partial<Workspace> & { name: string }): Workspace {
    const id = partial.id ?? `ws-${this.nextId++}`;
    const ws: Workspace = {
      id,
      client: null,
      color: 'blue',
      folder: `/data/workspaces/${id}`,
      createdAt: '2024-03-01T10:00:00.000Z',
      openedAt: null,
      archived: false,
      ...partial,
    };
    this.workspaces.push(ws);
    return ws;
  }

  emit<E extends EventName>(name: E, payload: PayloadOf<E>): void {
    for (const l of [...(this.listeners.get(name) ?? [])]) l(payload);
  }

  on<E extends EventName>(name: E, listener: (payload: PayloadOf<E>) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  }

  callsOf(name: HandlerName): unknown[] {
    return this.calls.filter((c) => c.name === name).map((c) => c.args);
  }

  async send<N extends HandlerName>(name: N, args: ArgsOf<N>): Promise<Outcome<ResultOf<N>>> {
    this.calls.push({ name, args });
    // Answer on a later tick, as a real transport would.
    await Promise.resolve();
    const overridden = (
      this.override[name] as ((a: ArgsOf<N>) => Outcome<ResultOf<N>> | undefined) | undefined
    )?.(args);
    if (overridden) return overridden;
    try {
      return { ok: true, value: this.handle(name, args) as ResultOf<N> };
    } catch (err) {
      if (err instanceof FakeError) return { ok: false, error: err.data };
      throw err;
    }
  }

  private find(ref: string): Workspace {
    const ws = this.workspaces.find((w) => w.id === ref || w.name === ref);
    if (!ws) throw new FakeError('not-found', `There is no workspace called "${ref}".`);
    return ws;
  }

  private checkName(name: string, exceptId?: string): void {
    if (this.workspaces.some((w) => w.name.toLowerCase() === name.toLowerCase() && w.id !== exceptId)) {
      throw new FakeError(
        'already-exists',
        `A workspace called "${name}" already exists. Choose another name.`,
      );
    }
  }

  private handle(name: HandlerName, rawArgs: unknown): unknown {
    const args = rawArgs as Record<string, unknown>;
    switch (name) {
      case 'app/check-health':
        return this.health;
      case 'app/get-info':
        return {
          name: 'Loupe',
          version: '0.1.0',
          dataDir: '/data',
          host: 'test',
          platform: 'linux',
          schemaVersion: 1,
        };
      case 'workspaces/list':
        return this.workspaces.filter((w) => args['includeArchived'] === true || !w.archived);
      case 'workspaces/list-trash':
        return this.trash;
      case 'workspaces/create': {
        const wsName = String(args['name']);
        this.checkName(wsName);
        const ws = this.addWorkspace({
          name: wsName,
          client: (args['client'] as string | null | undefined) ?? null,
          color: (args['color'] as string | undefined) ?? 'blue',
        });
        this.emit('workspaces/changed', { reason: 'created', id: ws.id });
        return ws;
      }
      case 'workspaces/rename': {
        const ws = this.find(String(args['workspace']));
        this.checkName(String(args['name']), ws.id);
        ws.name = String(args['name']);
        this.emit('workspaces/changed', { reason: 'updated', id: ws.id });
        return ws;
      }
      case 'workspaces/set-archived': {
        const ws = this.find(String(args['workspace']));
        ws.archived = args['archived'] === true;
        this.emit('workspaces/changed', { reason: 'updated', id: ws.id });
        return ws;
      }
      case 'workspaces/delete': {
        const ws = this.find(String(args['workspace']));
        if (args['confirm'] !== true) {
          throw new FakeError('confirmation-required', `Deleting "${ws.name}" moves it to the trash.`);
        }
        this.workspaces = this.workspaces.filter((w) => w.id !== ws.id);
        const trashed: TrashedWorkspace = {
          ...ws,
          deletedAt: '2024-03-02T10:00:00.000Z',
          trashFolder: `/data/trash/${ws.id}`,
        };
        this.trash.push(trashed);
        this.emit('workspaces/changed', { reason: 'deleted', id: ws.id });
        return trashed;
      }
      case 'workspaces/restore': {
        const ref = String(args['workspace']);
        const trashed = this.trash.find((w) => w.id === ref || w.name === ref);
        if (!trashed) throw new FakeError('not-found', `There is no workspace called "${ref}" in the trash.`);
        this.checkName(trashed.name);
        this.trash = this.trash.filter((w) => w.id !== trashed.id);
        const { deletedAt: _d, trashFolder: _t, ...ws } = trashed;
        this.workspaces.push(ws);
        this.emit('workspaces/changed', { reason: 'restored', id: ws.id });
        return ws;
      }
      case 'workspaces/open': {
        const ws = this.find(String(args['workspace']));
        ws.openedAt = '2024-03-03T10:00:00.000Z';
        this.emit('workspaces/changed', { reason: 'opened', id: ws.id });
        return { workspace: ws, migrationsApplied: [], backupFile: null };
      }
      case 'workspaces/close':
        return { closed: true };
      default:
        throw new FakeError('unknown-handler', `The fake backend does not answer ${name}.`);
    }
  }
}

class FakeError extends Error {
  constructor(code: ServiceErrorData['code'], message: string) {
    super(message);
    this.data = { code, message };
  }
  readonly data: ServiceErrorData;
}
