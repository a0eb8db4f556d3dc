/**
 * Scoring benchmark on the analytics benchmark's shape (500,000 people, 5 M events,
 * 1 M orders over 24 months, built straight into an Activity snapshot): every
 * rule-based score (engagement, churn risk, lifecycle, lead score), RFM and the
 * learned conversion model for every person, against a reference measured in the
 * same run: one pass counting each person's events and orders. Preparing the rows
 * that write everything back is timed on its own; the database write itself is not
 * part of it (a recompute reports it as timingsMs.write).
 *
 *   node --import tsx bench/scores.ts [people]
 */
import { DEFAULT_LEAD_RULES } from '../core/analytics/scores/lead-score';
import { DEFAULT_LIFECYCLE_RULES } from '../core/analytics/scores/lifecycle';
import { conversionModel } from '../core/analytics/scores/conversion-model';
import { behaviourAt, emptyProfiles } from '../core/analytics/scores/workspace-features';
import { scorePeople, scoreRows } from '../core/analytics/scores/workspace-scores';
import { syntheticActivity } from '../test/support/synthetic-activity';

const PEOPLE = Number(process.argv[2] ?? 500_000);
const GOAL_MS = 5_000;
const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function time<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

const activity = syntheticActivity({
  people: PEOPLE,
  events: PEOPLE * 10,
  orders: PEOPLE * 2,
  days: 730,
  seed: 7,
});
console.log(
  `people ${PEOPLE.toLocaleString('en')}, events ${activity.events.count.toLocaleString('en')}, orders ${activity.orders.count.toLocaleString('en')}`,
);
const reference = time(() => behaviourAt(activity, activity.takenAt));
console.log(`reference (one counting pass): ${fmt(reference.ms)}`);
const profiles = emptyProfiles(PEOPLE);
const model = time(() => conversionModel(activity, activity.takenAt));
console.log(
  `conversion model (2 samples of features, fit, holdout, scoring): ${fmt(model.ms)}  ratio ${(model.ms / reference.ms).toFixed(1)}×  ` +
    `${model.value.report.status}`,
);
const scored = time(() =>
  scorePeople(activity, profiles, DEFAULT_LEAD_RULES, activity.takenAt, DEFAULT_LIFECYCLE_RULES),
);
console.log(
  `engagement, churn risk, lifecycle, lead score and RFM: ${fmt(scored.ms)}  ratio ${(scored.ms / reference.ms).toFixed(1)}×  ` +
    `goal < ${fmt(GOAL_MS)}: ${scored.ms < GOAL_MS ? 'met' : 'MISSED'}`,
);
console.log(`RFM buyers ${scored.value.rfm.length.toLocaleString('en')}`);
const rows = time(() =>
  scoreRows(activity, scored.value, DEFAULT_LEAD_RULES.version, model.value.probabilities),
);
console.log(
  `rows to write back (CSV for COPY, ${rows.value.reduce((s, c) => s + c.length, 0) >> 20} MB): ${fmt(rows.ms)}  ratio ${(rows.ms / reference.ms).toFixed(1)}×`,
);
console.log(`peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
if (scored.ms >= GOAL_MS) process.exitCode = 1;
