import type { FormatModule } from '../format';
import type { LifecycleStage, PersonRecord } from '../records';
import {
  Columns,
  attributesOf,
  booleanCell,
  cell,
  emailCell,
  instantCell,
  requireCell,
  rowMapper,
} from './columns';
import { compactHeader } from './columns';

/**
 * HubSpot contacts export (Contacts → Export): `"Record ID","First Name","Last
 * Name",…,"Email",…,"Lifecycle Stage",…` plus whichever properties the view
 * shows, often the many `Marketing emails …` counts and dates and `Original
 * Source`. Dates are the portal's wall-clock time (`2024-03-01 14:30`). Record
 * ID is the person's HubSpot id; everything not mapped to a person field is
 * kept as attributes under its HubSpot name.
 */

const SIGNATURE = [
  'Record ID',
  'First Name',
  'Last Name',
  'Email',
  'Phone Number',
  'Lifecycle Stage',
  'Lead Status',
  'Contact owner',
  'Create Date',
  'Last Activity Date',
  'Marketing contact status',
  'Original Source',
  'Marketing emails delivered',
  'Marketing emails opened',
  'Marketing emails clicked',
  'Unsubscribed from all email',
];

const STAGES: Record<string, LifecycleStage> = {
  subscriber: 'subscriber',
  lead: 'lead',
  marketingqualifiedlead: 'marketing_qualified_lead',
  mql: 'marketing_qualified_lead',
  salesqualifiedlead: 'sales_qualified_lead',
  sql: 'sales_qualified_lead',
  opportunity: 'opportunity',
  customer: 'customer',
  evangelist: 'evangelist',
  other: 'other',
};

/** HubSpot's stage label or internal value → the canonical stage; undefined for a portal's own custom stages. */
export function hubspotStage(text: string): LifecycleStage | undefined {
  return STAGES[compactHeader(text)];
}

const EXAMPLE_DATE = '2024-03-01 14:30';

export const hubspotContacts: FormatModule = {
  id: 'hubspot-contacts',
  label: 'HubSpot contacts export',
  description:
    'HubSpot contacts: record ids, names, emails, lifecycle stages, original source and marketing email engagement.',

  detect(header) {
    const columns = new Columns(header);
    if (!columns.has('Record ID') && !columns.has('Contact ID')) return 0;
    const hits = columns.count(SIGNATURE);
    if (hits < 3) return 0;
    return 0.5 + (0.5 * hits) / SIGNATURE.length;
  },

  createMapper(header, ctx) {
    const columns = new Columns(header);
    const id = columns.required(['Record ID', 'Contact ID']);
    columns.assertComplete(hubspotContacts.label);
    const email = columns.optional(['Email', 'Email Address']);
    const firstName = columns.optional('First Name');
    const lastName = columns.optional('Last Name');
    const phone = columns.optional(['Phone Number', 'Mobile Phone Number']);
    const company = columns.optional(['Company Name', 'Associated Company', 'Company']);
    const jobTitle = columns.optional('Job Title');
    const country = columns.optional(['Country/Region', 'Country']);
    const region = columns.optional(['State/Region', 'State']);
    const city = columns.optional('City');
    const postal = columns.optional(['Postal Code', 'Zip']);
    const timezone = columns.optional('Time Zone');
    const stage = columns.optional('Lifecycle Stage');
    const created = columns.optional('Create Date', EXAMPLE_DATE);
    const subscribed = columns.optional('Became a Subscriber Date', EXAMPLE_DATE);
    const unsubscribedAll = columns.optional('Unsubscribed from all email');
    const rest = columns.unclaimed();

    return rowMapper(header, {
      map(row) {
        const sourceId = requireCell(row, id);
        const address = emailCell(row, email);
        const attributes = attributesOf(row, rest);
        const stageText = cell(row, stage);
        const canonicalStage = stageText === undefined ? undefined : hubspotStage(stageText);
        // A portal's own stage names are kept as written rather than forced into the canonical set.
        if (stage !== undefined && stageText !== undefined && canonicalStage === undefined)
          attributes[stage.name] = stageText;
        const unsubscribed = booleanCell(row, unsubscribedAll);
        const person: PersonRecord = {
          kind: 'person',
          source: 'hubspot',
          key: sourceId,
          sourceId,
          email: address?.email,
          emailNormalized: address?.emailNormalized,
          firstName: cell(row, firstName),
          lastName: cell(row, lastName),
          phone: cell(row, phone),
          company: cell(row, company),
          jobTitle: cell(row, jobTitle),
          country: cell(row, country),
          region: cell(row, region),
          city: cell(row, city),
          postalCode: cell(row, postal),
          timezone: cell(row, timezone),
          lifecycleStage: canonicalStage,
          contactStatus: unsubscribed === true ? 'unsubscribed' : undefined,
          emailOptIn: unsubscribed === true ? false : undefined,
          createdAt: instantCell(row, created, ctx.timeZone),
          subscribedAt: instantCell(row, subscribed, ctx.timeZone),
          attributes,
        };
        return [person];
      },
    });
  },
};
