import type { PaidCampaignSpec } from '../channels';
import { DAY_MS, HOUR_MS, iso, isoDate, money, startOfUtcDay } from '../tables';
import type { Campaign, ShopContext } from './model';

/**
 * The paid campaigns and their daily spend up to yesterday: a daily budget shaped
 * by season and weekday, clicks and impressions at the campaign's cost per click
 * and click rate, and the orders the platform counts as its own (those its clicks
 * closed).
 */
export function addPaidCampaigns(
  ctx: ShopContext,
  paid: readonly (Campaign & { spec: PaidCampaignSpec })[],
  lastClickOrders: readonly { campaignId: string; day: string; total: number }[],
  ownerId: string,
): void {
  const { rng, ids, now, tables, windowStart } = ctx;
  const reported = new Map<string, { count: number; value: number }>();
  for (const o of lastClickOrders) {
    const key = `${o.campaignId}|${o.day}`;
    const r = reported.get(key) ?? { count: 0, value: 0 };
    r.count++;
    r.value += o.total;
    reported.set(key, r);
  }
  const lastDay = startOfUtcDay(now) - DAY_MS;
  for (const c of paid) {
    let spent = 0;
    for (let day = windowStart; day <= lastDay; day += DAY_MS) {
      const weekday = new Date(day).getUTCDay();
      const weekend = weekday === 0 || weekday === 6 ? 1.2 : 1;
      const spend =
        Math.round(c.spec.dailyBudget * ctx.season(day) * weekend * rng.between(0.85, 1.15) * 100) / 100;
      const clicks = Math.max(1, Math.round(spend / (c.spec.costPerClick * rng.between(0.9, 1.1))));
      const impressions = Math.round(clicks / (c.spec.clickThroughRate * rng.between(0.9, 1.1)));
      const r = reported.get(`${c.id}|${isoDate(day)}`);
      // Imported the morning after, as a daily export would be.
      const imported = Math.min(day + DAY_MS + 6 * HOUR_MS, now);
      spent += spend;
      tables.ad_spend_daily.add({
        id: ids.uuid(),
        spend_date: isoDate(day),
        source: c.spec.platform,
        account_id: c.spec.accountId,
        external_campaign_id: c.spec.externalId,
        campaign_name: c.spec.name,
        campaign_id: c.id,
        channel: c.spec.channel,
        currency: 'USD',
        spend: money(spend),
        impressions,
        clicks,
        conversions: r ? r.count : 0,
        conversion_value: money(r ? r.value : 0),
        created_at: iso(imported),
        updated_at: iso(imported),
      });
    }
    const total = Math.round(spent * 100) / 100;
    tables.campaigns.add({
      id: c.id,
      name: c.spec.name,
      description: `${c.spec.channel} on ${c.spec.platform === 'google_ads' ? 'Google Ads' : 'Meta'}, always on.`,
      code: c.code,
      objective: c.spec.key === 'prospecting' || c.spec.key === 'generic' ? 'New customers' : 'Sales',
      campaign_type: c.spec.campaignType,
      channel: c.spec.campaignType,
      status: 'active',
      start_date: iso(windowStart),
      end_date: null,
      subject_line: null,
      budget_allocated: money(Math.ceil(total / 5_000) * 5_000),
      budget_spent: money(total),
      target_audience_type: c.spec.key === 'retargeting' ? 'segment' : 'custom_filter',
      created_by: ownerId,
      approval_status: 'approved',
      approved_by: ownerId,
      approved_at: iso(windowStart - 2 * DAY_MS),
      created_at: iso(windowStart - 7 * DAY_MS),
      updated_at: iso(windowStart - 2 * DAY_MS),
    });
  }
}
