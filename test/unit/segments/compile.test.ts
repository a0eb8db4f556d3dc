import { describe, expect, it } from 'vitest';
import { compileCriteria, CRITERIA_LIMITS } from '../../../core/analytics/segments';
import { SEGMENTS } from '../../../core/demo/segments';
import { ServiceError } from '../../../core/errors';

const NOW = '2024-06-30T12:00:00.000Z';
const UUID = '0f8c2a4e-1b2c-4d3e-8f90-123456789abc';

const one = (condition: Record<string, unknown>) => ({ conditions: [condition] });

function rejects(criteria: unknown): ServiceError {
  try {
    compileCriteria(criteria, { now: NOW });
  } catch (err) {
    if (err instanceof ServiceError) return err;
    throw err;
  }
  throw new Error('Expected the criteria to be rejected');
}

/** Every placeholder $1 … $n is used and nothing else is numbered. */
function placeholders(sql: string): number[] {
  return [...new Set([...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
}

const HOSTILE = [
  "'; DROP TABLE customers; --",
  "O'Brien",
  'x" OR "1"="1',
  '$1; SELECT pg_sleep(10)',
  'Zoë 🚀 \u0000-free \u202e rtl',
  "\\'; DELETE FROM segments; --",
  '*/ UNION SELECT id FROM platform_users /*',
];

describe('values are always bound parameters', () => {
  const textFields = ['email', 'country', 'city', 'lifecycle_stage', 'funnel_stage', 'contact_status'];
  const textOps = ['equals', 'not_equals', 'contains', 'not_contains', 'starts_with'];

  for (const value of HOSTILE) {
    it(`keeps ${JSON.stringify(value)} out of the SQL text`, () => {
      const conditions: Record<string, unknown>[] = [];
      for (const field of textFields)
        for (const operator of textOps) conditions.push({ field, operator, value });
      conditions.push({ field: 'country', operator: 'in', value: [value, 'FR'] });
      conditions.push({ field: 'tags', operator: 'contains', value });
      conditions.push({ field: 'tags', operator: 'not_in', value: [value] });
      conditions.push({ field: `custom_attributes.${value}`, operator: 'equals', value });
      conditions.push({
        field: 'event_count',
        operator: 'gte',
        value: 2,
        event_type: value,
        within_last_days: 7,
      });
      const { sql, params } = compileCriteria({ conditions, logic: 'OR' }, { now: NOW });
      expect(sql).not.toContain(value);
      // Nothing in the text can end a statement or open a comment.
      expect(sql).not.toMatch(/;|--|\/\*/);
      expect(params).toContain(value);
      expect(params).toContainEqual([value, 'FR']);
      expect(placeholders(sql)).toEqual(params.map((_, i) => i + 1));
    });
  }

  it('binds numbers, booleans, dates and ids too', () => {
    const { sql, params } = compileCriteria(
      {
        conditions: [
          { field: 'total_revenue', operator: 'gte', value: 123.45 },
          { field: 'vip_status', operator: 'equals', value: true },
          { field: 'first_seen_at', operator: 'between', value: ['2023-01-01', '2023-12-31T23:00:00+02:00'] },
          { field: 'in_segment', operator: 'equals', value: UUID.toUpperCase() },
        ],
      },
      { now: NOW, timeZone: 'Europe/Paris' },
    );
    expect(sql).not.toMatch(/123|2023|true|0f8c/i);
    expect(params).toEqual([123.45, true, '2023-01-01', 'Europe/Paris', '2023-12-31T21:00:00.000Z', [UUID]]);
  });

  it('binds the time-relative bounds from now, so results do not depend on the clock', () => {
    const { sql, params } = compileCriteria(
      one({ field: 'last_seen_at', operator: 'within_last_days', value: 7 }),
      {
        now: Date.parse(NOW),
      },
    );
    expect(params).toEqual(['2024-06-23T12:00:00.000Z', NOW]);
    expect(sql).not.toMatch(/now\(\)|current_date|current_timestamp|clock_timestamp/i);
    // Same window twice: bound once.
    const twice = compileCriteria(
      {
        conditions: [
          { field: 'last_seen_at', operator: 'within_last_days', value: 7 },
          { field: 'event_count', operator: 'gte', value: 1, within_last_days: 7 },
        ],
      },
      { now: NOW },
    );
    expect(twice.params).toEqual(['2024-06-23T12:00:00.000Z', NOW]);
  });

  it('writes the same SQL for the same criteria', () => {
    const criteria = {
      conditions: [{ field: 'country', operator: 'in', value: ['FR'] }],
      nested_conditions: [
        { logic: 'or', conditions: [{ field: 'engagement_score', operator: '>', value: 50 }] },
      ],
    };
    expect(compileCriteria(criteria, { now: NOW })).toEqual(
      compileCriteria(structuredClone(criteria), { now: NOW }),
    );
  });
});

describe('field and operator names come from the allow-list', () => {
  const hostileFields = [
    "email'; DROP TABLE customers; --",
    'email OR 1=1',
    'c.email',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'customers.email',
    'custom_attributes',
    'custom_attributes.',
    'EMAIL',
  ];
  for (const field of hostileFields) {
    it(`rejects the field ${JSON.stringify(field)}`, () => {
      const err = rejects(one({ field, operator: 'is_set' }));
      expect(err.code).toBe('invalid-argument');
      expect(err.details).toEqual({ path: 'conditions[0]' });
    });
  }

  for (const operator of ["= 'x' OR 1=1 --", 'LIKE', 'ilike', '~', 'equals;', '__proto__', 'exec']) {
    it(`rejects the operator ${JSON.stringify(operator)}`, () => {
      const err = rejects(one({ field: 'email', operator, value: 'x' }));
      expect(err.code).toBe('invalid-argument');
      expect(err.message).toContain('conditions[0]');
    });
  }

  it('compiles every criteria the demo workspace saves', () => {
    for (const segment of SEGMENTS) {
      expect(compileCriteria(segment.criteria, { now: NOW }).sql).toMatch(
        /^SELECT c\.id FROM customers c WHERE /,
      );
    }
  });

  it('accepts the design documents’ and demo’s spellings of operators', () => {
    const a = compileCriteria(one({ field: 'total_revenue', operator: '>=', value: 500 }), { now: NOW });
    const b = compileCriteria(one({ field: 'total_revenue', operator: 'gte', value: 500 }), { now: NOW });
    expect(a).toEqual(b);
    expect(
      compileCriteria(one({ field: 'email_opt_in', operator: '=', value: true }), { now: NOW }).params,
    ).toEqual([true]);
  });
});

describe('invalid criteria are reported with the path of the condition', () => {
  it('names nested paths in both shapes', () => {
    const nested = rejects({
      conditions: [{ field: 'country', operator: 'equals', value: 'FR' }],
      nested_conditions: [
        {
          logic: 'OR',
          conditions: [{ field: 'city', operator: 'equals', value: 'Paris' }, { field: 'nope' }],
        },
      ],
    });
    expect(nested.details).toEqual({ path: 'nested_conditions[0].conditions[1]' });
    expect(nested.message).toMatch(
      /^Segment condition nested_conditions\[0\]\.conditions\[1\]: unknown field "nope"/,
    );

    const inline = rejects({
      conditions: [
        { field: 'country', operator: 'is_set' },
        { field: 'city', operator: 'is_set' },
        {
          logic: 'AND',
          nested_conditions: [{ conditions: [{ field: 'total_orders', operator: 'contains', value: 'x' }] }],
        },
      ],
    });
    expect(inline.details).toEqual({ path: 'conditions[2].nested_conditions[0].conditions[0]' });
    expect(inline.message).toContain('does not apply to "total_orders"');
  });

  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      'a type that does not match the field',
      { field: 'total_revenue', operator: 'gt', value: 5, type: 'string' },
      /type "string" does not match/,
    ],
    [
      'a list type with a single-value operator',
      { field: 'country', operator: 'equals', value: 'FR', type: 'string_array' },
      /does not match/,
    ],
    [
      'a date type on text',
      { field: 'country', operator: 'equals', value: 'FR', type: 'date' },
      /does not match/,
    ],
    [
      'text where a number belongs',
      { field: 'total_revenue', operator: 'gt', value: '100' },
      /must be a number/,
    ],
    ['a number where text belongs', { field: 'country', operator: 'equals', value: 33 }, /must be text/],
    [
      'an impossible date',
      { field: 'last_seen_at', operator: 'before', value: '2024-02-30' },
      /must be a date/,
    ],
    [
      'a date and time without its offset',
      { field: 'last_seen_at', operator: 'before', value: '2024-02-03T10:00' },
      /must be a date/,
    ],
    [
      'a window of zero days',
      { field: 'last_seen_at', operator: 'within_last_days', value: 0 },
      /whole number of days/,
    ],
    ['a fractional count', { field: 'event_count', operator: 'gte', value: 1.5 }, /whole number/],
    ['a reversed range', { field: 'total_orders', operator: 'between', value: [5, 1] }, /must not be above/],
    ['an empty list', { field: 'country', operator: 'in', value: [] }, /non-empty list/],
    [
      'an id that is not one',
      { field: 'in_segment', operator: 'equals', value: "1' OR '1'='1" },
      /id of a campaign or segment/,
    ],
    [
      'a window on a customer field',
      { field: 'country', operator: 'is_set', within_last_days: 3 },
      /applies only to/,
    ],
    [
      'an event type on orders',
      { field: 'order_count', operator: 'gte', value: 1, event_type: 'x' },
      /only to event_count/,
    ],
    [
      'an unknown key',
      { field: 'country', operator: 'equals', value: 'FR', sql: 'TRUE' },
      /unknown key "sql"/,
    ],
    ['a value on is_set', { field: 'country', operator: 'is_set', value: 'FR' }, /leave it out/],
    [
      'an unknown attribute type',
      { field: 'custom_attributes.plan', operator: 'equals', value: 'x', type: 'json' },
      /not one a custom attribute/,
    ],
    ['a missing operator', { field: 'country', value: 'FR' }, /needs an "operator"/],
    ['contains with nothing to look for', { field: 'city', operator: 'contains', value: '' }, /some text/],
  ];
  for (const [name, condition, message] of cases) {
    it(`rejects ${name}`, () => {
      const err = rejects({ conditions: [{ field: 'country', operator: 'is_set' }, condition] });
      expect(err.code).toBe('invalid-argument');
      expect(String(err.details?.['path'])).toMatch(/^conditions\[1\]/);
      expect(err.message).toMatch(/^Segment condition conditions\[1\]/);
      expect(err.message).toMatch(message);
    });
  }

  it('points at the value, and the entry of a list, at fault', () => {
    expect(rejects(one({ field: 'total_orders', operator: 'in', value: [1, 'two'] })).details).toEqual({
      path: 'conditions[0].value[1]',
    });
    expect(
      rejects(one({ field: 'event_count', operator: 'gte', value: 1, within_last_days: -3 })).details,
    ).toEqual({
      path: 'conditions[0].within_last_days',
    });
  });

  it('rejects a criteria that is not an object, bad logic, and unknown group keys', () => {
    expect(rejects([]).details).toEqual({ path: '' });
    expect(rejects('TRUE').message).toMatch(/^The segment criteria:/);
    expect(rejects({ logic: 'XOR' }).details).toEqual({ path: 'logic' });
    expect(rejects({ nested_condition: [] }).message).toContain('unknown key "nested_condition"');
    expect(rejects({ nested_conditions: [{ logic: 'NOT' }] }).details).toEqual({
      path: 'nested_conditions[0].logic',
    });
  });

  it('limits depth, size and list length', () => {
    let deep: Record<string, unknown> = { conditions: [{ field: 'country', operator: 'is_set' }] };
    for (let i = 0; i < CRITERIA_LIMITS.maxDepth; i++) deep = { nested_conditions: [deep] };
    expect(() => compileCriteria(deep, { now: NOW })).not.toThrow();
    const tooDeep = rejects({ nested_conditions: [deep] });
    expect(tooDeep.message).toContain('nested at most 5 deep');

    const many = (n: number) => ({
      conditions: Array.from({ length: n }, () => ({ field: 'country', operator: 'is_set' })),
    });
    expect(() => compileCriteria(many(CRITERIA_LIMITS.maxConditions), { now: NOW })).not.toThrow();
    expect(rejects(many(CRITERIA_LIMITS.maxConditions + 1)).details).toEqual({ path: 'conditions[100]' });

    const list = Array.from({ length: CRITERIA_LIMITS.maxListValues + 1 }, (_, i) => `c${i}`);
    expect(rejects(one({ field: 'country', operator: 'in', value: list })).message).toContain(
      'at most 1000 values',
    );
  });

  it('rejects a moment or time zone that is not one', () => {
    expect(() => compileCriteria({}, { now: 'yesterday' })).toThrow(ServiceError);
    expect(() => compileCriteria({}, { now: NOW, timeZone: "UTC'; --" })).toThrow(/not known/);
  });
});

describe('the SQL shape', () => {
  it('selects everyone for an empty criteria', () => {
    expect(compileCriteria({}, { now: NOW })).toEqual({
      sql: 'SELECT c.id FROM customers c WHERE TRUE',
      params: [],
      references: [],
    });
  });

  it('turns "at least one" and "none" into EXISTS and stops counting at N', () => {
    const sqlOf = (operator: string, value: number) =>
      compileCriteria(one({ field: 'event_count', operator, value, event_type: 'purchase' }), { now: NOW });
    expect(sqlOf('gte', 1).sql).toContain('WHERE EXISTS (SELECT 1 FROM customer_events e');
    expect(sqlOf('gt', 0).sql).toBe(sqlOf('gte', 1).sql);
    expect(sqlOf('equals', 0).sql).toContain('WHERE NOT EXISTS (SELECT 1 FROM customer_events e');
    expect(sqlOf('lt', 1).sql).toBe(sqlOf('equals', 0).sql);
    const atLeast = sqlOf('gt', 4);
    expect(atLeast.sql).toContain('LIMIT $2::int) n) >= $2::int');
    expect(atLeast.params).toEqual(['purchase', 5]);
  });

  it('records the segments and campaigns a criteria names, with their paths', () => {
    const other = '1f8c2a4e-1b2c-4d3e-8f90-123456789abc';
    const { references } = compileCriteria(
      {
        conditions: [{ field: 'opened_campaign', operator: 'in', value: [UUID, other] }],
        nested_conditions: [{ conditions: [{ field: 'in_segment', operator: 'not_equals', value: other }] }],
      },
      { now: NOW },
    );
    expect(references).toEqual([
      { kind: 'campaign', id: UUID, path: 'conditions[0]' },
      { kind: 'campaign', id: other, path: 'conditions[0]' },
      { kind: 'segment', id: other, path: 'nested_conditions[0].conditions[0]' },
    ]);
  });
});
