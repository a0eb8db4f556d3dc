import type { FormatModule } from '../format';
import type { AdSpendRecord, CampaignRecord } from '../records';
import { Columns, cell, currencyOf, dayCell, numberCell, reject, requireNumber, rowMapper } from './columns';
import type { Column } from './columns';

/**
 * Meta Ads Manager report exported as CSV: `Reporting starts,Reporting
 * ends,Campaign name,…,Amount spent (USD),Impressions,…`, broken down by Day or
 * not. With a Day breakdown each row is one day; without it, a row is one day
 * only when its reporting window is one day long. A summary row (no campaign
 * name, the whole window's totals) may come first or last.
 */

const SIGNATURE = [
  'Reporting starts',
  'Reporting ends',
  'Campaign name',
  'Campaign ID',
  'Ad set name',
  'Ad name',
  'Day',
  'Amount spent',
  'Impressions',
  'Reach',
  'Frequency',
  'Results',
  'Result indicator',
  'Link clicks',
  'Clicks (all)',
  'Purchases',
  'Purchases conversion value',
];

/** "Amount spent (USD)" → the column and the currency its name states. */
function amountSpentColumn(columns: Columns): { col: Column | undefined; currency: string | undefined } {
  for (const name of columns.header) {
    const m = /^amount spent(?:\s*\(([A-Za-z]{3})\))?$/i.exec(name.trim());
    if (m) return { col: columns.optional(name), currency: m[1]?.toUpperCase() };
  }
  return { col: undefined, currency: undefined };
}

export const metaAds: FormatModule = {
  id: 'meta-ads',
  label: 'Meta Ads report',
  description:
    'A Meta (Facebook and Instagram) Ads Manager report: amount spent, impressions, clicks, purchases and their value per campaign and day.',

  detect(header) {
    const columns = new Columns(header);
    const hasSpend = columns.header.some((h) => /^amount spent/i.test(h.trim()));
    if (!hasSpend || (!columns.has('Campaign name') && !columns.has('Reporting starts'))) return 0;
    return 0.5 + (0.5 * (columns.count(SIGNATURE) + 1)) / SIGNATURE.length;
  },

  createMapper(header, ctx) {
    const columns = new Columns(header);
    const campaign = columns.required('Campaign name');
    const spent = amountSpentColumn(columns);
    const spentCol = spent.col ?? columns.required('Amount spent (USD)');
    const day = columns.optional(['Day', 'Date'], '2024-01-31');
    const starts = columns.optional('Reporting starts', '2024-01-01');
    const ends = columns.optional('Reporting ends', '2024-01-31');
    if (day === undefined && (starts === undefined || ends === undefined)) columns.required('Day');
    columns.assertComplete(metaAds.label);
    const campaignId = columns.optional('Campaign ID');
    const adSet = columns.optional('Ad set name');
    const adName = columns.optional('Ad name');
    const currency = columns.optional('Currency');
    const delivery = columns.optional(['Campaign delivery', 'Delivery status']);
    const impressions = columns.optional('Impressions');
    const clicks = columns.optional(['Link clicks', 'Clicks (all)', 'Clicks']);
    const conversions = columns.optional(['Purchases', 'Website purchases', 'Results']);
    const value = columns.optional([
      'Purchases conversion value',
      'Website purchases conversion value',
      'Conversion value',
    ]);
    const account = columns.optional('Account name');
    const accountId = columns.optional('Account ID');
    const seen = new Set<string>();

    return rowMapper(header, {
      map(row) {
        const name = cell(row, campaign);
        if (name === undefined || /^total\b/i.test(name)) return { kind: 'skipped', why: 'total-row' };
        let date: string | undefined;
        if (day !== undefined) date = dayCell(row, day);
        if (date === undefined) {
          const from = dayCell(row, starts);
          const to = dayCell(row, ends);
          if (from === undefined || to === undefined) reject(`${day?.name ?? 'Day'} is empty`, day?.name);
          if (from !== to) {
            reject(
              `This row covers ${from} to ${to}, not one day; export the report with Breakdown → By time → Day so spend can be told per day`,
              starts?.name,
            );
          }
          date = from;
        }
        const id = cell(row, campaignId);
        const set = cell(row, adSet);
        const ad = cell(row, adName);
        const spend: AdSpendRecord = {
          kind: 'ad-spend',
          source: 'meta-ads',
          key: `${id ?? name}|${set ?? ''}|${ad ?? ''}|${date}`,
          platform: 'meta-ads',
          date,
          accountId: cell(row, accountId),
          accountName: cell(row, account),
          campaignSourceId: id,
          campaignName: name,
          adSet: set,
          adName: ad,
          channel: 'paid_social',
          currency: cell(row, currency)?.toUpperCase() ?? spent.currency ?? currencyOf(row, spentCol),
          cost: requireNumber(row, spentCol, ctx, 'cost'),
          impressions: numberCell(row, impressions, ctx, 'count'),
          clicks: numberCell(row, clicks, ctx, 'count'),
          conversions: numberCell(row, conversions, ctx, 'number'),
          conversionValue: numberCell(row, value, ctx, 'money'),
        };
        const campaignKey = id ?? name;
        if (seen.has(campaignKey)) return [spend];
        seen.add(campaignKey);
        const record: CampaignRecord = {
          kind: 'campaign',
          source: 'meta-ads',
          key: campaignKey,
          sourceId: campaignKey,
          name,
          channel: 'paid_social',
          campaignType: 'ads',
          status: cell(row, delivery)?.toLowerCase(),
        };
        return [record, spend];
      },
    });
  },
};
