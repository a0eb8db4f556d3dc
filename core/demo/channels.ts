import type { Random } from './random';
import { SHOP_URL } from './reference';

/**
 * The marketing channels of the demo's shop traffic, with the source, medium,
 * referrer and click id a visit from each carries. The channel names are those
 * Loupe's default channel grouping derives from these signals, so attribution
 * finds the same channel whether it reads the stored one or re-derives it.
 */
export const SHOP_CHANNELS = [
  'Organic Search',
  'Paid Search',
  'Paid Social',
  'Organic Social',
  'Direct',
  'Referral',
  'Email',
] as const;
export type ShopChannel = (typeof SHOP_CHANNELS)[number];

export type PaidKey = 'brand' | 'generic' | 'prospecting' | 'retargeting';

export interface PaidCampaignSpec {
  key: PaidKey;
  name: string;
  code: string;
  channel: 'Paid Search' | 'Paid Social';
  campaignType: 'paid_search' | 'paid_social';
  platform: 'google_ads' | 'meta_ads';
  accountId: string;
  externalId: string;
  source: string;
  /** Average daily budget before seasonality. */
  dailyBudget: number;
  costPerClick: number;
  clickThroughRate: number;
}

export const PAID_CAMPAIGNS: readonly PaidCampaignSpec[] = [
  {
    key: 'brand',
    name: 'Google Ads — Brand search',
    code: 'gads-brand-search',
    channel: 'Paid Search',
    campaignType: 'paid_search',
    platform: 'google_ads',
    accountId: '481-220-9035',
    externalId: '20814477301',
    source: 'google',
    dailyBudget: 55,
    costPerClick: 0.95,
    clickThroughRate: 0.11,
  },
  {
    key: 'generic',
    name: 'Google Ads — Fine jewelry',
    code: 'gads-fine-jewelry',
    channel: 'Paid Search',
    campaignType: 'paid_search',
    platform: 'google_ads',
    accountId: '481-220-9035',
    externalId: '20814477302',
    source: 'google',
    dailyBudget: 140,
    costPerClick: 2.35,
    clickThroughRate: 0.034,
  },
  {
    key: 'prospecting',
    name: 'Meta — Prospecting',
    code: 'meta-prospecting',
    channel: 'Paid Social',
    campaignType: 'paid_social',
    platform: 'meta_ads',
    accountId: 'act_1029384756',
    externalId: '120210000000101',
    source: 'instagram',
    dailyBudget: 170,
    costPerClick: 0.85,
    clickThroughRate: 0.012,
  },
  {
    key: 'retargeting',
    name: 'Meta — Retargeting',
    code: 'meta-retargeting',
    channel: 'Paid Social',
    campaignType: 'paid_social',
    platform: 'meta_ads',
    accountId: 'act_1029384756',
    externalId: '120210000000102',
    source: 'facebook',
    dailyBudget: 75,
    costPerClick: 0.7,
    clickThroughRate: 0.019,
  },
];

/** Where a visit came from, as a web analytics tag records it. */
export interface VisitSource {
  channel: ShopChannel;
  source: string | null;
  medium: string | null;
  referrer: string | null;
  /** The click id's parameter name and value, for paid clicks. */
  clickId: { param: string; value: string } | null;
  utmCampaign: string | null;
}

const REFERRERS = [
  'https://www.thejewelryedit.example/gift-guide',
  'https://www.editorialist.example/fine-jewelry',
  'https://www.weddingjournal.example/bridal-jewelry',
] as const;

/** The signals of a visit through `channel` (the paid campaign, or the email's campaign code). */
export function visitSource(
  rng: Random,
  channel: ShopChannel,
  campaign: { code: string; source?: string; platform?: string } | null,
): VisitSource {
  switch (channel) {
    case 'Organic Search': {
      const engine = rng.chance(0.85) ? 'google' : 'bing';
      return {
        channel,
        source: engine,
        medium: 'organic',
        referrer: `https://www.${engine}.com/`,
        clickId: null,
        utmCampaign: null,
      };
    }
    case 'Paid Search':
      return {
        channel,
        source: campaign?.source ?? 'google',
        medium: 'cpc',
        referrer: 'https://www.google.com/',
        clickId: { param: 'gclid', value: `Cj0K${rng.hex(24)}` },
        utmCampaign: campaign?.code ?? null,
      };
    case 'Paid Social':
      return {
        channel,
        source: campaign?.source ?? 'instagram',
        medium: 'paid_social',
        referrer: null,
        clickId: { param: 'fbclid', value: `IwAR${rng.hex(28)}` },
        utmCampaign: campaign?.code ?? null,
      };
    case 'Organic Social': {
      const site = rng.chance(0.7) ? 'instagram' : 'pinterest';
      return {
        channel,
        source: site,
        medium: 'social',
        referrer: `https://www.${site}.com/`,
        clickId: null,
        utmCampaign: null,
      };
    }
    case 'Referral': {
      const referrer = rng.pick(REFERRERS);
      return {
        channel,
        source: new URL(referrer).hostname.replace(/^www\./, ''),
        medium: 'referral',
        referrer,
        clickId: null,
        utmCampaign: null,
      };
    }
    case 'Email':
      return {
        channel,
        source: 'newsletter',
        medium: 'email',
        referrer: null,
        clickId: null,
        utmCampaign: campaign?.code ?? null,
      };
    case 'Direct':
      return { channel, source: null, medium: null, referrer: null, clickId: null, utmCampaign: null };
  }
}

/** The landing page URL with the visit's tags, as the shop's analytics saw it. */
export function landingUrl(path: string, visit: VisitSource): string {
  const params: string[] = [];
  if (visit.source && visit.channel !== 'Organic Search' && visit.channel !== 'Organic Social') {
    if (visit.channel !== 'Referral') {
      params.push(`utm_source=${visit.source}`, `utm_medium=${visit.medium ?? ''}`);
      if (visit.utmCampaign) params.push(`utm_campaign=${visit.utmCampaign}`);
    }
  }
  if (visit.clickId) params.push(`${visit.clickId.param}=${visit.clickId.value}`);
  return `${SHOP_URL}${path}${params.length > 0 ? `?${params.join('&')}` : ''}`;
}

export const TOUCHPOINT_TYPE: Readonly<Record<ShopChannel, string>> = {
  'Organic Search': 'web_visit',
  'Paid Search': 'ad_click',
  'Paid Social': 'ad_click',
  'Organic Social': 'social',
  Direct: 'direct',
  Referral: 'referral',
  Email: 'email_click',
};
