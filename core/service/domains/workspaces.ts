import { WORKSPACE_COLORS } from '../../api/workspaces';
import { fail } from '../../errors';
import type { ServiceContext } from '../context';
import type { Registry } from '../registry';
import {
  optionalBoolean,
  optionalNullableString,
  optionalString,
  requiredBoolean,
  requiredString,
} from '../validate';

const MAX_NAME = 80;

function checkName(ctx: ServiceContext, name: string, exceptId?: string): string {
  if (name.length > MAX_NAME)
    fail('invalid-argument', `A workspace name can have at most ${MAX_NAME} characters.`);
  if ([...name].some((ch) => ch.charCodeAt(0) < 32))
    fail('invalid-argument', 'A workspace name cannot contain control characters.');
  if (ctx.catalog.nameTaken(name, exceptId)) {
    fail('already-exists', `A workspace called "${name}" already exists. Choose another name.`, { name });
  }
  return name;
}

function checkColor(color: string | undefined): string | undefined {
  if (color === undefined) return undefined;
  if ((WORKSPACE_COLORS as readonly string[]).includes(color) || /^#[0-9a-fA-F]{6}$/.test(color))
    return color;
  return fail('invalid-argument', `Colour must be one of ${WORKSPACE_COLORS.join(', ')} or #rrggbb.`, {
    color,
  });
}

export function registerWorkspaces(registry: Registry, ctx: ServiceContext): void {
  registry.registerDomain('workspaces', {
    'workspaces/list': (args) => ctx.catalog.list(optionalBoolean(args, 'includeArchived') ?? false),

    'workspaces/get': (args) => ctx.findWorkspace(requiredString(args, 'workspace', 'Workspace')),

    'workspaces/create': async (args) => {
      const name = checkName(ctx, requiredString(args, 'name', 'A workspace name'));
      const client = optionalNullableString(args, 'client') ?? null;
      const existing = ctx.catalog.list(true).length;
      const color =
        checkColor(optionalString(args, 'color')) ??
        WORKSPACE_COLORS[existing % WORKSPACE_COLORS.length] ??
        'blue';
      const ws = await ctx.workspaces.create(name, client, color);
      ctx.emit('workspaces/changed', { reason: 'created', id: ws.id });
      return ws;
    },

    'workspaces/rename': (args) => {
      const ws = ctx.findWorkspace(requiredString(args, 'workspace', 'Workspace'));
      const name = checkName(ctx, requiredString(args, 'name', 'A workspace name'), ws.id);
      const updated = ctx.catalog.update(ws.id, { name });
      ctx.emit('workspaces/changed', { reason: 'updated', id: ws.id });
      return updated;
    },

    'workspaces/update': (args) => {
      const ws = ctx.findWorkspace(requiredString(args, 'workspace', 'Workspace'));
      const client = optionalNullableString(args, 'client');
      const color = checkColor(optionalString(args, 'color'));
      const updated = ctx.catalog.update(ws.id, {
        ...(client !== undefined ? { client } : {}),
        ...(color !== undefined ? { color } : {}),
      });
      ctx.emit('workspaces/changed', { reason: 'updated', id: ws.id });
      return updated;
    },

    'workspaces/set-archived': (args) => {
      const ws = ctx.findWorkspace(requiredString(args, 'workspace', 'Workspace'));
      const updated = ctx.catalog.setArchived(ws.id, requiredBoolean(args, 'archived'));
      ctx.emit('workspaces/changed', { reason: 'updated', id: ws.id });
      return updated;
    },

    'workspaces/delete': async (args) => {
      const ws = ctx.findWorkspace(requiredString(args, 'workspace', 'Workspace'));
      if (optionalBoolean(args, 'confirm') !== true) {
        fail(
          'confirmation-required',
          `Deleting "${ws.name}" moves it to the trash. Confirm to continue (in the CLI: --yes).`,
          { workspace: ws.name },
        );
      }
      const trashed = await ctx.workspaces.trash(ws);
      ctx.emit('workspaces/changed', { reason: 'deleted', id: ws.id });
      return trashed;
    },

    'workspaces/list-trash': () => ctx.catalog.listTrash(),

    'workspaces/restore': (args) => {
      const ref = requiredString(args, 'workspace', 'Workspace');
      const trashed = ctx.catalog.findTrashed(ref);
      if (!trashed)
        fail('not-found', `There is no workspace called "${ref}" in the trash.`, { workspace: ref });
      if (ctx.catalog.nameTaken(trashed.name)) {
        fail(
          'already-exists',
          `A workspace called "${trashed.name}" exists again. Rename it before restoring this one.`,
          { name: trashed.name },
        );
      }
      const restored = ctx.workspaces.restore(trashed);
      ctx.emit('workspaces/changed', { reason: 'restored', id: restored.id });
      return restored;
    },

    'workspaces/open': async (args) => {
      const ws = ctx.findWorkspace(requiredString(args, 'workspace', 'Workspace'));
      const result = await ctx.workspaces.openWorkspace(ws);
      ctx.emit('workspaces/changed', { reason: 'opened', id: ws.id });
      return {
        workspace: result.workspace,
        migrationsApplied: result.migrationsApplied,
        backupFile: result.backupFile,
      };
    },

    'workspaces/close': async (args) => {
      const ws = ctx.findWorkspace(requiredString(args, 'workspace', 'Workspace'));
      const closed = await ctx.workspaces.close(ws.id);
      if (closed) ctx.emit('workspaces/changed', { reason: 'closed', id: ws.id });
      return { closed };
    },
  });
}
