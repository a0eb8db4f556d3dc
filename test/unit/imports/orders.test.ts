import { describe, expect, test } from 'vitest';
import { suggestMapping } from '../../../core/imports';
import type { OrderRecord } from '../../../core/imports';
import { RowProblem } from '../../../core/imports/formats/columns';
import { OrderAssembler } from '../../../core/imports/formats/orders';
import { shopifyOrderStatus } from '../../../core/imports/formats/shopify-orders';
import { ofKind, readAll, reasons } from './helpers';

describe('Shopify orders export', () => {
  test('line-item rows merge into one order per Name; order fields come from its first row', async () => {
    const r = await readAll('shopify/orders.csv');
    expect(r.info.format).toBe('shopify-orders');
    expect(r.rowsRead).toBe(10);
    expect(r.records.map((x) => `${x.kind}:${x.key}`)).toEqual([
      'person:ada@example.com',
      'person:bob@example.com',
      'person:carol@example.com',
      'person:dave@example.com',
      'order:#1001',
      'order:#1002',
      'order:#1003',
      'order:#1005',
    ]);
    const orders = ofKind(r.records, 'order');
    expect(orders[0]).toEqual({
      kind: 'order',
      source: 'shopify',
      key: '#1001',
      sourceId: '#1001',
      customerEmail: 'ada@example.com',
      customerEmailNormalized: 'ada@example.com',
      orderedAt: '2024-03-01T15:14:00.000Z',
      currency: 'USD',
      subtotal: 62,
      discount: 5,
      shipping: 5,
      tax: 4.34,
      total: 66.34,
      refundedAmount: 0,
      status: 'completed',
      financialStatus: 'paid',
      fulfillmentStatus: 'fulfilled',
      paidAt: '2024-03-01T15:15:30.000Z',
      discountCodes: ['SPRING5'],
      sourceChannel: 'web',
      landingSite: '/collections/spring?utm_source=newsletter&utm_medium=email',
      referringSite: 'https://mail.example.com/',
      country: 'US',
      items: [
        {
          sku: 'FERN-1',
          productName: 'Botanical Fern Print',
          quantity: 2,
          unitPrice: 16,
          lineTotal: 32,
          discount: 0,
        },
        {
          sku: 'TOTE-1',
          productName: 'Canvas Tote Bag',
          quantity: 1,
          unitPrice: 20,
          lineTotal: 20,
          discount: 0,
        },
        {
          sku: 'WRAP-1',
          productName: 'Gift wrap, premium',
          quantity: 1,
          unitPrice: 10,
          lineTotal: 10,
          discount: 5,
        },
      ],
    });
    expect(orders[1]).toMatchObject({
      currency: 'EUR',
      orderedAt: '2024-03-02T17:30:00.000Z',
      total: 117.81,
      tax: 18.81,
      refundedAmount: 117.81,
      status: 'refunded',
      country: 'DE',
      items: [{ sku: 'BLK-9', productName: 'Wool Blanket', quantity: 1, unitPrice: 99, lineTotal: 99 }],
    });
    expect(orders[2]).toMatchObject({
      status: 'cancelled',
      financialStatus: 'voided',
      orderedAt: '2024-03-03T14:00:00.000Z',
      cancelledAt: '2024-03-03T17:00:00.000Z',
      sourceChannel: 'pos',
      total: 45,
      items: [
        { sku: 'MUG-1', productName: 'Mug', quantity: 1, unitPrice: 15, lineTotal: 15 },
        { sku: 'SAU-1', productName: 'Saucer', quantity: 2, unitPrice: 15, lineTotal: 30 },
      ],
    });
    expect(orders[3]).toMatchObject({
      customerEmail: 'Dave@Example.com',
      customerEmailNormalized: 'dave@example.com',
      orderedAt: '2024-03-05T07:59:59.000Z',
      status: 'pending',
      discountCodes: ['WELCOME10', 'FREESHIP'],
      discount: 10,
      total: 97.2,
      country: 'US',
    });
  });

  test('buyers become people once, with what the order says of them', async () => {
    const people = ofKind((await readAll('shopify/orders.csv')).records, 'person');
    expect(people[0]).toEqual({
      kind: 'person',
      source: 'shopify',
      key: 'ada@example.com',
      email: 'ada@example.com',
      emailNormalized: 'ada@example.com',
      fullName: 'Ada Example',
      phone: '+1 555 0101',
      country: 'US',
      emailOptIn: true,
      attributes: {},
    });
    expect(people[1]).toMatchObject({ country: 'DE', emailOptIn: false });
  });

  test('a rejected first row takes the rest of its order with it', async () => {
    const r = await readAll('shopify/orders.csv');
    expect(reasons(r.rejections)).toEqual([
      '8: Created at "yesterday afternoon" is not a date (expected like "2024-03-01 10:15:00 -0500")',
      '9: The first row of Order #1004 (row 8) was rejected, so this line cannot be added to it',
      '11: Lineitem quantity "two" is not a whole number (expected like "12" or "-1")',
    ]);
  });

  test('status from payment and fulfilment words', () => {
    expect(shopifyOrderStatus('paid', 'fulfilled', false)).toBe('completed');
    expect(shopifyOrderStatus('paid', 'unfulfilled', false)).toBe('confirmed');
    expect(shopifyOrderStatus('partially_refunded', 'fulfilled', false)).toBe('partially_refunded');
    expect(shopifyOrderStatus('authorized', undefined, false)).toBe('pending');
    expect(shopifyOrderStatus('paid', 'fulfilled', true)).toBe('cancelled');
    expect(shopifyOrderStatus(undefined, undefined, false)).toBeUndefined();
  });
});

describe('UCI Online Retail through a suggested column mapping', () => {
  const header = [
    'InvoiceNo',
    'StockCode',
    'Description',
    'Quantity',
    'InvoiceDate',
    'UnitPrice',
    'CustomerID',
    'Country',
  ];

  test('the suggestion maps every column and marks C-invoices as cancellations', () => {
    expect(suggestMapping(header, 'orders')).toEqual({
      target: 'orders',
      columns: {
        orderId: 'InvoiceNo',
        orderedAt: 'InvoiceDate',
        customerSourceId: 'CustomerID',
        sku: 'StockCode',
        productName: 'Description',
        quantity: 'Quantity',
        unitPrice: 'UnitPrice',
        country: 'Country',
      },
      options: { cancelledIdPrefix: 'C' },
    });
  });

  test('invoice lines merge into orders; totals are the sum of quantity × unit price', async () => {
    const r = await readAll('online-retail/online_retail_head.csv', {
      mapping: suggestMapping(header, 'orders'),
      timeZone: 'Europe/London',
    });
    expect(r.info.format).toBe('csv-mapping');
    expect(r.rowsRead).toBe(32);
    expect(r.rejections).toEqual([]);
    const orders = ofKind(r.records, 'order');
    // Hand-computed: e.g. 536365 = 15.30 + 20.34 + 22.00 + 20.34 + 20.34 + 15.30 + 25.50.
    expect(orders.map((o) => [o.sourceId, o.items.length, o.total])).toEqual([
      ['536365', 7, 139.12],
      ['536366', 2, 22.2],
      ['536367', 12, 278.73],
      ['536368', 4, 70.05],
      ['536369', 1, 17.85],
      ['536381', 1, 4.2],
      ['C536379', 1, -27.5],
      ['536414', 1, 0],
      ['536477', 1, 100.8],
      ['536544', 2, 7.53],
    ]);
    expect(orders[0]).toMatchObject({
      source: 'csv',
      key: '536365',
      customerSourceId: '17850',
      // December in London is GMT.
      orderedAt: '2010-12-01T08:26:00.000Z',
      subtotal: 139.12,
      country: 'United Kingdom',
      status: undefined,
    });
    expect(orders[0].items[0]).toEqual({
      sku: '85123A',
      productName: 'WHITE HANGING HEART T-LIGHT HOLDER',
      quantity: 6,
      unitPrice: 2.55,
      lineTotal: 15.3,
    });
    expect(orders[5].items[0]).toMatchObject({
      productName: 'AIRLINE LOUNGE,METAL SIGN',
      quantity: 2,
      lineTotal: 4.2,
    });
    // A cancellation is kept, marked; analytics decides what to leave out.
    expect(orders[6]).toMatchObject({
      status: 'cancelled',
      customerSourceId: '14527',
      orderedAt: '2010-12-01T09:41:00.000Z',
    });
    expect(orders[6].items).toEqual([
      { sku: 'D', productName: 'Discount', quantity: -1, unitPrice: 27.5, lineTotal: -27.5 },
    ]);
    // No customer and no description: a guest order, the line named by its stock code.
    expect(orders[7]).toMatchObject({ customerSourceId: undefined });
    expect(orders[7].items).toEqual([
      { sku: '22139', productName: '22139', quantity: 56, unitPrice: 0, lineTotal: 0 },
    ]);
    expect(orders[8].items[0].productName).toBe('RECORD FRAME 7" SINGLE SIZE');
  });

  test('customers become people by their id (17850.0 is 17850)', async () => {
    const r = await readAll('online-retail/online_retail_head.csv', {
      mapping: suggestMapping(header, 'orders'),
      timeZone: 'Europe/London',
    });
    expect(ofKind(r.records, 'person')).toEqual(
      ['17850', '13047', '15311', '14527', '16210'].map((id) => ({
        kind: 'person',
        source: 'csv',
        key: id,
        sourceId: id,
        country: 'United Kingdom',
        attributes: {},
      })),
    );
  });
});

describe('order assembly', () => {
  const order = (id: string): OrderRecord => ({
    kind: 'order',
    source: 'csv',
    key: id,
    sourceId: id,
    orderedAt: '2024-01-01T00:00:00.000Z',
    total: 0,
    items: [{ productName: 'x', quantity: 1, unitPrice: 1.1, lineTotal: 1.1 }],
  });

  test('interleaved rows of open orders merge; orders leave the window oldest first', () => {
    const a = new OrderAssembler(2);
    expect(a.start(order('A'), 2, true)).toEqual([]);
    expect(a.start(order('B'), 3, true)).toEqual([]);
    a.checkKey('A', 'Order');
    a.addItem('A', { productName: 'y', quantity: 2, unitPrice: 2.2, lineTotal: 4.4 });
    const evicted = a.start(order('C'), 5, true);
    expect(evicted.map((o) => [o.sourceId, o.total, o.subtotal])).toEqual([['A', 5.5, 5.5]]);
    expect(() => a.checkKey('A', 'Order')).toThrow(RowProblem);
    expect(() => a.checkKey('A', 'Order')).toThrow(
      'Order A began at row 2 and its rows are not together in the file; this line would make a second, partial order',
    );
    const rest = a.flush();
    expect(rest).toEqual([
      {
        kind: 'records',
        records: [expect.objectContaining({ sourceId: 'B' }), expect.objectContaining({ sourceId: 'C' })],
      },
    ]);
  });
});
