import type { CampaignChannel, CampaignStatsRecord } from '../records';

/**
 * Helpers for aggregate report rows: counts derived from rates where a file
 * gives no count, and channel words.
 */

/**
 * count = round(rate × base). Report rates are rounded (to 0.01 % or four
 * decimals), so a derived count is within about base × 0.00005 of the truth;
 * the field is listed in derivedFields so analytics can say so.
 */
export function deriveCount(
  stats: CampaignStatsRecord,
  field: 'uniqueOpens' | 'uniqueClicks' | 'unsubscribes' | 'complaints' | 'orders',
  rate: number | undefined,
  base: number | undefined,
): void {
  if (stats[field] !== undefined || rate === undefined || base === undefined) return;
  stats[field] = Math.round(rate * base);
  (stats.derivedFields ??= []).push(field);
}

/**
 * Bounces from a bounce rate over recipients when only deliveries are known:
 * recipients = delivered + bounced and bounced = rate × recipients, so
 * bounced = rate × delivered / (1 − rate).
 */
export function deriveBounces(
  stats: CampaignStatsRecord,
  rate: number | undefined,
  delivered: number | undefined,
): void {
  if (stats.bounces !== undefined || rate === undefined || delivered === undefined || rate >= 1) return;
  stats.bounces = Math.round((rate * delivered) / (1 - rate));
  (stats.derivedFields ??= []).push('bounces');
}

const CHANNEL_WORDS: Record<string, CampaignChannel> = {
  email: 'email',
  sms: 'sms',
  mms: 'sms',
  push: 'push_notification',
  'mobile push': 'push_notification',
  'push notification': 'push_notification',
  whatsapp: 'whatsapp',
};

export function channelOf(word: string | undefined, fallback: CampaignChannel = 'email'): CampaignChannel {
  if (word === undefined) return fallback;
  return CHANNEL_WORDS[word.trim().toLowerCase()] ?? 'other';
}
