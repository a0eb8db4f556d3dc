import { ServiceError } from '../../errors';
import {
  CUSTOM_ATTRIBUTE_PREFIX,
  CUSTOMER_FIELDS,
  FIELD_ALIASES,
  isBehaviourField,
  type ColumnField,
  type FieldKind,
} from './fields';

/**
 * cdp-schema.md's segment criteria, checked and put in a normal form before any
 * SQL is written:
 *
 *   { "conditions": [{ "field", "operator", "value", "type" }, …],
 *     "logic": "AND" | "OR",
 *     "nested_conditions": [{ "conditions": […], "logic": …, "nested_conditions": […] }, …] }
 *
 * A group's conditions and nested groups are combined with its logic. An entry of
 * `conditions` that is itself a group (has `conditions` or `nested_conditions`) is
 * accepted too. Every problem is reported with the path of the condition at fault.
 */

export const CRITERIA_LIMITS = {
  /** Groups nested inside the top-level group. */
  maxDepth: 5,
  /** Conditions in the whole tree. */
  maxConditions: 100,
  /** Values in one `in` / `not_in` list. */
  maxListValues: 1000,
  /** Characters in one text value. */
  maxTextLength: 500,
  /** Largest window in days (100 years). */
  maxDays: 36_500,
} as const;

export const OPERATORS = [
  'equals',
  'not_equals',
  'contains',
  'not_contains',
  'starts_with',
  'in',
  'not_in',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'is_set',
  'is_not_set',
  'before',
  'after',
  'within_last_days',
  'older_than_days',
] as const;
export type Operator = (typeof OPERATORS)[number];

/** Spellings found in the design documents and the demo workspace's saved criteria. */
const OPERATOR_ALIASES: ReadonlyMap<string, Operator> = new Map<string, Operator>([
  ['=', 'equals'],
  ['==', 'equals'],
  ['eq', 'equals'],
  ['!=', 'not_equals'],
  ['<>', 'not_equals'],
  ['neq', 'not_equals'],
  ['>', 'gt'],
  ['>=', 'gte'],
  ['<', 'lt'],
  ['<=', 'lte'],
  ['within_days', 'within_last_days'],
  ['in_last_days', 'within_last_days'],
]);

export type Logic = 'AND' | 'OR';

/** A date given as a calendar day (read in the workspace's zone) or as an instant with its offset. */
export type DateValue = { day: string } | { instant: string };
export type Value = string | number | boolean | DateValue;

export type Operand =
  | { kind: 'none' }
  | { kind: 'one'; value: Value }
  | { kind: 'list'; values: Value[] }
  | { kind: 'range'; low: Value; high: Value }
  | { kind: 'days'; days: number };

/** What a condition tests, resolved against the allow-list. */
export type Subject =
  | { target: 'column'; field: ColumnField }
  | { target: 'attribute'; key: string; kind: Exclude<FieldKind, 'tags'> }
  | { target: 'events'; eventType: string | null; withinDays: number | null }
  | { target: 'orders'; measure: 'count' | 'total'; withinDays: number | null }
  | { target: 'campaign'; action: 'open' | 'click'; withinDays: number | null }
  | { target: 'segment' };

export interface Rule {
  type: 'rule';
  path: string;
  subject: Subject;
  operator: Operator;
  operand: Operand;
}

export interface Group {
  type: 'group';
  path: string;
  logic: Logic;
  items: (Rule | Group)[];
}

/** How values of a subject compare: a field's kind, or one of the behaviour shapes. */
type ValueKind = FieldKind | 'count' | 'amount' | 'reference';

const OPERATORS_BY_KIND: Record<ValueKind, readonly Operator[]> = {
  string: [
    'equals',
    'not_equals',
    'contains',
    'not_contains',
    'starts_with',
    'in',
    'not_in',
    'is_set',
    'is_not_set',
  ],
  number: [
    'equals',
    'not_equals',
    'gt',
    'gte',
    'lt',
    'lte',
    'between',
    'in',
    'not_in',
    'is_set',
    'is_not_set',
  ],
  date: [
    'equals',
    'before',
    'after',
    'gt',
    'gte',
    'lt',
    'lte',
    'between',
    'within_last_days',
    'older_than_days',
    'is_set',
    'is_not_set',
  ],
  boolean: ['equals', 'not_equals', 'is_set', 'is_not_set'],
  tags: ['contains', 'not_contains', 'in', 'not_in', 'is_set', 'is_not_set'],
  count: ['equals', 'not_equals', 'gt', 'gte', 'lt', 'lte', 'between'],
  amount: ['equals', 'not_equals', 'gt', 'gte', 'lt', 'lte', 'between'],
  reference: ['equals', 'not_equals', 'in', 'not_in', 'is_set', 'is_not_set'],
};

/** The `type` names a condition may declare for each kind; `list` ones only with in / not_in. */
const TYPE_NAMES: Record<ValueKind, { one: readonly string[]; list: readonly string[] }> = {
  string: { one: ['string', 'text'], list: ['string_array'] },
  number: { one: ['number', 'integer', 'numeric'], list: ['number_array'] },
  date: { one: ['date', 'datetime', 'timestamp'], list: [] },
  boolean: { one: ['boolean'], list: [] },
  tags: { one: ['tags', 'array', 'string_array', 'string'], list: [] },
  count: { one: ['number', 'integer', 'behavior', 'behaviour'], list: [] },
  amount: { one: ['number', 'numeric', 'behavior', 'behaviour'], list: [] },
  reference: { one: ['string', 'uuid', 'behavior', 'behaviour'], list: ['string_array'] },
};

/** A custom attribute's kind comes from the type the condition declares. */
const ATTRIBUTE_KINDS: ReadonlyMap<string, Exclude<FieldKind, 'tags'>> = new Map<
  string,
  Exclude<FieldKind, 'tags'>
>([
  ['string', 'string'],
  ['text', 'string'],
  ['string_array', 'string'],
  ['number', 'number'],
  ['integer', 'number'],
  ['numeric', 'number'],
  ['number_array', 'number'],
  ['date', 'date'],
  ['datetime', 'date'],
  ['timestamp', 'date'],
  ['boolean', 'boolean'],
]);

const GROUP_KEYS = new Set(['conditions', 'logic', 'nested_conditions']);
const RULE_KEYS = new Set(['field', 'operator', 'value', 'type', 'event_type', 'within_last_days']);
const WINDOWED = new Set([
  'event_count',
  'order_count',
  'order_total',
  'opened_campaign',
  'clicked_campaign',
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;

/** Echoes a user's text in a message without letting it run on. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}…` : text);
}

function describe(path: string): string {
  return path === '' ? 'The segment criteria' : `Segment condition ${path}`;
}

export function invalidAt(path: string, why: string): never {
  throw new ServiceError('invalid-argument', `${describe(path)}: ${why}`, { path });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

interface Budget {
  conditions: number;
}

/** Checks criteria JSON and returns its normal form; throws invalid-argument with the path at fault. */
export function parseCriteria(criteria: unknown): Group {
  if (!isRecord(criteria)) {
    invalidAt('', 'must be an object with "conditions", "logic" and "nested_conditions".');
  }
  return parseGroup(criteria, '', 0, { conditions: 0 });
}

function parseGroup(input: Record<string, unknown>, path: string, depth: number, budget: Budget): Group {
  if (depth > CRITERIA_LIMITS.maxDepth) {
    invalidAt(path, `groups may be nested at most ${CRITERIA_LIMITS.maxDepth} deep; simplify the criteria.`);
  }
  for (const key of Object.keys(input)) {
    if (!GROUP_KEYS.has(key)) {
      invalidAt(
        path,
        `unknown key ${quote(key)}; a group has "conditions", "logic" and "nested_conditions".`,
      );
    }
  }
  const logic = parseLogic(input['logic'], join(path, 'logic'));
  const items: (Rule | Group)[] = [];
  const conditions = input['conditions'];
  if (conditions !== undefined) {
    if (!Array.isArray(conditions)) invalidAt(join(path, 'conditions'), 'must be a list of conditions.');
    conditions.forEach((c: unknown, i) => {
      const p = join(path, `conditions[${i}]`);
      if (!isRecord(c)) invalidAt(p, 'must be an object with "field", "operator" and "value".');
      const isGroup = !('field' in c) && ('conditions' in c || 'nested_conditions' in c);
      items.push(isGroup ? parseGroup(c, p, depth + 1, budget) : parseRule(c, p, budget));
    });
  }
  const nested = input['nested_conditions'];
  if (nested !== undefined) {
    if (!Array.isArray(nested)) invalidAt(join(path, 'nested_conditions'), 'must be a list of groups.');
    nested.forEach((g: unknown, i) => {
      const p = join(path, `nested_conditions[${i}]`);
      if (!isRecord(g)) invalidAt(p, 'must be an object with "conditions" and "logic".');
      items.push(parseGroup(g, p, depth + 1, budget));
    });
  }
  return { type: 'group', path, logic, items };
}

function parseLogic(value: unknown, path: string): Logic {
  if (value === undefined || value === null) return 'AND';
  if (typeof value === 'string') {
    const upper = value.trim().toUpperCase();
    if (upper === 'AND' || upper === 'OR') return upper;
  }
  return invalidAt(path, 'must be "AND" or "OR".');
}

function parseOperator(value: unknown, path: string): Operator {
  if (typeof value !== 'string') invalidAt(path, 'needs an "operator" such as "equals", "gt" or "in".');
  const name = value.trim().toLowerCase();
  const alias = OPERATOR_ALIASES.get(name);
  if (alias) return alias;
  const found = OPERATORS.find((o) => o === name);
  if (!found) invalidAt(path, `unknown operator ${quote(value)}; use one of ${OPERATORS.join(', ')}.`);
  return found;
}

function parseRule(input: Record<string, unknown>, path: string, budget: Budget): Rule {
  budget.conditions++;
  if (budget.conditions > CRITERIA_LIMITS.maxConditions) {
    invalidAt(path, `a segment may have at most ${CRITERIA_LIMITS.maxConditions} conditions.`);
  }
  for (const key of Object.keys(input)) {
    if (!RULE_KEYS.has(key)) {
      invalidAt(path, `unknown key ${quote(key)}; a condition has ${[...RULE_KEYS].join(', ')}.`);
    }
  }
  const rawField = input['field'];
  if (typeof rawField !== 'string' || rawField.trim() === '') {
    invalidAt(path, 'needs a "field" such as "country", "total_revenue" or "event_count".');
  }
  const field = rawField.trim();
  const declared = input['type'];
  if (declared !== undefined && declared !== null && typeof declared !== 'string') {
    invalidAt(path, '"type" must be text such as "string", "number" or "date".');
  }
  const type = typeof declared === 'string' ? declared.trim().toLowerCase() : null;

  if (!WINDOWED.has(field) && input['within_last_days'] !== undefined) {
    invalidAt(path, `"within_last_days" applies only to ${[...WINDOWED].join(', ')}.`);
  }
  if (field !== 'event_count' && input['event_type'] !== undefined) {
    invalidAt(path, '"event_type" applies only to event_count.');
  }

  const { subject, kind } = resolveSubject(field, type, input, path);
  const operator = parseOperator(input['operator'], path);
  if (!OPERATORS_BY_KIND[kind].includes(operator)) {
    invalidAt(
      path,
      `the operator ${quote(operator)} does not apply to ${quote(field)}; use one of ${OPERATORS_BY_KIND[kind].join(', ')}.`,
    );
  }
  if (type !== null && subject.target !== 'attribute') {
    const names = TYPE_NAMES[kind];
    const isList = operator === 'in' || operator === 'not_in';
    if (!names.one.includes(type) && !(isList && names.list.includes(type))) {
      const expected = isList ? [...names.one, ...names.list] : names.one;
      invalidAt(
        path,
        `the type ${quote(type)} does not match ${quote(field)}, which is ${expected.join(' / ')}.`,
      );
    }
  }
  const operand = parseOperand(operator, kind, input['value'], path, 'value' in input);
  return { type: 'rule', path, subject, operator, operand };
}

function resolveSubject(
  field: string,
  type: string | null,
  input: Record<string, unknown>,
  path: string,
): { subject: Subject; kind: ValueKind } {
  const column = CUSTOMER_FIELDS.get(FIELD_ALIASES.get(field) ?? field);
  if (column) return { subject: { target: 'column', field: column }, kind: column.kind };

  if (field.startsWith(CUSTOM_ATTRIBUTE_PREFIX)) {
    const key = field.slice(CUSTOM_ATTRIBUTE_PREFIX.length);
    if (key === '' || key.length > CRITERIA_LIMITS.maxTextLength) {
      invalidAt(path, 'name the custom attribute after "custom_attributes.", e.g. "custom_attributes.plan".');
    }
    const kind = type === null ? 'string' : ATTRIBUTE_KINDS.get(type);
    if (!kind) {
      invalidAt(
        path,
        `the type ${quote(type ?? '')} is not one a custom attribute can have (string, number, date, boolean).`,
      );
    }
    return { subject: { target: 'attribute', key, kind }, kind };
  }

  if (isBehaviourField(field)) {
    const withinDays = parseWindow(input['within_last_days'], join(path, 'within_last_days'));
    switch (field) {
      case 'event_count': {
        const raw = input['event_type'];
        let eventType: string | null = null;
        if (raw !== undefined && raw !== null) {
          if (typeof raw !== 'string' || raw.trim() === '' || raw.length > CRITERIA_LIMITS.maxTextLength) {
            invalidAt(join(path, 'event_type'), 'must be an event type such as "page_view" or "purchase".');
          }
          eventType = raw.trim();
        }
        return { subject: { target: 'events', eventType, withinDays }, kind: 'count' };
      }
      case 'order_count':
        return { subject: { target: 'orders', measure: 'count', withinDays }, kind: 'count' };
      case 'order_total':
        return { subject: { target: 'orders', measure: 'total', withinDays }, kind: 'amount' };
      case 'opened_campaign':
        return { subject: { target: 'campaign', action: 'open', withinDays }, kind: 'reference' };
      case 'clicked_campaign':
        return { subject: { target: 'campaign', action: 'click', withinDays }, kind: 'reference' };
      case 'in_segment':
        return { subject: { target: 'segment' }, kind: 'reference' };
    }
  }
  return invalidAt(
    path,
    `unknown field ${quote(field)}. Use a customer field (such as country, lifecycle_stage, total_revenue, ` +
      'last_seen_at or tags), "custom_attributes.<name>", or a behaviour (event_count, order_count, order_total, ' +
      'opened_campaign, clicked_campaign, in_segment).',
  );
}

function parseWindow(value: unknown, path: string): number | null {
  if (value === undefined || value === null) return null;
  return parseDays(value, path);
}

function parseDays(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > CRITERIA_LIMITS.maxDays) {
    invalidAt(path, `must be a whole number of days from 1 to ${CRITERIA_LIMITS.maxDays}.`);
  }
  return value;
}

function parseOperand(
  operator: Operator,
  kind: ValueKind,
  value: unknown,
  path: string,
  given: boolean,
): Operand {
  const at = join(path, 'value');
  switch (operator) {
    case 'is_set':
    case 'is_not_set':
      if (given && value !== null && value !== true)
        invalidAt(at, `is not used by ${operator}; leave it out.`);
      return { kind: 'none' };
    case 'within_last_days':
    case 'older_than_days':
      return { kind: 'days', days: parseDays(value, at) };
    case 'in':
    case 'not_in': {
      if (!Array.isArray(value) || value.length === 0)
        invalidAt(at, `${operator} needs a non-empty list of values.`);
      if (value.length > CRITERIA_LIMITS.maxListValues) {
        invalidAt(at, `a list may hold at most ${CRITERIA_LIMITS.maxListValues} values.`);
      }
      const single = kind === 'tags' ? 'string' : kind;
      return { kind: 'list', values: value.map((v: unknown, i) => parseValue(single, v, `${at}[${i}]`)) };
    }
    case 'between': {
      if (!Array.isArray(value) || value.length !== 2)
        invalidAt(at, 'between needs a list of two values: [from, to].');
      const low = parseValue(kind, value[0], `${at}[0]`);
      const high = parseValue(kind, value[1], `${at}[1]`);
      if (compareValues(low, high) > 0)
        invalidAt(at, 'the first value of between must not be above the second.');
      return { kind: 'range', low, high };
    }
    case 'contains':
    case 'not_contains':
    case 'starts_with': {
      const v = parseValue('string', value, at);
      if (v === '') invalidAt(at, `${operator} needs some text to look for.`);
      return { kind: 'one', value: v };
    }
    default:
      return { kind: 'one', value: parseValue(kind, value, at) };
  }
}

function parseValue(kind: ValueKind, value: unknown, path: string): Value {
  switch (kind) {
    case 'string':
    case 'tags':
      if (typeof value !== 'string') invalidAt(path, 'must be text.');
      if (value.length > CRITERIA_LIMITS.maxTextLength) {
        invalidAt(path, `is longer than ${CRITERIA_LIMITS.maxTextLength} characters.`);
      }
      return value;
    case 'number':
    case 'amount':
      if (typeof value !== 'number' || !Number.isFinite(value)) invalidAt(path, 'must be a number.');
      return value;
    case 'count':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        invalidAt(path, 'must be a whole number, 0 or more.');
      }
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') invalidAt(path, 'must be true or false.');
      return value;
    case 'date':
      return parseDate(value, path);
    case 'reference':
      if (typeof value !== 'string' || !UUID.test(value.trim())) {
        invalidAt(path, 'must be the id of a campaign or segment (a UUID such as 0f8c…-…).');
      }
      return value.trim().toLowerCase();
  }
}

function parseDate(value: unknown, path: string): DateValue {
  if (typeof value === 'string') {
    const text = value.trim();
    const day = DAY.exec(text);
    if (day) {
      const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
      const check = new Date(Date.UTC(y, m - 1, d));
      if (check.getUTCFullYear() === y && check.getUTCMonth() === m - 1 && check.getUTCDate() === d) {
        return { day: text };
      }
    } else if (INSTANT.test(text)) {
      const ms = Date.parse(text.replace(' ', 'T'));
      if (Number.isFinite(ms)) return { instant: new Date(ms).toISOString() };
    }
  }
  return invalidAt(
    path,
    'must be a date such as "2024-03-31" or a date and time with its offset such as "2024-03-31T09:00:00Z".',
  );
}

/** Orders two values of one kind; days are compared by their start, instants exactly. */
function compareValues(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'object' && typeof b === 'object') {
    const start = (v: DateValue): number =>
      'day' in v ? Date.parse(`${v.day}T00:00:00Z`) : Date.parse(v.instant);
    return start(a) - start(b);
  }
  return 0;
}
