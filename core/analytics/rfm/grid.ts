import type { RfmScore } from './score';
import { RFM_SEGMENTS } from './segments';
import type { RfmSegment } from './segments';

export interface RfmGridCell {
  r: number;
  f: number;
  customers: number;
  /** Sum of the customers' monetary values. */
  monetary: number;
}

export interface RfmSegmentTotal {
  segment: RfmSegment;
  customers: number;
  monetary: number;
}

export interface RfmGrid {
  /** All 25 cells, R from 5 down to 1, then F from 1 up to 5 (empty cells included). */
  cells: RfmGridCell[];
  /** Every segment in RFM_SEGMENTS order (empty segments included). */
  segments: RfmSegmentTotal[];
  customers: number;
  monetary: number;
}

/** The R × F grid (customer counts and monetary sums per cell) and totals per segment. */
export function rfmGrid(scores: readonly Pick<RfmScore, 'r' | 'f' | 'monetary' | 'segment'>[]): RfmGrid {
  const counts = new Float64Array(25);
  const sums = new Float64Array(25);
  const segCounts = new Map<RfmSegment, number>();
  const segSums = new Map<RfmSegment, number>();
  let monetary = 0;
  for (const s of scores) {
    if (!(Number.isInteger(s.r) && s.r >= 1 && s.r <= 5 && Number.isInteger(s.f) && s.f >= 1 && s.f <= 5)) {
      throw new RangeError(`R and F scores must be 1–5, got ${s.r} and ${s.f}`);
    }
    const k = (s.r - 1) * 5 + (s.f - 1);
    counts[k] += 1;
    sums[k] += s.monetary;
    segCounts.set(s.segment, (segCounts.get(s.segment) ?? 0) + 1);
    segSums.set(s.segment, (segSums.get(s.segment) ?? 0) + s.monetary);
    monetary += s.monetary;
  }
  const cells: RfmGridCell[] = [];
  for (let r = 5; r >= 1; r--) {
    for (let f = 1; f <= 5; f++) {
      const k = (r - 1) * 5 + (f - 1);
      cells.push({ r, f, customers: counts[k] as number, monetary: sums[k] as number });
    }
  }
  return {
    cells,
    segments: RFM_SEGMENTS.map((segment) => ({
      segment,
      customers: segCounts.get(segment) ?? 0,
      monetary: segSums.get(segment) ?? 0,
    })),
    customers: scores.length,
    monetary,
  };
}
