import { fail } from '../../errors';
import { attribute, fitModel } from './models';
import type { FittedModel } from './models';
import { assertPathSet, compareText, groupSequences, pathSetTotals } from './path-set';
import { MS_PER_DAY } from './types';
import type {
  AttributionReport,
  ComparisonRow,
  ComparisonTable,
  ConversionDrillDown,
  DrillDownTouch,
  ModelResult,
  ModelSpec,
  PathSet,
  TopPath,
} from './types';

export type {
  AttributionReport,
  ComparisonCell,
  ComparisonRow,
  ComparisonTable,
  ConversionDrillDown,
  DrillDownTouch,
  TopPath,
} from './types';

/** Spend per channel and per campaign, keyed by name, for ROAS and cost per conversion. */
export interface SpendInput {
  channels?: Readonly<Record<string, number>>;
  campaigns?: Readonly<Record<string, number>>;
}

/**
 * Puts model results side by side. Rows are every name credited by any model or
 * given spend, sorted by the first model's conversions (descending), ties by name.
 */
export function comparisonTable(
  dimension: 'channel' | 'campaign',
  results: readonly ModelResult[],
  spend?: Readonly<Record<string, number>>,
): ComparisonTable {
  const spendMap = new Map<string, number>();
  for (const [key, amount] of Object.entries(spend ?? {})) {
    if (!(typeof amount === 'number' && Number.isFinite(amount) && amount >= 0)) {
      fail('invalid-argument', `Spend for ${key} must be a number of zero or more.`, { key, amount });
    }
    spendMap.set(key, amount);
  }
  const keys = new Set<string>(spendMap.keys());
  const byModel = results.map((r) => {
    const rows = dimension === 'channel' ? r.channels : r.campaigns;
    const map = new Map(rows.map((row) => [row.key, row]));
    for (const row of rows) keys.add(row.key);
    return map;
  });
  const rows: ComparisonRow[] = [...keys].map((key) => {
    const s = spendMap.get(key) ?? null;
    return {
      key,
      spend: s,
      cells: results.map((r, m) => {
        const row = byModel[m].get(key);
        const conversions = row?.conversions ?? 0;
        const value = row?.value ?? 0;
        return {
          model: r.key,
          conversions,
          value,
          shareOfConversions: r.totals.conversions > 0 ? conversions / r.totals.conversions : null,
          roas: s !== null && s > 0 ? value / s : null,
          costPerConversion: s !== null && conversions > 0 ? s / conversions : null,
        };
      }),
    };
  });
  rows.sort(
    (a, b) => (b.cells[0]?.conversions ?? 0) - (a.cells[0]?.conversions ?? 0) || compareText(a.key, b.key),
  );
  return {
    dimension,
    models: results.map((r) => r.key),
    totals: results[0]?.totals ?? { conversions: 0, value: 0 },
    totalSpend: spendMap.size > 0 ? [...spendMap.values()].reduce((a, b) => a + b, 0) : null,
    rows,
  };
}

/**
 * Channel sequences by how many conversions they ended in (then by journeys,
 * then by the sequence's channel names). The conversion rate counts converting and non-converting
 * journeys that followed exactly this sequence.
 */
export function topPaths(ps: PathSet, limit = 20): TopPath[] {
  if (!(Number.isInteger(limit) && limit >= 0)) {
    fail('invalid-argument', 'The number of top paths must be a whole number.', { limit });
  }
  const groups = groupSequences(ps);
  const conv = groups.conversions;
  const nonConv = groups.nonConversions;
  const val = groups.value;
  // Channel names ranked once, so sequences compare as integers.
  const rank = new Int32Array(ps.channels.length);
  ps.channels
    .map((_, c) => c)
    .sort((a, b) => compareText(ps.channels[a], ps.channels[b]))
    .forEach((c, r) => {
      rank[c] = r;
    });
  const { pathStart, touchChannel } = ps;
  const bySequence = (a: number, b: number): number => {
    const pa = groups.firstPath[a];
    const pb = groups.firstPath[b];
    const la = pathStart[pa + 1] - pathStart[pa];
    const lb = pathStart[pb + 1] - pathStart[pb];
    for (let i = 0; i < Math.min(la, lb); i++) {
      const d = rank[touchChannel[pathStart[pa] + i]] - rank[touchChannel[pathStart[pb] + i]];
      if (d !== 0) return d;
    }
    return la - lb;
  };
  const byCounts = (a: number, b: number): number =>
    conv[b] - conv[a] || conv[b] + nonConv[b] - (conv[a] + nonConv[a]);
  // Rank by counts first; only the groups tied with the last one kept need the sequence order.
  const byCount = Array.from(groups.firstPath, (_, g) => g).sort(byCounts);
  let end = Math.min(limit, byCount.length);
  if (end > 0) while (end < byCount.length && byCounts(byCount[end - 1], byCount[end]) === 0) end++;
  const order = byCount.slice(0, end).sort((a, b) => byCounts(a, b) || bySequence(a, b));
  const seq = (g: number): Uint16Array => {
    const p = groups.firstPath[g];
    return touchChannel.subarray(pathStart[p], pathStart[p + 1]);
  };
  return order.slice(0, limit).map((g) => {
    const channels = Array.from(seq(g), (c) => ps.channels[c]);
    return {
      channels,
      label: channels.join(' > '),
      conversions: conv[g],
      nonConversions: nonConv[g],
      value: val[g],
      conversionRate: conv[g] / (conv[g] + nonConv[g]),
    };
  });
}

/** Each touch of one conversion's path and the credit it earns under the model. */
export function drillDown(ps: PathSet, model: FittedModel, conversion: string | number): ConversionDrillDown {
  let p: number;
  if (typeof conversion === 'number') {
    p = conversion;
  } else {
    p = ps.conversionIds?.indexOf(conversion) ?? -1;
    if (p < 0)
      fail('not-found', `Conversion ${conversion} is not among the analysed conversions.`, { conversion });
  }
  if (!(Number.isInteger(p) && p >= 0 && p < ps.pathCount)) {
    fail('not-found', `There is no path number ${String(conversion)}.`, { conversion });
  }
  if (ps.conversions[p] <= 0) {
    fail('invalid-argument', 'That path did not convert, so it earns no credit.', { conversion });
  }
  const s = ps.pathStart[p];
  const n = ps.pathStart[p + 1] - s;
  const out = new Float64Array(n);
  model.credit(p, out);
  const touches: DrillDownTouch[] = [];
  for (let i = 0; i < n; i++) {
    touches.push({
      position: i + 1,
      touchpointId: ps.touchIds?.[s + i] ?? null,
      channel: ps.channels[ps.touchChannel[s + i]],
      campaign: ps.campaigns[ps.touchCampaign[s + i]],
      daysBeforeConversion: ps.touchAgeMs[s + i] / MS_PER_DAY,
      leadCreation: ps.touchLead[s + i] === 1,
      credit: out[i],
      creditValue: out[i] * ps.value[p],
    });
  }
  return {
    conversionId: ps.conversionIds?.[p] ?? null,
    pathIndex: p,
    model: model.key,
    conversions: ps.conversions[p],
    value: ps.value[p],
    touches,
  };
}

export interface AttributionOptions {
  models: readonly ModelSpec[];
  spend?: SpendInput;
  /** How many top paths to list. Default 20. */
  topPaths?: number;
}

/** Runs every requested model and lays the results side by side. */
export function runAttribution(ps: PathSet, options: AttributionOptions): AttributionReport {
  assertPathSet(ps);
  if (options.models.length === 0) fail('invalid-argument', 'Choose at least one attribution model.');
  const results = options.models.map((spec) => attribute(ps, fitModel(ps, spec)));
  const seen = new Set<string>();
  for (const r of results) {
    if (seen.has(r.key)) fail('invalid-argument', `Model ${r.key} is requested twice.`, { model: r.key });
    seen.add(r.key);
  }
  let convertingPaths = 0;
  let nonConverting = 0;
  for (let p = 0; p < ps.pathCount; p++) {
    if (ps.conversions[p] > 0) convertingPaths++;
    nonConverting += ps.nonConversions[p];
  }
  return {
    totals: {
      ...pathSetTotals(ps),
      convertingPaths,
      nonConvertingJourneys: nonConverting,
      touches: ps.pathStart[ps.pathCount],
      channels: ps.channels.length,
      campaigns: ps.campaigns.length,
    },
    models: results,
    channels: comparisonTable('channel', results, options.spend?.channels),
    campaigns: comparisonTable('campaign', results, options.spend?.campaigns),
    topPaths: topPaths(ps, options.topPaths ?? 20),
    warnings: results.flatMap((r) => r.warnings.map((w) => `${r.key}: ${w}`)),
  };
}
