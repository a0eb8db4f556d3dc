import { fail } from '../../errors';
import type { ChannelRule, ChannelSignals } from './types';

export type { ChannelRule, ChannelSignals } from './types';

export interface ChannelGroupingOptions {
  rules?: readonly ChannelRule[];
  /** Channel of a touchpoint no rule matches. Default 'Other'. */
  fallbackChannel?: string;
  /** The site's own domains: a referrer from one of them is internal navigation, not a referral. */
  ownDomains?: readonly string[];
}

const SEARCH_SITES =
  '(^|\\.)(google|bing|yahoo|duckduckgo|baidu|yandex|ecosia|ask|naver|seznam|qwant|startpage|brave|aol|sogou)(\\.[a-z]{2,3}){0,2}$';
const SOCIAL_SITES =
  '(^|\\.)(facebook|fb|instagram|ig|linkedin|lnkd|twitter|x|t\\.co|tiktok|pinterest|reddit|youtube|snapchat|threads|tumblr|quora|vk|weibo|whatsapp|messenger|mastodon|bsky)(\\.[a-z]{2,3}){0,2}$';
const PAID_MEDIUM = '^(.*cp.*|ppc|retargeting|paid.*)$';

/**
 * Loupe's default channel grouping, in the spirit of the common analytics
 * default groupings. Order matters: explicit mediums first, then paid traffic
 * recognised by source or click id, then organic traffic, then referrals and direct.
 */
export const DEFAULT_CHANNEL_RULES: readonly ChannelRule[] = [
  { channel: 'Email', when: { medium: '^(e[-_ ]?mail|newsletter)$' } },
  { channel: 'Email', when: { source: '^(e[-_ ]?mail|newsletter)$' } },
  { channel: 'SMS', when: { medium: '^(sms|mms|text)$' } },
  { channel: 'SMS', when: { source: '^sms$' } },
  { channel: 'Affiliates', when: { medium: '^affiliates?$' } },
  // An order that names only a discount code (Loupe derives these touches from orders):
  // codes are often handed out by partners or influencers, so they get a channel of
  // their own that a workspace can re-map to Affiliates or elsewhere.
  { channel: 'Discount Code', when: { medium: '^(discount[-_ ]?code|coupon|promo(tion)?[-_ ]?code)$' } },
  { channel: 'Paid Social', when: { source: SOCIAL_SITES, medium: PAID_MEDIUM } },
  { channel: 'Paid Search', when: { source: SEARCH_SITES, medium: PAID_MEDIUM } },
  { channel: 'Display', when: { medium: '^(display|banner|expandable|interstitial|cpm)$' } },
  { channel: 'Paid Search', when: { clickId: '^(gclid|gbraid|wbraid|msclkid|yclid)$' } },
  { channel: 'Display', when: { clickId: '^dclid$' } },
  { channel: 'Paid Social', when: { clickId: '^(ttclid|twclid|li_fat_id|sccid|epik|rdt_cid)$' } },
  { channel: 'Paid Other', when: { medium: PAID_MEDIUM } },
  { channel: 'Organic Social', when: { medium: '^(social|social[-_ ]?(network|media)|sm)$' } },
  { channel: 'Organic Social', when: { source: SOCIAL_SITES } },
  { channel: 'Organic Social', when: { referrer: SOCIAL_SITES } },
  { channel: 'Organic Social', when: { clickId: '^fbclid$' } },
  { channel: 'Organic Search', when: { medium: '^organic$' } },
  { channel: 'Organic Search', when: { source: SEARCH_SITES } },
  { channel: 'Organic Search', when: { referrer: SEARCH_SITES } },
  { channel: 'Direct', when: { source: '^\\(?direct\\)?$' } },
  { channel: 'Referral', when: { medium: '^(referral|app|link)$' } },
  { channel: 'Referral', when: { referrer: '.' } },
  { channel: 'Direct', when: { source: null, medium: null, referrer: null, clickId: null } },
];

export const DEFAULT_FALLBACK_CHANNEL = 'Other';

/** Click-id parameters recognised on landing URLs. */
export const CLICK_ID_PARAMS = [
  'gclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'dclid',
  'fbclid',
  'ttclid',
  'twclid',
  'li_fat_id',
  'sccid',
  'epik',
  'rdt_cid',
] as const;

const MEMO_LIMIT = 100_000;

type MemoNode = Map<string, MemoNode | string>;

type Field = 'source' | 'medium' | 'referrer' | 'campaign' | 'clickId';
const FIELDS: readonly Field[] = ['source', 'medium', 'referrer', 'campaign', 'clickId'];

interface CompiledCondition {
  field: Field;
  pattern: RegExp | null;
}

export interface ChannelGrouper {
  /** The channel of one touchpoint. */
  classify(signals: ChannelSignals): string;
  /** Every channel name the grouping can produce, sorted. */
  readonly channels: readonly string[];
}

/** Validates and compiles a rule list once, so classifying a million touchpoints costs no regex compilation. */
export function createChannelGrouper(options: ChannelGroupingOptions = {}): ChannelGrouper {
  const rules = options.rules ?? DEFAULT_CHANNEL_RULES;
  const fallback = (options.fallbackChannel ?? DEFAULT_FALLBACK_CHANNEL).trim();
  if (fallback === '') fail('invalid-argument', 'The fallback channel needs a name.');
  const compiled = rules.map((rule, index) => {
    const channel = typeof rule.channel === 'string' ? rule.channel.trim() : '';
    if (channel === '') fail('invalid-argument', `Channel rule ${index + 1} needs a channel name.`);
    const conditions: CompiledCondition[] = [];
    for (const field of FIELDS) {
      const pattern = rule.when[field];
      if (pattern === undefined) continue;
      if (pattern === null) {
        conditions.push({ field, pattern: null });
        continue;
      }
      try {
        conditions.push({ field, pattern: new RegExp(pattern, 'i') });
      } catch {
        fail('invalid-argument', `Channel rule ${index + 1} (${channel}) has an invalid ${field} pattern.`, {
          pattern,
        });
      }
    }
    if (conditions.length === 0) {
      fail('invalid-argument', `Channel rule ${index + 1} (${channel}) has no condition.`);
    }
    return { channel, conditions };
  });
  const known = new Map<string, string>();
  for (const name of [...compiled.map((r) => r.channel), fallback, 'Direct']) {
    if (!known.has(name.toLowerCase())) known.set(name.toLowerCase(), name);
  }
  const ownDomains = (options.ownDomains ?? []).map((d) =>
    d
      .trim()
      .toLowerCase()
      .replace(/^www\./, ''),
  );

  // Imports repeat a few signal combinations millions of times: remember each
  // combination's channel in a trie keyed by the raw field strings, so a repeat
  // costs a few map look-ups and no string building.
  const usesCampaign = compiled.some((r) => r.conditions.some((c) => c.field === 'campaign'));
  const explicitMemo = new Map<string, string>();
  let memo: MemoNode = new Map();
  let memoSize = 0;
  const classify = (signals: ChannelSignals): string => {
    const rawChannel = signals.channel ?? '';
    if (rawChannel !== '') {
      let named = explicitMemo.get(rawChannel);
      if (named === undefined) {
        const explicit = clean(rawChannel);
        named = explicit === null ? '' : (known.get(explicit.toLowerCase()) ?? explicit);
        if (explicitMemo.size < MEMO_LIMIT) explicitMemo.set(rawChannel, named);
      }
      if (named !== '') return named;
    }
    const ids = signals.clickIds;
    const parts = [
      signals.source ?? '',
      signals.medium ?? '',
      signals.referrer ?? '',
      usesCampaign ? (signals.campaign ?? '') : '',
      ids !== null && ids !== undefined && ids.length > 0 ? ids.join(',') : '',
    ];
    let node: MemoNode = memo;
    for (let i = 0; i < parts.length - 1; i++) {
      const nextNode = node.get(parts[i]);
      if (nextNode === undefined || typeof nextNode === 'string') {
        node = new Map();
        break;
      }
      node = nextNode;
    }
    const remembered = node.get(parts[parts.length - 1]);
    if (typeof remembered === 'string') return remembered;

    const host = referrerHost(signals.referrer);
    const referrer =
      host !== null && ownDomains.some((d) => host === d || host.endsWith(`.${d}`)) ? null : host;
    const values: Record<Field, string | null> = {
      source: clean(signals.source),
      medium: clean(signals.medium),
      referrer,
      campaign: clean(signals.campaign),
      clickId: null,
    };
    const clickIds = (ids ?? []).map(clean).filter((c): c is string => c !== null);
    const channel = match(values, clickIds);
    if (memoSize >= MEMO_LIMIT) {
      memo = new Map();
      memoSize = 0;
    }
    let at: MemoNode = memo;
    for (let i = 0; i < parts.length - 1; i++) {
      let nextNode = at.get(parts[i]);
      if (nextNode === undefined || typeof nextNode === 'string') {
        nextNode = new Map();
        at.set(parts[i], nextNode);
      }
      at = nextNode;
    }
    at.set(parts[parts.length - 1], channel);
    memoSize++;
    return channel;
  };

  const match = (values: Record<Field, string | null>, clickIds: readonly string[]): string => {
    for (const rule of compiled) {
      let matches = true;
      for (const cond of rule.conditions) {
        if (cond.field === 'clickId') {
          matches =
            cond.pattern === null
              ? clickIds.length === 0
              : clickIds.some((c) => cond.pattern?.test(c) === true);
        } else {
          const v = values[cond.field];
          matches = cond.pattern === null ? v === null : v !== null && cond.pattern.test(v);
        }
        if (!matches) break;
      }
      if (matches) return rule.channel;
    }
    return fallback;
  };

  return { classify, channels: [...new Set(known.values())].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) };
}

let defaultGrouper: ChannelGrouper | null = null;

/** Classifies with the default rules. */
export function classifyChannel(signals: ChannelSignals): string {
  defaultGrouper ??= createChannelGrouper();
  return defaultGrouper.classify(signals);
}

/** Placeholders that analytics exports write for "nothing known" count as absent. */
const PLACEHOLDERS = new Set(['(none)', '(not set)', '(not provided)', '(unknown)']);

function clean(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const t = v.trim();
  if (t === '' || PLACEHOLDERS.has(t.toLowerCase())) return null;
  return t;
}

/** Host name of a referrer given as a URL or a bare host, without a leading 'www.'. */
export function referrerHost(referrer: string | null | undefined): string | null {
  const r = clean(referrer);
  if (r === null) return null;
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(r) ? r : `https://${r}`).hostname;
  } catch {
    return null;
  }
  host = host.toLowerCase().replace(/^www\./, '');
  return host === '' ? null : host;
}

/** UTM parameters and click ids read from a landing-page URL. */
export interface LandingSignals {
  source: string | null;
  medium: string | null;
  campaign: string | null;
  content: string | null;
  term: string | null;
  clickIds: string[];
}

/** Reads utm_* parameters and recognised click ids from a landing URL (null for an unparseable URL). */
export function parseLandingUrl(url: string): LandingSignals | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const q = parsed.searchParams;
  const param = (name: string): string | null => clean(q.get(name));
  const present = new Set([...q.keys()].map((k) => k.toLowerCase()));
  return {
    source: param('utm_source'),
    medium: param('utm_medium'),
    campaign: param('utm_campaign'),
    content: param('utm_content'),
    term: param('utm_term'),
    clickIds: CLICK_ID_PARAMS.filter((c) => present.has(c)),
  };
}
