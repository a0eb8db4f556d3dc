import { PAID_CAMPAIGNS, visitSource, type ShopChannel, type VisitSource } from '../channels';
import { Random } from '../random';
import { MONTH_SEASON } from '../reference';
import type { DemoTables, RowOf } from '../rows';
import { DAY_MS, iso, startOfUtcDay } from '../tables';

export const SHOP_CUSTOMERS = 3_000;
export const WINDOW_DAYS = 365;

export interface Campaign {
  id: string;
  code: string;
  name: string;
}

export interface Customer {
  id: string;
  number: string;
  first: string;
  last: string;
  email: string;
  country: string;
  state: string | null;
  city: string;
  firstSeen: number;
  subscribedAt: number | null;
  unsubscribedAt: number | null;
  hardBounced: boolean;
  deliveries: number;
  /** After this the person no longer shops of their own accord (emails may still bring them back). */
  activeUntil: number;
  device: readonly [string, string, string];
  sessions: Session[];
  /** Orders in time order; `total` net of refunds, `counts` when Loupe counts it as revenue. */
  orders: { at: number; total: number; counts: boolean }[];
  lastSeen: number;
  pageViews: number;
}

/** One visit to the shop. */
export interface Session {
  key: string;
  start: number;
  visit: VisitSource;
  campaign: Campaign | null;
  deliveryId: string | null;
  /** Chance of a purchase before the repeat-buyer and channel factors; 0 for a visit inside a trip. */
  closes: number;
  signup: boolean;
}

/** What every stage of the shop's year shares: its random streams, its window and the rows. */
export class ShopContext {
  readonly rng: Random;
  readonly ids: Random;
  /** Midnight (UTC) 365 days before the day of `now`. */
  readonly windowStart: number;

  constructor(
    seed: number,
    readonly now: number,
    readonly tables: DemoTables,
  ) {
    this.rng = new Random(seed, 'shop');
    this.ids = new Random(seed, 'shop-ids');
    this.windowStart = startOfUtcDay(now) - WINDOW_DAYS * DAY_MS;
  }

  /** Relative shop activity in the month of `ms`: gift seasons peak. */
  season(ms: number): number {
    return MONTH_SEASON[new Date(ms).getUTCMonth()] ?? 1;
  }

  sessionKey(): string {
    return this.rng.hex(20);
  }

  /** A visit through `channel`, tagged with the campaign that paid for it or sent it. */
  visitVia(channel: ShopChannel, campaign: Campaign | null): VisitSource {
    const spec = PAID_CAMPAIGNS.find((p) => p.code === campaign?.code);
    return visitSource(
      this.rng,
      channel,
      campaign ? { code: campaign.code, ...(spec ? { source: spec.source } : {}) } : null,
    );
  }
}

/** An event row of a person with nothing but its time set. */
export function eventBase(id: string, c: Customer, at: number): RowOf<'customer_events'> {
  return {
    id,
    customer_id: c.id,
    event_type: '',
    event_category: null,
    event_name: '',
    event_properties: {},
    event_value: null,
    currency: null,
    session_id: null,
    page_url: null,
    page_title: null,
    referrer_url: null,
    device_type: null,
    browser: null,
    os: null,
    country: c.country,
    city: c.city,
    utm_source: null,
    utm_medium: null,
    utm_campaign: null,
    campaign_id: null,
    delivery_id: null,
    channel: null,
    occurred_at: iso(at),
    data_source: 'demo',
    source_system: 'demo',
    created_at: iso(at),
    updated_at: iso(at),
  };
}
