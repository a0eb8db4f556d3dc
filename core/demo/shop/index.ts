import { PAID_CAMPAIGNS, type PaidCampaignSpec, type PaidKey } from '../channels';
import type { DemoTables, RowOf } from '../rows';
import { addPaidCampaigns } from './ads';
import { runEmailProgram } from './email';
import { ShopContext, type Campaign } from './model';
import { createCustomers, customerRow, planTrips } from './people';
import { playVisits } from './visits';

export { SHOP_CUSTOMERS } from './model';

/**
 * The brand's own online shop over the year before `now`: people arriving
 * through several channels, visits that run page view → add to cart → checkout →
 * purchase with drop-off at each step, newsletters with opens and clicks,
 * orders with items, a minority of repeat buyers whose activity fades, the
 * touchpoints before each order, and daily ad spend for the paid channels.
 * Enough for cohorts, attribution, RFM/CLV and segments to show something.
 */
export function buildShop(
  seed: number,
  now: number,
  ownerId: string,
  tables: DemoTables,
): { customers: number; newsletters: number } {
  const ctx = new ShopContext(seed, now, tables);
  const paid = PAID_CAMPAIGNS.map((spec): Campaign & { spec: PaidCampaignSpec } => ({
    id: ctx.ids.uuid(),
    code: spec.code,
    name: spec.name,
    spec,
  }));
  const paidOf = (key: PaidKey): Campaign => {
    const c = paid.find((p) => p.spec.key === key);
    if (!c) throw new Error(`Unknown paid campaign ${key}.`);
    return c;
  };

  const customers = createCustomers(ctx);
  planTrips(ctx, customers, paidOf);
  const emailEvents = runEmailProgram(ctx, customers, ownerId);
  const visits = playVisits(ctx, customers);

  for (const o of visits.orders) {
    tables.customer_orders.add(o.row);
    for (const item of o.items) tables.customer_order_items.add(item);
  }
  for (const e of [...visits.events, ...emailEvents].sort(byTimeThenId)) tables.customer_events.add(e);
  for (const tp of visits.touchpoints) tables.touchpoints.add(tp);
  for (const c of customers) tables.customers.add(customerRow(c, now));
  addPaidCampaigns(ctx, paid, visits.lastClickOrders, ownerId);

  const newsletters = tables.campaigns.rows.filter((c) => String(c.code).startsWith('nl-')).length;
  return { customers: customers.length, newsletters };
}

function byTimeThenId(a: RowOf<'customer_events'>, b: RowOf<'customer_events'>): number {
  const ta = String(a.occurred_at);
  const tb = String(b.occurred_at);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return String(a.id) < String(b.id) ? -1 : 1;
}
