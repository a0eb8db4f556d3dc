import type { CohortAnswer, CohortArgs, FunnelAnswer, FunnelArgs } from './analytics';
import type {
  AttributionAnalysis,
  AttributionDrillDown,
  AttributionDrillDownArgs,
  AttributionRunArgs,
  AttributionRunSummary,
  ChannelGroupingData,
  ChannelRule,
} from './attribution';
import type {
  AbTestResult,
  CampaignAbTestArgs,
  CampaignLeaderboardArgs,
  CampaignPerformanceArgs,
  CampaignRecommendationArgs,
  CampaignTimeSeriesArgs,
  LeaderboardResult,
  PerformanceResult,
  RecommendationsResult,
  TimeSeriesResult,
} from './campaigns';
import type { DemoSummary } from './demo';
import type { ServiceErrorData } from './errors';
import type {
  ColumnMappingData,
  ImportBatchInfo,
  ImportFormatInfo,
  ImportInspection,
  ImportProgress,
  ImportRejection,
  ImportSummary,
  SavedMapping,
} from './imports';
import type { Customer360 } from '../analytics/customers/types';
import type { ClvResult, LeadRuleSetInfo, LifecycleRulesInfo, RfmAnswer, ScoreRunSummary } from './scores';
import type { CreateSegmentResult, RefreshResult, SegmentStatistics, SegmentSummary } from './segments';
import type { SqlResult, SqlValue } from './sql';
import type { TrashedWorkspace, Workspace, WorkspaceOpenResult } from './workspaces';

/**
 * Every call between a shell and the backend, by name: `domain/verb-noun`.
 * This map is the single source of the argument and result types; the registry,
 * the Electron preload, the bridge client and the CLI are all typed from it.
 */
export interface Handlers {
  'app/get-info': { args: Record<string, never>; result: AppInfo };
  'app/check-health': { args: Record<string, never>; result: HealthReport };

  'workspaces/list': { args: { includeArchived?: boolean }; result: Workspace[] };
  'workspaces/get': { args: { workspace: string }; result: Workspace };
  'workspaces/create': {
    args: { name: string; client?: string | null; color?: string };
    result: Workspace;
  };
  'workspaces/rename': { args: { workspace: string; name: string }; result: Workspace };
  'workspaces/update': {
    args: { workspace: string; client?: string | null; color?: string };
    result: Workspace;
  };
  'workspaces/set-archived': { args: { workspace: string; archived: boolean }; result: Workspace };
  /** Moves the workspace folder to the trash; `confirm` must be true (the UI asks, the CLI wants --yes). */
  'workspaces/delete': { args: { workspace: string; confirm: boolean }; result: TrashedWorkspace };
  'workspaces/list-trash': { args: Record<string, never>; result: TrashedWorkspace[] };
  'workspaces/restore': { args: { workspace: string }; result: Workspace };
  'workspaces/open': { args: { workspace: string }; result: WorkspaceOpenResult };
  'workspaces/close': { args: { workspace: string }; result: { closed: boolean } };

  /** Builds a deterministic sample workspace (campaign-performance.md's retailers, campaigns and sends, plus customers, events, orders and touchpoints). */
  'demo/create-workspace': {
    args: { name?: string; seed?: number };
    result: { workspace: Workspace; summary: DemoSummary };
  };

  'imports/list-formats': { args: Record<string, never>; result: ImportFormatInfo[] };
  'imports/inspect': { args: { workspace: string; path: string; format?: string }; result: ImportInspection };
  /** Imports one file atomically: all good rows or nothing (unless acceptPartial), with progress events. */
  'imports/run': {
    args: {
      workspace: string;
      path: string;
      format?: string;
      mapping?: ColumnMappingData;
      acceptPartial?: boolean;
      dryRun?: boolean;
      jobId?: string;
    };
    result: ImportSummary;
  };
  'imports/list-history': { args: { workspace: string; limit?: number }; result: ImportBatchInfo[] };
  'imports/list-rejections': {
    args: { workspace: string; batchId: string; offset?: number; limit?: number };
    result: { total: number; rejections: ImportRejection[] };
  };
  /** Removes what the batch added and restores what it changed; `confirm` must be true. */
  'imports/rollback': {
    args: { workspace: string; batchId: string; confirm: boolean };
    result: ImportBatchInfo;
  };
  'imports/save-mapping': {
    args: { name: string; header: string[]; mapping: ColumnMappingData };
    result: SavedMapping;
  };
  'imports/list-mappings': { args: Record<string, never>; result: SavedMapping[] };

  /** Retention and revenue cohorts (docs/cohorts.md); optionally saved to the cohort tables. */
  'analytics/cohorts': { args: CohortArgs; result: CohortAnswer };
  /** Ordered steps over event types and orders (docs/funnels.md). */
  'analytics/funnel': { args: FunnelArgs; result: FunnelAnswer };

  /** Campaign figures, rates and ROI by campaign, batch, variant, retailer, region or channel (docs/campaign-performance.md). */
  'campaigns/performance': { args: CampaignPerformanceArgs; result: PerformanceResult };
  /** The same figures per day, week or month in the workspace time zone. */
  'campaigns/time-series': { args: CampaignTimeSeriesArgs; result: TimeSeriesResult };
  /** campaign-performance.md's retailer/region leaderboard. */
  'campaigns/leaderboard': { args: CampaignLeaderboardArgs; result: LeaderboardResult };
  /** Per-variant figures and a two-proportion test; a winner only when the test is conclusive. */
  'campaigns/ab-test': { args: CampaignAbTestArgs; result: AbTestResult };
  /** What to change next, with the figures and baselines that triggered each advice. */
  'campaigns/recommendations': { args: CampaignRecommendationArgs; result: RecommendationsResult };

  /** Every attribution model side by side over the workspace's conversion paths (docs/attribution.md); saved unless save is false. */
  'attribution/run': { args: AttributionRunArgs; result: AttributionAnalysis };
  /** Each touch of one conversion's path and the credit it earns under one model. */
  'attribution/drill-down': { args: AttributionDrillDownArgs; result: AttributionDrillDown };
  'attribution/list-runs': { args: { workspace: string }; result: AttributionRunSummary[] };
  /** A saved run by id or name, as it was returned, and whether data changed since. */
  'attribution/get-run': {
    args: { workspace: string; run: string };
    result: AttributionAnalysis & { createdAt: string; stale: boolean };
  };
  'attribution/delete-run': {
    args: { workspace: string; run: string; confirm: boolean };
    result: { deleted: string };
  };
  /** The workspace's channel-grouping rules (null rules: Loupe's defaults, listed too). */
  'attribution/get-channel-rules': { args: { workspace: string }; result: ChannelGroupingData };
  /** Replaces the rules (null rules: back to the defaults) and names every touchpoint's channel again. */
  'attribution/set-channel-rules': {
    args: {
      workspace: string;
      rules: ChannelRule[] | null;
      fallbackChannel?: string | null;
      ownDomains?: string[];
    };
    result: ChannelGroupingData & { reclassified: number };
  };

  /** Every rule-based score, lifecycle stage, RFM and the learned conversion probability, written back per customer (docs/scores.md). */
  'scores/recompute': {
    args: { workspace: string; asOf?: string; jobId?: string };
    result: ScoreRunSummary;
  };
  /** The RFM grid and named segments of the buyers, as of the data's end or a day. */
  'scores/get-rfm': { args: { workspace: string; asOf?: string }; result: RfmAnswer };
  /** BG/NBD + Gamma-Gamma fitted on purchases up to the calibration end, judged on the rest, CLV per customer. */
  'scores/fit-clv': {
    args: { workspace: string; calibrationEnd: string; horizonDays?: number; annualDiscountRate?: number };
    result: ClvResult;
  };
  /** The rules that stage the lifecycle (new → activated → engaged → at_risk → churned → reactivated). */
  'scores/get-lifecycle-rules': { args: { workspace: string }; result: LifecycleRulesInfo };
  /** Replaces them (missing keys keep their defaults; null: back to the defaults); the next recompute uses them. */
  'scores/set-lifecycle-rules': {
    args: { workspace: string; rules: Partial<LifecycleRulesInfo['rules']> | null };
    result: LifecycleRulesInfo;
  };
  /** Lead-score rule sets, newest version first (Loupe's default is version 1). */
  'scores/list-lead-rules': { args: { workspace: string }; result: LeadRuleSetInfo[] };
  /** Saves a rule set as the next version and makes it active; returns what changed. */
  'scores/save-lead-rules': {
    args: { workspace: string; ruleSet: unknown; note?: string };
    result: { saved: Record<string, unknown>; changes: Record<string, unknown> };
  };
  'scores/compare-lead-rules': {
    args: { workspace: string; from: number; to: number };
    result: Record<string, unknown>;
  };
  /** crm-design.md's customer 360: profile, identities, segments, activity, orders, scores, CLV. */
  'customers/get-overview': {
    args: { workspace: string; customer: string; recentLimit?: number };
    result: Customer360;
  };

  /** cdp-schema.md's segments: criteria JSON, dynamic or static membership with history. */
  'segments/list': { args: { workspace: string }; result: SegmentSummary[] };
  'segments/get': { args: { workspace: string; id: string }; result: SegmentSummary };
  'segments/create': {
    args: {
      workspace: string;
      name: string;
      description?: string;
      type: 'dynamic' | 'static';
      criteria?: unknown;
      emails?: string[];
    };
    result: CreateSegmentResult;
  };
  /** How many people the criteria match now: the live count while a segment is edited. */
  'segments/count': { args: { workspace: string; criteria: unknown }; result: { count: number } };
  'segments/refresh': { args: { workspace: string; id: string }; result: RefreshResult };
  'segments/get-statistics': { args: { workspace: string; id: string }; result: SegmentStatistics };
  /** Active members with an email as a CSV an ESP imports (Mailchimp's header). */
  'segments/export': { args: { workspace: string; id: string }; result: { csv: string; members: number } };
  /** Removes the segment and its membership history; `confirm` must be true. */
  'segments/delete': { args: { workspace: string; id: string; confirm: boolean }; result: { deleted: true } };

  /** Runs one statement inside a READ ONLY transaction. */
  'sql/query': { args: { workspace: string; sql: string; params?: SqlValue[] }; result: SqlResult };
}

/** Notifications pushed from the backend to every connected shell. */
export interface Events {
  'workspaces/changed': {
    reason: 'created' | 'updated' | 'deleted' | 'restored' | 'opened' | 'closed';
    id: string;
  };
  'job/progress': JobProgress;
  'imports/progress': ImportProgress;
  /** A workspace's data changed (an import committed or was rolled back): dashboards refresh. */
  'data/changed': {
    workspaceId: string;
    reason: 'import' | 'rollback' | 'demo' | 'recompute' | 'segments' | 'attribution';
  };
}

export interface JobProgress {
  jobId: string;
  kind: string;
  phase: string;
  done: number;
  total: number | null;
  message?: string;
}

export interface AppInfo {
  name: string;
  version: string;
  dataDir: string;
  /** Which shell hosts the service. */
  host: 'electron' | 'cli' | 'bridge' | 'test';
  platform: string;
  schemaVersion: number;
}

export interface HealthProblem {
  code: ServiceErrorData['code'];
  message: string;
  /** Recovery actions the UI can offer, in order of preference. */
  actions: RecoveryAction[];
  details?: Record<string, unknown>;
}

export type RecoveryAction =
  'retry' | 'choose-data-folder' | 'reveal-data-folder' | 'use-default-data-folder' | 'quit';

export interface HealthReport {
  ok: boolean;
  problems: HealthProblem[];
}

export type HandlerName = keyof Handlers;
export type ArgsOf<N extends HandlerName> = Handlers[N]['args'];
export type ResultOf<N extends HandlerName> = Handlers[N]['result'];
export type EventName = keyof Events;
export type PayloadOf<E extends EventName> = Events[E];

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ServiceErrorData };

/** The messages that travel over every transport (utility-process port, WebSocket). */
export type WireMessage =
  | { kind: 'request'; id: number; name: string; args: unknown }
  | { kind: 'cancel'; id: number }
  | { kind: 'response'; id: number; outcome: Outcome<unknown> }
  | { kind: 'event'; name: string; payload: unknown };

/** What a shell gives the UI: one way to call, one way to listen. */
export interface LoupeClient {
  send<N extends HandlerName>(name: N, args: ArgsOf<N>): Promise<Outcome<ResultOf<N>>>;
  on<E extends EventName>(name: E, listener: (payload: PayloadOf<E>) => void): () => void;
}

/** What the Electron preload puts on `window.loupe`: only named, typed functions. */
export interface LoupePreloadApi extends LoupeClient {
  readonly native: NativeHelpers;
}

/** Native helpers only the Electron shell can offer; absent in a browser. */
export interface NativeHelpers {
  openFileDialog(options: {
    title?: string;
    filters?: { name: string; extensions: string[] }[];
    multiple?: boolean;
  }): Promise<string[]>;
  saveFileDialog(options: {
    title?: string;
    defaultPath?: string;
    filters?: { name: string; extensions: string[] }[];
  }): Promise<string | null>;
  revealInFolder(path: string): Promise<void>;
}
