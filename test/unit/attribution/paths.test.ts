import { describe, expect, it } from 'vitest';
import { MS_PER_DAY, assertPathSet, buildPaths, createRng } from '../../../core/analytics/attribution';
import type { ConversionInput, PathSet, TouchpointInput } from '../../../core/analytics/attribution';

const T0 = Date.UTC(2025, 2, 1, 12);
const day = (d: number) => T0 + d * MS_PER_DAY;

/** Paths as readable rows: conversion id (or '-'), channels, ages in days. */
function describePaths(ps: PathSet) {
  return Array.from({ length: ps.pathCount }, (_, p) => {
    const range = Array.from(
      { length: ps.pathStart[p + 1] - ps.pathStart[p] },
      (_, i) => ps.pathStart[p] + i,
    );
    return {
      id: ps.conversionIds?.[p] ?? '-',
      conversions: ps.conversions[p],
      nonConversions: ps.nonConversions[p],
      value: ps.value[p],
      channels: range.map((i) => ps.channels[ps.touchChannel[i]]),
      days: range.map((i) => ps.touchAgeMs[i] / MS_PER_DAY),
    };
  });
}

describe('lookback window', () => {
  const touches: TouchpointInput[] = [
    { id: 't1', personId: 'p', at: day(-30) - 1, channel: 'Display' },
    { id: 't2', personId: 'p', at: day(-30), channel: 'Email' },
    { id: 't3', personId: 'p', at: day(-2), channel: 'Paid Search' },
    { id: 't4', personId: 'p', at: day(0), channel: 'Direct' },
    { id: 't5', personId: 'p', at: day(0) + 1, channel: 'SMS' },
  ];
  const conversions: ConversionInput[] = [{ id: 'o1', personId: 'p', at: day(0), value: 120 }];

  it('takes touches from conversion − lookback to the conversion, both ends included', () => {
    const { paths, stats } = buildPaths(touches, conversions, { includeNonConverting: false });
    expect(describePaths(paths)).toEqual([
      {
        id: 'o1',
        conversions: 1,
        nonConversions: 0,
        value: 120,
        channels: ['Email', 'Paid Search', 'Direct'],
        days: [30, 2, 0],
      },
    ]);
    expect(stats).toEqual({
      conversions: 1,
      conversionsWithoutTouch: 0,
      nonConvertingJourneys: 0,
      touchpoints: 5,
      touchpointsUsed: 3,
    });
  });

  it('follows a configured lookback and a cap on path length', () => {
    const short = buildPaths(touches, conversions, { lookbackDays: 7, includeNonConverting: false });
    expect(describePaths(short.paths)[0].channels).toEqual(['Paid Search', 'Direct']);
    const capped = buildPaths(touches, conversions, { maxTouches: 1, includeNonConverting: false });
    expect(describePaths(capped.paths)[0].channels).toEqual(['Direct']);
  });

  it('builds the journey after the last conversion as a non-converting path', () => {
    const { paths } = buildPaths(touches, conversions);
    expect(describePaths(paths)[1]).toEqual({
      id: '-',
      conversions: 0,
      nonConversions: 1,
      value: 0,
      channels: ['SMS'],
      days: [0],
    });
  });
});

describe('ordering and ties', () => {
  it('orders touches by time whatever the input order, and same-time touches by id', () => {
    const touches: TouchpointInput[] = [
      { id: 'b', personId: 'p', at: day(-1), channel: 'Paid Search' },
      { id: 'z', personId: 'p', at: day(-3), channel: 'Email' },
      { id: 'a', personId: 'p', at: day(-1), channel: 'Organic Social' },
    ];
    const { paths } = buildPaths(touches, [{ id: 'o', personId: 'p', at: day(0) }]);
    expect(describePaths(paths)[0].channels).toEqual(['Email', 'Organic Social', 'Paid Search']);
  });

  it('gives the same path set for shuffled input', () => {
    const rng = createRng(99);
    const touches: TouchpointInput[] = [];
    const conversions: ConversionInput[] = [];
    for (let i = 0; i < 300; i++) {
      touches.push({
        id: `t${i}`,
        personId: `p${rng.int(40)}`,
        at: day(-rng.int(60)),
        channel: ['Email', 'Direct', 'Paid Search', 'Display'][rng.int(4)],
        campaign: rng.next() < 0.5 ? `c${rng.int(5)}` : null,
      });
    }
    for (let i = 0; i < 60; i++) {
      conversions.push({
        id: `o${i}`,
        personId: `p${rng.int(40)}`,
        at: day(-rng.int(60)),
        value: rng.int(100),
      });
    }
    const shuffle = <T>(a: T[]): T[] => {
      const b = a.slice();
      for (let i = b.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [b[i], b[j]] = [b[j], b[i]];
      }
      return b;
    };
    const one = buildPaths(touches, conversions);
    const two = buildPaths(shuffle(touches), shuffle(conversions));
    expect(two).toEqual(one);
    assertPathSet(one.paths);
  });
});

describe('conversions and journeys', () => {
  it('credits a conversion without any touch in its window to (none)', () => {
    const { paths, stats } = buildPaths(
      [{ personId: 'p', at: day(-40), channel: 'Email' }],
      [
        { id: 'o', personId: 'p', at: day(0), value: 10 },
        { id: 'q', personId: 'nobody', at: day(0) },
      ],
    );
    expect(describePaths(paths).map((p) => [p.id, p.channels])).toEqual([
      ['o', ['(none)']],
      ['q', ['(none)']],
    ]);
    expect(stats.conversionsWithoutTouch).toBe(2);
  });

  it('lets a later conversion reuse earlier touches unless paths reset after a conversion', () => {
    const touches: TouchpointInput[] = [
      { personId: 'p', at: day(-10), channel: 'Email' },
      { personId: 'p', at: day(-5), channel: 'Paid Search' },
      { personId: 'p', at: day(-1), channel: 'SMS' },
    ];
    const conversions: ConversionInput[] = [
      { id: 'first', personId: 'p', at: day(-5) },
      { id: 'second', personId: 'p', at: day(0) },
    ];
    const shared = buildPaths(touches, conversions, { includeNonConverting: false });
    expect(describePaths(shared.paths).map((p) => p.channels)).toEqual([
      ['Email', 'Paid Search'],
      ['Email', 'Paid Search', 'SMS'],
    ]);
    const reset = buildPaths(touches, conversions, {
      includeNonConverting: false,
      resetAfterConversion: true,
    });
    expect(describePaths(reset.paths).map((p) => p.channels)).toEqual([['Email', 'Paid Search'], ['SMS']]);
  });

  it('limits a non-converting journey to the lookback window before its last touch', () => {
    const { paths } = buildPaths(
      [
        { personId: 'p', at: day(-100), channel: 'Display' },
        { personId: 'p', at: day(-20), channel: 'Email' },
        { personId: 'p', at: day(-1), channel: 'Direct' },
      ],
      [],
    );
    expect(describePaths(paths)).toEqual([
      { id: '-', conversions: 0, nonConversions: 1, value: 0, channels: ['Email', 'Direct'], days: [19, 0] },
    ]);
  });

  it('accepts Dates, keeps touchpoint ids and lead marks', () => {
    const { paths } = buildPaths(
      [{ id: 'tp-1', personId: 'p', at: new Date(day(-1)), channel: 'Email', leadCreation: true }],
      [{ id: 'o', personId: 'p', at: new Date(day(0)) }],
    );
    expect(paths.touchIds).toEqual(['tp-1']);
    expect(Array.from(paths.touchLead)).toEqual([1]);
  });

  it('names the channel from source/medium/referrer when the touchpoint has none, and keeps an explicit one', () => {
    const { paths } = buildPaths(
      [
        { personId: 'p', at: day(-3), source: 'google', medium: 'cpc' },
        { personId: 'p', at: day(-2), referrer: 'https://www.facebook.com/' },
        { personId: 'p', at: day(-1), channel: 'partner network', medium: 'cpc' },
      ],
      [{ id: 'o', personId: 'p', at: day(0) }],
      { includeNonConverting: false },
    );
    expect(describePaths(paths)[0].channels).toEqual(['Paid Search', 'Organic Social', 'partner network']);
  });

  it('rejects bad input with a message', () => {
    expect(() =>
      buildPaths(
        [],
        [
          { id: 'o', personId: 'p', at: 1 },
          { id: 'o', personId: 'p', at: 2 },
        ],
      ),
    ).toThrow(/appears twice/);
    expect(() => buildPaths([], [], { lookbackDays: 0 })).toThrow(/lookback/);
    expect(() => buildPaths([{ personId: 'p', at: Number.NaN, channel: 'Email' }], [])).toThrow(/valid time/);
    expect(() => buildPaths([], [{ id: 'o', personId: 'p', at: 1, value: Number.NaN }])).toThrow(/value/);
  });
});
