import { deepFreeze } from './lead-rules';
import type { LeadScoreRuleSet } from './lead-rules';

/**
 * Loupe's default lead rules, combining crm-design.md `calculate_dynamic_lead_score` (CRM)
 * and marketing-analytics-design.md `predictive_lead_scoring` (MA). Both documents score in
 * tiers ("more than 10 → 25, more than 5 → 15 …"); here a tier ladder is written as steps
 * that add up (more than 2 → 10, more than 5 → +5, more than 10 → +10), so every matched
 * rule is one plain sentence and the totals equal the documents' tiers. docs/scores.md lists
 * every difference from the documents and why.
 */
export const DEFAULT_LEAD_RULES: LeadScoreRuleSet = deepFreeze<LeadScoreRuleSet>({
  version: 1,
  name: 'Loupe default lead score',
  rules: [
    // Demographic. CRM: first match of age 25–55 → 20, education → 15, senior title → 15,
    // otherwise 5. MA: senior title +10, education +5 (its revenue +15 is firmographic here).
    // Loupe adds the signals (MA's points) under CRM's cap of 20, gives age only 5 (a weak
    // and sensitive signal) and drops the 5 everybody gets.
    {
      id: 'demographic.age_25_55',
      group: 'demographic',
      label: 'Aged 25 to 55',
      field: 'age_years',
      op: 'between',
      value: [25, 55],
      points: 5,
    },
    {
      id: 'demographic.degree',
      group: 'demographic',
      label: "Bachelor's degree or higher",
      field: 'education_level',
      op: 'in',
      value: ['bachelors', 'masters', 'phd'],
      points: 5,
    },
    {
      // The documents' ILIKE '%vp%' also matches "MVP Engineer"; whole words only here.
      // CRM's '%c_suite%' is a LIKE wildcard: c-suite, c suite, c_suite.
      id: 'demographic.senior_title',
      group: 'demographic',
      label: 'Senior job title (director, VP, C-level, head of)',
      field: 'job_title',
      op: 'matches',
      value: '\\b(director|vp|svp|evp|vice[ -]president|chief|c[-_ ]?suite|c[efimot]o|head of)\\b',
      points: 10,
    },
    // Firmographic. CRM: revenue > 10M → 20, > 1M → 15, > 100k → 10, business → 5 (first match).
    {
      id: 'firmographic.revenue_100k',
      group: 'firmographic',
      label: 'Company revenue above 100,000',
      field: 'annual_revenue',
      op: 'gt',
      value: 100_000,
      points: 10,
    },
    {
      id: 'firmographic.revenue_1m',
      group: 'firmographic',
      label: 'Company revenue above 1 million (on top)',
      field: 'annual_revenue',
      op: 'gt',
      value: 1_000_000,
      points: 5,
    },
    {
      id: 'firmographic.revenue_10m',
      group: 'firmographic',
      label: 'Company revenue above 10 million (on top)',
      field: 'annual_revenue',
      op: 'gt',
      value: 10_000_000,
      points: 5,
    },
    {
      id: 'firmographic.business',
      group: 'firmographic',
      label: 'Business or enterprise customer',
      field: 'customer_type',
      op: 'in',
      value: ['business', 'enterprise'],
      points: 5,
    },
    // Behavioural. CRM: all interactions > 10 → 25, > 5 → 15, > 2 → 10, otherwise 5; plus last
    // interaction within 7 days → 15, within 30 → 10. MA's unbounded 2 points per event is dropped.
    {
      id: 'behavioural.events_3',
      group: 'behavioural',
      label: 'More than 2 events',
      field: 'events_total',
      op: 'gt',
      value: 2,
      points: 10,
    },
    {
      id: 'behavioural.events_6',
      group: 'behavioural',
      label: 'More than 5 events (on top)',
      field: 'events_total',
      op: 'gt',
      value: 5,
      points: 5,
    },
    {
      id: 'behavioural.events_11',
      group: 'behavioural',
      label: 'More than 10 events (on top)',
      field: 'events_total',
      op: 'gt',
      value: 10,
      points: 10,
    },
    {
      id: 'behavioural.active_30d',
      group: 'behavioural',
      label: 'Active in the last 30 days',
      field: 'days_since_last_event',
      op: 'lte',
      value: 30,
      points: 10,
    },
    {
      id: 'behavioural.active_7d',
      group: 'behavioural',
      label: 'Active in the last 7 days (on top)',
      field: 'days_since_last_event',
      op: 'lte',
      value: 7,
      points: 5,
    },
    // Engagement, last 30 days. CRM: opens > 5 → 15, visits > 3 → 10, any form → 10.
    {
      id: 'engagement.email_opens',
      group: 'engagement',
      label: 'More than 5 email opens in 30 days',
      field: 'email_opens_30d',
      op: 'gt',
      value: 5,
      points: 15,
    },
    {
      id: 'engagement.web_visits',
      group: 'engagement',
      label: 'More than 3 website visits in 30 days',
      field: 'web_visits_30d',
      op: 'gt',
      value: 3,
      points: 10,
    },
    {
      id: 'engagement.form_submission',
      group: 'engagement',
      label: 'Submitted a form in 30 days',
      field: 'form_submissions_30d',
      op: 'gt',
      value: 0,
      points: 10,
    },
    // RFM. MA: recency ≤ 7 → 25, ≤ 30 → 15, ≤ 90 → 5; frequency ≥ 10 → 20, ≥ 5 → 10;
    // spend ≥ 1000 → 15, ≥ 100 → 5. MA counts events for R and F; Loupe uses orders, since
    // events already score under behavioural, and caps the group at 30 so that buyers
    // do not outrank sales-ready prospects on purchases alone.
    {
      id: 'rfm.recency_90d',
      group: 'rfm',
      label: 'Ordered in the last 90 days',
      field: 'days_since_last_order',
      op: 'lte',
      value: 90,
      points: 5,
    },
    {
      id: 'rfm.recency_30d',
      group: 'rfm',
      label: 'Ordered in the last 30 days (on top)',
      field: 'days_since_last_order',
      op: 'lte',
      value: 30,
      points: 10,
    },
    {
      id: 'rfm.recency_7d',
      group: 'rfm',
      label: 'Ordered in the last 7 days (on top)',
      field: 'days_since_last_order',
      op: 'lte',
      value: 7,
      points: 10,
    },
    {
      id: 'rfm.frequency_5',
      group: 'rfm',
      label: '5 or more orders',
      field: 'total_orders',
      op: 'gte',
      value: 5,
      points: 10,
    },
    {
      id: 'rfm.frequency_10',
      group: 'rfm',
      label: '10 or more orders (on top)',
      field: 'total_orders',
      op: 'gte',
      value: 10,
      points: 10,
    },
    {
      id: 'rfm.monetary_100',
      group: 'rfm',
      label: 'Spent 100 or more',
      field: 'total_revenue',
      op: 'gte',
      value: 100,
      points: 5,
    },
    {
      id: 'rfm.monetary_1000',
      group: 'rfm',
      label: 'Spent 1,000 or more (on top)',
      field: 'total_revenue',
      op: 'gte',
      value: 1000,
      points: 10,
    },
  ],
  // CRM's group maxima (demographic 20, firmographic 20, behavioural 25 + 15, engagement
  // 15 + 10 + 10); rfm is Loupe's choice (see above).
  groupCaps: { demographic: 20, firmographic: 20, behavioural: 40, engagement: 35, rfm: 30 },
  // CRM's action thresholds.
  thresholds: { immediateContact: 80, nurture: 60, education: 30 },
});
