import type { RowOutcome } from '../format';
import type { OrderItem, OrderRecord } from '../records';
import { roundMoney } from '../values';
import { reject } from './columns';

/**
 * Orders arrive one row per line item (Shopify, invoice-line files such as UCI
 * Online Retail). An order is held until its rows are over and then handed on
 * as one record. Exports keep an order's rows together, but not always exactly
 * (Online Retail interleaves a few invoices written in the same minute), so the
 * last `window` open orders stay open; a row for an order that was already
 * handed on is rejected rather than creating a second, partial order.
 */
export class OrderAssembler {
  private readonly open = new Map<string, { order: OrderRecord; firstRow: number; sumItems: boolean }>();
  private readonly done = new Map<string, number>();
  private readonly failed = new Map<string, number>();
  private readonly window: number;

  constructor(window = 256) {
    this.window = window;
  }

  /** True when `key` has no row yet: the caller reads order-level fields from this row. */
  isNew(key: string): boolean {
    return !this.open.has(key);
  }

  /** Rejects rows of an order whose first row was rejected or that was already handed on. */
  checkKey(key: string, label: string): void {
    const failedAt = this.failed.get(key);
    if (failedAt !== undefined)
      reject(
        `The first row of ${label} ${key} (row ${failedAt}) was rejected, so this line cannot be added to it`,
      );
    const doneAt = this.done.get(key);
    if (doneAt !== undefined && !this.open.has(key)) {
      reject(
        `${label} ${key} began at row ${doneAt} and its rows are not together in the file; this line would make a second, partial order`,
      );
    }
  }

  /** Remembers that the first row of `key` was rejected. */
  markFailed(key: string, rowNumber: number): void {
    if (!this.open.has(key) && !this.done.has(key)) this.failed.set(key, rowNumber);
  }

  /**
   * Starts an order. `sumItems`: the order's total and subtotal are the sum of
   * its lines (files that state no order total). Returns orders pushed out of
   * the window, complete.
   */
  start(order: OrderRecord, rowNumber: number, sumItems: boolean): OrderRecord[] {
    this.open.set(order.sourceId, { order, firstRow: rowNumber, sumItems });
    this.done.set(order.sourceId, rowNumber);
    if (sumItems) settle(order);
    const out: OrderRecord[] = [];
    while (this.open.size > this.window) {
      const oldest = this.open.keys().next();
      if (oldest.done === true) break;
      out.push(this.close(oldest.value));
    }
    return out;
  }

  addItem(key: string, item: OrderItem): void {
    const entry = this.open.get(key);
    if (entry === undefined) return;
    entry.order.items.push(item);
    if (entry.sumItems) settle(entry.order);
  }

  private close(key: string): OrderRecord {
    const entry = this.open.get(key);
    this.open.delete(key);
    if (entry === undefined) throw new Error(`Order ${key} is not open.`);
    return entry.order;
  }

  flush(): RowOutcome[] {
    const records = [...this.open.keys()].map((k) => this.close(k));
    return records.length === 0 ? [] : [{ kind: 'records', records }];
  }
}

/** Subtotal and total as the sum of the lines (cents, no binary drift). */
function settle(order: OrderRecord): void {
  let cents = 0;
  for (const item of order.items) cents += Math.round(item.lineTotal * 100);
  const sum = cents / 100;
  order.subtotal = sum;
  order.total = roundMoney(sum - (order.discount ?? 0) + (order.shipping ?? 0) + (order.tax ?? 0));
}
