import { describe, expect, test } from 'vitest';
import { sendgridActivity } from '../../../core/imports/formats/sendgrid-activity';
import type { DeliveryEventRecord } from '../../../core/imports';
import { ofKind, readAll, reasons } from './helpers';

const M = (i: number): string =>
  `W${i}aBcDeFgHiJkLmNoPq.filter0${String(i).padStart(3, '0')}.16648.65E1A2B3.0`;

describe('SendGrid email activity', () => {
  test('one delivery event per row, processed in unix seconds, a campaign record when one first appears', async () => {
    const r = await readAll('sendgrid/activity.csv');
    expect(r.info.format).toBe('sendgrid-activity');
    expect(r.rowsRead).toBe(24);
    expect(r.rowsSkipped).toBe(1);
    const events = ofKind(r.records, 'delivery-event');
    expect(events).toHaveLength(20);
    expect(ofKind(r.records, 'campaign')).toEqual([
      {
        kind: 'campaign',
        source: 'sendgrid',
        key: '1111',
        sourceId: '1111',
        name: 'Spring Sale',
        channel: 'email',
        campaignType: 'broadcast',
        subject: 'Spring sale, 20% off',
      },
      expect.objectContaining({ sourceId: '2222', name: 'Weekly Digest', subject: 'Your weekly digest' }),
    ]);
    expect(r.records[0].kind).toBe('campaign');
    expect(events[0]).toEqual({
      kind: 'delivery-event',
      source: 'sendgrid',
      key: `${M(1)}|processed|1709290800`,
      messageId: M(1),
      email: 'alice@example.com',
      emailNormalized: 'alice@example.com',
      campaignSourceId: '1111',
      campaignName: 'Spring Sale',
      subject: 'Spring sale, 20% off',
      event: 'processed',
      at: '2024-03-01T11:00:00.000Z',
    });
    const counts: Record<string, number> = {};
    for (const e of events) counts[e.event] = (counts[e.event] ?? 0) + 1;
    expect(counts).toEqual({
      processed: 6,
      delivered: 3,
      open: 3,
      click: 1,
      bounce: 2,
      spam_report: 1,
      group_unsubscribe: 1,
      unsubscribe: 1,
      dropped: 1,
      deferred: 1,
    });
  });

  test('event words, bounce types, reasons and URLs', async () => {
    const events = ofKind((await readAll('sendgrid/activity.csv')).records, 'delivery-event');
    const pick = (id: number, event: DeliveryEventRecord['event']): DeliveryEventRecord[] =>
      events.filter((e) => e.messageId === M(id) && e.event === event);
    const url = 'https://shop.example.com/spring?utm_source=sendgrid&utm_campaign=spring';
    expect(pick(1, 'click')).toEqual([
      expect.objectContaining({
        at: '2024-03-01T12:01:00.000Z',
        url,
        key: `${M(1)}|click|1709294460|${url}`,
      }),
    ]);
    expect(pick(2, 'bounce')).toEqual([
      expect.objectContaining({
        email: 'BOB@Example.com',
        emailNormalized: 'bob@example.com',
        at: '2024-03-01T11:00:10.000Z',
        bounceType: 'hard',
        reason: '550 5.1.1 The email account that you tried to reach does not exist',
      }),
    ]);
    expect(pick(3, 'spam_report')[0].at).toBe('2024-03-02T12:00:00.000Z');
    expect(pick(3, 'group_unsubscribe')[0].at).toBe('2024-03-02T12:01:00.000Z');
    expect(pick(3, 'unsubscribe')[0].at).toBe('2024-03-02T12:02:00.000Z');
    expect(pick(4, 'dropped')[0]).toMatchObject({ reason: 'Bounced Address', bounceType: undefined });
    expect(pick(5, 'deferred')[0]).toMatchObject({
      reason: '421 4.7.0 Try again later',
      at: '2024-03-01T11:01:40.000Z',
    });
    expect(pick(5, 'open').map((e) => e.at)).toEqual([
      '2024-03-02T11:00:00.000Z',
      '2024-03-03T11:00:00.000Z',
    ]);
    expect(pick(6, 'bounce')[0]).toMatchObject({ bounceType: 'soft', campaignSourceId: '2222' });
  });

  test('rows that do not read are rejected; a resubscription is skipped', async () => {
    const r = await readAll('sendgrid/activity.csv');
    expect(reasons(r.rejections)).toEqual([
      '22: processed "yesterday" is not a time (expected unix seconds like "1709290800")',
      '23: event "clicked-ish" is not a SendGrid event (expected processed, delivered, open, click, bounce, dropped, deferred, spam report or unsubscribe)',
      '24: email "frank(at)example.com" is not an email address',
    ]);
  });

  test('bounce classification and machine opens where the export has them', () => {
    const header = [
      'processed',
      'message_id',
      'event',
      'email',
      'type',
      'bounce_classification',
      'sg_machine_open',
    ];
    const mapper = sendgridActivity.createMapper(header, { timeZone: 'UTC', fileName: 'x.csv' });
    const one = (row: string[]): DeliveryEventRecord => {
      const out = mapper.map(row, 2);
      if (out.kind !== 'records') throw new Error(JSON.stringify(out));
      return out.records[0] as DeliveryEventRecord;
    };
    expect(
      one(['1709290800', 'm1', 'bounce', 'a@example.com', 'bounce', 'Invalid Address', '']).bounceType,
    ).toBe('hard');
    expect(one(['1709290800', 'm2', 'bounce', 'a@example.com', 'bounce', 'Technical', '']).bounceType).toBe(
      'soft',
    );
    expect(one(['1709290800', 'm3', 'bounce', 'a@example.com', 'blocked', '', '']).bounceType).toBe('soft');
    expect(one(['1709290800', 'm4', 'open', 'a@example.com', '', '', 'true']).machineOpen).toBe(true);
    expect(one(['1709290800', 'm5', 'open', 'a@example.com', '', '', 'false']).machineOpen).toBe(false);
    expect(one(['1709290800', 'm6', 'open', 'a@example.com', '', '', '']).machineOpen).toBeUndefined();
    // Some downloads write UTC date-times instead of unix seconds.
    expect(one(['2024-03-01 11:00:00', 'm7', 'delivered', 'a@example.com', '', '', '']).at).toBe(
      '2024-03-01T11:00:00.000Z',
    );
  });
});

describe('HubSpot contacts export', () => {
  test('Record ID as the id, lifecycle stages mapped, marketing email columns kept as attributes', async () => {
    const r = await readAll('hubspot/contacts.csv', { timeZone: 'America/New_York' });
    expect(r.info.format).toBe('hubspot-contacts');
    const people = ofKind(r.records, 'person');
    expect(people.map((p) => p.key)).toEqual(['101', '102', '103', '104']);
    expect(people[0]).toEqual({
      kind: 'person',
      source: 'hubspot',
      key: '101',
      sourceId: '101',
      email: 'sam@ridge.example',
      emailNormalized: 'sam@ridge.example',
      firstName: 'Sam',
      lastName: 'Lee',
      phone: '+1 614 555 0102',
      company: 'Ridge Property Group',
      jobTitle: 'Facilities Manager',
      country: 'United States',
      city: 'Columbus',
      lifecycleStage: 'lead',
      // 2023-05-15 14:22 EDT
      createdAt: '2023-05-15T18:22:00.000Z',
      attributes: {
        'Lead Status': 'New',
        'Contact owner': 'Jo Planner',
        'Last Activity Date': '2024-02-01 09:10',
        'Marketing contact status': 'Marketing contact',
        'Original Source': 'Organic Search',
        'Original Source Drill-Down 1': 'google',
        'Marketing emails delivered': '12',
        'Marketing emails opened': '7',
        'Marketing emails clicked': '2',
        'Marketing emails bounced': '0',
        'First marketing email send date': '2023-05-20 10:00',
        'Last marketing email open date': '2024-01-30 08:45',
      },
    });
    expect(people[1]).toMatchObject({
      lifecycleStage: 'marketing_qualified_lead',
      // 01:30 on 2023-11-05 happens twice in New York: standard time.
      createdAt: '2023-11-05T06:30:00.000Z',
      subscribedAt: '2023-11-05T06:30:00.000Z',
    });
    expect(people[2]).toMatchObject({
      email: undefined,
      emailNormalized: undefined,
      lifecycleStage: 'customer',
      createdAt: '2022-01-10T14:00:00.000Z',
    });
    // A portal's own stage is kept as written, not forced into the canonical set.
    expect(people[3]).toMatchObject({
      lifecycleStage: undefined,
      contactStatus: 'unsubscribed',
      emailOptIn: false,
      createdAt: '2024-03-10T07:30:00.000Z',
    });
    expect(people[3].attributes['Lifecycle Stage']).toBe('Partner');
    expect(reasons(r.rejections)).toEqual([
      '6: Create Date "15/05/2023 14:22" is not a date (expected like "2024-03-01 14:30"; it reads like day/month/year, which this file is not set up for)',
      '7: Record ID is empty',
    ]);
  });
});
