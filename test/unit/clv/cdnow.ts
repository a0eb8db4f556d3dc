import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Transaction } from '../../../core/analytics/clv/summary';

const FIXTURES = fileURLToPath(new URL('../../fixtures/cdnow/', import.meta.url));

/**
 * CDNOW_sample.txt: master id, sample id, date YYYYMMDD, CDs, dollars; whitespace
 * separated, CRLF line ends. Purchases are keyed by the sample id (1..2357).
 */
export function loadCdnowTransactions(): Transaction[] {
  const text = readFileSync(`${FIXTURES}CDNOW_sample.txt`, 'utf8');
  const out: Transaction[] = [];
  for (const line of text.split(/\r?\n/)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 5) continue;
    const [, sampleId, date, , dollars] = fields as [string, string, string, string, string];
    const at = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)));
    out.push({ customerId: String(Number(sampleId)), at, amount: Number(dollars) });
  }
  return out;
}

export interface CdnowSummaryRow {
  id: string;
  frequency: number;
  recency: number;
  T: number;
}

/** cdnow_customers_summary.csv (lifetimes): ID, frequency, recency, T in weeks, 2 decimals. */
export function loadCdnowSummary(): CdnowSummaryRow[] {
  const text = readFileSync(`${FIXTURES}cdnow_customers_summary.csv`, 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines.shift();
  if (header !== 'ID,frequency,recency,T') throw new Error(`unexpected header ${header}`);
  return lines.map((l) => {
    const [id, frequency, recency, T] = l.split(',') as [string, string, string, string];
    return { id, frequency: Number(frequency), recency: Number(recency), T: Number(T) };
  });
}
