/**
 * Analyses as the contract carries them. The result shapes are defined next to
 * the code that computes them (the types.ts of each core/analytics module, free of any platform
 * import) and re-exported here, so the renderer reads them through core/api only.
 */
import type { CohortOptions, CohortResult } from '../analytics/cohorts/types';
import type { FunnelOrder, FunnelResult, FunnelStep } from '../analytics/funnels/types';

export type {
  Cohort,
  CohortAverage,
  CohortBirth,
  CohortCell,
  CohortCounting,
  CohortMode,
  CohortOptionsEcho,
  CohortResult,
  ReturnEvent,
} from '../analytics/cohorts/types';
export type {
  FunnelBreakdownRow,
  FunnelOrder,
  FunnelResult,
  FunnelStep,
  FunnelStepResult,
  FunnelTable,
} from '../analytics/funnels/types';

/** Restricts an analysis to a segment's active members. */
export interface SegmentFilter {
  segmentId?: string;
}

export type CohortArgs = Omit<CohortOptions, 'mask' | 'members'> &
  SegmentFilter & {
    workspace: string;
    /** Also store the result in cohorts / cohort_memberships / cohort_retention_data under this name. */
    saveAs?: string;
  };

export type CohortAnswer = Omit<CohortResult, 'members'> & {
  saved: { id: string; name: string; memberships: number; retentionRows: number } | null;
};

export interface FunnelArgs extends SegmentFilter {
  workspace: string;
  steps: (string | FunnelStep)[];
  order?: FunnelOrder;
  windowDays?: number;
  /** Step 1 on or after this local date (yyyy-MM-dd, workspace time zone). */
  from?: string;
  /** Step 1 before the end of this local date. */
  to?: string;
  /** Breakdown by the step-1 event's campaign or channel, the person's country, or named segments. */
  breakdown?: 'campaign' | 'channel' | 'country' | { segments: string[] };
}

export type FunnelAnswer = FunnelResult;
