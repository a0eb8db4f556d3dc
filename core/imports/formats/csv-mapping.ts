import { fail } from '../../errors';
import type { FormatModule, MapContext, RowMapper } from '../format';
import { validateMapping } from '../mapping';
import type { ColumnMapping, MappingOptions } from '../mapping';
import type {
  AdSpendRecord,
  CanonicalRecord,
  ContactStatus,
  DeliveryEventRecord,
  DeliveryEventType,
  EventRecord,
  LifecycleStage,
  OrderItem,
  OrderRecord,
  OrderStatus,
  PersonRecord,
  SourceSystem,
  TouchpointRecord,
} from '../records';
import { assertTimeZone, parseTags, roundMoney } from '../values';
import type { TimestampOptions } from '../values';
import {
  Columns,
  RowProblem,
  attributesOf,
  booleanCell,
  cell,
  currencyOf,
  dayCell,
  emailCell,
  instantCell,
  numberCell,
  reject,
  requireCell,
  requireEmail,
  requireInstant,
  requireNumber,
  rowMapper,
} from './columns';
import type { Column, EmailValue } from './columns';
import { hubspotStage } from './hubspot-contacts';
import { OrderAssembler } from './orders';

/**
 * Any other CSV, read through a column mapping onto one canonical target:
 * contacts, events, orders (one row per line item, merged by order id), sends
 * (per-recipient delivery events), touchpoints or daily spend. Columns the
 * mapping leaves out are kept as attributes (contacts) or properties (events).
 */

type Cols = Record<string, Column | undefined>;

/** A field validateMapping made sure the mapping has. */
function need(cols: Cols, field: string): Column {
  const col = cols[field];
  if (col === undefined)
    throw new Error(`The mapping has no column for ${field}, which validation requires.`);
  return col;
}

/** Spreadsheets turn numeric ids into floats (`17850.0`); an id is its digits. */
function idOf(text: string): string {
  return /^\d+\.0+$/.test(text) ? text.slice(0, text.indexOf('.')) : text;
}

function idText(text: string | undefined): string | undefined {
  return text === undefined ? undefined : idOf(text);
}

const STATUS_WORDS: Record<string, ContactStatus> = {
  active: 'active',
  subscribed: 'active',
  unsubscribed: 'unsubscribed',
  optedout: 'unsubscribed',
  cleaned: 'cleaned',
  bounced: 'bounced',
  hardbounce: 'bounced',
  complained: 'complained',
  spam: 'complained',
};

const ORDER_STATUS_WORDS: Record<string, OrderStatus> = {
  pending: 'pending',
  unpaid: 'pending',
  confirmed: 'confirmed',
  processing: 'confirmed',
  paid: 'confirmed',
  shipped: 'shipped',
  delivered: 'delivered',
  completed: 'completed',
  complete: 'completed',
  fulfilled: 'completed',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  void: 'cancelled',
  voided: 'cancelled',
  refunded: 'refunded',
  partiallyrefunded: 'partially_refunded',
};

const SEND_EVENTS: Record<string, DeliveryEventType> = {
  processed: 'processed',
  sent: 'processed',
  send: 'processed',
  delivered: 'delivered',
  delivery: 'delivered',
  open: 'open',
  opened: 'open',
  click: 'click',
  clicked: 'click',
  bounce: 'bounce',
  bounced: 'bounce',
  hardbounce: 'bounce',
  softbounce: 'bounce',
  dropped: 'dropped',
  deferred: 'deferred',
  spamreport: 'spam_report',
  complaint: 'spam_report',
  spam: 'spam_report',
  unsubscribe: 'unsubscribe',
  unsubscribed: 'unsubscribe',
  groupunsubscribe: 'group_unsubscribe',
};

function word(text: string): string {
  return text.toLowerCase().replace(/[^a-z]/g, '');
}

export const csvMapping: FormatModule = {
  id: 'csv-mapping',
  label: 'CSV with a column mapping',
  description:
    'Any other CSV, read through a column mapping onto contacts, events, orders, sends, touchpoints or daily spend.',

  // Never chosen by detection: a mapping is a decision the user makes (or confirms).
  detect() {
    return 0;
  },

  createMapper(header, ctx) {
    if (ctx.mapping === undefined) {
      fail(
        'invalid-argument',
        'The CSV mapping format needs a column mapping: choose the Loupe field for each column first.',
      );
    }
    const mapping = validateMapping(ctx.mapping, header);
    return mapperFor(header, mapping, ctx);
  },
};

function mapperFor(header: string[], mapping: ColumnMapping, ctx: MapContext): RowMapper {
  const options: MappingOptions = mapping.options ?? {};
  const zone = options.timeZone ?? ctx.timeZone;
  assertTimeZone(zone);
  const columns = new Columns(header);
  const cols: Cols = {};
  for (const [field, name] of Object.entries(mapping.columns)) {
    if (name !== undefined) cols[field] = columns.optional(name);
  }
  const rest = columns.unclaimed();
  const source: SourceSystem =
    options.source === undefined || options.source === '' ? 'csv' : `csv:${options.source}`;
  const numbers = { decimalComma: options.decimalComma ?? ctx.decimalComma };
  const dates: TimestampOptions = {};
  if (options.dateFormat !== undefined) dates.format = options.dateFormat;
  if (options.dayFirst === true) dates.dayFirst = true;
  const env: Env = { cols, rest, source, zone, numbers, dates, options };
  switch (mapping.target) {
    case 'contacts':
      return rowMapper(header, { map: (row) => [contact(row, env)] });
    case 'events':
      return rowMapper(header, { map: (row) => [event(row, env)] });
    case 'sends':
      return rowMapper(header, { map: (row) => [send(row, env)] });
    case 'touchpoints':
      return rowMapper(header, { map: (row) => [touchpoint(row, env)] });
    case 'spend':
      return rowMapper(header, { map: (row) => [spend(row, env)] });
    case 'orders':
      return orderMapper(header, env);
  }
}

interface Env {
  cols: Cols;
  rest: Column[];
  source: SourceSystem;
  zone: string;
  numbers: { decimalComma: boolean | undefined };
  dates: TimestampOptions;
  options: MappingOptions;
}

function contact(row: string[], env: Env): PersonRecord {
  const { cols } = env;
  const sourceId = idText(cell(row, cols.sourceId));
  const address = emailCell(row, cols.email);
  const key = sourceId ?? address?.emailNormalized;
  if (key === undefined) {
    reject(
      `${[cols.email?.name, cols.sourceId?.name].filter((n) => n !== undefined).join(' and ')} ${cols.email && cols.sourceId ? 'are both' : 'is'} empty`,
    );
  }
  const statusText = cell(row, cols.contactStatus);
  const status = statusText === undefined ? undefined : STATUS_WORDS[word(statusText)];
  if (cols.contactStatus !== undefined && statusText !== undefined && status === undefined) {
    reject(
      `${cols.contactStatus.name} "${statusText}" is not a contact status (expected active, unsubscribed, cleaned, bounced or complained)`,
      cols.contactStatus.name,
    );
  }
  const stageText = cell(row, cols.lifecycleStage);
  const attributes = attributesOf(row, env.rest);
  const stage: LifecycleStage | undefined = stageText === undefined ? undefined : hubspotStage(stageText);
  if (cols.lifecycleStage !== undefined && stageText !== undefined && stage === undefined)
    attributes[cols.lifecycleStage.name] = stageText;
  const tags = cell(row, cols.tags);
  return {
    kind: 'person',
    source: env.source,
    key,
    sourceId,
    email: address?.email,
    emailNormalized: address?.emailNormalized,
    firstName: cell(row, cols.firstName),
    lastName: cell(row, cols.lastName),
    fullName: cell(row, cols.fullName),
    phone: cell(row, cols.phone),
    company: cell(row, cols.company),
    jobTitle: cell(row, cols.jobTitle),
    country: cell(row, cols.country),
    region: cell(row, cols.region),
    city: cell(row, cols.city),
    postalCode: cell(row, cols.postalCode),
    timezone: cell(row, cols.timezone),
    lifecycleStage: stage,
    contactStatus: status,
    subscribedAt: instantCell(row, cols.subscribedAt, env.zone, env.dates),
    unsubscribedAt: instantCell(row, cols.unsubscribedAt, env.zone, env.dates),
    createdAt: instantCell(row, cols.createdAt, env.zone, env.dates),
    emailOptIn: booleanCell(row, cols.emailOptIn),
    tags: tags === undefined ? undefined : parseTags(tags),
    attributes,
  };
}

function person(row: string[], env: Env): { address: EmailValue | undefined; sourceId: string | undefined } {
  return { address: emailCell(row, env.cols.email), sourceId: idText(cell(row, env.cols.personSourceId)) };
}

function event(row: string[], env: Env): EventRecord {
  const { cols } = env;
  const eventType = cell(row, cols.eventType) ?? env.options.eventType;
  if (eventType === undefined)
    reject(`${cols.eventType?.name ?? 'Event type'} is empty`, cols.eventType?.name);
  const at = requireInstant(row, need(cols, 'at'), env.zone, env.dates);
  const who = person(row, env);
  const id = idText(cell(row, cols.eventId));
  const personKey = who.sourceId ?? who.address?.emailNormalized ?? '';
  return {
    kind: 'event',
    source: env.source,
    key: id ?? `${personKey}|${eventType}|${at}`,
    personEmail: who.address?.email,
    personEmailNormalized: who.address?.emailNormalized,
    personSourceId: who.sourceId,
    eventType,
    at,
    properties: attributesOf(row, env.rest),
    value: numberCell(row, cols.value, env.numbers, 'money'),
    currency: cell(row, cols.currency)?.toUpperCase() ?? currencyOf(row, cols.value) ?? env.options.currency,
    sessionId: cell(row, cols.sessionId),
    pageUrl: cell(row, cols.pageUrl),
  };
}

function send(row: string[], env: Env): DeliveryEventRecord {
  const { cols } = env;
  const address = requireEmail(row, need(cols, 'email'));
  const at = requireInstant(row, need(cols, 'at'), env.zone, env.dates);
  const campaignId = idText(cell(row, cols.campaignSourceId));
  const campaignName = cell(row, cols.campaignName);
  const campaign = campaignId ?? campaignName;
  const messageId =
    cell(row, cols.messageId) ??
    (campaign === undefined ? undefined : `${campaign}|${address.emailNormalized}`);
  if (messageId === undefined)
    reject(`${cols.messageId?.name ?? 'Message id'} is empty`, cols.messageId?.name);
  const eventText = cell(row, cols.event) ?? env.options.eventType ?? 'processed';
  const eventType = SEND_EVENTS[word(eventText)];
  if (eventType === undefined) {
    reject(
      `${cols.event?.name ?? 'Event'} "${eventText}" is not a delivery event (expected sent, delivered, open, click, bounce, dropped, deferred, spam report or unsubscribe)`,
      cols.event?.name,
    );
  }
  const url = cell(row, cols.url);
  const bounceText = cell(row, cols.bounceType)?.toLowerCase();
  const bounceType =
    bounceText === undefined
      ? word(eventText) === 'softbounce'
        ? 'soft'
        : word(eventText) === 'hardbounce'
          ? 'hard'
          : undefined
      : bounceText.includes('soft')
        ? 'soft'
        : bounceText.includes('hard')
          ? 'hard'
          : undefined;
  return {
    kind: 'delivery-event',
    source: env.source,
    key: url === undefined ? `${messageId}|${eventType}|${at}` : `${messageId}|${eventType}|${at}|${url}`,
    messageId,
    email: address.email,
    emailNormalized: address.emailNormalized,
    campaignSourceId: campaign,
    campaignName,
    subject: cell(row, cols.subject),
    event: eventType,
    at,
    url,
    reason: cell(row, cols.reason),
    bounceType: eventType === 'bounce' ? bounceType : undefined,
  };
}

function touchpoint(row: string[], env: Env): TouchpointRecord {
  const { cols } = env;
  const at = requireInstant(row, need(cols, 'at'), env.zone, env.dates);
  const who = person(row, env);
  const id = idText(cell(row, cols.touchpointId));
  const channel = cell(row, cols.channel);
  const source = cell(row, cols.source);
  const medium = cell(row, cols.medium);
  const campaign = cell(row, cols.campaign);
  const personKey = who.sourceId ?? who.address?.emailNormalized ?? '';
  return {
    kind: 'touchpoint',
    source: env.source,
    key: id ?? `${personKey}|${at}|${channel ?? ''}|${source ?? ''}|${medium ?? ''}|${campaign ?? ''}`,
    personEmail: who.address?.email,
    personEmailNormalized: who.address?.emailNormalized,
    personSourceId: who.sourceId,
    at,
    channel,
    trafficSource: source,
    medium,
    campaign,
    content: cell(row, cols.content),
    term: cell(row, cols.term),
    referrer: cell(row, cols.referrer),
    landingUrl: cell(row, cols.landingUrl),
    clickId: cell(row, cols.clickId),
  };
}

function spend(row: string[], env: Env): AdSpendRecord {
  const { cols } = env;
  const dateCol = need(cols, 'date');
  const date = dayCell(row, dateCol, env.dates);
  if (date === undefined) reject(`${dateCol.name} is empty`, dateCol.name);
  const campaignId = idText(cell(row, cols.campaignSourceId));
  const campaignName = cell(row, cols.campaignName) ?? campaignId;
  if (campaignName === undefined)
    reject(`${(cols.campaignName ?? need(cols, 'campaignSourceId')).name} is empty`);
  const platform = cell(row, cols.platform)?.toLowerCase() ?? env.options.platform ?? 'csv';
  const group = cell(row, cols.adGroup);
  return {
    kind: 'ad-spend',
    source: env.source,
    key: `${platform}|${campaignId ?? campaignName}|${group ?? ''}|${date}`,
    platform,
    date,
    campaignSourceId: campaignId,
    campaignName,
    adGroup: group,
    currency: cell(row, cols.currency)?.toUpperCase() ?? currencyOf(row, cols.cost) ?? env.options.currency,
    cost: requireNumber(row, need(cols, 'cost'), env.numbers, 'money'),
    impressions: numberCell(row, cols.impressions, env.numbers, 'count'),
    clicks: numberCell(row, cols.clicks, env.numbers, 'count'),
    conversions: numberCell(row, cols.conversions, env.numbers, 'number'),
    conversionValue: numberCell(row, cols.conversionValue, env.numbers, 'money'),
  };
}

function orderMapper(header: string[], env: Env): RowMapper {
  const { cols, options } = env;
  const orders = new OrderAssembler();
  const people = new Set<string>();
  const sumItems = cols.total === undefined;

  const item = (row: string[]): OrderItem | undefined => {
    if (cols.unitPrice === undefined && cols.lineTotal === undefined) return undefined;
    const quantity =
      cols.quantity === undefined ? 1 : requireNumber(row, cols.quantity, env.numbers, 'integer');
    const unitPrice =
      cols.unitPrice === undefined ? undefined : requireNumber(row, cols.unitPrice, env.numbers, 'money');
    const lineTotal =
      numberCell(row, cols.lineTotal, env.numbers, 'money') ?? roundMoney(quantity * (unitPrice ?? 0));
    const sku = cell(row, cols.sku);
    // Invoice-line files leave some descriptions empty; the SKU is the name those lines have.
    const productName = cell(row, cols.productName) ?? sku;
    if (productName === undefined)
      reject(
        `${cols.productName?.name ?? 'Product name'} is empty and the line has no SKU`,
        cols.productName?.name,
      );
    return {
      sku,
      productName,
      quantity,
      unitPrice: unitPrice ?? (quantity === 0 ? lineTotal : roundMoney(lineTotal / quantity)),
      lineTotal,
    };
  };

  return rowMapper(header, {
    map(row, rowNumber) {
      const orderId = idOf(requireCell(row, need(cols, 'orderId')));
      orders.checkKey(orderId, 'Order');
      if (!orders.isNew(orderId)) {
        const line = item(row);
        if (line !== undefined) orders.addItem(orderId, line);
        return [];
      }
      try {
        const out: CanonicalRecord[] = [];
        const who = person(row, env);
        const customerSourceId = idText(cell(row, cols.customerSourceId));
        const country = cell(row, cols.country);
        const personKey = customerSourceId ?? who.address?.emailNormalized;
        const statusText = cell(row, cols.status);
        let status: OrderStatus | undefined =
          statusText === undefined ? undefined : ORDER_STATUS_WORDS[word(statusText)];
        if (cols.status !== undefined && statusText !== undefined && status === undefined) {
          reject(
            `${cols.status.name} "${statusText}" is not an order status (expected pending, completed, cancelled, refunded…)`,
            cols.status.name,
          );
        }
        if (
          options.cancelledIdPrefix !== undefined &&
          options.cancelledIdPrefix !== '' &&
          orderId.startsWith(options.cancelledIdPrefix)
        ) {
          status = 'cancelled';
        }
        const line = item(row);
        const codes = cell(row, cols.discountCodes);
        const order: OrderRecord = {
          kind: 'order',
          source: env.source,
          key: orderId,
          sourceId: orderId,
          customerEmail: who.address?.email,
          customerEmailNormalized: who.address?.emailNormalized,
          customerSourceId,
          orderedAt: requireInstant(row, need(cols, 'orderedAt'), env.zone, env.dates),
          currency:
            cell(row, cols.currency)?.toUpperCase() ??
            currencyOf(row, cols.total ?? cols.unitPrice) ??
            options.currency,
          subtotal: numberCell(row, cols.subtotal, env.numbers, 'money'),
          discount: numberCell(row, cols.discount, env.numbers, 'money'),
          shipping: numberCell(row, cols.shipping, env.numbers, 'money'),
          tax: numberCell(row, cols.tax, env.numbers, 'money'),
          total: cols.total === undefined ? 0 : requireNumber(row, cols.total, env.numbers, 'money'),
          status,
          discountCodes:
            codes === undefined
              ? undefined
              : codes
                  .split(',')
                  .map((s) => s.trim())
                  .filter((s) => s !== ''),
          sourceChannel: cell(row, cols.sourceChannel),
          country,
          items: line === undefined ? [] : [line],
        };
        if (personKey !== undefined && !people.has(personKey)) {
          people.add(personKey);
          out.push({
            kind: 'person',
            source: env.source,
            key: personKey,
            sourceId: customerSourceId,
            email: who.address?.email,
            emailNormalized: who.address?.emailNormalized,
            country,
            attributes: {},
          });
        }
        out.push(...orders.start(order, rowNumber, sumItems));
        return out;
      } catch (e) {
        if (e instanceof RowProblem) orders.markFailed(orderId, rowNumber);
        throw e;
      }
    },
    flush: () => orders.flush(),
  });
}
