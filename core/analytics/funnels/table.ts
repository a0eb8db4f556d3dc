import type { CountedAttempts } from './counted';
import type { FunnelPlan } from './plan';
import type { FunnelStepResult, FunnelTable } from './types';

/** Median of the first `count` values of `values` (sorted in place); even counts average the middle two. */
export function medianInPlace(values: Float64Array, count: number): number | null {
  if (count === 0) return null;
  const sorted = values.subarray(0, count).sort();
  const middle = count >> 1;
  return count % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/**
 * The step table of a group of counted attempts: `members` lists their rows in `counted`
 * (the first `memberCount` entries). `scratch` holds at least memberCount values.
 */
export function funnelTable(
  plan: FunnelPlan,
  counted: CountedAttempts,
  members: Int32Array,
  memberCount: number,
  scratch: Float64Array,
): FunnelTable {
  const n = plan.stepCount;
  const reached = new Array<number>(n).fill(0);
  for (let m = 0; m < memberCount; m++) {
    const depth = counted.depth[members[m] as number] as number;
    for (let k = 0; k < depth; k++) reached[k]++;
  }
  const stride = counted.gapStride;
  const steps: FunnelStepResult[] = plan.steps.map((step, k) => {
    const people = reached[k] as number;
    const previous = k === 0 ? 0 : (reached[k - 1] as number);
    let median: number | null = null;
    if (k > 0) {
      let count = 0;
      for (let m = 0; m < memberCount; m++) {
        const row = members[m] as number;
        if ((counted.depth[row] as number) > k)
          scratch[count++] = counted.gaps[row * stride + k - 1] as number;
      }
      median = medianInPlace(scratch, count);
    }
    return {
      index: k,
      type: step.type,
      campaignId: step.campaignId,
      label: step.label,
      people,
      conversionFromStart: ratio(people, reached[0] as number),
      conversionFromPrevious: k === 0 ? null : ratio(people, previous),
      dropOff: k === 0 ? 0 : previous - people,
      dropOffRate: k === 0 ? null : ratio(previous - people, previous),
      medianMsFromPrevious: median,
    };
  });
  const entered = reached[0] as number;
  const completed = reached[n - 1] as number;
  return { entered, completed, conversionRate: ratio(completed, entered), steps };
}
