import type { FormatModule } from '../format';
import type { AdSpendRecord, CampaignChannel, CampaignRecord } from '../records';
import {
  Columns,
  cell,
  currencyOf,
  dayCell,
  numberCell,
  requireCell,
  requireNumber,
  rowMapper,
} from './columns';
import { normalizeHeader } from './columns';

/**
 * Google Ads campaign (or ad group) report downloaded as CSV from the Google Ads
 * interface. Above the header sit title rows — the report name ("Campaign
 * report") and its date range ("January 1, 2024 - January 31, 2024") — and at
 * the bottom total rows ("Total: Account", "Total: Search", …). Figures are
 * formatted (`1,234.56`), missing ones are `--`. Spend is only daily when the
 * report is segmented by Day, so the Day column is required.
 */

const SIGNATURE = [
  'Campaign',
  'Campaign ID',
  'Campaign status',
  'Campaign type',
  'Ad group',
  'Day',
  'Currency code',
  'Cost',
  'Impr.',
  'Impressions',
  'Clicks',
  'Conversions',
  'Conv. value',
  'Avg. CPC',
  'CTR',
  'Account',
  'Customer ID',
];

const HEADER_HINTS = new Set([
  'campaign',
  'campaign id',
  'cost',
  'impr.',
  'impressions',
  'clicks',
  'day',
  'conversions',
]);

/** The first of the first rows that reads like the report's header (three or more known column names). */
function findHeader(firstRows: string[][]): number {
  for (let i = 0; i < Math.min(firstRows.length, 15); i++) {
    let hits = 0;
    for (const cellText of firstRows[i]) if (HEADER_HINTS.has(normalizeHeader(cellText))) hits++;
    if (hits >= 3) return i;
  }
  return 0;
}

export function isTotalRow(row: string[]): boolean {
  for (let i = 0; i < Math.min(row.length, 4); i++) {
    if (/^total\b/i.test(row[i].trim())) return true;
  }
  return false;
}

const CAMPAIGN_TYPES: Record<string, CampaignChannel> = {
  search: 'paid_search',
  shopping: 'paid_search',
  display: 'display',
  video: 'display',
  discovery: 'display',
  'demand gen': 'display',
  'performance max': 'other',
  smart: 'other',
  app: 'other',
};

export const googleAds: FormatModule = {
  id: 'google-ads',
  label: 'Google Ads report',
  description:
    'A Google Ads campaign or ad group report by day: cost, impressions, clicks, conversions and conversion value.',

  headerIndex: findHeader,

  detect(header) {
    const columns = new Columns(header);
    if (!columns.has('Campaign') || !columns.has('Cost')) return 0;
    if (!columns.has('Impr.') && !columns.has('Impressions')) return 0;
    return 0.5 + (0.5 * columns.count(SIGNATURE)) / SIGNATURE.length;
  },

  createMapper(header, ctx) {
    const columns = new Columns(header);
    const campaign = columns.required('Campaign');
    const day = columns.required(['Day', 'Date'], '2024-01-31');
    const cost = columns.required('Cost', '1,234.56');
    columns.assertComplete(googleAds.label);
    const campaignId = columns.optional('Campaign ID');
    const campaignType = columns.optional('Campaign type');
    const status = columns.optional('Campaign status');
    const adGroup = columns.optional('Ad group');
    const currency = columns.optional(['Currency code', 'Currency']);
    const impressions = columns.optional(['Impr.', 'Impressions']);
    const clicks = columns.optional(['Clicks', 'Interactions']);
    const conversions = columns.optional(['Conversions', 'Conv.']);
    const value = columns.optional(['Conv. value', 'Conversion value', 'All conv. value']);
    const account = columns.optional(['Account', 'Account name']);
    const accountId = columns.optional(['Customer ID', 'Account ID']);
    const seen = new Set<string>();

    return rowMapper(header, {
      map(row) {
        if (isTotalRow(row)) return { kind: 'skipped', why: 'total-row' };
        const name = requireCell(row, campaign);
        const date = dayCell(row, day);
        if (date === undefined) {
          // Rows without a day under a named campaign are the report's summaries.
          return { kind: 'skipped', why: 'total-row' };
        }
        const id = cell(row, campaignId);
        const group = cell(row, adGroup);
        const typeWord = cell(row, campaignType)?.toLowerCase();
        const channel = typeWord === undefined ? 'paid_search' : (CAMPAIGN_TYPES[typeWord] ?? 'other');
        const spend: AdSpendRecord = {
          kind: 'ad-spend',
          source: 'google-ads',
          key: `${id ?? name}|${group ?? ''}|${date}`,
          platform: 'google-ads',
          date,
          accountId: cell(row, accountId),
          accountName: cell(row, account),
          campaignSourceId: id,
          campaignName: name,
          adGroup: group,
          channel,
          currency: cell(row, currency)?.toUpperCase() ?? currencyOf(row, cost),
          cost: requireNumber(row, cost, ctx, 'cost'),
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
          source: 'google-ads',
          key: campaignKey,
          sourceId: campaignKey,
          name,
          channel,
          campaignType: 'ads',
          status: cell(row, status)?.toLowerCase(),
        };
        return [record, spend];
      },
    });
  },
};
