import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CohortArgs, FunnelArgs } from '../../api/analytics';
import {
  call,
  jsonArg,
  oneOfFlag,
  positiveInt,
  SEGMENT_FLAG,
  segmentId,
  percent,
  stringFlag,
  usageError,
  workspaceFlag,
  WORKSPACE_FLAG,
  type Command,
  type CommandContext,
  type Flags,
} from '../command';
import { formatJson, formatTable } from '../output';

const cohortsCommand: Command = {
  path: ['cohorts'],
  usage:
    'loupe cohorts --workspace NAME [--by first-order|first-seen|first-event] [--unit day|week|month|quarter] [--return purchase|any-activity|event] [--counting on|on-or-after] [--segment S] [--save NAME]',
  summary: 'Retention and revenue cohorts: who came back in each period after joining.',
  flags: {
    workspace: WORKSPACE_FLAG,
    by: {
      type: 'string',
      description: 'What starts a cohort: first-order (default), first-seen or first-event',
    },
    'by-event': { type: 'string', description: 'The event type, with --by first-event' },
    unit: {
      type: 'string',
      description: 'day, week, month (default) or quarter, in the workspace time zone',
    },
    return: {
      type: 'string',
      description: 'What counts as coming back: purchase (default), any-activity or event',
    },
    'return-event': { type: 'string', description: 'The event type, with --return event' },
    mode: { type: 'string', description: 'first-time (default) or recurring' },
    counting: { type: 'string', description: 'on (default: in that period) or on-or-after (unbounded)' },
    from: { type: 'string', description: 'First cohort: the period holding this date (yyyy-MM-dd)' },
    to: { type: 'string', description: 'Last cohort: the period holding this date' },
    periods: { type: 'string', description: 'Periods to show after period 0' },
    segment: SEGMENT_FLAG,
    save: { type: 'string', description: 'Also store the result in the cohort tables under this name' },
    revenue: {
      type: 'boolean',
      description: 'Show revenue per person (cumulative ARPU) instead of retention',
    },
  },
  async run(positionals, flags, ctx) {
    if (positionals.length > 0) usageError('loupe cohorts takes no arguments; see loupe cohorts --help.');
    const workspace = workspaceFlag(flags);
    const segment = await segmentId(ctx, workspace, stringFlag(flags, 'segment'));
    const byEvent = stringFlag(flags, 'by-event');
    const returnEvent = stringFlag(flags, 'return-event');
    const from = stringFlag(flags, 'from');
    const to = stringFlag(flags, 'to');
    const periods = positiveInt(flags, 'periods');
    const mode = oneOfFlag(flags, 'mode', ['first-time', 'recurring'] as const);
    const counting = oneOfFlag(flags, 'counting', ['on', 'on-or-after'] as const);
    const save = stringFlag(flags, 'save');
    const args: CohortArgs = {
      workspace,
      unit: oneOfFlag(flags, 'unit', ['day', 'week', 'month', 'quarter'] as const) ?? 'month',
      by: oneOfFlag(flags, 'by', ['first-order', 'first-seen', 'first-event'] as const) ?? 'first-order',
      returnEvent: oneOfFlag(flags, 'return', ['purchase', 'any-activity', 'event'] as const) ?? 'purchase',
      ...(byEvent !== undefined ? { byEventType: byEvent } : {}),
      ...(returnEvent !== undefined ? { returnEventType: returnEvent } : {}),
      ...(mode !== undefined ? { mode } : {}),
      ...(counting !== undefined ? { counting } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(periods !== undefined ? { maxPeriods: periods } : {}),
      ...(segment !== undefined ? { segmentId: segment } : {}),
      ...(save !== undefined ? { saveAs: save } : {}),
    };
    const result = await call(ctx, 'analytics/cohorts', args);
    if (ctx.json) {
      ctx.output.out(formatJson(result));
      return;
    }
    const width = Math.max(0, ...result.cohorts.map((c) => c.cells.length));
    const columns = ['cohort', 'people', ...Array.from({ length: width }, (_, k) => `+${k}`)];
    const revenue = flags['revenue'] === true;
    const rows = result.cohorts.map((c) => {
      const row: Record<string, unknown> = { cohort: c.label, people: c.size };
      for (const cell of c.cells) {
        const v = revenue
          ? cell.cumulativeArpu === null
            ? '—'
            : cell.cumulativeArpu.toFixed(2)
          : percent(cell.rate);
        row[`+${cell.period}`] = cell.incomplete ? `${v}*` : v;
      }
      return row;
    });
    const o = result.options;
    ctx.output.out(
      [
        `${revenue ? 'Cumulative revenue per person' : 'Retention'} by ${o.unit} — cohorts by ${o.by}${o.byEventType ? ` (${o.byEventType})` : ''}, coming back = ${o.returnEvent}${o.returnEventType ? ` (${o.returnEventType})` : ''}, ${o.counting}, ${o.mode}; ${o.timeZone}; data through ${o.asOfText.slice(0, 10)}`,
        '',
        formatTable(columns, rows),
        '',
        '* the period had not ended when the data ends: it can still grow.',
        ...(result.saved ? [`Saved as "${result.saved.name}" (${result.saved.retentionRows} cells).`] : []),
      ].join('\n'),
    );
  },
};

const funnelCommand: Command = {
  path: ['funnel'],
  usage:
    'loupe funnel --workspace NAME --steps a,b,c [--order sequential|strict|any] [--window-days N] [--breakdown campaign|channel|country] [--segment S]',
  summary: 'Ordered steps over event types ("order" for a purchase): who reached each step, and how fast.',
  flags: {
    workspace: WORKSPACE_FLAG,
    steps: { type: 'string', description: 'Event types in order, comma-separated; "order" is a purchase' },
    order: { type: 'string', description: 'sequential (default), strict or any' },
    'window-days': {
      type: 'string',
      description: 'The whole funnel within this many days of step 1 (default 30)',
    },
    from: { type: 'string', description: 'Step 1 on or after this date (yyyy-MM-dd)' },
    to: { type: 'string', description: 'Step 1 on or before this date' },
    breakdown: { type: 'string', description: 'campaign, channel or country' },
    segment: SEGMENT_FLAG,
  },
  async run(positionals, flags, ctx) {
    if (positionals.length > 0) usageError('loupe funnel takes no arguments; give the steps with --steps.');
    const workspace = workspaceFlag(flags);
    const stepsText = stringFlag(flags, 'steps');
    if (!stepsText) usageError('Give the steps: --steps page_view,add_to_cart,checkout,order');
    const steps = stepsText
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const segment = await segmentId(ctx, workspace, stringFlag(flags, 'segment'));
    const order = oneOfFlag(flags, 'order', ['sequential', 'strict', 'any'] as const);
    const windowDays = positiveInt(flags, 'window-days');
    const from = stringFlag(flags, 'from');
    const to = stringFlag(flags, 'to');
    const breakdown = oneOfFlag(flags, 'breakdown', ['campaign', 'channel', 'country'] as const);
    const args: FunnelArgs = {
      workspace,
      steps,
      ...(order !== undefined ? { order } : {}),
      ...(windowDays !== undefined ? { windowDays } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(breakdown !== undefined ? { breakdown } : {}),
      ...(segment !== undefined ? { segmentId: segment } : {}),
    };
    const result = await call(ctx, 'analytics/funnel', args);
    if (ctx.json) {
      ctx.output.out(formatJson(result));
      return;
    }
    const hours = (ms: number | null): string => (ms === null ? '—' : `${(ms / 3_600_000).toFixed(1)} h`);
    const table = (t: typeof result.overall): string =>
      formatTable(
        ['step', 'people', 'of step 1', 'of previous', 'dropped', 'median time'],
        t.steps.map((s) => ({
          step: s.label,
          people: s.people,
          'of step 1': percent(s.conversionFromStart),
          'of previous': percent(s.conversionFromPrevious),
          dropped: s.dropOff,
          'median time': hours(s.medianMsFromPrevious),
        })),
      );
    const o = result.options;
    const lines = [
      `${o.order} funnel, within ${(o.windowMs / 86_400_000).toFixed(o.windowMs % 86_400_000 === 0 ? 0 : 2)} days of step 1: ${result.overall.entered} entered, ${result.overall.completed} completed (${percent(result.overall.conversionRate)})`,
      '',
      table(result.overall),
    ];
    for (const row of result.breakdown ?? [])
      lines.push('', `${row.label}: ${row.entered} entered`, table(row));
    ctx.output.out(lines.join('\n'));
  },
};

function segmentsCommand(
  verb: string,
  usage: string,
  summary: string,
  run: (ctx: CommandContext, workspace: string, positionals: string[], flags: Flags) => Promise<void>,
  flags: Command['flags'] = {},
): Command {
  return {
    path: ['segments', verb],
    usage,
    summary,
    flags: { workspace: WORKSPACE_FLAG, ...flags },
    run: (positionals, f, ctx) => run(ctx, workspaceFlag(f), positionals, f),
  };
}

async function oneSegment(
  ctx: CommandContext,
  workspace: string,
  positionals: string[],
  verb: string,
): Promise<string> {
  if (positionals.length !== 1)
    usageError(`Name one segment: loupe segments ${verb} NAME-OR-ID --workspace W.`);
  return (await segmentId(ctx, workspace, positionals[0])) as string;
}

const segmentCommands: Command[] = [
  segmentsCommand(
    'list',
    'loupe segments list --workspace NAME',
    'List the segments and their sizes.',
    async (ctx, workspace) => {
      const all = await call(ctx, 'segments/list', { workspace });
      if (ctx.json) return ctx.output.out(formatJson(all));
      ctx.output.out(
        all.length === 0
          ? 'No segments yet. Create one with: loupe segments create NAME --criteria FILE --workspace W'
          : formatTable(
              ['name', 'type', 'members', 'change', 'refreshed', 'id'],
              all.map((s) => ({
                name: s.name,
                type: s.type,
                members: s.customerCount,
                change: s.customerCountChange,
                refreshed: s.lastRefreshedAt ?? '—',
                id: s.id,
              })),
            ),
      );
    },
  ),
  segmentsCommand(
    'create',
    'loupe segments create NAME --workspace W (--criteria JSON|FILE | --emails FILE) [--description TEXT]',
    'Create a dynamic segment from criteria, or a static one from a list of emails.',
    async (ctx, workspace, positionals, flags) => {
      if (positionals.length !== 1) usageError('Name the new segment: loupe segments create NAME …');
      const criteria = stringFlag(flags, 'criteria');
      const emailsFile = stringFlag(flags, 'emails');
      if ((criteria === undefined) === (emailsFile === undefined))
        usageError('Give either --criteria (a dynamic segment) or --emails FILE (a static list), not both.');
      const description = stringFlag(flags, 'description');
      const result = await call(ctx, 'segments/create', {
        workspace,
        name: positionals[0] as string,
        type: criteria !== undefined ? 'dynamic' : 'static',
        ...(description !== undefined ? { description } : {}),
        ...(criteria !== undefined ? { criteria: jsonArg(criteria, '--criteria') } : {}),
        ...(emailsFile !== undefined
          ? {
              emails: readFileSync(resolve(emailsFile), 'utf8')
                .split(/\r?\n/)
                .map((l) => (l.split(',')[0] ?? '').trim())
                .filter((l) => l.includes('@')),
            }
          : {}),
      });
      if (ctx.json) return ctx.output.out(formatJson(result));
      const s = result.segment;
      const extra = result.upload
        ? ` ${result.upload.matchedEmails} of ${result.upload.emails} addresses matched${result.upload.unmatchedEmails.length > 0 ? `; not found: ${result.upload.unmatchedEmails.slice(0, 10).join(', ')}${result.upload.unmatchedEmails.length > 10 ? ' …' : ''}` : ''}.`
        : '';
      ctx.output.out(
        `Created ${s.type} segment "${s.name}" with ${s.customerCount} members (id ${s.id}).${extra}`,
      );
    },
    {
      criteria: { type: 'string', description: 'Criteria JSON, inline or a file (docs/segments.md)' },
      emails: {
        type: 'string',
        description: 'A file with one email address per line (or in the first column)',
      },
      description: { type: 'string', description: 'What the segment is for' },
    },
  ),
  segmentsCommand(
    'count',
    'loupe segments count --workspace W --criteria JSON|FILE',
    'How many people criteria match now, without saving a segment.',
    async (ctx, workspace, _p, flags) => {
      const criteria = stringFlag(flags, 'criteria');
      if (criteria === undefined) usageError('Give the criteria: --criteria JSON|FILE.');
      const r = await call(ctx, 'segments/count', { workspace, criteria: jsonArg(criteria, '--criteria') });
      ctx.output.out(ctx.json ? formatJson(r) : `${r.count.toLocaleString('en-US')} people match.`);
    },
    { criteria: { type: 'string', description: 'Criteria JSON, inline or a file' } },
  ),
  segmentsCommand(
    'refresh',
    'loupe segments refresh NAME-OR-ID --workspace W',
    "Recompute a dynamic segment's members, keeping who joined and left.",
    async (ctx, workspace, positionals) => {
      const id = await oneSegment(ctx, workspace, positionals, 'refresh');
      const r = await call(ctx, 'segments/refresh', { workspace, id });
      ctx.output.out(
        ctx.json
          ? formatJson(r)
          : `${r.size} members (was ${r.previousSize}): ${r.added} joined, ${r.removed} left, ${r.kept} stayed.`,
      );
    },
  ),
  segmentsCommand(
    'stats',
    'loupe segments stats NAME-OR-ID --workspace W',
    "A segment's size and change, average LTV and order value, engagement and churn.",
    async (ctx, workspace, positionals) => {
      const id = await oneSegment(ctx, workspace, positionals, 'stats');
      const s = await call(ctx, 'segments/get-statistics', { workspace, id });
      if (ctx.json) return ctx.output.out(formatJson(s));
      const money = (v: number | null): string => (v === null ? '—' : v.toFixed(2));
      ctx.output.out(
        formatTable(
          ['figure', 'value'],
          [
            { figure: 'members', value: s.size },
            { figure: 'change at last refresh', value: s.change },
            { figure: `average LTV (${s.ltvBasis ?? '—'})`, value: money(s.averageLtv) },
            { figure: 'average order value', value: money(s.averageOrderValue) },
            { figure: 'average engagement score', value: money(s.averageEngagementScore) },
            { figure: 'churn rate', value: percent(s.churnRate) },
            { figure: 'unsubscribe rate', value: percent(s.unsubscribeRate) },
          ],
        ),
      );
    },
  ),
  segmentsCommand(
    'export',
    'loupe segments export NAME-OR-ID --workspace W [--out FILE]',
    'Active members with an email as a CSV to upload to an ESP.',
    async (ctx, workspace, positionals, flags) => {
      const id = await oneSegment(ctx, workspace, positionals, 'export');
      const r = await call(ctx, 'segments/export', { workspace, id });
      const out = stringFlag(flags, 'out');
      if (out === undefined) return ctx.output.out(ctx.json ? formatJson(r) : r.csv.trimEnd());
      writeFileSync(resolve(out), r.csv);
      ctx.output.out(
        ctx.json
          ? formatJson({ file: resolve(out), members: r.members })
          : `Wrote ${r.members} members to ${out}.`,
      );
    },
    { out: { type: 'string', description: 'Write the CSV to this file instead of printing it' } },
  ),
  segmentsCommand(
    'delete',
    'loupe segments delete NAME-OR-ID --workspace W --yes',
    'Delete a segment and its membership history (the people stay in the workspace).',
    async (ctx, workspace, positionals, flags) => {
      const id = await oneSegment(ctx, workspace, positionals, 'delete');
      const r = await call(ctx, 'segments/delete', { workspace, id, confirm: flags['yes'] === true });
      ctx.output.out(ctx.json ? formatJson(r) : `Deleted segment ${positionals[0] ?? id}.`);
    },
    { yes: { type: 'boolean', short: 'y', description: 'Confirm the deletion' } },
  ),
];

export const analyticsCommands: Command[] = [cohortsCommand, funnelCommand, ...segmentCommands];
