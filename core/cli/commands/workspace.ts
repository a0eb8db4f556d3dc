import type { TrashedWorkspace, Workspace } from '../../api/workspaces';
import { call, stringFlag, usageError, type Command, type CommandContext } from '../command';
import { formatJson, formatTable } from '../output';

function print(ctx: CommandContext, value: unknown, human: () => string): void {
  ctx.output.out(ctx.json ? formatJson(value) : human());
}

function describe(w: Workspace): string {
  return `${w.name}${w.client ? ` (client: ${w.client})` : ''} — ${w.folder}`;
}

function table(list: Workspace[]): string {
  if (list.length === 0) return 'No workspaces yet. Create one with: loupe workspace create "Client name"';
  return formatTable(
    ['name', 'client', 'color', 'last opened', 'archived', 'id'],
    list.map((w) => ({
      name: w.name,
      client: w.client ?? '',
      color: w.color,
      'last opened': w.openedAt ?? 'never',
      archived: w.archived ? 'yes' : '',
      id: w.id,
    })),
  );
}

function one(positionals: string[], what: string): string {
  const [name] = positionals;
  if (!name) usageError(`Name the ${what}.`);
  return name;
}

/** `archive` and `unarchive` differ only in the flag they set. */
function archiveCommand(archived: boolean): Command {
  const verb = archived ? 'archive' : 'unarchive';
  return {
    path: ['workspace', verb],
    usage: `loupe workspace ${verb} NAME`,
    summary: archived
      ? 'Archive a workspace (hidden from the list, data kept).'
      : 'Bring an archived workspace back to the list.',
    async run(positionals, _flags, ctx) {
      const ws = await call(ctx, 'workspaces/set-archived', {
        workspace: one(positionals, 'workspace'),
        archived,
      });
      print(ctx, ws, () => `${archived ? 'Archived' : 'Unarchived'} ${ws.name}`);
    },
  };
}

export const workspaceCommands: Command[] = [
  {
    path: ['workspace', 'create'],
    usage: 'loupe workspace create NAME [--client TEXT] [--color COLOR]',
    summary: 'Create a workspace (one per client or brand).',
    flags: {
      client: { type: 'string', description: 'Client or brand the workspace belongs to' },
      color: { type: 'string', description: 'Swatch colour: blue, teal, grape, … or #rrggbb' },
    },
    async run(positionals, flags, ctx) {
      const name = one(positionals, 'workspace to create');
      const color = stringFlag(flags, 'color');
      const ws = await call(ctx, 'workspaces/create', {
        name,
        client: stringFlag(flags, 'client') ?? null,
        ...(color ? { color } : {}),
      });
      print(ctx, ws, () => `Created workspace ${describe(ws)}`);
    },
  },
  {
    path: ['workspace', 'list'],
    usage: 'loupe workspace list [--all]',
    summary: 'List workspaces (--all includes archived ones).',
    flags: { all: { type: 'boolean', description: 'Include archived workspaces' } },
    async run(_positionals, flags, ctx) {
      const list = await call(ctx, 'workspaces/list', { includeArchived: flags['all'] === true });
      print(ctx, list, () => table(list));
    },
  },
  {
    path: ['workspace', 'show'],
    usage: 'loupe workspace show NAME',
    summary: 'Show one workspace.',
    async run(positionals, _flags, ctx) {
      const ws = await call(ctx, 'workspaces/get', { workspace: one(positionals, 'workspace') });
      print(ctx, ws, () => table([ws]));
    },
  },
  {
    path: ['workspace', 'rename'],
    usage: 'loupe workspace rename NAME NEW_NAME',
    summary: 'Rename a workspace.',
    async run(positionals, _flags, ctx) {
      const [workspace, name] = positionals;
      if (!workspace || !name) usageError('Give the current name and the new name.');
      const ws = await call(ctx, 'workspaces/rename', { workspace, name });
      print(ctx, ws, () => `Renamed to ${ws.name}`);
    },
  },
  {
    path: ['workspace', 'update'],
    usage: 'loupe workspace update NAME [--client TEXT] [--color COLOR]',
    summary: 'Change the client name or colour of a workspace.',
    flags: {
      client: { type: 'string', description: 'Client or brand ("" clears it)' },
      color: { type: 'string', description: 'Swatch colour' },
    },
    async run(positionals, flags, ctx) {
      const client = stringFlag(flags, 'client');
      const color = stringFlag(flags, 'color');
      const ws = await call(ctx, 'workspaces/update', {
        workspace: one(positionals, 'workspace'),
        ...(client !== undefined ? { client } : {}),
        ...(color !== undefined ? { color } : {}),
      });
      print(ctx, ws, () => `Updated ${describe(ws)}`);
    },
  },
  archiveCommand(true),
  archiveCommand(false),
  {
    path: ['workspace', 'delete'],
    usage: 'loupe workspace delete NAME --yes',
    summary: 'Move a workspace to the trash (restore it with "loupe workspace restore").',
    flags: { yes: { type: 'boolean', short: 'y', description: 'Confirm the deletion' } },
    async run(positionals, flags, ctx) {
      const ws: TrashedWorkspace = await call(ctx, 'workspaces/delete', {
        workspace: one(positionals, 'workspace'),
        confirm: flags['yes'] === true,
      });
      print(
        ctx,
        ws,
        () =>
          `Moved ${ws.name} to the trash: ${ws.trashFolder}\nUndo with: loupe workspace restore "${ws.name}"`,
      );
    },
  },
  {
    path: ['workspace', 'trash'],
    usage: 'loupe workspace trash',
    summary: 'List deleted workspaces that can still be restored.',
    async run(_positionals, _flags, ctx) {
      const list = await call(ctx, 'workspaces/list-trash', {});
      print(ctx, list, () =>
        list.length === 0
          ? 'The trash is empty.'
          : formatTable(
              ['name', 'client', 'deleted', 'folder'],
              list.map((w) => ({
                name: w.name,
                client: w.client ?? '',
                deleted: w.deletedAt,
                folder: w.trashFolder,
              })),
            ),
      );
    },
  },
  {
    path: ['workspace', 'restore'],
    usage: 'loupe workspace restore NAME',
    summary: 'Restore a deleted workspace from the trash.',
    async run(positionals, _flags, ctx) {
      const ws = await call(ctx, 'workspaces/restore', { workspace: one(positionals, 'workspace') });
      print(ctx, ws, () => `Restored ${describe(ws)}`);
    },
  },
  {
    path: ['workspace', 'open'],
    usage: 'loupe workspace open NAME [--hold]',
    summary: 'Open a workspace (applying pending migrations); --hold keeps it open and locked until Ctrl+C.',
    flags: { hold: { type: 'boolean', description: 'Keep the workspace open until interrupted' } },
    async run(positionals, flags, ctx) {
      const result = await call(ctx, 'workspaces/open', { workspace: one(positionals, 'workspace') });
      print(ctx, result, () =>
        [
          `Opened ${result.workspace.name}`,
          result.migrationsApplied.length > 0
            ? `Applied migrations ${result.migrationsApplied.join(', ')}${result.backupFile ? `; snapshot before migrating: ${result.backupFile}` : ''}`
            : 'Schema is up to date.',
          ...(flags['hold'] === true ? ['Holding the workspace open; press Ctrl+C to close it.'] : []),
        ].join('\n'),
      );
      if (flags['hold'] === true) await ctx.stopped;
    },
  },
];
