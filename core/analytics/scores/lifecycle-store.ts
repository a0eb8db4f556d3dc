import type { WorkspaceDb } from '../../db/workspace-db';
import { DEFAULT_LIFECYCLE_RULES, validateLifecycleRules } from './lifecycle';
import type { LifecycleRules } from './lifecycle';

/** A workspace's lifecycle rules live in system_settings; without a row, Loupe's defaults apply. */
const KEY = 'scores.lifecycle_rules';

export async function readLifecycleRules(
  db: WorkspaceDb,
): Promise<{ rules: LifecycleRules; custom: boolean }> {
  const r = await db.query(`SELECT setting_value FROM system_settings WHERE setting_key = $1`, [KEY]);
  const v = r.rows[0]?.['setting_value'];
  return v === undefined || v === null
    ? { rules: DEFAULT_LIFECYCLE_RULES, custom: false }
    : { rules: validateLifecycleRules(v), custom: true };
}

/** Stores validated rules (null: back to the defaults); the next recompute stages everyone with them. */
export async function saveLifecycleRules(
  db: WorkspaceDb,
  input: unknown,
): Promise<{ rules: LifecycleRules; custom: boolean }> {
  if (input === null) {
    await db.query(`DELETE FROM system_settings WHERE setting_key = $1`, [KEY]);
    return { rules: DEFAULT_LIFECYCLE_RULES, custom: false };
  }
  const rules = validateLifecycleRules({ ...DEFAULT_LIFECYCLE_RULES, ...(input as Record<string, unknown>) });
  await db.query(
    `INSERT INTO system_settings (setting_key, setting_value, category, data_type, description)
     VALUES ($1, $2::jsonb, 'scores', 'json', 'Lifecycle stage rules (docs/scores.md)')
     ON CONFLICT (setting_key) DO UPDATE SET setting_value = EXCLUDED.setting_value`,
    [KEY, JSON.stringify(rules)],
  );
  return { rules, custom: true };
}
