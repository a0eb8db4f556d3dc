import { describe, expect, it } from 'vitest';
import {
  classifyChannel,
  createChannelGrouper,
  parseLandingUrl,
  referrerHost,
} from '../../../core/analytics/attribution';
import type { ChannelSignals } from '../../../core/analytics/attribution';

describe('default channel grouping', () => {
  const cases: [ChannelSignals, string][] = [
    [{ source: 'newsletter', medium: 'email' }, 'Email'],
    [{ source: 'klaviyo', medium: 'E-Mail' }, 'Email'],
    [{ source: 'email' }, 'Email'],
    [{ source: 'attentive', medium: 'sms' }, 'SMS'],
    [{ source: 'awin', medium: 'affiliate' }, 'Affiliates'],
    [{ source: 'google', medium: 'cpc' }, 'Paid Search'],
    [{ source: 'bing', medium: 'ppc' }, 'Paid Search'],
    [{ source: 'google.co.uk', medium: 'paidsearch' }, 'Paid Search'],
    [{ clickIds: ['gclid'] }, 'Paid Search'],
    [{ referrer: 'https://www.google.com/', clickIds: ['msclkid'] }, 'Paid Search'],
    [{ source: 'facebook', medium: 'cpc' }, 'Paid Social'],
    [{ source: 'facebook', medium: 'cpm' }, 'Paid Social'],
    [{ source: 'linkedin', medium: 'paid_social' }, 'Paid Social'],
    [{ clickIds: ['ttclid'] }, 'Paid Social'],
    [{ source: 'criteo', medium: 'display' }, 'Display'],
    [{ source: 'gdn', medium: 'banner', clickIds: ['gclid'] }, 'Display'],
    [{ clickIds: ['dclid'] }, 'Display'],
    [{ source: 'taboola', medium: 'cpc' }, 'Paid Other'],
    [{ source: 'instagram', medium: 'social' }, 'Organic Social'],
    [{ source: 'x' }, 'Organic Social'],
    [{ referrer: 'https://t.co/abc' }, 'Organic Social'],
    [{ referrer: 'l.facebook.com' }, 'Organic Social'],
    [{ clickIds: ['fbclid'] }, 'Organic Social'],
    [{ source: 'google', medium: 'organic' }, 'Organic Search'],
    [{ referrer: 'https://duckduckgo.com/' }, 'Organic Search'],
    [{ referrer: 'https://www.bing.com/search?q=x' }, 'Organic Search'],
    [{ source: 'partner-blog.example', medium: 'referral' }, 'Referral'],
    [{ referrer: 'https://news.example.org/article' }, 'Referral'],
    [{ source: '(direct)', medium: '(none)' }, 'Direct'],
    [{}, 'Direct'],
    [{ source: '', medium: '  ', referrer: null }, 'Direct'],
    [{ source: 'mystery' }, 'Other'],
  ];
  it.each(cases)('%o → %s', (signals, channel) => {
    expect(classifyChannel(signals)).toBe(channel);
  });

  it('keeps an explicit channel, matching the case of a known one', () => {
    expect(classifyChannel({ channel: 'Podcast', source: 'google', medium: 'cpc' })).toBe('Podcast');
    expect(classifyChannel({ channel: 'paid search' })).toBe('Paid Search');
    expect(classifyChannel({ channel: '  Email ' })).toBe('Email');
    expect(classifyChannel({ channel: '', source: 'google', medium: 'cpc' })).toBe('Paid Search');
  });
});

describe('configured grouping', () => {
  it('applies a custom rule list in order and a custom fallback', () => {
    const g = createChannelGrouper({
      rules: [
        { channel: 'Podcast', when: { medium: '^audio$' } },
        { channel: 'Brand Search', when: { source: '^google$', campaign: 'brand' } },
        { channel: 'Search', when: { source: '^google$' } },
      ],
      fallbackChannel: 'Unassigned',
    });
    expect(g.classify({ source: 'spotify', medium: 'audio' })).toBe('Podcast');
    expect(g.classify({ source: 'google', campaign: 'brand-2025' })).toBe('Brand Search');
    expect(g.classify({ source: 'google', campaign: 'generic' })).toBe('Search');
    expect(g.classify({ source: 'bing' })).toBe('Unassigned');
    expect(g.channels).toEqual(['Brand Search', 'Direct', 'Podcast', 'Search', 'Unassigned']);
  });

  it('treats referrers from the site’s own domains as internal', () => {
    const g = createChannelGrouper({ ownDomains: ['shop.example'] });
    expect(g.classify({ referrer: 'https://www.shop.example/cart' })).toBe('Direct');
    expect(g.classify({ referrer: 'https://blog.shop.example/post' })).toBe('Direct');
    expect(g.classify({ referrer: 'https://other.example/' })).toBe('Referral');
  });

  it('rejects invalid rules with the rule number', () => {
    expect(() => createChannelGrouper({ rules: [{ channel: 'X', when: { source: '(' } }] })).toThrow(
      /rule 1 \(X\) has an invalid source pattern/,
    );
    expect(() => createChannelGrouper({ rules: [{ channel: ' ', when: { source: 'a' } }] })).toThrow(
      /needs a channel/,
    );
    expect(() => createChannelGrouper({ rules: [{ channel: 'X', when: {} }] })).toThrow(/no condition/);
  });
});

describe('landing URLs and referrers', () => {
  it('reads UTM parameters and click ids', () => {
    expect(
      parseLandingUrl(
        'https://shop.example/p?utm_source=Google&utm_medium=cpc&utm_campaign=spring&gclid=abc&x=1',
      ),
    ).toEqual({
      source: 'Google',
      medium: 'cpc',
      campaign: 'spring',
      content: null,
      term: null,
      clickIds: ['gclid'],
    });
    expect(parseLandingUrl('not a url')).toBeNull();
  });

  it('reduces a referrer to its host', () => {
    expect(referrerHost('https://www.Google.com/search?q=1')).toBe('google.com');
    expect(referrerHost('news.example.org/path')).toBe('news.example.org');
    expect(referrerHost('(not set)')).toBeNull();
    expect(referrerHost('')).toBeNull();
  });
});
