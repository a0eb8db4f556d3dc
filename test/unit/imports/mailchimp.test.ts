import { describe, expect, test } from 'vitest';
import { mailchimpAudience } from '../../../core/imports/formats/mailchimp-audience';
import { ofKind, readAll, reasons } from './helpers';

describe('Mailchimp audience export', () => {
  test('subscribed members: people, consent times in UTC, tags, the rest as attributes', async () => {
    const r = await readAll('mailchimp/subscribed_members_export_3f2a1b.csv');
    expect(r.info.format).toBe('mailchimp-audience');
    expect(r.rowsRead).toBe(7);
    expect(r.rowsSkipped).toBe(0);
    expect(r.records).toHaveLength(4);
    const people = ofKind(r.records, 'person');
    expect(people.map((p) => p.key)).toEqual([
      'ada@example.com',
      'grace.hopper@example.com',
      'jose@example.es',
      'linus@example.org',
    ]);

    expect(people[0]).toEqual({
      kind: 'person',
      source: 'mailchimp',
      key: 'ada@example.com',
      email: 'ada@example.com',
      emailNormalized: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      phone: '+44 20 7946 0000',
      country: 'GB',
      region: 'ENG',
      timezone: 'Europe/London',
      contactStatus: 'active',
      subscribedAt: '2018-06-09T21:31:40.000Z',
      createdAt: '2018-06-09T21:30:12.000Z',
      updatedAt: '2023-11-02T08:15:00.000Z',
      emailOptIn: true,
      consentAt: '2018-06-09T21:31:40.000Z',
      consentSource: 'mailchimp',
      tags: ['VIP', 'Newsletter'],
      attributes: {
        Address: "12 St James's Square, London SW1Y 4JH, UK",
        MEMBER_RATING: '5',
        OPTIN_IP: '203.0.113.5',
        CONFIRM_IP: '203.0.113.5',
        LATITUDE: '51.5074000',
        LONGITUDE: '-0.1278000',
        GMTOFF: '0',
        DSTOFF: '1',
        LEID: '112233445',
        EUID: 'a1b2c3d4e5',
      },
    });

    // The address as given (trimmed), the key lower-cased; a note spanning three lines is one value.
    expect(people[1]).toMatchObject({
      email: 'Grace.Hopper@Example.COM',
      emailNormalized: 'grace.hopper@example.com',
      createdAt: '2019-01-15T14:00:00.000Z',
      subscribedAt: '2019-01-15T14:00:00.000Z',
      attributes: { NOTES: 'Met at the\nconference, wants the\nquarterly report', LEID: '112233446' },
    });
    expect(people[2]).toMatchObject({ firstName: 'José', lastName: 'Müller', country: 'ES' });
    expect(people[3]).toMatchObject({ firstName: 'Linus', lastName: undefined, tags: ['Customers'] });
  });

  test('bad rows are rejected with the row a spreadsheet shows (a quoted note spans lines but is one row)', async () => {
    const r = await readAll('mailchimp/subscribed_members_export_3f2a1b.csv');
    expect(reasons(r.rejections)).toEqual([
      '5: Email Address "not-an-email" is not an email address',
      '6: OPTIN_TIME "2018-13-45 25:00:00" is not a date (expected like "2018-06-09 21:30:12")',
      '8: Email Address is empty',
    ]);
    expect(r.rejections[0]).toMatchObject({
      field: 'Email Address',
      raw: { 'Email Address': 'not-an-email', 'First Name': 'Bad', LEID: '112233448' },
    });
  });

  test('unsubscribed and cleaned files set the status', async () => {
    const unsub = ofKind(
      (await readAll('mailchimp/unsubscribed_members_export_3f2a1b.csv')).records,
      'person',
    );
    expect(unsub).toHaveLength(2);
    expect(unsub[0]).toMatchObject({
      key: 'olga@example.ru',
      contactStatus: 'unsubscribed',
      emailOptIn: false,
      unsubscribedAt: '2023-06-01T18:45:00.000Z',
      attributes: {
        UNSUB_CAMPAIGN_TITLE: 'June newsletter',
        UNSUB_CAMPAIGN_ID: '8f7e6d5c4b',
        UNSUB_REASON: 'I no longer want to receive these emails',
      },
    });
    expect(unsub[1].attributes).toMatchObject({
      UNSUB_REASON: 'Other',
      UNSUB_REASON_OTHER: 'Too many emails',
    });

    const cleaned = ofKind((await readAll('mailchimp/cleaned_members_export_3f2a1b.csv')).records, 'person');
    expect(cleaned).toEqual([
      expect.objectContaining({
        key: 'old.address@example.net',
        contactStatus: 'cleaned',
        emailOptIn: false,
        attributes: expect.objectContaining({
          CLEAN_TIME: '2021-09-09 09:09:09',
          CLEAN_CAMPAIGN_TITLE: 'September sale',
        }),
      }),
    ]);
  });

  test('without status columns, the file name tells the status', () => {
    const header = [
      'Email Address',
      'First Name',
      'MEMBER_RATING',
      'OPTIN_TIME',
      'CONFIRM_TIME',
      'LEID',
      'EUID',
    ];
    const row = ['a@example.com', 'A', '2', '', '', '1', 'x'];
    const status = (fileName: string): unknown => {
      const out = mailchimpAudience.createMapper(header, { timeZone: 'UTC', fileName }).map(row, 2);
      return out.kind === 'records' ? (out.records[0] as { contactStatus?: string }).contactStatus : out;
    };
    expect(status('cleaned_members_export_9z.csv')).toBe('cleaned');
    expect(status('export/unsubscribed_members_export_9z.csv')).toBe('unsubscribed');
    expect(status('subscribed_members_export_9z.csv')).toBe('active');
  });

  test('the ZIP yields the member files one after another', async () => {
    const r = await readAll('mailchimp/audience_export_3f2a1b.zip');
    expect(r.info.format).toBe('mailchimp-audience');
    expect(r.info.entries).toEqual([
      'subscribed_members_export_3f2a1b.csv',
      'unsubscribed_members_export_3f2a1b.csv',
      'cleaned_members_export_3f2a1b.csv',
    ]);
    expect(r.rowsRead).toBe(10);
    const people = ofKind(r.records, 'person');
    expect(people.map((p) => `${p.key}:${p.contactStatus}`)).toEqual([
      'ada@example.com:active',
      'grace.hopper@example.com:active',
      'jose@example.es:active',
      'linus@example.org:active',
      'olga@example.ru:unsubscribed',
      'tom@example.com:unsubscribed',
      'old.address@example.net:cleaned',
    ]);
    expect(r.rejections.map((x) => `${x.entry}#${x.rowNumber}`)).toEqual([
      'subscribed_members_export_3f2a1b.csv#5',
      'subscribed_members_export_3f2a1b.csv#6',
      'subscribed_members_export_3f2a1b.csv#8',
    ]);
  });
});

describe('Mailchimp campaigns report', () => {
  test('campaigns and their figures; Send Date in the account zone; n/a is no value', async () => {
    const r = await readAll('mailchimp/campaigns.csv', { timeZone: 'America/New_York' });
    expect(r.info.format).toBe('mailchimp-campaigns');
    expect(r.info.delimiter).toBe(',');
    expect(r.rowsRead).toBe(6);
    const campaigns = ofKind(r.records, 'campaign');
    const stats = ofKind(r.records, 'campaign-stats');
    expect(campaigns.map((c) => c.sourceId)).toEqual([
      'a1b2c3d4e5',
      'b2c3d4e5f6',
      'c3d4e5f6a7',
      'e5f6a7b8c9',
    ]);
    expect(stats).toHaveLength(4);

    expect(campaigns[0]).toEqual({
      kind: 'campaign',
      source: 'mailchimp',
      key: 'a1b2c3d4e5',
      sourceId: 'a1b2c3d4e5',
      name: 'Summer Sale 2018',
      channel: 'email',
      campaignType: 'broadcast',
      subject: '☀️ 20% off everything, this weekend only',
      listName: 'Main Audience',
      // Jun 09, 2018 09:30 pm EDT
      sentAt: '2018-06-10T01:30:00.000Z',
      status: 'sent',
    });
    expect(stats[0]).toEqual({
      kind: 'campaign-stats',
      source: 'mailchimp',
      key: 'a1b2c3d4e5',
      campaignSourceId: 'a1b2c3d4e5',
      recipients: 1234,
      delivered: 1200,
      softBounces: 20,
      hardBounces: 14,
      bounces: 34,
      uniqueOpens: 467,
      totalOpens: 1021,
      uniqueClicks: 130,
      totalClicks: 201,
      unsubscribes: 5,
      complaints: 1,
      orders: 12,
      grossSales: 1530.5,
      revenue: 1480.25,
    });
    expect(campaigns[1].sentAt).toBe('2018-09-15T14:00:00.000Z');
    expect(stats[1]).toMatchObject({
      orders: undefined,
      revenue: undefined,
      grossSales: undefined,
      uniqueOpens: 402,
    });
    // Dec 01, 2018 08:15 am EST
    expect(campaigns[2].sentAt).toBe('2018-12-01T13:15:00.000Z');
    // Mar 11, 2018 02:30 am does not exist in New York; it reads with the offset before the change.
    expect(campaigns[3].sentAt).toBe('2018-03-11T07:30:00.000Z');
  });

  test('only a rate: the count is derived from it and its base, and marked as derived', async () => {
    const stats = ofKind((await readAll('mailchimp/campaigns.csv')).records, 'campaign-stats');
    // 25.00 % of 496 deliveries = 124; 5.04 % of 496 = 24.9984 → 25.
    expect(stats[2]).toMatchObject({
      delivered: 496,
      uniqueOpens: 124,
      uniqueClicks: 25,
      totalOpens: 300,
      derivedFields: ['uniqueOpens', 'uniqueClicks'],
    });
  });

  test('rejections name the column, the value and what was expected', async () => {
    const r = await readAll('mailchimp/campaigns.csv');
    expect(reasons(r.rejections)).toEqual([
      '5: Send Date "32/13/2020" is not a date (expected like "Jun 09, 2018 09:30 pm")',
      '7: Total Recipients "12x" is not a count (expected a whole number like "1,234")',
    ]);
    expect(r.rejections[0].field).toBe('Send Date');
  });
});
