import { apportion, Random } from './random';
import {
  BRAND_DOMAIN,
  BRAND_NAME,
  DOCUMENT_CAMPAIGNS,
  EMAIL_DOMAINS,
  FIRST_NAMES,
  LAST_NAMES,
  MAIN_EMAILS,
  PRODUCT_CATEGORIES,
  RETAILERS,
  type DocumentCampaign,
  type Region,
} from './reference';
import type { DemoTables } from './rows';
import { DAY_MS, HOUR_MS, MINUTE_MS, iso, money } from './tables';

/**
 * campaign-performance.md's sample, as inputs: its retailers and brand user, its
 * four campaigns, the main campaign's three emails with one row per recipient,
 * CRM conversions and retailer orders. Counts the document states are exact
 * whatever the seed; the seed decides who opened, clicked and converted, when,
 * and for how much within the document's ranges. Results (rates, revenue, ROI,
 * the ranking) are left for Loupe to compute from these rows.
 */

/** "~27,000 email sends" and "27,037 emails sent": 45 lists of 600 or 601. */
export const MAIN_SENDS = 27_037;
/** 98 % of 27,037 delivered, 43 % and 3.2 % of those opened and clicked (rates over delivered). */
export const MAIN_DELIVERED = 26_496;
export const MAIN_OPENED = 11_393;
export const MAIN_CLICKED = 848;
/** Recipients per retailer: each email goes to the list, less anyone who unsubscribed before it. */
export const LIST_SIZE = 601;

/** The document's top three by click rate, with the revenue it attributes to each. */
export const TOP_RETAILERS: readonly {
  name: string;
  clickRate: number;
  orders: readonly (readonly [number, boolean])[];
  conversion: readonly [ConversionType, number, string];
  attributedRevenue: number;
}[] = [
  {
    name: 'Cartier Rodeo Drive',
    clickRate: 0.048,
    orders: [
      [4_100, true],
      [2_650, false],
    ],
    conversion: ['sale', 4_400, 'Bracelets'],
    attributedRevenue: 8_500,
  },
  {
    name: 'Betteridge NY',
    clickRate: 0.042,
    orders: [
      [3_700, true],
      [1_900, true],
    ],
    conversion: ['lead', 1_600, 'Necklaces'],
    attributedRevenue: 7_200,
  },
  {
    name: 'Tiffany & Co Fifth Ave',
    clickRate: 0.039,
    orders: [
      [2_300, true],
      [4_800, false],
    ],
    conversion: ['sale', 4_500, 'Earrings'],
    attributedRevenue: 6_800,
  },
];

type ConversionType = 'sale' | 'lead' | 'signup';

/** "70 % sales, 20 % leads, 10 % signups": ten conversions keep the mix exact. */
export const CONVERSION_MIX: Readonly<Record<ConversionType, number>> = { sale: 7, lead: 2, signup: 1 };
const CONVERSION_RANGES: Readonly<Record<ConversionType, readonly [number, number, number]>> = {
  sale: [2_000, 10_000, 50],
  lead: [500, 2_000, 25],
  signup: [100, 400, 10],
};
/** "1–4 orders per retailer … 60 % attributed to email": 35 orders, 21 of them by email. */
export const RETAILER_ORDERS = 35;
export const EMAIL_ATTRIBUTED_ORDERS = 21;

/** Engagement by region, as the document describes them: East engages most. */
const REGION_OPEN_WEIGHT: Readonly<Record<Region, number>> = { East: 1.1, Central: 0.97, West: 0.93 };
/** Central "strong conversion rates": more of the CRM conversions. */
const REGION_CONVERSION_WEIGHT: Readonly<Record<Region, number>> = { East: 1, Central: 3, West: 1.5 };
/** West "premium order values". */
const REGION_ORDER_RANGE: Readonly<Record<Region, readonly [number, number]>> = {
  East: [1_000, 5_000],
  Central: [1_000, 5_000],
  West: [2_500, 6_000],
};
/** Each email's share of a retailer's opens and clicks: the launch is opened most, the pricing clicked most. */
const EMAIL_OPEN_WEIGHT = [1.08, 1.0, 0.92] as const;
const EMAIL_CLICK_WEIGHT = [0.9, 1.25, 0.85] as const;

const SOFT_BOUNCES = [
  '452 4.2.2 Mailbox full',
  '421 4.7.0 Try again later',
  '450 4.2.1 Mailbox temporarily unavailable',
] as const;
const HARD_BOUNCE = '550 5.1.1 User unknown';

export interface RetailSample {
  brandUserId: string;
  campaignIds: Readonly<Record<DocumentCampaign['key'], string>>;
  retailerIds: readonly string[];
}

interface Recipient {
  email: string;
  name: string;
}

interface Cell {
  sends: number;
  bounced: number;
  opened: number;
  clicked: number;
}

export function asciiSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

function at(ms: string): number {
  return Date.parse(ms);
}

export function buildRetailSample(seed: number, tables: DemoTables): RetailSample {
  const rng = new Random(seed, 'retail');
  const ids = new Random(seed, 'retail-ids');
  const main = DOCUMENT_CAMPAIGNS.find((c) => c.key === 'main');
  if (!main) throw new Error('The main campaign is missing from the reference data.');
  const mainStart = at(main.start);
  const mainEnd = at(main.end);

  // People and accounts --------------------------------------------------------
  const brandUserId = ids.uuid();
  const onboarded = at('2024-06-03T09:00:00Z');
  tables.platform_users.add({
    id: brandUserId,
    email: `brand.marketing@${BRAND_DOMAIN}`,
    name: `${BRAND_NAME} brand marketing`,
    first_name: null,
    last_name: null,
    role: 'marketing_manager',
    status: 'active',
    department: 'marketing',
    email_verified: true,
    created_at: iso(onboarded),
    updated_at: iso(onboarded),
  });

  const retailerIds = RETAILERS.map((r, i) => {
    const id = ids.uuid();
    const created = onboarded + (i + 1) * DAY_MS;
    tables.retailers.add({
      id,
      name: r.name,
      email: `partners@${r.domain}`,
      region: r.region,
      city: r.city,
      state: r.state,
      country: 'US',
      external_id: `RET-${String(101 + i)}`,
      is_active: true,
      created_at: iso(created),
      updated_at: iso(created),
    });
    return id;
  });

  // Campaigns -------------------------------------------------------------------
  const campaignIds = {} as Record<DocumentCampaign['key'], string>;
  for (const c of DOCUMENT_CAMPAIGNS) {
    const id = ids.uuid();
    campaignIds[c.key] = id;
    const created = at(c.start) - 21 * DAY_MS;
    const approved = c.status !== 'draft';
    tables.campaigns.add({
      id,
      name: c.name,
      description: c.description,
      code: c.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, ''),
      objective: 'Retail partner sell-in and sell-through',
      campaign_type: c.campaignType,
      channel: c.campaignType === 'email' ? 'email' : 'multi_channel',
      status: c.status,
      start_date: c.start,
      end_date: c.end,
      subject_line: c.key === 'main' ? (MAIN_EMAILS[0]?.subject ?? null) : null,
      budget_allocated: money(c.budgetAllocated),
      budget_spent: money(c.budgetSpent),
      target_audience_type: 'uploaded_list',
      created_by: brandUserId,
      approval_status: approved ? 'approved' : 'draft',
      approved_by: approved ? brandUserId : null,
      approved_at: approved ? iso(created + 7 * DAY_MS) : null,
      created_at: iso(created),
      updated_at: iso(approved ? created + 7 * DAY_MS : created),
    });
  }
  const mainId = campaignIds.main;

  // Who unsubscribed between the second and third email: one person on 8 of
  // the 15 lists, so 37 lists get all three emails at 601 and 8 get the last at 600.
  const unsubscribing = new Set(rng.sample(RETAILERS.length, 45 * LIST_SIZE - MAIN_SENDS));
  const cells: Cell[][] = RETAILERS.map((_, r) =>
    MAIN_EMAILS.map((_e, e) => ({
      sends: e === 2 && unsubscribing.has(r) ? LIST_SIZE - 1 : LIST_SIZE,
      bounced: 0,
      opened: 0,
      clicked: 0,
    })),
  );
  const flat = cells.flat();
  const bounces = apportion(
    MAIN_SENDS - MAIN_DELIVERED,
    flat.map((c) => c.sends * rng.between(0.7, 1.3)),
  );
  flat.forEach((c, i) => (c.bounced = bounces[i] ?? 0));
  const delivered = cells.map((row) => row.reduce((s, c) => s + c.sends - c.bounced, 0));

  // Clicks: the document's top three at their click rates, the others sharing
  // the rest of the 3.2 % below them.
  const clicksPerRetailer: number[] = RETAILERS.map(() => 0);
  const topIndex = new Map(TOP_RETAILERS.map((t) => [RETAILERS.findIndex((r) => r.name === t.name), t]));
  for (const [r, t] of topIndex) clicksPerRetailer[r] = Math.round(t.clickRate * (delivered[r] ?? 0));
  const others = RETAILERS.map((_, r) => r).filter((r) => !topIndex.has(r));
  const otherClicks = apportion(
    MAIN_CLICKED - clicksPerRetailer.reduce((s, c) => s + c, 0),
    others.map((r) => (delivered[r] ?? 0) * rng.between(0.8, 1.2)),
  );
  others.forEach((r, i) => (clicksPerRetailer[r] = otherClicks[i] ?? 0));
  const lowestTopRate = Math.min(...TOP_RETAILERS.map((t) => t.clickRate));
  for (const r of others) {
    if ((clicksPerRetailer[r] ?? 0) / (delivered[r] ?? 1) >= lowestTopRate - 0.002) {
      throw new Error(`The demo's click rates do not keep the document's ranking (${RETAILERS[r]?.name}).`);
    }
  }
  const opensPerRetailer = apportion(
    MAIN_OPENED,
    RETAILERS.map((ret, r) => (delivered[r] ?? 0) * REGION_OPEN_WEIGHT[ret.region] * rng.between(0.95, 1.05)),
  );
  cells.forEach((row, r) => {
    const opens = apportion(
      opensPerRetailer[r] ?? 0,
      row.map((c, e) => (c.sends - c.bounced) * (EMAIL_OPEN_WEIGHT[e] ?? 1)),
    );
    const clicks = apportion(
      clicksPerRetailer[r] ?? 0,
      row.map((c, e) => (c.sends - c.bounced) * (EMAIL_CLICK_WEIGHT[e] ?? 1)),
    );
    row.forEach((c, e) => {
      c.opened = opens[e] ?? 0;
      c.clicked = clicks[e] ?? 0;
      if (c.clicked > c.opened || c.opened > c.sends - c.bounced)
        throw new Error('The demo’s per-email counts are inconsistent.');
    });
  });

  // The three emails and one row per recipient ----------------------------------------
  const batchIds = MAIN_EMAILS.map(() => ids.uuid());
  const clickedByRetailer: { id: string; clickedAt: number }[][] = RETAILERS.map(() => []);
  const lists = RETAILERS.map(() => recipientList(rng));
  const gone = new Map<number, number>();
  const batchTotals = MAIN_EMAILS.map(() => ({ recipients: 0, last: 0 }));

  MAIN_EMAILS.forEach((email, e) => {
    const batchAt = at(email.sentAt);
    RETAILERS.forEach((_, r) => {
      const cell = cells[r]?.[e];
      const list = lists[r];
      if (!cell || !list) return;
      const recipients = list.filter((_rec, k) => gone.get(r) !== k);
      if (recipients.length !== cell.sends) throw new Error('The demo’s recipient lists are inconsistent.');
      const order = rng.sample(cell.sends, cell.sends);
      const bounced = new Set(order.slice(0, cell.bounced));
      const opened = new Set(order.slice(cell.bounced, cell.bounced + cell.opened));
      const clicked = new Set(order.slice(cell.bounced, cell.bounced + cell.clicked));
      const unsubscriber =
        e === 1 && unsubscribing.has(r) ? order[cell.bounced + cell.opened - 1] : undefined;
      recipients.forEach((rec, k) => {
        const id = ids.uuid();
        const sent = batchAt + Math.floor((k * 45 * MINUTE_MS) / cell.sends) + rng.int(20_000);
        let last: number;
        const row = {
          id,
          campaign_id: mainId,
          send_batch_id: batchIds[e] ?? null,
          customer_id: null,
          retailer_id: retailerIds[r] ?? null,
          status: 'delivered',
          sent_at: iso(sent),
          delivered_at: null as string | null,
          opened_at: null as string | null,
          last_opened_at: null as string | null,
          open_count: 0,
          first_click_at: null as string | null,
          last_click_at: null as string | null,
          total_clicks: 0,
          unsubscribed_at: null as string | null,
          converted_at: null,
          conversion_value: null,
          conversion_event: null,
          subject_line: email.subject,
          recipient_email: rec.email,
          recipient_name: rec.name,
          bounce_type: null as string | null,
          bounce_reason: null as string | null,
          created_at: iso(sent),
          updated_at: '',
        };
        if (bounced.has(k)) {
          row.status = 'bounced';
          const hard = e === 2 && rng.chance(0.25);
          row.bounce_type = hard ? 'hard' : 'soft';
          row.bounce_reason = hard ? HARD_BOUNCE : rng.pick(SOFT_BOUNCES);
          last = sent + rng.intBetween(5_000, 120_000);
        } else {
          const deliveredAt = sent + rng.intBetween(2_000, 40_000);
          row.delivered_at = iso(deliveredAt);
          last = deliveredAt;
          if (opened.has(k)) {
            const openedAt = deliveredAt + openDelay(rng);
            const opens = 1 + Math.min(rng.geometric(0.55), 5);
            const lastOpen = opens > 1 ? openedAt + rng.exponential(DAY_MS) : openedAt;
            row.opened_at = iso(openedAt);
            row.last_opened_at = iso(lastOpen);
            row.open_count = opens;
            last = Math.max(last, lastOpen);
            if (clicked.has(k)) {
              const clickedAt = openedAt + 5_000 + rng.exponential(90_000);
              const clicks = 1 + Math.min(rng.geometric(0.6), 4);
              const lastClick = clicks > 1 ? clickedAt + rng.exponential(HOUR_MS) : clickedAt;
              row.first_click_at = iso(clickedAt);
              row.last_click_at = iso(lastClick);
              row.total_clicks = clicks;
              last = Math.max(last, lastClick);
              clickedByRetailer[r]?.push({ id, clickedAt });
            }
            if (k === unsubscriber) {
              const unsubscribedAt = openedAt + rng.intBetween(60_000, 300_000);
              row.unsubscribed_at = iso(unsubscribedAt);
              last = Math.max(last, unsubscribedAt);
              gone.set(r, k);
            }
          }
        }
        row.updated_at = iso(last);
        tables.message_deliveries.add(row);
        const totals = batchTotals[e];
        if (totals) {
          totals.recipients++;
          totals.last = Math.max(totals.last, sent);
        }
      });
    });
  });

  MAIN_EMAILS.forEach((email, e) => {
    const sentAt = at(email.sentAt);
    const totals = batchTotals[e] ?? { recipients: 0, last: sentAt };
    tables.send_batches.add({
      id: batchIds[e] ?? null,
      campaign_id: mainId,
      channel: 'email',
      name: email.name,
      subject: email.subject,
      content: email.content,
      sender_email: `partners@${BRAND_DOMAIN}`,
      sender_name: BRAND_NAME,
      status: 'sent',
      scheduled_send_time: iso(sentAt),
      sent_at: iso(sentAt),
      completed_at: iso(totals.last),
      total_recipients: totals.recipients,
      created_at: iso(sentAt - 3 * DAY_MS),
      updated_at: iso(totals.last),
    });
  });

  // CRM conversions ------------------------------------------------------------------
  const conversions: { retailer: number; type: ConversionType; value: number; category: string }[] = [];
  for (const [r, t] of topIndex) {
    const [type, value, category] = t.conversion;
    conversions.push({ retailer: r, type, value, category });
  }
  const remaining: ConversionType[] = [];
  for (const type of ['sale', 'lead', 'signup'] as const) {
    const used = conversions.filter((c) => c.type === type).length;
    for (let i = used; i < CONVERSION_MIX[type]; i++) remaining.push(type);
  }
  for (const type of remaining) {
    const r = rng.weighted(
      others.map((i) => [i, REGION_CONVERSION_WEIGHT[RETAILERS[i]?.region ?? 'East']] as const),
    );
    const [lo, hi, step] = CONVERSION_RANGES[type];
    conversions.push({
      retailer: r,
      type,
      value: Math.round(rng.between(lo, hi) / step) * step,
      category: rng.pick(PRODUCT_CATEGORIES),
    });
  }
  const convertedSends = new Set<string>();
  const lastMoment = mainEnd - HOUR_MS;
  for (const c of conversions) {
    const clicks = (clickedByRetailer[c.retailer] ?? []).filter((x) => !convertedSends.has(x.id));
    const send = rng.pick(clicks);
    convertedSends.add(send.id);
    const when = Math.min(send.clickedAt + rng.between(1, 10) * DAY_MS, lastMoment);
    tables.crm_conversions.add({
      id: ids.uuid(),
      campaign_id: mainId,
      retailer_id: retailerIds[c.retailer] ?? null,
      email_send_id: send.id,
      conversion_type: c.type,
      conversion_value: money(c.value),
      currency: 'USD',
      conversion_date: iso(when),
      product_category: c.category,
      source_system: 'crm',
      created_at: iso(when),
      updated_at: iso(when),
    });
    markConverted(tables, send.id, when, c.value, c.type);
  }

  // Retailer orders ---------------------------------------------------------------------
  const orderCounts = RETAILERS.map((_, r) => topIndex.get(r)?.orders.length ?? 1);
  let extra = RETAILER_ORDERS - orderCounts.reduce((s, n) => s + n, 0);
  while (extra > 0) {
    const r = rng.pick(others);
    if ((orderCounts[r] ?? 0) < 4) {
      orderCounts[r] = (orderCounts[r] ?? 0) + 1;
      extra--;
    }
  }
  const planned: { retailer: number; value: number; email: boolean }[] = [];
  for (const [r, t] of topIndex)
    for (const [value, email] of t.orders) planned.push({ retailer: r, value, email });
  const otherOrders: { retailer: number; value: number; email: boolean }[] = [];
  for (const r of others) {
    const [lo, hi] = REGION_ORDER_RANGE[RETAILERS[r]?.region ?? 'East'];
    for (let i = 0; i < (orderCounts[r] ?? 0); i++) {
      otherOrders.push({ retailer: r, value: Math.round(rng.between(lo, hi) / 10) * 10, email: false });
    }
  }
  const emailLeft = EMAIL_ATTRIBUTED_ORDERS - planned.filter((p) => p.email).length;
  for (const i of rng.sample(otherOrders.length, emailLeft)) {
    const o = otherOrders[i];
    if (o) o.email = true;
  }
  const orders = [...planned, ...otherOrders].map((p) => {
    const clicks = clickedByRetailer[p.retailer] ?? [];
    const when = p.email
      ? Math.min(rng.pick(clicks).clickedAt + rng.between(0.5, 8) * DAY_MS, lastMoment)
      : rng.between(mainStart + DAY_MS, lastMoment);
    return { ...p, when: Math.floor(when) };
  });
  orders.sort((a, b) => a.when - b.when || a.retailer - b.retailer);
  const campaignCode = 'marco-bicego-new-2025-campaign';
  orders.forEach((o, i) => {
    const retailer = RETAILERS[o.retailer];
    const landing = `https://partners.${BRAND_DOMAIN}/2025-collection`;
    tables.customer_orders.add({
      id: ids.uuid(),
      order_id: `MB25-RT-${String(i + 1).padStart(4, '0')}`,
      customer_id: null,
      order_status: 'completed',
      order_total: money(o.value),
      currency: 'USD',
      subtotal: money(o.value),
      tax_amount: '0.00',
      shipping_amount: '0.00',
      discount_amount: '0.00',
      refunded_amount: '0.00',
      ordered_at: iso(o.when),
      confirmed_at: iso(o.when + 2 * HOUR_MS),
      shipped_at: iso(o.when + 2 * DAY_MS),
      delivered_at: iso(o.when + 5 * DAY_MS),
      cancelled_at: null,
      shipping_country: 'US',
      shipping_state: retailer?.state ?? null,
      shipping_city: retailer?.city ?? null,
      billing_country: 'US',
      billing_state: retailer?.state ?? null,
      billing_city: retailer?.city ?? null,
      acquisition_channel: o.email ? 'Email' : 'Direct',
      campaign_id: mainId,
      promotion_code: null,
      referrer_url: null,
      landing_page_url: o.email
        ? `${landing}?utm_source=marcobicego&utm_medium=email&utm_campaign=${campaignCode}`
        : landing,
      utm_source: o.email ? 'marcobicego' : null,
      utm_medium: o.email ? 'email' : null,
      utm_campaign: o.email ? campaignCode : null,
      retailer_id: retailerIds[o.retailer] ?? null,
      product_count: rng.intBetween(1, 6),
      attributed_to_email: o.email,
      payment_method: 'invoice',
      payment_status: 'paid',
      is_first_order: false,
      order_source: 'partner_portal',
      source_system: 'partner_portal',
      created_at: iso(o.when),
      updated_at: iso(o.when + 5 * DAY_MS),
    });
  });

  return { brandUserId, campaignIds, retailerIds };
}

/** The send a CRM conversion names records it too, so the campaign's conversion totals count it. */
function markConverted(tables: DemoTables, sendId: string, when: number, value: number, type: string): void {
  const row = tables.message_deliveries.rows.find((d) => d.id === sendId);
  if (!row) throw new Error('The converting send is missing.');
  row.converted_at = iso(when);
  row.conversion_value = money(value);
  row.conversion_event = type;
  if (typeof row.updated_at === 'string' && Date.parse(row.updated_at) < when) row.updated_at = iso(when);
}

/** When a delivered email is first opened: most within the hour, some the next days. */
export function openDelay(rng: Random): number {
  const r = rng.next();
  if (r < 0.55) return rng.exponential(40 * MINUTE_MS);
  if (r < 0.9) return 2 * HOUR_MS + rng.exponential(10 * HOUR_MS);
  return DAY_MS + rng.exponential(2 * DAY_MS);
}

/** One retailer's mailing list: its clients, each with a unique address. */
function recipientList(rng: Random): Recipient[] {
  const seen = new Set<string>();
  const list: Recipient[] = [];
  while (list.length < LIST_SIZE) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const base = `${asciiSlug(first)}.${asciiSlug(last)}`;
    let email = `${base}@${rng.pick(EMAIL_DOMAINS)}`;
    for (let n = 2; seen.has(email); n++) email = `${base}${n}@${rng.pick(EMAIL_DOMAINS)}`;
    seen.add(email);
    list.push({ email, name: `${first} ${last}` });
  }
  return list;
}
