import type { PerformanceRow } from '../../api/campaigns';
import {
  call,
  oneOfFlag,
  percent,
  SEGMENT_FLAG,
  segmentId,
  stringFlag,
  usageError,
  workspaceFlag,
  WORKSPACE_FLAG,
  type Command,
  type CommandContext,
  type Flags,
} from '../command';
import { formatJson, formatTable } from '../output';

const money = (v: number | null): string =>
  v === null ? '—' : v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

async function segmentOf(
  ctx: CommandContext,
  workspace: string,
  flags: Flags,
): Promise<{ segmentId?: string }> {
  const id = await segmentId(ctx, workspace, stringFlag(flags, 'segment'));
  return id === undefined ? {} : { segmentId: id };
}

/** A campaign by name or id. */
async function campaignOf(ctx: CommandContext, workspace: string, ref: string): Promise<string> {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref)) return ref;
  const rows = await call(ctx, 'sql/query', {
    workspace,
    sql: 'SELECT id::text AS id FROM campaigns WHERE lower(name) = lower($1) ORDER BY created_at, id',
    params: [ref],
  });
  const id = rows.rows[0]?.['id'];
  if (typeof id !== 'string') usageError(`There is no campaign called "${ref}" in this workspace.`);
  return id;
}

const REVENUE = ['linked', 'email-attributed'] as const;
const COMMON = {
  workspace: WORKSPACE_FLAG,
  revenue: {
    type: 'string',
    description: 'linked (default: all revenue tied to the campaign) or email-attributed',
  },
  'window-days': {
    type: 'string',
    description: 'Days after an email click an order is credited to it (default 7)',
  },
  segment: SEGMENT_FLAG,
} as const;

function common(flags: Flags): { revenue?: (typeof REVENUE)[number]; attributionWindowDays?: number } {
  const revenue = oneOfFlag(flags, 'revenue', REVENUE);
  const w = stringFlag(flags, 'window-days');
  if (w !== undefined && !/^\d+$/.test(w))
    usageError(`--window-days takes a whole number of days, not "${w}".`);
  return {
    ...(revenue !== undefined ? { revenue } : {}),
    ...(w !== undefined ? { attributionWindowDays: Number(w) } : {}),
  };
}

function label(r: PerformanceRow): string {
  const k = r.key;
  return (
    [k.campaignName, k.batchName, k.variant, k.retailerName, k.region, k.channel].filter(
      (x): x is string => typeof x === 'string' && x !== '',
    )[0] ?? '(none)'
  );
}

function performanceTable(rows: PerformanceRow[]): string {
  return formatTable(
    ['name', 'sent', 'delivered', 'open', 'click', 'CTOR', 'conv.', 'revenue', 'spend', 'ROI', 'tier'],
    rows.map((r) => ({
      name: label(r),
      sent: r.sent,
      delivered: percent(r.deliveryRate),
      open: percent(r.openRate),
      click: percent(r.clickRate),
      CTOR: percent(r.clickToOpenRate),
      'conv.': r.conversions,
      revenue: money(r.revenue),
      spend: money(r.spend),
      ROI: percent(r.roi),
      tier: r.tier,
    })),
  );
}

export const campaignCommands: Command[] = [
  {
    path: ['campaigns'],
    usage:
      'loupe campaigns --workspace NAME [--by campaign|batch|variant|retailer|region|channel] [--revenue linked|email-attributed] [--segment S]',
    summary:
      'Campaign performance and ROI: delivery, open, click and conversion rates, revenue, spend, ROI, ROAS, CPA.',
    flags: {
      ...COMMON,
      by: { type: 'string', description: 'campaign (default), batch, variant, retailer, region or channel' },
    },
    async run(positionals, flags, ctx) {
      if (positionals.length > 0)
        usageError('loupe campaigns takes no arguments; see loupe campaigns --help.');
      const workspace = workspaceFlag(flags);
      const groupBy = oneOfFlag(flags, 'by', [
        'campaign',
        'batch',
        'variant',
        'retailer',
        'region',
        'channel',
      ] as const);
      const result = await call(ctx, 'campaigns/performance', {
        workspace,
        ...(groupBy !== undefined ? { groupBy } : {}),
        ...common(flags),
        ...(await segmentOf(ctx, workspace, flags)),
      });
      if (ctx.json) return ctx.output.out(formatJson(result));
      ctx.output.out(
        [
          `By ${result.groupBy}; revenue: ${result.revenue === 'linked' ? 'all revenue linked to the campaign' : `email-attributed (${result.attributionWindowDays}-day click window)`}; ${result.currency}`,
          '',
          performanceTable(result.rows),
          '',
          `Total: ${result.totals.sent} sent, open ${percent(result.totals.openRate)}, click ${percent(result.totals.clickRate)}, revenue ${money(result.totals.revenue)}, spend ${money(result.totals.spend)}, ROI ${percent(result.totals.roi)}`,
          ...result.notes,
        ].join('\n'),
      );
    },
  },
  {
    path: ['campaigns', 'series'],
    usage: 'loupe campaigns series --workspace NAME [--unit day|week|month] [--from DATE] [--to DATE]',
    summary: 'Campaign figures over time, per day, ISO week or month in the workspace time zone.',
    flags: {
      ...COMMON,
      unit: { type: 'string', description: 'day, week (default) or month' },
      from: { type: 'string', description: 'First day (yyyy-MM-dd)' },
      to: { type: 'string', description: 'Last day (yyyy-MM-dd)' },
    },
    async run(_p, flags, ctx) {
      const workspace = workspaceFlag(flags);
      const unit = oneOfFlag(flags, 'unit', ['day', 'week', 'month'] as const);
      const from = stringFlag(flags, 'from');
      const to = stringFlag(flags, 'to');
      const result = await call(ctx, 'campaigns/time-series', {
        workspace,
        ...(unit !== undefined ? { unit } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
        ...common(flags),
        ...(await segmentOf(ctx, workspace, flags)),
      });
      if (ctx.json) return ctx.output.out(formatJson(result));
      ctx.output.out(
        formatTable(
          ['period', 'sent', 'open', 'click', 'conv.', 'revenue', 'spend'],
          result.points.map((p) => ({
            period: p.period,
            sent: p.sent,
            open: percent(p.openRate),
            click: percent(p.clickRate),
            'conv.': p.conversions,
            revenue: money(p.revenue),
            spend: money(p.spend),
          })),
        ),
      );
    },
  },
  {
    path: ['campaigns', 'leaderboard'],
    usage: 'loupe campaigns leaderboard --workspace NAME [--by retailer|region] [--metric M]',
    summary: "Retailers or regions ranked (campaign-performance.md's leaderboard).",
    flags: {
      ...COMMON,
      by: { type: 'string', description: 'retailer (default) or region' },
      metric: { type: 'string', description: 'What to rank by (see docs/campaign-performance.md)' },
    },
    async run(_p, flags, ctx) {
      const workspace = workspaceFlag(flags);
      const by = oneOfFlag(flags, 'by', ['retailer', 'region'] as const);
      const metric = stringFlag(flags, 'metric');
      const result = await call(ctx, 'campaigns/leaderboard', {
        workspace,
        ...(by !== undefined ? { by } : {}),
        ...(metric !== undefined ? { metric: metric as never } : {}),
        ...common(flags),
        ...(await segmentOf(ctx, workspace, flags)),
      });
      if (ctx.json) return ctx.output.out(formatJson(result));
      ctx.output.out(performanceTable(result.entries));
    },
  },
  {
    path: ['campaigns', 'ab-test'],
    usage:
      'loupe campaigns ab-test CAMPAIGN --workspace NAME [--metric open_rate|click_rate|conversion_rate|click_to_open_rate]',
    summary: "An A/B test's variants, the two-proportion test and the winner (only when conclusive).",
    flags: {
      workspace: WORKSPACE_FLAG,
      metric: { type: 'string', description: "The winning metric (default: the campaign's configured one)" },
      alpha: { type: 'string', description: 'Significance level (default 0.05)' },
    },
    async run(positionals, flags, ctx) {
      const workspace = workspaceFlag(flags);
      if (positionals.length !== 1)
        usageError('Name one campaign: loupe campaigns ab-test CAMPAIGN --workspace W.');
      const metric = oneOfFlag(flags, 'metric', [
        'open_rate',
        'click_rate',
        'conversion_rate',
        'click_to_open_rate',
      ] as const);
      const alpha = stringFlag(flags, 'alpha');
      const result = await call(ctx, 'campaigns/ab-test', {
        workspace,
        campaignId: await campaignOf(ctx, workspace, positionals[0] as string),
        ...(metric !== undefined ? { metric } : {}),
        ...(alpha !== undefined ? { alpha: Number(alpha) } : {}),
      });
      if (ctx.json) return ctx.output.out(formatJson(result));
      ctx.output.out(
        [
          `${result.campaignName} — ${result.metric}: ${result.status === 'winner' ? `winner ${result.winner}` : 'inconclusive'}`,
          result.explanation,
          '',
          formatTable(
            ['variant', 'trials', 'successes', 'rate'],
            result.variants.map((v) => ({
              variant: v.name,
              trials: v.trials,
              successes: v.successes,
              rate: percent(v.rate),
            })),
          ),
        ].join('\n'),
      );
    },
  },
  {
    path: ['campaigns', 'advice'],
    usage: 'loupe campaigns advice --workspace NAME [--campaign C]',
    summary: 'What to change next for each campaign, with the figures and baselines behind each advice.',
    flags: { ...COMMON, campaign: { type: 'string', description: 'Only this campaign (name or id)' } },
    async run(_p, flags, ctx) {
      const workspace = workspaceFlag(flags);
      const campaign = stringFlag(flags, 'campaign');
      const result = await call(ctx, 'campaigns/recommendations', {
        workspace,
        ...(campaign !== undefined ? { campaignIds: [await campaignOf(ctx, workspace, campaign)] } : {}),
        ...common(flags),
      });
      if (ctx.json) return ctx.output.out(formatJson(result));
      const lines: string[] = [];
      for (const c of result.campaigns) {
        lines.push(`${c.campaignName} (${c.channel})`);
        for (const r of c.recommendations)
          lines.push(
            `  - ${r.title}${r.metric ? ` — ${r.metric} ${r.current === null ? '—' : r.current.toFixed(4)} vs baseline ${r.baseline === null ? '—' : r.baseline.toFixed(4)}` : ''}`,
          );
        for (const s of c.skipped) lines.push(`  (not judged: ${s.reason})`);
      }
      ctx.output.out(lines.length > 0 ? lines.join('\n') : 'No campaigns to advise on yet.');
    },
  },
];
