import type { FormatModule, MapContext } from '../format';
import type { OrderItem, OrderRecord, OrderStatus, PersonRecord } from '../records';
import { roundMoney } from '../values';
import {
  Columns,
  RowProblem,
  booleanCell,
  cell,
  emailCell,
  instantCell,
  numberCell,
  reject,
  requireCell,
  requireInstant,
  requireNumber,
  rowMapper,
} from './columns';
import type { Column } from './columns';
import { OrderAssembler } from './orders';

/**
 * Shopify orders export (Orders → Export): one row per line item. The first
 * row of an order carries the order-level fields (Email, Financial Status, Paid
 * at, Subtotal, Shipping, Taxes, Total, Discount Code, Discount Amount, Created
 * at, Cancelled at, Currency, Source, …); the following rows of the same Name
 * (#1001) carry only their line item. Times are written with their offset
 * (`2024-03-01 10:15:00 -0500`).
 */

const SIGNATURE = [
  'Name',
  'Email',
  'Financial Status',
  'Paid at',
  'Fulfillment Status',
  'Accepts Marketing',
  'Currency',
  'Subtotal',
  'Shipping',
  'Taxes',
  'Total',
  'Discount Code',
  'Discount Amount',
  'Created at',
  'Lineitem quantity',
  'Lineitem name',
  'Lineitem price',
  'Lineitem sku',
  'Billing Name',
  'Shipping Country',
  'Cancelled at',
  'Refunded Amount',
];

const EXAMPLE_TIME = '2024-03-01 10:15:00 -0500';

/** The canonical order status from Shopify's payment and fulfilment words. */
export function shopifyOrderStatus(
  financial: string | undefined,
  fulfillment: string | undefined,
  cancelled: boolean,
): OrderStatus | undefined {
  const f = financial?.toLowerCase().replace(/\s+/g, '_');
  if (cancelled || f === 'voided') return 'cancelled';
  if (f === 'refunded') return 'refunded';
  if (f === 'partially_refunded') return 'partially_refunded';
  if (f === 'pending' || f === 'authorized' || f === 'unpaid') return 'pending';
  if (f === 'paid' || f === 'partially_paid')
    return fulfillment?.toLowerCase() === 'fulfilled' ? 'completed' : 'confirmed';
  return undefined;
}

export const shopifyOrders: FormatModule = {
  id: 'shopify-orders',
  label: 'Shopify orders export',
  description:
    'Shopify orders with their line items, totals, discounts, payment and cancellation state, and where each order came from.',

  detect(header) {
    const columns = new Columns(header);
    if (!columns.has('Name') || !columns.has('Lineitem name')) return 0;
    return 0.6 + (0.4 * columns.count(SIGNATURE)) / SIGNATURE.length;
  },

  createMapper(header, ctx: MapContext) {
    const columns = new Columns(header);
    const name = columns.required('Name');
    const createdAt = columns.required('Created at', EXAMPLE_TIME);
    const total = columns.required('Total');
    const quantity = columns.required('Lineitem quantity');
    const itemName = columns.required('Lineitem name');
    const itemPrice = columns.required('Lineitem price');
    columns.assertComplete(shopifyOrders.label);
    const c = {
      email: columns.optional('Email'),
      financial: columns.optional('Financial Status'),
      fulfillment: columns.optional('Fulfillment Status'),
      paidAt: columns.optional('Paid at', EXAMPLE_TIME),
      cancelledAt: columns.optional('Cancelled at', EXAMPLE_TIME),
      acceptsMarketing: columns.optional('Accepts Marketing'),
      currency: columns.optional('Currency'),
      subtotal: columns.optional('Subtotal'),
      shipping: columns.optional('Shipping'),
      taxes: columns.optional('Taxes'),
      discountCode: columns.optional('Discount Code'),
      discountAmount: columns.optional('Discount Amount'),
      refunded: columns.optional('Refunded Amount'),
      source: columns.optional('Source'),
      landing: columns.optional(['Landing Site', 'Landing Page URL']),
      referring: columns.optional(['Referring Site', 'Referrer URL']),
      billingName: columns.optional('Billing Name'),
      phone: columns.optional(['Phone', 'Billing Phone']),
      shippingCountry: columns.optional('Shipping Country'),
      billingCountry: columns.optional('Billing Country'),
      sku: columns.optional('Lineitem sku'),
      lineDiscount: columns.optional('Lineitem discount'),
    };
    const orders = new OrderAssembler();
    const people = new Set<string>();

    const item = (row: string[]): OrderItem => {
      const qty = requireNumber(row, quantity, ctx, 'integer');
      const price = requireNumber(row, itemPrice, ctx, 'money');
      return {
        sku: cell(row, c.sku),
        productName: requireCell(row, itemName),
        quantity: qty,
        unitPrice: price,
        lineTotal: roundMoney(qty * price),
        discount: numberCell(row, c.lineDiscount, ctx, 'money'),
      };
    };

    return rowMapper(header, {
      map(row, rowNumber) {
        const orderName = requireCell(row, name);
        orders.checkKey(orderName, 'Order');
        if (!orders.isNew(orderName)) {
          orders.addItem(orderName, item(row));
          return [];
        }
        try {
          const { order, person } = firstRow(row, orderName);
          const out: (OrderRecord | PersonRecord)[] = [];
          if (person !== undefined && !people.has(person.key)) {
            people.add(person.key);
            out.push(person);
          }
          out.push(...orders.start(order, rowNumber, false));
          return out;
        } catch (e) {
          if (e instanceof RowProblem) orders.markFailed(orderName, rowNumber);
          throw e;
        }
      },
      flush: () => orders.flush(),
    });

    function firstRow(
      row: string[],
      orderName: string,
    ): { order: OrderRecord; person: PersonRecord | undefined } {
      const address = emailCell(row, c.email);
      const cancelledAt = instantCell(row, c.cancelledAt, ctx.timeZone);
      const financial = cell(row, c.financial)?.toLowerCase();
      const fulfillment = cell(row, c.fulfillment)?.toLowerCase();
      const codes = cell(row, c.discountCode);
      const country = cell(row, c.shippingCountry) ?? cell(row, c.billingCountry);
      const order: OrderRecord = {
        kind: 'order',
        source: 'shopify',
        key: orderName,
        sourceId: orderName,
        customerEmail: address?.email,
        customerEmailNormalized: address?.emailNormalized,
        orderedAt: requireInstant(row, createdAt, ctx.timeZone),
        currency: cell(row, c.currency)?.toUpperCase(),
        subtotal: numberCell(row, c.subtotal, ctx, 'money'),
        discount: numberCell(row, c.discountAmount, ctx, 'money'),
        shipping: numberCell(row, c.shipping, ctx, 'money'),
        tax: numberCell(row, c.taxes, ctx, 'money'),
        total: totalOf(row, total),
        refundedAmount: numberCell(row, c.refunded, ctx, 'money'),
        status: shopifyOrderStatus(financial, fulfillment, cancelledAt !== undefined),
        financialStatus: financial,
        fulfillmentStatus: fulfillment,
        paidAt: instantCell(row, c.paidAt, ctx.timeZone),
        cancelledAt,
        discountCodes:
          codes === undefined
            ? undefined
            : codes
                .split(',')
                .map((s) => s.trim())
                .filter((s) => s !== ''),
        sourceChannel: cell(row, c.source),
        landingSite: cell(row, c.landing),
        referringSite: cell(row, c.referring),
        country,
        items: [item(row)],
      };
      const person: PersonRecord | undefined =
        address === undefined
          ? undefined
          : {
              kind: 'person',
              source: 'shopify',
              key: address.emailNormalized,
              email: address.email,
              emailNormalized: address.emailNormalized,
              fullName: cell(row, c.billingName),
              phone: cell(row, c.phone),
              country,
              emailOptIn: booleanCell(row, c.acceptsMarketing),
              attributes: {},
            };
      return { order, person };
    }

    function totalOf(row: string[], col: Column): number {
      const v = numberCell(row, col, ctx, 'money');
      if (v === undefined)
        reject(`${col.name} is empty on the first row of order ${cell(row, name) ?? ''}`.trim(), col.name);
      return v;
    }
  },
};
