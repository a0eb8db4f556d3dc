import type { WorkspaceDb } from '../../db/workspace-db';
import { loadActivity } from './load';
import { readSnapshotFile, writeSnapshotFile } from './snapshot-file';
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
  /** Where the last snapshot handed out came from (for tests and diagnostics). */
  lastSource: 'memory' | 'file' | 'database' | null = null;

  /**
   * `file`: where to keep the snapshot between sessions. A snapshot on disk for the same data
   * version and time zone is read instead of the database; one read from the database is saved there.
   */
  async get(workspaceId: string, db: WorkspaceDb, file?: string): Promise<Activity> {
    const res = await db.query(
      `SELECT (SELECT last_value::text || '/' || is_called::text FROM loupe.data_version) AS version,
              coalesce((SELECT timezone FROM organizations WHERE organization_id = loupe.local_organization_id()), 'UTC')
                AS time_zone`,
    );
    const row = res.rows[0];
    const timeZone = typeof row?.['time_zone'] === 'string' ? row['time_zone'] : 'UTC';
    const key = `${String(row?.['version'])}|${timeZone}`;
    if (this.current?.workspaceId === workspaceId && this.current.key === key) {
      this.lastSource = 'memory';
      return this.current.activity;
    }
    const stored = file === undefined ? null : readSnapshotFile(file, key);
    if (stored !== null) {
      this.current = { workspaceId, key, activity: Promise.resolve(stored) };
      this.lastSource = 'file';
      return stored;
    }
    const activity = loadActivity(db, { timeZone }).then((a) => {
      if (file !== undefined) {
        try {
          writeSnapshotFile(file, key, a);
        } catch {
          // Only a cache: without it the next session reads the database again.
        }
      }
      return a;
    });
    this.lastSource = 'database';
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
