import { DateTime } from 'luxon';
import type { WorkspaceDb } from '../../db/workspace-db';
import { workspaceTimeZone } from '../../db/workspace-time-zone';
import { fail } from '../../errors';
import type {
  AttributionAnalysis,
  AttributionDrillDown,
  AttributionParameters,
  AttributionRequest,
  AttributionRunSummary,
} from './analysis-types';
import { drillDown, runAttribution } from './compare';
import { fitModel, modelKey, modelSpecsFromList, resolveModelSpec } from './models';
import { buildPaths, DEFAULT_LOOKBACK_DAYS } from './paths';
import type { BuiltPaths } from './paths';
import { groupingOptions, readChannelGrouping, refreshTouchpoints } from './touchpoint-store';
import type { ModelSpec } from './types';
import { parseConversionSource, readSpend, readWorkspacePaths } from './workspace-paths';
import type { WorkspacePathInput } from './workspace-paths';

/** Unnamed runs kept per workspace; named ones stay until deleted. */
export const KEPT_UNNAMED_RUNS = 20;

interface Resolved {
  specs: ModelSpec[];
  parameters: AttributionParameters;
  fromMs: number | null;
  toMs: number | null;
  topPaths: number;
}

function positive(v: unknown, what: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    fail('invalid-argument', `${what} must be a positive number.`, { value: v });
  }
  return v;
}

async function resolve(
  db: WorkspaceDb,
  req: AttributionRequest,
  segmentId: string | null,
): Promise<Resolved> {
  const lookbackDays = positive(req.lookbackDays, 'The lookback window (days)') ?? DEFAULT_LOOKBACK_DAYS;
  const halfLifeDays = positive(req.halfLifeDays, 'The half-life (days)');
  const samples = positive(req.shapleySamples, 'The number of Shapley samples');
  if (req.models !== undefined && typeof req.models !== 'string') {
    fail('invalid-argument', 'models is "all" or model names separated by commas.');
  }
  const specs = modelSpecsFromList(req.models ?? 'all', {
    ...(halfLifeDays !== undefined ? { halfLifeDays } : {}),
    ...(req.order !== undefined ? { order: req.order } : {}),
    ...(req.firstShare !== undefined ? { firstShare: req.firstShare } : {}),
    ...(req.lastShare !== undefined ? { lastShare: req.lastShare } : {}),
    ...(req.directChannels !== undefined ? { directChannels: req.directChannels } : {}),
    ...(samples !== undefined ? { samples } : {}),
  });
  const topPaths = req.topPaths ?? 20;
  if (!(Number.isInteger(topPaths) && topPaths >= 0 && topPaths <= 1000)) {
    fail('invalid-argument', 'The number of top paths is a whole number from 0 to 1000.', { topPaths });
  }
  const conversions = parseConversionSource(req.conversions);
  const needsZone = req.from !== undefined || req.to !== undefined;
  const timeZone = needsZone ? await workspaceTimeZone(db) : 'UTC';
  const when = (text: string | undefined, what: string): number | null => {
    if (text === undefined || text === null) return null;
    const d = typeof text === 'string' ? DateTime.fromISO(text, { zone: timeZone }) : null;
    if (d === null || !d.isValid) {
      fail('invalid-argument', `The ${what} date "${String(text)}" is not a date: write it as YYYY-MM-DD.`);
    }
    return d.toMillis();
  };
  const fromMs = when(req.from, 'from');
  const toMs = when(req.to, 'to');
  if (fromMs !== null && toMs !== null && toMs <= fromMs) {
    fail('invalid-argument', 'The period is empty: "to" must come after "from".', {
      from: req.from,
      to: req.to,
    });
  }
  return {
    specs,
    fromMs,
    toMs,
    topPaths,
    parameters: {
      models: specs.map((s) => modelKey(resolveModelSpec(s))),
      conversions,
      lookbackDays,
      from: fromMs === null ? null : new Date(fromMs).toISOString(),
      to: toMs === null ? null : new Date(toMs).toISOString(),
      segmentId,
      resetAfterConversion: req.resetAfterConversion === true,
    },
  };
}

interface Prepared {
  resolved: Resolved;
  input: WorkspacePathInput;
  built: BuiltPaths;
  derived: { fromEvents: number; fromOrders: number; classified: number };
}

/** Derives and names touchpoints, then reads and builds the paths of one analysis. */
async function prepare(
  db: WorkspaceDb,
  req: AttributionRequest,
  segmentId: string | null,
): Promise<Prepared> {
  const resolved = await resolve(db, req, segmentId);
  const grouping = groupingOptions(await readChannelGrouping(db));
  const derived = await refreshTouchpoints(db, grouping);
  const p = resolved.parameters;
  const input = await readWorkspacePaths(db, {
    conversions: p.conversions,
    lookbackDays: p.lookbackDays,
    fromMs: resolved.fromMs,
    toMs: resolved.toMs,
    segmentId,
  });
  const built = buildPaths(input.touchpoints, input.conversions, {
    lookbackDays: p.lookbackDays,
    resetAfterConversion: p.resetAfterConversion,
    grouping,
  });
  return {
    resolved,
    input,
    built,
    derived: {
      fromEvents: derived.fromEvents,
      fromOrders: derived.fromOrders,
      classified: derived.classified,
    },
  };
}

/**
 * Runs every requested model over the workspace's conversion paths, lays them
 * side by side with spend, and saves the run (unless `save` is false) so
 * dashboards and reports can show it without recomputing.
 */
export async function attributionAnalysis(
  db: WorkspaceDb,
  req: AttributionRequest,
  opts: { segmentId?: string | null; save?: boolean; name?: string | null } = {},
): Promise<AttributionAnalysis> {
  const { resolved, input, built, derived } = await prepare(db, req, opts.segmentId ?? null);
  const spend = await readSpend(db, resolved.fromMs, resolved.toMs);
  const report = runAttribution(built.paths, {
    models: resolved.specs,
    spend: { channels: spend.channels, campaigns: spend.campaigns },
    topPaths: resolved.topPaths,
  });
  const warnings = [...report.warnings];
  if (built.stats.conversions === 0) warnings.push('No conversions in this period: every credit is zero.');
  if (built.stats.conversionsWithoutTouch > 0) {
    warnings.push(
      `${built.stats.conversionsWithoutTouch} of ${built.stats.conversions} conversions had no touchpoint in the ${resolved.parameters.lookbackDays}-day lookback window; they are credited to "(none)".`,
    );
  }
  const name =
    opts.name === undefined || opts.name === null || opts.name.trim() === '' ? null : opts.name.trim();
  const analysis: AttributionAnalysis = {
    ...report,
    warnings,
    runId: null,
    name,
    parameters: resolved.parameters,
    paths: built.stats,
    spend,
    touchpointsDerived: derived,
  };
  if (opts.save === false) {
    if (name !== null) fail('invalid-argument', 'A run that is not saved cannot have a name.');
    return analysis;
  }
  analysis.runId = await saveRun(db, analysis, input.dataVersion);
  return analysis;
}

async function saveRun(db: WorkspaceDb, a: AttributionAnalysis, dataVersion: number): Promise<string> {
  const id = globalThis.crypto.randomUUID();
  const p = a.parameters;
  const credits: Record<string, unknown>[] = [];
  for (const table of [a.channels, a.campaigns]) {
    for (const row of table.rows) {
      for (const cell of row.cells) {
        credits.push({
          model: cell.model,
          dimension: table.dimension,
          key: row.key,
          conversions: cell.conversions,
          value: cell.value,
          spend: row.spend,
          roas: cell.roas,
          cost_per_conversion: cell.costPerConversion,
        });
      }
    }
  }
  const source = p.conversions.startsWith('event:') ? 'event' : p.conversions;
  const eventType = p.conversions.startsWith('event:') ? p.conversions.slice('event:'.length) : null;
  await db.transaction([
    // Saving under a name already used replaces that run, as saving a file over another does.
    ...(a.name !== null
      ? [{ sql: `DELETE FROM attribution_runs WHERE lower(name) = lower($1)`, params: [a.name] }]
      : []),
    {
      sql: `INSERT INTO attribution_runs (id, name, conversion_source, conversion_event_type, lookback_days,
                                          period_start, period_end, segment_id, models, conversions, conversion_value,
                                          report, data_version)
            VALUES ($1::uuid, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz, $8::uuid, $9::text[], $10, $11, $12::jsonb, $13)`,
      params: [
        id,
        a.name,
        source,
        eventType,
        p.lookbackDays,
        p.from,
        p.to,
        p.segmentId,
        p.models,
        a.totals.conversions,
        a.totals.value,
        JSON.stringify({ ...a, runId: id }),
        dataVersion,
      ],
    },
    {
      sql: `INSERT INTO attribution_credits (run_id, model, dimension, key, conversions, value, spend, roas, cost_per_conversion)
            SELECT $1::uuid, c.model, c.dimension, c.key, c.conversions, c.value, c.spend, c.roas, c.cost_per_conversion
              FROM jsonb_to_recordset($2::jsonb) AS c(model text, dimension text, key text, conversions float8,
                                                      value numeric, spend numeric, roas float8, cost_per_conversion float8)`,
      params: [id, JSON.stringify(credits)],
    },
    {
      sql: `DELETE FROM attribution_runs WHERE name IS NULL AND id NOT IN (
              SELECT id FROM attribution_runs WHERE name IS NULL ORDER BY created_at DESC, id LIMIT ${KEPT_UNNAMED_RUNS})`,
    },
  ]);
  return id;
}

/** Each touch of one conversion's path and its credit under one model (fitted over all paths, as in the analysis). */
export async function attributionDrillDown(
  db: WorkspaceDb,
  req: AttributionRequest & { conversionId: string; model: string },
  opts: { segmentId?: string | null } = {},
): Promise<AttributionDrillDown> {
  if (typeof req.model !== 'string' || req.model.includes(',') || req.model.trim().toLowerCase() === 'all') {
    fail('invalid-argument', 'Name one model to explain a conversion with, e.g. markov or time-decay.');
  }
  const { resolved, input, built } = await prepare(db, { ...req, models: req.model }, opts.segmentId ?? null);
  const spec = resolved.specs[0];
  if (spec === undefined) fail('invalid-argument', 'Name one model to explain a conversion with.');
  if (!input.conversionInfo.has(req.conversionId)) {
    fail(
      'not-found',
      `Conversion ${req.conversionId} is not among the conversions analysed (check the conversion source and the period).`,
      { conversionId: req.conversionId },
    );
  }
  const result = drillDown(built.paths, fitModel(built.paths, spec), req.conversionId);
  const info = input.conversionInfo.get(req.conversionId);
  const conversion = input.conversions.find((c) => c.id === req.conversionId);
  return {
    ...result,
    parameters: resolved.parameters,
    conversionLabel: info?.label ?? null,
    convertedAt: conversion === undefined ? null : new Date(conversion.at).toISOString(),
    customerId: info?.customerId ?? null,
  };
}

function summary(row: Record<string, unknown>, currentVersion: number): AttributionRunSummary {
  const report = row['report'] as AttributionAnalysis;
  return {
    id: String(row['id']),
    name: typeof row['name'] === 'string' ? row['name'] : null,
    createdAt: String(row['created_at']),
    parameters: report.parameters,
    conversions: Number(row['conversions']),
    value: Number(row['conversion_value']),
    stale: Number(row['data_version']) !== currentVersion,
  };
}

async function currentDataVersion(db: WorkspaceDb): Promise<number> {
  const r = await db.query(
    `SELECT CASE WHEN is_called THEN last_value ELSE 0 END::float8 AS v FROM loupe.data_version`,
  );
  return Number(r.rows[0]?.['v'] ?? 0);
}

export async function listAttributionRuns(db: WorkspaceDb): Promise<AttributionRunSummary[]> {
  const version = await currentDataVersion(db);
  const r = await db.query(
    `SELECT id::text AS id, name, created_at, conversions, conversion_value, data_version,
            jsonb_build_object('parameters', report->'parameters') AS report
       FROM attribution_runs ORDER BY created_at DESC, id`,
  );
  return r.rows.map((row) => summary(row, version));
}

/** A saved run by id or name, exactly as it was returned when it ran, with whether data changed since. */
export async function getAttributionRun(
  db: WorkspaceDb,
  ref: string,
): Promise<AttributionAnalysis & { createdAt: string; stale: boolean }> {
  const version = await currentDataVersion(db);
  const r = await db.query(
    `SELECT id::text AS id, name, created_at, conversions, conversion_value, data_version, report
       FROM attribution_runs WHERE id::text = $1 OR lower(name) = lower($1)
      ORDER BY (id::text = $1) DESC LIMIT 1`,
    [ref],
  );
  const row = r.rows[0];
  if (row === undefined) fail('not-found', `There is no saved attribution run "${ref}".`, { run: ref });
  const s = summary(row, version);
  return { ...(row['report'] as unknown as AttributionAnalysis), createdAt: s.createdAt, stale: s.stale };
}

export async function deleteAttributionRun(db: WorkspaceDb, ref: string): Promise<{ deleted: string }> {
  const r = await db.query(
    `DELETE FROM attribution_runs WHERE id::text = $1 OR lower(name) = lower($1) RETURNING id::text AS id`,
    [ref],
  );
  const id = r.rows[0]?.['id'];
  if (typeof id !== 'string') fail('not-found', `There is no saved attribution run "${ref}".`, { run: ref });
  return { deleted: id };
}
