import { fail } from '../../errors';
import type { FormatModule } from '../format';
import { csvMapping } from './csv-mapping';
import { googleAds } from './google-ads';
import { hubspotContacts } from './hubspot-contacts';
import { klaviyoCampaigns } from './klaviyo-campaigns';
import { klaviyoFlows } from './klaviyo-flows';
import { klaviyoProfiles } from './klaviyo-profiles';
import { mailchimpAudience } from './mailchimp-audience';
import { mailchimpCampaigns } from './mailchimp-campaigns';
import { metaAds } from './meta-ads';
import { sendgridActivity } from './sendgrid-activity';
import { shopifyOrders } from './shopify-orders';

/** Detection answers below this are not a match. */
export const MIN_CONFIDENCE = 0.5;

export interface FormatMatch {
  format: FormatModule;
  confidence: number;
  /** Index of the header among the rows given (title rows above it). */
  headerIndex: number;
}

/** The format modules Loupe reads, by id. Refuses a second module with an id already taken. */
export class FormatRegistry {
  private readonly modules = new Map<string, FormatModule>();

  constructor(modules: readonly FormatModule[]) {
    for (const m of modules) {
      if (this.modules.has(m.id)) throw new Error(`Import format "${m.id}" is registered twice.`);
      this.modules.set(m.id, m);
    }
  }

  list(): FormatModule[] {
    return [...this.modules.values()];
  }

  has(id: string): boolean {
    return this.modules.has(id);
  }

  /** The module `id`; invalid-argument listing the known ids when there is none. */
  get(id: string): FormatModule {
    const m = this.modules.get(id);
    if (m === undefined) {
      fail(
        'invalid-argument',
        `Loupe knows no import format "${id}". Formats: ${[...this.modules.keys()].join(', ')}.`,
      );
    }
    return m;
  }

  /** Every module's confidence in this header, best first (zero scores left out). */
  rank(header: string[], sample: string[][]): { format: FormatModule; confidence: number }[] {
    return this.list()
      .map((format) => ({ format, confidence: format.detect(header, sample) }))
      .filter((m) => m.confidence > 0)
      .sort((a, b) => b.confidence - a.confidence);
  }

  /** The best match for a header, or an invalid-argument error saying what the header starts with. */
  detect(header: string[], sample: string[][]): FormatModule {
    const [best] = this.rank(header, sample);
    if (best === undefined || best.confidence < MIN_CONFIDENCE) unknownFile(header);
    return best.format;
  }

  /**
   * Detection from the first rows of a file: each module says where its header
   * is (title rows above ad reports), and judges that header and the rows below it.
   */
  detectFromRows(firstRows: string[][]): FormatMatch {
    let best: FormatMatch | undefined;
    for (const format of this.list()) {
      const headerIndex = headerIndexOf(format, firstRows);
      const header = firstRows[headerIndex];
      if (header === undefined) continue;
      const confidence = format.detect(header, firstRows.slice(headerIndex + 1, headerIndex + 21));
      if (confidence > 0 && (best === undefined || confidence > best.confidence))
        best = { format, confidence, headerIndex };
    }
    if (best === undefined || best.confidence < MIN_CONFIDENCE)
      unknownFile(firstRows[firstNonBlank(firstRows)] ?? []);
    return best;
  }
}

function firstNonBlank(rows: string[][]): number {
  const i = rows.findIndex((r) => r.some((c) => c.trim() !== ''));
  return i < 0 ? 0 : i;
}

/** Where `format` says the header is; by default the first row that is not blank. */
export function headerIndexOf(format: FormatModule, firstRows: string[][]): number {
  const i = format.headerIndex?.(firstRows);
  return i === undefined ? firstNonBlank(firstRows) : i;
}

function unknownFile(header: string[]): never {
  const names = header.map((h) => h.trim()).filter((h) => h !== '');
  const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ', …' : '');
  fail(
    'invalid-argument',
    `This file does not look like any export Loupe knows (header starts "${shown}"). Choose a format or map its columns.`,
    { header: names.slice(0, 50) },
  );
}

export const FORMAT_MODULES: readonly FormatModule[] = [
  mailchimpAudience,
  mailchimpCampaigns,
  klaviyoCampaigns,
  klaviyoFlows,
  klaviyoProfiles,
  sendgridActivity,
  hubspotContacts,
  shopifyOrders,
  googleAds,
  metaAds,
  csvMapping,
];

export const formats = new FormatRegistry(FORMAT_MODULES);

/** The best-matching format for a header and a few sample rows; invalid-argument when none fits. */
export function detectFormat(header: string[], sample: string[][]): FormatModule {
  return formats.detect(header, sample);
}
