import { describe, expect, it } from 'vitest';
import { periodIndex, periodsCovering, periodStartOf } from '../../../core/analytics/activity/periods';
import { ServiceError } from '../../../core/errors';

const utc = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();

describe('periodsCovering', () => {
  it('makes the London spring-forward day 23 hours and the autumn day 25 (last Sundays of March and October 2024)', () => {
    const spring = periodsCovering(
      utc('2024-03-30T12:00:00Z'),
      utc('2024-04-01T12:00:00Z'),
      'day',
      'Europe/London',
    );
    expect(spring.labels).toEqual(['2024-03-30', '2024-03-31', '2024-04-01']);
    // Midnight is 00:00 GMT until the 31st, 00:00 BST (23:00 UTC the day before) after.
    expect(Array.from(spring.starts, iso)).toEqual([
      '2024-03-30T00:00:00.000Z',
      '2024-03-31T00:00:00.000Z',
      '2024-03-31T23:00:00.000Z',
      '2024-04-01T23:00:00.000Z',
    ]);
    const autumn = periodsCovering(
      utc('2024-10-27T12:00:00Z'),
      utc('2024-10-27T12:00:00Z'),
      'day',
      'Europe/London',
    );
    expect(autumn.labels).toEqual(['2024-10-27']);
    expect((autumn.starts[1] as number) - (autumn.starts[0] as number)).toBe(25 * 3600_000);
  });

  it('gives 24 months 25 boundaries at local midnights', () => {
    const p = periodsCovering(
      utc('2023-01-15T00:00:00Z'),
      utc('2024-12-31T23:00:00Z'),
      'month',
      'Europe/London',
    );
    expect(p.labels).toHaveLength(24);
    expect(p.starts).toHaveLength(25);
    expect(p.labels[0]).toBe('2023-01');
    expect(p.labels[23]).toBe('2024-12');
    expect(iso(p.starts[3] as number)).toBe('2023-03-31T23:00:00.000Z'); // 1 April 2023, BST
    expect(iso(p.starts[24] as number)).toBe('2025-01-01T00:00:00.000Z');
  });

  it('labels ISO weeks by their week-year across a year boundary', () => {
    const p = periodsCovering(utc('2020-12-31T12:00:00Z'), utc('2021-01-04T00:00:00Z'), 'week', 'UTC');
    expect(p.labels).toEqual(['2020-W53', '2021-W01']);
    expect(iso(p.starts[0] as number)).toBe('2020-12-28T00:00:00.000Z'); // Monday
    const q = periodsCovering(utc('2019-12-30T00:00:00Z'), utc('2019-12-30T00:00:00Z'), 'week', 'UTC');
    expect(q.labels).toEqual(['2020-W01']); // Monday 30 December 2019 starts ISO week 1 of 2020
  });

  it('labels quarters and starts them at local midnight', () => {
    const p = periodsCovering(
      utc('2024-02-10T00:00:00Z'),
      utc('2024-05-01T00:00:00Z'),
      'quarter',
      'America/New_York',
    );
    expect(p.labels).toEqual(['2024-Q1', '2024-Q2']);
    expect(Array.from(p.starts, iso)).toEqual([
      '2024-01-01T05:00:00.000Z',
      '2024-04-01T04:00:00.000Z',
      '2024-07-01T04:00:00.000Z',
    ]);
  });

  it('starts a day at its first existing instant where midnight is skipped (Santiago, 11 September 2022)', () => {
    const p = periodsCovering(
      utc('2022-09-11T12:00:00Z'),
      utc('2022-09-11T12:00:00Z'),
      'day',
      'America/Santiago',
    );
    expect(p.labels).toEqual(['2022-09-11']);
    // Clocks went from 00:00 −04 to 01:00 −03: the day starts at 01:00 −03 and lasts 23 hours.
    expect(Array.from(p.starts, iso)).toEqual(['2022-09-11T04:00:00.000Z', '2022-09-12T03:00:00.000Z']);
  });

  it('refuses bad zones, units and reversed ranges with invalid-argument', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof ServiceError ? e.code : 'other';
      }
      return undefined;
    };
    expect(code(() => periodsCovering(0, 1, 'month', 'Mars/Olympus'))).toBe('invalid-argument');
    expect(code(() => periodsCovering(0, 1, 'year' as 'month', 'UTC'))).toBe('invalid-argument');
    expect(code(() => periodsCovering(2, 1, 'day', 'UTC'))).toBe('invalid-argument');
    expect(code(() => periodsCovering(NaN, 1, 'day', 'UTC'))).toBe('invalid-argument');
    expect(code(() => periodsCovering(0, 1e15, 'day', 'UTC'))).toBe('invalid-argument');
  });
});

describe('periodIndex', () => {
  const p = periodsCovering(utc('2024-01-01T00:00:00Z'), utc('2024-03-01T00:00:00Z'), 'month', 'UTC');

  it('puts a boundary instant in the period it starts (half-open periods)', () => {
    expect(periodIndex(p, utc('2024-01-01T00:00:00Z'))).toBe(0);
    expect(periodIndex(p, utc('2024-01-31T23:59:59.999Z'))).toBe(0);
    expect(periodIndex(p, utc('2024-02-01T00:00:00Z'))).toBe(1);
    expect(periodIndex(p, utc('2024-03-31T23:59:59.999Z'))).toBe(2);
  });

  it('answers −1 outside the periods and for NaN', () => {
    expect(periodIndex(p, utc('2023-12-31T23:59:59.999Z'))).toBe(-1);
    expect(periodIndex(p, utc('2024-04-01T00:00:00Z'))).toBe(-1);
    expect(periodIndex(p, NaN)).toBe(-1);
  });

  it('agrees with a linear scan on every day of a London year', () => {
    const y = periodsCovering(
      utc('2024-01-01T00:00:00Z'),
      utc('2024-12-31T12:00:00Z'),
      'day',
      'Europe/London',
    );
    expect(y.labels).toHaveLength(366);
    for (let t = utc('2024-01-01T00:00:00Z'); t < utc('2025-01-01T00:00:00Z'); t += 3 * 3600_000 + 17) {
      let expected = -1;
      for (let i = 0; i < y.labels.length; i++)
        if (t >= (y.starts[i] as number) && t < (y.starts[i + 1] as number)) expected = i;
      expect(periodIndex(y, t)).toBe(expected);
    }
  });
});

describe('periodStartOf', () => {
  it('finds the local midnight starting the period', () => {
    // 1 August 2024 00:30 BST is 31 July 23:30 UTC.
    expect(iso(periodStartOf(utc('2024-07-31T23:30:00Z'), 'month', 'Europe/London'))).toBe(
      '2024-07-31T23:00:00.000Z',
    );
    expect(iso(periodStartOf(utc('2024-07-31T23:30:00Z'), 'month', 'UTC'))).toBe('2024-07-01T00:00:00.000Z');
    expect(iso(periodStartOf(utc('2021-01-03T12:00:00Z'), 'week', 'UTC'))).toBe('2020-12-28T00:00:00.000Z');
    expect(iso(periodStartOf(utc('2024-05-15T12:00:00Z'), 'quarter', 'Europe/London'))).toBe(
      '2024-03-31T23:00:00.000Z',
    );
  });
});
