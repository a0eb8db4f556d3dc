import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { ServiceError } from '../../../core/errors';
import { headerSignature, suggestMapping, suggestTarget, validateMapping } from '../../../core/imports';
import type { ColumnMapping } from '../../../core/imports';
import { csvMapping } from '../../../core/imports/formats/csv-mapping';
import { expectServiceError, ofKind, readAll, reasons } from './helpers';

describe('header signature', () => {
  test('is the hash of the normalised, sorted column names', () => {
    const expected = createHash('sha256').update('customerid\ninvoice no').digest('hex');
    expect(headerSignature(['Invoice  No', 'CustomerID'])).toBe(expected);
    expect(headerSignature([' customerid ', 'INVOICE NO', ''])).toBe(expected);
    expect(headerSignature(['Invoice No', 'Customer'])).not.toBe(expected);
  });
});

describe('mapping suggestions', () => {
  test('by synonyms, each column used once', () => {
    expect(suggestMapping(['Email Address', 'First Name', 'Surname', 'Zip', 'Notes'], 'contacts')).toEqual({
      target: 'contacts',
      columns: { email: 'Email Address', firstName: 'First Name', lastName: 'Surname', postalCode: 'Zip' },
    });
    expect(
      suggestMapping(
        ['Date', 'Network', 'Campaign', 'Spend', 'Impressions', 'Clicks', 'Conversions'],
        'spend',
      ).columns,
    ).toEqual({
      date: 'Date',
      campaignName: 'Campaign',
      cost: 'Spend',
      impressions: 'Impressions',
      clicks: 'Clicks',
      conversions: 'Conversions',
      platform: 'Network',
    });
  });

  test('the target a header fits best', () => {
    expect(
      suggestTarget([
        'InvoiceNo',
        'StockCode',
        'Description',
        'Quantity',
        'InvoiceDate',
        'UnitPrice',
        'CustomerID',
        'Country',
      ]),
    ).toBe('orders');
    expect(suggestTarget(['visit_id', 'customer_id', 'visit_time', 'utm_source', 'utm_medium'])).toBe(
      'touchpoints',
    );
    expect(suggestTarget(['Email', 'First Name', 'Last Name'])).toBe('contacts');
    expect(suggestTarget(['foo', 'bar'])).toBeUndefined();
  });
});

describe('mapping validation', () => {
  const header = ['Email', 'Name', 'Signed up'];

  test('accepts a fitting mapping and drops empty entries', () => {
    expect(
      validateMapping(
        { target: 'contacts', columns: { email: 'email', fullName: 'Name', city: '' } },
        header,
      ),
    ).toEqual({
      target: 'contacts',
      columns: { email: 'email', fullName: 'Name' },
    });
  });

  test('names every problem at once', () => {
    let error: unknown;
    try {
      validateMapping({ target: 'contacts', columns: { shoeSize: 'Name', createdAt: 'Joined' } }, header);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).code).toBe('invalid-argument');
    expect((error as ServiceError).message).toBe(
      'The column mapping does not fit this file: "shoeSize" is not a field of contacts (fields: email, sourceId, firstName, lastName, fullName, phone, company, jobTitle, country, region, city, postalCode, timezone, lifecycleStage, contactStatus, subscribedAt, unsubscribedAt, createdAt, emailOptIn, tags); the file has no column "Joined" (for createdAt); no column is mapped to Email or Contact id.',
    );
  });

  test('refuses what is not a mapping', () => {
    expect(() => validateMapping(null, header)).toThrow('A column mapping must be an object');
    expect(() => validateMapping({ target: 'leads', columns: {} }, header)).toThrow(
      'target must be one of contacts, events, orders, sends, touchpoints, spend; got "leads"',
    );
    expect(() => validateMapping({ target: 'contacts' }, header)).toThrow('needs "columns"');
    expect(() => csvMapping.createMapper(header, { timeZone: 'UTC', fileName: 'x.csv' })).toThrow(
      'needs a column mapping',
    );
  });

  test('csv-mapping is never detected; it is chosen', () => {
    expect(csvMapping.detect(header, [])).toBe(0);
  });
});

describe('files read through a mapping', () => {
  test('a European shop export: UTF-8 with BOM, semicolons, decimal commas, day-first dotted dates', async () => {
    const mapping: ColumnMapping = {
      target: 'orders',
      columns: {
        orderId: 'Bestellnummer',
        orderedAt: 'Bestelldatum',
        email: 'E-Mail',
        sku: 'Artikelnummer',
        productName: 'Artikel',
        quantity: 'Menge',
        unitPrice: 'Einzelpreis',
        country: 'Land',
      },
    };
    const r = await readAll('generic/shop-orders-semicolon.csv', { mapping, timeZone: 'Europe/Berlin' });
    expect(r.info).toMatchObject({
      encoding: 'utf-8',
      delimiter: ';',
      decimalComma: true,
      format: 'csv-mapping',
    });
    expect(r.info.header[0]).toBe('Bestellnummer');
    const orders = ofKind(r.records, 'order');
    expect(orders.map((o) => [o.sourceId, o.orderedAt, o.total])).toEqual([
      // 01.03.2024 14:30 CET
      ['10001', '2024-03-01T13:30:00.000Z', 1259.56],
      ['10002', '2024-03-02T08:05:00.000Z', 39.9],
      // 02:30 on 2024-03-31 does not exist in Berlin: read with the offset before the change (CET).
      ['10003', '2024-03-31T01:30:00.000Z', 14.97],
    ]);
    expect(orders[0].items).toEqual([
      { sku: 'A-1', productName: 'Kaffeebecher „Classic“', quantity: 2, unitPrice: 12.5, lineTotal: 25 },
      {
        sku: 'A-2',
        productName: 'Untersetzer; 4er-Set',
        quantity: 1,
        unitPrice: 1234.56,
        lineTotal: 1234.56,
      },
    ]);
    expect(ofKind(r.records, 'person').map((p) => [p.key, p.country])).toEqual([
      ['anna@example.de', 'Deutschland'],
      ['jonas@example.at', 'Österreich'],
      ['lea@example.de', 'Deutschland'],
    ]);
  });

  test('a Windows-1252 contacts file: smart quotes, €, accents survive', async () => {
    const header = ['Email', 'First Name', 'Last Name', 'Company', 'Notes'];
    const r = await readAll('generic/contacts-windows1252.csv', {
      mapping: suggestMapping(header, 'contacts'),
    });
    expect(r.info.encoding).toBe('windows-1252');
    expect(
      ofKind(r.records, 'person').map((p) => [p.firstName, p.lastName, p.company, p.attributes]),
    ).toEqual([
      ['Zoë', 'Dupont', 'Café “Le Zinc”', { Notes: 'Price €12,50 – paid' }],
      ['Renée', 'Lefèvre', 'Brasserie Nöel', { Notes: 'Prefers ‘formal’ tone' }],
      ['Sven', 'Åberg', 'Smörgås AB', {}],
    ]);
  });

  test('a UTF-16 big-endian contacts file', async () => {
    const r = await readAll('encoding/contacts-utf16be.csv', {
      mapping: suggestMapping(['Email', 'First Name', 'Last Name', 'Company'], 'contacts'),
    });
    expect(r.info.encoding).toBe('utf-16be');
    expect(ofKind(r.records, 'person').map((p) => [p.key, p.lastName, p.company])).toEqual([
      ['li@example.cn', 'Wei', '北京咖啡'],
      ['ole@example.dk', 'Sørensen', 'Kaffe & Co'],
    ]);
  });

  test('events: unmapped columns become properties', async () => {
    const header = [
      'event_id',
      'user_id',
      'email',
      'event',
      'timestamp',
      'value',
      'currency',
      'session_id',
      'page_url',
      'device',
    ];
    const mapping = suggestMapping(header, 'events');
    expect(mapping.columns).toEqual({
      eventType: 'event',
      at: 'timestamp',
      email: 'email',
      personSourceId: 'user_id',
      eventId: 'event_id',
      value: 'value',
      currency: 'currency',
      sessionId: 'session_id',
      pageUrl: 'page_url',
    });
    const r = await readAll('generic/events.csv', { mapping });
    const events = ofKind(r.records, 'event');
    expect(events[0]).toEqual({
      kind: 'event',
      source: 'csv',
      key: 'e1',
      personSourceId: '17850',
      eventType: 'page_view',
      at: '2024-03-01T10:00:00.000Z',
      properties: { device: 'mobile' },
      sessionId: 's1',
      pageUrl: 'https://shop.example.com/',
    });
    expect(events[1]).toMatchObject({ at: '2024-03-01T09:05:00.000Z', value: 19.99, currency: 'EUR' });
    expect(events[2]).toMatchObject({
      personEmail: 'anon@example.com',
      personEmailNormalized: 'anon@example.com',
      at: '2024-03-01T17:00:00.000Z',
    });
    expect(reasons(r.rejections)).toEqual([
      '5: timestamp "not a time" is not a date (expected like "2024-03-01 14:30")',
    ]);
  });

  test('touchpoints keep the channel only when the file names it', async () => {
    const header = [
      'visit_id',
      'customer_id',
      'visit_time',
      'utm_source',
      'utm_medium',
      'utm_campaign',
      'utm_content',
      'utm_term',
      'referrer',
      'landing_page',
      'gclid',
      'channel',
    ];
    const r = await readAll('generic/touchpoints.csv', { mapping: suggestMapping(header, 'touchpoints') });
    const touches = ofKind(r.records, 'touchpoint');
    expect(touches[0]).toEqual({
      kind: 'touchpoint',
      source: 'csv',
      key: 'v1',
      personSourceId: '17850',
      at: '2024-03-01T14:00:00.000Z',
      trafficSource: 'google',
      medium: 'cpc',
      campaign: 'spring_sale',
      content: 'ad_a',
      term: 'running shoes',
      referrer: 'https://www.google.com/',
      landingUrl: 'https://shop.example.com/spring',
      clickId: 'Cj0KCQ-test',
    });
    expect(touches[1]).toMatchObject({
      channel: 'Email',
      trafficSource: 'newsletter',
      medium: 'email',
      at: '2024-03-02T15:30:00.000Z',
    });
    expect(touches[2]).toMatchObject({
      channel: undefined,
      personSourceId: '13047',
      referrer: 'https://www.facebook.com/',
    });
  });

  test('per-recipient sends: a message is a campaign and an address when the file has no message id', async () => {
    const mapping = suggestMapping(['Campaign', 'Recipient', 'Sent At', 'Status', 'Subject'], 'sends');
    expect(mapping.columns).toEqual({
      email: 'Recipient',
      at: 'Sent At',
      campaignName: 'Campaign',
      subject: 'Subject',
      event: 'Status',
    });
    const r = await readAll('generic/sends.csv', { mapping });
    const events = ofKind(r.records, 'delivery-event');
    expect(events[0]).toEqual({
      kind: 'delivery-event',
      source: 'csv',
      key: 'April Newsletter|ann@example.com|delivered|2024-04-01T13:00:00.000Z',
      messageId: 'April Newsletter|ann@example.com',
      email: 'ann@example.com',
      emailNormalized: 'ann@example.com',
      campaignSourceId: 'April Newsletter',
      campaignName: 'April Newsletter',
      subject: 'April news',
      event: 'delivered',
      at: '2024-04-01T13:00:00.000Z',
    });
    expect(events.map((e) => e.event)).toEqual(['delivered', 'bounce', 'open']);
    expect(reasons(r.rejections)).toEqual(['5: Recipient "bad-email" is not an email address']);
  });

  test('daily spend with currency symbols, thousands separators and a credit in parentheses', async () => {
    const header = ['Date', 'Network', 'Campaign', 'Spend', 'Impressions', 'Clicks', 'Conversions'];
    const r = await readAll('generic/spend.csv', { mapping: suggestMapping(header, 'spend') });
    const spend = ofKind(r.records, 'ad-spend');
    expect(spend[0]).toEqual({
      kind: 'ad-spend',
      source: 'csv',
      key: 'tiktok|Spring Awareness||2024-03-01',
      platform: 'tiktok',
      date: '2024-03-01',
      campaignName: 'Spring Awareness',
      cost: 150,
      impressions: 100000,
      clicks: 900,
      conversions: 3,
    });
    expect(spend.map((s) => [s.platform, s.date, s.cost, s.impressions, s.conversions])).toEqual([
      ['tiktok', '2024-03-01', 150, 100000, 3],
      ['tiktok', '2024-03-02', 175.5, 110500, 4.5],
      ['linkedin', '2024-03-02', -20, 1000, 0],
    ]);
  });

  test('a mapping naming a column the file lacks fails the whole file up front', async () => {
    const mapping: ColumnMapping = {
      target: 'orders',
      columns: { orderId: 'Order', orderedAt: 'InvoiceDate', total: 'Total' },
    };
    await expectServiceError(
      readAll('online-retail/online_retail_head.csv', { mapping }),
      'invalid-argument',
      /the file has no column "Order" \(for orderId\); the file has no column "Total" \(for total\)/,
    );
  });

  test('mapping options: day-first dates and a source name', async () => {
    const header = ['Date', 'Network', 'Campaign', 'Spend', 'Impressions', 'Clicks', 'Conversions'];
    const mapping: ColumnMapping = {
      ...suggestMapping(header, 'spend'),
      options: { dayFirst: true, source: 'agency-sheet' },
    };
    const spend = ofKind((await readAll('generic/spend.csv', { mapping })).records, 'ad-spend');
    // 03/01/2024 read day first is 3 January.
    expect(spend.map((s) => [s.source, s.date])).toEqual([
      ['csv:agency-sheet', '2024-01-03'],
      ['csv:agency-sheet', '2024-02-03'],
      ['csv:agency-sheet', '2024-02-03'],
    ]);
  });
});
