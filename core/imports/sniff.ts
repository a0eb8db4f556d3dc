import { isUtf8 } from 'node:buffer';

/**
 * Telling what a file is from its first bytes: its text encoding, whether it is
 * text at all, its delimiter and its line ending. Exports reach Loupe from Excel
 * ("Unicode text" is UTF-16LE with tabs), from European spreadsheets (semicolons,
 * decimal commas), from old Windows tools (Windows-1252) and straight from web
 * apps (UTF-8, with or without a byte-order mark).
 */

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type Delimiter = ',' | ';' | '\t' | '|';
export type Newline = '\r\n' | '\n' | '\r';

export interface EncodingGuess {
  encoding: TextEncoding;
  /** Bytes of byte-order mark at the start (0 when none). */
  bomLength: number;
}

/** How much of the start of a file sniffing reads. */
export const SNIFF_BYTES = 256 * 1024;

/**
 * The encoding from a byte-order mark, or from the pattern of zero bytes UTF-16
 * text without a mark shows; otherwise UTF-8 when the bytes are valid UTF-8,
 * else Windows-1252 (what "ANSI" CSVs from Excel on Windows are). `wholeFileIsUtf8`
 * is the verdict of a pass over the whole file, when there was one: a file
 * whose start is ASCII can still hold one Windows-1252 "é" deep inside.
 */
export function detectEncoding(start: Uint8Array, wholeFileIsUtf8?: boolean): EncodingGuess {
  if (start.length >= 3 && start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf) {
    return { encoding: 'utf-8', bomLength: 3 };
  }
  if (start.length >= 2 && start[0] === 0xff && start[1] === 0xfe)
    return { encoding: 'utf-16le', bomLength: 2 };
  if (start.length >= 2 && start[0] === 0xfe && start[1] === 0xff)
    return { encoding: 'utf-16be', bomLength: 2 };
  const utf16 = utf16WithoutBom(start);
  if (utf16 !== undefined) return { encoding: utf16, bomLength: 0 };
  const valid = wholeFileIsUtf8 ?? isUtf8(trimIncompleteUtf8(start));
  return { encoding: valid ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

/** Mostly-ASCII text in UTF-16 has a zero in every other byte. */
function utf16WithoutBom(start: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(start.length, 4096) & ~1;
  if (n < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (start[i] === 0) evenZeros++;
    if (start[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.1) return 'utf-16le';
  if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.1) return 'utf-16be';
  return undefined;
}

/**
 * The prefix of `bytes` that ends on a whole UTF-8 character, so a chunk cut in
 * the middle of "é" is not taken for invalid UTF-8.
 */
export function trimIncompleteUtf8(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  // Look back at most 3 bytes for the lead byte of the last character.
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte
    if (b < 0x80) return bytes;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? bytes.subarray(0, n - back) : bytes;
  }
  return bytes;
}

/**
 * Validates UTF-8 across chunk boundaries. Feed every chunk in order; `valid`
 * stays true only when the whole stream is UTF-8.
 */
export class Utf8Validator {
  valid = true;
  private carry: Uint8Array = new Uint8Array(0);

  push(chunk: Uint8Array): void {
    if (!this.valid) return;
    let bytes = chunk;
    if (this.carry.length > 0) {
      const joined = new Uint8Array(this.carry.length + chunk.length);
      joined.set(this.carry, 0);
      joined.set(chunk, this.carry.length);
      bytes = joined;
    }
    const whole = trimIncompleteUtf8(bytes);
    if (!isUtf8(whole)) {
      this.valid = false;
      return;
    }
    this.carry = bytes.slice(whole.length);
  }

  end(): boolean {
    if (this.carry.length > 0) this.valid = false;
    return this.valid;
  }
}

export type BinaryKind = 'zip' | 'xlsx' | 'xls' | 'pdf' | 'gzip' | 'image' | 'binary';

/**
 * Recognises files that are not delimited text at all. ZIPs are returned as
 * 'zip' (the caller looks inside); an XLSX is a ZIP too, told apart by its entries.
 */
export function detectBinary(start: Uint8Array, encoding: TextEncoding): BinaryKind | undefined {
  const b = start;
  if (
    b.length >= 4 &&
    b[0] === 0x50 &&
    b[1] === 0x4b &&
    (b[2] === 3 || b[2] === 5) &&
    (b[3] === 4 || b[3] === 6)
  ) {
    return 'zip';
  }
  if (b.length >= 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return 'xls';
  if (b.length >= 4 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) return 'pdf';
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'gzip';
  if (
    b.length >= 4 &&
    ((b[0] === 0x89 && b[1] === 0x50) || (b[0] === 0xff && b[1] === 0xd8) || (b[0] === 0x47 && b[1] === 0x49))
  ) {
    return 'image';
  }
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return undefined;
  // Text never holds NUL or many other control bytes.
  const n = Math.min(b.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c === 0) return 'binary';
    if (c < 9 || (c > 13 && c < 32 && c !== 27)) control++;
  }
  return n > 0 && control / n > 0.05 ? 'binary' : undefined;
}

/** The line ending of the first lines, outside quoted fields. */
export function detectNewline(text: string): Newline {
  let inQuotes = false;
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  const n = Math.min(text.length, 64 * 1024);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (!inQuotes) {
      if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) {
          crlf++;
          i++;
        } else cr++;
      } else if (c === 10) lf++;
    }
    if (crlf + lf + cr >= 50) break;
  }
  // A lone \n anywhere means \n splits rows; a stray \r before it is trimmed away with the value.
  if (lf > 0) return '\n';
  if (crlf > 0) return '\r\n';
  if (cr > 0) return '\r';
  return '\n';
}

const CANDIDATES: Delimiter[] = [',', ';', '\t', '|'];

/**
 * The delimiter that splits the first records into the most consistent number
 * of fields, quotes respected. Title rows above an ad report's header ("Campaign
 * report") have no delimiter and do not vote.
 */
export function detectDelimiter(text: string): Delimiter {
  let best: Delimiter = ',';
  let bestScore = -1;
  for (const d of CANDIDATES) {
    const counts = fieldCounts(text, d, 40);
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 1) freq.set(c, (freq.get(c) ?? 0) + 1);
    let modeCount = 0;
    let modeFields = 0;
    for (const [fields, times] of freq) {
      if (times > modeCount || (times === modeCount && fields > modeFields)) {
        modeCount = times;
        modeFields = fields;
      }
    }
    if (modeCount === 0) continue;
    // Consistency first (records agreeing on the field count), then width.
    const score = modeCount * 1000 + Math.min(modeFields, 999);
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

/** Field counts of the first `limit` records for delimiter `d`, with quoted fields spanning lines. */
function fieldCounts(text: string, d: Delimiter, limit: number): number[] {
  const counts: number[] = [];
  const delim = d.charCodeAt(0);
  let inQuotes = false;
  let fields = 1;
  let nonEmpty = false;
  const n = Math.min(text.length, 128 * 1024);
  for (let i = 0; i < n && counts.length < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      inQuotes = !inQuotes;
      nonEmpty = true;
    } else if (inQuotes) continue;
    else if (c === delim) {
      fields++;
      nonEmpty = true;
    } else if (c === 10 || c === 13) {
      if (nonEmpty) counts.push(fields);
      fields = 1;
      nonEmpty = false;
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    } else if (c !== 32) nonEmpty = true;
  }
  return counts;
}
