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
  /** The row as a spreadsheet shows it (the header and any title rows count). */
  rowNumber: number;
  /** For a ZIP: the file inside it the row is in. */
  entry?: string;
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

/**
 * What became of one file: 'completed' (its records are in), 'rejected' (some
 * rows were rejected and partial imports were not accepted: nothing was written
 * but the attempt and its rejections are in the history), 'dry-run' (counted,
 * nothing written).
 */
export type ImportStatus = 'completed' | 'rejected' | 'dry-run';

/** Counts per canonical record kind (person, campaign, delivery-event, order …). */
export interface ImportRecordCounts {
  total: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportSummary {
  /** The history entry (null for a dry run). */
  batchId: string | null;
  fileName: string;
  format: string;
  formatLabel: string;
  status: ImportStatus;
  /** Data rows read (blank rows not counted). */
  rowsRead: number;
  /** Rows left out on purpose: report totals, notes. */
  rowsSkipped: number;
  /**
   * Canonical records (a row can give more than one, e.g. a campaign and its
   * figures; rows of one order give one) whose row was inserted, updated, or
   * already exactly so.
   */
  inserted: number;
  updated: number;
  unchanged: number;
  /** Rows rejected. */
  rejected: number;
  /** The first rejections (all of them are kept in the import history). */
  rejections: ImportRejection[];
  records: Record<string, ImportRecordCounts>;
  /** Per canonical table: rows inserted/updated, derived rows included (deliveries, identities …). */
  tables: Record<string, { inserted: number; updated: number }>;
  /** The saved mapping the file was read with, when one was used. */
  mapping: { id: string; name: string } | null;
  durationMs: number;
  /** Where the time went: reading and staging the file, the merge transaction, statistics and flushing. */
  phaseMs: { reading: number; merging: number; finishing: number };
  message: string;
}

export type ImportBatchStatus = 'running' | 'completed' | 'failed' | 'rolled_back';

export interface ImportBatchInfo {
  batchId: string;
  fileName: string;
  sha256: string | null;
  format: string;
  status: ImportBatchStatus;
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
  /** scanning: hashing and checking the file; reading: parsing and staging rows; merging: the one transaction; finishing: statistics and flushing to disk. */
  phase: 'scanning' | 'reading' | 'merging' | 'finishing';
  rowsRead: number;
  bytesRead: number;
  bytesTotal: number;
}
