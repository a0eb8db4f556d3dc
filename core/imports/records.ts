/**
 * Canonical records: what every format module turns a row of a marketer's file
 * into, before anything touches the database. One discriminated union on `kind`.
 *
 * Conventions shared by every record:
 * - `source` names the system the file came from; `key` is a natural key from
 *   that system, stable across re-exports, unique per (source, kind). Importing
 *   the same or a newer export of the same data yields the same keys, which is
 *   what makes an import idempotent.
 * - A field that is absent (undefined) means "the file does not say": the loader
 *   must not overwrite a known value with it. Files never express "cleared".
 * - Timestamps are ISO 8601 strings in UTC (`2024-03-01T08:00:00.000Z`), already
 *   converted from whatever zone the source wrote them in. Calendar days are
 *   `YYYY-MM-DD` strings, as the source gave them (no zone).
 * - Money is a plain number in the record's currency (when the file names one).
 * - Rates are never stored; only counts. Where a file gives only a rate and its
 *   base, the count is derived and the field is listed in `derivedFields`.
 */

export type SourceSystem =
  | 'mailchimp'
  | 'klaviyo'
  | 'sendgrid'
  | 'hubspot'
  | 'shopify'
  | 'google-ads'
  | 'meta-ads'
  | 'csv'
  | `csv:${string}`;

/** Channels a campaign or spend row belongs to (a subset of campaigns.campaign_type). */
export type CampaignChannel =
  | 'email'
  | 'sms'
  | 'push_notification'
  | 'whatsapp'
  | 'paid_search'
  | 'paid_social'
  | 'display'
  | 'social'
  | 'other';

/** customers.contact_status: reachability of an address. */
export type ContactStatus = 'active' | 'unsubscribed' | 'cleaned' | 'bounced' | 'complained';

/** customers.lifecycle_stage values an import can set. */
export type LifecycleStage =
  | 'subscriber'
  | 'lead'
  | 'marketing_qualified_lead'
  | 'sales_qualified_lead'
  | 'opportunity'
  | 'customer'
  | 'evangelist'
  | 'other';

/** customer_orders.order_status. */
export type OrderStatus =
  | 'pending'
  | 'confirmed'
  | 'shipped'
  | 'delivered'
  | 'completed'
  | 'cancelled'
  | 'refunded'
  | 'partially_refunded';

interface RecordBase {
  source: SourceSystem;
  /** Natural key within (source, kind); see each kind for what it is made of. */
  key: string;
}

/**
 * A person (customers + customer_identities). key: sourceId when the source has
 * ids, else emailNormalized. The loader resolves people across sources by
 * emailNormalized and keeps each source's id as an identity.
 */
export interface PersonRecord extends RecordBase {
  kind: 'person';
  /** The source's own id (Klaviyo ID, HubSpot Record ID, Mailchimp LEID…). */
  sourceId?: string;
  /** The address as the file wrote it. */
  email?: string;
  /** lower(trim(email)): the identity-resolution key. Required unless sourceId is set. */
  emailNormalized?: string;
  firstName?: string;
  lastName?: string;
  /** Only when the file has a single name column and no first/last names. */
  fullName?: string;
  phone?: string;
  company?: string;
  jobTitle?: string;
  country?: string;
  region?: string;
  city?: string;
  postalCode?: string;
  /** IANA zone of the person (Mailchimp TIMEZONE). */
  timezone?: string;
  lifecycleStage?: LifecycleStage;
  contactStatus?: ContactStatus;
  subscribedAt?: string;
  unsubscribedAt?: string;
  /** When the person was created in the source. */
  createdAt?: string;
  /** When the source last changed the person (Mailchimp LAST_CHANGED). */
  updatedAt?: string;
  emailOptIn?: boolean;
  smsOptIn?: boolean;
  consentAt?: string;
  consentSource?: string;
  tags?: string[];
  /** Everything else worth keeping, by the file's own column names. */
  attributes: Record<string, string>;
}

/** A campaign, flow or ad campaign as the source names it. key: sourceId. */
export interface CampaignRecord extends RecordBase {
  kind: 'campaign';
  sourceId: string;
  name: string;
  channel: CampaignChannel;
  /** 'flow' for automated series (Klaviyo flows), 'broadcast' for one-off sends. */
  campaignType?: 'broadcast' | 'flow' | 'ads';
  subject?: string;
  listName?: string;
  sentAt?: string;
  /** The source's status word, lower-cased (sent, live, draft, enabled, paused…). */
  status?: string;
  tags?: string[];
}

/**
 * Aggregate figures from a report row (Mailchimp campaigns report, Klaviyo
 * campaign and flow exports). key: campaignSourceId, plus `|periodStart` when
 * the row covers a period (Klaviyo flows per month or day).
 */
export interface CampaignStatsRecord extends RecordBase {
  kind: 'campaign-stats';
  campaignSourceId: string;
  /** First day of the period the row covers (YYYY-MM-DD); absent for whole-campaign rows. */
  periodStart?: string;
  /** Last day of the period, inclusive. */
  periodEnd?: string;
  recipients?: number;
  delivered?: number;
  softBounces?: number;
  hardBounces?: number;
  bounces?: number;
  uniqueOpens?: number;
  totalOpens?: number;
  uniqueClicks?: number;
  totalClicks?: number;
  unsubscribes?: number;
  complaints?: number;
  orders?: number;
  revenue?: number;
  grossSales?: number;
  currency?: string;
  /** Count fields computed from a rate and its base because the file had no count. */
  derivedFields?: string[];
}

export type DeliveryEventType =
  | 'processed'
  | 'delivered'
  | 'open'
  | 'click'
  | 'bounce'
  | 'dropped'
  | 'deferred'
  | 'spam_report'
  | 'unsubscribe'
  | 'group_unsubscribe';

/**
 * One event of one message to one recipient (SendGrid Email Activity, or a
 * mapped per-recipient send file). key: messageId|event|time|url, the time as
 * unix seconds where the export writes them (SendGrid), else `at`. The export
 * carries no event id, so two identical events in the same second collapse.
 */
export interface DeliveryEventRecord extends RecordBase {
  kind: 'delivery-event';
  messageId: string;
  email: string;
  emailNormalized: string;
  campaignSourceId?: string;
  campaignName?: string;
  subject?: string;
  event: DeliveryEventType;
  at: string;
  url?: string;
  reason?: string;
  bounceType?: 'soft' | 'hard';
  /** True for opens a mail client fetched on its own (Apple Mail Privacy Protection), where marked. */
  machineOpen?: boolean;
}

export interface OrderItem {
  sku?: string;
  productName: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
  /** Discount on this line, when the file states it. */
  discount?: number;
}

/**
 * An order with its items, merged from one row per line item. key: sourceId
 * (Shopify Name such as #1001, an invoice number…).
 */
export interface OrderRecord extends RecordBase {
  kind: 'order';
  sourceId: string;
  customerEmail?: string;
  customerEmailNormalized?: string;
  customerSourceId?: string;
  orderedAt: string;
  currency?: string;
  subtotal?: number;
  discount?: number;
  shipping?: number;
  tax?: number;
  total: number;
  refundedAmount?: number;
  status?: OrderStatus;
  /** The source's payment state word (paid, pending, refunded…). */
  financialStatus?: string;
  fulfillmentStatus?: string;
  paidAt?: string;
  cancelledAt?: string;
  discountCodes?: string[];
  /** Where the order was placed (Shopify Source: web, pos, …). */
  sourceChannel?: string;
  landingSite?: string;
  referringSite?: string;
  /** The customer's country as the file states it (shipping, else billing). */
  country?: string;
  items: OrderItem[];
}

/** A marketing touch on a person's path. key: the source's id, else person|at|channel/source/medium/campaign. */
export interface TouchpointRecord extends RecordBase {
  kind: 'touchpoint';
  personEmail?: string;
  personEmailNormalized?: string;
  personSourceId?: string;
  at: string;
  /** Kept only when the file names the channel; otherwise channel grouping derives it. */
  channel?: string;
  /** The traffic source (utm_source, touchpoints.source); `source` is the system the file came from. */
  trafficSource?: string;
  medium?: string;
  campaign?: string;
  content?: string;
  term?: string;
  referrer?: string;
  landingUrl?: string;
  clickId?: string;
}

/** One platform campaign (or ad group) on one day. key: platform|campaign id or name|adGroup|date. */
export interface AdSpendRecord extends RecordBase {
  kind: 'ad-spend';
  platform: 'google-ads' | 'meta-ads' | (string & {});
  date: string;
  accountId?: string;
  accountName?: string;
  campaignSourceId?: string;
  campaignName: string;
  adGroup?: string;
  adSet?: string;
  /** The ad, when the report is broken down that far (rows then share a campaign and day). */
  adName?: string;
  channel?: CampaignChannel;
  currency?: string;
  cost: number;
  impressions?: number;
  clicks?: number;
  conversions?: number;
  conversionValue?: number;
}

/** Something a person did (generic event rows). key: the source's event id, else person|type|at. */
export interface EventRecord extends RecordBase {
  kind: 'event';
  personEmail?: string;
  personEmailNormalized?: string;
  personSourceId?: string;
  eventType: string;
  at: string;
  properties: Record<string, string>;
  value?: number;
  currency?: string;
  sessionId?: string;
  pageUrl?: string;
}

export type CanonicalRecord =
  | PersonRecord
  | CampaignRecord
  | CampaignStatsRecord
  | DeliveryEventRecord
  | OrderRecord
  | TouchpointRecord
  | AdSpendRecord
  | EventRecord;

export type RecordKind = CanonicalRecord['kind'];
