import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateSendgrid } from '../../../bench/generate-sendgrid';
import { ServiceError } from '../../../core/errors';
import { inspectImportFile, readImportFile } from '../../../core/imports';
import { WORKER_SCAN_BYTES } from '../../../core/imports/scan';
import type { ImportBatch, ReadProgress } from '../../../core/imports';
import { expectServiceError, fixture, readAll, reasons } from './helpers';

let dir: string;
let big: string;
const BIG_ROWS = 40_000;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loupe-imports-'));
  big = join(dir, 'activity.csv');
  await generateSendgrid(big, BIG_ROWS, 7);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('inspecting a file', () => {
  test('size, content hash, encoding, delimiter, header', async () => {
    const path = fixture('sendgrid/activity.csv');
    const bytes = readFileSync(path);
    const info = await inspectImportFile(path, { timeZone: 'UTC' });
    expect(info).toMatchObject({
      path,
      fileName: 'activity.csv',
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      encoding: 'utf-8',
      delimiter: ',',
      format: 'sendgrid-activity',
      formatLabel: 'SendGrid email activity export',
      headerRowNumber: 1,
      decimalComma: false,
    });
    expect(info.header.slice(0, 4)).toEqual(['processed', 'message_id', 'event', 'api_key_id']);
    expect(info.entries).toBeUndefined();
  });

  test('a ZIP is hashed as the archive', async () => {
    const path = fixture('mailchimp/audience_export_3f2a1b.zip');
    const info = await inspectImportFile(path, { timeZone: 'UTC' });
    expect(info.sha256).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
    expect(info.header[0]).toBe('Email Address');
  });
});

describe('files Loupe cannot read get clear errors', () => {
  test.each([
    ['wrong/empty.csv', '"empty.csv" is empty.'],
    ['wrong/header-only.csv', '"header-only.csv" has a header but no rows of data.'],
    ['wrong/chart.csv', '"chart.csv" is an image, not a CSV export.'],
    [
      'wrong/workbook.xlsx',
      '"workbook.xlsx" is an Excel workbook, not a CSV file. Open it in Excel and save it as "CSV UTF-8", then import that file.',
    ],
    [
      'wrong/missing-columns.csv',
      'This file was read as a SendGrid email activity export, but it has no "email" column. Export it again with that column, or choose another format or a column mapping.',
    ],
  ])('%s', async (path, message) => {
    await expectServiceError(
      inspectImportFile(fixture(path), { timeZone: 'UTC' }),
      'invalid-argument',
      message,
    );
    // Iterating the batches fails the same way, before any batch.
    await expectServiceError(readAll(path), 'invalid-argument', message);
  });

  test('binary data, whitespace only, a folder, a missing file', async () => {
    await expectServiceError(
      inspectImportFile(write('blob.csv', new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0x00, 0x01, 0x02, 0x03])), {
        timeZone: 'UTC',
      }),
      'invalid-argument',
      /is not a text file/,
    );
    await expectServiceError(
      inspectImportFile(write('blank.csv', '\n\n  \n'), { timeZone: 'UTC' }),
      'invalid-argument',
      '"blank.csv" is empty.',
    );
    await expectServiceError(
      inspectImportFile(dir, { timeZone: 'UTC' }),
      'invalid-argument',
      /is not a file/,
    );
    await expectServiceError(
      inspectImportFile(join(dir, 'nope.csv'), { timeZone: 'UTC' }),
      'not-found',
      /Loupe cannot read/,
    );
  });

  test('an unknown time zone or format', async () => {
    await expectServiceError(
      inspectImportFile(fixture('sendgrid/activity.csv'), { timeZone: 'Atlantis/Capital' }),
      'invalid-argument',
      /"Atlantis\/Capital" is not a time zone/,
    );
    await expectServiceError(
      inspectImportFile(fixture('sendgrid/activity.csv'), { timeZone: 'UTC', format: 'nope' }),
      'invalid-argument',
      /^Loupe knows no import format "nope"/,
    );
  });

  test('a ZIP of different kinds of files', async () => {
    const { zipSync, strToU8 } = await import('fflate');
    const path = write(
      'mixed.zip',
      zipSync({
        'a.csv': readFileSync(fixture('sendgrid/activity.csv')),
        'b.csv': readFileSync(fixture('hubspot/contacts.csv')),
        'readme.md': strToU8('not a csv'),
      }),
    );
    await expectServiceError(
      inspectImportFile(path, { timeZone: 'UTC' }),
      'invalid-argument',
      '"mixed.zip" holds files of different kinds: a.csv (SendGrid email activity export), b.csv (HubSpot contacts export). Unzip it and import them one by one.',
    );
  });
});

describe('encoding of the whole file', () => {
  test('one Windows-1252 byte far past the sniffed start makes the whole file Windows-1252', async () => {
    const ascii = Array.from({ length: 12_000 }, (_, i) => `user${i}@example.com,Name${i},Plain`).join(
      '\r\n',
    );
    // "Café" in Windows-1252: 0xE9 is é, and not UTF-8 on its own.
    const tail = Buffer.from([
      0x0d,
      0x0a,
      ...Buffer.from('late@example.com,Zo', 'latin1'),
      0xeb,
      0x2c,
      ...Buffer.from('Caf', 'latin1'),
      0xe9,
      0x0d,
      0x0a,
    ]);
    const path = write(
      'late-1252.csv',
      Buffer.concat([Buffer.from('Email,First Name,Company\r\n' + ascii, 'latin1'), tail]),
    );
    expect(readFileSync(path).length).toBeGreaterThan(300 * 1024);
    const r = await readAll(path, {
      mapping: {
        target: 'contacts',
        columns: { email: 'Email', firstName: 'First Name', company: 'Company' },
      },
    });
    expect(r.info.encoding).toBe('windows-1252');
    expect(r.records).toHaveLength(12_001);
    expect(r.records[12_000]).toMatchObject({ key: 'late@example.com', firstName: 'Zoë', company: 'Café' });
  });

  test('a large file is checked whole in the background: its one Windows-1252 byte is found', async () => {
    // Over the size at which the scan runs in a worker thread.
    const line = 'user@example.com,Plain Name,Plain Company\n';
    const ascii = Buffer.from(
      'Email,First Name,Company\n' + line.repeat(Math.ceil((WORKER_SCAN_BYTES + 1024) / line.length)),
      'latin1',
    );
    const path = write(
      'big-1252.csv',
      Buffer.concat([
        ascii,
        Buffer.from([
          0x7a, 0x40, 0x78, 0x2e, 0x66, 0x72, 0x2c, 0x5a, 0x6f, 0xeb, 0x2c, 0x43, 0x61, 0x66, 0xe9, 0x0a,
        ]),
      ]),
    );
    expect(readFileSync(path).length).toBeGreaterThan(WORKER_SCAN_BYTES);
    const mapping = {
      target: 'contacts' as const,
      columns: { email: 'Email', firstName: 'First Name', company: 'Company' },
    };
    const info = await inspectImportFile(path, { timeZone: 'UTC', mapping });
    expect(info.encoding).toBe('windows-1252');
    expect(info.sha256).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
    const r = await readAll(path, { mapping });
    expect(r.info.encoding).toBe('windows-1252');
    expect(r.records[r.records.length - 1]).toMatchObject({
      key: 'z@x.fr',
      firstName: 'Zoë',
      company: 'Café',
    });
  });

  test('UTF-8 that breaks off into Windows-1252: each part is read in its own encoding', async () => {
    // The break comes after the first read chunk (1 MB): what was read before it stays UTF-8.
    const head = Buffer.from(
      'Email,First Name\na@example.com,Zoé\n' + 'b@example.com,Plain\n'.repeat(80_000),
      'utf8',
    );
    const tail = Buffer.from([...Buffer.from('c@example.com,Ren', 'latin1'), 0xe9, 0x65, 0x0a]);
    const path = write('mixed.csv', Buffer.concat([head, tail]));
    const r = await readAll(path, {
      mapping: { target: 'contacts', columns: { email: 'Email', firstName: 'First Name' } },
    });
    expect(r.info.encoding).toBe('windows-1252');
    expect(r.records[0]).toMatchObject({ firstName: 'Zoé' });
    expect(r.records[r.records.length - 1]).toMatchObject({ key: 'c@example.com', firstName: 'Renée' });
  });

  test('multi-byte UTF-8 split across read chunks decodes whole', async () => {
    // Names of three-byte characters: nearly every read-chunk boundary falls inside one.
    const body = Array.from({ length: 20_000 }, (_, i) => `u${i}@example.com,Zoé…€€€€€${i}`).join('\n');
    const path = write('utf8-wide.csv', 'Email,First Name\n' + body + '\n');
    const r = await readAll(path, {
      mapping: { target: 'contacts', columns: { email: 'Email', firstName: 'First Name' } },
    });
    expect(r.info.encoding).toBe('utf-8');
    expect(r.records).toHaveLength(20_000);
    expect(r.records.every((p, i) => p.kind === 'person' && p.firstName === `Zoé…€€€€€${i}`)).toBe(true);
  });
});

describe('rows', () => {
  test('a row with more values than columns is rejected; repeated column names stay apart in the raw values', async () => {
    const path = write(
      'odd.csv',
      'processed,message_id,event,email,reason,reason\n1709290800,m1,processed,a@example.com,first,second\n1709290801,m2,delivered,b@example.com,ok,,extra,values\n',
    );
    const r = await readAll(path);
    expect(r.records).toHaveLength(1);
    expect(reasons(r.rejections)).toEqual([
      '3: The row has 8 values but the header has 6 columns (a value may hold an unquoted delimiter)',
    ]);
    expect(r.rejections[0].raw).toEqual({
      processed: '1709290801',
      message_id: 'm2',
      event: 'delivered',
      email: 'b@example.com',
      reason: 'ok',
      'reason (2)': '',
      'Column 7': 'extra',
      'Column 8': 'values',
    });
  });

  test('batches hold at most batchSize records and rejections; rowsRead accumulates', async () => {
    const whole = await readAll('sendgrid/activity.csv');
    const { batches } = readImportFile(fixture('sendgrid/activity.csv'), { timeZone: 'UTC', batchSize: 4 });
    const seen: ImportBatch[] = [];
    for await (const b of batches) seen.push(b);
    expect(seen.length).toBeGreaterThan(5);
    for (const b of seen) expect(b.records.length + b.rejections.length).toBeLessThanOrEqual(5);
    for (const b of seen.slice(0, -1))
      expect(b.records.length + b.rejections.length).toBeGreaterThanOrEqual(4);
    const rows = seen.map((b) => b.rowsRead);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(seen[seen.length - 1]?.rowsRead).toBe(24);
    expect(seen.flatMap((b) => b.records)).toEqual(whole.records);
    expect(seen.flatMap((b) => b.rejections)).toEqual(whole.rejections);
  });
});

describe('streaming a large file', () => {
  test('every row arrives, in batches, with progress through both passes', async () => {
    const events: (ReadProgress & { at: number })[] = [];
    const { info, batches } = readImportFile(big, {
      timeZone: 'UTC',
      batchSize: 5000,
      onProgress: (p) => events.push({ ...p, at: Date.now() }),
    });
    const found = await info;
    const total = found.bytes;
    // Above the worker threshold: hashed in a worker thread while the rows were read.
    expect(total).toBeGreaterThan(WORKER_SCAN_BYTES);
    expect(found.sha256).toBe(createHash('sha256').update(readFileSync(big)).digest('hex'));
    let records = 0;
    let count = 0;
    let last: ImportBatch | undefined;
    for await (const b of batches) {
      records += b.records.length;
      count++;
      last = b;
    }
    expect(last).toMatchObject({ rowsRead: BIG_ROWS, rejections: [] });
    // One delivery event per row, plus one campaign record for each of the 30 campaigns.
    expect(records).toBe(BIG_ROWS + 30);
    expect(count).toBeGreaterThanOrEqual(Math.floor((BIG_ROWS + 30) / 5000));

    const scanning = events.filter((e) => e.phase === 'scanning');
    const reading = events.filter((e) => e.phase === 'reading');
    expect(scanning.length).toBeGreaterThan(0);
    expect(reading.length).toBeGreaterThan(1);
    expect(events.findIndex((e) => e.phase === 'reading')).toBeGreaterThan(
      events.findLastIndex((e) => e.phase === 'scanning'),
    );
    for (const e of events) expect(e.bytesTotal).toBe(total);
    expect(reading.at(-1)).toMatchObject({ rowsRead: BIG_ROWS, bytesRead: total });
    for (let i = 1; i < reading.length; i++) {
      expect(reading[i].bytesRead).toBeGreaterThanOrEqual(reading[i - 1].bytesRead);
      expect(reading[i].rowsRead).toBeGreaterThanOrEqual(reading[i - 1].rowsRead);
    }
  });

  test('inspecting reports the scan of the whole file', async () => {
    const events: ReadProgress[] = [];
    const info = await inspectImportFile(big, { timeZone: 'UTC', onProgress: (p) => events.push(p) });
    expect(events.length).toBeGreaterThan(1);
    expect(events.every((e) => e.phase === 'scanning' && e.bytesTotal === info.bytes)).toBe(true);
    expect(events[events.length - 1]?.bytesRead).toBe(info.bytes);
  });

  test('progress is reported at least every half second while reading', async () => {
    const stamps: number[] = [];
    const { batches } = readImportFile(big, { timeZone: 'UTC', onProgress: () => stamps.push(Date.now()) });
    for await (const b of batches) void b;
    for (let i = 1; i < stamps.length; i++) expect(stamps[i] - stamps[i - 1]).toBeLessThan(500);
  });

  test('cancelling stops the reading with a cancelled error', async () => {
    const controller = new AbortController();
    const { batches } = readImportFile(big, { timeZone: 'UTC', batchSize: 1000, signal: controller.signal });
    let received = 0;
    let error: unknown;
    try {
      for await (const b of batches) {
        received += b.records.length;
        if (received >= 3000) controller.abort();
      }
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe('cancelled');
    expect((error as ServiceError).message).toBe('The import was cancelled.');
    expect(received).toBeLessThan(BIG_ROWS);
  });

  test('cancelling before the start fails the file check too', async () => {
    const controller = new AbortController();
    controller.abort();
    const { info, batches } = readImportFile(big, { timeZone: 'UTC', signal: controller.signal });
    await expectServiceError(info, 'cancelled', 'The import was cancelled.');
    await expectServiceError(
      (async () => {
        for await (const b of batches) void b;
      })(),
      'cancelled',
      'The import was cancelled.',
    );
  });

  test('memory stays bounded: one batch at a time is all that is held', async () => {
    const { batches } = readImportFile(big, { timeZone: 'UTC', batchSize: 2000 });
    let largest = 0;
    for await (const b of batches) largest = Math.max(largest, b.records.length + b.rejections.length);
    // A row never yields more than two records (an event and its campaign's first appearance).
    expect(largest).toBeLessThanOrEqual(2001);
  });
});
