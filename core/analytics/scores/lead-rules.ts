import { fail } from '../../errors';
import { isLeadFeature, LEAD_FEATURES } from './lead-features';
import type { LeadFeatureName } from './lead-features';

/** A lead-score rule set is data: marketers edit it, Loupe validates, scores and diffs it. */

export const LEAD_GROUPS = ['demographic', 'firmographic', 'behavioural', 'engagement', 'rfm'] as const;
export type LeadGroup = (typeof LEAD_GROUPS)[number];

export const LEAD_OPS = ['gte', 'gt', 'lte', 'lt', 'eq', 'in', 'matches', 'between', 'present'] as const;
export type LeadOp = (typeof LEAD_OPS)[number];

/** What each operator compares the feature with. */
export type LeadCondition =
  | { op: 'gte' | 'gt' | 'lte' | 'lt'; value: number }
  | { op: 'eq'; value: string | number | boolean }
  | { op: 'in'; value: readonly (string | number)[] }
  /** A regular expression, matched case-insensitively anywhere in the text. */
  | { op: 'matches'; value: string }
  /** Inclusive [low, high]. */
  | { op: 'between'; value: readonly [number, number] }
  /** true: the feature has a value (not null, not blank); false: it has none. */
  | { op: 'present'; value: boolean };

export type LeadRule = {
  id: string;
  group: LeadGroup;
  label: string;
  field: string;
  /** Whole points, negative allowed (e.g. a penalty); the group total is clipped to 0…cap. */
  points: number;
} & LeadCondition;

export interface LeadThresholds {
  /** crm-design.md: ≥ 80 → immediate sales contact. */
  immediateContact: number;
  /** ≥ 60 → nurture campaign. */
  nurture: number;
  /** ≥ 30 → education content. */
  education: number;
}

export interface LeadScoreRuleSet {
  version: number;
  name: string;
  rules: readonly LeadRule[];
  /** Most points a group can add, whatever its rules sum to. */
  groupCaps: Readonly<Record<LeadGroup, number>>;
  thresholds: LeadThresholds;
}

const MAX_PATTERN_LENGTH = 200;
const ID_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const RULE_KEYS = ['id', 'group', 'label', 'field', 'op', 'value', 'points'];
const SET_KEYS = ['version', 'name', 'rules', 'groupCaps', 'thresholds'];
const THRESHOLD_KEYS: readonly (keyof LeadThresholds)[] = ['immediateContact', 'nurture', 'education'];

function bad(message: string, details: Record<string, unknown> = {}): never {
  fail('invalid-argument', `Lead-score rule set: ${message}`, details);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function refuseUnknownKeys(obj: Record<string, unknown>, allowed: readonly string[], where: string): void {
  const unknown = Object.keys(obj).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) bad(`${where} has unknown key(s) ${unknown.join(', ')} (a typo?).`, { unknown });
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function validateCondition(
  rule: Record<string, unknown>,
  field: LeadFeatureName,
  where: string,
): LeadCondition {
  const { op, value } = rule;
  const kind = LEAD_FEATURES[field].kind;
  switch (op) {
    case 'gte':
    case 'gt':
    case 'lte':
    case 'lt':
      if (kind !== 'number') bad(`${where}: "${op}" compares numbers but ${field} is text.`, { op, field });
      if (!isFiniteNumber(value)) bad(`${where}: "${op}" needs a number as its value.`, { value });
      return { op, value };
    case 'between': {
      if (kind !== 'number') bad(`${where}: "between" compares numbers but ${field} is text.`, { field });
      if (!Array.isArray(value) || value.length !== 2 || !value.every(isFiniteNumber)) {
        bad(`${where}: "between" needs [low, high] as its value.`, { value });
      }
      const [lo, hi] = value as [number, number];
      if (lo > hi) bad(`${where}: "between" low ${lo} is above high ${hi}.`, { value });
      return { op, value: [lo, hi] };
    }
    case 'eq':
      if (!(typeof value === 'string' || typeof value === 'boolean' || isFiniteNumber(value))) {
        bad(`${where}: "eq" needs a text, number or true/false value.`, { value });
      }
      return { op, value };
    case 'in':
      if (
        !Array.isArray(value) ||
        value.length === 0 ||
        !value.every((v) => typeof v === 'string' || isFiniteNumber(v))
      ) {
        bad(`${where}: "in" needs a non-empty list of texts or numbers.`, { value });
      }
      return { op, value: [...(value as (string | number)[])] };
    case 'matches':
      if (kind !== 'string') bad(`${where}: "matches" reads text but ${field} is a number.`, { field });
      if (typeof value !== 'string' || value.length === 0 || value.length > MAX_PATTERN_LENGTH) {
        bad(`${where}: "matches" needs a pattern of 1 to ${MAX_PATTERN_LENGTH} characters.`, { value });
      }
      try {
        new RegExp(value, 'i');
      } catch (e) {
        bad(`${where}: the pattern is not a valid regular expression (${(e as Error).message}).`, { value });
      }
      return { op, value };
    case 'present':
      if (typeof value !== 'boolean') bad(`${where}: "present" needs true or false.`, { value });
      return { op, value };
    default:
      return bad(`${where}: unknown operator "${String(op)}"; use one of ${LEAD_OPS.join(', ')}.`, { op });
  }
}

function validateRule(x: unknown, index: number): LeadRule {
  if (!isRecord(x)) bad(`rule ${index + 1} is not an object.`, { index });
  const id = x.id;
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    bad(`rule ${index + 1} needs an id of lowercase letters, digits, "_", "." or "-" (at most 64).`, {
      index,
      id,
    });
  }
  const where = `rule "${id}"`;
  refuseUnknownKeys(x, RULE_KEYS, where);
  const { group, label, field, points } = x;
  if (typeof group !== 'string' || !(LEAD_GROUPS as readonly string[]).includes(group)) {
    bad(`${where}: group must be one of ${LEAD_GROUPS.join(', ')}.`, { id, group });
  }
  if (typeof label !== 'string' || label.trim() === '') bad(`${where}: a label is required.`, { id });
  if (typeof field !== 'string' || !isLeadFeature(field)) {
    bad(
      `${where}: "${String(field)}" is not a feature Loupe computes; use one of ${Object.keys(LEAD_FEATURES).join(', ')}.`,
      {
        id,
        field,
      },
    );
  }
  if (typeof points !== 'number' || !Number.isInteger(points) || Math.abs(points) > 100) {
    bad(`${where}: points must be a whole number from −100 to 100.`, { id, points });
  }
  const condition = validateCondition(x, field, where);
  return { id, group: group as LeadGroup, label: label.trim(), field, points, ...condition };
}

function percent(x: unknown, what: string): number {
  if (!isFiniteNumber(x) || !Number.isInteger(x) || x < 0 || x > 100) {
    bad(`${what} must be a whole number from 0 to 100.`, { [what]: x });
  }
  return x;
}

/**
 * Checks a rule set from a file, settings or the UI and returns a frozen copy, or fails
 * saying which rule is wrong and why. Duplicate ids are refused: ids are how versions are
 * compared and how a matched rule is explained.
 */
export function validateLeadRuleSet(x: unknown): LeadScoreRuleSet {
  if (!isRecord(x)) bad('expected an object with version, name, rules, groupCaps and thresholds.');
  refuseUnknownKeys(x, SET_KEYS, 'the rule set');
  const { version, name, rules, groupCaps, thresholds } = x;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    bad('version must be a whole number of 1 or more.', { version });
  }
  if (typeof name !== 'string' || name.trim() === '') bad('a name is required.');
  if (!Array.isArray(rules)) bad('rules must be a list.');
  const checked = rules.map((r, i) => validateRule(r, i));
  const seen = new Set<string>();
  for (const r of checked) {
    if (seen.has(r.id)) bad(`two rules have the id "${r.id}"; give each rule its own id.`, { id: r.id });
    seen.add(r.id);
  }

  if (!isRecord(groupCaps)) bad(`groupCaps must give a cap for each of ${LEAD_GROUPS.join(', ')}.`);
  refuseUnknownKeys(groupCaps, LEAD_GROUPS, 'groupCaps');
  const caps = {} as Record<LeadGroup, number>;
  for (const g of LEAD_GROUPS) caps[g] = percent(groupCaps[g], `groupCaps.${g}`);

  if (!isRecord(thresholds)) bad('thresholds must give immediateContact, nurture and education.');
  refuseUnknownKeys(thresholds, THRESHOLD_KEYS, 'thresholds');
  const t = {} as LeadThresholds;
  for (const k of THRESHOLD_KEYS) t[k] = percent(thresholds[k], `thresholds.${k}`);
  if (!(t.education < t.nurture && t.nurture < t.immediateContact)) {
    bad('thresholds must rise: education < nurture < immediateContact.', { ...t });
  }

  return deepFreeze({ version, name: name.trim(), rules: checked, groupCaps: caps, thresholds: t });
}

export function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}
