import {
  campaignAbTest,
  campaignPerformance,
  campaignRecommendations,
  campaignTimeSeries,
  retailerLeaderboard,
} from '../../analytics/campaigns';
import { memberIds } from '../../analytics/segments';
import type { WorkspaceDb } from '../../db/workspace-db';
import type { ServiceContext } from '../context';
import type { Registry } from '../registry';
import { asRecord, optionalString, requiredString } from '../validate';

/** The handler's options without the scope; a segment becomes its members' ids. */
async function scoped(
  db: WorkspaceDb,
  args: unknown,
): Promise<Record<string, unknown> & { customerIds?: string[] }> {
  const { workspace: _w, segmentId: _s, ...options } = asRecord(args);
  const segmentId = optionalString(args, 'segmentId');
  return segmentId === undefined ? options : { ...options, customerIds: await memberIds(db, segmentId) };
}

export function registerCampaigns(registry: Registry, ctx: ServiceContext): void {
  const open = async (args: unknown): Promise<WorkspaceDb> =>
    (await ctx.useWorkspace(requiredString(args, 'workspace', 'Workspace'))).db;

  // The analysis functions validate every option themselves (ServiceError invalid-argument).
  registry.registerDomain('campaigns', {
    'campaigns/performance': async (args) => {
      const db = await open(args);
      return campaignPerformance(db, await scoped(db, args));
    },
    'campaigns/time-series': async (args) => {
      const db = await open(args);
      return campaignTimeSeries(db, await scoped(db, args));
    },
    'campaigns/leaderboard': async (args) => {
      const db = await open(args);
      return retailerLeaderboard(db, await scoped(db, args));
    },
    'campaigns/ab-test': async (args) => {
      const db = await open(args);
      const { workspace: _w, ...options } = asRecord(args);
      return campaignAbTest(db, options as unknown as Parameters<typeof campaignAbTest>[1]);
    },
    'campaigns/recommendations': async (args) => {
      const db = await open(args);
      const { workspace: _w, ...options } = asRecord(args);
      return campaignRecommendations(db, options);
    },
  });
}
