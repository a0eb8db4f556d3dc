import type { PaidKey, ShopChannel } from '../channels';
import { COUNTRIES, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES } from '../reference';
import { asciiSlug } from '../retail';
import type { RowOf } from '../rows';
import { DAY_MS, HOUR_MS, MINUTE_MS, iso } from '../tables';
import { SHOP_CUSTOMERS, WINDOW_DAYS, type Campaign, type Customer, type ShopContext } from './model';

const ACQUISITION_MIX: readonly (readonly [ShopChannel, number])[] = [
  ['Organic Search', 25],
  ['Paid Social', 22],
  ['Paid Search', 16],
  ['Direct', 17],
  ['Organic Social', 10],
  ['Referral', 10],
];
/** The first visit of a later shopping trip. */
const OPENER_MIX: readonly (readonly [ShopChannel, number])[] = [
  ['Direct', 25],
  ['Organic Search', 24],
  ['Paid Social', 20],
  ['Paid Search', 14],
  ['Organic Social', 10],
  ['Referral', 7],
];
/** Return visits within a trip: people come back directly or search the brand. */
const FOLLOW_UP_MIX: readonly (readonly [ShopChannel, number])[] = [
  ['Direct', 34],
  ['Paid Search', 24],
  ['Organic Search', 18],
  ['Paid Social', 12],
  ['Referral', 7],
  ['Organic Social', 5],
];

const DEVICES: readonly (readonly [readonly [string, string, string], number])[] = [
  [['desktop', 'Chrome', 'macOS'], 22],
  [['desktop', 'Chrome', 'Windows'], 14],
  [['desktop', 'Safari', 'macOS'], 9],
  [['mobile', 'Safari', 'iOS'], 34],
  [['mobile', 'Chrome', 'Android'], 14],
  [['tablet', 'Safari', 'iPadOS'], 7],
];

/**
 * The shop's customers, first seen across the year: more in the gift seasons,
 * at weekends and as the year goes on. About a fifth never come back; the
 * others stay active for an exponentially distributed time.
 */
export function createCustomers(ctx: ShopContext): Customer[] {
  const { rng, ids, windowStart, now } = ctx;
  const cumulative: number[] = [];
  let running = 0;
  for (let d = 0; d < WINDOW_DAYS; d++) {
    const day = windowStart + d * DAY_MS;
    const weekday = new Date(day).getUTCDay();
    running +=
      ctx.season(day) * (0.75 + (0.5 * d) / WINDOW_DAYS) * (weekday === 0 || weekday === 6 ? 1.15 : 1);
    cumulative.push(running);
  }
  const drawDay = (): number => {
    const r = rng.next() * running;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };

  const firstSeenTimes: number[] = [];
  for (let i = 0; i < SHOP_CUSTOMERS; i++) {
    const hour = rng.weighted([
      [rng.intBetween(7, 11), 2],
      [rng.intBetween(12, 17), 3],
      [rng.intBetween(18, 23), 4],
    ] as const);
    const t = windowStart + drawDay() * DAY_MS + hour * HOUR_MS + rng.int(HOUR_MS);
    firstSeenTimes.push(Math.min(t, now - 30 * MINUTE_MS));
  }
  firstSeenTimes.sort((a, b) => a - b);

  const emails = new Set<string>();
  return firstSeenTimes.map((firstSeen, i) => {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const base = `${asciiSlug(first)}.${asciiSlug(last)}`;
    let email = `${base}@${rng.pick(EMAIL_DOMAINS)}`;
    for (let n = 2; emails.has(email); n++) email = `${base}${n}@${rng.pick(EMAIL_DOMAINS)}`;
    emails.add(email);
    const country = rng.weighted(COUNTRIES.map((c) => [c, c.weight] as const));
    const [city, state] = rng.pick(country.cities);
    const oneVisit = rng.chance(0.22);
    return {
      id: ids.uuid(),
      number: `MB-C${String(10_001 + i)}`,
      first,
      last,
      email,
      country: country.code,
      state,
      city,
      firstSeen,
      subscribedAt: rng.chance(0.56) ? firstSeen + rng.intBetween(30_000, 600_000) : null,
      unsubscribedAt: null,
      hardBounced: false,
      deliveries: 0,
      activeUntil: oneVisit
        ? firstSeen + rng.between(0, 3) * DAY_MS
        : firstSeen + rng.exponential(170 * DAY_MS),
      device: rng.weighted(DEVICES),
      sessions: [],
      orders: [],
      lastSeen: firstSeen,
      pageViews: 0,
    };
  });
}

/**
 * Shopping trips while a person is active: one to six visits a few days apart,
 * at a personal rate. The visit that ends a trip may close a sale, likelier for
 * longer trips and in gift seasons.
 */
export function planTrips(
  ctx: ShopContext,
  customers: readonly Customer[],
  paidOf: (key: PaidKey) => Campaign,
): void {
  const { rng, now } = ctx;
  const paidFor = (channel: ShopChannel, position: 'first' | 'opener' | 'follow'): Campaign | null => {
    if (channel === 'Paid Search')
      return paidOf(rng.chance(position === 'follow' ? 0.7 : 0.35) ? 'brand' : 'generic');
    if (channel === 'Paid Social')
      return paidOf(rng.chance(position === 'follow' ? 0.75 : 0.2) ? 'retargeting' : 'prospecting');
    return null;
  };
  for (const c of customers) {
    const rate = rng.gamma(1.3, 1 / 40 / 1.3);
    const end = Math.min(c.activeUntil, now);
    let tripStart = c.firstSeen;
    let firstTrip = true;
    while (tripStart < end || firstTrip) {
      const visits = 1 + Math.min(rng.geometric(0.5), 5);
      let t = tripStart;
      for (let v = 0; v < visits && t < now; v++) {
        const position = v === 0 ? (firstTrip ? 'first' : 'opener') : 'follow';
        const channel = rng.weighted(
          position === 'first' ? ACQUISITION_MIX : position === 'opener' ? OPENER_MIX : FOLLOW_UP_MIX,
        );
        const campaign = paidFor(channel, position);
        const last = v === visits - 1 || t + 1.5 * DAY_MS >= now;
        c.sessions.push({
          key: ctx.sessionKey(),
          start: t,
          visit: ctx.visitVia(channel, campaign),
          campaign,
          deliveryId: null,
          closes: last ? Math.min(0.65, 0.13 * (1 + 0.35 * v) * Math.sqrt(ctx.season(t))) : 0,
          signup: firstTrip && v === 0 && c.subscribedAt !== null,
        });
        if (last) break;
        t += 15 * MINUTE_MS + rng.exponential(1.5 * DAY_MS);
      }
      firstTrip = false;
      tripStart += rng.exponential(1 / rate) * DAY_MS;
    }
  }
}

/** A person's row, with what their history says about them. */
export function customerRow(c: Customer, now: number): RowOf<'customers'> {
  const revenue = c.orders.filter((o) => o.counts).reduce((s, o) => s + o.total, 0);
  const daysSinceSeen = (now - c.lastSeen) / DAY_MS;
  const firstOrder = c.orders[0];
  let lifecycle: string;
  if (c.orders.length === 0) lifecycle = daysSinceSeen > 120 ? 'churned' : 'new';
  else if (daysSinceSeen > 120) lifecycle = 'churned';
  else if (daysSinceSeen > 60) lifecycle = 'at_risk';
  else if (c.orders.some((o, i) => i > 0 && o.at - (c.orders[i - 1]?.at ?? o.at) > 120 * DAY_MS))
    lifecycle = 'reactivated';
  else lifecycle = c.orders.length >= 2 ? 'engaged' : 'activated';
  const status = daysSinceSeen <= 120 ? 'active' : c.orders.length > 0 ? 'churned' : 'inactive';
  const reachable = c.hardBounced ? 'bounced' : c.unsubscribedAt !== null ? 'unsubscribed' : 'active';
  const funnel =
    c.orders.length >= 3 || revenue >= 5_000
      ? 'champion'
      : c.orders.length > 0
        ? 'customer'
        : c.subscribedAt !== null
          ? 'subscriber'
          : 'lead';
  const acquisition = c.sessions[0]?.visit;
  return {
    id: c.id,
    customer_id: c.number,
    email: c.email,
    name: `${c.first} ${c.last}`,
    first_name: c.first,
    last_name: c.last,
    country: c.country,
    state: c.state,
    city: c.city,
    customer_type: revenue >= 5_000 ? 'premium' : 'regular',
    customer_status: status,
    contact_status: reachable,
    lifecycle_stage: lifecycle,
    funnel_stage: funnel,
    first_seen_at: iso(c.firstSeen),
    last_seen_at: iso(c.lastSeen),
    activated_at: firstOrder ? iso(firstOrder.at) : null,
    churned_at: lifecycle === 'churned' ? iso(c.lastSeen + 120 * DAY_MS) : null,
    acquisition_channel: acquisition?.channel ?? null,
    acquisition_campaign: acquisition?.utmCampaign ?? null,
    acquisition_source: acquisition?.source ?? null,
    referrer_url: acquisition?.referrer ?? null,
    utm_parameters:
      acquisition?.utmCampaign || acquisition?.medium
        ? {
            utm_source: acquisition.source,
            utm_medium: acquisition.medium,
            utm_campaign: acquisition.utmCampaign,
          }
        : null,
    total_sessions: c.sessions.filter((s) => s.start <= now).length,
    total_page_views: c.pageViews,
    vip_status: revenue >= 5_000,
    email_opt_in: c.subscribedAt !== null && c.unsubscribedAt === null,
    marketing_consent_given: c.subscribedAt !== null,
    consent_date: c.subscribedAt !== null ? iso(c.subscribedAt) : null,
    consent_source: c.subscribedAt !== null ? 'newsletter_signup' : null,
    data_source: 'demo',
    created_at: iso(c.firstSeen),
    updated_at: iso(c.lastSeen),
  };
}
