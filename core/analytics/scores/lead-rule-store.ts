import type { WorkspaceDb } from '../../db/workspace-db';
import { fail } from '../../errors';
import { DEFAULT_LEAD_RULES, diffRuleSets, validateLeadRuleSet } from './lead-score';
import type { LeadScoreRuleSet, RuleSetDiff } from './lead-score';

/**
 * Lead-scoring rule sets kept in the workspace, versioned: saving never edits a
 * version, it adds the next one and makes it active, so any two versions can be
 * compared. Until a marketer saves one, Loupe's defaults (version 1) apply.
 */

export interface StoredRuleSet {
  ruleSet: LeadScoreRuleSet;
  active: boolean;
  /** null for Loupe's built-in defaults, which are not stored until changed. */
  savedAt: string | null;
  note: string | null;
}

export async function activeLeadRuleSet(db: WorkspaceDb): Promise<LeadScoreRuleSet> {
  const r = await db.query(`SELECT rule_set FROM lead_scoring_rule_sets WHERE is_active`);
  const stored = r.rows[0]?.['rule_set'];
  return stored === undefined ? DEFAULT_LEAD_RULES : validateLeadRuleSet(stored);
}

export async function listLeadRuleSets(db: WorkspaceDb): Promise<StoredRuleSet[]> {
  const r = await db.query(
    `SELECT rule_set, is_active, created_at, note FROM lead_scoring_rule_sets ORDER BY version DESC`,
  );
  const saved = r.rows.map((row) => ({
    ruleSet: validateLeadRuleSet(row['rule_set']),
    active: row['is_active'] === true,
    savedAt: String(row['created_at']),
    note: typeof row['note'] === 'string' ? row['note'] : null,
  }));
  if (saved.some((s) => s.ruleSet.version === DEFAULT_LEAD_RULES.version)) return saved;
  return [
    ...saved,
    {
      ruleSet: DEFAULT_LEAD_RULES,
      active: !saved.some((s) => s.active),
      savedAt: null,
      note: 'Loupe default',
    },
  ];
}

/**
 * Saves a rule set as the next version and makes it active. The version in the
 * input is ignored (the store numbers versions); returns what changed from the
 * rule set that was active.
 */
export async function saveLeadRuleSet(
  db: WorkspaceDb,
  input: unknown,
  note: string | null,
): Promise<{ saved: LeadScoreRuleSet; changes: RuleSetDiff }> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    fail(
      'invalid-argument',
      'A lead-score rule set is an object with name, rules, groupCaps and thresholds.',
    );
  }
  const previous = await activeLeadRuleSet(db);
  const r = await db.query(`SELECT coalesce(max(version), $1::int) AS v FROM lead_scoring_rule_sets`, [
    DEFAULT_LEAD_RULES.version,
  ]);
  const version = Number(r.rows[0]?.['v'] ?? DEFAULT_LEAD_RULES.version) + 1;
  const saved = validateLeadRuleSet({ ...(input as Record<string, unknown>), version });
  await db.transaction([
    { sql: `UPDATE lead_scoring_rule_sets SET is_active = false WHERE is_active` },
    {
      sql: `INSERT INTO lead_scoring_rule_sets (version, name, rule_set, is_active, note) VALUES ($1, $2, $3::jsonb, true, $4)`,
      params: [version, saved.name, JSON.stringify(saved), note],
    },
  ]);
  return { saved, changes: diffRuleSets(previous, saved) };
}

/** What changed between two versions (either may be Loupe's default, version 1). */
export async function compareLeadRuleSets(db: WorkspaceDb, from: number, to: number): Promise<RuleSetDiff> {
  const all = await listLeadRuleSets(db);
  const find = (v: number): LeadScoreRuleSet => {
    const s = all.find((x) => x.ruleSet.version === v);
    if (s === undefined) fail('not-found', `There is no lead-score rule set version ${v}.`, { version: v });
    return s.ruleSet;
  };
  return diffRuleSets(find(from), find(to));
}
