import type { FunnelPlan } from './plan';
import type { Timeline } from './timeline';

/**
 * The attempt that counts for one person. Every step-1 item inside the date range starts an
 * attempt; the one that gets furthest counts, ties going to the earliest step 1 (the first in
 * timeline order). `reachedAt[k]` is when steps 1 … k + 1 were all done in that attempt.
 */
export class AttemptSearch {
  /** Steps reached by the counted attempt; 0 when the person has no step 1 in range. */
  depth = 0;
  /** Timeline index of the counted attempt's step-1 item. */
  anchor = -1;
  readonly reachedAt: Float64Array;
  private readonly current: Float64Array;
  /** Per step, a forward-only cursor into the timeline (see `sequential` and `any`). */
  private readonly cursor: Int32Array;

  constructor(stepCount: number) {
    this.reachedAt = new Float64Array(stepCount);
    this.current = new Float64Array(stepCount);
    this.cursor = new Int32Array(stepCount);
  }

  run(timeline: Timeline, plan: FunnelPlan): number {
    this.depth = 0;
    this.anchor = -1;
    if (plan.order === 'sequential') this.sequential(timeline, plan);
    else if (plan.order === 'strict') this.strict(timeline, plan);
    else this.any(timeline, plan);
    return this.depth;
  }

  private keep(depth: number, anchor: number): void {
    if (depth <= this.depth) return;
    this.depth = depth;
    this.anchor = anchor;
    for (let k = 0; k < depth; k++) this.reachedAt[k] = this.current[k] as number;
  }

  /**
   * Each attempt takes, step by step, the first matching item after the previous step: that
   * greedy choice reaches at least as far as any other. A later step 1 never matches a step
   * earlier than an earlier step 1 did, so each step's cursor only moves forward and all
   * attempts together cost O(items × steps).
   */
  private sequential(timeline: Timeline, plan: FunnelPlan): void {
    const { at, bits, length } = timeline;
    const { stepCount, windowMs, from, to } = plan;
    const cursor = this.cursor;
    const current = this.current;
    cursor.fill(-1);
    for (let a = 0; a < length; a++) {
      if (((bits[a] as number) & 1) === 0) continue;
      const t1 = at[a] as number;
      if (t1 < from || t1 >= to) continue;
      current[0] = t1;
      let depth = 1;
      let previous = a;
      let exhausted = false;
      for (let j = 1; j < stepCount; j++) {
        let q = cursor[j] as number;
        if (q <= previous) {
          const bit = 1 << j;
          q = previous + 1;
          while (q < length && ((bits[q] as number) & bit) === 0) q++;
          cursor[j] = q;
        }
        if (q >= length) {
          exhausted = true;
          break;
        }
        if ((at[q] as number) - t1 > windowMs) break;
        current[j] = at[q] as number;
        depth++;
        previous = q;
      }
      this.keep(depth, a);
      // A full funnel cannot be beaten; a step missing from the rest of the history stays missing.
      if (depth === stepCount || exhausted) return;
    }
  }

  /** The steps must be consecutive items of the timeline, which here holds every event. */
  private strict(timeline: Timeline, plan: FunnelPlan): void {
    const { at, bits, length } = timeline;
    const { stepCount, windowMs, from, to } = plan;
    const current = this.current;
    for (let a = 0; a < length; a++) {
      if (((bits[a] as number) & 1) === 0) continue;
      const t1 = at[a] as number;
      if (t1 < from || t1 >= to) continue;
      current[0] = t1;
      let depth = 1;
      for (let j = 1; j < stepCount; j++) {
        const q = a + j;
        if (q >= length || ((bits[q] as number) & (1 << j)) === 0 || (at[q] as number) - t1 > windowMs) break;
        current[j] = at[q] as number;
        depth++;
      }
      this.keep(depth, a);
      if (depth === stepCount) return;
    }
  }

  /**
   * Step k counts when the person did it at any time in [t1, t1 + window]. For each step the
   * cursor holds its first item at or after the window's start; the start only moves forward,
   * so the cursors do too.
   */
  private any(timeline: Timeline, plan: FunnelPlan): void {
    const { at, bits, length } = timeline;
    const { stepCount, windowMs, from, to } = plan;
    const cursor = this.cursor;
    const current = this.current;
    cursor.fill(-1);
    let left = 0;
    for (let a = 0; a < length; a++) {
      if (((bits[a] as number) & 1) === 0) continue;
      const t1 = at[a] as number;
      if (t1 < from || t1 >= to) continue;
      while ((at[left] as number) < t1) left++;
      current[0] = t1;
      let reached = t1;
      let depth = 1;
      let exhausted = false;
      for (let j = 1; j < stepCount; j++) {
        let q = cursor[j] as number;
        if (q < left) {
          const bit = 1 << j;
          q = left;
          while (q < length && ((bits[q] as number) & bit) === 0) q++;
          cursor[j] = q;
        }
        if (q >= length) {
          exhausted = true;
          break;
        }
        if ((at[q] as number) - t1 > windowMs) break;
        if ((at[q] as number) > reached) reached = at[q] as number;
        current[j] = reached;
        depth++;
      }
      this.keep(depth, a);
      if (depth === stepCount || exhausted) return;
    }
  }
}
