import { describe, expect, test } from 'vitest';
import { decodeText, parseRows, parseRowsOf } from '../../../core/imports/csv-stream';
import {
  Utf8Validator,
  detectBinary,
  detectDelimiter,
  detectEncoding,
  detectNewline,
  trimIncompleteUtf8,
} from '../../../core/imports/sniff';
import type { Delimiter, Newline } from '../../../core/imports/sniff';

const bytes = (...xs: number[]): Uint8Array => new Uint8Array(xs);
const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

describe('encoding', () => {
  test('byte-order marks decide', () => {
    expect(detectEncoding(bytes(0xef, 0xbb, 0xbf, 0x61))).toEqual({ encoding: 'utf-8', bomLength: 3 });
    expect(detectEncoding(bytes(0xff, 0xfe, 0x61, 0))).toEqual({ encoding: 'utf-16le', bomLength: 2 });
    expect(detectEncoding(bytes(0xfe, 0xff, 0, 0x61))).toEqual({ encoding: 'utf-16be', bomLength: 2 });
  });

  test('UTF-16 without a mark is told by its zero bytes', () => {
    expect(
      detectEncoding(new Uint8Array(Buffer.from('Email,Name\nann@example.com,Ann\n', 'utf16le'))).encoding,
    ).toBe('utf-16le');
    const be = Buffer.from('Email,Name\nann@example.com,Ann\n', 'utf16le').swap16();
    expect(detectEncoding(new Uint8Array(be)).encoding).toBe('utf-16be');
  });

  test('valid UTF-8 stays UTF-8; anything else is Windows-1252', () => {
    expect(detectEncoding(utf8('Zoë,Café\n')).encoding).toBe('utf-8');
    // "Zoë" in Windows-1252: 0xEB alone is not UTF-8.
    expect(detectEncoding(bytes(0x5a, 0x6f, 0xeb, 0x0a)).encoding).toBe('windows-1252');
    // An ASCII start with a bad byte deep inside the file: the whole-file verdict wins.
    expect(detectEncoding(utf8('Email,Name\n'), false).encoding).toBe('windows-1252');
  });

  test('a start cut inside a character is still UTF-8', () => {
    const e = utf8('Café');
    const cut = e.subarray(0, e.length - 1);
    expect(trimIncompleteUtf8(cut)).toEqual(utf8('Caf'));
    expect(detectEncoding(cut).encoding).toBe('utf-8');
    expect(trimIncompleteUtf8(utf8('abc'))).toEqual(utf8('abc'));
  });

  test('the validator sees characters split across chunks', () => {
    const whole = utf8('a€b');
    const v = new Utf8Validator();
    v.push(whole.subarray(0, 2));
    v.push(whole.subarray(2, 3));
    v.push(whole.subarray(3));
    expect(v.end()).toBe(true);

    const bad = new Utf8Validator();
    bad.push(utf8('fine'));
    bad.push(bytes(0x93, 0x41));
    expect(bad.end()).toBe(false);

    const unfinished = new Utf8Validator();
    unfinished.push(utf8('€').subarray(0, 2));
    expect(unfinished.end()).toBe(false);
  });

  test('decoding streams across chunk boundaries and drops the byte-order mark', async () => {
    async function* chunks(parts: Uint8Array[]): AsyncGenerator<Uint8Array> {
      for (const p of parts) yield p;
    }
    const text = '\uFEFFName\nZoë “Le Zinc” €\n';
    const all = async (enc: Parameters<typeof decodeText>[1], raw: Uint8Array, size = 3): Promise<string> => {
      const parts: Uint8Array[] = [];
      for (let i = 0; i < raw.length; i += size) parts.push(raw.subarray(i, i + size));
      let out = '';
      for await (const s of decodeText(chunks(parts), enc)) out += s;
      return out;
    };
    expect(await all('utf-8', utf8(text))).toBe(text.slice(1));
    // ASCII chunks right after a character cut in two must not lose the cut bytes.
    const mixed = 'ab€cd\né,plain ascii here,€€\nend';
    for (let size = 1; size <= 9; size++)
      expect(await all('utf-8', utf8(mixed), size), `chunks of ${size}`).toBe(mixed);
    expect(await all('utf-16le', new Uint8Array(Buffer.from(text, 'utf16le')))).toBe(text.slice(1));
    expect(await all('utf-16be', new Uint8Array(Buffer.from(text, 'utf16le').swap16()))).toBe(text.slice(1));
    // Windows-1252: Z o ë space “ L e space Z i n c ” space € newline
    const cp1252 = bytes(
      0x5a,
      0x6f,
      0xeb,
      0x20,
      0x93,
      0x4c,
      0x65,
      0x20,
      0x5a,
      0x69,
      0x6e,
      0x63,
      0x94,
      0x20,
      0x80,
      0x0a,
    );
    expect(await all('windows-1252', cp1252)).toBe('Zoë “Le Zinc” €\n');
  });
});

describe('binary files', () => {
  test('are recognised by their signatures or control bytes', () => {
    expect(detectBinary(bytes(0x50, 0x4b, 3, 4, 0), 'utf-8')).toBe('zip');
    expect(detectBinary(bytes(0x89, 0x50, 0x4e, 0x47), 'utf-8')).toBe('image');
    expect(detectBinary(utf8('%PDF-1.7'), 'utf-8')).toBe('pdf');
    expect(detectBinary(bytes(0x1f, 0x8b, 8, 0), 'utf-8')).toBe('gzip');
    expect(detectBinary(bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1), 'utf-8')).toBe('xls');
    expect(detectBinary(bytes(0x61, 0, 0x62), 'utf-8')).toBe('binary');
    expect(detectBinary(utf8('a,b\r\n1,2\t3\n'), 'utf-8')).toBeUndefined();
    expect(detectBinary(new Uint8Array(Buffer.from('a,b\n', 'utf16le')), 'utf-16le')).toBeUndefined();
  });
});

describe('delimiter and line ending', () => {
  test.each<[string, Delimiter]>([
    ['a,b,c\n1,2,3\n4,5,6\n', ','],
    ['a;b;c\n1;2,5;3\n4;5,5;6\n', ';'],
    ['a\tb\tc\n1\t2,5\t3\n', '\t'],
    ['a|b|c\n1|2|3\n', '|'],
    // Quoted delimiters do not count: three fields by comma, not four by semicolon.
    ['"x;y",b,c\n"1;2",2,3\n"3;4",5,6\n', ','],
    // Title rows above the header have no delimiter and do not vote.
    [
      'Campaign report\n"March 1, 2024 - March 3, 2024"\nCampaign\tDay\tCost\nA\t2024-03-01\t1,234.56\nB\t2024-03-02\t2,000.00\n',
      '\t',
    ],
    // A quoted newline does not split a record.
    ['a,b\n"line one\nline; two",x\n1,2\n', ','],
  ])('%j → %j', (text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });

  test.each<[string, Newline]>([
    ['a,b\r\n1,2\r\n', '\r\n'],
    ['a,b\n1,2\n', '\n'],
    ['a,b\r1,2\r', '\r'],
    ['a,"multi\r\nline"\n1,2\n', '\n'],
    ['single line', '\n'],
  ])('newline of %j', (text, expected) => {
    expect(detectNewline(text)).toBe(expected);
  });
});

describe('streaming rows', () => {
  const text =
    'id,note,amount\r\n' +
    '1,"plain",10\r\n' +
    '2,"with ""quotes"", and a comma",20\r\n' +
    '3,"spans\r\ntwo lines",30\r\n' +
    '\r\n' +
    '4,last,40';

  async function* pieces(s: string, size: number): AsyncGenerator<string> {
    for (let i = 0; i < s.length; i += size) yield s.slice(i, i + size);
  }

  test('whole-text parsing gives spreadsheet records', () => {
    expect(parseRowsOf(text, ',', '\r\n', true)).toEqual([
      ['id', 'note', 'amount'],
      ['1', 'plain', '10'],
      ['2', 'with "quotes", and a comma', '20'],
      ['3', 'spans\r\ntwo lines', '30'],
      [''],
      ['4', 'last', '40'],
    ]);
  });

  test('any chunking gives the same rows as the whole text', async () => {
    const expected = parseRowsOf(text, ',', '\r\n', true);
    for (let size = 1; size <= text.length; size++) {
      const rows: string[][] = [];
      for await (const chunk of parseRows(pieces(text, size), ',', '\r\n')) rows.push(...chunk);
      expect(rows, `chunks of ${size}`).toEqual(expected);
    }
  });

  test('a trailing newline adds no row', async () => {
    const rows: string[][] = [];
    for await (const chunk of parseRows(pieces('a,b\n1,2\n', 3), ',', '\n')) rows.push(...chunk);
    expect(rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});
