import { describe, expect, test } from 'vitest';
import { ServiceError } from '../../../core/errors';
import {
  assertTimeZone,
  isMissing,
  looksLikeEmail,
  normalizeEmail,
  parseBoolean,
  parseCount,
  parseDay,
  parseInteger,
  parseMoney,
  parseMonth,
  parseNumber,
  parseRate,
  parseTags,
  parseTimestamp,
  roundMoney,
  toIso,
} from '../../../core/imports/values';

const NY = 'America/New_York';

describe('parseNumber', () => {
  test.each([
    ['1,234.56', 1234.56],
    ['1.234,56', 1234.56],
    ['1 234,56', 1234.56],
    ['1\u00a0234,56', 1234.56],
    ['1\u202f234,56', 1234.56],
    ['1 234.56', 1234.56],
    ['1,234,567', 1234567],
    ['1.234.567', 1234567],
    ['64517.0', 64517],
    ['12,5', 12.5],
    ['0,5', 0.5],
    ['-12.5', -12.5],
    ['  42  ', 42],
    ['(12.00)', -12],
    ['$1,234.50', 1234.5],
    ['€12,50', 12.5],
    ['USD 12.00', 12],
    ['12.00 EUR', 12],
    ['-$5.00', -5],
    ['$-5.00', -5],
    ['−7', -7],
    ['5e-05', 0.00005],
    ['1.5E3', 1500],
    ['1,234', 1234],
    ['1.234', 1.234],
  ])('%s → %d', (raw, expected) => {
    expect(parseNumber(raw)).toBe(expected);
  });

  test.each([
    ['1,234', 1.234],
    ['1.234', 1234],
    ['1.234,56', 1234.56],
    ['12,50', 12.5],
    ['12.5', 12.5],
    ['64517.0', 64517],
    [',5', 0.5],
  ])('with a decimal comma, %s → %d', (raw, expected) => {
    expect(parseNumber(raw, { decimalComma: true })).toBe(expected);
  });

  test.each(['', '   ', 'n/a', 'N/A', '-', '--', '—', '#N/A', 'null'])('"%s" is no value', (raw) => {
    expect(parseNumber(raw)).toBeNull();
  });

  test.each(['abc', '12abc', '1,2,3', '1.2.3', '1,23,456', '48%', '$', '1..2', '12 34'])(
    '"%s" is not a number',
    (raw) => {
      expect(parseNumber(raw)).toBeNaN();
    },
  );
});

describe('counts, integers, rates, money', () => {
  test('counts are whole and not negative', () => {
    expect(parseCount('64517.0')).toBe(64517);
    expect(parseCount('1,234')).toBe(1234);
    expect(parseCount('n/a')).toBeNull();
    expect(parseCount('12.5')).toBeNaN();
    expect(parseCount('-3')).toBeNaN();
  });

  test('integers may be negative (returns)', () => {
    expect(parseInteger('-1')).toBe(-1);
    expect(parseInteger('56')).toBe(56);
    expect(parseInteger('2.5')).toBeNaN();
  });

  test.each([
    ['48.43%', 0.4843],
    ['27.78%', 0.2778],
    ['100%', 1],
    ['0.00%', 0],
    ['0.4843', 0.4843],
    ['5e-05', 0.00005],
    ['0.5034000000000000', 0.5034],
    ['1', 1],
  ])('rate %s → %d', (raw, expected) => {
    expect(parseRate(raw)).toBe(expected);
  });

  test('a bare number above 1 is not a rate, and empty is no value', () => {
    expect(parseRate('48.43')).toBeNaN();
    expect(parseRate('%')).toBeNaN();
    expect(parseRate('abc%')).toBeNaN();
    expect(parseRate('n/a')).toBeNull();
  });

  test('money names its currency when the text does', () => {
    expect(parseMoney('€12,50')).toEqual({ value: 12.5, currency: 'EUR' });
    expect(parseMoney('USD 12.00')).toEqual({ value: 12, currency: 'USD' });
    expect(parseMoney('12.00 EUR')).toEqual({ value: 12, currency: 'EUR' });
    expect(parseMoney('£3')).toEqual({ value: 3, currency: 'GBP' });
    expect(parseMoney('$1,234.50')).toEqual({ value: 1234.5, currency: undefined });
    expect(parseMoney('(€1.234,50)')).toEqual({ value: -1234.5, currency: 'EUR' });
    expect(parseMoney('')).toBeNull();
  });

  test.each([
    [1.005, 1.01],
    [6 * 2.55, 15.3],
    [-2.675, -2.68],
    [0.1 + 0.2, 0.3],
    [0.001, 0],
    [-0.001, 0],
    [139.12, 139.12],
  ])('roundMoney(%d) = %d', (value, expected) => {
    expect(roundMoney(value)).toBe(expected);
  });
});

describe('parseTimestamp', () => {
  const iso = (raw: string, zone = NY, opts?: Parameters<typeof parseTimestamp>[2]): string | null => {
    const ms = parseTimestamp(raw, zone, opts);
    return ms === null ? null : Number.isNaN(ms) ? 'invalid' : toIso(ms);
  };

  test.each([
    ['2024-03-01T10:00:00+02:00', '2024-03-01T08:00:00.000Z'],
    ['2024-03-01T10:00:00Z', '2024-03-01T10:00:00.000Z'],
    ['2024-03-01T10:00:00.123Z', '2024-03-01T10:00:00.123Z'],
    ['2024-03-01T10:00:00-0530', '2024-03-01T15:30:00.000Z'],
    ['2024-03-01 10:15:00 -0500', '2024-03-01T15:15:00.000Z'],
    ['2024-03-02 18:30:00 +0100', '2024-03-02T17:30:00.000Z'],
    ['2024-03-01 10:00 UTC', '2024-03-01T10:00:00.000Z'],
  ])('with an offset, %s is read as written', (raw, expected) => {
    expect(iso(raw)).toBe(expected);
  });

  test.each([
    ['1709290800', '2024-03-01T11:00:00.000Z'],
    ['1709290800.5', '2024-03-01T11:00:00.500Z'],
    ['1709290800123', '2024-03-01T11:00:00.123Z'],
  ])('unix time %s', (raw, expected) => {
    expect(iso(raw)).toBe(expected);
  });

  test.each([
    // New York: EST is UTC-5, EDT UTC-4.
    ['2024-01-15 12:00:00', NY, '2024-01-15T17:00:00.000Z'],
    ['2024-07-01 12:00', NY, '2024-07-01T16:00:00.000Z'],
    ['2024-03-01', NY, '2024-03-01T05:00:00.000Z'],
    ['20240301', NY, '2024-03-01T05:00:00.000Z'],
    // London: GMT in December, BST (UTC+1) in July.
    ['2010-12-01 08:26:00', 'Europe/London', '2010-12-01T08:26:00.000Z'],
    ['2024-07-01 08:26:00', 'Europe/London', '2024-07-01T07:26:00.000Z'],
    ['2024-07-01 08:26:00', 'UTC', '2024-07-01T08:26:00.000Z'],
    ['2024-07-01 08:26:00', 'Asia/Kolkata', '2024-07-01T02:56:00.000Z'],
  ])('naive %s in %s', (raw, zone, expected) => {
    expect(iso(raw, zone)).toBe(expected);
  });

  test.each([
    // Clocks go forward at 02:00 on 2024-03-10: 02:30 does not exist and reads with the offset before (EST).
    ['2024-03-10 01:59:00', NY, '2024-03-10T06:59:00.000Z'],
    ['2024-03-10 02:30:00', NY, '2024-03-10T07:30:00.000Z'],
    ['2024-03-10 03:00:00', NY, '2024-03-10T07:00:00.000Z'],
    // Clocks go back at 02:00 on 2024-11-03: 01:30 happens twice and reads as the second, in standard time.
    ['2024-11-03 00:59:00', NY, '2024-11-03T04:59:00.000Z'],
    ['2024-11-03 01:30:00', NY, '2024-11-03T06:30:00.000Z'],
    ['2024-11-03 02:00:00', NY, '2024-11-03T07:00:00.000Z'],
    ['2024-03-31 02:30', 'Europe/Berlin', '2024-03-31T01:30:00.000Z'],
    ['2024-10-27 02:30', 'Europe/Berlin', '2024-10-27T01:30:00.000Z'],
    ['2024-10-27 01:30', 'Europe/Berlin', '2024-10-26T23:30:00.000Z'],
  ])('around a DST change: %s in %s', (raw, zone, expected) => {
    expect(iso(raw, zone)).toBe(expected);
  });

  test.each([
    ['Jun 09, 2018 09:30 pm', '2018-06-10T01:30:00.000Z'],
    ['Jun 9, 2018 9:30 PM', '2018-06-10T01:30:00.000Z'],
    ['Dec 01, 2018 08:15 am', '2018-12-01T13:15:00.000Z'],
    ['Dec 01, 2018 12:15 am', '2018-12-01T05:15:00.000Z'],
    ['Dec 01, 2018 12:15 pm', '2018-12-01T17:15:00.000Z'],
    ['June 9, 2018', '2018-06-09T04:00:00.000Z'],
    ['Sept 9, 2018', '2018-09-09T04:00:00.000Z'],
    ['Tuesday, June 4, 2024', '2024-06-04T04:00:00.000Z'],
    ['9 June 2018 21:30', '2018-06-10T01:30:00.000Z'],
    ['09-Jun-2018', '2018-06-09T04:00:00.000Z'],
    ['3/1/2024', '2024-03-01T05:00:00.000Z'],
    ['3/1/2024 2:05 PM', '2024-03-01T19:05:00.000Z'],
    ['03/01/24', '2024-03-01T05:00:00.000Z'],
    ['12/31/99', '1999-12-31T05:00:00.000Z'],
    ['31.12.2024 23:59', '2025-01-01T04:59:00.000Z'],
    ['2025-10-29 10:30 AM', '2025-10-29T14:30:00.000Z'],
    ['2025-10-25 06:00 PM', '2025-10-25T22:00:00.000Z'],
  ])('export format %s', (raw, expected) => {
    expect(iso(raw)).toBe(expected);
  });

  test('day-first dates when asked, and an explicit format', () => {
    expect(iso('03/01/2024', NY, { dayFirst: true })).toBe('2024-01-03T05:00:00.000Z');
    expect(iso('15/05/2023 14:22', NY, { format: 'dd/MM/yyyy HH:mm' })).toBe('2023-05-15T18:22:00.000Z');
    expect(iso('2023-05-15 14:22', NY, { format: 'dd/MM/yyyy HH:mm' })).toBe('invalid');
  });

  test.each([
    '32/13/2020',
    '31/12/2024',
    '0/1/2024',
    '2018-13-45 25:00:00',
    '2024-02-30',
    '2023-02-29',
    '2024-03-01T25:00',
    '2024-03-01 10:60',
    '2024-03-01 10:00 +25:00',
    'Jun 31, 2018',
    'Foo 09, 2018',
    'Junk 09, 2018',
    '13:00 pm',
    'Dec 01, 2018 13:15 pm',
    'yesterday',
    '12345',
  ])('"%s" is not a date', (raw) => {
    expect(iso(raw)).toBe('invalid');
  });

  test('empty and "no value" are null', () => {
    expect(parseTimestamp('', NY)).toBeNull();
    expect(parseTimestamp('  ', NY)).toBeNull();
    expect(parseTimestamp('n/a', NY)).toBeNull();
  });
});

describe('toIso', () => {
  test('matches Date#toISOString, from cached parts or not', () => {
    const samples = [
      0,
      -1000,
      -86_400_000 * 365 * 30 - 123,
      1_709_290_800_000,
      1_709_290_800_500,
      1_709_294_400_000,
      1_709_380_799_000,
      1_709_380_800_000,
      253_402_300_799_000,
      253_402_300_800_000,
      -62_135_596_800_000,
      -62_135_596_801_000,
    ];
    // Twice each, so the second call comes from the caches.
    for (const ms of [...samples, ...samples]) expect(toIso(ms)).toBe(new Date(ms).toISOString());
    for (let ms = 1_709_250_000_000; ms < 1_709_260_000_000; ms += 997_000)
      expect(toIso(ms)).toBe(new Date(ms).toISOString());
  });
});

describe('days and months', () => {
  test.each([
    ['2024-01-31', '2024-01-31'],
    ['1/31/2024', '2024-01-31'],
    ['31.01.2024', '2024-01-31'],
    ['Jan 31, 2024', '2024-01-31'],
    ['20240131', '2024-01-31'],
    ['2024-01-31 23:30:00', '2024-01-31'],
    ['2024-02-29', '2024-02-29'],
  ])('day %s', (raw, expected) => {
    expect(parseDay(raw)).toBe(expected);
  });

  test('unreadable days are undefined, empty ones null', () => {
    expect(parseDay('2024-02-30')).toBeUndefined();
    expect(parseDay('2024-03-32')).toBeUndefined();
    expect(parseDay('2024-01-31 garbage')).toBeUndefined();
    expect(parseDay('1709290800')).toBeUndefined();
    expect(parseDay('')).toBeNull();
    expect(parseDay('--')).toBeNull();
    expect(parseDay('01/31/2024', { dayFirst: true })).toBeUndefined();
    expect(parseDay('31/01/2024', { dayFirst: true })).toBe('2024-01-31');
  });

  test.each([
    ['2024-01', '2024-01-01', '2024-01-31'],
    ['2024-02-01', '2024-02-01', '2024-02-29'],
    ['2023-02-15', '2023-02-01', '2023-02-28'],
    ['Jan 2024', '2024-01-01', '2024-01-31'],
    ['February 2023', '2023-02-01', '2023-02-28'],
    ['4/2024', '2024-04-01', '2024-04-30'],
  ])('month %s', (raw, start, end) => {
    expect(parseMonth(raw)).toEqual({ start, end });
  });

  test('unreadable months', () => {
    expect(parseMonth('2024-13-01')).toBeUndefined();
    expect(parseMonth('Smarch 2024')).toBeUndefined();
    expect(parseMonth('')).toBeNull();
  });
});

describe('small values', () => {
  test('booleans', () => {
    expect(parseBoolean('TRUE')).toBe(true);
    expect(parseBoolean('yes')).toBe(true);
    expect(parseBoolean('no')).toBe(false);
    expect(parseBoolean('0')).toBe(false);
    expect(parseBoolean('')).toBeNull();
    expect(parseBoolean('maybe')).toBeUndefined();
  });

  test('tags', () => {
    expect(parseTags('"VIP","Newsletter"')).toEqual(['VIP', 'Newsletter']);
    expect(parseTags('vip, denver')).toEqual(['vip', 'denver']);
    expect(parseTags('a;b|a')).toEqual(['a', 'b']);
    expect(parseTags('  ')).toEqual([]);
  });

  test('emails', () => {
    expect(normalizeEmail('  Grace.Hopper@Example.COM ')).toBe('grace.hopper@example.com');
    expect(looksLikeEmail('a.b+c@example.co.uk')).toBe(true);
    expect(looksLikeEmail('frank(at)example.com')).toBe(false);
    expect(looksLikeEmail('no-at-sign')).toBe(false);
    expect(looksLikeEmail('a@b')).toBe(false);
    expect(looksLikeEmail('a b@example.com')).toBe(false);
  });

  test('missing words', () => {
    expect(isMissing('N/A')).toBe(true);
    expect(isMissing(' -- ')).toBe(true);
    expect(isMissing('0')).toBe(false);
    expect(isMissing('none of these')).toBe(false);
  });

  test('an unknown time zone is refused', () => {
    expect(() => assertTimeZone('Mars/Olympus_Mons')).toThrow(ServiceError);
    expect(() => assertTimeZone('Europe/Berlin')).not.toThrow();
    expect(() => assertTimeZone('UTC')).not.toThrow();
  });
});
