import { createHash } from 'node:crypto';
import { fail } from '../errors';
import { compactHeader, normalizeHeader } from './formats/columns';

/**
 * Column mappings: how a CSV that matches no known export is read onto one of
 * Loupe's canonical targets. A mapping is plain JSON (the catalog saves it and
 * offers it again when a file with the same header signature comes back).
 */

export const MAPPING_TARGETS = ['contacts', 'events', 'orders', 'sends', 'touchpoints', 'spend'] as const;
export type MappingTarget = (typeof MAPPING_TARGETS)[number];

export interface MappingOptions {
  /** A luxon format for every date column (`dd/MM/yyyy HH:mm`); when absent, dates are recognised. */
  dateFormat?: string;
  /** `03/04/2024` is 3 April, not March 4. */
  dayFirst?: boolean;
  /** Numbers are written 1.234,56. Default: sniffed (semicolon files use decimal commas). */
  decimalComma?: boolean;
  /** Zone of naive timestamps when not the workspace's. */
  timeZone?: string;
  /** Order ids starting with this mark cancellations (UCI Online Retail: `C536379`). */
  cancelledIdPrefix?: string;
  /** Names the source of the records (`csv:<source>`), so two mapped sources keep their ids apart. */
  source?: string;
  /** Spend: the ad platform when the file has no platform column. */
  platform?: string;
  /** Currency when the file names none. */
  currency?: string;
  /** Events: the event type when the file has no event column. Sends: the event (default `processed`, i.e. sent). */
  eventType?: string;
}

export interface ColumnMapping {
  target: MappingTarget;
  /** Canonical field → the file's column name. */
  columns: Partial<Record<string, string>>;
  options?: MappingOptions;
}

export interface TargetField {
  field: string;
  label: string;
  /** Normalised column names (letters and digits only) this field is suggested for. */
  synonyms: string[];
}

const PERSON_FIELDS: TargetField[] = [
  {
    field: 'email',
    label: 'Email',
    synonyms: ['email', 'emailaddress', 'mail', 'customeremail', 'useremail', 'contactemail'],
  },
  {
    field: 'personSourceId',
    label: 'Customer id',
    synonyms: [
      'customerid',
      'userid',
      'contactid',
      'clientid',
      'visitorid',
      'memberid',
      'recordid',
      'externalid',
      'personid',
    ],
  },
];

export const TARGET_FIELDS: Record<MappingTarget, TargetField[]> = {
  contacts: [
    PERSON_FIELDS[0],
    {
      field: 'sourceId',
      label: 'Contact id',
      synonyms: [
        'customerid',
        'contactid',
        'id',
        'recordid',
        'userid',
        'memberid',
        'externalid',
        'clientid',
        'subscriberid',
      ],
    },
    { field: 'firstName', label: 'First name', synonyms: ['firstname', 'givenname', 'fname', 'forename'] },
    { field: 'lastName', label: 'Last name', synonyms: ['lastname', 'surname', 'familyname', 'lname'] },
    { field: 'fullName', label: 'Name', synonyms: ['name', 'fullname', 'contactname', 'customername'] },
    {
      field: 'phone',
      label: 'Phone',
      synonyms: ['phone', 'phonenumber', 'mobile', 'mobilephone', 'telephone', 'tel', 'cell'],
    },
    {
      field: 'company',
      label: 'Company',
      synonyms: ['company', 'companyname', 'organization', 'organisation', 'account'],
    },
    { field: 'jobTitle', label: 'Job title', synonyms: ['jobtitle', 'title', 'position', 'role'] },
    { field: 'country', label: 'Country', synonyms: ['country', 'countrycode', 'countryregion', 'cc'] },
    { field: 'region', label: 'Region', synonyms: ['region', 'state', 'province', 'stateregion', 'county'] },
    { field: 'city', label: 'City', synonyms: ['city', 'town'] },
    { field: 'postalCode', label: 'Postal code', synonyms: ['postalcode', 'zip', 'zipcode', 'postcode'] },
    { field: 'timezone', label: 'Time zone', synonyms: ['timezone', 'tz'] },
    { field: 'lifecycleStage', label: 'Lifecycle stage', synonyms: ['lifecyclestage', 'stage'] },
    {
      field: 'contactStatus',
      label: 'Status',
      synonyms: ['status', 'contactstatus', 'subscriptionstatus', 'emailstatus'],
    },
    {
      field: 'subscribedAt',
      label: 'Subscribed at',
      synonyms: ['subscribedat', 'subscribed', 'optintime', 'optindate', 'subscriptiondate'],
    },
    {
      field: 'unsubscribedAt',
      label: 'Unsubscribed at',
      synonyms: ['unsubscribedat', 'unsubtime', 'unsubscribedate', 'optoutdate'],
    },
    {
      field: 'createdAt',
      label: 'Created at',
      synonyms: ['createdat', 'created', 'createdate', 'createddate', 'signupdate', 'dateadded', 'joined'],
    },
    {
      field: 'emailOptIn',
      label: 'Email opt-in',
      synonyms: ['emailoptin', 'acceptsmarketing', 'optin', 'marketingconsent', 'newsletter'],
    },
    { field: 'tags', label: 'Tags', synonyms: ['tags', 'tag', 'labels'] },
  ],
  events: [
    {
      field: 'eventType',
      label: 'Event type',
      synonyms: ['event', 'eventtype', 'eventname', 'type', 'action', 'activity'],
    },
    {
      field: 'at',
      label: 'Time',
      synonyms: ['timestamp', 'time', 'eventtime', 'occurredat', 'datetime', 'date', 'createdat'],
    },
    ...PERSON_FIELDS,
    { field: 'eventId', label: 'Event id', synonyms: ['eventid', 'id'] },
    { field: 'value', label: 'Value', synonyms: ['value', 'amount', 'revenue', 'eventvalue'] },
    { field: 'currency', label: 'Currency', synonyms: ['currency', 'currencycode'] },
    { field: 'sessionId', label: 'Session id', synonyms: ['sessionid', 'session'] },
    { field: 'pageUrl', label: 'Page URL', synonyms: ['pageurl', 'url', 'page', 'pagelocation', 'pagepath'] },
  ],
  orders: [
    {
      field: 'orderId',
      label: 'Order id',
      synonyms: [
        'orderid',
        'invoiceno',
        'invoice',
        'invoicenumber',
        'ordernumber',
        'order',
        'transactionid',
        'orderno',
      ],
    },
    {
      field: 'orderedAt',
      label: 'Ordered at',
      synonyms: [
        'invoicedate',
        'orderdate',
        'orderedat',
        'purchasedate',
        'date',
        'createdat',
        'timestamp',
        'transactiondate',
      ],
    },
    {
      field: 'email',
      label: 'Customer email',
      synonyms: ['email', 'customeremail', 'emailaddress', 'buyeremail'],
    },
    {
      field: 'customerSourceId',
      label: 'Customer id',
      synonyms: ['customerid', 'clientid', 'buyerid', 'userid', 'accountid'],
    },
    {
      field: 'sku',
      label: 'SKU',
      synonyms: ['stockcode', 'sku', 'productid', 'itemid', 'productcode', 'articlenumber'],
    },
    {
      field: 'productName',
      label: 'Product name',
      synonyms: ['description', 'productname', 'product', 'itemname', 'item', 'title'],
    },
    { field: 'quantity', label: 'Quantity', synonyms: ['quantity', 'qty', 'units', 'count'] },
    { field: 'unitPrice', label: 'Unit price', synonyms: ['unitprice', 'price', 'itemprice', 'priceeach'] },
    {
      field: 'lineTotal',
      label: 'Line total',
      synonyms: ['linetotal', 'lineamount', 'itemtotal', 'extendedprice'],
    },
    {
      field: 'total',
      label: 'Order total',
      synonyms: ['total', 'ordertotal', 'grandtotal', 'amount', 'revenue', 'ordervalue'],
    },
    { field: 'subtotal', label: 'Subtotal', synonyms: ['subtotal'] },
    { field: 'discount', label: 'Discount', synonyms: ['discount', 'discountamount'] },
    { field: 'shipping', label: 'Shipping', synonyms: ['shipping', 'shippingamount', 'shippingcost'] },
    { field: 'tax', label: 'Tax', synonyms: ['tax', 'taxes', 'taxamount', 'vat'] },
    { field: 'currency', label: 'Currency', synonyms: ['currency', 'currencycode'] },
    { field: 'status', label: 'Status', synonyms: ['status', 'orderstatus'] },
    {
      field: 'discountCodes',
      label: 'Discount codes',
      synonyms: ['discountcode', 'discountcodes', 'coupon', 'couponcode', 'promocode'],
    },
    { field: 'sourceChannel', label: 'Sales channel', synonyms: ['source', 'channel', 'saleschannel'] },
    { field: 'country', label: 'Country', synonyms: ['country', 'shippingcountry', 'billingcountry'] },
  ],
  sends: [
    {
      field: 'email',
      label: 'Recipient email',
      synonyms: ['email', 'emailaddress', 'recipient', 'recipientemail', 'to', 'toemail'],
    },
    {
      field: 'at',
      label: 'Time',
      synonyms: ['sentat', 'senttime', 'timestamp', 'time', 'date', 'senddate', 'eventtime', 'processed'],
    },
    { field: 'messageId', label: 'Message id', synonyms: ['messageid', 'msgid', 'sendid', 'id'] },
    { field: 'campaignSourceId', label: 'Campaign id', synonyms: ['campaignid', 'mailingid'] },
    {
      field: 'campaignName',
      label: 'Campaign name',
      synonyms: ['campaign', 'campaignname', 'mailing', 'mailingname'],
    },
    { field: 'subject', label: 'Subject', synonyms: ['subject', 'subjectline'] },
    { field: 'event', label: 'Event', synonyms: ['event', 'status', 'eventtype', 'action'] },
    { field: 'url', label: 'Clicked URL', synonyms: ['url', 'link', 'clickedurl'] },
    { field: 'reason', label: 'Reason', synonyms: ['reason', 'bouncereason', 'response'] },
    { field: 'bounceType', label: 'Bounce type', synonyms: ['bouncetype', 'bounceclass'] },
  ],
  touchpoints: [
    {
      field: 'at',
      label: 'Time',
      synonyms: ['timestamp', 'time', 'date', 'touchedat', 'datetime', 'sessionstart', 'visittime'],
    },
    ...PERSON_FIELDS,
    {
      field: 'touchpointId',
      label: 'Touchpoint id',
      synonyms: ['touchpointid', 'id', 'visitid', 'sessionid'],
    },
    { field: 'channel', label: 'Channel', synonyms: ['channel', 'channelgroup', 'defaultchannelgroup'] },
    { field: 'source', label: 'Source', synonyms: ['source', 'utmsource'] },
    { field: 'medium', label: 'Medium', synonyms: ['medium', 'utmmedium'] },
    { field: 'campaign', label: 'Campaign', synonyms: ['campaign', 'utmcampaign', 'campaignname'] },
    { field: 'content', label: 'Content', synonyms: ['content', 'utmcontent', 'adcontent'] },
    { field: 'term', label: 'Term', synonyms: ['term', 'utmterm', 'keyword'] },
    {
      field: 'referrer',
      label: 'Referrer',
      synonyms: ['referrer', 'referrerurl', 'referer', 'referringsite'],
    },
    {
      field: 'landingUrl',
      label: 'Landing page',
      synonyms: ['landingpage', 'landingurl', 'landingsite', 'pageurl', 'url'],
    },
    { field: 'clickId', label: 'Click id', synonyms: ['clickid', 'gclid', 'fbclid', 'msclkid', 'ttclid'] },
  ],
  spend: [
    { field: 'date', label: 'Date', synonyms: ['date', 'day', 'spenddate', 'reportdate'] },
    { field: 'campaignName', label: 'Campaign', synonyms: ['campaign', 'campaignname'] },
    { field: 'cost', label: 'Cost', synonyms: ['cost', 'spend', 'amountspent', 'amount', 'adspend'] },
    { field: 'campaignSourceId', label: 'Campaign id', synonyms: ['campaignid'] },
    { field: 'adGroup', label: 'Ad group', synonyms: ['adgroup', 'adset', 'adsetname', 'adgroupname'] },
    { field: 'impressions', label: 'Impressions', synonyms: ['impressions', 'impr', 'views'] },
    { field: 'clicks', label: 'Clicks', synonyms: ['clicks', 'linkclicks'] },
    { field: 'conversions', label: 'Conversions', synonyms: ['conversions', 'conv', 'purchases', 'results'] },
    {
      field: 'conversionValue',
      label: 'Conversion value',
      synonyms: ['conversionvalue', 'convvalue', 'revenue', 'purchasesconversionvalue'],
    },
    { field: 'currency', label: 'Currency', synonyms: ['currency', 'currencycode'] },
    { field: 'platform', label: 'Platform', synonyms: ['platform', 'network', 'publisher'] },
  ],
};

/** Fields a mapping must give for its target (alternatives separated: one of them is enough). */
export const REQUIRED_FIELDS: Record<MappingTarget, string[][]> = {
  contacts: [['email', 'sourceId']],
  events: [['at'], ['eventType']],
  orders: [['orderId'], ['orderedAt'], ['total', 'lineTotal', 'unitPrice']],
  sends: [['email'], ['at'], ['messageId', 'campaignSourceId', 'campaignName']],
  touchpoints: [['at']],
  spend: [['date'], ['campaignName', 'campaignSourceId'], ['cost']],
};

export function isMappingTarget(value: unknown): value is MappingTarget {
  return typeof value === 'string' && (MAPPING_TARGETS as readonly string[]).includes(value);
}

/**
 * A stable fingerprint of a header: the SHA-256 of its normalised column names
 * (trimmed, lower-cased, whitespace collapsed), sorted and de-duplicated, so the
 * same export with its columns reordered or re-cased finds its saved mapping.
 */
export function headerSignature(header: readonly string[]): string {
  const names = [...new Set(header.map(normalizeHeader).filter((n) => n !== ''))].sort();
  return createHash('sha256').update(names.join('\n')).digest('hex');
}

/** A mapping proposed from column names alone: each canonical field takes the first unused column among its synonyms. */
export function suggestMapping(header: readonly string[], target: MappingTarget): ColumnMapping {
  const compact = header.map(compactHeader);
  const used = new Set<number>();
  const columns: Record<string, string> = {};
  for (const def of TARGET_FIELDS[target]) {
    for (const synonym of def.synonyms) {
      const index = compact.findIndex((c, i) => c === synonym && !used.has(i));
      if (index >= 0) {
        used.add(index);
        columns[def.field] = header[index];
        break;
      }
    }
  }
  const mapping: ColumnMapping = { target, columns };
  // UCI Online Retail and the invoice-line files modelled on it mark a cancellation with a C before the invoice number.
  if (
    target === 'orders' &&
    columns.orderId !== undefined &&
    compactHeader(columns.orderId) === 'invoiceno'
  ) {
    mapping.options = { cancelledIdPrefix: 'C' };
  }
  return mapping;
}

/** The target whose suggested mapping covers most of its required fields, then most columns; undefined when none fits. */
export function suggestTarget(header: readonly string[]): MappingTarget | undefined {
  let best: MappingTarget | undefined;
  let bestScore = 0;
  for (const target of MAPPING_TARGETS) {
    const mapping = suggestMapping(header, target);
    const complete = REQUIRED_FIELDS[target].every((alts) =>
      alts.some((f) => mapping.columns[f] !== undefined),
    );
    if (!complete) continue;
    const score = Object.keys(mapping.columns).length / TARGET_FIELDS[target].length;
    if (score > bestScore) {
      bestScore = score;
      best = target;
    }
  }
  return best;
}

/**
 * Checks a mapping (from a saved file or the UI) against a header: a known
 * target, known fields, columns the file has, required fields present. Throws
 * invalid-argument naming every problem.
 */
export function validateMapping(mapping: unknown, header: readonly string[]): ColumnMapping {
  if (typeof mapping !== 'object' || mapping === null)
    fail('invalid-argument', 'A column mapping must be an object with a target and columns.');
  const m = mapping as { target?: unknown; columns?: unknown; options?: unknown };
  if (!isMappingTarget(m.target)) {
    fail(
      'invalid-argument',
      `A column mapping's target must be one of ${MAPPING_TARGETS.join(', ')}; got ${JSON.stringify(m.target)}.`,
    );
  }
  if (typeof m.columns !== 'object' || m.columns === null || Array.isArray(m.columns)) {
    fail(
      'invalid-argument',
      'A column mapping needs "columns": an object from Loupe field to the file\'s column name.',
    );
  }
  if (
    m.options !== undefined &&
    (typeof m.options !== 'object' || m.options === null || Array.isArray(m.options))
  ) {
    fail('invalid-argument', 'A column mapping\'s "options" must be an object.');
  }
  const target = m.target;
  const known = new Set(TARGET_FIELDS[target].map((f) => f.field));
  const present = new Set(header.map(normalizeHeader));
  const problems: string[] = [];
  const columns: Record<string, string> = {};
  for (const [field, column] of Object.entries(m.columns as Record<string, unknown>)) {
    if (column === undefined || column === null || column === '') continue;
    if (!known.has(field)) {
      problems.push(`"${field}" is not a field of ${target} (fields: ${[...known].join(', ')})`);
      continue;
    }
    if (typeof column !== 'string') {
      problems.push(`the column for "${field}" must be a column name`);
      continue;
    }
    if (!present.has(normalizeHeader(column))) {
      problems.push(`the file has no column "${column}" (for ${field})`);
      continue;
    }
    columns[field] = column;
  }
  const options = (m.options ?? {}) as MappingOptions;
  for (const alternatives of REQUIRED_FIELDS[target]) {
    if (alternatives.some((f) => columns[f] !== undefined)) continue;
    if (target === 'events' && alternatives[0] === 'eventType' && typeof options.eventType === 'string')
      continue;
    const labels = alternatives.map((f) => TARGET_FIELDS[target].find((d) => d.field === f)?.label ?? f);
    problems.push(`no column is mapped to ${labels.join(' or ')}`);
  }
  if (problems.length > 0) {
    fail('invalid-argument', `The column mapping does not fit this file: ${problems.join('; ')}.`, {
      problems,
    });
  }
  return m.options === undefined ? { target, columns } : { target, columns, options };
}
