/**
 * Attribution as the contract carries it: what a caller asks for and what comes
 * back. Free of any platform import, so the renderer can use the same types.
 */
import type { AttributionReport, ChannelRule, ConversionDrillDown, PathStats } from './types';

/** What counts as a conversion: orders (default), CRM conversions, or events of one type ('event:signup'). */
export type ConversionSourceName = 'orders' | 'crm' | `event:${string}`;

export interface AttributionRequest {
  /** 'all' (default) or model names separated by commas: first-touch,linear,markov … */
  models?: string;
  /** time-decay: half-life in days (default 7). */
  halfLifeDays?: number;
  /** markov: chain order (default 1). */
  order?: number;
  /** position-based: share of the first and of the last touch (default 0.4 each). */
  firstShare?: number;
  lastShare?: number;
  /** last-non-direct: channels that count as direct (default ['Direct']). */
  directChannels?: string[];
  /** shapley: permutations drawn when there are too many channels for the exact computation. */
  shapleySamples?: number;
  conversions?: ConversionSourceName;
  /** Touches at most this many days before a conversion form its path (default 30). */
  lookbackDays?: number;
  /** Conversions from this time (ISO date or date-time, inclusive). */
  from?: string;
  /** Conversions before this time (exclusive). */
  to?: string;
  /** Start a conversion's path after the same person's previous conversion (default false). */
  resetAfterConversion?: boolean;
  /** How many top paths to list (default 20). */
  topPaths?: number;
}

export interface AttributionParameters {
  models: string[];
  conversions: ConversionSourceName;
  lookbackDays: number;
  from: string | null;
  to: string | null;
  segmentId: string | null;
  resetAfterConversion: boolean;
}

export interface AttributionAnalysis extends AttributionReport {
  /** The saved run (null when the caller asked not to save). */
  runId: string | null;
  name: string | null;
  parameters: AttributionParameters;
  paths: PathStats;
  /** Where spend came from: ad_spend_daily over the conversions' period. */
  spend: { channels: Record<string, number>; campaigns: Record<string, number>; currency: string | null };
  /** Touchpoints made from events and orders, and channels named, before this analysis. */
  touchpointsDerived: { fromEvents: number; fromOrders: number; classified: number };
}

export interface AttributionDrillDown extends ConversionDrillDown {
  parameters: AttributionParameters;
  /** What was converted: the order number, CRM conversion type, or event name. */
  conversionLabel: string | null;
  convertedAt: string | null;
  customerId: string | null;
}

export interface AttributionRunSummary {
  id: string;
  name: string | null;
  createdAt: string;
  parameters: AttributionParameters;
  conversions: number;
  value: number;
  /** True when data changed since the run (an import, a deletion). */
  stale: boolean;
}

export interface ChannelGroupingData {
  /** null: Loupe's default rules (listed in `defaults`). */
  rules: ChannelRule[] | null;
  fallbackChannel: string | null;
  ownDomains: string[];
  defaults: ChannelRule[];
  defaultFallbackChannel: string;
}
