import type { ColumnMapping } from './mapping';
import type { CanonicalRecord } from './records';

export interface MapContext {
  /** IANA zone in which naive timestamps of the file are read (the workspace setting). */
  timeZone: string;
  /** Name of the file (or of the ZIP entry) being read: some exports tell the status by it. */
  fileName: string;
  /** Numbers use a decimal comma (1.234,56). Sniffed from the file, overridable by a mapping. */
  decimalComma?: boolean;
  /** The column mapping, for the `csv-mapping` format. */
  mapping?: ColumnMapping;
}

export type RowOutcome =
  | { kind: 'records'; records: CanonicalRecord[] }
  /** reason in plain words, e.g. 'Send Date "32/13/2020" is not a date (expected like "Jun 09, 2018 09:30 pm")' */
  | { kind: 'rejected'; reason: string; field?: string }
  | { kind: 'skipped'; why: 'blank' | 'total-row' | 'note' };

export interface RowMapper {
  /** rowNumber = 1-based row of the data row as a spreadsheet shows it (title rows and the header count). */
  map(row: string[], rowNumber: number): RowOutcome;
  /** Called at the end; returns records held back (e.g. Shopify orders spanning rows, or Online Retail invoices). */
  flush(): RowOutcome[];
}

export interface FormatModule {
  /** 'mailchimp-audience', 'sendgrid-activity', … */
  id: string;
  /** 'Mailchimp audience export' */
  label: string;
  description: string;
  /** Confidence 0..1 that this header (and a few sample rows) is this format; 0 when it is not. */
  detect(header: string[], sample: string[][]): number;
  /** Lines above the header (title rows of ad reports): given the first rows, where does the header start? Default 0. */
  headerIndex?(firstRows: string[][]): number;
  /** Throws ServiceError('invalid-argument', …) naming the missing columns when required columns are missing. */
  createMapper(header: string[], ctx: MapContext): RowMapper;
}
