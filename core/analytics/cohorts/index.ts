export { computeCohorts } from './compute';
export { saveCohortResult } from './save';
export type { CohortDefinition, SavedCohort } from './save';
export type {
  Cohort,
  CohortAverage,
  CohortBirth,
  CohortCell,
  CohortCounting,
  CohortMembers,
  CohortMode,
  CohortOptions,
  CohortOptionsEcho,
  CohortPeopleSummary,
  CohortResult,
  ReturnEvent,
} from './types';
