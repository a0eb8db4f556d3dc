import type { FormatModule } from '../format';
import type { CampaignRecord, CampaignStatsRecord } from '../records';
import { parseMonth } from '../values';
import { Columns, cell, dayCell, reject, requireCell, rowMapper } from './columns';
import { readKlaviyoStats, klaviyoStatsColumns } from './klaviyo-stats';
import { channelOf } from './stats';

/**
 * Klaviyo flow exports: performance of automated flows per period, one row per
 * flow (or flow message) and Month (`2024-01-01`, `2024-01`, `Jan 2024`) or Day.
 * `Month,Flow ID,Flow Name,Status,Delivered,Unique Opens,Open Rate,…,Revenue,…`;
 * unsubscribes, complaints and bounces often come only as rates.
 */

const SIGNATURE = [
  'Flow ID',
  'Flow Name',
  'Flow Message ID',
  'Flow Message Name',
  'Status',
  'Delivered',
  'Unique Opens',
  'Open Rate',
  'Unique Clicks',
  'Click Rate',
  'Placed Order',
  'Placed Order Rate',
  'Revenue',
  'Revenue per Recipient',
  'Unsub Rate',
  'Complaint Rate',
  'Bounce Rate',
];

export const klaviyoFlows: FormatModule = {
  id: 'klaviyo-flows',
  label: 'Klaviyo flow export',
  description:
    'Klaviyo flow performance per month or day: deliveries, opens, clicks, orders and revenue of each flow or flow message.',

  detect(header) {
    const columns = new Columns(header);
    if (!columns.has('Flow ID') || !columns.has('Flow Name')) return 0;
    if (!columns.has('Month') && !columns.has('Day') && !columns.has('Date')) return 0.4;
    return 0.6 + (0.4 * columns.count(SIGNATURE)) / SIGNATURE.length;
  },

  createMapper(header, ctx) {
    const columns = new Columns(header);
    const flowId = columns.required('Flow ID');
    const flowName = columns.required('Flow Name');
    const month = columns.optional('Month', '2024-01');
    const day = month === undefined ? columns.optional(['Day', 'Date'], '2024-01-31') : undefined;
    const period = month ?? day ?? columns.required('Month');
    columns.assertComplete(klaviyoFlows.label);
    const messageId = columns.optional('Flow Message ID');
    const messageName = columns.optional('Flow Message Name');
    const channel = columns.optional(['Flow Message Channel', 'Channel']);
    const status = columns.optional('Status');
    const figures = klaviyoStatsColumns(columns);
    const seen = new Set<string>();

    return rowMapper(header, {
      map(row) {
        const flow = requireCell(row, flowId);
        const message = cell(row, messageId);
        const sourceId = message ?? flow;
        let periodStart: string;
        let periodEnd: string;
        if (month !== undefined) {
          const raw = requireCell(row, period);
          const range = parseMonth(raw);
          if (range === null || range === undefined)
            reject(
              `${period.name} "${raw}" is not a month (expected like "2024-01" or "Jan 2024")`,
              period.name,
            );
          periodStart = range.start;
          periodEnd = range.end;
        } else {
          const d = dayCell(row, period);
          if (d === undefined) reject(`${period.name} is empty`, period.name);
          periodStart = d;
          periodEnd = d;
        }
        const stats = readKlaviyoStats(row, figures, ctx, {
          key: `${sourceId}|${periodStart}`,
          campaignSourceId: sourceId,
          periodStart,
          periodEnd,
        });
        const records: (CampaignRecord | CampaignStatsRecord)[] = [];
        if (!seen.has(sourceId)) {
          const name = requireCell(row, flowName);
          const messageTitle = cell(row, messageName);
          records.push({
            kind: 'campaign',
            source: 'klaviyo',
            key: sourceId,
            sourceId,
            name: messageTitle === undefined ? name : `${name} – ${messageTitle}`,
            channel: channelOf(cell(row, channel)),
            campaignType: 'flow',
            status: cell(row, status)?.toLowerCase(),
          });
          // Only once the whole row has read: a rejected row must not use up the flow's one campaign record.
          seen.add(sourceId);
        }
        records.push(stats);
        return records;
      },
    });
  },
};
