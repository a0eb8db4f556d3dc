import type { ClvResult, ScoreRunSummary } from '../../api/scores';
import {
  call,
  jsonArg,
  percent,
  stringFlag,
  usageError,
  workspaceFlag,
  WORKSPACE_FLAG,
  type Command,
} from '../command';
import { formatJson, formatTable } from '../output';

const number = (v: number | null): string =>
  v === null ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: 2 });

function scoresText(s: ScoreRunSummary): string {
  const m = s.conversionModel;
  return [
    `Scored ${s.people} people as of ${s.asOf} (${s.updated} changed).`,
    `Engagement: mean ${number(s.engagement.mean)}; ` +
      s.engagement.buckets.map((b) => `${b.from}–${b.to}: ${b.people}`).join(', '),
    `Churn risk: mean ${number(s.churnRisk.mean)}; high ${s.churnRisk.high}, medium ${s.churnRisk.medium}, low ${s.churnRisk.low}`,
    `Lifecycle: ${Object.entries(s.lifecycle)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `Lead score (rules v${s.lead.ruleSetVersion}, ${s.lead.ruleSetName}): mean ${number(s.lead.mean)}; ` +
      Object.entries(s.lead.actions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    `RFM: ${s.rfm.scored} buyers scored.`,
    `Conversion probability (${m.target}): ${m.message}`,
    ...(m.holdout !== null
      ? [
          `  holdout ${m.holdout.people} people, ${m.holdout.positives} bought; Brier ${m.holdout.brier.toFixed(4)} vs ${m.holdout.baseRateBrier.toFixed(4)} for the base rate`,
        ]
      : []),
  ].join('\n');
}

function clvText(r: ClvResult): string {
  const bg = r.bgnbd.params;
  const gg = r.gammaGamma.params;
  return [
    `Calibrated on purchases up to ${r.calibrationEnd} (${r.customers} customers, ${r.repeatCustomers} with repeat purchases).`,
    `BG/NBD: r ${bg.r.toFixed(4)}, α ${bg.alpha.toFixed(4)}, a ${bg.a.toFixed(4)}, b ${bg.b.toFixed(4)} (${r.bgnbd.report.converged ? 'converged' : r.bgnbd.report.reason}).`,
    `Gamma-Gamma: p ${gg.p.toFixed(4)}, q ${gg.q.toFixed(4)}, γ ${gg.gamma.toFixed(4)} (${r.gammaGamma.report.converged ? 'converged' : r.gammaGamma.report.reason}).`,
    ...(r.holdout !== null
      ? [
          `Holdout to ${r.observationEnd ?? ''}: ${number(r.holdout.aggregate.actualTotal)} purchases made, ${number(r.holdout.aggregate.predictedTotal)} predicted (${r.holdout.aggregate.percentError === null ? '—' : `${r.holdout.aggregate.percentError.toFixed(1)} %`}).`,
        ]
      : ['No holdout: the calibration period reaches the end of the data.']),
    `Over ${r.horizonDays} days at ${percent(r.annualDiscountRate)} a year: ${number(r.totals.expectedPurchases)} purchases, CLV ${number(r.totals.clv)}; mean P(alive) ${percent(r.totals.meanPAlive)}.`,
    ...r.warnings.map((w) => `Note: ${w}`),
  ].join('\n');
}

export const scoreCommands: Command[] = [
  {
    path: ['scores'],
    usage: 'loupe scores --workspace NAME [--as-of DATE]',
    summary:
      'Recompute engagement, churn risk, lifecycle stage, lead score, RFM and the learned conversion probability for everyone.',
    flags: {
      workspace: WORKSPACE_FLAG,
      'as-of': { type: 'string', description: 'Score as of this day (default: where the data ends)' },
    },
    async run(positionals, flags, ctx) {
      if (positionals.length > 0) usageError('loupe scores takes no arguments; see loupe scores --help.');
      const asOf = stringFlag(flags, 'as-of');
      const r = await call(ctx, 'scores/recompute', {
        workspace: workspaceFlag(flags),
        ...(asOf !== undefined ? { asOf } : {}),
      });
      ctx.output.out(ctx.json ? formatJson(r) : scoresText(r));
    },
  },
  {
    path: ['scores', 'rules'],
    usage: 'loupe scores rules --workspace NAME [--set FILE-OR-JSON [--note TEXT]] [--compare FROM,TO]',
    summary:
      'Lead-score rule sets: list them, save a new version, or show what changed between two versions.',
    flags: {
      workspace: WORKSPACE_FLAG,
      set: { type: 'string', description: 'A rule set (JSON or a file) to save as the next version' },
      note: { type: 'string', description: 'Why the rules changed' },
      compare: { type: 'string', description: 'Two versions, e.g. 1,2' },
    },
    async run(_p, flags, ctx) {
      const workspace = workspaceFlag(flags);
      const set = stringFlag(flags, 'set');
      const compare = stringFlag(flags, 'compare');
      if (set !== undefined) {
        const note = stringFlag(flags, 'note');
        const r = await call(ctx, 'scores/save-lead-rules', {
          workspace,
          ruleSet: jsonArg(set, 'The rule set'),
          ...(note !== undefined ? { note } : {}),
        });
        return ctx.output.out(formatJson(r));
      }
      if (compare !== undefined) {
        const m = /^(\d+),(\d+)$/.exec(compare);
        if (m === null) usageError('--compare takes two versions, e.g. --compare 1,2.');
        return ctx.output.out(
          formatJson(
            await call(ctx, 'scores/compare-lead-rules', { workspace, from: Number(m[1]), to: Number(m[2]) }),
          ),
        );
      }
      const list = await call(ctx, 'scores/list-lead-rules', { workspace });
      if (ctx.json) return ctx.output.out(formatJson(list));
      ctx.output.out(
        formatTable(
          ['version', 'name', 'active', 'saved', 'note'],
          list.map((r) => ({
            version: r.ruleSet['version'],
            name: r.ruleSet['name'],
            active: r.active ? 'yes' : '',
            saved: r.savedAt ?? '(built in)',
            note: r.note ?? '',
          })),
        ),
      );
    },
  },
  {
    path: ['scores', 'lifecycle'],
    usage: 'loupe scores lifecycle --workspace NAME [--set JSON-OR-FILE | --reset]',
    summary: 'Show or change the rules that stage the lifecycle; the next loupe scores applies them.',
    flags: {
      workspace: WORKSPACE_FLAG,
      set: {
        type: 'string',
        description:
          'Rules to change, e.g. {"atRiskAfterDays": 45, "churnedAfterDays": 120} (the others keep their values)',
      },
      reset: { type: 'boolean', description: "Back to Loupe's defaults" },
    },
    async run(_p, flags, ctx) {
      const workspace = workspaceFlag(flags);
      const set = stringFlag(flags, 'set');
      if (set !== undefined && flags['reset'] === true)
        usageError('--set and --reset contradict each other.');
      const r =
        set === undefined && flags['reset'] !== true
          ? await call(ctx, 'scores/get-lifecycle-rules', { workspace })
          : await call(ctx, 'scores/set-lifecycle-rules', {
              workspace,
              rules:
                set === undefined ? null : (jsonArg(set, 'The lifecycle rules') as Record<string, never>),
            });
      if (ctx.json) return ctx.output.out(formatJson(r));
      ctx.output.out(
        [
          r.custom ? "This workspace's lifecycle rules:" : "Loupe's default lifecycle rules:",
          ...Object.entries(r.rules).map(([k, v]) => `  ${k}: ${String(v)}`),
        ].join('\n'),
      );
    },
  },
  {
    path: ['rfm'],
    usage: 'loupe rfm --workspace NAME [--as-of DATE]',
    summary:
      'RFM of the buyers: recency, frequency and monetary quintiles, the R × F grid and named segments.',
    flags: { workspace: WORKSPACE_FLAG, 'as-of': { type: 'string', description: 'As of this day' } },
    async run(_p, flags, ctx) {
      const asOf = stringFlag(flags, 'as-of');
      const r = await call(ctx, 'scores/get-rfm', {
        workspace: workspaceFlag(flags),
        ...(asOf !== undefined ? { asOf } : {}),
      });
      if (ctx.json) return ctx.output.out(formatJson(r));
      const cell = (rr: number, f: number): number =>
        r.cells.find((c) => c.r === rr && c.f === f)?.customers ?? 0;
      ctx.output.out(
        [
          `${r.buyers} buyers as of ${r.asOf}.`,
          formatTable(
            ['R \\ F', '1', '2', '3', '4', '5'],
            [5, 4, 3, 2, 1].map((rr) => ({
              'R \\ F': rr,
              '1': cell(rr, 1),
              '2': cell(rr, 2),
              '3': cell(rr, 3),
              '4': cell(rr, 4),
              '5': cell(rr, 5),
            })),
          ),
          formatTable(
            ['segment', 'customers', 'monetary'],
            r.segments.map((s) => ({
              segment: s.label,
              customers: s.customers,
              monetary: number(s.monetary),
            })),
          ),
        ].join('\n\n'),
      );
    },
  },
  {
    path: ['clv'],
    usage: 'loupe clv --workspace NAME --calibration-end DATE [--horizon-days N] [--discount-rate R]',
    summary:
      'Customer lifetime value: BG/NBD and Gamma-Gamma fitted up to the calibration end, judged on the purchases after it.',
    flags: {
      workspace: WORKSPACE_FLAG,
      'calibration-end': { type: 'string', description: 'Last day of the calibration period (yyyy-MM-dd)' },
      'horizon-days': { type: 'string', description: 'Value purchases over this many days (default 365)' },
      'discount-rate': { type: 'string', description: 'Annual discount rate (default 0.1)' },
    },
    async run(_p, flags, ctx) {
      const calibrationEnd = stringFlag(flags, 'calibration-end');
      if (calibrationEnd === undefined)
        usageError('Say where calibration ends: --calibration-end yyyy-MM-dd.');
      const horizon = stringFlag(flags, 'horizon-days');
      if (horizon !== undefined && !/^\d+$/.test(horizon))
        usageError(`--horizon-days takes a whole number, not "${horizon}".`);
      const rate = stringFlag(flags, 'discount-rate');
      if (rate !== undefined && !/^\d*\.?\d+$/.test(rate))
        usageError(`--discount-rate takes a fraction such as 0.1, not "${rate}".`);
      const r = await call(ctx, 'scores/fit-clv', {
        workspace: workspaceFlag(flags),
        calibrationEnd,
        ...(horizon !== undefined ? { horizonDays: Number(horizon) } : {}),
        ...(rate !== undefined ? { annualDiscountRate: Number(rate) } : {}),
      });
      ctx.output.out(ctx.json ? formatJson(r) : clvText(r));
    },
  },
];
