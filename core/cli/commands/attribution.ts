import type { AttributionAnalysis, AttributionRequest, ComparisonTable } from '../../api/attribution';
import {
  call,
  jsonArg,
  oneOfFlag,
  percent,
  positiveInt,
  SEGMENT_FLAG,
  segmentId,
  stringFlag,
  usageError,
  workspaceFlag,
  WORKSPACE_FLAG,
  type Command,
  type CommandContext,
  type Flags,
  type FlagSpec,
} from '../command';
import { formatJson, formatTable } from '../output';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ANALYSIS_FLAGS: Record<string, FlagSpec> = {
  workspace: WORKSPACE_FLAG,
  model: {
    type: 'string',
    description:
      'all (default) or models separated by commas: first-touch, last-touch, last-non-direct, linear, time-decay, position-based, u-shaped, w-shaped, markov, shapley',
  },
  'lookback-days': {
    type: 'string',
    description: 'Days of touches before a conversion that form its path (default 30)',
  },
  'half-life-days': { type: 'string', description: 'time-decay: half-life in days (default 7)' },
  order: { type: 'string', description: 'markov: chain order (default 1)' },
  conversions: { type: 'string', description: 'orders (default), crm, or event:TYPE (e.g. event:signup)' },
  from: { type: 'string', description: 'Conversions from this day (yyyy-MM-dd, workspace time zone)' },
  to: { type: 'string', description: 'Conversions before this day (yyyy-MM-dd)' },
  segment: SEGMENT_FLAG,
};

function positiveNumber(flags: Flags, name: string): number | undefined {
  const v = stringFlag(flags, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || !(n > 0)) usageError(`--${name} takes a positive number, not "${v}".`);
  return n;
}

async function analysisArgs(
  ctx: CommandContext,
  workspace: string,
  flags: Flags,
): Promise<AttributionRequest & { segmentId?: string }> {
  const lookbackDays = positiveNumber(flags, 'lookback-days');
  const halfLifeDays = positiveNumber(flags, 'half-life-days');
  const order = positiveInt(flags, 'order');
  const conversions = stringFlag(flags, 'conversions');
  const from = stringFlag(flags, 'from');
  const to = stringFlag(flags, 'to');
  const segment = await segmentId(ctx, workspace, stringFlag(flags, 'segment'));
  return {
    ...(lookbackDays !== undefined ? { lookbackDays } : {}),
    ...(halfLifeDays !== undefined ? { halfLifeDays } : {}),
    ...(order !== undefined ? { order } : {}),
    ...(conversions !== undefined ? { conversions: conversions as AttributionRequest['conversions'] } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(segment !== undefined ? { segmentId: segment } : {}),
  };
}

const number = (v: number): string =>
  v.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const money = (v: number | null): string =>
  v === null ? '—' : v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Credited conversions per row and model. */
function creditTable(t: ComparisonTable, limit: number): string {
  return formatTable(
    [t.dimension, ...t.models],
    t.rows.slice(0, limit).map((r) => {
      const row: Record<string, unknown> = { [t.dimension]: r.key };
      for (const c of r.cells) row[c.model] = number(c.conversions);
      return row;
    }),
  );
}

/** Return on ad spend per model, for the rows that have spend. */
function roasTable(t: ComparisonTable): string[] {
  const rows = t.rows.filter((r) => r.spend !== null);
  if (rows.length === 0) return [];
  return [
    '',
    `Return on ad spend (credited value / spend) per ${t.dimension} and model:`,
    formatTable(
      [t.dimension, 'spend', ...t.models],
      rows.map((r) => {
        const row: Record<string, unknown> = { [t.dimension]: r.key, spend: money(r.spend) };
        for (const c of r.cells) row[c.model] = c.roas === null ? '—' : c.roas.toFixed(2);
        return row;
      }),
    ),
  ];
}

function analysisText(a: AttributionAnalysis, by: 'channel' | 'campaign'): string {
  const t = by === 'channel' ? a.channels : a.campaigns;
  const p = a.parameters;
  return [
    `${number(a.totals.conversions)} conversions (${p.conversions}) worth ${money(a.totals.value)}; ` +
      `${a.totals.convertingPaths} converting paths, ${a.totals.nonConvertingJourneys} journeys without conversion, ` +
      `${a.paths.touchpointsUsed} of ${a.paths.touchpoints} touchpoints in a ${p.lookbackDays}-day lookback.`,
    '',
    `Conversions credited per ${by} and model:`,
    creditTable(t, 40),
    ...(t.rows.length > 40 ? [`… and ${t.rows.length - 40} more (see --json).`] : []),
    ...roasTable(t),
    '',
    'Top paths:',
    formatTable(
      ['path', 'conversions', 'journeys', 'conversion rate', 'value'],
      a.topPaths.slice(0, 10).map((tp) => ({
        path: tp.label === '' ? '(no touch)' : tp.label,
        conversions: tp.conversions,
        journeys: tp.conversions + tp.nonConversions,
        'conversion rate': percent(tp.conversionRate),
        value: money(tp.value),
      })),
    ),
    ...(a.warnings.length > 0 ? ['', ...a.warnings.map((w) => `Note: ${w}`)] : []),
    ...(a.runId !== null
      ? ['', `Saved as run ${a.name === null ? a.runId : `"${a.name}" (${a.runId})`}.`]
      : []),
  ].join('\n');
}

/** A conversion by id, or an order by its number (#1001). */
async function conversionOf(ctx: CommandContext, workspace: string, ref: string): Promise<string> {
  if (UUID.test(ref)) return ref;
  const rows = await call(ctx, 'sql/query', {
    workspace,
    sql: 'SELECT id::text AS id FROM customer_orders WHERE order_id = $1 OR order_id = $2 ORDER BY id LIMIT 1',
    params: [ref, ref.startsWith('#') ? ref.slice(1) : `#${ref}`],
  });
  const id = rows.rows[0]?.['id'];
  if (typeof id !== 'string')
    usageError(`There is no order "${ref}"; give an order number or a conversion id.`);
  return id;
}

function runRef(positionals: string[], verb: string): string {
  if (positionals.length !== 1 || positionals[0] === undefined) {
    usageError(
      `Name one saved run: loupe attribution ${verb} RUN --workspace W (see loupe attribution runs).`,
    );
  }
  return positionals[0];
}

export const attributionCommands: Command[] = [
  {
    path: ['attribution'],
    usage:
      'loupe attribution --workspace NAME [--model M[,M…]|all] [--lookback-days N] [--half-life-days N] [--order K] [--conversions orders|crm|event:TYPE] [--from DATE] [--to DATE] [--segment S] [--by channel|campaign] [--save NAME | --no-save]',
    summary:
      'Multi-touch attribution: every model side by side per channel and campaign, ROAS by model, top paths (docs/attribution.md).',
    flags: {
      ...ANALYSIS_FLAGS,
      by: { type: 'string', description: 'channel (default) or campaign, for the table printed' },
      'top-paths': { type: 'string', description: 'How many top paths to list (default 20)' },
      save: {
        type: 'string',
        description: 'Keep the run under this name (runs are saved unnamed otherwise)',
      },
      'no-save': { type: 'boolean', description: 'Do not save the run' },
    },
    async run(positionals, flags, ctx) {
      if (positionals.length > 0)
        usageError('loupe attribution takes no arguments; see loupe attribution --help.');
      const workspace = workspaceFlag(flags);
      const by = oneOfFlag(flags, 'by', ['channel', 'campaign'] as const) ?? 'channel';
      const model = stringFlag(flags, 'model');
      const name = stringFlag(flags, 'save');
      const noSave = flags['no-save'] === true;
      if (noSave && name !== undefined) usageError('--save and --no-save contradict each other.');
      const topPaths = stringFlag(flags, 'top-paths');
      if (topPaths !== undefined && !/^\d+$/.test(topPaths)) {
        usageError(`--top-paths takes a whole number, not "${topPaths}".`);
      }
      const result = await call(ctx, 'attribution/run', {
        workspace,
        ...(model !== undefined ? { models: model } : {}),
        ...(await analysisArgs(ctx, workspace, flags)),
        ...(topPaths !== undefined ? { topPaths: Number(topPaths) } : {}),
        ...(name !== undefined ? { name } : {}),
        ...(noSave ? { save: false } : {}),
      });
      ctx.output.out(ctx.json ? formatJson(result) : analysisText(result, by));
    },
  },
  {
    path: ['attribution', 'explain'],
    usage:
      'loupe attribution explain CONVERSION --workspace NAME --model M [--lookback-days N] [--half-life-days N] [--order K] [--conversions …]',
    summary:
      "Each touch of one conversion's path (an order number or a conversion id) and the credit it earns.",
    flags: ANALYSIS_FLAGS,
    async run(positionals, flags, ctx) {
      const workspace = workspaceFlag(flags);
      if (positionals.length !== 1 || positionals[0] === undefined) {
        usageError('Name one conversion: loupe attribution explain ORDER-NUMBER --workspace W --model M.');
      }
      const model = stringFlag(flags, 'model');
      if (model === undefined)
        usageError('Say which model explains the credit: --model markov (or another).');
      const args = await analysisArgs(ctx, workspace, flags);
      const conversionId =
        (args.conversions ?? 'orders') === 'orders'
          ? await conversionOf(ctx, workspace, positionals[0])
          : positionals[0];
      const r = await call(ctx, 'attribution/drill-down', { workspace, ...args, model, conversionId });
      if (ctx.json) return ctx.output.out(formatJson(r));
      ctx.output.out(
        [
          `${r.conversionLabel ?? r.conversionId ?? ''} at ${r.convertedAt ?? '?'}, worth ${money(r.value)}; model ${r.model}:`,
          formatTable(
            ['#', 'channel', 'campaign', 'days before', 'credit', 'value'],
            r.touches.map((t) => ({
              '#': t.position,
              channel: t.channel,
              campaign: t.campaign,
              'days before': t.daysBeforeConversion.toFixed(1),
              credit: percent(t.credit),
              value: money(t.creditValue),
            })),
          ),
        ].join('\n'),
      );
    },
  },
  {
    path: ['attribution', 'runs'],
    usage: 'loupe attribution runs --workspace NAME',
    summary: 'Saved attribution runs, newest first, and whether data changed since each.',
    flags: { workspace: WORKSPACE_FLAG },
    async run(_p, flags, ctx) {
      const runs = await call(ctx, 'attribution/list-runs', { workspace: workspaceFlag(flags) });
      if (ctx.json) return ctx.output.out(formatJson(runs));
      ctx.output.out(
        formatTable(
          ['id', 'name', 'created', 'conversions', 'value', 'models', 'stale'],
          runs.map((r) => ({
            id: r.id,
            name: r.name ?? '',
            created: r.createdAt,
            conversions: number(r.conversions),
            value: money(r.value),
            models: r.parameters.models.join(', '),
            stale: r.stale ? 'yes' : '',
          })),
        ),
      );
    },
  },
  {
    path: ['attribution', 'show'],
    usage: 'loupe attribution show RUN --workspace NAME [--by channel|campaign]',
    summary: 'A saved run (by id or name) as it was computed.',
    flags: {
      workspace: WORKSPACE_FLAG,
      by: { type: 'string', description: 'channel (default) or campaign' },
    },
    async run(positionals, flags, ctx) {
      const r = await call(ctx, 'attribution/get-run', {
        workspace: workspaceFlag(flags),
        run: runRef(positionals, 'show'),
      });
      if (ctx.json) return ctx.output.out(formatJson(r));
      const by = oneOfFlag(flags, 'by', ['channel', 'campaign'] as const) ?? 'channel';
      ctx.output.out(
        `${analysisText(r, by)}\nComputed ${r.createdAt}${r.stale ? '; the data has changed since: run it again for current figures.' : '.'}`,
      );
    },
  },
  {
    path: ['attribution', 'delete'],
    usage: 'loupe attribution delete RUN --workspace NAME --yes',
    summary: 'Delete a saved run.',
    flags: {
      workspace: WORKSPACE_FLAG,
      yes: { type: 'boolean', short: 'y', description: 'Confirm the deletion' },
    },
    async run(positionals, flags, ctx) {
      const r = await call(ctx, 'attribution/delete-run', {
        workspace: workspaceFlag(flags),
        run: runRef(positionals, 'delete'),
        confirm: flags['yes'] === true,
      });
      ctx.output.out(ctx.json ? formatJson(r) : `Deleted run ${r.deleted}.`);
    },
  },
  {
    path: ['attribution', 'rules'],
    usage: 'loupe attribution rules --workspace NAME [--set FILE-OR-JSON | --reset]',
    summary: 'Show or replace the channel-grouping rules; touchpoints are grouped again at once.',
    flags: {
      workspace: WORKSPACE_FLAG,
      set: {
        type: 'string',
        description:
          'JSON {"rules": [{"channel": …, "when": {…}}], "fallbackChannel": …, "ownDomains": […]} or a file holding it',
      },
      reset: { type: 'boolean', description: "Back to Loupe's default rules" },
    },
    async run(_p, flags, ctx) {
      const workspace = workspaceFlag(flags);
      const set = stringFlag(flags, 'set');
      if (set !== undefined && flags['reset'] === true)
        usageError('--set and --reset contradict each other.');
      if (set === undefined && flags['reset'] !== true) {
        const g = await call(ctx, 'attribution/get-channel-rules', { workspace });
        if (ctx.json) return ctx.output.out(formatJson(g));
        const rules = g.rules ?? g.defaults;
        ctx.output.out(
          [
            g.rules === null
              ? "Loupe's default rules (first match wins):"
              : "This workspace's rules (first match wins):",
            formatTable(
              ['#', 'channel', 'when'],
              rules.map((r, i) => ({ '#': i + 1, channel: r.channel, when: JSON.stringify(r.when) })),
            ),
            `Otherwise: ${g.fallbackChannel ?? g.defaultFallbackChannel}. Own domains: ${g.ownDomains.join(', ') || '(none)'}.`,
          ].join('\n'),
        );
        return;
      }
      const given = set === undefined ? null : jsonArg(set, 'The channel rules');
      const record = (given ?? {}) as Record<string, unknown>;
      const r = await call(ctx, 'attribution/set-channel-rules', {
        workspace,
        rules: (record['rules'] ?? null) as never,
        fallbackChannel: (record['fallbackChannel'] ?? null) as string | null,
        ownDomains: (record['ownDomains'] ?? []) as string[],
      });
      ctx.output.out(
        ctx.json ? formatJson(r) : `Channel rules saved; ${r.reclassified} touchpoints grouped again.`,
      );
    },
  },
];
