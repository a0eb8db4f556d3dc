import type { AttributionRequest, ChannelGroupingData } from '../../analytics/attribution/analysis-types';
import {
  DEFAULT_CHANNEL_RULES,
  DEFAULT_FALLBACK_CHANNEL,
} from '../../analytics/attribution/channel-grouping';
import {
  parseGrouping,
  readChannelGrouping,
  saveChannelGrouping,
} from '../../analytics/attribution/touchpoint-store';
import type { StoredChannelGrouping } from '../../analytics/attribution/touchpoint-store';
import {
  attributionAnalysis,
  attributionDrillDown,
  deleteAttributionRun,
  getAttributionRun,
  listAttributionRuns,
} from '../../analytics/attribution/workspace-analysis';
import { fail } from '../../errors';
import type { ServiceContext } from '../context';
import type { Registry } from '../registry';
import { asRecord, optionalBoolean, optionalString, requiredString } from '../validate';

function groupingData(stored: StoredChannelGrouping): ChannelGroupingData {
  return {
    ...stored,
    defaults: DEFAULT_CHANNEL_RULES.map((r) => ({ channel: r.channel, when: { ...r.when } })),
    defaultFallbackChannel: DEFAULT_FALLBACK_CHANNEL,
  };
}

/** The analysis options of a request: everything but the scope and the saving. */
function request(args: unknown): AttributionRequest {
  const {
    workspace: _w,
    segmentId: _s,
    save: _v,
    name: _n,
    conversionId: _c,
    model: _m,
    ...options
  } = asRecord(args);
  // The analysis checks every option itself (ServiceError invalid-argument).
  return options as AttributionRequest;
}

export function registerAttribution(registry: Registry, ctx: ServiceContext): void {
  const open = async (args: unknown) => {
    const ref = requiredString(args, 'workspace', 'Workspace');
    const { db } = await ctx.useWorkspace(ref);
    return { db, workspaceId: ctx.findWorkspace(ref).id };
  };
  const run = (args: unknown): string => requiredString(args, 'run', 'Run (id or name)');

  registry.registerDomain('attribution', {
    'attribution/run': async (args) => {
      const { db } = await open(args);
      const save = optionalBoolean(args, 'save');
      const name = optionalString(args, 'name');
      return attributionAnalysis(db, request(args), {
        segmentId: optionalString(args, 'segmentId') ?? null,
        ...(save !== undefined ? { save } : {}),
        ...(name !== undefined ? { name } : {}),
      });
    },
    'attribution/drill-down': async (args) => {
      const { db } = await open(args);
      return attributionDrillDown(
        db,
        {
          ...request(args),
          conversionId: requiredString(args, 'conversionId', 'Conversion id'),
          model: requiredString(args, 'model', 'Model'),
        },
        { segmentId: optionalString(args, 'segmentId') ?? null },
      );
    },
    'attribution/list-runs': async (args) => listAttributionRuns((await open(args)).db),
    'attribution/get-run': async (args) => getAttributionRun((await open(args)).db, run(args)),
    'attribution/delete-run': async (args) => {
      const { db } = await open(args);
      if (asRecord(args)['confirm'] !== true) {
        const existing = await getAttributionRun(db, run(args));
        fail(
          'confirmation-required',
          `Deleting the saved attribution run ${existing.name === null ? `from ${existing.createdAt}` : `"${existing.name}"`} removes its results from dashboards and reports. Confirm to delete it (in the CLI: --yes).`,
          { run: run(args) },
        );
      }
      return deleteAttributionRun(db, run(args));
    },
    'attribution/get-channel-rules': async (args) =>
      groupingData(await readChannelGrouping((await open(args)).db)),
    'attribution/set-channel-rules': async (args) => {
      const { db, workspaceId } = await open(args);
      const a = asRecord(args);
      const parsed = parseGrouping({
        rules: a['rules'] ?? null,
        fallbackChannel: a['fallbackChannel'] ?? null,
        ownDomains: a['ownDomains'] ?? [],
      });
      const { grouping, reclassified } = await saveChannelGrouping(db, parsed);
      ctx.emit('data/changed', { workspaceId, reason: 'attribution' });
      return { ...groupingData(grouping), reclassified };
    },
  });
}
