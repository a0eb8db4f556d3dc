import { describe, expect, it } from 'vitest';
import { rankRows } from '../../../core/analytics/campaigns/leaderboard';
import { emptyRaw, performanceTier, ratio, toFigures } from '../../../core/analytics/campaigns/metrics';
import type { PerformanceRow } from '../../../core/analytics/campaigns/types';

describe('ratio', () => {
  it('is null, not NaN or 0, over nothing', () => {
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(5, 0)).toBeNull();
    expect(ratio(5, null)).toBeNull();
    expect(ratio(1, 4)).toBe(0.25);
  });
});

describe('performanceTier (campaign-performance.md: ROI ≥ 100 % High, ≥ 50 % Good)', () => {
  it('puts the boundaries exactly, in cents', () => {
    expect(performanceTier(200_00, 100_00)).toBe('High ROI'); // ROI 100 %
    expect(performanceTier(199_99, 100_00)).toBe('Good ROI'); // 99.99 %
    expect(performanceTier(150_00, 100_00)).toBe('Good ROI'); // 50 %
    expect(performanceTier(149_99, 100_00)).toBe('Standard');
    expect(performanceTier(41_500_00, 33_500_00)).toBe('Standard'); // the document's 23.9 %
    expect(performanceTier(0, 100_00)).toBe('Standard');
  });

  it('is Standard without spend, as the document has it', () => {
    expect(performanceTier(1_000_00, 0)).toBe('Standard');
    expect(performanceTier(1_000_00, null)).toBe('Standard');
  });
});

describe('toFigures', () => {
  it('computes every rate from the sums', () => {
    const raw = {
      ...emptyRaw(true),
      targeted: 110,
      sent: 100,
      delivered: 80,
      bounced: 20,
      uniqueOpens: 40,
      machineOnlyOpens: 10,
      uniqueClicks: 8,
      unsubscribes: 2,
      complaints: 1,
      conversions: 4,
      convertedRecipients: 3,
      revenueCents: 300_00,
      spendCents: 120_00,
      fromDeliveries: true,
      spendSources: ['ad-spend' as const],
    };
    const f = toFigures(raw, true);
    expect(f).toMatchObject({
      revenue: 300,
      spend: 120,
      deliveryRate: 0.8,
      openRate: 0.5,
      openRateExcludingMachine: 30 / 80,
      clickRate: 0.1,
      clickToOpenRate: 0.2,
      conversionRate: 3 / 80,
      bounceRate: 0.2,
      unsubscribeRate: 2 / 80,
      complaintRate: 1 / 80,
      roi: 1.5,
      roas: 2.5,
      cpa: 30,
      tier: 'High ROI',
      source: 'deliveries',
      spendSource: 'ad-spend',
    });
    // Without marked machine opens there is nothing to take out.
    expect(toFigures(raw, false).openRateExcludingMachine).toBeNull();
  });

  it('leaves ROI, ROAS and CPA null without spend, and CPA null without conversions', () => {
    const f = toFigures({ ...emptyRaw(true), revenueCents: 500_00, conversions: 2 }, false);
    expect(f).toMatchObject({ spend: 0, roi: null, roas: null, cpa: null, spendSource: 'none' });
    const g = toFigures({ ...emptyRaw(true), spendCents: 100_00, spendSources: ['budget-spent'] }, false);
    expect(g).toMatchObject({ roi: -1, roas: 0, cpa: null });
    expect(toFigures(emptyRaw(false), false)).toMatchObject({
      spend: null,
      spendSource: 'not-allocated',
      roi: null,
    });
  });
});

describe('rankRows (the retailer leaderboard)', () => {
  const retailer = (id: string, name: string, clickRate: number | null, revenue: number): PerformanceRow => ({
    ...toFigures(emptyRaw(false), false),
    key: { retailerId: id, retailerName: name, region: null },
    clickRate,
    revenue,
  });

  it('ranks by click rate, then revenue, then name, then id, unknown rates last', () => {
    const rows = [
      retailer('4', 'Zeta', 0.05, 100),
      retailer('3', 'Beta', null, 999),
      retailer('2', 'Alpha', 0.05, 100),
      retailer('1', 'Alpha', 0.05, 100),
      retailer('5', 'Gamma', 0.05, 200),
      retailer('6', 'Delta', 0.08, 0),
    ];
    expect(rankRows(rows, 'click_rate', 'retailer').map((r) => [r.rank, r.key.retailerId])).toEqual([
      [1, '6'],
      [2, '5'],
      [3, '1'],
      [4, '2'],
      [5, '4'],
      [6, '3'],
    ]);
  });
});
