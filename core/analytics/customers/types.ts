/**
 * One person seen from every side (crm-design.md's get_customer_360_view): who
 * they are, where they come from, which segments hold them, what they did, what
 * they were sent and did with it, what they bought, their pipeline and support
 * history, and their scores with the reasons behind them.
 *
 * Everything is JSON: times are ISO 8601 strings in UTC (`2024-06-12T08:00:00.000Z`),
 * calendar dates `yyyy-MM-dd`, money numbers in the order's or deal's currency
 * (units, not cents). A value the workspace does not hold is `null`, a list
 * with nothing in it `[]`; neither is an error.
 */

/** A value stored as JSON (custom attributes, score breakdowns, model parameters). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface Customer360Consent {
  emailOptIn: boolean;
  smsOptIn: boolean;
  marketingConsentGiven: boolean;
  consentDate: string | null;
  consentSource: string | null;
  doNotContact: boolean;
  processingRestricted: boolean;
  gdprErased: boolean;
}

export interface Customer360Profile {
  /** Loupe's key (customers.id). */
  id: string;
  /** The client's own identifier (customers.customer_id). */
  customerId: string;
  email: string | null;
  /** The display name, or first and last name joined when there is none. */
  name: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  company: string | null;
  jobTitle: string | null;
  country: string | null;
  state: string | null;
  city: string | null;
  timezone: string | null;
  customerType: string | null;
  /** cdp-schema.md's engagement lifecycle (new, activated, engaged, at_risk, churned, reactivated). */
  lifecycleStage: string | null;
  /** The sales funnel stage (lead, customer …) as the CRM names it. */
  funnelStage: string | null;
  /** Whether the relationship is alive (customers.customer_status). */
  status: string | null;
  /** Whether messages can reach the person (active, unsubscribed, bounced …). */
  contactStatus: string;
  vip: boolean;
  /** The colleague the person is assigned to, by name. */
  assignedTo: string | null;
  acquisitionChannel: string | null;
  acquisitionCampaign: string | null;
  acquisitionSource: string | null;
  firstSeenAt: string;
  lastSeenAt: string | null;
  tags: string[];
  customAttributes: JsonObject;
  consent: Customer360Consent;
  createdAt: string;
}

/** The person's id in one source system. */
export interface Customer360Identity {
  source: string;
  externalId: string;
  /** What the source knew the person by, at import time. */
  email: string | null;
  phone: string | null;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
}

export interface Customer360Segment {
  id: string;
  name: string;
  /** dynamic, static, calculated or lookalike. */
  type: string | null;
  /** Whether the person is in the segment now (a membership that ended stays, inactive). */
  active: boolean;
  addedAt: string | null;
  removedAt: string | null;
}

export interface Customer360Event {
  id: string;
  occurredAt: string;
  type: string;
  name: string;
  category: string | null;
  channel: string | null;
  campaignId: string | null;
  campaignName: string | null;
  value: number | null;
  pageUrl: string | null;
}

/** One message sent to the person (a message_deliveries row) and what they did with it. */
export interface Customer360Delivery {
  id: string;
  campaignId: string;
  campaignName: string;
  status: string;
  sentAt: string | null;
  deliveredAt: string | null;
  /** The same tests campaign figures count by: a first open, a first click, status bounced … */
  opened: boolean;
  clicked: boolean;
  bounced: boolean;
  unsubscribed: boolean;
  complained: boolean;
  converted: boolean;
  openedAt: string | null;
  clickedAt: string | null;
  opens: number;
  clicks: number;
  convertedAt: string | null;
  conversionValue: number | null;
}

export interface Customer360Order {
  id: string;
  /** The order number in its source. */
  orderNumber: string;
  orderedAt: string;
  status: string;
  total: number;
  refunded: number;
  /** total − refunded. */
  net: number;
  currency: string | null;
  /** Not cancelled and worth more than nothing once refunds are taken off. */
  isPurchase: boolean;
}

/**
 * Purchases: orders that are not cancelled and are worth more than nothing once
 * refunds are taken off, valued net of refunds (the definition every Loupe
 * analysis uses). `recent` lists the newest orders of any status.
 */
export interface Customer360Orders {
  count: number;
  revenue: number;
  /** revenue ÷ count, to the cent; null without purchases. */
  averageOrderValue: number | null;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  /** Whole days from the last purchase to `asOf` (0 for a time in the future); null without purchases. */
  daysSinceLastOrder: number | null;
  recent: Customer360Order[];
}

/** A fitted model Loupe keeps (score_models). */
export interface Customer360Model {
  id: string;
  kind: string;
  status: string;
  fittedAt: string;
  calibrationEnd: string | null;
  holdoutEnd: string | null;
  parameters: JsonValue;
  quality: JsonValue;
}

export interface Customer360LifetimeValue {
  /** Net purchase revenue to date (= orders.revenue). */
  totalRevenue: number;
  /** The newest CLV fit's figures; null until one was computed for the person. */
  clv: number | null;
  expectedSpend: number | null;
  pAlive: number | null;
  predictedPurchases: number | null;
  /** The fit the figures came from (its horizon and settings are in `parameters`). */
  model: Customer360Model | null;
}

export interface Customer360Opportunity {
  id: string;
  name: string;
  stage: string;
  status: string;
  value: number | null;
  currency: string | null;
  /** 0–100. */
  probability: number | null;
  expectedCloseDate: string | null;
  actualCloseDate: string | null;
  createdAt: string;
}

export interface Customer360Ticket {
  id: string;
  number: string | null;
  subject: string;
  status: string;
  priority: string;
  type: string | null;
  channel: string | null;
  /** open, in progress or waiting on the customer. */
  open: boolean;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
}

export interface Customer360ScorePart {
  /** 0–100; null until scores were computed for the person. */
  score: number | null;
  breakdown: JsonValue;
}

export interface Customer360Scores {
  /** When the scores were last computed; null means not computed yet, and every field below is null. */
  computedAt: string | null;
  engagement: Customer360ScorePart;
  churnRisk: Customer360ScorePart;
  lifecycleReason: string | null;
  lead: Customer360ScorePart & {
    trend: string | null;
    previous: number | null;
    action: string | null;
    ruleSetVersion: number | null;
    /** The rules that matched, as the rule set of that version describes them (points before group caps). */
    rules: { id: string; label: string; group: string | null; points: number | null }[];
  };
  /** 0–1, from the conversion model fitted on the workspace's own history. */
  conversionProbability: number | null;
  rfm: {
    recency: number | null;
    frequency: number | null;
    monetary: number | null;
    code: string | null;
    segment: string | null;
  };
}

export interface Customer360Counts {
  events: number;
  deliveries: number;
  touchpoints: number;
}

export interface Customer360 {
  /** The moment the view describes (days-since figures count to it). */
  asOf: string;
  profile: Customer360Profile;
  identities: Customer360Identity[];
  segments: Customer360Segment[];
  /** Newest first, at most `recentLimit`. */
  recentEvents: Customer360Event[];
  /** Newest send first, at most `recentLimit`. */
  campaignInteractions: Customer360Delivery[];
  orders: Customer360Orders;
  lifetimeValue: Customer360LifetimeValue;
  /** Open deals first, then newest first. */
  opportunities: Customer360Opportunity[];
  /** Open tickets first, then newest first. */
  tickets: Customer360Ticket[];
  scores: Customer360Scores;
  counts: Customer360Counts;
}

export interface Customer360Args {
  workspace: string;
  /** An email (any case), Loupe's id, or the client's own customer id. */
  customer: string;
  /** How many recent events, deliveries and orders to list (default 20, at most 500). */
  recentLimit?: number;
}
