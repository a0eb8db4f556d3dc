import type { FormatModule } from '../format';
import type { CampaignRecord, DeliveryEventRecord, DeliveryEventType } from '../records';
import { looksLikeEmail, parseBoolean, parseTimestamp, toIso } from '../values';
import { Columns, cell, reject, rowMapper } from './columns';

/**
 * SendGrid Email Activity CSV (Activity → Export CSV, or the Email Activity API
 * download): one row per event, `processed,message_id,event,api_key_id,
 * recv_message_id,credential_id,subject,from,email,asm_group_id,template_id,
 * originating_ip,reason,outbound_ip,outbound_ip_type,mx,attempt,url,user_agent,
 * type,is_unique,username,categories,marketing_campaign_id,
 * marketing_campaign_name,…`. `processed` is the event's time in unix seconds.
 *
 * These files run to a million rows, so this mapper is the hot path of imports:
 * no luxon, no regular expressions beyond the email check, no per-row closures.
 */

const SIGNATURE = [
  'processed',
  'message_id',
  'event',
  'api_key_id',
  'recv_message_id',
  'credential_id',
  'subject',
  'from',
  'email',
  'asm_group_id',
  'template_id',
  'originating_ip',
  'reason',
  'outbound_ip',
  'mx',
  'attempt',
  'url',
  'user_agent',
  'type',
  'is_unique',
  'categories',
  'marketing_campaign_id',
  'marketing_campaign_name',
];

const EVENTS: Record<string, DeliveryEventType | null> = {
  processed: 'processed',
  delivered: 'delivered',
  open: 'open',
  opened: 'open',
  click: 'click',
  clicked: 'click',
  bounce: 'bounce',
  bounced: 'bounce',
  blocked: 'bounce',
  dropped: 'dropped',
  deferred: 'deferred',
  'spam report': 'spam_report',
  spam_report: 'spam_report',
  spamreport: 'spam_report',
  unsubscribe: 'unsubscribe',
  unsubscribed: 'unsubscribe',
  'group unsubscribe': 'group_unsubscribe',
  group_unsubscribe: 'group_unsubscribe',
  // A re-subscription to a suppression group changes no delivery figure.
  'group resubscribe': null,
  group_resubscribe: null,
};

/** The four events that make up most rows first, by plain comparison; the rest by lookup. */
function eventOf(word: string, lower: string): DeliveryEventType | null | undefined {
  switch (word) {
    case 'processed':
      return 'processed';
    case 'delivered':
      return 'delivered';
    case 'open':
      return 'open';
    case 'click':
      return 'click';
    default:
      return EVENTS[lower];
  }
}

/** Unix seconds written as digits (`1709290800`); NaN for anything else, which then gets a slower reading. */
function unixSeconds(text: string): number {
  if (text.length !== 10) return Number(text);
  let value = 0;
  for (let i = 0; i < 10; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number(text);
    value = value * 10 + digit;
  }
  return value;
}

/**
 * SendGrid marks bounces `type` bounce (the server refused the address: hard)
 * or blocked (refused this message for now: soft), and classifies them; only an
 * invalid address is permanent among the classifications.
 */
function bounceTypeOf(
  event: string,
  type: string | undefined,
  classification: string | undefined,
): 'soft' | 'hard' | undefined {
  if (classification !== undefined)
    return classification.toLowerCase() === 'invalid address' ? 'hard' : 'soft';
  if (type !== undefined) {
    const t = type.toLowerCase();
    if (t === 'blocked' || t === 'soft' || t === 'soft bounce') return 'soft';
    if (t === 'bounce' || t === 'hard' || t === 'hard bounce') return 'hard';
  }
  if (event === 'blocked') return 'soft';
  return undefined;
}

export const sendgridActivity: FormatModule = {
  id: 'sendgrid-activity',
  label: 'SendGrid email activity export',
  description:
    'SendGrid Email Activity: one row per message event (processed, delivered, open, click, bounce, dropped, deferred, spam report, unsubscribe).',

  detect(header) {
    const columns = new Columns(header);
    if (!columns.has('message_id') || !columns.has('event') || !columns.has('processed')) return 0;
    return 0.6 + (0.4 * columns.count(SIGNATURE)) / SIGNATURE.length;
  },

  createMapper(header) {
    const columns = new Columns(header);
    const processed = columns.required(['processed', 'timestamp']);
    const messageId = columns.required(['message_id', 'sg_message_id', 'msg_id']);
    const eventCol = columns.required('event');
    const emailCol = columns.required(['email', 'to_email']);
    columns.assertComplete(sendgridActivity.label);
    const subjectCol = columns.optional('subject');
    const urlCol = columns.optional('url');
    const reasonCol = columns.optional(['reason', 'response']);
    const typeCol = columns.optional('type');
    const classCol = columns.optional('bounce_classification');
    const machineCol = columns.optional(['sg_machine_open', 'machine_open']);
    const campaignIdCol = columns.optional('marketing_campaign_id');
    const campaignNameCol = columns.optional('marketing_campaign_name');
    const campaigns = new Set<string>();
    let lastCampaign: string | undefined;

    return rowMapper(header, {
      map(row) {
        const id = cell(row, messageId);
        if (id === undefined) reject(`${messageId.name} is empty`, messageId.name);
        const word = cell(row, eventCol);
        if (word === undefined) reject(`${eventCol.name} is empty`, eventCol.name);
        const lower = word.toLowerCase();
        const event = eventOf(word, lower);
        if (event === undefined) {
          reject(
            `${eventCol.name} "${word}" is not a SendGrid event (expected processed, delivered, open, click, bounce, dropped, deferred, spam report or unsubscribe)`,
            eventCol.name,
          );
        }
        if (event === null) return { kind: 'skipped', why: 'note' };
        const email = cell(row, emailCol);
        if (email === undefined) reject(`${emailCol.name} is empty`, emailCol.name);
        if (!looksLikeEmail(email))
          reject(`${emailCol.name} "${email}" is not an email address`, emailCol.name);
        const when = cell(row, processed);
        if (when === undefined) reject(`${processed.name} is empty`, processed.name);
        const seconds = unixSeconds(when);
        let ms: number;
        // Unix seconds from 2001 to 2286; some downloads write UTC date-times instead.
        if (seconds >= 1e9 && seconds < 1e10) ms = Math.round(seconds * 1000);
        else {
          const parsed = Number.isNaN(seconds) ? parseTimestamp(when, 'UTC') : NaN;
          if (parsed === null || Number.isNaN(parsed)) {
            reject(
              `${processed.name} "${when}" is not a time (expected unix seconds like "1709290800")`,
              processed.name,
            );
          }
          ms = parsed;
        }
        const at = toIso(ms);
        // The key takes the time as the export writes it when that is plain unix
        // seconds: the same in every export, and no ISO string to copy into the key.
        const keyTime = when.length === 10 && Number.isInteger(seconds) ? when : at;
        const url = cell(row, urlCol);
        const campaignId = cell(row, campaignIdCol);
        const campaignName = cell(row, campaignNameCol);
        const record: DeliveryEventRecord = {
          kind: 'delivery-event',
          source: 'sendgrid',
          key: url === undefined ? [id, event, keyTime].join('|') : [id, event, keyTime, url].join('|'),
          messageId: id,
          email,
          emailNormalized: email.toLowerCase(),
          campaignSourceId: campaignId ?? campaignName,
          campaignName,
          subject: cell(row, subjectCol),
          event,
          at,
          url,
          reason: cell(row, reasonCol),
          bounceType:
            event === 'bounce' ? bounceTypeOf(lower, cell(row, typeCol), cell(row, classCol)) : undefined,
          machineOpen:
            event === 'open' ? (parseBoolean(cell(row, machineCol) ?? '') ?? undefined) : undefined,
        };
        const campaignKey = campaignId ?? campaignName;
        if (campaignKey === undefined || campaignKey === lastCampaign || campaigns.has(campaignKey))
          return [record];
        lastCampaign = campaignKey;
        campaigns.add(campaignKey);
        const campaign: CampaignRecord = {
          kind: 'campaign',
          source: 'sendgrid',
          key: campaignKey,
          sourceId: campaignKey,
          name: campaignName ?? campaignKey,
          channel: 'email',
          campaignType: 'broadcast',
          subject: record.subject,
        };
        return [campaign, record];
      },
    });
  },
};
