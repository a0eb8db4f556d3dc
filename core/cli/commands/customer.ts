import type { Customer360 } from '../../analytics/customers/types';
import {
  call,
  percent,
  positiveInt,
  usageError,
  workspaceFlag,
  WORKSPACE_FLAG,
  type Command,
} from '../command';
import { formatJson, formatTable } from '../output';

const money = (v: number | null): string =>
  v === null ? '—' : v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** An ISO time as "yyyy-MM-dd HH:mm" (UTC), the day alone when `dayOnly`. */
const when = (v: string | null, dayOnly = false): string =>
  v === null ? '—' : dayOnly ? v.slice(0, 10) : `${v.slice(0, 10)} ${v.slice(11, 16)}`;

const joined = (parts: (string | null)[], sep = ' · '): string =>
  parts.filter((p): p is string => p !== null && p !== '').join(sep);

function section(title: string, body: string | null, empty: string): string[] {
  return ['', `${title}:`, body ?? `  ${empty}`];
}

/** The readable summary: who, what they bought, their scores, then the recent history as tables. */
export function formatCustomer360(v: Customer360): string {
  const p = v.profile;
  const o = v.orders;
  const s = v.scores;
  const ltv = v.lifetimeValue;
  const about = joined([p.company, p.jobTitle, joined([p.city, p.state, p.country], ', '), p.phone]);
  const lines = [
    `${p.name ?? '(no name)'}${p.email !== null ? ` <${p.email}>` : ''}`,
    `  Loupe id ${p.id} · customer id ${p.customerId}`,
    ...(about !== '' ? [`  ${about}`] : []),
    `  Lifecycle ${p.lifecycleStage ?? '—'} · status ${p.status ?? '—'} · contact ${p.contactStatus}${p.vip ? ' · VIP' : ''}${p.funnelStage !== null ? ` · funnel ${p.funnelStage}` : ''}`,
    `  First seen ${when(p.firstSeenAt, true)} · last seen ${when(p.lastSeenAt, true)}`,
    `  Consent: email ${p.consent.emailOptIn ? 'yes' : 'no'}, SMS ${p.consent.smsOptIn ? 'yes' : 'no'}, marketing ${p.consent.marketingConsentGiven ? 'yes' : 'no'}${p.consent.doNotContact ? ' · do not contact' : ''}`,
    ...(p.tags.length > 0 ? [`  Tags: ${p.tags.join(', ')}`] : []),
    ...(v.identities.length > 0
      ? [`  Sources: ${v.identities.map((i) => `${i.source} (${i.externalId})`).join(', ')}`]
      : []),
    ...(v.segments.length > 0
      ? [
          `  Segments: ${v.segments
            .map((g) => (g.active ? g.name : `${g.name} (left ${when(g.removedAt, true)})`))
            .join(', ')}`,
        ]
      : []),
    '',
    o.count === 0
      ? 'Purchases: none'
      : `Purchases: ${o.count}, revenue ${money(o.revenue)}, average ${money(o.averageOrderValue)}, first ${when(o.firstOrderAt, true)}, last ${when(o.lastOrderAt, true)} (${o.daysSinceLastOrder ?? '—'} days ago)`,
    ltv.clv === null
      ? 'Lifetime value: no CLV computed yet'
      : `Lifetime value: CLV ${money(ltv.clv)}, expected spend ${money(ltv.expectedSpend)}, P(alive) ${percent(ltv.pAlive)}, predicted purchases ${ltv.predictedPurchases === null ? '—' : ltv.predictedPurchases.toFixed(2)}${ltv.model !== null ? ` (model fitted ${when(ltv.model.fittedAt, true)})` : ''}`,
    s.computedAt === null
      ? 'Scores: not computed yet'
      : `Scores (computed ${when(s.computedAt)}): engagement ${s.engagement.score ?? '—'}, churn risk ${s.churnRisk.score ?? '—'}, lead ${s.lead.score ?? '—'}${s.lead.trend !== null ? ` (${s.lead.trend})` : ''}${s.lead.action !== null ? `, next: ${s.lead.action}` : ''}, conversion ${percent(s.conversionProbability)}, RFM ${s.rfm.code ?? '—'}${s.rfm.segment !== null ? ` ${s.rfm.segment}` : ''}`,
    `Activity: ${v.counts.events} events, ${v.counts.deliveries} messages, ${v.counts.touchpoints} touchpoints`,
    ...section(
      'Recent orders',
      o.recent.length === 0
        ? null
        : formatTable(
            ['ordered', 'order', 'status', 'total', 'refunded', 'purchase'],
            o.recent.map((r) => ({
              ordered: when(r.orderedAt),
              order: r.orderNumber,
              status: r.status,
              total: money(r.total),
              refunded: money(r.refunded),
              purchase: r.isPurchase ? 'yes' : 'no',
            })),
          ),
      'none',
    ),
    ...section(
      'Recent events',
      v.recentEvents.length === 0
        ? null
        : formatTable(
            ['when', 'type', 'name', 'channel', 'campaign'],
            v.recentEvents.map((e) => ({
              when: when(e.occurredAt),
              type: e.type,
              name: e.name,
              channel: e.channel ?? '',
              campaign: e.campaignName ?? '',
            })),
          ),
      'none',
    ),
    ...section(
      'Campaign messages',
      v.campaignInteractions.length === 0
        ? null
        : formatTable(
            ['sent', 'campaign', 'status', 'opened', 'clicked', 'converted', 'unsubscribed'],
            v.campaignInteractions.map((d) => ({
              sent: when(d.sentAt),
              campaign: d.campaignName,
              status: d.status,
              opened: d.opened ? 'yes' : '',
              clicked: d.clicked ? 'yes' : '',
              converted: d.converted ? 'yes' : '',
              unsubscribed: d.unsubscribed ? 'yes' : '',
            })),
          ),
      'none',
    ),
    ...section(
      'Opportunities',
      v.opportunities.length === 0
        ? null
        : formatTable(
            ['name', 'stage', 'status', 'value', 'probability', 'close'],
            v.opportunities.map((d) => ({
              name: d.name,
              stage: d.stage,
              status: d.status,
              value: money(d.value),
              probability: d.probability === null ? '—' : `${d.probability} %`,
              close: d.actualCloseDate ?? d.expectedCloseDate ?? '—',
            })),
          ),
      'none',
    ),
    ...section(
      'Support tickets',
      v.tickets.length === 0
        ? null
        : formatTable(
            ['opened', 'subject', 'status', 'priority'],
            v.tickets.map((t) => ({
              opened: when(t.createdAt, true),
              subject: t.subject,
              status: t.status,
              priority: t.priority,
            })),
          ),
      'none',
    ),
  ];
  return lines.join('\n');
}

export const customerCommands: Command[] = [
  {
    path: ['customer'],
    usage: 'loupe customer EMAIL-OR-ID --workspace NAME [--recent N]',
    summary:
      'Everything about one customer: profile, sources, segments, recent events and messages, orders, value, deals, tickets and scores.',
    flags: {
      workspace: WORKSPACE_FLAG,
      recent: {
        type: 'string',
        description: 'How many recent events, messages and orders to show (default 20, at most 500)',
      },
    },
    async run(positionals, flags, ctx) {
      if (positionals.length !== 1)
        usageError(
          'Name one customer by email address, Loupe id or your own customer id: loupe customer EMAIL-OR-ID --workspace NAME.',
        );
      const workspace = workspaceFlag(flags);
      const recent = positiveInt(flags, 'recent');
      const result = await call(ctx, 'customers/get-overview', {
        workspace,
        customer: positionals[0] as string,
        ...(recent !== undefined ? { recentLimit: recent } : {}),
      });
      ctx.output.out(ctx.json ? formatJson(result) : formatCustomer360(result));
    },
  },
];
