import type { FormatModule } from '../format';
import type { ContactStatus, PersonRecord } from '../records';
import { parseTags } from '../values';
import { Columns, attributesOf, cell, instantCell, requireEmail, rowMapper } from './columns';

/**
 * Mailchimp audience export: one CSV per member status (subscribed,
 * unsubscribed, cleaned), usually inside a ZIP. Columns are the audience's merge
 * fields ("Email Address", "First Name", …, whatever the account added) followed
 * by Mailchimp's own: MEMBER_RATING, OPTIN_TIME, OPTIN_IP, CONFIRM_TIME,
 * CONFIRM_IP, LATITUDE, LONGITUDE, GMTOFF, DSTOFF, TIMEZONE, CC, REGION,
 * LAST_CHANGED, LEID, EUID, NOTES (and TAGS); the unsubscribed file adds
 * UNSUB_TIME, UNSUB_CAMPAIGN_TITLE, UNSUB_CAMPAIGN_ID, UNSUB_REASON,
 * UNSUB_REASON_OTHER and the cleaned file CLEAN_TIME, CLEAN_CAMPAIGN_TITLE,
 * CLEAN_CAMPAIGN_ID. The file says nothing of a member's status in its rows:
 * the status is which file the member is in.
 */

const MAILCHIMP_COLUMNS = [
  'MEMBER_RATING',
  'OPTIN_TIME',
  'OPTIN_IP',
  'CONFIRM_TIME',
  'CONFIRM_IP',
  'LATITUDE',
  'LONGITUDE',
  'GMTOFF',
  'DSTOFF',
  'TIMEZONE',
  'CC',
  'REGION',
  'LAST_CHANGED',
  'LEID',
  'EUID',
  'NOTES',
];

/**
 * Mailchimp writes the member timestamps (OPTIN_TIME, CONFIRM_TIME,
 * LAST_CHANGED, UNSUB_TIME, CLEAN_TIME) in UTC, whatever the account's zone;
 * GMTOFF/DSTOFF are the member's own offset, a separate fact.
 */
const MAILCHIMP_MEMBER_ZONE = 'UTC';
const EXAMPLE_TIME = '2018-06-09 21:30:12';

/** The status the file stands for: its own columns first, then its name. */
export function mailchimpFileStatus(columns: Columns, fileName: string): ContactStatus {
  if (columns.has('UNSUB_TIME')) return 'unsubscribed';
  if (columns.has('CLEAN_TIME')) return 'cleaned';
  const base = (fileName.split(/[\\/]/).pop() ?? fileName).toLowerCase();
  if (base.startsWith('unsubscribed')) return 'unsubscribed';
  if (base.startsWith('cleaned')) return 'cleaned';
  return 'active';
}

export const mailchimpAudience: FormatModule = {
  id: 'mailchimp-audience',
  label: 'Mailchimp audience export',
  description:
    'Members of a Mailchimp audience (subscribed, unsubscribed or cleaned CSV, or the ZIP that holds them): names, contact details, consent times, tags and Mailchimp ratings.',

  detect(header) {
    const columns = new Columns(header);
    if (!columns.has('Email Address')) return 0;
    const own = columns.count(MAILCHIMP_COLUMNS);
    if (own < 4) return 0;
    return 0.5 + (0.5 * own) / MAILCHIMP_COLUMNS.length;
  },

  createMapper(header, ctx) {
    const columns = new Columns(header);
    const email = columns.required(['Email Address', 'Email']);
    columns.assertComplete(mailchimpAudience.label);
    const status = mailchimpFileStatus(columns, ctx.fileName);
    const firstName = columns.optional(['First Name', 'FNAME']);
    const lastName = columns.optional(['Last Name', 'LNAME']);
    const phone = columns.optional(['Phone Number', 'Phone', 'PHONE']);
    const company = columns.optional(['Company', 'Company Name']);
    const optinTime = columns.optional('OPTIN_TIME', EXAMPLE_TIME);
    const confirmTime = columns.optional('CONFIRM_TIME', EXAMPLE_TIME);
    const lastChanged = columns.optional('LAST_CHANGED', EXAMPLE_TIME);
    const unsubTime = columns.optional('UNSUB_TIME', EXAMPLE_TIME);
    const timezone = columns.optional('TIMEZONE');
    const country = columns.optional('CC');
    const region = columns.optional('REGION');
    const tags = columns.optional('TAGS');
    const rest = columns.unclaimed();

    return rowMapper(header, {
      map(row) {
        const address = requireEmail(row, email);
        const optin = instantCell(row, optinTime, MAILCHIMP_MEMBER_ZONE);
        const confirm = instantCell(row, confirmTime, MAILCHIMP_MEMBER_ZONE);
        const subscribedAt = confirm ?? optin;
        const tagText = cell(row, tags);
        const person: PersonRecord = {
          kind: 'person',
          source: 'mailchimp',
          key: address.emailNormalized,
          email: address.email,
          emailNormalized: address.emailNormalized,
          firstName: cell(row, firstName),
          lastName: cell(row, lastName),
          phone: cell(row, phone),
          company: cell(row, company),
          country: cell(row, country),
          region: cell(row, region),
          timezone: cell(row, timezone),
          contactStatus: status,
          subscribedAt,
          unsubscribedAt: instantCell(row, unsubTime, MAILCHIMP_MEMBER_ZONE),
          createdAt: optin ?? confirm,
          updatedAt: instantCell(row, lastChanged, MAILCHIMP_MEMBER_ZONE),
          // Everyone in an audience opted in once; only the subscribed file says they still are.
          emailOptIn: status === 'active',
          consentAt: subscribedAt,
          consentSource: subscribedAt === undefined ? undefined : 'mailchimp',
          tags: tagText === undefined ? undefined : parseTags(tagText),
          attributes: attributesOf(row, rest),
        };
        return [person];
      },
    });
  },
};
