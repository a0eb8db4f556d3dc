import type { MapContext } from '../format';
import type { CampaignStatsRecord } from '../records';
import { numberCell } from './columns';
import type { Column, Columns } from './columns';
import { deriveBounces, deriveCount } from './stats';

/**
 * The figures Klaviyo's campaign and flow exports share, read the same way for
 * both. Klaviyo has named the same figure differently across layouts and
 * between campaign and flow reports; every spelling it has used is listed.
 */
export interface KlaviyoStatsColumns {
  recipients?: Column;
  delivered?: Column;
  bounces?: Column;
  bounceRate?: Column;
  uniqueOpens?: Column;
  openRate?: Column;
  totalOpens?: Column;
  uniqueClicks?: Column;
  clickRate?: Column;
  totalClicks?: Column;
  unsubscribes?: Column;
  unsubRate?: Column;
  complaints?: Column;
  complaintRate?: Column;
  orders?: Column;
  orderRate?: Column;
  revenue?: Column;
}

export function klaviyoStatsColumns(columns: Columns): KlaviyoStatsColumns {
  return {
    recipients: columns.optional('Total Recipients'),
    delivered: columns.optional(['Successful Deliveries', 'Delivered']),
    bounces: columns.optional(['Bounces', 'Bounced']),
    bounceRate: columns.optional('Bounce Rate'),
    uniqueOpens: columns.optional('Unique Opens'),
    openRate: columns.optional('Open Rate'),
    totalOpens: columns.optional('Total Opens'),
    uniqueClicks: columns.optional('Unique Clicks'),
    clickRate: columns.optional('Click Rate'),
    totalClicks: columns.optional('Total Clicks'),
    unsubscribes: columns.optional([
      'Unsubscribes',
      'Unique Unsubscribes',
      'Total Unsubscribes',
      'Unsubscribed',
    ]),
    unsubRate: columns.optional(['Unsubscribe Rate', 'Unsub Rate']),
    complaints: columns.optional(['Spam Complaints', 'Spam']),
    complaintRate: columns.optional(['Spam Complaints Rate', 'Spam Complaint Rate', 'Complaint Rate']),
    orders: columns.optional([
      'Unique Placed Order',
      'Placed Order',
      'Unique Placed Orders',
      'Placed Orders',
    ]),
    orderRate: columns.optional('Placed Order Rate'),
    revenue: columns.optional('Revenue'),
  };
}

/** One row's figures; counts the row gives only as rates are derived from them. */
export function readKlaviyoStats(
  row: string[],
  cols: KlaviyoStatsColumns,
  ctx: Pick<MapContext, 'decimalComma'>,
  ids: Pick<CampaignStatsRecord, 'key' | 'campaignSourceId' | 'periodStart' | 'periodEnd'>,
): CampaignStatsRecord {
  const count = (col: Column | undefined): number | undefined => numberCell(row, col, ctx, 'count');
  const rate = (col: Column | undefined): number | undefined => numberCell(row, col, ctx, 'rate');
  const delivered = count(cols.delivered);
  const stats: CampaignStatsRecord = {
    kind: 'campaign-stats',
    source: 'klaviyo',
    ...ids,
    recipients: count(cols.recipients),
    delivered,
    bounces: count(cols.bounces),
    uniqueOpens: count(cols.uniqueOpens),
    totalOpens: count(cols.totalOpens),
    uniqueClicks: count(cols.uniqueClicks),
    totalClicks: count(cols.totalClicks),
    unsubscribes: count(cols.unsubscribes),
    complaints: count(cols.complaints),
    orders: count(cols.orders),
    revenue: numberCell(row, cols.revenue, ctx, 'money'),
  };
  // Klaviyo's open, click, unsubscribe, spam and order rates are over
  // successful deliveries; its bounce rate is over recipients.
  deriveCount(stats, 'uniqueOpens', rate(cols.openRate), delivered);
  deriveCount(stats, 'uniqueClicks', rate(cols.clickRate), delivered);
  deriveCount(stats, 'unsubscribes', rate(cols.unsubRate), delivered);
  deriveCount(stats, 'complaints', rate(cols.complaintRate), delivered);
  deriveCount(stats, 'orders', rate(cols.orderRate), delivered);
  deriveBounces(stats, rate(cols.bounceRate), delivered);
  return stats;
}
