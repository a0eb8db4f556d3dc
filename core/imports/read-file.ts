import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { ServiceError, fail } from '../errors';
import { decodeText, parseRows, parseRowsOf } from './csv-stream';
import type { FormatModule, MapContext } from './format';
import { formats, headerIndexOf } from './formats';
import { isBlankRow } from './formats/columns';
import type { ColumnMapping } from './mapping';
import type { CanonicalRecord } from './records';
import { scanFile } from './scan';
import type { Scan, ScanResult } from './scan';
import {
  SNIFF_BYTES,
  Utf8Validator,
  detectBinary,
  detectDelimiter,
  detectEncoding,
  detectNewline,
} from './sniff';
import type { Delimiter, EncodingGuess, Newline, TextEncoding } from './sniff';
import { assertTimeZone } from './values';
import { isXlsx, readZipDirectory, readZipEntry, textEntries } from './zip';
import type { ZipEntry } from './zip';

/**
 * Reading a marketer's file into canonical records: sniff what it is from its
 * start, detect its format, then stream it in batches with bounded memory,
 * progress and cancellation, while a scan of the whole file (content hash,
 * encoding verdict) runs alongside. Nothing here touches a database; the loader
 * consumes the batches.
 */

export interface ReadProgress {
  /** 'scanning': the pass that hashes the file and checks its encoding; 'reading': parsing rows. */
  phase: 'scanning' | 'reading';
  rowsRead: number;
  bytesRead: number;
  bytesTotal: number;
}

export interface ReadOptions {
  /** A format id from the registry; detected when absent. */
  format?: string;
  /** A column mapping: reads the file with the `csv-mapping` format. */
  mapping?: ColumnMapping;
  /** IANA zone for naive timestamps (the workspace setting). */
  timeZone: string;
  /**
   * Records (plus rejections) per batch. Default 2,000. A batch's records stay
   * alive until it is handed over, and larger batches cost the garbage
   * collector more than they save (bench/parse.ts: 1,000 → 70 %, 2,000 → 67 %,
   * 5,000 → 58 % of papaparse's own speed on a million SendGrid rows).
   */
  batchSize?: number;
  signal?: AbortSignal;
  /** Called at least every half second while this module works (not while the consumer holds a batch). */
  onProgress?(p: ReadProgress): void;
}

export interface RowRejection {
  /** Row of the file as a spreadsheet shows it (header and title rows count). */
  rowNumber: number;
  /** The row's values by column name. */
  raw: Record<string, string>;
  reason: string;
  field?: string;
  /** The ZIP entry the row is in, for archives. */
  entry?: string;
}

export interface ImportBatch {
  records: CanonicalRecord[];
  rejections: RowRejection[];
  /** Data rows read so far (cumulative; blank rows not counted). The last batch holds the file's total. */
  rowsRead: number;
  /** Of those, rows skipped as totals or notes (cumulative). */
  rowsSkipped: number;
}

export interface FileInfo {
  path: string;
  fileName: string;
  bytes: number;
  sha256: string;
  /** TextDecoder label: 'utf-8', 'utf-16le', 'utf-16be' or 'windows-1252'. */
  encoding: string;
  delimiter: string;
  format: string;
  formatLabel: string;
  header: string[];
  /** Row of the header as a spreadsheet shows it (1 unless title rows sit above it). */
  headerRowNumber: number;
  /** Numbers are read with a decimal comma. */
  decimalComma: boolean;
  /** For ZIPs: the entries that are read, in order. */
  entries?: string[];
}

/** One delimited text stream: a plain file, or one entry of a ZIP. */
interface TextSource {
  name: string;
  encoding: TextEncoding;
  delimiter: Delimiter;
  newline: Newline;
  format: FormatModule;
  header: string[];
  headerIndex: number;
  hasRows: boolean;
  decimalComma: boolean;
  entry: ZipEntry | undefined;
}

interface Analysis {
  /** The file info but for the scan's findings (content hash, final encoding). */
  base: Omit<FileInfo, 'sha256'>;
  sources: TextSource[];
  isZip: boolean;
  /** The whole-file pass, running alongside. */
  scan: Scan;
  /** UTF-8 is assumed from the start of the file until the scan (or a row) proves otherwise. */
  provisionalUtf8: boolean;
}

function finalInfo(a: Analysis, scan: ScanResult): FileInfo {
  const { path, fileName, bytes, ...rest } = a.base;
  const info: FileInfo = { path, fileName, bytes, sha256: scan.sha256, ...rest };
  if (a.provisionalUtf8 && !scan.utf8) info.encoding = 'windows-1252';
  return info;
}

const READ_CHUNK = 1024 * 1024;
/** Records (plus rejections) per batch when the caller does not say. */
export const DEFAULT_BATCH_SIZE = 2000;
const PROGRESS_INTERVAL_MS = 250;

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) fail('cancelled', 'The import was cancelled.');
}

class Progress {
  private last = 0;
  phase: ReadProgress['phase'] = 'scanning';
  rowsRead = 0;
  bytesRead = 0;
  bytesTotal = 0;
  constructor(private readonly onProgress: ReadOptions['onProgress']) {}

  report(phase: ReadProgress['phase'], force = false): void {
    if (this.onProgress === undefined) return;
    const now = Date.now();
    if (!force && now - this.last < PROGRESS_INTERVAL_MS) return;
    this.last = now;
    this.onProgress({
      phase,
      rowsRead: this.rowsRead,
      bytesRead: this.bytesRead,
      bytesTotal: this.bytesTotal,
    });
  }
}

async function readStart(handle: FileHandle, length: number): Promise<Uint8Array> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buffer.subarray(0, done);
}

function binaryError(kind: string, fileName: string): never {
  switch (kind) {
    case 'xlsx':
    case 'xls':
      fail(
        'invalid-argument',
        `"${fileName}" is an Excel workbook, not a CSV file. Open it in Excel and save it as "CSV UTF-8", then import that file.`,
      );
      break;
    case 'pdf':
      fail(
        'invalid-argument',
        `"${fileName}" is a PDF document. Loupe imports CSV exports; download the CSV version of the report.`,
      );
      break;
    case 'gzip':
      fail(
        'invalid-argument',
        `"${fileName}" is gzip-compressed. Decompress it first, then import the CSV inside.`,
      );
      break;
    case 'image':
      fail('invalid-argument', `"${fileName}" is an image, not a CSV export.`);
      break;
    default:
      fail(
        'invalid-argument',
        `"${fileName}" is not a text file (it holds binary data). Loupe imports CSV and tab-separated exports.`,
      );
  }
}

/**
 * Sniffs one delimited text stream from its first bytes: encoding (with the
 * whole-stream UTF-8 verdict where one is known), line ending, delimiter,
 * format, header.
 */
function sniffText(
  start: Uint8Array,
  complete: boolean,
  wholeIsUtf8: boolean | undefined,
  name: string,
  opts: Pick<ReadOptions, 'format' | 'mapping' | 'timeZone'>,
  entry: ZipEntry | undefined,
): TextSource {
  const guess: EncodingGuess = detectEncoding(start, wholeIsUtf8);
  const binary = detectBinary(start, guess.encoding);
  if (binary !== undefined) binaryError(binary === 'zip' && entry !== undefined ? 'binary' : binary, name);
  const text = new TextDecoder(guess.encoding).decode(start, { stream: !complete });
  if (text.trim() === '') fail('invalid-argument', `"${name}" is empty.`);
  const newline = detectNewline(text);
  const delimiter = detectDelimiter(text);
  const rows = parseRowsOf(text, delimiter, newline, complete);
  if (rows.length === 0) {
    fail(
      'invalid-argument',
      `The first row of "${name}" is longer than ${Math.round(SNIFF_BYTES / 1024)} KB, which no export Loupe knows has. Check the file.`,
    );
  }
  let format: FormatModule;
  let headerIndex: number;
  if (opts.mapping !== undefined) {
    format = formats.get('csv-mapping');
    headerIndex = headerIndexOf(format, rows);
  } else if (opts.format !== undefined) {
    format = formats.get(opts.format);
    headerIndex = headerIndexOf(format, rows);
  } else {
    const match = formats.detectFromRows(rows);
    format = match.format;
    headerIndex = match.headerIndex;
  }
  const header = (rows[headerIndex] ?? []).map((h) => h.trim());
  const hasRows = !complete || rows.slice(headerIndex + 1).some((r) => !isBlankRow(r));
  const decimalComma = opts.mapping?.options?.decimalComma ?? delimiter === ';';
  return {
    name,
    encoding: guess.encoding,
    delimiter,
    newline,
    format,
    header,
    headerIndex,
    hasRows,
    decimalComma,
    entry,
  };
}

function contextFor(source: TextSource, opts: Pick<ReadOptions, 'mapping' | 'timeZone'>): MapContext {
  const ctx: MapContext = {
    timeZone: opts.timeZone,
    fileName: source.name,
    decimalComma: source.decimalComma,
  };
  if (opts.mapping !== undefined) ctx.mapping = opts.mapping;
  return ctx;
}

async function analyse(
  path: string,
  opts: Omit<ReadOptions, 'batchSize'>,
  progress: Progress,
): Promise<Analysis> {
  assertTimeZone(opts.timeZone);
  checkAbort(opts.signal);
  const fileName = basename(path);
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) fail('invalid-argument', `"${path}" is not a file.`);
    size = s.size;
  } catch (e) {
    if (e instanceof ServiceError) throw e;
    fail('not-found', `Loupe cannot read "${path}": ${(e as Error).message}`);
  }
  if (size === 0) fail('invalid-argument', `"${fileName}" is empty.`);
  progress.bytesTotal = size;
  const handle = await open(path, 'r');
  let scan: Scan | undefined;
  try {
    const start = await readStart(handle, Math.min(size, SNIFF_BYTES));
    const firstGuess = detectEncoding(start);
    const binary = detectBinary(start, firstGuess.encoding);
    if (binary !== undefined && binary !== 'zip') binaryError(binary, fileName);
    const isZip = binary === 'zip';
    const complete = start.length === size;
    // A start that is UTF-8 without a byte-order mark may still turn out to be
    // Windows-1252 further on: the scan of the whole file decides.
    const provisionalUtf8 =
      !isZip && !complete && firstGuess.encoding === 'utf-8' && firstGuess.bomLength === 0;
    progress.report('scanning', true);
    scan = scanFile(path, size, provisionalUtf8, (bytes) => {
      if (progress.phase !== 'scanning') return;
      progress.bytesRead = bytes;
      progress.report('scanning');
    });
    const running = scan;
    opts.signal?.addEventListener('abort', () => running.cancel(), { once: true });
    const sources = isZip
      ? await zipSources(handle, size, fileName, opts)
      : [sniffText(start, complete, undefined, fileName, opts, undefined)];
    const first = sources.find((s) => s.hasRows) ?? sources[0];
    if (!sources.some((s) => s.hasRows)) {
      fail('invalid-argument', `"${fileName}" has a header but no rows of data.`);
    }
    // Missing required columns fail the whole file now, before anything is read.
    for (const source of sources) source.format.createMapper(source.header, contextFor(source, opts));
    const base: Omit<FileInfo, 'sha256'> = {
      path,
      fileName,
      bytes: size,
      encoding: first.encoding,
      delimiter: first.delimiter,
      format: first.format.id,
      formatLabel: first.format.label,
      header: first.header,
      headerRowNumber: first.headerIndex + 1,
      decimalComma: first.decimalComma,
    };
    if (isZip) base.entries = sources.map((s) => s.name);
    return { base, sources, isZip, scan, provisionalUtf8 };
  } catch (e) {
    scan?.cancel();
    throw e;
  } finally {
    await handle.close();
  }
}

async function zipSources(
  handle: FileHandle,
  size: number,
  fileName: string,
  opts: Omit<ReadOptions, 'batchSize'>,
): Promise<TextSource[]> {
  const entries = await readZipDirectory(handle, size, fileName);
  if (isXlsx(entries)) binaryError('xlsx', fileName);
  const texts = textEntries(entries);
  if (texts.length === 0) fail('invalid-argument', `"${fileName}" holds no CSV files.`);
  const sources: TextSource[] = [];
  for (const entry of texts) {
    checkAbort(opts.signal);
    const startParts: Uint8Array[] = [];
    let startLength = 0;
    const validator = new Utf8Validator();
    for await (const chunk of readZipEntry(handle, entry, fileName)) {
      if (startLength < SNIFF_BYTES) {
        const part = chunk.subarray(0, SNIFF_BYTES - startLength);
        startParts.push(part);
        startLength += part.length;
      }
      validator.push(chunk);
    }
    const start = Buffer.concat(startParts);
    if (start.length === 0) continue;
    const name = entry.name.split('/').pop() ?? entry.name;
    let source: TextSource;
    try {
      source = sniffText(start, start.length === entry.uncompressedSize, validator.end(), name, opts, entry);
    } catch (e) {
      if (e instanceof ServiceError && e.code === 'invalid-argument') {
        fail(
          'invalid-argument',
          `In "${fileName}", ${e.message.charAt(0).toLowerCase()}${e.message.slice(1)}`,
          e.details,
        );
      }
      throw e;
    }
    sources.push(source);
  }
  if (sources.length === 0) fail('invalid-argument', `"${fileName}" holds only empty files.`);
  const kinds = new Set(sources.map((s) => s.format.id));
  if (kinds.size > 1) {
    const list = sources.map((s) => `${s.name} (${s.format.label})`).join(', ');
    fail(
      'invalid-argument',
      `"${fileName}" holds files of different kinds: ${list}. Unzip it and import them one by one.`,
    );
  }
  return sources;
}

/**
 * What the file is: size, content hash, encoding, delimiter, format and header.
 * Reads the start for sniffing, and the whole file once, streaming, for the
 * hash and the encoding verdict. Fails with invalid-argument for files Loupe
 * cannot read (empty, binary, header only, unknown header, missing columns).
 */
export async function inspectImportFile(
  path: string,
  opts: Omit<ReadOptions, 'batchSize' | 'onProgress'> & Partial<Pick<ReadOptions, 'onProgress'>>,
): Promise<FileInfo> {
  const progress = new Progress(opts.onProgress);
  const analysis = await analyse(path, opts, progress);
  const scanned = await analysis.scan.result;
  progress.bytesRead = progress.bytesTotal;
  progress.report('scanning', true);
  return finalInfo(analysis, scanned);
}

/**
 * Streams the file as batches of canonical records and rejected rows.
 * Iterating `batches` reads the rows; a file that cannot be read fails the
 * iteration (and `info`) before the first batch. `info` resolves when the scan
 * of the whole file (content hash, encoding verdict) is done: it runs alongside
 * the reading, in a worker thread for large files, so await `info` late (after
 * the loop) to let it cost nothing. The last batch comes only after the scan.
 * Memory stays bounded by the batch size and the read chunk, whatever the
 * file's size. Cancelling through `signal` ends the iteration (and the scan)
 * with ServiceError('cancelled').
 */
export function readImportFile(
  path: string,
  opts: ReadOptions,
): { info: Promise<FileInfo>; batches: AsyncIterable<ImportBatch> } {
  let started: Promise<{ analysis: Analysis; progress: Progress }> | undefined;
  const start = (): Promise<{ analysis: Analysis; progress: Progress }> => {
    started ??= (async () => {
      const progress = new Progress(opts.onProgress);
      const analysis = await analyse(path, opts, progress);
      return { analysis, progress };
    })();
    return started;
  };
  const info = start().then(async ({ analysis }) => finalInfo(analysis, await analysis.scan.result));
  // The caller may only iterate the batches; their failure then surfaces there.
  info.catch(() => undefined);
  return {
    info,
    batches: {
      [Symbol.asyncIterator]: () => readBatches(path, opts, start)[Symbol.asyncIterator](),
    },
  };
}

async function* readBatches(
  path: string,
  opts: ReadOptions,
  start: () => Promise<{ analysis: Analysis; progress: Progress }>,
): AsyncGenerator<ImportBatch> {
  const { analysis, progress } = await start();
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH_SIZE);
  progress.phase = 'reading';
  progress.bytesRead = 0;
  progress.report('reading', true);
  let finished = false;
  let records: CanonicalRecord[] = [];
  let rejections: RowRejection[] = [];
  let rowsSkipped = 0;
  // Rows read when the last batch went out: a final batch is due if more were read since.
  let yieldedAt = -1;
  const handle = analysis.isZip ? await open(path, 'r') : undefined;
  try {
    for (const source of analysis.sources) {
      if (!source.hasRows) continue;
      const mapper = source.format.createMapper(source.header, contextFor(source, opts));
      const rawKeys = rawKeysOf(source.header);
      const entryName = analysis.isZip ? source.name : undefined;
      const bytes =
        handle === undefined || source.entry === undefined
          ? fileChunks(path, progress)
          : zipChunks(handle, source.entry, analysis.base.fileName, progress);
      let rowNumber = 0;
      const dataStart = source.headerIndex + 1;
      const reject = (row: string[], n: number, reason: string, field: string | undefined): void => {
        const rejection: RowRejection = { rowNumber: n, raw: rawOf(rawKeys, row), reason };
        if (field !== undefined) rejection.field = field;
        if (entryName !== undefined) rejection.entry = entryName;
        rejections.push(rejection);
      };
      for await (const rows of parseRows(
        decodeText(bytes, source.encoding, analysis.provisionalUtf8),
        source.delimiter,
        source.newline,
      )) {
        checkAbort(opts.signal);
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i];
          rowNumber++;
          if (rowNumber <= dataStart) continue;
          const outcome = mapper.map(row, rowNumber);
          switch (outcome.kind) {
            case 'records':
              progress.rowsRead++;
              for (const r of outcome.records) records.push(r);
              break;
            case 'rejected':
              progress.rowsRead++;
              reject(row, rowNumber, outcome.reason, outcome.field);
              break;
            case 'skipped':
              if (outcome.why !== 'blank') {
                progress.rowsRead++;
                rowsSkipped++;
              }
              break;
          }
          if (records.length + rejections.length >= batchSize) {
            progress.report('reading');
            yieldedAt = progress.rowsRead;
            yield { records, rejections, rowsRead: progress.rowsRead, rowsSkipped };
            records = [];
            rejections = [];
            checkAbort(opts.signal);
          }
        }
        progress.report('reading');
      }
      for (const outcome of mapper.flush()) {
        if (outcome.kind === 'records') for (const r of outcome.records) records.push(r);
      }
    }
    progress.report('reading', true);
    // The file is read; its scan (content hash) must have ended well too.
    await analysis.scan.result;
    finished = true;
    if (records.length > 0 || rejections.length > 0 || yieldedAt !== progress.rowsRead) {
      yield { records, rejections, rowsRead: progress.rowsRead, rowsSkipped };
    }
  } finally {
    // A reader that stops early (cancelled, failed, or left the loop) stops the scan too.
    if (!finished) analysis.scan.cancel();
    await handle?.close();
  }
}

async function* fileChunks(path: string, progress: Progress): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK }) as AsyncIterable<Buffer>) {
    progress.bytesRead += chunk.length;
    yield chunk;
  }
}

function zipChunks(
  handle: FileHandle,
  entry: ZipEntry,
  fileName: string,
  progress: Progress,
): AsyncGenerator<Uint8Array> {
  return readZipEntry(handle, entry, fileName, (n) => {
    progress.bytesRead += n;
  });
}

/** Column names for a rejected row's raw values; repeated names get " (2)", " (3)". */
function rawKeysOf(header: string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((h, i) => {
    const name = h === '' ? `Column ${i + 1}` : h;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
}

function rawOf(keys: string[], row: string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  const n = Math.max(keys.length, row.length);
  for (let i = 0; i < n; i++) {
    const key = keys[i] ?? `Column ${i + 1}`;
    raw[key] = row[i] ?? '';
  }
  return raw;
}
