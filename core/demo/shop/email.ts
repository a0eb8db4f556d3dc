import { BRAND_DOMAIN, BRAND_NAME, MONTH_NAMES, NEWSLETTER_THEMES } from '../reference';
import { openDelay } from '../retail';
import type { RowOf } from '../rows';
import { DAY_MS, HOUR_MS, MINUTE_MS, iso, startOfUtcDay } from '../tables';
import { SHOP_CUSTOMERS, eventBase, type Campaign, type Customer, type ShopContext } from './model';

interface Newsletter extends Campaign {
  batchId: string;
  theme: string;
  sendAt: number;
}

const WELCOME_SUBJECT = `Welcome to ${BRAND_NAME}`;

/**
 * The shop's email program: a welcome email minutes after someone subscribes and
 * a newsletter every 14 days to whoever is subscribed that day. Deliveries
 * bounce (a hard bounce ends the address), are opened (some by mail clients on
 * their own), clicked and unsubscribed from; a click starts a visit to the shop.
 * Returns the email events; deliveries, campaigns and batches go to the tables.
 */
export function runEmailProgram(
  ctx: ShopContext,
  customers: readonly Customer[],
  ownerId: string,
): RowOf<'customer_events'>[] {
  const { rng, ids, now, tables, windowStart } = ctx;
  const newsletters: Newsletter[] = [];
  const firstSend = startOfUtcDay(windowStart + 4 * DAY_MS) + 15 * HOUR_MS;
  const perMonth = new Map<string, number>();
  for (let t = firstSend; t <= now - 6 * HOUR_MS; t += 14 * DAY_MS) {
    const d = new Date(t);
    const ym = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    const n = perMonth.get(ym) ?? 0;
    perMonth.set(ym, n + 1);
    const themes = NEWSLETTER_THEMES[d.getUTCMonth()] ?? ['News', 'More news'];
    const theme = themes[n % 2] ?? themes[0];
    newsletters.push({
      id: ids.uuid(),
      batchId: ids.uuid(),
      code: `nl-${ym}-${String.fromCharCode(97 + n)}`,
      name: `${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()} newsletter — ${theme}`,
      theme,
      sendAt: t + rng.int(10 * MINUTE_MS),
    });
  }
  const welcome = { id: ids.uuid(), batchId: ids.uuid(), code: 'welcome-series', name: 'Welcome series' };

  const events: RowOf<'customer_events'>[] = [];
  const addEvent = (
    c: Customer,
    type: 'email_open' | 'email_click',
    at: number,
    campaign: Campaign,
    deliveryId: string,
    byPerson: boolean,
  ): void => {
    // An open a mail client made on its own says nothing about the person.
    if (byPerson) c.lastSeen = Math.max(c.lastSeen, at);
    events.push({
      ...eventBase(ids.uuid(), c, at),
      event_type: type,
      event_category: 'email',
      event_name: type === 'email_open' ? 'Email Opened' : 'Email Clicked',
      event_properties: byPerson ? { campaign: campaign.code } : { campaign: campaign.code, automatic: true },
      campaign_id: campaign.id,
      delivery_id: deliveryId,
      channel: 'email',
    });
  };

  const batches = new Map<string, { recipients: number; last: number }>();
  const deliver = (
    c: Customer,
    campaign: Campaign,
    batchId: string,
    subject: string,
    at: number,
    kind: 'welcome' | 'newsletter',
  ): void => {
    const id = ids.uuid();
    const first = c.deliveries === 0;
    c.deliveries++;
    const batch = batches.get(batchId) ?? { recipients: 0, last: at };
    batch.recipients++;
    batch.last = Math.max(batch.last, at);
    batches.set(batchId, batch);
    const row: RowOf<'message_deliveries'> = {
      id,
      campaign_id: campaign.id,
      send_batch_id: batchId,
      customer_id: c.id,
      retailer_id: null,
      status: 'delivered',
      sent_at: iso(at),
      delivered_at: null,
      opened_at: null,
      last_opened_at: null,
      open_count: 0,
      first_click_at: null,
      last_click_at: null,
      total_clicks: 0,
      unsubscribed_at: null,
      converted_at: null,
      conversion_value: null,
      conversion_event: null,
      subject_line: subject,
      recipient_email: c.email,
      recipient_name: `${c.first} ${c.last}`,
      bounce_type: null,
      bounce_reason: null,
      created_at: iso(at),
      updated_at: iso(at),
    };
    let last = at;
    if (first && rng.chance(0.008)) {
      c.hardBounced = true;
      row.status = 'bounced';
      row.bounce_type = 'hard';
      row.bounce_reason = '550 5.1.1 The email account that you tried to reach does not exist';
    } else if (rng.chance(0.006)) {
      row.status = 'bounced';
      row.bounce_type = 'soft';
      row.bounce_reason = '452 4.2.2 Mailbox full';
    } else {
      const deliveredAt = at + rng.intBetween(1_000, 30_000);
      row.delivered_at = iso(deliveredAt);
      last = deliveredAt;
      const engaged = at < c.activeUntil + 21 * DAY_MS;
      let openedAt: number | null = null;
      let human = false;
      if (rng.chance(kind === 'welcome' ? 0.55 : engaged ? 0.31 : 0.07)) {
        openedAt = deliveredAt + openDelay(rng);
        human = true;
      } else if (rng.chance(0.12)) {
        // A mail client that fetches images on delivery (privacy protection) reports an open nobody made.
        openedAt = deliveredAt + rng.intBetween(20_000, 180_000);
      }
      if (openedAt !== null && openedAt <= now) {
        const opens = human ? 1 + Math.min(rng.geometric(0.6), 4) : 1;
        const lastOpen = Math.min(opens > 1 ? openedAt + rng.exponential(DAY_MS) : openedAt, now);
        row.opened_at = iso(openedAt);
        row.last_opened_at = iso(lastOpen);
        row.open_count = opens;
        last = Math.max(last, lastOpen);
        addEvent(c, 'email_open', openedAt, campaign, id, human);
        if (human && rng.chance(kind === 'welcome' ? 0.22 : engaged ? 0.15 : 0.08)) {
          const clickedAt = openedAt + 5_000 + rng.exponential(90_000);
          if (clickedAt <= now) {
            row.first_click_at = iso(clickedAt);
            row.last_click_at = iso(clickedAt);
            row.total_clicks = 1 + Math.min(rng.geometric(0.7), 3);
            last = Math.max(last, clickedAt);
            addEvent(c, 'email_click', clickedAt, campaign, id, true);
            c.sessions.push({
              key: ctx.sessionKey(),
              start: clickedAt + rng.intBetween(3_000, 40_000),
              visit: ctx.visitVia('Email', campaign),
              campaign,
              deliveryId: id,
              closes: 0.05 * Math.sqrt(ctx.season(clickedAt)),
              signup: false,
            });
          }
        }
        if (kind === 'newsletter' && rng.chance(engaged ? 0.002 : 0.012)) {
          const unsubscribedAt = openedAt + rng.intBetween(30_000, 3_600_000);
          if (unsubscribedAt <= now) {
            row.unsubscribed_at = iso(unsubscribedAt);
            c.unsubscribedAt = unsubscribedAt;
            last = Math.max(last, unsubscribedAt);
          }
        }
      }
    }
    row.updated_at = iso(last);
    tables.message_deliveries.add(row);
  };

  // Every send in time order, so bounces and unsubscribes stop the sends after them.
  const sends: { at: number; run: () => void }[] = [];
  for (const c of customers) {
    if (c.subscribedAt === null) continue;
    const at = c.subscribedAt + rng.intBetween(60_000, 300_000);
    if (at <= now)
      sends.push({ at, run: () => deliver(c, welcome, welcome.batchId, WELCOME_SUBJECT, at, 'welcome') });
  }
  for (const n of newsletters) {
    sends.push({
      at: n.sendAt,
      run: () =>
        customers.forEach((c, i) => {
          if (c.subscribedAt === null || c.subscribedAt > n.sendAt - HOUR_MS || c.hardBounced) return;
          if (c.unsubscribedAt !== null && c.unsubscribedAt <= n.sendAt) return;
          const at = n.sendAt + Math.floor((i * 40 * MINUTE_MS) / SHOP_CUSTOMERS);
          deliver(c, n, n.batchId, n.theme, at, 'newsletter');
        }),
    });
  }
  sends.sort((a, b) => a.at - b.at);
  for (const s of sends) s.run();

  // The campaigns and batches, now that their reach is known.
  const batchRow = (id: string, campaignId: string, name: string, subject: string, sentAt: number) => {
    const b = batches.get(id) ?? { recipients: 0, last: sentAt };
    const ongoing = campaignId === welcome.id;
    tables.send_batches.add({
      id,
      campaign_id: campaignId,
      channel: 'email',
      name,
      subject,
      content: `<h1>${subject}</h1>`,
      sender_email: `news@${BRAND_DOMAIN}`,
      sender_name: BRAND_NAME,
      status: ongoing ? 'sending' : 'sent',
      scheduled_send_time: iso(sentAt),
      sent_at: iso(sentAt),
      completed_at: ongoing ? null : iso(b.last),
      total_recipients: b.recipients,
      created_at: iso(sentAt - 2 * DAY_MS),
      updated_at: iso(Math.max(b.last, sentAt)),
    });
  };
  tables.campaigns.add(
    campaignRow(welcome, {
      name: welcome.name,
      status: 'active',
      start: windowStart,
      end: null,
      subject: WELCOME_SUBJECT,
      ownerId,
    }),
  );
  batchRow(welcome.batchId, welcome.id, 'Welcome email', WELCOME_SUBJECT, windowStart);
  for (const n of newsletters) {
    tables.campaigns.add(
      campaignRow(n, {
        name: n.name,
        status: n.sendAt < now - 7 * DAY_MS ? 'completed' : 'active',
        start: n.sendAt,
        end: n.sendAt + 7 * DAY_MS,
        subject: n.theme,
        ownerId,
      }),
    );
    batchRow(n.batchId, n.id, n.theme, n.theme, n.sendAt);
  }
  return events;
}

function campaignRow(
  c: Campaign,
  o: { name: string; status: string; start: number; end: number | null; subject: string; ownerId: string },
): RowOf<'campaigns'> {
  const welcome = c.code === 'welcome-series';
  return {
    id: c.id,
    name: o.name,
    description: welcome
      ? 'Sent to every new subscriber minutes after signing up.'
      : 'Fortnightly newsletter to subscribers.',
    code: c.code,
    objective: welcome ? 'First purchase' : 'Repeat purchases',
    campaign_type: 'email',
    channel: 'email',
    status: o.status,
    start_date: iso(o.start),
    end_date: o.end === null ? null : iso(o.end),
    subject_line: o.subject,
    budget_allocated: null,
    budget_spent: '0.00',
    target_audience_type: 'segment',
    created_by: o.ownerId,
    approval_status: 'approved',
    approved_by: o.ownerId,
    approved_at: iso(o.start - DAY_MS),
    created_at: iso(o.start - 3 * DAY_MS),
    updated_at: iso(o.start - DAY_MS),
  };
}
