import type { HandlerName } from './contract';

/**
 * Every handler name of the contract, checked by the compiler in both directions
 * (`satisfies` fails on a missing or an unknown name). A test compares it with
 * what the service registers, so no declared call can be left without a handler.
 */
export const HANDLER_NAMES = Object.keys({
  'app/get-info': true,
  'app/check-health': true,
  'workspaces/list': true,
  'workspaces/get': true,
  'workspaces/create': true,
  'workspaces/rename': true,
  'workspaces/update': true,
  'workspaces/set-archived': true,
  'workspaces/delete': true,
  'workspaces/list-trash': true,
  'workspaces/restore': true,
  'workspaces/open': true,
  'workspaces/close': true,
  'demo/create-workspace': true,
  'imports/list-formats': true,
  'imports/inspect': true,
  'imports/run': true,
  'imports/list-history': true,
  'imports/list-rejections': true,
  'imports/rollback': true,
  'imports/save-mapping': true,
  'imports/list-mappings': true,
  'analytics/cohorts': true,
  'analytics/funnel': true,
  'campaigns/performance': true,
  'campaigns/time-series': true,
  'campaigns/leaderboard': true,
  'campaigns/ab-test': true,
  'campaigns/recommendations': true,
  'segments/list': true,
  'segments/get': true,
  'segments/create': true,
  'segments/count': true,
  'segments/refresh': true,
  'segments/get-statistics': true,
  'segments/export': true,
  'segments/delete': true,
  'sql/query': true,
} satisfies Record<HandlerName, true>) as HandlerName[];
