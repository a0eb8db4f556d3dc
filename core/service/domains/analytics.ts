import { DateTime } from 'luxon';
import type { CohortArgs, FunnelArgs } from '../../api/analytics';
import type { Activity, PersonMask } from '../../analytics/activity/types';
import { computeCohorts, saveCohortResult } from '../../analytics/cohorts';
import { computeFunnel, type FunnelBreakdown } from '../../analytics/funnels';
import { getSegment, memberIds } from '../../analytics/segments';
import type { WorkspaceDb } from '../../db/workspace-db';
import { fail } from '../../errors';
import type { ServiceContext } from '../context';
import type { Registry } from '../registry';
import { asRecord, optionalString, requiredString } from '../validate';

/** Each person's position in a snapshot, computed once per snapshot. */
const positions = new WeakMap<Activity, Map<string, number>>();

function positionOf(activity: Activity): Map<string, number> {
  let map = positions.get(activity);
  if (map === undefined) {
    map = new Map(activity.people.ids.map((id, i) => [id, i]));
    positions.set(activity, map);
  }
  return map;
}

/** A segment's active members as a mask over the snapshot's people. */
async function segmentMask(db: WorkspaceDb, activity: Activity, segmentId: string): Promise<PersonMask> {
  const ids = await memberIds(db, segmentId);
  const at = positionOf(activity);
  const mask = new Uint8Array(activity.people.count);
  for (const id of ids) {
    const i = at.get(id);
    if (i !== undefined) mask[i] = 1;
  }
  return mask;
}

/** Epoch ms of the start of a local calendar day in the workspace's zone. */
function localDayStart(day: string, timeZone: string, what: string): number {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(day) ? DateTime.fromISO(day, { zone: timeZone }) : null;
  if (d === null || !d.isValid)
    fail('invalid-argument', `${what} must be a date written yyyy-MM-dd, not "${day}".`, { [what]: day });
  return d.startOf('day').toMillis();
}

export function registerAnalytics(registry: Registry, ctx: ServiceContext): void {
  const open = async (args: unknown) => ctx.activity(requiredString(args, 'workspace', 'Workspace'));

  registry.registerDomain('analytics', {
    'analytics/cohorts': async (raw) => {
      const args = raw as CohortArgs;
      const { db, activity } = await open(args);
      const segmentId = optionalString(args, 'segmentId');
      const saveAs = optionalString(args, 'saveAs');
      const { workspace: _w, segmentId: _s, saveAs: _a, ...options } = asRecord(args);
      const started = performance.now();
      const result = computeCohorts(activity, {
        ...(options as Omit<CohortArgs, 'workspace' | 'segmentId' | 'saveAs'>),
        ...(segmentId !== undefined ? { mask: await segmentMask(db, activity, segmentId) } : {}),
        members: saveAs !== undefined && (options['mode'] ?? 'first-time') === 'first-time',
      });
      let saved = null;
      if (saveAs !== undefined) {
        const s = await saveCohortResult(
          db,
          {
            name: saveAs,
            calculationMs: performance.now() - started,
            ...(segmentId !== undefined
              ? { inclusionCriteria: { segmentId, segment: (await getSegment(db, segmentId)).name } }
              : {}),
          },
          result,
        );
        saved = { id: s.id, name: saveAs.trim(), memberships: s.memberships, retentionRows: s.retentionRows };
      }
      const { members: _m, ...answer } = result;
      return { ...answer, saved };
    },

    'analytics/funnel': async (raw) => {
      const args = raw as FunnelArgs;
      const { db, activity } = await open(args);
      const tz = activity.timeZone;
      const segmentId = optionalString(args, 'segmentId');
      const from = optionalString(args, 'from');
      const to = optionalString(args, 'to');
      let breakdown: FunnelBreakdown | undefined;
      const b = asRecord(args)['breakdown'];
      if (b === 'campaign' || b === 'channel' || b === 'country') breakdown = { by: b };
      else if (b !== undefined && b !== null) {
        const ids = asRecord(b)['segments'];
        if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string'))
          fail(
            'invalid-argument',
            'A funnel breaks down by "campaign", "channel", "country" or { segments: [segment ids] }.',
          );
        breakdown = {
          by: 'segments',
          segments: await Promise.all(
            (ids as string[]).map(async (id) => ({
              name: (await getSegment(db, id)).name,
              mask: await segmentMask(db, activity, id),
            })),
          ),
        };
      }
      return computeFunnel(activity, {
        steps: args.steps,
        ...(args.order !== undefined ? { order: args.order } : {}),
        ...(args.windowDays !== undefined ? { windowDays: args.windowDays } : {}),
        ...(from !== undefined ? { from: localDayStart(from, tz, 'from') } : {}),
        ...(to !== undefined
          ? {
              to: DateTime.fromMillis(localDayStart(to, tz, 'to'), { zone: tz })
                .plus({ days: 1 })
                .toMillis(),
            }
          : {}),
        ...(segmentId !== undefined ? { mask: await segmentMask(db, activity, segmentId) } : {}),
        ...(breakdown !== undefined ? { breakdown } : {}),
      });
    },
  });
}
