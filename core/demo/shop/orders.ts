import { BRAND_NAME, CATALOG, CATEGORY_WEIGHTS, type Product } from '../reference';
import type { Random } from '../random';
import type { RowOf } from '../rows';
import { DAY_MS, HOUR_MS, MINUTE_MS, iso, money } from '../tables';
import type { Customer, Session, ShopContext } from './model';

export function productSlug(p: Product): string {
  return `${p.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${p.id.toLowerCase()}`;
}

/** A product: categories by their share of sales, the best sellers of each most often. */
export function pickProduct(rng: Random): Product {
  const category = rng.weighted(CATEGORY_WEIGHTS);
  const inCategory = CATALOG.filter((p) => p.category === category);
  return rng.weighted(inCategory.map((p, i) => [p, 1 / (i + 1)] as const));
}

export interface PlacedOrder {
  row: RowOf<'customer_orders'>;
  items: RowOf<'customer_order_items'>[];
  at: number;
}

/**
 * An order placed at `at` in visit `s`, starting with the product the person put
 * in the cart. Its status follows its age at `now`: confirmed, shipped,
 * delivered; a few are cancelled, refunded, or have one piece sent back.
 */
export function makeOrder(
  ctx: ShopContext,
  c: Customer,
  s: Session,
  firstProduct: Product,
  at: number,
  landing: string,
): PlacedOrder {
  const { rng, ids, now } = ctx;
  const id = ids.uuid();
  const lineCount = rng.weighted([
    [1, 72],
    [2, 22],
    [3, 6],
  ] as const);
  const products = [firstProduct];
  while (products.length < lineCount) {
    const p = pickProduct(rng);
    if (!products.includes(p)) products.push(p);
  }
  const lines = products.map((p) => ({ p, quantity: rng.chance(0.05) ? 2 : 1 }));
  const subtotal = lines.reduce((sum, l) => sum + l.p.price * l.quantity, 0);
  const month = new Date(at).getUTCMonth();
  const day = new Date(at).getUTCDate();
  let promotion: string | null = null;
  let discountRate = 0;
  if (c.orders.length === 0 && s.campaign?.code === 'welcome-series') {
    promotion = 'WELCOME10';
    discountRate = 0.1;
  } else if (((month === 10 && day >= 20) || (month === 11 && day <= 2)) && rng.chance(0.35)) {
    promotion = 'HOLIDAY15';
    discountRate = 0.15;
  }
  const discount = Math.round(subtotal * discountRate * 100) / 100;
  const total = subtotal - discount;

  const confirmed = at + rng.intBetween(2, 15) * MINUTE_MS;
  const shipped = at + rng.between(1, 3) * DAY_MS;
  const delivered = shipped + rng.between(2, 5) * DAY_MS;
  const cancelled = rng.chance(0.025) ? at + rng.between(1, 20) * HOUR_MS : null;
  const refunded = !cancelled && rng.chance(0.03) ? delivered + rng.between(3, 20) * DAY_MS : null;
  // A piece sent back from a larger order: the rest of the order stands.
  const returned =
    !cancelled && !refunded && lines.length > 1 && rng.chance(0.1)
      ? { at: delivered + rng.between(3, 25) * DAY_MS, line: lines[lines.length - 1] }
      : null;
  let status = 'pending';
  let refundedAmount = 0;
  let updated = at;
  let cancelledAt: number | null = null;
  if (confirmed <= now) {
    status = 'confirmed';
    updated = confirmed;
  }
  if (cancelled !== null && cancelled <= now) {
    status = 'cancelled';
    updated = cancelled;
    cancelledAt = cancelled;
  } else {
    if (shipped <= now) {
      status = 'shipped';
      updated = shipped;
    }
    if (delivered <= now) {
      status = 'delivered';
      updated = delivered;
    }
    if (refunded !== null && refunded <= now) {
      status = 'refunded';
      updated = refunded;
      refundedAmount = total;
    }
    if (returned?.line && returned.at <= now) {
      status = 'partially_refunded';
      updated = returned.at;
      refundedAmount =
        Math.round(returned.line.p.price * returned.line.quantity * (1 - discountRate) * 100) / 100;
    }
  }
  const reached = (ms: number): string | null => (ms <= now && status !== 'cancelled' ? iso(ms) : null);
  const row: RowOf<'customer_orders'> = {
    id,
    order_id: '',
    customer_id: c.id,
    order_status: status,
    order_total: money(total),
    currency: 'USD',
    subtotal: money(subtotal),
    tax_amount: '0.00',
    shipping_amount: '0.00',
    discount_amount: money(discount),
    refunded_amount: money(refundedAmount),
    ordered_at: iso(at),
    confirmed_at: confirmed <= now ? iso(confirmed) : null,
    shipped_at: reached(shipped),
    delivered_at: reached(delivered),
    cancelled_at: cancelledAt === null ? null : iso(cancelledAt),
    shipping_country: c.country,
    shipping_state: c.state,
    shipping_city: c.city,
    billing_country: c.country,
    billing_state: c.state,
    billing_city: c.city,
    acquisition_channel: s.visit.channel,
    campaign_id: s.campaign?.id ?? null,
    promotion_code: promotion,
    referrer_url: s.visit.referrer,
    landing_page_url: landing,
    utm_source:
      s.visit.channel === 'Organic Search' || s.visit.channel === 'Organic Social' ? null : s.visit.source,
    utm_medium:
      s.visit.channel === 'Organic Search' || s.visit.channel === 'Organic Social' ? null : s.visit.medium,
    utm_campaign: s.visit.utmCampaign,
    retailer_id: null,
    product_count: lines.reduce((n, l) => n + l.quantity, 0),
    attributed_to_email: s.visit.channel === 'Email',
    payment_method: rng.weighted([
      ['card', 64],
      ['paypal', 18],
      ['apple_pay', 14],
      ['klarna', 4],
    ] as const),
    payment_status:
      status === 'cancelled'
        ? 'voided'
        : status === 'refunded' || status === 'partially_refunded'
          ? status
          : 'paid',
    is_first_order: false,
    order_source: 'web',
    source_system: 'demo',
    created_at: iso(at),
    updated_at: iso(updated),
  };
  const items = lines.map((l): RowOf<'customer_order_items'> => ({
    id: ids.uuid(),
    order_id: id,
    product_id: l.p.id,
    product_name: l.p.name,
    product_category: l.p.category,
    product_subcategory: l.p.subcategory,
    product_sku: `${l.p.id}-${l.p.subcategory === 'Diamonds' ? 'D' : l.p.subcategory === 'Gemstones' ? 'G' : 'Y'}`,
    product_brand: BRAND_NAME,
    unit_price: money(l.p.price),
    quantity: l.quantity,
    total_price: money(l.p.price * l.quantity),
    discount_amount: '0.00',
    created_at: iso(at),
    updated_at: iso(at),
  }));
  return { row, items, at };
}
