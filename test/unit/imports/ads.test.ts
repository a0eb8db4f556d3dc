import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { AdSpendRecord } from '../../../core/imports';
import { googleAds } from '../../../core/imports/formats/google-ads';
import { metaAds } from '../../../core/imports/formats/meta-ads';
import { ofKind, readAll, reasons } from './helpers';

describe('Google Ads report', () => {
  test('title rows above the header, total rows below, formatted figures', async () => {
    const r = await readAll('google-ads/campaign-report.csv');
    expect(r.info).toMatchObject({ format: 'google-ads', headerRowNumber: 3, delimiter: ',' });
    expect(r.info.header.slice(0, 3)).toEqual(['Campaign status', 'Campaign', 'Campaign ID']);
    expect(r.rowsRead).toBe(8);
    expect(r.rowsSkipped).toBe(2);
    expect(r.records.map((x) => `${x.kind}:${x.key}`)).toEqual([
      'campaign:123456789',
      'ad-spend:123456789||2024-03-01',
      'ad-spend:123456789||2024-03-02',
      'campaign:987654321',
      'ad-spend:987654321||2024-03-01',
      'ad-spend:987654321||2024-03-02',
      'campaign:555666777',
      'ad-spend:555666777||2024-03-03',
    ]);
    const spend = ofKind(r.records, 'ad-spend');
    expect(spend[0]).toEqual({
      kind: 'ad-spend',
      source: 'google-ads',
      key: '123456789||2024-03-01',
      platform: 'google-ads',
      date: '2024-03-01',
      campaignSourceId: '123456789',
      campaignName: 'Brand - Search',
      channel: 'paid_search',
      currency: 'USD',
      cost: 1234.56,
      impressions: 10500,
      clicks: 420,
      conversions: 12,
      conversionValue: 2400,
    });
    expect(
      spend.map((s) => [
        s.date,
        s.channel,
        s.cost,
        s.impressions,
        s.clicks,
        s.conversions,
        s.conversionValue,
      ]),
    ).toEqual([
      ['2024-03-01', 'paid_search', 1234.56, 10500, 420, 12, 2400],
      ['2024-03-02', 'paid_search', 980.1, 9870, 398, 9.5, 1900.5],
      ['2024-03-01', 'display', 45, 50000, 60, 0, 0],
      ['2024-03-02', 'display', 0, 0, 0, 0, 0],
      ['2024-03-03', 'paid_search', 310.25, 7210, 150, 4.33, 866],
    ]);
    expect(ofKind(r.records, 'campaign')[0]).toEqual({
      kind: 'campaign',
      source: 'google-ads',
      key: '123456789',
      sourceId: '123456789',
      name: 'Brand - Search',
      channel: 'paid_search',
      campaignType: 'ads',
      status: 'enabled',
    });
    expect(reasons(r.rejections)).toEqual(['9: Cost "12abc" is not an amount (expected like "1,234.50")']);
  });

  test('a negative cost is rejected with its row, never summed into spend', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loupe-ads-'));
    try {
      const file = join(dir, 'refund.csv');
      writeFileSync(
        file,
        [
          'Campaign,Campaign ID,Day,Currency code,Cost,Impr.,Clicks',
          'Brand - Search,123,2024-03-01,USD,10.00,100,4',
          'Brand - Search,123,2024-03-02,USD,-25.00,90,3',
          'Brand - Search,123,2024-03-03,USD,"(1,200.00)",80,2',
        ].join('\n'),
      );
      const r = await readAll(file, { format: 'google-ads' });
      expect(ofKind(r.records, 'ad-spend').map((s) => [s.date, s.cost])).toEqual([['2024-03-01', 10]]);
      expect(reasons(r.rejections)).toEqual([
        '3: Cost "-25.00" is negative; a cost cannot be below zero',
        '4: Cost "(1,200.00)" is negative; a cost cannot be below zero',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the "Excel CSV" download (UTF-16LE, tabs) reads the same', async () => {
    const utf8 = await readAll('google-ads/campaign-report.csv');
    const utf16 = await readAll('google-ads/campaign-report-utf16.csv');
    expect(utf16.info).toMatchObject({
      encoding: 'utf-16le',
      delimiter: '\t',
      format: 'google-ads',
      headerRowNumber: 3,
    });
    expect(utf16.records).toEqual(utf8.records);
    expect(reasons(utf16.rejections)).toEqual(reasons(utf8.rejections));
    expect(utf16.rowsSkipped).toBe(2);
  });

  test('a report not broken down by day cannot give daily spend', () => {
    expect(() =>
      googleAds.createMapper(['Campaign', 'Cost', 'Impr.', 'Clicks'], { timeZone: 'UTC', fileName: 'r.csv' }),
    ).toThrow('This file was read as a Google Ads report, but it has no "Day" column.');
  });
});

describe('Meta Ads report', () => {
  test('daily rows, the summary row skipped, currency from the spend column name', async () => {
    const r = await readAll('meta-ads/ads-report.csv');
    expect(r.info.format).toBe('meta-ads');
    expect(r.rowsRead).toBe(6);
    expect(r.rowsSkipped).toBe(1);
    const spend = ofKind(r.records, 'ad-spend');
    expect(spend[0]).toEqual({
      kind: 'ad-spend',
      source: 'meta-ads',
      key: '120200000000000001|Lookalike 1%||2024-03-01',
      platform: 'meta-ads',
      date: '2024-03-01',
      campaignSourceId: '120200000000000001',
      campaignName: 'Spring Prospecting',
      adSet: 'Lookalike 1%',
      channel: 'paid_social',
      currency: 'EUR',
      cost: 80.25,
      impressions: 12000,
      clicks: 250,
      conversions: 3,
      conversionValue: 450,
    });
    // The four days add up to the summary row the file also had (210.75 spent, 9 purchases).
    expect(spend.reduce((s, x) => s + x.cost, 0)).toBeCloseTo(210.75, 10);
    expect(spend.reduce((s, x) => s + (x.conversions ?? 0), 0)).toBe(9);
    expect(ofKind(r.records, 'campaign').map((c) => [c.sourceId, c.name, c.status])).toEqual([
      ['120200000000000001', 'Spring Prospecting', 'active'],
      ['120200000000000002', 'Retargeting', 'inactive'],
    ]);
    expect(reasons(r.rejections)).toEqual(['7: Day "2024-03-32" is not a date (expected like "2024-01-31")']);
  });

  test('without a Day breakdown, only one-day reporting windows are daily spend', () => {
    const mapper = metaAds.createMapper(
      ['Reporting starts', 'Reporting ends', 'Campaign name', 'Amount spent (USD)', 'Impressions'],
      {
        timeZone: 'UTC',
        fileName: 'meta.csv',
      },
    );
    const day = mapper.map(['2024-03-01', '2024-03-01', 'A', '10.5', '100'], 2);
    expect(day.kind).toBe('records');
    const spend = (day as { records: AdSpendRecord[] }).records.find((x) => x.kind === 'ad-spend');
    expect(spend).toMatchObject({ date: '2024-03-01', currency: 'USD', cost: 10.5, impressions: 100 });
    expect(mapper.map(['2024-03-01', '2024-03-31', 'A', '99', '1000'], 3)).toEqual({
      kind: 'rejected',
      reason:
        'This row covers 2024-03-01 to 2024-03-31, not one day; export the report with Breakdown → By time → Day so spend can be told per day',
      field: 'Reporting starts',
    });
    expect(mapper.map(['2024-03-01', '2024-03-31', '', '109.5', '1100'], 4)).toEqual({
      kind: 'skipped',
      why: 'total-row',
    });
  });
});
