import type { FormatModule } from '../format';
import type { CampaignRecord, CampaignStatsRecord } from '../records';
import { Columns, cell, numberCell, requireCell, requireInstant, rowMapper } from './columns';
import { deriveCount } from './stats';

/**
 * Mailchimp's all-campaigns report (Reports → Download all campaign reports):
 * one row per sent campaign with its totals. Send Date is written in the
 * account's time zone as `Jun 09, 2018 09:30 pm`; rates as `27.78%`; figures
 * the account does not track (e-commerce) as `n/a`.
 */

const SIGNATURE = [
  'Title',
  'Subject',
  'List',
  'Send Date',
  'Send Weekday',
  'Total Recipients',
  'Successful Deliveries',
  'Soft Bounces',
  'Hard Bounces',
  'Total Bounces',
  'Unique Opens',
  'Open Rate',
  'Total Opens',
  'Unique Clicks',
  'Click Rate',
  'Total Clicks',
  'Unsubscribes',
  'Abuse Complaints',
  'Unique Id',
  'Total Orders',
  'Total Gross Sales',
  'Total Revenue',
];

const EXAMPLE_SEND_DATE = 'Jun 09, 2018 09:30 pm';

export const mailchimpCampaigns: FormatModule = {
  id: 'mailchimp-campaigns',
  label: 'Mailchimp campaigns report',
  description:
    'Mailchimp’s all-campaigns report: one row per sent campaign with recipients, deliveries, bounces, opens, clicks, unsubscribes and e-commerce totals.',

  detect(header) {
    const columns = new Columns(header);
    if (!columns.has('Title') || !columns.has('Send Date')) return 0;
    const hits = columns.count(SIGNATURE);
    if (hits < 8) return 0;
    return 0.5 + (0.5 * hits) / SIGNATURE.length;
  },

  createMapper(header, ctx) {
    const columns = new Columns(header);
    const id = columns.required(['Unique Id', 'Campaign ID']);
    const title = columns.required('Title');
    const sendDate = columns.required('Send Date', EXAMPLE_SEND_DATE);
    const recipients = columns.required('Total Recipients');
    columns.assertComplete(mailchimpCampaigns.label);
    const subject = columns.optional('Subject');
    const list = columns.optional(['List', 'List Name', 'Audience']);
    const delivered = columns.optional('Successful Deliveries');
    const soft = columns.optional('Soft Bounces');
    const hard = columns.optional('Hard Bounces');
    const bounces = columns.optional('Total Bounces');
    const uniqueOpens = columns.optional('Unique Opens');
    const openRate = columns.optional('Open Rate');
    const totalOpens = columns.optional('Total Opens');
    const uniqueClicks = columns.optional('Unique Clicks');
    const clickRate = columns.optional('Click Rate');
    const totalClicks = columns.optional('Total Clicks');
    const unsubscribes = columns.optional('Unsubscribes');
    const complaints = columns.optional('Abuse Complaints');
    const orders = columns.optional('Total Orders');
    const gross = columns.optional('Total Gross Sales');
    const revenue = columns.optional('Total Revenue');

    return rowMapper(header, {
      map(row) {
        const sourceId = requireCell(row, id);
        const sentAt = requireInstant(row, sendDate, ctx.timeZone);
        const campaign: CampaignRecord = {
          kind: 'campaign',
          source: 'mailchimp',
          key: sourceId,
          sourceId,
          name: requireCell(row, title),
          channel: 'email',
          campaignType: 'broadcast',
          subject: cell(row, subject),
          listName: cell(row, list),
          sentAt,
          status: 'sent',
        };
        const deliveredCount = numberCell(row, delivered, ctx, 'count');
        const stats: CampaignStatsRecord = {
          kind: 'campaign-stats',
          source: 'mailchimp',
          key: sourceId,
          campaignSourceId: sourceId,
          recipients: numberCell(row, recipients, ctx, 'count'),
          delivered: deliveredCount,
          softBounces: numberCell(row, soft, ctx, 'count'),
          hardBounces: numberCell(row, hard, ctx, 'count'),
          bounces: numberCell(row, bounces, ctx, 'count'),
          uniqueOpens: numberCell(row, uniqueOpens, ctx, 'count'),
          totalOpens: numberCell(row, totalOpens, ctx, 'count'),
          uniqueClicks: numberCell(row, uniqueClicks, ctx, 'count'),
          totalClicks: numberCell(row, totalClicks, ctx, 'count'),
          unsubscribes: numberCell(row, unsubscribes, ctx, 'count'),
          complaints: numberCell(row, complaints, ctx, 'count'),
          orders: numberCell(row, orders, ctx, 'count'),
          grossSales: numberCell(row, gross, ctx, 'money'),
          revenue: numberCell(row, revenue, ctx, 'money'),
        };
        // Mailchimp's open and click rates are over successful deliveries.
        deriveCount(stats, 'uniqueOpens', numberCell(row, openRate, ctx, 'rate'), deliveredCount);
        deriveCount(stats, 'uniqueClicks', numberCell(row, clickRate, ctx, 'rate'), deliveredCount);
        return [campaign, stats];
      },
    });
  },
};
