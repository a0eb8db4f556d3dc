/**
 * Writes a realistic SendGrid Email Activity CSV for the import benchmarks:
 * ~30 campaigns; per message a `processed` event, then delivered (sometimes
 * after deferrals) or bounced or dropped, then opens, clicks, unsubscribes and
 * spam reports at plausible rates; `processed` in unix seconds; subjects and
 * user agents with commas (quoted), JSON category lists (doubled quotes). The
 * same seed writes the same bytes.
 *
 *   node --import tsx bench/generate-sendgrid.ts [OUT.csv] [--rows 1000000] [--seed 42]
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { rng } from './_random';

export const SENDGRID_HEADER = [
  'processed',
  'message_id',
  'event',
  'api_key_id',
  'recv_message_id',
  'credential_id',
  'subject',
  'from',
  'email',
  'asm_group_id',
  'template_id',
  'originating_ip',
  'reason',
  'outbound_ip',
  'outbound_ip_type',
  'mx',
  'attempt',
  'url',
  'user_agent',
  'type',
  'is_unique',
  'username',
  'categories',
  'marketing_campaign_id',
  'marketing_campaign_name',
  'marketing_campaign_split_id',
  'marketing_campaign_version',
  'unique_args',
];

export function defaultSendgridPath(rows: number): string {
  return join(tmpdir(), 'loupe-bench', `sendgrid-activity-${rows}.csv`);
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function csvField(value: string): string {
  if (value === '') return '';
  if (/[",\n\r]/.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

interface Campaign {
  id: string;
  name: string;
  subject: string;
  template: string;
  group: string;
  categories: string;
  start: number;
  url: string;
}

const SUBJECTS = [
  'Spring sale, 20% off everything',
  'Your weekly digest',
  'New arrivals: linen, cotton & more',
  'Last chance! Free shipping ends tonight',
  'We miss you, here is 15% off',
  'Your order history, summarised',
  'Meet the team behind our new collection',
  'Flash sale: 48 hours only',
  'Thanks for being a customer',
  'Gift ideas for everyone on your list',
];

const AGENTS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0',
];

const DOMAINS = [
  'gmail.com',
  'yahoo.com',
  'outlook.com',
  'hotmail.com',
  'icloud.com',
  'example.org',
  'company.co.uk',
  'web.de',
];

export async function generateSendgrid(out: string, rows: number, seed = 42): Promise<void> {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const token = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += BASE62[Math.floor(random() * 62)];
    return s;
  };
  const campaigns: Campaign[] = [];
  const t0 = 1_704_067_200; // 2024-01-01T00:00:00Z
  for (let i = 0; i < 30; i++) {
    const subject = SUBJECTS[i % SUBJECTS.length];
    campaigns.push({
      id: String(1_000_000 + i * 7919),
      name: `${['Newsletter', 'Promo', 'Winback', 'Launch', 'Digest'][i % 5]} ${2024}-${String((i % 12) + 1).padStart(2, '0')} #${i + 1}`,
      subject,
      template: `d-${token(32).toLowerCase()}`,
      group: String(10 + (i % 4)),
      categories: JSON.stringify(['marketing', i % 2 === 0 ? 'promo' : 'content']),
      start: t0 + i * 5 * 86_400 + Math.floor(random() * 36_000),
      url: `https://shop.example.com/c/${i + 1}?utm_source=sendgrid&utm_medium=email&utm_campaign=c${i + 1}`,
    });
  }
  const apiKey = token(22);
  mkdirSync(dirname(out), { recursive: true });
  const stream = createWriteStream(out, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let buffer = SENDGRID_HEADER.join(',') + '\n';
  let written = 0;
  let message = 0;

  const emit = async (
    c: Campaign,
    at: number,
    id: string,
    event: string,
    email: string,
    extra: Partial<Record<string, string>>,
  ): Promise<void> => {
    const fields: Record<string, string> = {
      processed: String(at),
      message_id: id,
      event,
      api_key_id: apiKey,
      credential_id: '5551234',
      subject: c.subject,
      from: 'news@shop.example.com',
      email,
      asm_group_id: c.group,
      template_id: c.template,
      originating_ip: '198.51.100.20',
      outbound_ip: '149.72.0.10',
      outbound_ip_type: 'dedicated',
      username: 'shopmailer',
      categories: c.categories,
      marketing_campaign_id: c.id,
      marketing_campaign_name: c.name,
      marketing_campaign_version: '1',
      ...extra,
    };
    buffer += SENDGRID_HEADER.map((h) => csvField(fields[h] ?? '')).join(',') + '\n';
    written++;
    if (buffer.length >= 1 << 20) {
      if (!stream.write(buffer)) await once(stream, 'drain');
      buffer = '';
    }
  };

  while (written < rows) {
    const c = campaigns[message % campaigns.length];
    const user = Math.floor(random() * 400_000);
    const email = `user${user}@${DOMAINS[user % DOMAINS.length]}`;
    const id = `${token(22)}.filterdrecv-${100 + (message % 50)}-${token(8).toLowerCase()}.0`;
    message++;
    let at = c.start + Math.floor(random() * 3600);
    const events: [number, string, Partial<Record<string, string>>][] = [
      [at, 'processed', { recv_message_id: token(22) }],
    ];
    const fate = random();
    if (fate < 0.01) {
      events.push([at + 1, 'dropped', { reason: 'Bounced Address' }]);
    } else if (fate < 0.03) {
      const hard = random() < 0.7;
      events.push([
        at + 2,
        'bounce',
        hard
          ? { reason: '550 5.1.1 The email account that you tried to reach does not exist', type: 'bounce' }
          : { reason: '421 4.7.0 Temporary rate limit, try again later', type: 'blocked' },
      ]);
    } else {
      if (random() < 0.03) {
        at += 60 + Math.floor(random() * 600);
        events.push([at, 'deferred', { reason: '421 4.7.0 Try again later', attempt: '2' }]);
      }
      at += 2 + Math.floor(random() * 30);
      events.push([at, 'delivered', { reason: '250 2.0.0 OK', mx: 'mx.' + DOMAINS[user % DOMAINS.length] }]);
      if (random() < 0.42) {
        const opens = 1 + Math.floor(random() * 3);
        let t = at;
        for (let i = 0; i < opens; i++) {
          t += 60 + Math.floor(random() * 86_400);
          events.push([t, 'open', { user_agent: pick(AGENTS), is_unique: i === 0 ? 'true' : 'false' }]);
        }
        if (random() < 0.2) {
          const clicks = 1 + Math.floor(random() * 2);
          for (let i = 0; i < clicks; i++) {
            t += 5 + Math.floor(random() * 600);
            events.push([
              t,
              'click',
              { url: c.url, user_agent: pick(AGENTS), is_unique: i === 0 ? 'true' : 'false' },
            ]);
          }
        }
        if (random() < 0.006) events.push([t + 30, 'unsubscribe', {}]);
        if (random() < 0.002) events.push([t + 40, 'group unsubscribe', {}]);
      }
      if (random() < 0.0008) events.push([at + 7200, 'spam report', {}]);
    }
    for (const [t, event, extra] of events) {
      if (written >= rows) break;
      await emit(c, t, id, event, email, extra);
    }
  }
  stream.end(buffer);
  await once(stream, 'finish');
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.filename === process.argv[1]) {
  const rows = Number(arg('--rows') ?? 1_000_000);
  const seed = Number(arg('--seed') ?? 42);
  const positional = process.argv
    .slice(2)
    .find((a, i, all) => !a.startsWith('--') && !(all[i - 1] ?? '').startsWith('--'));
  const out = positional ?? defaultSendgridPath(rows);
  const started = performance.now();
  await generateSendgrid(out, rows, seed);
  console.log(
    `Wrote ${rows.toLocaleString('en-US')} SendGrid activity rows to ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
