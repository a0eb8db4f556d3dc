import { fail } from '../../errors';
import { LEAD_GROUPS, validateLeadRuleSet } from './lead-rules';
import type { LeadGroup, LeadRule, LeadScoreRuleSet, LeadThresholds } from './lead-rules';

export { LEAD_FEATURES } from './lead-features';
export type { LeadFeatureName } from './lead-features';
export { DEFAULT_LEAD_RULES } from './lead-defaults';
export { LEAD_GROUPS, LEAD_OPS, validateLeadRuleSet } from './lead-rules';
export type {
  LeadCondition,
  LeadGroup,
  LeadOp,
  LeadRule,
  LeadScoreRuleSet,
  LeadThresholds,
} from './lead-rules';

export type LeadFeatureValue = number | string | boolean | null;
export type LeadFeatures = Readonly<Record<string, LeadFeatureValue | undefined>>;

export type LeadActionName =
  'immediate_sales_contact' | 'nurture_campaign' | 'education_content' | 'build_awareness';

export interface LeadAction {
  action: LeadActionName;
  priority: 'high' | 'medium' | 'low' | 'none';
  reason: string;
}

export interface LeadScore {
  /** 0–100: the sum of the capped group points, capped at 100. */
  score: number;
  /** Every group in LEAD_GROUPS order; `uncapped` shows when a cap clipped the rules' sum. */
  groups: { group: LeadGroup; points: number; uncapped: number; cap: number }[];
  /** Every rule that matched, in rule-set order, with its full points (before the caps). */
  matched: { id: string; label: string; group: LeadGroup; points: number }[];
  action: LeadAction;
}

/** Longest text a pattern is run against: job titles are short, and this bounds a bad pattern's cost. */
const MAX_MATCHED_TEXT = 500;

interface Compiled {
  ruleSet: LeadScoreRuleSet;
  patterns: Map<string, RegExp>;
}

// Validated rule sets are frozen, so a compiled form keyed by the object stays right.
const compiledCache = new WeakMap<LeadScoreRuleSet, Compiled>();

function compile(ruleSet: LeadScoreRuleSet): Compiled {
  const cached = compiledCache.get(ruleSet);
  if (cached) return cached;
  const checked = validateLeadRuleSet(ruleSet);
  const patterns = new Map<string, RegExp>();
  for (const r of checked.rules) if (r.op === 'matches') patterns.set(r.id, new RegExp(r.value, 'i'));
  const compiled = { ruleSet: checked, patterns };
  if (Object.isFrozen(ruleSet)) compiledCache.set(ruleSet, compiled);
  return compiled;
}

/**
 * A feature as a number: numbers as they are, and numeric text too, because PostgreSQL
 * `numeric` columns (annual_revenue, total_revenue) arrive as strings.
 */
function asNumber(v: LeadFeatureValue | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v)) return Number(v);
  return null;
}

/** Text compares trimmed and case-insensitively: imports spell "PhD", "phd" and "PHD ". */
function sameValue(feature: LeadFeatureValue | undefined, value: string | number | boolean): boolean {
  if (typeof value === 'string')
    return typeof feature === 'string' && feature.trim().toLowerCase() === value.trim().toLowerCase();
  if (typeof value === 'number') return asNumber(feature) === value;
  return feature === value;
}

function ruleMatches(
  rule: LeadRule,
  v: LeadFeatureValue | undefined,
  patterns: Map<string, RegExp>,
): boolean {
  switch (rule.op) {
    case 'present': {
      const has = v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '');
      return has === rule.value;
    }
    case 'eq':
      return sameValue(v, rule.value);
    case 'in':
      return rule.value.some((x) => sameValue(v, x));
    case 'matches': {
      if (typeof v !== 'string') return false;
      const re = patterns.get(rule.id);
      return re !== undefined && re.test(v.slice(0, MAX_MATCHED_TEXT));
    }
    default: {
      // A missing feature (null: unknown, never happened) matches no comparison.
      const n = asNumber(v);
      if (n === null) return false;
      switch (rule.op) {
        case 'gte':
          return n >= rule.value;
        case 'gt':
          return n > rule.value;
        case 'lte':
          return n <= rule.value;
        case 'lt':
          return n < rule.value;
        case 'between':
          return n >= rule.value[0] && n <= rule.value[1];
      }
    }
  }
}

/** crm-design.md's recommended actions; below its lowest threshold, marketing-analytics-design.md's "build awareness". */
export function leadAction(score: number, t: LeadThresholds): LeadAction {
  if (score >= t.immediateContact) {
    return {
      action: 'immediate_sales_contact',
      priority: 'high',
      reason: 'High-quality lead ready for conversion.',
    };
  }
  if (score >= t.nurture) {
    return { action: 'nurture_campaign', priority: 'medium', reason: 'Qualified lead requiring nurturing.' };
  }
  if (score >= t.education) {
    return { action: 'education_content', priority: 'low', reason: 'Early-stage lead that needs education.' };
  }
  return { action: 'build_awareness', priority: 'none', reason: 'Not an active lead yet: build awareness.' };
}

export function leadScore(features: LeadFeatures, ruleSet: LeadScoreRuleSet): LeadScore {
  const { ruleSet: rs, patterns } = compile(ruleSet);
  const sums = new Map<LeadGroup, number>(LEAD_GROUPS.map((g) => [g, 0]));
  const matched: LeadScore['matched'] = [];
  for (const rule of rs.rules) {
    const v = Object.hasOwn(features, rule.field) ? features[rule.field] : undefined;
    if (!ruleMatches(rule, v, patterns)) continue;
    matched.push({ id: rule.id, label: rule.label, group: rule.group, points: rule.points });
    sums.set(rule.group, (sums.get(rule.group) ?? 0) + rule.points);
  }
  const groups = LEAD_GROUPS.map((group) => {
    const uncapped = sums.get(group) ?? 0;
    const cap = rs.groupCaps[group];
    return { group, points: Math.min(cap, Math.max(0, uncapped)), uncapped, cap };
  });
  const score = Math.min(
    100,
    groups.reduce((s, g) => s + g.points, 0),
  );
  return { score, groups, matched, action: leadAction(score, rs.thresholds) };
}

/**
 * A change of at least this many points is a trend: the smallest default rule is worth 5,
 * so one rule starting or stopping to match shows, and smaller moves are noise.
 */
export const LEAD_TREND_MIN_CHANGE = 5;

export type LeadTrend = 'rising' | 'falling' | 'stable';

/** Compares with the score last stored; with no earlier score there is no trend ('stable'). */
export function leadScoreTrend(
  current: number,
  previous: number | null,
  minChange: number = LEAD_TREND_MIN_CHANGE,
): LeadTrend {
  if (!(Number.isFinite(minChange) && minChange > 0)) {
    fail('invalid-argument', 'The trend tolerance must be a positive number of points.', { minChange });
  }
  if (!Number.isFinite(current))
    fail('invalid-argument', 'The current lead score must be a number.', { current });
  if (previous === null || !Number.isFinite(previous)) return 'stable';
  const delta = current - previous;
  if (delta >= minChange) return 'rising';
  if (delta <= -minChange) return 'falling';
  return 'stable';
}

type RuleField = 'group' | 'label' | 'field' | 'op' | 'value' | 'points';
const RULE_FIELDS: readonly RuleField[] = ['group', 'label', 'field', 'op', 'value', 'points'];

export interface RuleSetDiff {
  from: { name: string; version: number };
  to: { name: string; version: number };
  added: LeadRule[];
  removed: LeadRule[];
  /** Rules with the same id whose content differs, and which parts differ. */
  changed: { id: string; fields: RuleField[]; before: LeadRule; after: LeadRule }[];
  groupCaps: { group: LeadGroup; before: number; after: number }[];
  thresholds: { threshold: keyof LeadThresholds; before: number; after: number }[];
}

/** What changed from rule set `a` to rule set `b`, matching rules by id (order changes are ignored). */
export function diffRuleSets(a: LeadScoreRuleSet, b: LeadScoreRuleSet): RuleSetDiff {
  const before = new Map(a.rules.map((r) => [r.id, r]));
  const after = new Map(b.rules.map((r) => [r.id, r]));
  const changed: RuleSetDiff['changed'] = [];
  for (const r of b.rules) {
    const old = before.get(r.id);
    if (old === undefined) continue;
    const fields = RULE_FIELDS.filter((f) => JSON.stringify(old[f]) !== JSON.stringify(r[f]));
    if (fields.length > 0) changed.push({ id: r.id, fields, before: old, after: r });
  }
  return {
    from: { name: a.name, version: a.version },
    to: { name: b.name, version: b.version },
    added: b.rules.filter((r) => !before.has(r.id)),
    removed: a.rules.filter((r) => !after.has(r.id)),
    changed,
    groupCaps: LEAD_GROUPS.filter((g) => a.groupCaps[g] !== b.groupCaps[g]).map((g) => ({
      group: g,
      before: a.groupCaps[g],
      after: b.groupCaps[g],
    })),
    thresholds: (['immediateContact', 'nurture', 'education'] as const)
      .filter((k) => a.thresholds[k] !== b.thresholds[k])
      .map((k) => ({ threshold: k, before: a.thresholds[k], after: b.thresholds[k] })),
  };
}
