import type { SqlValue } from '../../api/sql';
import { ServiceError } from '../../errors';
import { parseCriteria, type DateValue, type Group, type Operand, type Rule, type Value } from './criteria';
import { CLICK_EVENT_TYPES, OPEN_EVENT_TYPES, REVENUE_ORDER_STATUSES, type ColumnField } from './fields';

export interface CompileOptions {
  /** The moment "the last D days" is counted back from (epoch ms, Date or ISO text). */
  now: number | Date | string;
  /** IANA zone in which calendar-day values ("2024-03-31") begin and end; UTC when not given. */
  timeZone?: string;
}

/** Ids a compiled criteria refers to, with the path of the condition naming each. */
export interface CriteriaReference {
  kind: 'segment' | 'campaign';
  id: string;
  path: string;
}

export interface CompiledCriteria {
  /** `SELECT c.id FROM customers c WHERE …`: every value is a `$n` parameter. */
  sql: string;
  params: SqlValue[];
  references: CriteriaReference[];
}

/**
 * Placeholders for bound values. Every value from the criteria goes through
 * `bind`, so the SQL text is built only from this module's own fragments and the
 * allow-list in fields.ts.
 */
class Binder {
  readonly params: SqlValue[] = [];
  private nowRef: string | null = null;
  private tzRef: string | null = null;
  private readonly since = new Map<number, string>();

  constructor(
    private readonly nowMs: number,
    private readonly timeZone: string,
  ) {}

  bind(value: SqlValue, cast: string): string {
    this.params.push(value);
    return `$${this.params.length}::${cast}`;
  }

  now(): string {
    this.nowRef ??= this.bind(new Date(this.nowMs).toISOString(), 'timestamptz');
    return this.nowRef;
  }

  /** `now` minus D whole days of 24 hours, computed here so the SQL needs no interval arithmetic. */
  sinceDays(days: number): string {
    let ref = this.since.get(days);
    if (!ref) {
      ref = this.bind(new Date(this.nowMs - days * 86_400_000).toISOString(), 'timestamptz');
      this.since.set(days, ref);
    }
    return ref;
  }

  zone(): string {
    this.tzRef ??= this.bind(this.timeZone, 'text');
    return this.tzRef;
  }
}

function toMs(now: number | Date | string): number {
  const ms = now instanceof Date ? now.getTime() : typeof now === 'string' ? Date.parse(now) : now;
  if (!Number.isFinite(ms)) {
    throw new ServiceError('invalid-argument', 'The moment to evaluate the segment at is not a valid date.');
  }
  return ms;
}

function checkTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new ServiceError(
      'invalid-argument',
      `The time zone ${JSON.stringify(timeZone)} is not known; use an IANA name such as Europe/Paris.`,
    );
  }
  return timeZone;
}

/** Criteria JSON → one parameterised SELECT of the matching customers' ids. */
export function compileCriteria(criteria: unknown, options: CompileOptions): CompiledCriteria {
  const tree = parseCriteria(criteria);
  const binder = new Binder(toMs(options.now), checkTimeZone(options.timeZone ?? 'UTC'));
  const references: CriteriaReference[] = [];
  const where = compileGroup(tree, binder, references);
  return { sql: `SELECT c.id FROM customers c WHERE ${where}`, params: binder.params, references };
}

function compileGroup(group: Group, b: Binder, refs: CriteriaReference[]): string {
  // An empty group restricts nothing: an empty criteria is everyone.
  if (group.items.length === 0) return 'TRUE';
  const parts = group.items.map((item) =>
    item.type === 'group' ? compileGroup(item, b, refs) : compileRule(item, b, refs),
  );
  return parts.length === 1 ? (parts[0] as string) : `(${parts.join(` ${group.logic} `)})`;
}

function compileRule(rule: Rule, b: Binder, refs: CriteriaReference[]): string {
  const s = rule.subject;
  switch (s.target) {
    case 'column':
      return columnCondition(s.field, rule, b);
    case 'attribute': {
      const key = b.bind(s.key, 'text');
      const raw = `(c.custom_attributes ->> ${key})`;
      // A stored value that does not read as the declared type counts as not set,
      // rather than failing the whole query on one person's odd attribute.
      const typed =
        s.kind === 'string'
          ? raw
          : s.kind === 'number'
            ? `(CASE WHEN pg_input_is_valid(${raw}, 'numeric') THEN ${raw}::numeric END)`
            : s.kind === 'date'
              ? `(CASE WHEN pg_input_is_valid(${raw}, 'timestamptz') THEN ${raw}::timestamptz END)`
              : `(CASE WHEN pg_input_is_valid(${raw}, 'boolean') THEN ${raw}::boolean END)`;
      return columnCondition({ kind: s.kind, sql: typed }, rule, b);
    }
    case 'events': {
      const filters = ['e.customer_id = c.id'];
      if (s.withinDays !== null)
        filters.push(`e.occurred_at >= ${b.sinceDays(s.withinDays)}`, `e.occurred_at <= ${b.now()}`);
      if (s.eventType !== null) filters.push(`e.event_type = ${b.bind(s.eventType, 'text')}`);
      return countCondition(`FROM customer_events e WHERE ${filters.join(' AND ')}`, rule, b);
    }
    case 'orders': {
      // Over all time these are the totals the schema keeps on each person (same orders, same
      // refunds), read from the row instead of counted again per person.
      if (s.withinDays === null) {
        const kept = s.measure === 'count' ? 'coalesce(c.total_orders, 0)' : 'coalesce(c.total_revenue, 0)';
        return compare(kept, rule.operator, rule.operand, (v) =>
          b.bind(v as number, s.measure === 'count' ? 'bigint' : 'numeric'),
        );
      }
      const statuses = REVENUE_ORDER_STATUSES.map((x) => `'${x}'`).join(', ');
      const filters = ['o.customer_id = c.id', `o.order_status IN (${statuses})`];
      if (s.withinDays !== null)
        filters.push(`o.ordered_at >= ${b.sinceDays(s.withinDays)}`, `o.ordered_at <= ${b.now()}`);
      const from = `FROM customer_orders o WHERE ${filters.join(' AND ')}`;
      if (s.measure === 'count') return countCondition(from, rule, b);
      const total = `(SELECT coalesce(sum(o.order_total - o.refunded_amount), 0) ${from})`;
      return compare(total, rule.operator, rule.operand, (v) => b.bind(v as number, 'numeric'));
    }
    case 'campaign':
      return referenceCondition(rule, b, refs, 'campaign', (ids) =>
        campaignActivity(s.action, s.withinDays, ids, b),
      );
    case 'segment':
      return referenceCondition(rule, b, refs, 'segment', (ids) => {
        const which = ids === null ? '' : ` AND m.segment_id = ANY(${ids})`;
        return `EXISTS (SELECT 1 FROM segment_memberships m WHERE m.customer_id = c.id AND m.is_active${which})`;
      });
  }
}

/** Opens or clicks, from per-recipient deliveries or from email events, for some campaigns or any. */
function campaignActivity(
  action: 'open' | 'click',
  withinDays: number | null,
  ids: string | null,
  b: Binder,
): string {
  let delivery: string;
  if (withinDays === null) {
    // A click proves the message was opened, whether or not the open was tracked.
    delivery =
      action === 'open'
        ? '(d.opened_at IS NOT NULL OR d.open_count > 0 OR d.first_click_at IS NOT NULL OR d.total_clicks > 0)'
        : '(d.first_click_at IS NOT NULL OR d.total_clicks > 0)';
  } else {
    const since = b.sinceDays(withinDays);
    const now = b.now();
    const columns =
      action === 'open'
        ? ['d.opened_at', 'd.last_opened_at', 'd.first_click_at', 'd.last_click_at']
        : ['d.first_click_at', 'd.last_click_at'];
    delivery = `(${columns.map((col) => `(${col} >= ${since} AND ${col} <= ${now})`).join(' OR ')})`;
  }
  const types = (action === 'open' ? [...OPEN_EVENT_TYPES, ...CLICK_EVENT_TYPES] : [...CLICK_EVENT_TYPES])
    .map((x) => `'${x}'`)
    .join(', ');
  const eventFilters = ['e.customer_id = c.id', `e.event_type IN (${types})`];
  const deliveryFilters = ['d.customer_id = c.id', delivery];
  if (ids !== null) {
    deliveryFilters.push(`d.campaign_id = ANY(${ids})`);
    eventFilters.push(`e.campaign_id = ANY(${ids})`);
  }
  if (withinDays !== null) {
    eventFilters.push(`e.occurred_at >= ${b.sinceDays(withinDays)}`, `e.occurred_at <= ${b.now()}`);
  }
  return (
    `(EXISTS (SELECT 1 FROM message_deliveries d WHERE ${deliveryFilters.join(' AND ')})` +
    ` OR EXISTS (SELECT 1 FROM customer_events e WHERE ${eventFilters.join(' AND ')}))`
  );
}

function referenceCondition(
  rule: Rule,
  b: Binder,
  refs: CriteriaReference[],
  kind: 'segment' | 'campaign',
  exists: (ids: string | null) => string,
): string {
  const op = rule.operand;
  if (op.kind === 'none') return rule.operator === 'is_set' ? exists(null) : `NOT ${exists(null)}`;
  const ids = op.kind === 'one' ? [op.value as string] : op.kind === 'list' ? (op.values as string[]) : [];
  for (const id of ids) refs.push({ kind, id, path: rule.path });
  const condition = exists(b.bind(ids, 'uuid[]'));
  return rule.operator === 'equals' || rule.operator === 'in' ? condition : `NOT ${condition}`;
}

/**
 * A count of one person's rows compared with a number. "At least one" and "none"
 * become EXISTS / NOT EXISTS; "at least N" stops counting at N, so a person with
 * thousands of events costs no more than one with N.
 */
function countCondition(from: string, rule: Rule, b: Binder): string {
  const op = rule.operand;
  if (op.kind === 'one') {
    const n = op.value as number;
    const atLeast = rule.operator === 'gte' ? n : rule.operator === 'gt' ? n + 1 : null;
    const none =
      (rule.operator === 'equals' && n === 0) ||
      (rule.operator === 'lt' && n === 1) ||
      (rule.operator === 'lte' && n === 0);
    if (atLeast === 0) return 'TRUE';
    // OFFSET 0 keeps the subquery a per-person probe of the (customer, time, type) index, run
    // only for people the cheaper conditions let through. Without it the planner turns it into a
    // join driven by every matching event (half a million page views to find a few thousand
    // people in the analytics benchmark, 3× slower).
    if (atLeast === 1) return `EXISTS (SELECT 1 ${from} OFFSET 0)`;
    if (none) return `NOT EXISTS (SELECT 1 ${from} OFFSET 0)`;
    if (atLeast !== null) {
      const limit = b.bind(atLeast, 'int');
      return `(SELECT count(*) FROM (SELECT 1 ${from} LIMIT ${limit}) n) >= ${limit}`;
    }
  }
  return compare(`(SELECT count(*) ${from})`, rule.operator, op, (v) => b.bind(v as number, 'bigint'));
}

function compare(
  expr: string,
  operator: Rule['operator'],
  operand: Operand,
  bind: (v: Value) => string,
): string {
  if (operand.kind === 'range') return `${expr} BETWEEN ${bind(operand.low)} AND ${bind(operand.high)}`;
  if (operand.kind !== 'one') throw new Error(`Unexpected operand for ${operator}.`);
  const v = bind(operand.value);
  switch (operator) {
    case 'equals':
      return `${expr} = ${v}`;
    case 'not_equals':
      return `${expr} IS DISTINCT FROM ${v}`;
    case 'gt':
      return `${expr} > ${v}`;
    case 'gte':
      return `${expr} >= ${v}`;
    case 'lt':
      return `${expr} < ${v}`;
    case 'lte':
      return `${expr} <= ${v}`;
    default:
      throw new Error(`Unexpected operator ${operator} for a number.`);
  }
}

function columnCondition(field: ColumnField, rule: Rule, b: Binder): string {
  switch (field.kind) {
    case 'string':
      return stringCondition(field, rule, b);
    case 'number':
      return numberCondition(field.sql, rule, b);
    case 'date':
      return dateCondition(field, rule, b);
    case 'boolean':
      return booleanCondition(field.sql, rule, b);
    case 'tags':
      return tagsCondition(field.sql, rule, b);
  }
}

function stringCondition(field: ColumnField, rule: Rule, b: Binder): string {
  const e = field.sql;
  const text = field.citext ? `${e}::text` : e;
  const op = rule.operand;
  const one = (): string => b.bind((op as { value: Value }).value as string, 'text');
  const list = (): string => b.bind((op as { values: Value[] }).values as string[], 'text[]');
  // Text matches ignore case (a marketer's "FR" is "fr"); citext columns use their own
  // case-insensitive equality, which their index serves.
  const isIn = (): string =>
    field.citext
      ? `${e} = ANY(${list()}::citext[])`
      : `lower(${e}) IN (SELECT lower(x) FROM unnest(${list()}) x)`;
  switch (rule.operator) {
    case 'equals':
      return field.citext ? `${e} = ${one()}::citext` : `lower(${e}) = lower(${one()})`;
    case 'not_equals':
      // "Not X" includes people with no value at all.
      return field.citext
        ? `${e} IS DISTINCT FROM ${one()}::citext`
        : `lower(${e}) IS DISTINCT FROM lower(${one()})`;
    case 'contains':
      return `strpos(lower(${text}), lower(${one()})) > 0`;
    case 'not_contains':
      return `coalesce(strpos(lower(${text}), lower(${one()})), 0) = 0`;
    case 'starts_with':
      return `starts_with(lower(${text}), lower(${one()}))`;
    case 'in':
      return isIn();
    case 'not_in':
      return `(${e} IS NULL OR NOT ${isIn()})`;
    case 'is_set':
      return `nullif(btrim(${text}), '') IS NOT NULL`;
    case 'is_not_set':
      return `nullif(btrim(${text}), '') IS NULL`;
    default:
      throw new Error(`Unexpected operator ${rule.operator} for text.`);
  }
}

function numberCondition(e: string, rule: Rule, b: Binder): string {
  const op = rule.operand;
  switch (rule.operator) {
    case 'in':
      return `${e} = ANY(${b.bind((op as { values: Value[] }).values as number[], 'numeric[]')})`;
    case 'not_in':
      return `(${e} IS NULL OR ${e} <> ALL(${b.bind((op as { values: Value[] }).values as number[], 'numeric[]')}))`;
    case 'is_set':
      return `${e} IS NOT NULL`;
    case 'is_not_set':
      return `${e} IS NULL`;
    default:
      return compare(e, rule.operator, op, (v) => b.bind(v as number, 'numeric'));
  }
}

function booleanCondition(e: string, rule: Rule, b: Binder): string {
  const op = rule.operand;
  switch (rule.operator) {
    case 'is_set':
      return `${e} IS NOT NULL`;
    case 'is_not_set':
      return `${e} IS NULL`;
    default:
      return compare(e, rule.operator, op, (v) => b.bind(v as boolean, 'boolean'));
  }
}

function tagsCondition(e: string, rule: Rule, b: Binder): string {
  const op = rule.operand;
  const has = (match: string): string => `EXISTS (SELECT 1 FROM unnest(${e}) t WHERE ${match})`;
  const anyOf = (): string =>
    has(
      `lower(t) IN (SELECT lower(x) FROM unnest(${b.bind((op as { values: Value[] }).values as string[], 'text[]')}) x)`,
    );
  const one = (): string =>
    has(`lower(t) = lower(${b.bind((op as { value: Value }).value as string, 'text')})`);
  switch (rule.operator) {
    case 'contains':
      return one();
    case 'not_contains':
      return `NOT ${one()}`;
    case 'in':
      return anyOf();
    case 'not_in':
      return `NOT ${anyOf()}`;
    case 'is_set':
      return `coalesce(cardinality(${e}), 0) > 0`;
    case 'is_not_set':
      return `coalesce(cardinality(${e}), 0) = 0`;
    default:
      throw new Error(`Unexpected operator ${rule.operator} for tags.`);
  }
}

/** The first instant of a value and the first instant after it: a whole day, or one instant. */
function bounds(v: DateValue, b: Binder): { start: string; next: string | null } {
  if ('instant' in v) return { start: b.bind(v.instant, 'timestamptz'), next: null };
  const day = b.bind(v.day, 'date');
  return {
    start: `(${day}::timestamp AT TIME ZONE ${b.zone()})`,
    next: `((${day} + 1)::timestamp AT TIME ZONE ${b.zone()})`,
  };
}

function dateCondition(field: ColumnField, rule: Rule, b: Binder): string {
  // A date column holds a calendar day: it begins at local midnight in the workspace's zone.
  const e = field.dateOnly ? `(${field.sql}::timestamp AT TIME ZONE ${b.zone()})` : field.sql;
  const op = rule.operand;
  const value = (): DateValue => (op as { value: Value }).value as DateValue;
  switch (rule.operator) {
    case 'is_set':
      return `${field.sql} IS NOT NULL`;
    case 'is_not_set':
      return `${field.sql} IS NULL`;
    case 'within_last_days': {
      const days = (op as { days: number }).days;
      return `(${e} >= ${b.sinceDays(days)} AND ${e} <= ${b.now()})`;
    }
    case 'older_than_days':
      return `${e} < ${b.sinceDays((op as { days: number }).days)}`;
    case 'between': {
      const range = op as { low: Value; high: Value };
      const low = bounds(range.low as DateValue, b);
      const high = bounds(range.high as DateValue, b);
      return high.next === null
        ? `(${e} >= ${low.start} AND ${e} <= ${high.start})`
        : `(${e} >= ${low.start} AND ${e} < ${high.next})`;
    }
    case 'equals': {
      const { start, next } = bounds(value(), b);
      return next === null ? `${e} = ${start}` : `(${e} >= ${start} AND ${e} < ${next})`;
    }
    case 'before':
    case 'lt':
      return `${e} < ${bounds(value(), b).start}`;
    case 'lte': {
      const { start, next } = bounds(value(), b);
      return next === null ? `${e} <= ${start}` : `${e} < ${next}`;
    }
    case 'after':
    case 'gt': {
      const { start, next } = bounds(value(), b);
      return next === null ? `${e} > ${start}` : `${e} >= ${next}`;
    }
    case 'gte':
      return `${e} >= ${bounds(value(), b).start}`;
    default:
      throw new Error(`Unexpected operator ${rule.operator} for a date.`);
  }
}
