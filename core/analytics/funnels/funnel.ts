import type { Activity } from '../activity/types';
import { AttemptSearch } from './attempts';
import { breakdownRows } from './breakdown';
import { CountedAttempts } from './counted';
import { planFunnel } from './plan';
import { funnelTable } from './table';
import { Timeline } from './timeline';
import type { FunnelOptions, FunnelResult } from './types';

/**
 * Conversion through ordered steps, one pass over each person's history (see docs/funnels.md).
 * Every person is counted once, by the attempt that gets furthest (ties: earliest step 1).
 */
export function computeFunnel(activity: Activity, options: FunnelOptions): FunnelResult {
  const plan = planFunnel(activity, options);
  const timeline = new Timeline();
  const search = new AttemptSearch(plan.stepCount);
  const counted = new CountedAttempts(plan.stepCount);
  const strict = plan.order === 'strict';
  const mask = plan.mask;

  for (let p = 0; p < activity.people.count; p++) {
    if (mask !== null && mask[p] === 0) continue;
    timeline.fill(activity, plan, p, strict);
    if (timeline.length === 0) continue;
    const depth = search.run(timeline, plan);
    if (depth > 0) counted.add(p, depth, timeline.source[search.anchor] as number, search.reachedAt);
  }

  const all = new Int32Array(counted.size);
  for (let row = 0; row < counted.size; row++) all[row] = row;
  const scratch = new Float64Array(counted.size);
  const breakdown = plan.breakdown;
  return {
    options: {
      steps: plan.steps.map((s) => ({ ...s })),
      order: plan.order,
      windowMs: plan.windowMs,
      from: Number.isFinite(plan.from) ? plan.from : null,
      to: Number.isFinite(plan.to) ? plan.to : null,
      masked: mask !== null,
      breakdown: breakdown === null ? null : breakdown.by,
    },
    overall: funnelTable(plan, counted, all, counted.size, scratch),
    breakdown: breakdownRows(activity, plan, counted, scratch),
  };
}
