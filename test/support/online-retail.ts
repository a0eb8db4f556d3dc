import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DateTime } from 'luxon';
import Papa from 'papaparse';
import type { ActivityRows } from '../../core/analytics/activity/build';
import type { ColumnMappingData } from '../../core/api/imports';

/**
 * The UCI Online Retail file (test/fixtures/online-retail) as Activity rows:
 * customers and their orders (one per invoice), after the usual cleaning.
 */

export const ONLINE_RETAIL_ZONE = 'Europe/London';

/** The column mapping that imports the file as orders (invoice lines as items, "C" invoices cancelled). */
export const ONLINE_RETAIL_MAPPING = {
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
  options: { cancelledIdPrefix: 'C', source: 'online-retail', currency: 'GBP' },
} satisfies ColumnMappingData;
const FILE = new URL('../fixtures/online-retail/online_retail.csv.gz', import.meta.url);

interface Line {
  InvoiceNo: string;
  Quantity: string;
  InvoiceDate: string;
  UnitPrice: string;
  CustomerID: string;
}

export interface OnlineRetail {
  rows: ActivityRows;
  /** Invoice lines kept by the cleaning. */
  linesKept: number;
}

/**
 * Drops lines without a CustomerID, cancellations (invoices starting with 'C')
 * and lines with Quantity ≤ 0 or UnitPrice ≤ 0; revenue = Quantity × UnitPrice,
 * summed per invoice. InvoiceDate is naive UK time, read in Europe/London.
 * People are customers in order of their first order, first seen at it.
 */
export function readOnlineRetail(): OnlineRetail {
  const text = gunzipSync(readFileSync(FILE)).toString('utf8');
  const parsed = Papa.parse<Line>(text, { header: true, skipEmptyLines: true });
  if (parsed.errors.length > 0)
    throw new Error(`online_retail.csv: ${parsed.errors[0]?.message ?? 'parse error'}`);

  const times = new Map<string, number>();
  const invoices = new Map<string, { personId: string; at: number; revenue: number; items: number }>();
  let linesKept = 0;
  for (const line of parsed.data) {
    const customer = line.CustomerID.trim();
    if (customer === '' || line.InvoiceNo.startsWith('C')) continue;
    const quantity = Number(line.Quantity);
    const price = Number(line.UnitPrice);
    if (!(quantity > 0 && price > 0)) continue;
    linesKept++;
    let at = times.get(line.InvoiceDate);
    if (at === undefined) {
      const local = DateTime.fromFormat(line.InvoiceDate, 'yyyy-MM-dd HH:mm:ss', {
        zone: ONLINE_RETAIL_ZONE,
      });
      if (!local.isValid) throw new Error(`online_retail.csv: bad InvoiceDate ${line.InvoiceDate}`);
      at = local.toMillis();
      times.set(line.InvoiceDate, at);
    }
    // CustomerID is a float in the file ('17850.0').
    const personId = String(Number(customer));
    const key = `${line.InvoiceNo}|${personId}`;
    const invoice = invoices.get(key);
    if (invoice) {
      invoice.revenue += quantity * price;
      invoice.items += quantity;
      if (at < invoice.at) invoice.at = at;
    } else invoices.set(key, { personId, at, revenue: quantity * price, items: quantity });
  }

  const orders = [...invoices.values()];
  const firstOrder = new Map<string, number>();
  for (const o of orders) {
    const seen = firstOrder.get(o.personId);
    if (seen === undefined || o.at < seen) firstOrder.set(o.personId, o.at);
  }
  const people = [...firstOrder]
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([id, at]) => ({ id, firstSeenAt: at }));
  return { rows: { timeZone: ONLINE_RETAIL_ZONE, people, events: [], orders }, linesKept };
}
