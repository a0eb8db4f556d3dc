import type { WorkspaceDb } from './workspace-db';

/** The workspace's zone (organizations.timezone), in which calendar-day values are read. */
export async function workspaceTimeZone(db: WorkspaceDb): Promise<string> {
  const r = await db.query(
    `SELECT timezone FROM organizations WHERE organization_id = loupe.local_organization_id()`,
  );
  const tz = r.rows[0]?.['timezone'];
  return typeof tz === 'string' && tz !== '' ? tz : 'UTC';
}
