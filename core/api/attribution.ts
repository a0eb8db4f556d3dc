/**
 * Multi-touch attribution as the contract carries it. The shapes are defined next
 * to the code that computes them (core/analytics/attribution, free of any
 * platform import); docs/attribution.md explains every model.
 */
import type { AttributionRequest } from '../analytics/attribution/analysis-types';

export type {
  AttributionAnalysis,
  AttributionDrillDown,
  AttributionParameters,
  AttributionRequest,
  AttributionRunSummary,
  ChannelGroupingData,
  ConversionSourceName,
} from '../analytics/attribution/analysis-types';
export type {
  ChannelRule,
  ComparisonCell,
  ComparisonRow,
  ComparisonTable,
  MarkovInspection,
  ModelResult,
  ShapleyInspection,
  TopPath,
} from '../analytics/attribution/types';

export type AttributionRunArgs = AttributionRequest & {
  workspace: string;
  /** Only the members of this segment. */
  segmentId?: string;
  /** Save the run for dashboards and reports (default true); a name keeps it until deleted. */
  save?: boolean;
  name?: string;
};

export type AttributionDrillDownArgs = AttributionRequest & {
  workspace: string;
  segmentId?: string;
  /** The conversion's id (an order's, CRM conversion's or event's uuid). */
  conversionId: string;
  /** One model name, e.g. markov or time-decay. */
  model: string;
};
