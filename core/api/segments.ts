import type { SqlValue } from './sql';

/**
 * Segments as the contract carries them: cdp-schema.md's segments, their
 * membership and figures (core/analytics/segments computes them; docs/segments.md
 * defines every figure).
 */

export type SegmentType = 'dynamic' | 'static' | 'calculated' | 'lookalike';

/** One row of `segments`, as the segment functions return it. */
export interface SegmentSummary {
  id: string;
  name: string;
  description: string | null;
  type: SegmentType;
  /** The criteria JSON as stored; `{}` for a static list. */
  criteria: SqlValue;
  customerCount: number;
  lastCustomerCount: number;
  customerCountChange: number;
  /** ISO time of the last refresh (or upload), null before the first. */
  lastRefreshedAt: string | null;
  createdAt: string;
}

export interface CreateSegmentInput {
  name: string;
  description?: string | null;
  type: 'dynamic' | 'static';
  /** Required for a dynamic segment (cdp-schema.md's criteria JSON). */
  criteria?: unknown;
  /** Required for a static segment: the uploaded list's addresses. */
  emails?: readonly string[];
  /** When the first membership is computed or the list uploaded; defaults to the clock. */
  now?: number | string;
}

export interface RefreshResult {
  /** People who joined (new rows, or earlier members coming back). */
  added: number;
  /** Members who no longer qualify. */
  removed: number;
  /** Members who still qualify. */
  kept: number;
  size: number;
  previousSize: number;
}

export interface UploadResult {
  /** Distinct addresses in the list (blank lines and repeats left out). */
  emails: number;
  /** Addresses that matched at least one person. */
  matchedEmails: number;
  /** Addresses that matched nobody, as written in the list, in list order. */
  unmatchedEmails: string[];
  /** People added (an address shared by two people adds both). */
  members: number;
}

export interface CreateSegmentResult {
  segment: SegmentSummary;
  /** The first membership of a dynamic segment. */
  refresh?: RefreshResult;
  /** What a static segment's list matched. */
  upload?: UploadResult;
}

/**
 * A segment's figures, over its active members (docs/segments.md):
 * - averageLtv: the members' mean lifetime_value once Loupe's CLV analysis has
 *   written it (any member with a non-zero value); before that, their mean
 *   total_revenue, the value realised so far (ltvBasis says which).
 * - averageOrderValue: the members' revenue divided by their orders (revenue and
 *   orders as customers.total_revenue / total_orders count them); null without orders.
 * - averageEngagementScore: mean engagement_score (0–100).
 * - churnRate: share of members whose customer relationship has ended, i.e.
 *   customer_status or lifecycle_stage is 'churned' (cdp-schema.md's two churn
 *   markers). Unsubscribing ends the email relationship, not the customer one, so
 *   it is reported apart as unsubscribeRate (contact_status 'unsubscribed').
 * Rates and averages are null for an empty segment.
 */
export interface SegmentStatistics {
  id: string;
  name: string;
  type: SegmentType;
  /** Active members now. */
  size: number;
  /** Size before the last refresh, and the change it made. */
  previousSize: number;
  change: number;
  lastRefreshedAt: string | null;
  averageLtv: number | null;
  ltvBasis: 'lifetime_value' | 'total_revenue' | null;
  averageOrderValue: number | null;
  averageEngagementScore: number | null;
  churned: number;
  churnRate: number | null;
  unsubscribed: number;
  unsubscribeRate: number | null;
  totalRevenue: number;
  totalOrders: number;
}
