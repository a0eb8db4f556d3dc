import type { WorkspaceDb } from '../../db/workspace-db';
import { csvField } from '../../imports/load/csv';
import type { CopyValue } from '../../imports/load/csv';
import type { Activity } from '../activity/types';
import { scoreRfm } from '../rfm';
import type { RfmInput } from '../rfm';
import { churnRisk } from './churn';
import type { ContactStatus } from './churn';
import { engagementScore } from './engagement';
import { leadScore, leadScoreTrend } from './lead-score';
import type { LeadFeatures, LeadScoreRuleSet } from './lead-score';
import { LIFECYCLE_STAGES, lifecycleStage } from './lifecycle';
import type { LifecycleRules, LifecycleStage } from './lifecycle';
import { activeLeadRuleSet } from './lead-rule-store';
import { readLifecycleRules } from './lifecycle-store';
import { conversionModel } from './conversion-model';
import { DAY_MS } from './time';
import type { ScoreRunSummary } from './types';

export type { ScoreRunSummary } from './types';
import { behaviourAt, defaultAsOf, lastActivity, readProfiles } from './workspace-features';
import type { Behaviour, Profiles } from './workspace-features';

const CONTACT_STATUSES: readonly ContactStatus[] = [
  'active',
  'inactive',
  'unsubscribed',
  'cleaned',
  'bounced',
  'complained',
];

export interface ScoreRunOptions {
  /** Scores as of this time (epoch ms). Default: where the workspace's data ends. */
  asOf?: number;
  lifecycleRules?: LifecycleRules;
  onProgress?: (phase: string, done: number, total: number | null) => void;
}

const round = (x: number): number => Math.round(x * 100) / 100;

/** Whole years between a birth date and `at`. */
function ageYears(dob: number, at: number): number | null {
  if (Number.isNaN(dob)) return null;
  const b = new Date(dob);
  const a = new Date(at);
  let years = a.getUTCFullYear() - b.getUTCFullYear();
  if (
    a.getUTCMonth() < b.getUTCMonth() ||
    (a.getUTCMonth() === b.getUTCMonth() && a.getUTCDate() < b.getUTCDate())
  )
    years--;
  return years;
}

const orNull = (s: string): string | null => (s === '' ? null : s);
const numOrNull = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** The features LEAD_FEATURES lists, for one person. */
export function leadFeatures(b: Behaviour, prof: Profiles, p: number): LeadFeatures {
  const at = b.at;
  const wholeDays = (from: number): number | null =>
    Number.isNaN(from) ? null : Math.max(0, Math.floor((at - from) / DAY_MS));
  return {
    age_years: ageYears(prof.dateOfBirth[p] as number, at),
    education_level: orNull(prof.educationLevel[p] ?? ''),
    job_title: orNull(prof.jobTitle[p] ?? ''),
    annual_revenue: numOrNull(prof.annualRevenue[p] as number),
    customer_type: orNull(prof.customerType[p] ?? ''),
    events_total: b.eventsTotal[p] as number,
    days_since_last_event: wholeDays(b.lastEventAt[p] as number),
    email_opens_30d: b.opens30[p] as number,
    web_visits_30d: b.visits30[p] as number,
    form_submissions_30d: b.forms30[p] as number,
    days_since_last_order: wholeDays(b.lastOrderAt[p] as number),
    total_orders: b.orders[p] as number,
    total_revenue: b.revenue[p] as number,
  };
}

/**
 * Recomputes every rule-based score, lifecycle stage, RFM and the conversion
 * probability for every person, and writes them back in one transaction
 * (customers' headline columns and customer_scores). Writing marks no analysis
 * stale: scores are not what snapshots read (see migration 0020).
 */
export async function recomputeScores(
  db: WorkspaceDb,
  activity: Activity,
  options: ScoreRunOptions = {},
): Promise<ScoreRunSummary> {
  const progress = options.onProgress ?? ((): void => undefined);
  const t0 = performance.now();
  progress('Reading profiles', 0, null);
  const profiles = await readProfiles(db, activity);
  const ruleSet = await activeLeadRuleSet(db);
  const t1 = performance.now();
  const asOf = options.asOf ?? defaultAsOf(activity);
  const rules = options.lifecycleRules ?? (await readLifecycleRules(db)).rules;
  const n = activity.people.count;
  progress('Learning conversion probability', 0, null);
  const model = conversionModel(activity, asOf);
  progress('Scoring', 0, n);
  const scored = scorePeople(activity, profiles, ruleSet, asOf, rules);
  const lines = scoreRows(activity, scored, ruleSet.version, model.probabilities);
  const { engagement, churn, lead, leadActions, lifecycleCounts, churnHigh, churnMedium, rfm, rfmSegments } =
    scored;
  const t2 = performance.now();
  progress('Writing scores', 0, n);
  const asOfText = new Date(asOf).toISOString();
  const results = await db.transaction([
    {
      // Breakdowns travel as plain numbers and become JSON in the database: building half a
      // million JSON texts in JavaScript cost more than computing the scores.
      sql: `CREATE TEMP TABLE _scores (customer_id uuid, engagement int, churn int, lead int, stage text,
              e_recency int, e_frequency int, e_purchases int,
              c_inactivity int, c_overdue int, c_drop int, c_contact int, c_level text, lifecycle_reason text,
              l_demographic int, l_firmographic int, l_behavioural int, l_engagement int, l_rfm int, l_matched text,
              lead_version int, lead_previous int, lead_trend text, lead_action text, probability float8,
              r smallint, f smallint, m smallint, code text, segment text) ON COMMIT DROP`,
    },
    ...lines.map((copyData) => ({ sql: `COPY _scores FROM '/dev/blob' WITH (FORMAT csv)`, copyData })),
    { sql: `SET LOCAL loupe.writing_scores = 'on'` },
    {
      sql: `UPDATE customers c
               SET engagement_score = s.engagement, churn_risk_score = s.churn, lead_score = s.lead,
                   lifecycle_stage = s.stage,
                   activated_at = CASE WHEN c.activated_at IS NULL AND s.stage IN ('activated', 'engaged')
                                       THEN $1::timestamptz ELSE c.activated_at END,
                   churned_at = CASE WHEN s.stage = 'churned' AND c.lifecycle_stage IS DISTINCT FROM 'churned'
                                     THEN $1::timestamptz WHEN s.stage <> 'churned' THEN NULL ELSE c.churned_at END
              FROM _scores s
             WHERE c.id = s.customer_id
               AND (c.engagement_score, c.churn_risk_score, c.lead_score, c.lifecycle_stage)
                   IS DISTINCT FROM (s.engagement, s.churn, s.lead, s.stage)`,
      params: [asOfText],
    },
    {
      sql: `INSERT INTO customer_scores (customer_id, engagement_breakdown, churn_breakdown, lifecycle_reason,
                                              lead_breakdown, lead_rule_set_version, lead_score_previous, lead_trend,
                                              lead_action, conversion_probability, rfm_recency, rfm_frequency,
                                              rfm_monetary, rfm_code, rfm_segment, computed_at)
            SELECT s.customer_id,
                   jsonb_build_object('recency', s.e_recency, 'frequency', s.e_frequency, 'purchases', s.e_purchases),
                   jsonb_build_object('inactivity', s.c_inactivity, 'overdueOrder', s.c_overdue,
                                      'activityDrop', s.c_drop, 'contactStatus', s.c_contact, 'level', s.c_level),
                   s.lifecycle_reason,
                   jsonb_build_object('groups', jsonb_build_object('demographic', s.l_demographic,
                                        'firmographic', s.l_firmographic, 'behavioural', s.l_behavioural,
                                        'engagement', s.l_engagement, 'rfm', s.l_rfm),
                                      'matched', to_jsonb(string_to_array(nullif(s.l_matched, ''), '|'))),
                   s.lead_version, s.lead_previous, s.lead_trend, s.lead_action, s.probability, s.r, s.f, s.m,
                   s.code, s.segment, now()
              FROM _scores s
            ON CONFLICT (customer_id) DO UPDATE SET
                   engagement_breakdown = EXCLUDED.engagement_breakdown, churn_breakdown = EXCLUDED.churn_breakdown,
                   lifecycle_reason = EXCLUDED.lifecycle_reason, lead_breakdown = EXCLUDED.lead_breakdown,
                   lead_rule_set_version = EXCLUDED.lead_rule_set_version,
                   lead_score_previous = EXCLUDED.lead_score_previous,
                   lead_trend = EXCLUDED.lead_trend, lead_action = EXCLUDED.lead_action,
                   conversion_probability = EXCLUDED.conversion_probability, rfm_recency = EXCLUDED.rfm_recency,
                   rfm_frequency = EXCLUDED.rfm_frequency, rfm_monetary = EXCLUDED.rfm_monetary,
                   rfm_code = EXCLUDED.rfm_code, rfm_segment = EXCLUDED.rfm_segment, computed_at = now()
             -- Unchanged rows are left alone: a recompute after a small import rewrites only what moved,
             -- and computed_at says when a person's figures last changed.
             WHERE (customer_scores.engagement_breakdown, customer_scores.churn_breakdown, customer_scores.lifecycle_reason,
                    customer_scores.lead_breakdown, customer_scores.lead_rule_set_version, customer_scores.lead_score_previous,
                    customer_scores.lead_trend, customer_scores.lead_action, customer_scores.conversion_probability,
                    customer_scores.rfm_recency, customer_scores.rfm_frequency, customer_scores.rfm_monetary,
                    customer_scores.rfm_code, customer_scores.rfm_segment)
                   IS DISTINCT FROM
                   (EXCLUDED.engagement_breakdown, EXCLUDED.churn_breakdown, EXCLUDED.lifecycle_reason,
                    EXCLUDED.lead_breakdown, EXCLUDED.lead_rule_set_version, EXCLUDED.lead_score_previous,
                    EXCLUDED.lead_trend, EXCLUDED.lead_action, EXCLUDED.conversion_probability,
                    EXCLUDED.rfm_recency, EXCLUDED.rfm_frequency, EXCLUDED.rfm_monetary,
                    EXCLUDED.rfm_code, EXCLUDED.rfm_segment)`,
    },
    {
      sql: `INSERT INTO score_models (kind, status, calibration_end, holdout_end, parameters, quality, message)
            VALUES ('conversion', $1, $2::timestamptz, $3::timestamptz, $4::jsonb, $5::jsonb, $6)`,
      params: [
        model.report.status,
        model.report.trainedOn.outcomeUntil,
        model.report.holdout?.outcomeUntil ?? null,
        JSON.stringify({
          horizonDays: model.report.horizonDays,
          features: model.report.features,
          weights: model.report.weights,
        }),
        JSON.stringify({ trainedOn: model.report.trainedOn, holdout: model.report.holdout }),
        model.report.message,
      ],
    },
    {
      sql: `UPDATE scheduled_jobs SET last_run_at = now(), last_run_status = 'success', total_runs = total_runs + 1,
                   successful_runs = successful_runs + 1
             WHERE job_name = 'loupe_recompute_scores'`,
    },
  ]);
  const t3 = performance.now();
  progress('Done', n, n);
  const mean = (a: Int32Array): number | null => {
    if (a.length === 0) return null;
    let s = 0;
    for (const v of a) s += v;
    return round(s / a.length);
  };
  const buckets = [0, 20, 40, 60, 80].map((from) => ({ from, to: from === 80 ? 100 : from + 19, people: 0 }));
  for (const v of engagement) (buckets[Math.min(4, Math.floor(v / 20))] as { people: number }).people++;
  return {
    asOf: asOfText,
    people: n,
    engagement: { mean: mean(engagement), buckets },
    churnRisk: { mean: mean(churn), high: churnHigh, medium: churnMedium, low: n - churnHigh - churnMedium },
    lifecycle: lifecycleCounts,
    lead: {
      ruleSetVersion: ruleSet.version,
      ruleSetName: ruleSet.name,
      mean: mean(lead),
      actions: leadActions,
    },
    rfm: { scored: rfm.length, segments: rfmSegments },
    conversionModel: model.report,
    updated: results[lines.length + 2]?.rowCount ?? 0,
    timingsMs: { read: round(t1 - t0), compute: round(t2 - t1), write: round(t3 - t2) },
  };
}

/**
 * One CSV row as a flat string. Joining an array (rather than appending field by field)
 * leaves no chain of partial strings for the garbage collector to trace, which over half a
 * million rows cost more than the scoring itself.
 */
function csvRow(values: readonly CopyValue[]): string {
  return `${values.map(csvField).join(',')}\n`;
}

/** Breakdown numbers kept per person: engagement 3, churn 4, lead groups 5. */
const PARTS = 12;

/** The rows of _scores (see recomputeScores), in chunks of a few thousand people. */
export function scoreRows(
  activity: Activity,
  s: ReturnType<typeof scorePeople>,
  ruleSetVersion: number,
  probabilities: Float64Array | null,
): string[] {
  const chunks: string[] = [];
  let chunk: string[] = [];
  for (let p = 0; p < activity.people.count; p++) {
    const r = s.rfmOf[p] as number;
    const rf = r >= 0 ? s.rfm[r] : undefined;
    const o = p * PARTS;
    chunk.push(
      csvRow([
        activity.people.ids[p],
        s.engagement[p],
        s.churn[p],
        s.lead[p],
        s.stage[p],
        ...s.parts.subarray(o, o + 7),
        s.churnLevel[p],
        s.reason[p],
        ...s.parts.subarray(o + 7, o + 12),
        s.matched[p],
        ruleSetVersion,
        (s.previous[p] as number) < 0 ? null : s.previous[p],
        s.trends[p],
        s.action[p],
        probabilities === null ? null : probabilities[p],
        rf?.r ?? null,
        rf?.f ?? null,
        rf?.m ?? null,
        rf?.code ?? null,
        rf?.segment ?? null,
      ]),
    );
    if (chunk.length === 5_000) {
      chunks.push(chunk.join(''));
      chunk = [];
    }
  }
  if (chunk.length > 0) chunks.push(chunk.join(''));
  return chunks;
}

/** Every score of every person as of `asOf`, in typed columns (scoreRows turns them into rows to write). */
export function scorePeople(
  activity: Activity,
  profiles: Profiles,
  ruleSet: LeadScoreRuleSet,
  asOf: number,
  rules: LifecycleRules,
): {
  engagement: Int32Array;
  churn: Int32Array;
  lead: Int32Array;
  stage: LifecycleStage[];
  parts: Uint8Array;
  churnLevel: string[];
  reason: string[];
  matched: string[];
  previous: Int32Array;
  trends: string[];
  action: string[];
  rfmOf: Int32Array;
  leadActions: Record<string, number>;
  lifecycleCounts: Record<LifecycleStage, number>;
  churnHigh: number;
  churnMedium: number;
  rfm: ReturnType<typeof scoreRfm>;
  rfmSegments: Record<string, number>;
} {
  const n = activity.people.count;
  const b = behaviourAt(activity, asOf);

  const engagement = new Int32Array(n);
  const churn = new Int32Array(n);
  const lead = new Int32Array(n);
  const stage: LifecycleStage[] = new Array<LifecycleStage>(n);
  // Breakdowns in typed columns: one small object per person would cost more in garbage
  // collection than the scoring itself.
  const parts = new Uint8Array(n * PARTS);
  const churnLevel = new Array<string>(n);
  const reason = new Array<string>(n);
  const matched = new Array<string>(n);
  const previous = new Int32Array(n);
  const trends = new Array<string>(n);
  const action = new Array<string>(n);
  const leadActions: Record<string, number> = {};
  const lifecycleCounts = Object.fromEntries(LIFECYCLE_STAGES.map((s) => [s, 0])) as Record<
    LifecycleStage,
    number
  >;
  let churnHigh = 0;
  let churnMedium = 0;

  const rfmInputs: RfmInput[] = [];
  const rfmIndex: number[] = [];
  for (let p = 0; p < n; p++) {
    if ((b.orders[p] as number) === 0) continue;
    rfmInputs.push({
      customerId: activity.people.ids[p] ?? '',
      recencyDays: Math.max(0, Math.floor((asOf - (b.lastOrderAt[p] as number)) / DAY_MS)),
      frequency: b.orders[p] as number,
      monetary: b.revenue[p] as number,
    });
    rfmIndex.push(p);
  }
  const rfm = scoreRfm(rfmInputs);
  const rfmOf = new Int32Array(n).fill(-1);
  rfmIndex.forEach((p, i) => {
    rfmOf[p] = i;
  });
  const rfmSegments: Record<string, number> = {};
  for (const r of rfm) rfmSegments[r.segment] = (rfmSegments[r.segment] ?? 0) + 1;

  for (let p = 0; p < n; p++) {
    const last = lastActivity(b, p);
    const lastSeenStored = profiles.lastSeenAt[p] as number;
    const lastSeen = Number.isNaN(last)
      ? numOrNull(lastSeenStored)
      : Number.isNaN(lastSeenStored) || lastSeenStored > asOf
        ? last
        : Math.max(last, lastSeenStored);
    const e = engagementScore(
      {
        lastSeenAt: lastSeen,
        eventsLast30Days: b.eventsLast30[p] as number,
        totalOrders: b.orders[p] as number,
      },
      asOf,
    );
    const status = profiles.contactStatus[p] ?? '';
    const c = churnRisk(
      {
        firstSeenAt: Math.min(activity.people.firstSeenAt[p] as number, asOf),
        lastActivityAt: numOrNull(last),
        firstOrderAt: numOrNull(b.firstOrderAt[p] as number),
        lastOrderAt: numOrNull(b.lastOrderAt[p] as number),
        totalOrders: b.orders[p] as number,
        eventsLast30Days: b.eventsLast30[p] as number,
        eventsPrevious60Days: b.eventsPrevious60[p] as number,
        contactStatus: (CONTACT_STATUSES as readonly string[]).includes(status)
          ? (status as ContactStatus)
          : null,
      },
      asOf,
    );
    const previousStage = profiles.lifecycleStage[p] ?? '';
    const l = lifecycleStage(
      {
        firstSeenAt: Math.min(activity.people.firstSeenAt[p] as number, asOf),
        lastActivityAt: numOrNull(last),
        lastOrderAt: numOrNull(b.lastOrderAt[p] as number),
        activatedAt: numOrNull(profiles.activatedAt[p] as number),
        totalOrders: b.orders[p] as number,
        engagementScore: e.score,
        // A stage nobody computed yet (the column's default) is no history to transition from.
        previousStage:
          profiles.scored[p] === 1 && (LIFECYCLE_STAGES as readonly string[]).includes(previousStage)
            ? (previousStage as LifecycleStage)
            : null,
      },
      rules,
      asOf,
    );
    const ls = leadScore(leadFeatures(b, profiles, p), ruleSet);
    // Scores computed before are the history: the trend compares with the last recompute.
    const previousLead = profiles.scored[p] === 1 ? (profiles.leadScore[p] as number) : -1;
    const trend = previousLead < 0 ? 'new' : leadScoreTrend(ls.score, previousLead);
    engagement[p] = e.score;
    churn[p] = c.score;
    lead[p] = ls.score;
    stage[p] = l.stage;
    lifecycleCounts[l.stage]++;
    if (c.level === 'high') churnHigh++;
    else if (c.level === 'medium') churnMedium++;
    leadActions[ls.action.action] = (leadActions[ls.action.action] ?? 0) + 1;
    parts[p * PARTS] = e.breakdown.recency;
    parts[p * PARTS + 1] = e.breakdown.frequency;
    parts[p * PARTS + 2] = e.breakdown.purchases;
    parts[p * PARTS + 3] = c.breakdown.inactivity;
    parts[p * PARTS + 4] = c.breakdown.overdueOrder;
    parts[p * PARTS + 5] = c.breakdown.activityDrop;
    parts[p * PARTS + 6] = c.breakdown.contactStatus;
    ls.groups.forEach((g, k) => {
      parts[p * PARTS + 7 + k] = g.points;
    });
    churnLevel[p] = c.level;
    reason[p] = l.reason;
    matched[p] = ls.matched.map((m) => m.id).join('|');
    previous[p] = previousLead;
    trends[p] = trend;
    action[p] = ls.action.action;
  }
  return {
    engagement,
    churn,
    lead,
    stage,
    parts,
    churnLevel,
    reason,
    matched,
    previous,
    trends,
    action,
    rfmOf,
    leadActions,
    lifecycleCounts,
    churnHigh,
    churnMedium,
    rfm,
    rfmSegments,
  };
}

export type { LeadScoreRuleSet };
