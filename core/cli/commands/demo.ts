import type { JobProgress } from '../../api/contract';
import { call, stringFlag, usageError, type Command } from '../command';
import { formatJson, formatTable } from '../output';

function seedFlag(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) > 0xffffffff)
    usageError(`--seed takes a whole number from 0 to 4294967295, not "${raw}".`);
  return Number(raw);
}

export const demoCommands: Command[] = [
  {
    path: ['demo'],
    usage: 'loupe demo [--workspace NAME] [--seed N]',
    summary: 'Create a demo workspace: sample retail campaigns, shop customers, orders and ad spend.',
    flags: {
      workspace: {
        type: 'string',
        short: 'w',
        description: 'Name of the new workspace (default "Demo — Marco Bicego", or the next free one)',
      },
      seed: { type: 'string', description: 'Generator seed: the same seed gives the same data' },
    },
    async run(positionals, flags, ctx) {
      if (positionals.length > 0)
        usageError('loupe demo takes no arguments; name the workspace with --workspace.');
      const seed = seedFlag(stringFlag(flags, 'seed'));
      const name = stringFlag(flags, 'workspace');
      // Progress goes to stderr, so the result on stdout stays clean for scripts.
      const stop = ctx.json
        ? () => undefined
        : ctx.service().subscribe((event, payload) => {
            if (event !== 'job/progress') return;
            const p = payload as JobProgress;
            if (p.kind === 'demo' && p.done < (p.total ?? Infinity))
              ctx.output.err(`[${p.done + 1}/${p.total ?? '?'}] ${p.phase}…`);
          });
      try {
        const result = await call(ctx, 'demo/create-workspace', {
          ...(name !== undefined ? { name } : {}),
          ...(seed !== undefined ? { seed } : {}),
        });
        if (ctx.json) {
          ctx.output.out(formatJson(result));
          return;
        }
        const { workspace, summary } = result;
        ctx.output.out(
          [
            `Created demo workspace "${workspace.name}" (seed ${summary.seed}) — ${workspace.folder}`,
            '',
            formatTable(
              ['table', 'rows'],
              Object.entries(summary.tables).map(([table, rows]) => ({ table, rows })),
            ),
            '',
            ...summary.notes,
            '',
            `Look around with: loupe sql --workspace "${workspace.name}" "SELECT * FROM campaign_roi_summary"`,
          ].join('\n'),
        );
      } finally {
        stop();
      }
    },
  },
];
