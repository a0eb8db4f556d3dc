/** Types of the import domain as every shell sees them. */

export interface ImportFormatInfo {
  id: string;
  label: string;
  description: string;
}

/** Targets a generic CSV can be mapped onto. */
export type MappingTarget = 'contacts' | 'events' | 'orders' | 'sends' | 'touchpoints' | 'spend';

export interface ColumnMappingData {
  target: MappingTarget;
  /** canonical field → the file's column header */
  columns: Record<string, string>;
  options?: Record<string, string | boolean | number>;
}

export interface SavedMapping {
  id: string;
  name: string;
  headerSignature: string;
  mapping: ColumnMappingData;
  createdAt: string;
  usedAt: string | null;
}

export interface ImportRejection {
  rowNumber: number;
  raw: Record<string, string>;
  reason: string;
  field?: string;
}

export interface ImportInspection {
  fileName: string;
  bytes: number;
  sha256: string;
  encoding: string;
  delimiter: string;
  /** Detected (or requested) format id; 'csv-mapping' when only a column mapping can read it. */
  format: string;
  header: string[];
  /** A saved mapping whose header signature matches this file, if any. */
  savedMapping: SavedMapping | null;
  /** A suggested mapping for generic files. */
  suggestedMapping: ColumnMappingData | null;
  /** Whether this exact file content was imported before, and when. */
  previousImport: { batchId: string; at: string; status: string } | null;
}

export type ImportStatus = 'committed' | 'failed' | 'rolled_back' | 'dry-run' | 'rejected';

export interface ImportSummary {
  batchId: string | null;
  fileName: string;
  format: string;
  status: ImportStatus;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** The first rejections (all of them are kept in the import history). */
  rejections: ImportRejection[];
  /** Per canonical table: rows inserted/updated. */
  tables: Record<string, { inserted: number; updated: number }>;
  message: string;
}

export interface ImportBatchInfo {
  batchId: string;
  fileName: string;
  sha256: string | null;
  format: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  error: string | null;
  rolledBackAt: string | null;
}

export interface ImportProgress {
  jobId: string;
  workspaceId: string;
  fileName: string;
  phase: 'reading' | 'staging' | 'merging' | 'finishing';
  rowsRead: number;
  bytesRead: number;
  bytesTotal: number;
}
