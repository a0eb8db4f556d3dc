/**
 * Shared shapes of the attribution engine. Inputs are plain arrays; every result
 * that leaves the engine is a plain JSON-serialisable object (no typed arrays,
 * no NaN or Infinity: undefined ratios are `null`).
 */

/** Channel given to conversions that have no touchpoint inside the lookback window. */
export const NO_TOUCH_CHANNEL = '(none)';
/** Campaign key of touches that carry no campaign. */
export const NO_CAMPAIGN = '(none)';

export const MS_PER_DAY = 86_400_000;

/**
 * Every path of an analysis in compact columnar form. A path is either the
 * touches before one conversion (conversions = 1), a journey that did not convert
 * (nonConversions = 1), or an aggregate of identical journeys (any counts).
 * Touches of path p occupy indices pathStart[p] .. pathStart[p + 1] - 1, oldest first.
 */
export interface PathSet {
  /** Channel names; touchChannel holds indexes into this list. */
  channels: string[];
  /** Campaign names; touchCampaign holds indexes into this list. */
  campaigns: string[];
  pathCount: number;
  /** Offsets into the touch arrays, length pathCount + 1. */
  pathStart: Uint32Array;
  /** Conversions the path stands for (0 for a journey that did not convert). */
  conversions: Float64Array;
  /** Journeys ending without conversion the path stands for. */
  nonConversions: Float64Array;
  /** Conversion value of the path (sum over the conversions it stands for). */
  value: Float64Array;
  touchChannel: Uint16Array;
  touchCampaign: Uint32Array;
  /** Time from the touch to the end of its path (the conversion), in milliseconds. */
  touchAgeMs: Float64Array;
  /** 1 where the touch created the lead (used by the U- and W-shaped models). */
  touchLead: Uint8Array;
  /** Conversion id of each path (null for journeys that did not convert), when known. */
  conversionIds: (string | null)[] | null;
  /** Touchpoint id of each touch, when known. */
  touchIds: (string | null)[] | null;
}

export const RULE_BASED_MODELS = [
  'first-touch',
  'last-touch',
  'last-non-direct',
  'linear',
  'time-decay',
  'position-based',
  'u-shaped',
  'w-shaped',
] as const;
export const DATA_DRIVEN_MODELS = ['markov', 'shapley'] as const;
export const MODEL_NAMES = [...RULE_BASED_MODELS, ...DATA_DRIVEN_MODELS] as const;

export type RuleBasedModelName = (typeof RULE_BASED_MODELS)[number];
export type DataDrivenModelName = (typeof DATA_DRIVEN_MODELS)[number];
export type ModelName = (typeof MODEL_NAMES)[number];

/** A model and its parameters, as a caller (API, CLI, saved report) names it. Omitted parameters take defaults. */
export interface ModelSpec {
  model: ModelName;
  /** last-non-direct: channels that count as direct. Default ['Direct']. */
  directChannels?: readonly string[];
  /** time-decay: half-life in days. Default 7. */
  halfLifeDays?: number;
  /** position-based: share of the first touch. Default 0.4. */
  firstShare?: number;
  /** position-based: share of the last touch. Default 0.4. */
  lastShare?: number;
  /** markov: chain order (states are tuples of the last `order` channels). Default 1. */
  order?: number;
  /** shapley: exact computation up to this many channels, sampling beyond. Default 20. */
  maxExactChannels?: number;
  /** shapley: permutations drawn when sampling. Default 2000. */
  samples?: number;
  /** shapley: seed of the sampler, so sampled results are reproducible. Default 1. */
  seed?: number;
}

/** A model spec with every parameter that model uses filled in. */
export type ResolvedModelSpec =
  | { model: 'first-touch' | 'last-touch' | 'linear' | 'u-shaped' | 'w-shaped' }
  | { model: 'last-non-direct'; directChannels: string[] }
  | { model: 'time-decay'; halfLifeDays: number }
  | { model: 'position-based'; firstShare: number; lastShare: number }
  | { model: 'markov'; order: number }
  | { model: 'shapley'; maxExactChannels: number; samples: number; seed: number };

/** Credit earned by one channel or campaign under one model. */
export interface CreditRow {
  key: string;
  conversions: number;
  value: number;
  /** conversions / total conversions (null when there are none). */
  shareOfConversions: number | null;
  /** value / total value (null when the total value is 0). */
  shareOfValue: number | null;
}

export interface Totals {
  conversions: number;
  value: number;
}

/** One transition of a Markov chain as counted from the paths. */
export interface MarkovTransition {
  from: string;
  to: string;
  count: number;
  probability: number;
}

export interface MarkovRemoval {
  channel: string;
  /** Probability of reaching conversion from the start once the channel is removed. */
  conversionProbabilityWithout: number;
  /** 1 - conversionProbabilityWithout / conversionProbability. */
  removalEffect: number;
  /** True when no converting route is left without the channel. */
  leavesZero: boolean;
  /** removalEffect / sum of removal effects: the textbook allocation of all conversions. */
  globalShare: number | null;
}

export interface MarkovInspection {
  order: number;
  /** State labels: '(start)', then tuples such as 'Email > Paid Search', then '(conversion)' and '(null)'. */
  states: string[];
  transitions: MarkovTransition[];
  conversionProbability: number;
  removals: MarkovRemoval[];
  solver: {
    method: 'dense-elimination' | 'gauss-seidel';
    /** Largest Gauss-Seidel sweep count over all solves (0 for elimination). */
    sweeps: number;
    /** Largest |x - Px - b| over all solves. */
    maxResidual: number;
    /** Bound on the error of any absorption probability: residual × expected steps to absorption. */
    errorBound: number;
  };
}

export interface ShapleyValue {
  channel: string;
  conversions: number;
  value: number;
  /** Standard errors of a sampled estimate (null when computed exactly). */
  conversionsStandardError: number | null;
  valueStandardError: number | null;
}

export interface ShapleyInspection {
  method: 'exact' | 'sampled';
  channelCount: number;
  /** Distinct channel sets among converting paths. */
  coalitionsWithConversions: number;
  /** Permutations drawn (null when exact). */
  samples: number | null;
  values: ShapleyValue[];
}

/** Everything one model says about a path set. */
export interface ModelResult {
  key: string;
  spec: ResolvedModelSpec;
  totals: Totals;
  channels: CreditRow[];
  campaigns: CreditRow[];
  markov: MarkovInspection | null;
  shapley: ShapleyInspection | null;
  warnings: string[];
}

export interface ComparisonCell {
  model: string;
  conversions: number;
  value: number;
  shareOfConversions: number | null;
  /** value / spend (null without spend). */
  roas: number | null;
  /** spend / conversions (null without spend or without conversions). */
  costPerConversion: number | null;
}

export interface ComparisonRow {
  key: string;
  spend: number | null;
  /** One cell per model, in the table's model order. */
  cells: ComparisonCell[];
}

/** Channels (or campaigns) × models. */
export interface ComparisonTable {
  dimension: 'channel' | 'campaign';
  models: string[];
  totals: Totals;
  totalSpend: number | null;
  rows: ComparisonRow[];
}

export interface TopPath {
  channels: string[];
  /** Channels joined with ' > '. */
  label: string;
  conversions: number;
  nonConversions: number;
  value: number;
  /** conversions / (conversions + non-converting journeys) on this exact sequence. */
  conversionRate: number;
}

export interface DrillDownTouch {
  position: number;
  touchpointId: string | null;
  channel: string;
  campaign: string;
  daysBeforeConversion: number;
  leadCreation: boolean;
  /** Share of the conversion (the shares of a conversion sum to 1). */
  credit: number;
  /** Share of the conversion's value. */
  creditValue: number;
}

export interface ConversionDrillDown {
  conversionId: string | null;
  pathIndex: number;
  model: string;
  conversions: number;
  value: number;
  touches: DrillDownTouch[];
}

export interface AttributionReport {
  totals: Totals & {
    convertingPaths: number;
    nonConvertingJourneys: number;
    touches: number;
    channels: number;
    campaigns: number;
  };
  models: ModelResult[];
  channels: ComparisonTable;
  campaigns: ComparisonTable;
  topPaths: TopPath[];
  warnings: string[];
}

/** What an imported touchpoint tells about where a visit or click came from. */
export interface ChannelSignals {
  /** A channel named explicitly by the source file; kept as is (trimmed, case matched to a known channel). */
  channel?: string | null;
  source?: string | null;
  medium?: string | null;
  /** Referring URL or host name. */
  referrer?: string | null;
  campaign?: string | null;
  /** Names of click-id parameters present on the landing URL, e.g. ['gclid']. */
  clickIds?: readonly string[] | null;
}

/**
 * One grouping rule: every listed condition must hold. A condition is a
 * case-insensitive regular expression the field must match, or null for "the
 * field is absent". `referrer` is matched against the referrer's host name and
 * `clickId` against the name of any click id present. Rules are tried in order;
 * the first match names the channel.
 */
export interface ChannelRule {
  channel: string;
  when: {
    source?: string | null;
    medium?: string | null;
    referrer?: string | null;
    campaign?: string | null;
    clickId?: string | null;
  };
}

export interface PathStats {
  conversions: number;
  /** Conversions with no touch in their window (credited to '(none)'). */
  conversionsWithoutTouch: number;
  nonConvertingJourneys: number;
  touchpoints: number;
  /** Touchpoints that fall in at least one path. */
  touchpointsUsed: number;
}
