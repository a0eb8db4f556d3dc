import { describe, expect, it } from 'vitest';
import { rfmGrid } from '../../../core/analytics/rfm/grid';
import { scoreRfm } from '../../../core/analytics/rfm/score';
import {
  fmScore,
  RFM_SEGMENT_LABELS,
  RFM_SEGMENT_MAP,
  RFM_SEGMENTS,
  rfmSegment,
} from '../../../core/analytics/rfm/segments';

describe('RFM segments', () => {
  it('maps the documented corners and centre', () => {
    expect(rfmSegment(5, 5)).toBe('champions');
    expect(rfmSegment(5, 4)).toBe('champions');
    expect(rfmSegment(5, 1)).toBe('new-customers');
    expect(rfmSegment(4, 1)).toBe('promising');
    expect(rfmSegment(4, 2)).toBe('potential-loyalists');
    expect(rfmSegment(3, 4)).toBe('loyal-customers');
    expect(rfmSegment(3, 3)).toBe('need-attention');
    expect(rfmSegment(3, 1)).toBe('about-to-sleep');
    expect(rfmSegment(2, 3)).toBe('at-risk');
    expect(rfmSegment(1, 5)).toBe('cant-lose-them');
    expect(rfmSegment(2, 2)).toBe('hibernating');
    expect(rfmSegment(1, 1)).toBe('lost');
  });

  it('covers all 25 cells and uses every one of the 11 segments', () => {
    const used = new Set(RFM_SEGMENT_MAP.flat());
    expect(RFM_SEGMENT_MAP.flat()).toHaveLength(25);
    expect([...used].sort()).toEqual([...RFM_SEGMENTS].sort());
    for (const s of RFM_SEGMENTS) expect(RFM_SEGMENT_LABELS[s].length).toBeGreaterThan(0);
  });

  it('rounds FM half up', () => {
    expect(fmScore(1, 1)).toBe(1);
    expect(fmScore(1, 2)).toBe(2);
    expect(fmScore(2, 3)).toBe(3);
    expect(fmScore(5, 4)).toBe(5);
    expect(fmScore(1, 5)).toBe(3);
  });

  it('rejects scores outside 1–5', () => {
    expect(() => rfmSegment(0, 3)).toThrow(RangeError);
    expect(() => fmScore(3, 6)).toThrow(RangeError);
    expect(() => rfmSegment(2.5, 3)).toThrow(RangeError);
  });
});

describe('rfmGrid', () => {
  it('counts customers and sums money per R × F cell and per segment (by hand)', () => {
    const scored = scoreRfm([
      { customerId: 'c1', recencyDays: 1, frequency: 10, monetary: 500 },
      { customerId: 'c2', recencyDays: 10, frequency: 1, monetary: 20 },
      { customerId: 'c3', recencyDays: 100, frequency: 1, monetary: 30 },
      { customerId: 'c4', recencyDays: 5, frequency: 3, monetary: 200 },
      { customerId: 'c5', recencyDays: 50, frequency: 2, monetary: 80 },
    ]);
    const grid = rfmGrid(scored);
    expect(grid.cells).toHaveLength(25);
    expect(grid.cells[0]).toEqual({ r: 5, f: 1, customers: 0, monetary: 0 });
    expect(grid.cells[24]).toEqual({ r: 1, f: 5, customers: 0, monetary: 0 });
    const cell = (r: number, f: number) => grid.cells.find((c) => c.r === r && c.f === f);
    // (R, F): c1 (5, 5), c2 (3, 2), c3 (1, 2), c4 (4, 4), c5 (2, 3)
    expect(cell(5, 5)).toEqual({ r: 5, f: 5, customers: 1, monetary: 500 });
    expect(cell(3, 2)).toEqual({ r: 3, f: 2, customers: 1, monetary: 20 });
    expect(cell(1, 2)).toEqual({ r: 1, f: 2, customers: 1, monetary: 30 });
    expect(cell(4, 4)).toEqual({ r: 4, f: 4, customers: 1, monetary: 200 });
    expect(cell(2, 3)).toEqual({ r: 2, f: 3, customers: 1, monetary: 80 });
    expect(grid.cells.reduce((s, c) => s + c.customers, 0)).toBe(5);
    expect(grid.customers).toBe(5);
    expect(grid.monetary).toBe(830);
    expect(grid.segments).toHaveLength(11);
    expect(grid.segments.find((s) => s.segment === 'champions')).toEqual({
      segment: 'champions',
      customers: 1,
      monetary: 500,
    });
    expect(grid.segments.find((s) => s.segment === 'lost')).toEqual({
      segment: 'lost',
      customers: 0,
      monetary: 0,
    });
  });

  it('is all zeros for no customers', () => {
    const grid = rfmGrid([]);
    expect(grid.customers).toBe(0);
    expect(grid.cells.every((c) => c.customers === 0 && c.monetary === 0)).toBe(true);
  });

  it('rejects out-of-range scores', () => {
    expect(() => rfmGrid([{ r: 6, f: 1, monetary: 1, segment: 'lost' }])).toThrow(RangeError);
  });
});
