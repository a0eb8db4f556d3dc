import { fail } from '../../errors';
import { fitMarkov, MAX_MARKOV_ORDER } from './markov';
import { compareText, maxPathLength, pathSetTotals } from './path-set';
import { ruleBasedCredit } from './rule-based';
import type { PathCredit } from './rule-based';
import {
  DEFAULT_MAX_EXACT_CHANNELS,
  DEFAULT_SHAPLEY_SAMPLES,
  MAX_EXACT_CHANNELS,
  fitShapley,
} from './shapley';
import { MODEL_NAMES, RULE_BASED_MODELS } from './types';
import type {
  CreditRow,
  MarkovInspection,
  ModelName,
  ModelResult,
  ModelSpec,
  PathSet,
  ResolvedModelSpec,
  ShapleyInspection,
} from './types';

export const DEFAULT_HALF_LIFE_DAYS = 7;
export const DEFAULT_DIRECT_CHANNELS: readonly string[] = ['Direct'];

/** A model fitted to one path set: it can say how any of its paths' conversions is shared out. */
export interface FittedModel {
  key: string;
  spec: ResolvedModelSpec;
  credit: PathCredit;
  markov: MarkovInspection | null;
  shapley: ShapleyInspection | null;
  /** Read after crediting: some warnings count paths seen while crediting. */
  warnings(): string[];
}

export function isModelName(name: unknown): name is ModelName {
  return typeof name === 'string' && (MODEL_NAMES as readonly string[]).includes(name);
}

/** Checks a spec and fills in the defaults of the parameters its model uses; other parameters are ignored. */
export function resolveModelSpec(spec: ModelSpec): ResolvedModelSpec {
  const model = spec.model;
  if (!isModelName(model)) {
    fail(
      'invalid-argument',
      `Unknown attribution model "${String(model)}". Use one of: ${MODEL_NAMES.join(', ')}.`,
      {
        model,
      },
    );
  }
  switch (model) {
    case 'first-touch':
    case 'last-touch':
    case 'linear':
    case 'u-shaped':
    case 'w-shaped':
      return { model };
    case 'last-non-direct': {
      const list = spec.directChannels ?? DEFAULT_DIRECT_CHANNELS;
      if (!Array.isArray(list) || list.some((c) => typeof c !== 'string' || c.trim() === '')) {
        fail('invalid-argument', 'Direct channels must be a list of channel names.');
      }
      return { model, directChannels: [...new Set(list.map((c) => c.trim()))].sort(compareText) };
    }
    case 'time-decay': {
      const halfLifeDays = spec.halfLifeDays ?? DEFAULT_HALF_LIFE_DAYS;
      if (!(typeof halfLifeDays === 'number' && Number.isFinite(halfLifeDays) && halfLifeDays > 0)) {
        fail('invalid-argument', 'The half-life must be a positive number of days.', { halfLifeDays });
      }
      return { model, halfLifeDays };
    }
    case 'position-based': {
      const firstShare = spec.firstShare ?? 0.4;
      const lastShare = spec.lastShare ?? 0.4;
      const ok = (v: number): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1;
      if (
        !ok(firstShare) ||
        !ok(lastShare) ||
        firstShare + lastShare > 1 + 1e-12 ||
        firstShare + lastShare <= 0
      ) {
        fail(
          'invalid-argument',
          'Position-based shares must be between 0 and 1, with first + last above 0 and at most 1.',
          { firstShare, lastShare },
        );
      }
      return { model, firstShare, lastShare };
    }
    case 'markov': {
      const order = spec.order ?? 1;
      if (!(Number.isInteger(order) && order >= 1 && order <= MAX_MARKOV_ORDER)) {
        fail('invalid-argument', `The Markov order must be a whole number from 1 to ${MAX_MARKOV_ORDER}.`, {
          order,
        });
      }
      return { model, order };
    }
    case 'shapley': {
      const maxExactChannels = spec.maxExactChannels ?? DEFAULT_MAX_EXACT_CHANNELS;
      const samples = spec.samples ?? DEFAULT_SHAPLEY_SAMPLES;
      const seed = spec.seed ?? 1;
      if (!(
        Number.isInteger(maxExactChannels) &&
        maxExactChannels >= 0 &&
        maxExactChannels <= MAX_EXACT_CHANNELS
      )) {
        fail('invalid-argument', `Exact Shapley is available for 0 to ${MAX_EXACT_CHANNELS} channels.`, {
          maxExactChannels,
        });
      }
      if (!(Number.isInteger(samples) && samples >= 2 && samples <= 10_000_000)) {
        fail('invalid-argument', 'Shapley sampling needs a whole number of samples from 2 to 10,000,000.', {
          samples,
        });
      }
      if (!Number.isInteger(seed))
        fail('invalid-argument', 'The Shapley seed must be a whole number.', { seed });
      return { model, maxExactChannels, samples, seed };
    }
  }
}

/** A stable name for a model and its parameters: the bare model name when every parameter is the default. */
export function modelKey(spec: ResolvedModelSpec): string {
  const params: string[] = [];
  switch (spec.model) {
    case 'last-non-direct':
      if (spec.directChannels.join('|') !== DEFAULT_DIRECT_CHANNELS.join('|')) {
        params.push(`direct=${spec.directChannels.join('|')}`);
      }
      break;
    case 'time-decay':
      if (spec.halfLifeDays !== DEFAULT_HALF_LIFE_DAYS) params.push(`half-life=${spec.halfLifeDays}d`);
      break;
    case 'position-based':
      if (spec.firstShare !== 0.4 || spec.lastShare !== 0.4) {
        params.push(`first=${spec.firstShare}`, `last=${spec.lastShare}`);
      }
      break;
    case 'markov':
      if (spec.order !== 1) params.push(`order=${spec.order}`);
      break;
    case 'shapley':
      if (spec.maxExactChannels !== DEFAULT_MAX_EXACT_CHANNELS)
        params.push(`exact<=${spec.maxExactChannels}`);
      if (spec.samples !== DEFAULT_SHAPLEY_SAMPLES) params.push(`samples=${spec.samples}`);
      if (spec.seed !== 1) params.push(`seed=${spec.seed}`);
      break;
    default:
      break;
  }
  return params.length === 0 ? spec.model : `${spec.model}(${params.join(',')})`;
}

/** Every model with its defaults, in the order tables show them. */
export function allModelSpecs(): ModelSpec[] {
  return MODEL_NAMES.map((model) => ({ model }));
}

/**
 * Specs from a command-line style list: 'all' or comma-separated model names,
 * each given the shared parameters (e.g. --half-life-days, --order) its model uses.
 */
export function modelSpecsFromList(list: string, params: Omit<ModelSpec, 'model'> = {}): ModelSpec[] {
  const names =
    list.trim().toLowerCase() === 'all'
      ? [...MODEL_NAMES]
      : list
          .split(',')
          .map((s) => s.trim().toLowerCase())
          .filter((s) => s !== '');
  if (names.length === 0) fail('invalid-argument', 'Choose at least one attribution model.');
  return names.map((model) => {
    if (!isModelName(model)) {
      fail(
        'invalid-argument',
        `Unknown attribution model "${model}". Use one of: ${MODEL_NAMES.join(', ')}, or all.`,
        {
          model,
        },
      );
    }
    const spec: ModelSpec = { ...params, model };
    resolveModelSpec(spec);
    return spec;
  });
}

export function isRuleBased(spec: ResolvedModelSpec): boolean {
  return (RULE_BASED_MODELS as readonly string[]).includes(spec.model);
}

export function fitModel(ps: PathSet, spec: ModelSpec): FittedModel {
  const resolved = resolveModelSpec(spec);
  const key = modelKey(resolved);
  switch (resolved.model) {
    case 'markov': {
      const fit = fitMarkov(ps, resolved.order);
      return {
        key,
        spec: resolved,
        credit: fit.credit,
        markov: fit.inspection,
        shapley: null,
        warnings: () => fit.warnings,
      };
    }
    case 'shapley': {
      const fit = fitShapley(ps, resolved);
      return {
        key,
        spec: resolved,
        credit: fit.credit,
        markov: null,
        shapley: fit.inspection,
        warnings: () => fit.warnings,
      };
    }
    default:
      return {
        key,
        spec: resolved,
        credit: ruleBasedCredit(resolved, ps),
        markov: null,
        shapley: null,
        warnings: () => [],
      };
  }
}

/** Raw credit sums of one model, indexed like ps.channels and ps.campaigns. */
export interface CreditSums {
  channelConversions: Float64Array;
  channelValue: Float64Array;
  campaignConversions: Float64Array;
  campaignValue: Float64Array;
}

/** Credits every converting path and sums the credit per channel and per campaign. */
export function sumCredits(ps: PathSet, model: FittedModel): CreditSums {
  const out = new Float64Array(Math.max(1, maxPathLength(ps)));
  const channelConversions = new Float64Array(ps.channels.length);
  const channelValue = new Float64Array(ps.channels.length);
  const campaignConversions = new Float64Array(ps.campaigns.length);
  const campaignValue = new Float64Array(ps.campaigns.length);
  const { pathStart, touchChannel, touchCampaign, conversions, value } = ps;
  const credit = model.credit;
  for (let p = 0; p < ps.pathCount; p++) {
    const c = conversions[p];
    if (c <= 0) continue;
    const v = value[p];
    credit(p, out);
    const s = pathStart[p];
    const n = pathStart[p + 1] - s;
    for (let i = 0; i < n; i++) {
      const w = out[i];
      const ch = touchChannel[s + i];
      const cp = touchCampaign[s + i];
      channelConversions[ch] += w * c;
      channelValue[ch] += w * v;
      campaignConversions[cp] += w * c;
      campaignValue[cp] += w * v;
    }
  }
  return { channelConversions, channelValue, campaignConversions, campaignValue };
}

/** Runs one fitted model over every converting path. */
export function attribute(ps: PathSet, model: FittedModel): ModelResult {
  const sums = sumCredits(ps, model);
  const totals = pathSetTotals(ps);
  return {
    key: model.key,
    spec: model.spec,
    totals,
    channels: creditRows(ps.channels, sums.channelConversions, sums.channelValue, totals),
    campaigns: creditRows(ps.campaigns, sums.campaignConversions, sums.campaignValue, totals),
    markov: model.markov,
    shapley: model.shapley,
    warnings: model.warnings(),
  };
}

/** Rows sorted by conversions (descending), ties by name. */
export function creditRows(
  names: readonly string[],
  conversions: Float64Array,
  value: Float64Array,
  totals: { conversions: number; value: number },
): CreditRow[] {
  return names
    .map((key, i) => ({
      key,
      conversions: conversions[i],
      value: value[i],
      shareOfConversions: totals.conversions > 0 ? conversions[i] / totals.conversions : null,
      shareOfValue: totals.value !== 0 ? value[i] / totals.value : null,
    }))
    .sort((a, b) => b.conversions - a.conversions || compareText(a.key, b.key));
}
