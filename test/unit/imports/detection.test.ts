import { describe, expect, test } from 'vitest';
import { ServiceError } from '../../../core/errors';
import { FormatRegistry, detectFormat, formats, inspectImportFile } from '../../../core/imports';
import { mailchimpAudience } from '../../../core/imports/formats/mailchimp-audience';
import { expectServiceError, fixture, readAll } from './helpers';

describe('format detection', () => {
  test.each([
    ['mailchimp/subscribed_members_export_3f2a1b.csv', 'mailchimp-audience'],
    ['mailchimp/unsubscribed_members_export_3f2a1b.csv', 'mailchimp-audience'],
    ['mailchimp/cleaned_members_export_3f2a1b.csv', 'mailchimp-audience'],
    ['mailchimp/audience_export_3f2a1b.zip', 'mailchimp-audience'],
    ['mailchimp/campaigns.csv', 'mailchimp-campaigns'],
    ['klaviyo/campaigns.csv', 'klaviyo-campaigns'],
    ['klaviyo/campaigns-tab.tsv', 'klaviyo-campaigns'],
    ['klaviyo/campaign-messages.csv', 'klaviyo-campaigns'],
    ['klaviyo/flows-monthly.csv', 'klaviyo-flows'],
    ['klaviyo/profiles.csv', 'klaviyo-profiles'],
    ['sendgrid/activity.csv', 'sendgrid-activity'],
    ['hubspot/contacts.csv', 'hubspot-contacts'],
    ['shopify/orders.csv', 'shopify-orders'],
    ['google-ads/campaign-report.csv', 'google-ads'],
    ['google-ads/campaign-report-utf16.csv', 'google-ads'],
    ['meta-ads/ads-report.csv', 'meta-ads'],
  ])('%s is a %s', async (path, format) => {
    const info = await inspectImportFile(fixture(path), { timeZone: 'UTC' });
    expect(info.format).toBe(format);
    expect(info.formatLabel).toBe(formats.get(format).label);
  });

  test('the registry holds every format once', () => {
    expect(formats.list().map((f) => f.id)).toEqual([
      'mailchimp-audience',
      'mailchimp-campaigns',
      'klaviyo-campaigns',
      'klaviyo-flows',
      'klaviyo-profiles',
      'sendgrid-activity',
      'hubspot-contacts',
      'shopify-orders',
      'google-ads',
      'meta-ads',
      'csv-mapping',
    ]);
    expect(() => new FormatRegistry([mailchimpAudience, mailchimpAudience])).toThrow(
      'Import format "mailchimp-audience" is registered twice.',
    );
  });

  test('an unknown format id names the known ones', () => {
    expect(() => formats.get('constant-contact')).toThrow(ServiceError);
    expect(() => formats.get('constant-contact')).toThrow(
      /^Loupe knows no import format "constant-contact"\. Formats: mailchimp-audience, mailchimp-campaigns, /,
    );
  });

  test('detectFormat on a header and sample rows', () => {
    expect(
      detectFormat(
        ['processed', 'message_id', 'event', 'email'],
        [['1709290800', 'm', 'open', 'a@example.com']],
      ).id,
    ).toBe('sendgrid-activity');
    expect(
      detectFormat(
        ['Name', 'Email', 'Created at', 'Lineitem name', 'Lineitem quantity', 'Lineitem price', 'Total'],
        [],
      ).id,
    ).toBe('shopify-orders');
    expect(() => detectFormat(['foo', 'bar', 'baz'], [])).toThrow(
      'This file does not look like any export Loupe knows (header starts "foo, bar, baz"). Choose a format or map its columns.',
    );
    expect(() => detectFormat(['a', 'b', 'c', 'd', 'e', 'f', 'g'], [])).toThrow(
      '(header starts "a, b, c, d, e, …")',
    );
  });

  test('a file whose header matches nothing gets a clear error', async () => {
    const e = await expectServiceError(
      inspectImportFile(fixture('wrong/unknown-header.csv'), { timeZone: 'UTC' }),
      'invalid-argument',
      'This file does not look like any export Loupe knows (header starts "foo, bar, baz"). Choose a format or map its columns.',
    );
    expect(e.details).toEqual({ header: ['foo', 'bar', 'baz'] });
  });

  test('a forced format that does not fit names the columns it misses', async () => {
    const e = await expectServiceError(
      readAll('klaviyo/profiles.csv', { format: 'hubspot-contacts' }),
      'invalid-argument',
      'This file was read as a HubSpot contacts export, but it has no "Record ID" column. Export it again with that column, or choose another format or a column mapping.',
    );
    expect(e.details).toEqual({ missingColumns: ['Record ID'], format: 'HubSpot contacts export' });
  });
});
