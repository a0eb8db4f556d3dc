import type { WorkspaceDb } from '../../db/workspace-db';
import { loadActivity } from './load';
import type { Activity } from './types';

/**
 * Keeps the Activity snapshot of the workspace analysed last, and reloads it
 * only when the workspace's data changed (loupe.data_version moves with every
 * statement that writes people, events, orders or campaigns) or its time zone
 * did. Reading a snapshot of millions of events takes seconds; an analysis over
 * one takes milliseconds, so a marketer changing a funnel step or a cohort
 * option waits for the analysis, not for the read.
 *
 * One workspace at a time: a snapshot of a large workspace holds hundreds of MB.
 */
export class ActivityCache {
  private current: { workspaceId: string; key: string; activity: Promise<Activity> } | null = null;

  async get(workspaceId: string, db: WorkspaceDb): Promise<Activity> {
    const res = await db.query(
      `SELECT (SELECT last_value::text || '/' || is_called::text FROM loupe.data_version) AS version,
              coalesce((SELECT timezone FROM organizations WHERE organization_id = loupe.local_organization_id()), 'UTC')
                AS time_zone`,
    );
    const row = res.rows[0];
    const timeZone = typeof row?.['time_zone'] === 'string' ? row['time_zone'] : 'UTC';
    const key = `${String(row?.['version'])}|${timeZone}`;
    if (this.current?.workspaceId === workspaceId && this.current.key === key) return this.current.activity;
    const activity = loadActivity(db, { timeZone });
    this.current = { workspaceId, key, activity };
    try {
      return await activity;
    } catch (err) {
      // A failed read is not kept: the next call tries again.
      if (this.current.activity === activity) this.current = null;
      throw err;
    }
  }

  /** Forgets a workspace's snapshot (it was closed or deleted). */
  forget(workspaceId: string): void {
    if (this.current?.workspaceId === workspaceId) this.current = null;
  }
}
