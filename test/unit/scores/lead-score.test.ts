import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LEAD_RULES,
  LEAD_FEATURES,
  leadAction,
  leadScore,
  leadScoreTrend,
  validateLeadRuleSet,
} from '../../../core/analytics/scores';
import type { LeadFeatures, LeadRule, LeadScoreRuleSet } from '../../../core/analytics/scores';
import { expectInvalid } from './helpers';

const score = (f: LeadFeatures): number => leadScore(f, DEFAULT_LEAD_RULES).score;
const groupPoints = (f: LeadFeatures, group: string): number =>
  leadScore(f, DEFAULT_LEAD_RULES).groups.find((g) => g.group === group)?.points ?? Number.NaN;

/** A one-group rule set (cap 100) to test one operator at a time. */
function oneRule(
  rule: Omit<LeadRule, 'id' | 'group' | 'label' | 'points'> & { points?: number },
): LeadScoreRuleSet {
  return validateLeadRuleSet({
    version: 1,
    name: 'test',
    rules: [{ id: 'r', group: 'engagement', label: 'rule', points: 10, ...rule }],
    groupCaps: { demographic: 0, firmographic: 0, behavioural: 0, engagement: 100, rfm: 0 },
    thresholds: { immediateContact: 80, nurture: 60, education: 30 },
  });
}
const hits = (rs: LeadScoreRuleSet, f: LeadFeatures): boolean => leadScore(f, rs).matched.length === 1;

describe('the default lead rules', () => {
  it('are a valid rule set', () => {
    expect(validateLeadRuleSet(DEFAULT_LEAD_RULES)).toEqual(DEFAULT_LEAD_RULES);
    expect(Object.isFrozen(DEFAULT_LEAD_RULES.rules[0])).toBe(true);
  });

  it('read exactly the features listed in LEAD_FEATURES', () => {
    const read = new Set(DEFAULT_LEAD_RULES.rules.map((r) => r.field));
    expect([...read].sort()).toEqual(Object.keys(LEAD_FEATURES).sort());
  });

  it('give a person about whom nothing is known 0 and "build awareness"', () => {
    const r = leadScore({}, DEFAULT_LEAD_RULES);
    expect(r.score).toBe(0);
    expect(r.matched).toEqual([]);
    expect(r.groups.map((g) => [g.group, g.points, g.cap])).toEqual([
      ['demographic', 0, 20],
      ['firmographic', 0, 20],
      ['behavioural', 0, 40],
      ['engagement', 0, 35],
      ['rfm', 0, 30],
    ]);
    expect(r.action).toEqual({
      action: 'build_awareness',
      priority: 'none',
      reason: 'Not an active lead yet: build awareness.',
    });
    // Nulls and zero counts behave the same.
    expect(score({ age_years: null, events_total: 0, days_since_last_order: null, total_orders: 0 })).toBe(0);
  });

  it('score a hand-checked B2B prospect and cap the total at 100', () => {
    const r = leadScore(
      {
        age_years: 40, // 5
        education_level: ' Masters ', // 5 (trimmed, any case)
        job_title: 'VP of Marketing', // 10 → demographic 20
        annual_revenue: '2500000.00', // numeric arrives as text: 10 + 5
        customer_type: 'business', // 5 → firmographic 20
        events_total: 11, // 10 + 5 + 10
        days_since_last_event: 7, // 10 + 5 → behavioural 40
        email_opens_30d: 6, // 15
        web_visits_30d: 4, // 10
        form_submissions_30d: 1, // 10 → engagement 35
        days_since_last_order: null,
        total_orders: 0,
        total_revenue: '0.00', // rfm 0
      },
      DEFAULT_LEAD_RULES,
    );
    // 20 + 20 + 40 + 35 + 0 = 115 → 100.
    expect(r.groups.map((g) => g.points)).toEqual([20, 20, 40, 35, 0]);
    expect(r.score).toBe(100);
    expect(r.matched).toHaveLength(14);
    expect(r.action.action).toBe('immediate_sales_contact');
    expect(r.action.priority).toBe('high');
  });

  it('score a hand-checked shop customer on RFM alone, capped at 30', () => {
    // Ordered 5 days ago: 5 + 10 + 10; 12 orders: 10 + 10; spent 1500: 5 + 10 → 60, capped 30.
    const r = leadScore(
      { days_since_last_order: 5, total_orders: 12, total_revenue: 1500 },
      DEFAULT_LEAD_RULES,
    );
    expect(r.groups.find((g) => g.group === 'rfm')).toEqual({
      group: 'rfm',
      points: 30,
      uncapped: 60,
      cap: 30,
    });
    expect(r.score).toBe(30);
    expect(r.action.action).toBe('education_content');
  });

  it.each([
    [2, 0],
    [3, 10],
    [5, 10],
    [6, 15],
    [10, 15],
    [11, 25],
  ])('behavioural: %i events in total → %i points', (events, points) => {
    expect(groupPoints({ events_total: events }, 'behavioural')).toBe(points);
  });

  it.each([
    [0, 15],
    [7, 15],
    [8, 10],
    [30, 10],
    [31, 0],
  ])('behavioural: last event %i days ago → %i points', (d, points) => {
    expect(groupPoints({ days_since_last_event: d }, 'behavioural')).toBe(points);
  });

  it.each([
    [24, 0],
    [25, 5],
    [55, 5],
    [56, 0],
  ])('demographic: age %i → %i points', (age, points) => {
    expect(groupPoints({ age_years: age }, 'demographic')).toBe(points);
  });

  it.each([
    [100_000, 0],
    [100_000.01, 10],
    [1_000_000, 10],
    [1_000_001, 15],
    [10_000_000, 15],
    [10_000_001, 20],
  ])('firmographic: revenue %f → %i points (CRM tiers)', (revenue, points) => {
    expect(groupPoints({ annual_revenue: revenue }, 'firmographic')).toBe(points);
  });

  it('caps firmographic at 20: revenue 20 + enterprise 5', () => {
    const g = leadScore({ annual_revenue: 2e7, customer_type: 'Enterprise' }, DEFAULT_LEAD_RULES).groups[1];
    expect(g).toEqual({ group: 'firmographic', points: 20, uncapped: 25, cap: 20 });
  });

  it.each([
    [5, 0, 0, 0],
    [6, 0, 0, 15],
    [0, 3, 0, 0],
    [0, 4, 0, 10],
    [0, 0, 1, 10],
    [6, 4, 1, 35],
  ])('engagement: %i opens, %i visits, %i forms → %i points', (opens, visits, forms, points) => {
    expect(
      groupPoints(
        { email_opens_30d: opens, web_visits_30d: visits, form_submissions_30d: forms },
        'engagement',
      ),
    ).toBe(points);
  });

  it.each([
    [90, 0, 0, 5],
    [91, 0, 0, 0],
    [30, 0, 0, 15],
    [7, 0, 0, 25],
    [null, 4, 99, 0],
    [null, 5, 100, 15],
    [null, 10, 999, 25],
    [null, 10, 1000, 30],
  ])('rfm: last order %s days ago, %i orders, spent %i → %i points', (d, orders, spent, points) => {
    expect(groupPoints({ days_since_last_order: d, total_orders: orders, total_revenue: spent }, 'rfm')).toBe(
      points,
    );
  });

  it.each([
    ['Director of Sales', true],
    ['SVP, Growth', true],
    ['Vice-President Operations', true],
    ['c_suite advisor', true],
    ['C-Suite', true],
    ['CEO', true],
    ['Chief of Staff', true],
    ['Head of Marketing', true],
    ['MVP Engineer', false],
    ['Coach', false],
    ['Cook', false],
    ['Marketing Manager', false],
  ])('senior title: %s → %s', (title, senior) => {
    expect(groupPoints({ job_title: title }, 'demographic')).toBe(senior ? 10 : 0);
  });
});

describe('rule operators', () => {
  it('compares numbers, numeric text included, and nothing else', () => {
    const rs = oneRule({ field: 'total_orders', op: 'gte', value: 3 });
    expect(hits(rs, { total_orders: 3 })).toBe(true);
    expect(hits(rs, { total_orders: 2 })).toBe(false);
    expect(hits(rs, { total_orders: ' 3.0 ' })).toBe(true);
    expect(hits(rs, { total_orders: '1e1' })).toBe(true);
    expect(hits(rs, { total_orders: 'three' })).toBe(false);
    expect(hits(rs, { total_orders: '' })).toBe(false);
    expect(hits(rs, { total_orders: true })).toBe(false);
    expect(hits(rs, { total_orders: Number.NaN })).toBe(false);
    expect(hits(rs, { total_orders: null })).toBe(false);
    expect(hits(rs, {})).toBe(false);
    expect(hits(oneRule({ field: 'total_orders', op: 'lt', value: 3 }), { total_orders: 2 })).toBe(true);
    expect(hits(oneRule({ field: 'total_orders', op: 'lt', value: 3 }), { total_orders: 3 })).toBe(false);
    expect(hits(oneRule({ field: 'total_orders', op: 'lt', value: 3 }), {})).toBe(false);
  });

  it('between includes both ends', () => {
    const rs = oneRule({ field: 'age_years', op: 'between', value: [30, 40] });
    expect([29, 30, 35, 40, 41].map((a) => hits(rs, { age_years: a }))).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
  });

  it('eq and in compare text trimmed and case-insensitively, numbers and booleans exactly', () => {
    expect(
      hits(oneRule({ field: 'customer_type', op: 'eq', value: 'premium' }), { customer_type: ' PREMIUM' }),
    ).toBe(true);
    expect(
      hits(oneRule({ field: 'customer_type', op: 'eq', value: 'premium' }), { customer_type: 'premiums' }),
    ).toBe(false);
    expect(hits(oneRule({ field: 'total_orders', op: 'eq', value: 2 }), { total_orders: '2' })).toBe(true);
    expect(hits(oneRule({ field: 'total_orders', op: 'eq', value: 2 }), { total_orders: 2.5 })).toBe(false);
    expect(hits(oneRule({ field: 'customer_type', op: 'eq', value: true }), { customer_type: true })).toBe(
      true,
    );
    expect(hits(oneRule({ field: 'customer_type', op: 'eq', value: true }), { customer_type: 'true' })).toBe(
      false,
    );
    const inList = oneRule({ field: 'education_level', op: 'in', value: ['phd', 'masters'] });
    expect(hits(inList, { education_level: 'PhD' })).toBe(true);
    expect(hits(inList, { education_level: 'bachelors' })).toBe(false);
    expect(hits(inList, { education_level: null })).toBe(false);
  });

  it('present tells blank from filled', () => {
    const has = oneRule({ field: 'job_title', op: 'present', value: true });
    const lacks = oneRule({ field: 'job_title', op: 'present', value: false });
    for (const [v, filled] of [
      ['CTO', true],
      ['  ', false],
      ['', false],
      [null, false],
      [undefined, false],
      [0, true],
    ] as const) {
      expect(hits(has, { job_title: v })).toBe(filled);
      expect(hits(lacks, { job_title: v })).toBe(!filled);
    }
  });

  it('matches reads text only', () => {
    const rs = oneRule({ field: 'job_title', op: 'matches', value: '^cto$' });
    expect(hits(rs, { job_title: 'CTO' })).toBe(true);
    expect(hits(rs, { job_title: 'CTO, founder' })).toBe(false);
    expect(hits(rs, { job_title: null })).toBe(false);
  });

  it('clips a group with a penalty at 0, and lists the penalty', () => {
    const rs = oneRule({ field: 'customer_type', op: 'eq', value: 'trial', points: -10 });
    const r = leadScore({ customer_type: 'trial' }, rs);
    expect(r.groups[3]).toEqual({ group: 'engagement', points: 0, uncapped: -10, cap: 100 });
    expect(r.matched).toEqual([{ id: 'r', label: 'rule', group: 'engagement', points: -10 }]);
    expect(r.score).toBe(0);
  });

  it('scores with an unfrozen, unvalidated rule set the same way (validating it each call)', () => {
    const copy = JSON.parse(JSON.stringify(DEFAULT_LEAD_RULES)) as LeadScoreRuleSet;
    expect(score({ events_total: 6 })).toBe(leadScore({ events_total: 6 }, copy).score);
    expectInvalid(() => leadScore({}, { ...copy, version: 0 }), /version/);
  });
});

describe('leadAction (crm-design.md thresholds)', () => {
  const t = DEFAULT_LEAD_RULES.thresholds;
  it.each([
    [100, 'immediate_sales_contact', 'high'],
    [80, 'immediate_sales_contact', 'high'],
    [79, 'nurture_campaign', 'medium'],
    [60, 'nurture_campaign', 'medium'],
    [59, 'education_content', 'low'],
    [30, 'education_content', 'low'],
    [29, 'build_awareness', 'none'],
    [0, 'build_awareness', 'none'],
  ])('%i → %s (%s)', (s, action, priority) => {
    expect(leadAction(s, t)).toMatchObject({ action, priority });
  });
});

describe('leadScoreTrend', () => {
  it.each([
    [60, 55, 'rising'], // +5 is one rule's worth
    [60, 56, 'stable'],
    [60, 60, 'stable'],
    [56, 60, 'stable'],
    [55, 60, 'falling'],
    [0, 100, 'falling'],
    [60, null, 'stable'], // no history, no trend
  ] as const)('%i after %s → %s', (current, previous, trend) => {
    expect(leadScoreTrend(current, previous)).toBe(trend);
  });

  it('takes another tolerance, and refuses a non-positive one', () => {
    expect(leadScoreTrend(60, 52, 10)).toBe('stable');
    expect(leadScoreTrend(60, 50, 10)).toBe('rising');
    expectInvalid(() => leadScoreTrend(60, 50, 0), /tolerance/);
    expectInvalid(() => leadScoreTrend(Number.NaN, 50), /current lead score/);
  });
});
