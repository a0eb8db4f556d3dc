import type { FileHandle } from 'node:fs/promises';
import { Inflate } from 'fflate';
import { fail } from '../errors';

/**
 * Reading ZIP archives entry by entry without unpacking them to disk or holding
 * them in memory: the central directory gives every entry's place and size, and
 * each entry is inflated in chunks as it is read (Mailchimp hands an audience
 * over as a ZIP of subscribed / unsubscribed / cleaned CSVs).
 */

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  encrypted: boolean;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const READ_CHUNK = 1024 * 1024;

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buffer : buffer.subarray(0, done);
}

function damaged(fileName: string): never {
  fail(
    'invalid-argument',
    `"${fileName}" is not a readable ZIP archive (it may be damaged or only partly downloaded).`,
  );
}

/** The entries of the archive, from its central directory. */
export async function readZipDirectory(
  handle: FileHandle,
  fileSize: number,
  fileName: string,
): Promise<ZipEntry[]> {
  const tailLength = Math.min(fileSize, 22 + 65_535);
  const tail = await readAt(handle, fileSize - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) damaged(fileName);
  const count = tail.readUInt16LE(eocd + 10);
  const size = tail.readUInt32LE(eocd + 12);
  const offset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    fail(
      'invalid-argument',
      `"${fileName}" is a ZIP64 archive, which Loupe does not read. Unzip it and import the CSV files inside.`,
    );
  }
  if (offset + size > fileSize) damaged(fileName);
  const dir = await readAt(handle, offset, size);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL_SIGNATURE) damaged(fileName);
    const flags = dir.readUInt16LE(p + 8);
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    entries.push({
      name: dir.toString('utf8', p + 46, p + 46 + nameLength),
      method: dir.readUInt16LE(p + 10),
      compressedSize: dir.readUInt32LE(p + 20),
      uncompressedSize: dir.readUInt32LE(p + 24),
      localHeaderOffset: dir.readUInt32LE(p + 42),
      encrypted: (flags & 1) === 1,
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Entries that hold delimited text, skipping folders and the litter macOS adds. */
export function textEntries(entries: ZipEntry[]): ZipEntry[] {
  return entries.filter((e) => {
    if (e.name.endsWith('/')) return false;
    const base = e.name.split('/').pop() ?? e.name;
    if (e.name.startsWith('__MACOSX/') || base.startsWith('.')) return false;
    return /\.(csv|tsv|txt)$/i.test(base);
  });
}

/** True when the entries are those of an Excel workbook (an .xlsx is a ZIP). */
export function isXlsx(entries: ZipEntry[]): boolean {
  return entries.some((e) => e.name === 'xl/workbook.xml' || e.name === '[Content_Types].xml');
}

/**
 * The entry's uncompressed bytes, in chunks. `onCompressedBytes` is told how
 * many bytes of the archive each step consumed (for progress).
 */
export async function* readZipEntry(
  handle: FileHandle,
  entry: ZipEntry,
  fileName: string,
  onCompressedBytes?: (n: number) => void,
): AsyncGenerator<Uint8Array> {
  if (entry.encrypted) {
    fail(
      'invalid-argument',
      `"${entry.name}" in "${fileName}" is password-protected. Unzip it yourself and import the CSV file.`,
    );
  }
  if (entry.method !== 0 && entry.method !== 8) {
    fail(
      'invalid-argument',
      `"${entry.name}" in "${fileName}" uses a compression Loupe does not read. Unzip it and import the CSV file.`,
    );
  }
  const local = await readAt(handle, entry.localHeaderOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL_SIGNATURE) damaged(fileName);
  const dataStart = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  let produced = 0;
  const out: Uint8Array[] = [];
  const inflate =
    entry.method === 8
      ? new Inflate((data) => {
          out.push(data);
        })
      : undefined;
  let read = 0;
  while (read < entry.compressedSize) {
    const length = Math.min(READ_CHUNK, entry.compressedSize - read);
    const chunk = await readAt(handle, dataStart + read, length);
    if (chunk.length < length) damaged(fileName);
    read += length;
    onCompressedBytes?.(length);
    if (inflate === undefined) {
      out.push(chunk);
    } else {
      try {
        inflate.push(chunk, read >= entry.compressedSize);
      } catch {
        damaged(fileName);
      }
    }
    for (const data of out.splice(0)) {
      produced += data.length;
      yield data;
    }
  }
  if (produced !== entry.uncompressedSize) damaged(fileName);
}
