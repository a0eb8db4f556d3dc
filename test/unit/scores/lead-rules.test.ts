import { describe, expect, it } from 'vitest';
import { DEFAULT_LEAD_RULES, diffRuleSets, validateLeadRuleSet } from '../../../core/analytics/scores';
import type { LeadRule, LeadScoreRuleSet } from '../../../core/analytics/scores';
import { expectInvalid } from './helpers';

const plain = (): Record<string, unknown> & { rules: Record<string, unknown>[] } =>
  JSON.parse(JSON.stringify(DEFAULT_LEAD_RULES)) as Record<string, unknown> & {
    rules: Record<string, unknown>[];
  };

function withRule(change: Record<string, unknown>, index = 0): Record<string, unknown> {
  const x = plain();
  x.rules[index] = { ...x.rules[index], ...change };
  return x;
}

describe('validateLeadRuleSet', () => {
  it('returns a frozen copy', () => {
    const input = plain();
    const out = validateLeadRuleSet(input);
    expect(out).toEqual(input);
    expect(out).not.toBe(input);
    expect(Object.isFrozen(out.rules)).toBe(true);
  });

  it('accepts an empty list of rules', () => {
    expect(validateLeadRuleSet({ ...plain(), rules: [] }).rules).toEqual([]);
  });

  it.each([
    [
      'duplicate ids',
      withRule({ id: 'demographic.degree' }, 0),
      /two rules have the id "demographic.degree"/,
    ],
    [
      'an unknown operator',
      withRule({ op: 'contains' }),
      /rule "demographic.age_25_55": unknown operator "contains"/,
    ],
    ['an unknown feature', withRule({ field: 'shoe_size' }), /"shoe_size" is not a feature Loupe computes/],
    ['a text value for gt', withRule({ op: 'gt', value: '25' }), /"gt" needs a number/],
    [
      'a comparison on text',
      withRule({ op: 'gt', value: 3 }, 1),
      /"gt" compares numbers but education_level is text/,
    ],
    ['between reversed', withRule({ value: [55, 25] }), /"between" low 55 is above high 25/],
    ['between with one bound', withRule({ value: [25] }), /"between" needs \[low, high\]/],
    [
      'a broken pattern',
      withRule({ value: '(director' }, 2),
      /rule "demographic.senior_title": the pattern is not a valid/,
    ],
    [
      'a pattern on a number',
      withRule({ op: 'matches', value: '1' }),
      /"matches" reads text but age_years is a number/,
    ],
    ['an empty in-list', withRule({ op: 'in', value: [] }, 1), /"in" needs a non-empty list/],
    [
      'present without true/false',
      withRule({ op: 'present', value: 'yes' }),
      /"present" needs true or false/,
    ],
    ['fractional points', withRule({ points: 2.5 }), /points must be a whole number from −100 to 100/],
    ['too many points', withRule({ points: 101 }), /points must be a whole number/],
    ['a misspelt key', withRule({ pionts: 5 }), /rule "demographic.age_25_55" has unknown key\(s\) pionts/],
    ['an unknown group', withRule({ group: 'social' }), /group must be one of/],
    ['a blank label', withRule({ label: '  ' }), /a label is required/],
    ['an id with spaces', withRule({ id: 'Age Rule' }), /rule 1 needs an id/],
    ['version 0', { ...plain(), version: 0 }, /version must be a whole number of 1 or more/],
    ['no name', { ...plain(), name: '' }, /a name is required/],
    ['rules not a list', { ...plain(), rules: {} }, /rules must be a list/],
    [
      'a missing cap',
      { ...plain(), groupCaps: { demographic: 20 } },
      /groupCaps.firmographic must be a whole number from 0 to 100/,
    ],
    [
      'a cap above 100',
      { ...plain(), groupCaps: { ...DEFAULT_LEAD_RULES.groupCaps, rfm: 120 } },
      /groupCaps.rfm/,
    ],
    [
      'falling thresholds',
      { ...plain(), thresholds: { immediateContact: 60, nurture: 60, education: 30 } },
      /thresholds must rise/,
    ],
    [
      'an unknown threshold',
      { ...plain(), thresholds: { ...DEFAULT_LEAD_RULES.thresholds, hot: 90 } },
      /unknown key\(s\) hot/,
    ],
    ['an extra top-level key', { ...plain(), author: 'me' }, /the rule set has unknown key\(s\) author/],
  ])('refuses %s', (_what, input, message) => {
    expectInvalid(() => validateLeadRuleSet(input), message);
  });

  it('refuses something that is not a rule set at all', () => {
    expectInvalid(() => validateLeadRuleSet(null), /expected an object/);
    expectInvalid(() => validateLeadRuleSet({ ...plain(), rules: [42] }), /rule 1 is not an object/);
  });
});

describe('diffRuleSets', () => {
  const a = DEFAULT_LEAD_RULES;

  it('finds nothing between a rule set and itself', () => {
    expect(diffRuleSets(a, a)).toEqual({
      from: { name: a.name, version: 1 },
      to: { name: a.name, version: 1 },
      added: [],
      removed: [],
      changed: [],
      groupCaps: [],
      thresholds: [],
    });
  });

  it('lists added, removed and changed rules, caps and thresholds', () => {
    const added: LeadRule = {
      id: 'engagement.webinar',
      group: 'engagement',
      label: 'Attended a webinar',
      field: 'form_submissions_30d',
      op: 'gte',
      value: 2,
      points: 5,
    };
    const b: LeadScoreRuleSet = validateLeadRuleSet({
      ...a,
      version: 2,
      rules: [
        ...a.rules
          .filter((r) => r.id !== 'demographic.age_25_55')
          .map((r) =>
            r.id === 'engagement.email_opens'
              ? { ...r, value: 3, points: 20 }
              : r.id === 'rfm.monetary_100'
                ? { ...r, label: 'Spent £100+' }
                : r,
          ),
        added,
      ],
      groupCaps: { ...a.groupCaps, rfm: 25 },
      thresholds: { ...a.thresholds, nurture: 55 },
    });
    const d = diffRuleSets(a, b);
    expect(d.to.version).toBe(2);
    expect(d.added).toEqual([added]);
    expect(d.removed.map((r) => r.id)).toEqual(['demographic.age_25_55']);
    expect(d.changed.map((c) => [c.id, c.fields])).toEqual([
      ['engagement.email_opens', ['value', 'points']],
      ['rfm.monetary_100', ['label']],
    ]);
    expect(d.changed[0]?.before.points).toBe(15);
    expect(d.changed[0]?.after.points).toBe(20);
    expect(d.groupCaps).toEqual([{ group: 'rfm', before: 30, after: 25 }]);
    expect(d.thresholds).toEqual([{ threshold: 'nurture', before: 60, after: 55 }]);
  });

  it('sees a changed list value and ignores a change of order', () => {
    const b = validateLeadRuleSet({
      ...a,
      rules: [...a.rules]
        .reverse()
        .map((r) => (r.id === 'demographic.degree' ? { ...r, value: ['masters', 'phd'] } : r)),
    });
    const d = diffRuleSets(a, b);
    expect(d.changed.map((c) => [c.id, c.fields])).toEqual([['demographic.degree', ['value']]]);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
  });
});
