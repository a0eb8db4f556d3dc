import type { FormatModule } from '../format';
import type { ContactStatus, PersonRecord } from '../records';
import { Columns, attributesOf, cell, emailCell, instantCell, reject, rowMapper } from './columns';

/**
 * Klaviyo profile export (a list or segment exported as CSV): `Email,Klaviyo
 * ID,First Name,Last Name,Organization,Title,Phone Number,…,Email Marketing
 * Consent,…,Profile Created On,Date Added,…`. Consent is a word: SUBSCRIBED,
 * UNSUBSCRIBED, NEVER_SUBSCRIBED, SUPPRESSED. Naive times are the account's.
 */

const SIGNATURE = [
  'Email',
  'Klaviyo ID',
  'First Name',
  'Last Name',
  'Organization',
  'Title',
  'Phone Number',
  'City',
  'State / Region',
  'Country',
  'Zip Code',
  'Source',
  'Email Marketing Consent',
  'Profile Created On',
  'Date Added',
];

interface ConsentMeaning {
  optIn: boolean;
  status?: ContactStatus;
}

function consentOf(word: string): ConsentMeaning | undefined {
  switch (
    word
      .trim()
      .toUpperCase()
      .replace(/[\s-]+/g, '_')
  ) {
    case 'SUBSCRIBED':
      return { optIn: true, status: 'active' };
    case 'UNSUBSCRIBED':
      return { optIn: false, status: 'unsubscribed' };
    case 'NEVER_SUBSCRIBED':
      return { optIn: false };
    case 'SUPPRESSED':
      return { optIn: false, status: 'bounced' };
    default:
      return undefined;
  }
}

export const klaviyoProfiles: FormatModule = {
  id: 'klaviyo-profiles',
  label: 'Klaviyo profile export',
  description:
    'Klaviyo profiles (a list or segment export): contact details, email consent and when each profile was created.',

  detect(header) {
    const columns = new Columns(header);
    if (!columns.has('Klaviyo ID')) return 0;
    return 0.7 + (0.3 * columns.count(SIGNATURE)) / SIGNATURE.length;
  },

  createMapper(header, ctx) {
    const columns = new Columns(header);
    const id = columns.required('Klaviyo ID');
    const email = columns.required(['Email', 'Email Address']);
    columns.assertComplete(klaviyoProfiles.label);
    const firstName = columns.optional('First Name');
    const lastName = columns.optional('Last Name');
    const company = columns.optional(['Organization', 'Company']);
    const jobTitle = columns.optional(['Title', 'Job Title']);
    const phone = columns.optional('Phone Number');
    const city = columns.optional('City');
    const region = columns.optional(['State / Region', 'Region', 'State']);
    const country = columns.optional('Country');
    const postal = columns.optional(['Zip Code', 'Postal Code']);
    const timezone = columns.optional(['Timezone', 'Time Zone']);
    const consent = columns.optional('Email Marketing Consent');
    const consentTime = columns.optional('Email Marketing Consent Timestamp', '2024-03-01 14:30:00');
    const smsConsent = columns.optional('SMS Marketing Consent');
    const created = columns.optional('Profile Created On', '2024-03-01 14:30:00');
    const added = columns.optional('Date Added', '2024-03-01 14:30:00');
    const source = columns.optional('Source');
    const rest = columns.unclaimed();

    return rowMapper(header, {
      map(row) {
        const sourceId = cell(row, id);
        const address = emailCell(row, email);
        const key = sourceId ?? address?.emailNormalized;
        if (key === undefined) reject(`${id.name} and ${email.name} are both empty`, id.name);
        const consentWord = cell(row, consent);
        const meaning = consentWord === undefined ? undefined : consentOf(consentWord);
        if (consent !== undefined && consentWord !== undefined && meaning === undefined) {
          reject(
            `${consent.name} "${consentWord}" is not a consent state (expected SUBSCRIBED, UNSUBSCRIBED or NEVER_SUBSCRIBED)`,
            consent.name,
          );
        }
        const smsWord = cell(row, smsConsent);
        const consentAt = instantCell(row, consentTime, ctx.timeZone);
        const attributes = attributesOf(row, rest);
        const sourceText = cell(row, source);
        if (source !== undefined && sourceText !== undefined) attributes[source.name] = sourceText;
        const person: PersonRecord = {
          kind: 'person',
          source: 'klaviyo',
          key,
          sourceId,
          email: address?.email,
          emailNormalized: address?.emailNormalized,
          firstName: cell(row, firstName),
          lastName: cell(row, lastName),
          company: cell(row, company),
          jobTitle: cell(row, jobTitle),
          phone: cell(row, phone),
          city: cell(row, city),
          region: cell(row, region),
          country: cell(row, country),
          postalCode: cell(row, postal),
          timezone: cell(row, timezone),
          contactStatus: meaning?.status,
          emailOptIn: meaning?.optIn,
          smsOptIn: smsWord === undefined ? undefined : consentOf(smsWord)?.optIn,
          subscribedAt: meaning?.status === 'active' ? consentAt : undefined,
          unsubscribedAt: meaning?.status === 'unsubscribed' ? consentAt : undefined,
          consentAt,
          consentSource: consentAt === undefined ? undefined : 'klaviyo',
          createdAt: instantCell(row, created, ctx.timeZone) ?? instantCell(row, added, ctx.timeZone),
          attributes,
        };
        return [person];
      },
    });
  },
};
