import type { SqlValue } from '../../api/sql';
import type { WorkspaceDb } from '../../db/workspace-db';
import { fail } from '../../errors';
import { compareText } from './metrics';
import { twoSidedNormalP } from './normal';
import { numberIn, uuid } from './options';
import { campaignPerformance } from './performance';
import type { PerformanceRow } from './types';
import type {
  AbDecision,
  AbDecisionOptions,
  AbMetric,
  AbReason,
  AbTestOptions,
  AbTestResult,
  TwoProportionTest,
  VariantComparison,
  VariantCounts,
} from './types';
export type {
  AbDecision,
  AbDecisionOptions,
  AbMetric,
  AbReason,
  AbTestOptions,
  AbTestResult,
  TwoProportionTest,
  VariantComparison,
  VariantCounts,
} from './types';

/**
 * A/B tests: each variant against the control with a pooled two-proportion
 * z-test on the winning metric. A winner is named only when the difference is
 * significant after a Bonferroni correction (alpha divided by the number of
 * comparisons), every variant reached the minimum sample, and the normal
 * approximation holds (at least 5 successes and 5 failures in every variant);
 * otherwise the test is 'inconclusive', with the reason.
 */

export const AB_METRICS: readonly AbMetric[] = [
  'open_rate',
  'click_rate',
  'conversion_rate',
  'click_to_open_rate',
];

export const DEFAULT_ALPHA = 0.05;
/** Per variant, in the metric's denominator (delivered messages; opens for click-to-open). */
export const DEFAULT_MIN_SAMPLE = 1000;
/** The usual rule for the normal approximation to a proportion: n·p ≥ 5 and n·(1 − p) ≥ 5. */
const MIN_EVENTS = 5;

/** Pooled two-proportion z-test of x2/n2 against x1/n1. */
export function twoProportionZTest(x1: number, n1: number, x2: number, n2: number): TwoProportionTest {
  if (!(n1 > 0 && n2 > 0)) return { pooled: NaN, standardError: NaN, z: null, pValue: null };
  const pooled = (x1 + x2) / (n1 + n2);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(standardError > 0)) return { pooled, standardError, z: null, pValue: null };
  const z = (x2 / n2 - x1 / n1) / standardError;
  return { pooled, standardError, z, pValue: twoSidedNormalP(z) };
}

/** Decides a test from per-variant counts. Pure: the same counts give the same answer. */
export function decideAbTest(variants: readonly VariantCounts[], options: AbDecisionOptions): AbDecision {
  const alpha = numberIn(options.alpha, 'alpha', DEFAULT_ALPHA, 0, 0.5, { exclusiveMin: true });
  const minSample = numberIn(options.minSamplePerVariant, 'minSamplePerVariant', DEFAULT_MIN_SAMPLE, 1, 1e9, {
    integer: true,
  });
  const sorted = [...variants].sort((a, b) => compareText(a.name, b.name));
  const control = sorted.find((v) => v.name === options.control);
  const withRates = sorted.map((v) => ({ ...v, rate: v.trials > 0 ? v.successes / v.trials : null }));
  const others = sorted.filter((v) => v.name !== options.control);
  const m = Math.max(others.length, 1);
  const correctedAlpha = alpha / m;
  const comparisons: VariantComparison[] = control
    ? others.map((v) => {
        const t = twoProportionZTest(control.successes, control.trials, v.successes, v.trials);
        const rate = v.trials > 0 ? v.successes / v.trials : null;
        const controlRate = control.trials > 0 ? control.successes / control.trials : null;
        return {
          variant: v.name,
          rate,
          controlRate,
          difference: rate !== null && controlRate !== null ? rate - controlRate : null,
          relativeLift:
            rate !== null && controlRate !== null && controlRate > 0
              ? (rate - controlRate) / controlRate
              : null,
          z: t.z,
          pValue: t.pValue,
          significant: t.pValue !== null && t.pValue < correctedAlpha,
        };
      })
    : [];
  const base = {
    control: options.control,
    alpha,
    correctedAlpha,
    minSamplePerVariant: minSample,
    variants: withRates,
    comparisons,
  };
  const inconclusive = (reason: AbReason, explanation: string): AbDecision => ({
    ...base,
    status: 'inconclusive',
    winner: null,
    reason,
    explanation,
  });

  if (!control || others.length === 0) {
    return inconclusive(
      'fewer-than-two-variants',
      control
        ? 'Only the control has data: there is nothing to compare it with.'
        : `The control variant "${options.control}" has no data.`,
    );
  }
  const small = sorted.filter((v) => v.trials < minSample).map((v) => v.name);
  if (small.length > 0) {
    return inconclusive(
      'sample-too-small',
      `Variant${small.length > 1 ? 's' : ''} ${small.join(', ')} reached fewer than ${minSample} in the metric's base; wait for more data.`,
    );
  }
  const thin = sorted
    .filter((v) => v.successes < MIN_EVENTS || v.trials - v.successes < MIN_EVENTS)
    .map((v) => v.name);
  if (thin.length > 0) {
    return inconclusive(
      'too-few-events',
      `Variant${thin.length > 1 ? 's' : ''} ${thin.join(', ')} had fewer than ${MIN_EVENTS} successes or failures, too few for the test.`,
    );
  }
  const better = comparisons.filter((c) => c.significant && (c.difference ?? 0) > 0);
  const worse = comparisons.filter((c) => c.significant && (c.difference ?? 0) < 0);
  if (better.length === 1 && better[0]) {
    return {
      ...base,
      status: 'winner',
      winner: better[0].variant,
      reason: 'significant',
      explanation: `${better[0].variant} beat the control ${options.control} (p = ${formatP(better[0].pValue)} < ${formatP(correctedAlpha)}).`,
    };
  }
  if (better.length > 1) {
    return inconclusive(
      'several-variants-beat-control',
      `${better.map((c) => c.variant).join(', ')} each beat the control, but were not tested against each other.`,
    );
  }
  if (worse.length === comparisons.length) {
    return {
      ...base,
      status: 'winner',
      winner: options.control,
      reason: 'significant',
      explanation: `The control ${options.control} beat every other variant (largest p = ${formatP(
        Math.max(...worse.map((c) => c.pValue ?? 1)),
      )} < ${formatP(correctedAlpha)}).`,
    };
  }
  if (worse.length > 0) {
    return inconclusive(
      'mixed-results',
      `The control beat ${worse.map((c) => c.variant).join(', ')}, but not every variant: no single best variant is shown.`,
    );
  }
  return inconclusive(
    'not-significant',
    `No difference from the control is significant at ${formatP(correctedAlpha)}; the differences seen may be noise.`,
  );
}

function formatP(p: number | null): string {
  if (p === null) return 'n/a';
  return p < 0.0001 ? p.toExponential(1) : String(Number(p.toPrecision(2)));
}

/** Successes and trials of a metric in a performance row. */
export function metricCounts(row: PerformanceRow, metric: AbMetric): { successes: number; trials: number } {
  switch (metric) {
    case 'open_rate':
      return { successes: row.uniqueOpens, trials: row.delivered };
    case 'click_rate':
      return { successes: row.uniqueClicks, trials: row.delivered };
    case 'conversion_rate':
      return { successes: row.convertedRecipients, trials: row.delivered };
    case 'click_to_open_rate':
      return { successes: row.uniqueClicks, trials: row.uniqueOpens };
  }
}

function configOf(value: SqlValue | undefined): { metric: string | null; variants: string[] } {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) {
    return { metric: null, variants: [] };
  }
  const metric = typeof value['winning_metric'] === 'string' ? value['winning_metric'] : null;
  const list = Array.isArray(value['variants']) ? value['variants'] : [];
  const variants = list
    .map((v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v['name'] : null))
    .filter((n): n is string => typeof n === 'string');
  return { metric, variants };
}

/** The A/B test of one campaign, per variant of its deliveries (or of its batches). */
export async function campaignAbTest(db: WorkspaceDb, options: AbTestOptions): Promise<AbTestResult> {
  const campaignId = uuid(options.campaignId, 'campaignId');
  const found = await db.query(`SELECT name, ab_test_config FROM campaigns WHERE id = $1::uuid`, [
    campaignId,
  ]);
  const campaign = found.rows[0];
  if (!campaign) fail('not-found', 'That campaign does not exist in this workspace.', { campaignId });
  const config = configOf(campaign['ab_test_config']);
  let metric: AbMetric;
  let metricFrom: AbTestResult['metricFrom'];
  if (options.metric !== undefined) {
    if (!AB_METRICS.includes(options.metric)) {
      fail('invalid-argument', `Judge an A/B test on one of: ${AB_METRICS.join(', ')}.`, {
        metric: options.metric,
      });
    }
    metric = options.metric;
    metricFrom = 'option';
  } else if (config.metric !== null) {
    if (!AB_METRICS.includes(config.metric as AbMetric)) {
      fail(
        'invalid-argument',
        `The campaign's test is set to win on "${config.metric}", which Loupe cannot test; choose a metric: ${AB_METRICS.join(', ')}.`,
        { metric: config.metric },
      );
    }
    metric = config.metric as AbMetric;
    metricFrom = 'campaign';
  } else {
    metric = 'open_rate';
    metricFrom = 'default';
  }

  const perf = await campaignPerformance(db, {
    groupBy: 'variant',
    campaignIds: [campaignId],
    revenue: options.revenue ?? 'email-attributed',
    ...(options.attributionWindowDays !== undefined
      ? { attributionWindowDays: options.attributionWindowDays }
      : {}),
  });
  const named = perf.rows.filter((r) => r.key.variant !== null && r.key.variant !== undefined);
  const names = named.map((r) => r.key.variant as string);
  let control = options.control;
  if (control === undefined) {
    control = config.variants.find((v) => names.includes(v)) ?? (names.includes('A') ? 'A' : names[0]);
  } else if (!names.includes(control)) {
    fail(
      'invalid-argument',
      `The campaign has no deliveries in variant "${control}"; choose one of: ${names.join(', ')}.`,
      {
        control,
      },
    );
  }
  const counts: VariantCounts[] = named.map((r) => ({
    name: r.key.variant as string,
    ...metricCounts(r, metric),
  }));
  const decision = decideAbTest(counts, {
    control: control ?? '',
    ...(options.alpha !== undefined ? { alpha: options.alpha } : {}),
    ...(options.minSamplePerVariant !== undefined
      ? { minSamplePerVariant: options.minSamplePerVariant }
      : {}),
  });
  return {
    ...decision,
    campaignId,
    campaignName: String(campaign['name']),
    metric,
    metricFrom,
    unassignedDelivered: perf.rows.filter((r) => r.key.variant === null).reduce((s, r) => s + r.delivered, 0),
    rows: perf.rows,
  };
}
