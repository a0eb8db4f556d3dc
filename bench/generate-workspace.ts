/**
 * Writes the synthetic workspace of the analytics benchmarks as CSV files:
 * 500,000 people, 5,000,000 events, 1,000,000 orders over 24 months (2023–2024,
 * UTC), 240 email campaigns with ~1 M per-recipient deliveries. The same seed
 * writes the same bytes. Shape:
 * - people join over the 24 months (more later: the list grows); countries
 *   from a skewed list;
 * - each delivery is an email_sent event, then delivered (97 %), opened (24 % of
 *   delivered), clicked (14 % of opened) events at minutes to days later;
 * - the other events are shop sessions: page_view, then add_to_cart (40 %),
 *   checkout (55 % of those), purchase (70 % of those), minutes apart;
 * - orders fall on people skewed towards a loyal few, after they joined.
 *
 *   node --import tsx bench/generate-workspace.ts [DIR] [--people 500000] [--events 5000000] [--orders 1000000]
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rng } from './_random';

export interface WorkspaceSize {
  people: number;
  events: number;
  orders: number;
  campaigns: number;
  deliveries: number;
}

export const BENCH_SIZE: WorkspaceSize = {
  people: 500_000,
  events: 5_000_000,
  orders: 1_000_000,
  campaigns: 240,
  deliveries: 1_000_000,
};

export const START = Date.UTC(2023, 0, 1);
export const END = Date.UTC(2025, 0, 1);
const DAY = 86_400_000;
const COUNTRIES = ['US', 'GB', 'DE', 'FR', 'CA', 'AU', 'NL', 'ES', 'IT', 'SE', 'IE', 'NZ'];
const COUNTRY_WEIGHTS = [40, 18, 9, 7, 7, 5, 3, 3, 3, 2, 2, 1];

export const FILES = ['customers', 'campaigns', 'deliveries', 'events', 'orders'] as const;
export type BenchFile = (typeof FILES)[number];

export function defaultWorkspaceDir(size: WorkspaceSize): string {
  return join(tmpdir(), 'loupe-bench', `workspace-${size.people}-${size.events}-${size.orders}`);
}

/** Deterministic uuid-shaped ids: a prefix per table and a counter. */
const uuid = (table: number, n: number): string =>
  `${table.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
export const personId = (i: number): string => uuid(1, i);
export const campaignId = (i: number): string => uuid(2, i);

const iso = (ms: number): string => new Date(Math.round(ms / 1000) * 1000).toISOString();

class Out {
  private parts: string[] = [];
  private size = 0;
  readonly stream;
  constructor(file: string, header: string) {
    this.stream = createWriteStream(file);
    this.parts.push(header + '\n');
  }
  async line(text: string): Promise<void> {
    this.parts.push(text + '\n');
    if (++this.size % 20_000 === 0) {
      if (!this.stream.write(this.parts.join(''))) await once(this.stream, 'drain');
      this.parts = [];
    }
  }
  async close(): Promise<void> {
    this.stream.end(this.parts.join(''));
    await once(this.stream, 'finish');
  }
}

/** Writes the CSV files into `dir` (skipped when a previous run completed them). */
export async function generateWorkspace(
  dir: string,
  size: WorkspaceSize = BENCH_SIZE,
  seed = 7,
): Promise<void> {
  if (existsSync(join(dir, 'done'))) return;
  mkdirSync(dir, { recursive: true });
  const r = rng(seed);
  const span = END - START;

  // People: joining faster as the list grows (density ∝ 0.5 + t).
  const joined = new Float64Array(size.people);
  const customers = new Out(join(dir, 'customers.csv'), 'id,email,country,first_seen_at');
  const countryTotal = COUNTRY_WEIGHTS.reduce((s, w) => s + w, 0);
  const countryOf = new Int32Array(size.people);
  for (let i = 0; i < size.people; i++) {
    const u = r();
    const x = (Math.sqrt(0.25 + 3 * u) - 0.5) / 1.5;
    joined[i] = START + Math.floor(x * span * 0.98);
    let pick = r() * countryTotal;
    let c = 0;
    while (pick >= (COUNTRY_WEIGHTS[c] as number)) pick -= COUNTRY_WEIGHTS[c++] as number;
    countryOf[i] = c;
  }
  joined.sort();
  for (let i = 0; i < size.people; i++) {
    await customers.line(
      `${personId(i)},person${i}@example.com,${COUNTRIES[countryOf[i] as number]},${iso(joined[i] as number)}`,
    );
  }
  await customers.close();

  // Campaigns: evenly over the period.
  const campaignAt = new Float64Array(size.campaigns);
  const campaigns = new Out(join(dir, 'campaigns.csv'), 'id,name,channel,start_date');
  for (let c = 0; c < size.campaigns; c++) {
    campaignAt[c] = START + Math.floor(((c + 0.5) / size.campaigns) * span);
    await campaigns.line(
      `${campaignId(c)},Campaign ${c + 1},email,${iso(campaignAt[c] as number).slice(0, 10)}`,
    );
  }
  await campaigns.close();

  // A person who had joined by time t, picked uniformly (people are sorted by join time).
  const joinedBy = (t: number): number => {
    let lo = 0;
    let hi = size.people;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((joined[mid] as number) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const events = new Out(join(dir, 'events.csv'), 'customer_id,event_type,occurred_at,campaign_id,channel');
  const deliveries = new Out(
    join(dir, 'deliveries.csv'),
    'campaign_id,customer_id,recipient_email,status,sent_at,delivered_at,opened_at,first_click_at',
  );
  let eventCount = 0;
  const perCampaign = Math.floor(size.deliveries / size.campaigns);
  for (let c = 0; c < size.campaigns; c++) {
    const sent = campaignAt[c] as number;
    const audience = Math.max(1, joinedBy(sent));
    const n = c === size.campaigns - 1 ? size.deliveries - perCampaign * c : perCampaign;
    for (let k = 0; k < n; k++) {
      const p = Math.floor(r() * audience);
      const cid = campaignId(c);
      const pid = personId(p);
      const delivered = r() < 0.97;
      const openedAt = delivered && r() < 0.24 ? sent + r() * 3 * DAY : Number.NaN;
      const clickedAt = !Number.isNaN(openedAt) && r() < 0.14 ? openedAt + r() * 3_600_000 : Number.NaN;
      const at = (t: number): string => (Number.isNaN(t) ? '' : iso(t));
      await deliveries.line(
        `${cid},${pid},person${p}@example.com,${delivered ? 'delivered' : 'bounced'},${iso(sent)},${delivered ? iso(sent + 60_000) : ''},${at(openedAt)},${at(clickedAt)}`,
      );
      await events.line(`${pid},email_sent,${iso(sent)},${cid},email`);
      eventCount++;
      if (delivered) {
        await events.line(`${pid},email_delivered,${iso(sent + 60_000)},${cid},email`);
        eventCount++;
      }
      if (!Number.isNaN(openedAt)) {
        await events.line(`${pid},email_opened,${iso(openedAt)},${cid},email`);
        eventCount++;
      }
      if (!Number.isNaN(clickedAt)) {
        await events.line(`${pid},email_clicked,${iso(clickedAt)},${cid},email`);
        eventCount++;
      }
    }
  }
  await deliveries.close();

  // Shop sessions until the event total is reached.
  const session = ['page_view', 'add_to_cart', 'checkout', 'purchase'];
  const onward = [0.4, 0.55, 0.7];
  while (eventCount < size.events) {
    const p = Math.floor(r() * size.people);
    const from = joined[p] as number;
    const at0 = from + r() * (END - from - DAY);
    let t = at0;
    const source = r() < 0.5 ? 'web' : r() < 0.5 ? 'paid_search' : 'organic_search';
    for (let s = 0; s < session.length && eventCount < size.events; s++) {
      if (s > 0 && r() >= (onward[s - 1] as number)) break;
      await events.line(`${personId(p)},${session[s]},${iso(t)},,${source}`);
      eventCount++;
      t += 60_000 + r() * 600_000;
    }
  }
  await events.close();

  // Orders: a loyal few order often (person drawn with density ∝ u³ over the people).
  const orders = new Out(join(dir, 'orders.csv'), 'order_id,customer_id,order_total,ordered_at');
  for (let o = 0; o < size.orders; o++) {
    const p = Math.floor(Math.pow(r(), 3) * size.people);
    const from = joined[p] as number;
    const at = from + r() * (END - from - 1000);
    const total = Math.round((15 + 120 * r() * r() + 5 * r()) * 100) / 100;
    await orders.line(`B${o + 1},${personId(p)},${total.toFixed(2)},${iso(at)}`);
  }
  await orders.close();
  writeFileSync(join(dir, 'done'), JSON.stringify(size));
}

/** The size named by --people, --events and --orders on the command line (the benchmark's by default). */
export function benchSizeFromArgs(argv: readonly string[] = process.argv): WorkspaceSize {
  const arg = (name: string): number | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : undefined;
  };
  const size: WorkspaceSize = {
    ...BENCH_SIZE,
    people: arg('--people') ?? BENCH_SIZE.people,
    events: arg('--events') ?? BENCH_SIZE.events,
    orders: arg('--orders') ?? BENCH_SIZE.orders,
  };
  size.deliveries = Math.min(BENCH_SIZE.deliveries, Math.floor(size.events / 5));
  return size;
}

if (import.meta.filename === process.argv[1]) {
  const size = benchSizeFromArgs();
  const dir = process.argv[2]?.startsWith('--') === false ? process.argv[2] : defaultWorkspaceDir(size);
  const started = performance.now();
  await generateWorkspace(dir, size);
  console.log(`Wrote ${dir} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
