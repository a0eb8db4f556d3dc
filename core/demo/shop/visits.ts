import { TOUCHPOINT_TYPE, landingUrl, type ShopChannel } from '../channels';
import type { Random } from '../random';
import { BRAND_DOMAIN, BRAND_NAME } from '../reference';
import type { RowOf } from '../rows';
import { isoDate, iso, money } from '../tables';
import { eventBase, type Customer, type Session, type ShopContext } from './model';
import { makeOrder, pickProduct, productSlug, type PlacedOrder } from './orders';

/** How likely the visit that ends a trip closes the sale, by what brought it. */
const CLOSING_FACTOR: Readonly<Record<ShopChannel, number>> = {
  Direct: 1.25,
  Email: 1.2,
  'Paid Search': 1.1,
  'Organic Search': 1.0,
  Referral: 0.9,
  'Organic Social': 0.7,
  'Paid Social': 0.7,
};
/** Someone who has bought before is likelier to buy again. */
const REPEAT_FACTOR = 1.6;

const LANDING_PATHS = [
  '/',
  '/collections/new-arrivals',
  '/collections/bracelets',
  '/collections/earrings',
  '/collections/necklaces',
  '/collections/rings',
] as const;

const SHOP = `https://shop.${BRAND_DOMAIN}`;

export interface VisitsResult {
  events: RowOf<'customer_events'>[];
  touchpoints: RowOf<'touchpoints'>[];
  orders: PlacedOrder[];
  /** Each order's last paid or email campaign, for what the ad platforms report back. */
  lastClickOrders: { campaignId: string; day: string; total: number }[];
}

/**
 * Plays every person's visits in time order: page views, then add to cart,
 * checkout and purchase with drop-off at each step; an order for each purchase;
 * a touchpoint for each visit. A purchase in a visit that an email click started
 * marks that delivery converted.
 */
export function playVisits(ctx: ShopContext, customers: readonly Customer[]): VisitsResult {
  const { rng, ids, now, tables } = ctx;
  const out: VisitsResult = { events: [], touchpoints: [], orders: [], lastClickOrders: [] };
  const emailConversions = new Map<string, { at: number; value: number }>();
  const purchaseProperties = new Map<string, Record<string, unknown>>();

  for (const c of customers) {
    c.sessions.sort((a, b) => a.start - b.start);
    let sequence = 0;
    for (const s of c.sessions) {
      if (s.start > now) continue;
      const event = (at: number, fields: Partial<RowOf<'customer_events'>>): string => {
        const id = ids.uuid();
        out.events.push({ ...sessionEvent(c, s, id, at), ...fields });
        return id;
      };
      let t = s.start;
      const views = 1 + Math.min(rng.geometric(0.42), 7);
      const landingPath = landingPathFor(rng, s.visit.channel);
      const landing = landingUrl(landingPath, s.visit);
      let product = pickProduct(rng);
      let firstEventId: string | null = null;
      for (let v = 0; v < views && t <= now; v++) {
        const id = event(t, {
          event_type: 'page_view',
          event_category: 'web',
          event_name: 'Page View',
          event_properties: v === 0 ? { landing: true } : { product_id: product.id },
          page_url: v === 0 ? landing : `${SHOP}/products/${productSlug(product)}`,
          page_title: v === 0 ? pageTitle(landingPath) : `${product.name} | ${BRAND_NAME}`,
          referrer_url: v === 0 ? s.visit.referrer : null,
        });
        firstEventId ??= id;
        c.pageViews++;
        if (v === 0 && s.signup) {
          event(t + rng.intBetween(20_000, 90_000), {
            event_type: 'signup',
            event_category: 'account',
            event_name: 'Newsletter Signup',
            event_properties: { form: 'footer' },
          });
        }
        t += rng.intBetween(15_000, 150_000);
        if (v < views - 1) product = pickProduct(rng);
      }

      const closes = Math.min(
        0.8,
        s.closes * (c.orders.length > 0 ? REPEAT_FACTOR : 1) * CLOSING_FACTOR[s.visit.channel],
      );
      const buys = closes > 0 && rng.chance(closes);
      const carts = buys || (s.closes > 0 ? rng.chance(0.35) : rng.chance(0.1));
      const checksOut = buys || (carts && s.closes > 0 && rng.chance(0.45));
      let orderId: string | null = null;
      if (carts && t <= now) {
        event(t, {
          event_type: 'add_to_cart',
          event_category: 'commerce',
          event_name: 'Add to Cart',
          event_properties: { product_id: product.id, price: product.price },
          event_value: money(product.price),
          currency: 'USD',
          page_url: `${SHOP}/products/${productSlug(product)}`,
        });
        t += rng.intBetween(30_000, 400_000);
      }
      if (checksOut && t <= now) {
        event(t, {
          event_type: 'checkout',
          event_category: 'commerce',
          event_name: 'Checkout Started',
          page_url: `${SHOP}/checkout`,
        });
        t += rng.intBetween(60_000, 480_000);
      }
      if (buys && t <= now) {
        const order = makeOrder(ctx, c, s, product, t, landing);
        orderId = String(order.row.id);
        out.orders.push(order);
        const total = Number(order.row.order_total);
        // Revenue as Loupe counts it: delivered orders, net of what was refunded.
        const status = order.row.order_status;
        c.orders.push({
          at: t,
          total: total - Number(order.row.refunded_amount),
          counts: status === 'delivered' || status === 'partially_refunded',
        });
        const properties: Record<string, unknown> = { order_id: null, items: order.items.length };
        purchaseProperties.set(orderId, properties);
        event(t, {
          event_type: 'purchase',
          event_category: 'commerce',
          event_name: 'Order Completed',
          event_properties: properties,
          event_value: order.row.order_total,
          currency: 'USD',
          page_url: `${SHOP}/checkout/thank-you`,
        });
        if (s.campaign) out.lastClickOrders.push({ campaignId: s.campaign.id, day: isoDate(t), total });
        if (s.deliveryId) emailConversions.set(s.deliveryId, { at: t, value: total });
      }
      c.lastSeen = Math.max(c.lastSeen, Math.min(t, now));
      sequence++;
      out.touchpoints.push({
        touchpoint_id: ids.uuid(),
        contact_id: c.id,
        touchpoint_type: TOUCHPOINT_TYPE[s.visit.channel],
        touchpoint_date: iso(s.start),
        touchpoint_sequence: sequence,
        channel: s.visit.channel,
        source: s.visit.source,
        medium: s.visit.medium,
        campaign_id: s.campaign?.id ?? null,
        campaign_name: s.visit.utmCampaign,
        referrer_url: s.visit.referrer,
        landing_page_url: landing,
        click_id: s.visit.clickId?.value ?? null,
        event_id: firstEventId,
        delivery_id: s.deliveryId,
        order_id: orderId,
        properties: { session_id: s.key },
        created_at: iso(s.start),
        updated_at: iso(s.start),
      });
    }
  }

  for (const row of tables.message_deliveries.rows) {
    const conv = typeof row.id === 'string' ? emailConversions.get(row.id) : undefined;
    if (!conv) continue;
    row.converted_at = iso(conv.at);
    row.conversion_value = money(conv.value);
    row.conversion_event = 'purchase';
    if (typeof row.updated_at === 'string' && Date.parse(row.updated_at) < conv.at)
      row.updated_at = iso(conv.at);
  }

  // Orders are numbered in the order they were placed.
  out.orders.sort((a, b) => a.at - b.at);
  const buyers = new Set<string>();
  out.orders.forEach((o, i) => {
    const number = `#MB${100_001 + i}`;
    o.row.order_id = number;
    const customerId = String(o.row.customer_id);
    o.row.is_first_order = !buyers.has(customerId);
    buyers.add(customerId);
    const properties = purchaseProperties.get(String(o.row.id));
    if (properties) properties['order_id'] = number;
  });
  return out;
}

function sessionEvent(c: Customer, s: Session, id: string, at: number): RowOf<'customer_events'> {
  const [device, browser, os] = c.device;
  c.lastSeen = Math.max(c.lastSeen, at);
  // Organic and referral visits arrive untagged; the others carry their UTM tags.
  const tagged =
    s.visit.channel !== 'Organic Search' &&
    s.visit.channel !== 'Organic Social' &&
    s.visit.channel !== 'Referral';
  return {
    ...eventBase(id, c, at),
    session_id: s.key,
    device_type: device,
    browser,
    os,
    utm_source: tagged ? s.visit.source : null,
    utm_medium: tagged ? s.visit.medium : null,
    utm_campaign: s.visit.utmCampaign,
    campaign_id: s.campaign?.id ?? null,
    delivery_id: s.deliveryId,
    channel: 'web',
  };
}

function landingPathFor(rng: Random, channel: ShopChannel): string {
  if (channel === 'Direct' || channel === 'Paid Search')
    return rng.chance(0.6) ? '/' : rng.pick(LANDING_PATHS);
  if (channel === 'Email' || channel === 'Paid Social')
    return rng.chance(0.5) ? '/collections/new-arrivals' : rng.pick(LANDING_PATHS);
  return rng.pick(LANDING_PATHS);
}

function pageTitle(path: string): string {
  if (path === '/') return `${BRAND_NAME} — Fine Italian jewelry`;
  const section = path.split('/').pop() ?? '';
  return `${section.charAt(0).toUpperCase()}${section.slice(1).replace(/-/g, ' ')} | ${BRAND_NAME}`;
}
