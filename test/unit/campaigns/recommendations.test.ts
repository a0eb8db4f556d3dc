import { describe, expect, it } from 'vitest';
import { baselineOf, recommend } from '../../../core/analytics/campaigns/recommendations';

const snap = (openRate: number | null, clickRate: number | null, cpa: number | null, delivered = 1000) => ({
  openRate,
  clickRate,
  cpa,
  delivered,
});

describe('recommend (optimize_campaign_performance)', () => {
  it('flags an open rate below 0.8 × baseline, with the numbers that triggered it', () => {
    const { recommendations } = recommend(snap(0.15, 0.03, null), {
      openRate: 0.2,
      clickRate: 0.03,
      cpa: null,
    });
    // 0.15 < 0.2 × 0.8 = 0.16; gap (0.2 − 0.15) / 0.2 = 25 %.
    expect(recommendations).toHaveLength(1);
    expect(recommendations[0]).toMatchObject({
      kind: 'subject-lines',
      metric: 'open_rate',
      current: 0.15,
      baseline: 0.2,
      ratio: 0.8,
      risk: 'low',
    });
    expect(recommendations[0]?.limit).toBeCloseTo(0.16, 15);
    expect(recommendations[0]?.expectedImprovement).toBeCloseTo(25, 12);
  });

  it('does not flag at exactly the threshold', () => {
    // 0.16 is not below 0.16; 0.027 is not below 0.03 × 0.9 = 0.027; CPA 12 is not above 10 × 1.2.
    const r = recommend(snap(0.16, 0.027, 12), { openRate: 0.2, clickRate: 0.03, cpa: 10 });
    expect(r.recommendations.map((x) => x.kind)).toEqual(['scale']);
    expect(r.recommendations[0]?.expectedImprovement).toBe(5);
  });

  it('flags clicks below 0.9 × baseline and CPA above 1.2 × baseline together', () => {
    const r = recommend(snap(0.2, 0.02, 15), { openRate: 0.2, clickRate: 0.03, cpa: 10 });
    expect(r.recommendations.map((x) => [x.kind, x.risk])).toEqual([
      ['content-and-cta', 'medium'],
      ['audience', 'medium'],
    ]);
    expect(r.recommendations[0]?.expectedImprovement).toBeCloseTo((0.01 / 0.03) * 100, 12);
    expect(r.recommendations[1]?.expectedImprovement).toBeCloseTo(50, 12);
  });

  it('uses configured thresholds', () => {
    const r = recommend(
      snap(0.17, 0.03, null),
      { openRate: 0.2, clickRate: 0.03, cpa: null },
      {
        openRateRatio: 0.9,
        clickRateRatio: 0.9,
        cpaRatio: 1.2,
      },
    );
    expect(r.recommendations.map((x) => x.kind)).toEqual(['subject-lines']);
  });

  it('judges nothing without a baseline or with too few deliveries, and says why', () => {
    const none = recommend(snap(0.1, 0.01, 50), { openRate: null, clickRate: null, cpa: null });
    expect(none.recommendations).toEqual([]);
    expect(none.skipped.map((s) => s.metric)).toEqual(['open_rate', 'click_rate', 'cpa']);
    const small = recommend(snap(0.01, 0.001, null, 50), { openRate: 0.2, clickRate: 0.03, cpa: null });
    expect(small.recommendations).toEqual([]);
    expect(small.skipped[0]?.reason).toMatch(/fewer than 100 delivered/);
  });
});

describe('baselineOf', () => {
  it('averages the campaigns’ rates, ignoring small campaigns for rates and unknown values', () => {
    const b = baselineOf(
      [
        { campaignId: 'a', ...snap(0.2, 0.02, 10) },
        { campaignId: 'b', ...snap(0.3, null, null) },
        { campaignId: 'c', ...snap(0.9, 0.9, 20, 10) },
      ],
      100,
    );
    expect(b.campaignIds).toEqual(['a', 'b', 'c']);
    expect(b.openRate).toBeCloseTo(0.25, 15);
    expect(b.clickRate).toBeCloseTo(0.02, 15);
    expect(b.cpa).toBeCloseTo(15, 15);
  });
});
