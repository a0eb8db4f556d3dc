import type { FormatModule } from '../format';
import type { CampaignRecord } from '../records';
import { parseTags, parseTimestamp, toIso } from '../values';
import { Columns, cell, reject, requireCell, rowMapper } from './columns';
import type { Column } from './columns';
import { readKlaviyoStats, klaviyoStatsColumns } from './klaviyo-stats';
import { channelOf } from './stats';

/**
 * Klaviyo campaign exports, in the layouts Klaviyo has used:
 * - classic: `Campaign Name,Tags,Subject,List,Send Time,Send Weekday,Total
 *   Recipients,…,Campaign ID,Campaign Channel`, Send Time `2025-04-06 11:00:00`,
 *   rates `48.43%`, counts `64517.0`;
 * - the same figures tab-separated with `Send Date` (`2024-07-03`) and `Send
 *   Hour` (`14`) instead of Send Time and no Campaign ID, rates as fractions;
 * - "Campaign Message" exports: `Campaign Message ID,Campaign Message
 *   Name,Send Date,Send Time (10:30 AM),…`, rates as fractions (`5e-05`).
 * Times are in the account's time zone. Without an id, a campaign is known by
 * its name and send time, which do not change between exports.
 */

const SIGNATURE = [
  'Send Time',
  'Send Date',
  'Send Weekday',
  'Day of Week',
  'Total Recipients',
  'Unique Placed Order',
  'Placed Order Rate',
  'Revenue',
  'Unique Opens',
  'Open Rate',
  'Total Opens',
  'Unique Clicks',
  'Click Rate',
  'Total Clicks',
  'Unsubscribes',
  'Spam Complaints',
  'Spam Complaints Rate',
  'Successful Deliveries',
  'Bounces',
  'Bounce Rate',
  'Campaign ID',
  'Campaign Channel',
  'Campaign Message ID',
  'Campaign Message Channel',
  'Preview Text',
  'Unsubscribe Rate',
];

const MULTIPLE_VARIATIONS = /^\[multiple variations\]$/i;

export const klaviyoCampaigns: FormatModule = {
  id: 'klaviyo-campaigns',
  label: 'Klaviyo campaign export',
  description:
    'Klaviyo campaign performance (classic, tab-separated and "Campaign Message" layouts): recipients, deliveries, opens, clicks, orders and revenue per campaign.',

  detect(header) {
    const columns = new Columns(header);
    if (!columns.has('Campaign Name') && !columns.has('Campaign Message Name')) return 0;
    if (columns.has('Flow ID')) return 0;
    const hits = columns.count(SIGNATURE);
    if (hits < 5) return 0;
    return 0.5 + (0.5 * Math.min(hits, 20)) / 20;
  },

  createMapper(header, ctx) {
    const columns = new Columns(header);
    const name = columns.required(['Campaign Name', 'Campaign Message Name']);
    const sendDate = columns.optional('Send Date', '2025-04-06');
    // With a Send Date column, Send Time holds only the time of day (or Send Hour the hour).
    const sendTimeOfDay =
      sendDate === undefined ? undefined : columns.optional(['Send Time', 'Send Hour'], '10:30 AM');
    const sendTime =
      sendDate === undefined ? columns.required('Send Time', '2025-04-06 11:00:00') : undefined;
    columns.assertComplete(klaviyoCampaigns.label);
    const id = columns.optional(['Campaign ID', 'Campaign Message ID']);
    const tags = columns.optional('Tags');
    const subject = columns.optional('Subject');
    const list = columns.optional(['List', 'Lists', 'Audiences']);
    const channel = columns.optional(['Campaign Channel', 'Campaign Message Channel', 'Channel']);
    const figures = klaviyoStatsColumns(columns);

    const sentAtOf = (row: string[]): string =>
      sendDate === undefined
        ? sendInstant(row, sendTime ?? sendDate, undefined, ctx.timeZone)
        : sendInstant(row, sendDate, sendTimeOfDay, ctx.timeZone);

    return rowMapper(header, {
      map(row) {
        const campaignName = requireCell(row, name);
        const sentAt = sentAtOf(row);
        const sourceId = cell(row, id) ?? `${campaignName} @ ${sentAt}`;
        const subjectText = cell(row, subject);
        const tagText = cell(row, tags);
        const campaign: CampaignRecord = {
          kind: 'campaign',
          source: 'klaviyo',
          key: sourceId,
          sourceId,
          name: campaignName,
          channel: channelOf(cell(row, channel)),
          campaignType: 'broadcast',
          subject:
            subjectText === undefined || MULTIPLE_VARIATIONS.test(subjectText) ? undefined : subjectText,
          listName: cell(row, list),
          sentAt,
          status: 'sent',
          tags: tagText === undefined ? undefined : parseTags(tagText),
        };
        const stats = readKlaviyoStats(row, figures, ctx, { key: sourceId, campaignSourceId: sourceId });
        return [campaign, stats];
      },
    });
  },
};

/** Send time from one column, or from a date column plus a time (`10:30 AM`) or hour (`14`) column. */
function sendInstant(
  row: string[],
  dateCol: Column | undefined,
  timeCol: Column | undefined,
  zone: string,
): string {
  if (dateCol === undefined) reject('Send Time is missing');
  const date = requireCell(row, dateCol);
  let text = date;
  const time = cell(row, timeCol);
  if (time !== undefined)
    text = /^\d{1,2}$/.test(time) ? `${date} ${time.padStart(2, '0')}:00` : `${date} ${time}`;
  const ms = parseTimestamp(text, zone);
  if (ms === null || Number.isNaN(ms)) {
    const shown =
      timeCol === undefined || time === undefined
        ? `${dateCol.name} "${date}"`
        : `${dateCol.name} and ${timeCol.name} "${date} ${time}"`;
    reject(
      `${shown} is not a date (expected like "${dateCol.example ?? '2025-04-06'}${timeCol?.example === undefined ? '' : ` ${timeCol.example}`}")`,
      dateCol.name,
    );
  }
  return toIso(ms);
}
