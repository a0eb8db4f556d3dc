export { compileCriteria } from './compile';
export type { CompileOptions, CompiledCriteria, CriteriaReference } from './compile';
export { CRITERIA_LIMITS, OPERATORS, parseCriteria } from './criteria';
export type { Group, Logic, Operator, Rule } from './criteria';
export { BEHAVIOUR_FIELDS, CUSTOM_ATTRIBUTE_PREFIX, CUSTOMER_FIELDS, FIELD_ALIASES } from './fields';
export type { FieldKind } from './fields';
export {
  createSegment,
  countSegment,
  deleteSegment,
  listSegments,
  memberIds,
  refreshSegment,
} from './membership';
export type {
  CreateSegmentInput,
  CreateSegmentResult,
  RefreshResult,
  SegmentStatistics,
  SegmentSummary,
  SegmentType,
  UploadResult,
} from '../../api/segments';
export { segmentStatistics } from './statistics';
export { exportMembers, EXPORT_HEADER } from './export';
export { loadSegment as getSegment } from './store';
