import { describe, expect, test } from 'vitest';
import { ofKind, readAll, reasons } from './helpers';

describe('Klaviyo campaign exports', () => {
  test('classic layout: percentages, counts written as 64517.0, tags, [MULTIPLE VARIATIONS]', async () => {
    const r = await readAll('klaviyo/campaigns.csv');
    expect(r.info.format).toBe('klaviyo-campaigns');
    expect(r.rowsRead).toBe(5);
    const campaigns = ofKind(r.records, 'campaign');
    const stats = ofKind(r.records, 'campaign-stats');
    expect(campaigns).toHaveLength(4);
    expect(campaigns[0]).toEqual({
      kind: 'campaign',
      source: 'klaviyo',
      key: '01JQ0000000000000000000001',
      sourceId: '01JQ0000000000000000000001',
      name: 'Spring Launch | April 2025',
      channel: 'email',
      campaignType: 'broadcast',
      listName: 'Newsletter - All Subscribers',
      // 2025-04-06 11:00 EDT; the subject is left out: it had several variations.
      sentAt: '2025-04-06T15:00:00.000Z',
      status: 'sent',
      tags: ['Email', 'promo', 'launch'],
    });
    expect(stats[0]).toEqual({
      kind: 'campaign-stats',
      source: 'klaviyo',
      key: '01JQ0000000000000000000001',
      campaignSourceId: '01JQ0000000000000000000001',
      recipients: 64517,
      delivered: 64386,
      bounces: 131,
      uniqueOpens: 45587,
      totalOpens: 60684,
      uniqueClicks: 264,
      totalClicks: 351,
      unsubscribes: 170,
      complaints: 4,
      orders: 48,
      revenue: 2800.27,
    });
    expect(campaigns[1]).toMatchObject({
      name: 'Weekend Agenda, Vol. 3',
      subject: 'Your weekend, sorted',
      tags: ['Brand'],
      sentAt: '2025-04-11T14:00:00.000Z',
    });
    expect(campaigns[2]).toMatchObject({
      name: 'SMS Flash Sale',
      channel: 'sms',
      subject: undefined,
      sentAt: '2025-04-20T22:30:00.000Z',
    });
    expect(stats[2]).toMatchObject({ recipients: 2500, delivered: 2460, uniqueClicks: 120, revenue: 640.5 });
    // 01:30 on 2025-11-02 happens twice in New York; the second (EST) is meant.
    expect(campaigns[3].sentAt).toBe('2025-11-02T06:30:00.000Z');
    expect(reasons(r.rejections)).toEqual([
      '5: Total Recipients "1000.5" is not a count (expected a whole number like "1,234")',
    ]);
  });

  test('tab-separated layout with Send Date and Send Hour, fractions, and no campaign id', async () => {
    const r = await readAll('klaviyo/campaigns-tab.tsv');
    expect(r.info.format).toBe('klaviyo-campaigns');
    expect(r.info.delimiter).toBe('\t');
    const campaigns = ofKind(r.records, 'campaign');
    const stats = ofKind(r.records, 'campaign-stats');
    // Without an id a campaign is known by its name and send time, which a newer export repeats.
    expect(campaigns.map((c) => c.sourceId)).toEqual([
      'Summer Flavor Highlight @ 2024-07-03T18:00:00.000Z',
      'Chocolate Day @ 2024-07-07T13:00:00.000Z',
    ]);
    expect(campaigns[0]).toMatchObject({
      listName: 'Engaged 180 days, Active Subscribers',
      subject: 'Coconut lime is back',
      sentAt: '2024-07-03T18:00:00.000Z',
    });
    expect(stats[0]).toMatchObject({
      recipients: 10000,
      delivered: 9966,
      uniqueOpens: 5000,
      orders: 25,
      revenue: 1250.5,
      unsubscribes: 30,
      complaints: 2,
      bounces: 34,
    });
    expect(stats[0].derivedFields).toBeUndefined();
    expect(r.rejections).toEqual([]);
  });

  test('"Campaign Message" layout: Send Date plus a 12-hour Send Time, rates as fractions', async () => {
    const r = await readAll('klaviyo/campaign-messages.csv');
    expect(r.info.format).toBe('klaviyo-campaigns');
    const campaigns = ofKind(r.records, 'campaign');
    const stats = ofKind(r.records, 'campaign-stats');
    expect(campaigns.map((c) => [c.sourceId, c.sentAt, c.channel])).toEqual([
      ['01K8AAAAAAAAAAAAAAAAAAAAA1', '2025-10-29T14:30:00.000Z', 'email'],
      ['01K8AAAAAAAAAAAAAAAAAAAAA2', '2025-10-25T22:00:00.000Z', 'email'],
      ['01K8AAAAAAAAAAAAAAAAAAAAA3', '2025-11-02T06:30:00.000Z', 'sms'],
    ]);
    expect(campaigns[0]).toMatchObject({
      name: 'October 29th: Holiday Reminder',
      subject: 'Final 48 hours!',
    });
    // No deliveries in this layout, so no rate can be turned into a count.
    expect(stats[0]).toEqual({
      kind: 'campaign-stats',
      source: 'klaviyo',
      key: '01K8AAAAAAAAAAAAAAAAAAAAA1',
      campaignSourceId: '01K8AAAAAAAAAAAAAAAAAAAAA1',
      bounces: 699,
      uniqueOpens: 70000,
      totalOpens: 87000,
      uniqueClicks: 740,
      totalClicks: 960,
      unsubscribes: 313,
      complaints: 7,
    });
    expect(reasons(r.rejections)).toEqual([
      '5: Send Date and Send Time "2025-10-20 25:61 PM" is not a date (expected like "2025-04-06 10:30 AM")',
    ]);
  });
});

describe('Klaviyo flow export', () => {
  test('one campaign per flow, stats per month, counts derived from rates over deliveries', async () => {
    const r = await readAll('klaviyo/flows-monthly.csv');
    expect(r.info.format).toBe('klaviyo-flows');
    expect(r.records.map((x) => `${x.kind}:${x.key}`)).toEqual([
      'campaign:XyZ123',
      'campaign-stats:XyZ123|2024-01-01',
      'campaign-stats:XyZ123|2024-02-01',
      'campaign:AbC456',
      'campaign-stats:AbC456|2024-01-01',
    ]);
    expect(ofKind(r.records, 'campaign')[0]).toEqual({
      kind: 'campaign',
      source: 'klaviyo',
      key: 'XyZ123',
      sourceId: 'XyZ123',
      name: 'Welcome Series',
      channel: 'email',
      campaignType: 'flow',
      status: 'live',
    });
    const stats = ofKind(r.records, 'campaign-stats');
    expect(stats[0]).toEqual({
      kind: 'campaign-stats',
      source: 'klaviyo',
      key: 'XyZ123|2024-01-01',
      campaignSourceId: 'XyZ123',
      periodStart: '2024-01-01',
      periodEnd: '2024-01-31',
      delivered: 5000,
      uniqueOpens: 2600,
      uniqueClicks: 400,
      orders: 50,
      revenue: 4200.5,
      // 0.4 % of 5,000; 0.02 % of 5,000; bounces from a rate over recipients: 0.0099 × 5000 / 0.9901 = 49.995.
      unsubscribes: 20,
      complaints: 1,
      bounces: 50,
      derivedFields: ['unsubscribes', 'complaints', 'bounces'],
    });
    // February 2024 has 29 days; 0.0196 × 4000 / 0.9804 = 79.97 bounces.
    expect(stats[1]).toMatchObject({
      periodStart: '2024-02-01',
      periodEnd: '2024-02-29',
      unsubscribes: 10,
      complaints: 0,
      bounces: 80,
    });
    expect(ofKind(r.records, 'campaign')[1]).toMatchObject({ name: 'Abandoned Cart', status: 'manual' });
    expect(reasons(r.rejections)).toEqual([
      '5: Month "2024-13-01" is not a month (expected like "2024-01" or "Jan 2024")',
    ]);
  });
});

describe('Klaviyo profile export', () => {
  test('profiles by Klaviyo ID, consent words, naive times in the account zone', async () => {
    const r = await readAll('klaviyo/profiles.csv');
    expect(r.info.format).toBe('klaviyo-profiles');
    const people = ofKind(r.records, 'person');
    expect(people).toHaveLength(3);
    expect(people[0]).toEqual({
      kind: 'person',
      source: 'klaviyo',
      key: '01HAAAAAAAAAAAAAAAAAAAAAA1',
      sourceId: '01HAAAAAAAAAAAAAAAAAAAAAA1',
      email: 'maria@example.com',
      emailNormalized: 'maria@example.com',
      firstName: 'Maria',
      lastName: 'Garcia',
      company: 'Acme Corp',
      jobTitle: 'Head of Growth',
      phone: '+1 555 0100',
      city: 'Austin',
      region: 'TX',
      country: 'United States',
      postalCode: '78701',
      contactStatus: 'active',
      emailOptIn: true,
      smsOptIn: false,
      // 2023-04-12 10:22:31 EDT
      subscribedAt: '2023-04-12T14:22:31.000Z',
      consentAt: '2023-04-12T14:22:31.000Z',
      consentSource: 'klaviyo',
      createdAt: '2023-04-12T14:22:31.000Z',
      attributes: {
        Address: '1 Main St',
        Latitude: '30.2672',
        Longitude: '-97.7431',
        'IP Address': '203.0.113.9',
        'Last Open': '2024-01-05 08:00:00',
        Source: 'Signup form',
      },
    });
    expect(people[1]).toMatchObject({
      email: 'PETER@EXAMPLE.COM',
      emailNormalized: 'peter@example.com',
      contactStatus: 'unsubscribed',
      emailOptIn: false,
      unsubscribedAt: '2024-02-01T17:00:00.000Z',
      subscribedAt: undefined,
      createdAt: '2022-01-01T05:00:00.000Z',
    });
    expect(people[2]).toMatchObject({
      key: '01HAAAAAAAAAAAAAAAAAAAAAA3',
      email: undefined,
      emailOptIn: false,
      contactStatus: undefined,
      smsOptIn: true,
      createdAt: '2024-03-03T08:03:03.000Z',
    });
    expect(reasons(r.rejections)).toEqual([
      '5: Email Marketing Consent "MAYBE" is not a consent state (expected SUBSCRIBED, UNSUBSCRIBED or NEVER_SUBSCRIBED)',
    ]);
  });
});
