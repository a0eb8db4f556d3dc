/**
 * Loupe's import parsing layer: from a marketer's file to canonical records,
 * before the database. See read-file.ts for the entry points.
 */
export type * from './records';
export type { FormatModule, MapContext, RowMapper, RowOutcome } from './format';
export { FormatRegistry, FORMAT_MODULES, MIN_CONFIDENCE, detectFormat, formats } from './formats';
export type { FormatMatch } from './formats';
export {
  MAPPING_TARGETS,
  REQUIRED_FIELDS,
  TARGET_FIELDS,
  headerSignature,
  isMappingTarget,
  suggestMapping,
  suggestTarget,
  validateMapping,
} from './mapping';
export type { ColumnMapping, MappingOptions, MappingTarget, TargetField } from './mapping';
export { DEFAULT_BATCH_SIZE, inspectImportFile, readImportFile } from './read-file';
export type { FileInfo, ImportBatch, ReadOptions, ReadProgress, RowRejection } from './read-file';
