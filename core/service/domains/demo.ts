import { randomUUID } from 'node:crypto';
import type { Workspace } from '../../api/workspaces';
import { buildDemo } from '../../demo';
import { BRAND_NAME } from '../../demo/reference';
import { ServiceError, fail } from '../../errors';
import type { ServiceContext } from '../context';
import type { Registry } from '../registry';
import { asRecord, optionalString } from '../validate';

export const DEMO_WORKSPACE_NAME = 'Demo — Marco Bicego';
/** The main campaign's launch day: the demo everyone sees unless they ask for another seed. */
export const DEFAULT_DEMO_SEED = 20250114;
const MAX_NAME = 80;
const DEMO_COLOR = 'grape';

function seedOf(args: unknown): number {
  const v = asRecord(args)['seed'];
  if (v === undefined || v === null) return DEFAULT_DEMO_SEED;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    fail('invalid-argument', 'The demo seed must be a whole number from 0 to 4294967295.', { field: 'seed' });
  }
  return v;
}

/** The name asked for (which must be free), or the default name with the first free "(n)". */
function nameOf(ctx: ServiceContext, requested: string | undefined): string {
  if (requested !== undefined && requested !== '') {
    if (requested.length > MAX_NAME)
      fail('invalid-argument', `A workspace name can have at most ${MAX_NAME} characters.`, {
        field: 'name',
      });
    if ([...requested].some((ch) => ch.charCodeAt(0) < 32))
      fail('invalid-argument', 'A workspace name cannot contain control characters.', { field: 'name' });
    if (ctx.catalog.nameTaken(requested)) {
      fail('already-exists', `A workspace called "${requested}" already exists. Choose another name.`, {
        name: requested,
      });
    }
    return requested;
  }
  if (!ctx.catalog.nameTaken(DEMO_WORKSPACE_NAME)) return DEMO_WORKSPACE_NAME;
  for (let n = 2; ; n++) {
    const candidate = `${DEMO_WORKSPACE_NAME} (${n})`;
    if (!ctx.catalog.nameTaken(candidate)) return candidate;
  }
}

export function registerDemo(registry: Registry, ctx: ServiceContext): void {
  registry.registerDomain('demo', {
    'demo/create-workspace': async (args, call) => {
      const seed = seedOf(args);
      const name = nameOf(ctx, optionalString(args, 'name'));
      const created = await ctx.workspaces.create(name, BRAND_NAME, DEMO_COLOR);
      const jobId = randomUUID();
      try {
        // Opened without announcing it: the workspace shows up in lists once it is built.
        const { db } = (await ctx.workspaces.openWorkspace(created)).handle;
        const summary = await buildDemo(db, {
          seed,
          now: new Date(),
          signal: call.signal,
          onProgress: (done, total, phase) =>
            call.emit('job/progress', {
              jobId,
              kind: 'demo',
              phase,
              done,
              total,
              message: `Building ${created.name}`,
            }),
        });
        ctx.emit('workspaces/changed', { reason: 'created', id: created.id });
        call.emit('data/changed', { workspaceId: created.id, reason: 'demo' });
        return { workspace: ctx.catalog.get(created.id), summary };
      } catch (err) {
        await discard(ctx, created);
        if (err instanceof ServiceError) throw err;
        ctx.logger.error('Building the demo workspace failed', err);
        return fail(
          'internal',
          `Loupe could not build the demo workspace: ${(err as Error)?.message ?? String(err)}. Nothing was kept; try again.`,
          { seed },
        );
      }
    },
  });
}

/** A demo that failed to build leaves no workspace behind; its empty copy goes to the trash. */
async function discard(ctx: ServiceContext, ws: Workspace): Promise<void> {
  try {
    await ctx.workspaces.trash(ws);
    ctx.emit('workspaces/changed', { reason: 'deleted', id: ws.id });
  } catch (err) {
    ctx.logger.error(`Could not remove the unfinished demo workspace "${ws.name}"`, err);
  }
}
