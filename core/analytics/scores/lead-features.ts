/**
 * The features the default lead rules read, each computed per person by the database side
 * at the scoring time `now`. A rule may only name a feature listed here, so everything a
 * rule set reads is something Loupe knows how to compute.
 */
export const LEAD_FEATURES = {
  age_years: {
    kind: 'number',
    description: 'Whole years of age at now, from customers.date_of_birth; null when unknown.',
  },
  education_level: {
    kind: 'string',
    description: 'customers.education_level as imported (e.g. bachelors, masters, phd).',
  },
  job_title: { kind: 'string', description: 'customers.job_title as imported.' },
  annual_revenue: {
    kind: 'number',
    description: "The person's company annual revenue (customers.annual_revenue), in the workspace currency.",
  },
  customer_type: {
    kind: 'string',
    description: 'customers.customer_type: premium, regular, enterprise, trial, business or individual.',
  },
  events_total: { kind: 'number', description: 'All events of the person, ever.' },
  days_since_last_event: {
    kind: 'number',
    description: 'Whole days (floor of elapsed 24 h periods) since the latest event; null without events.',
  },
  email_opens_30d: { kind: 'number', description: 'Email opens in the last 30 days.' },
  web_visits_30d: {
    kind: 'number',
    description: 'Website visits (sessions or page views) in the last 30 days.',
  },
  form_submissions_30d: { kind: 'number', description: 'Form submissions in the last 30 days.' },
  days_since_last_order: {
    kind: 'number',
    description: 'Whole days since the latest order; null without orders.',
  },
  total_orders: { kind: 'number', description: 'Orders placed, ever (customers.total_orders).' },
  total_revenue: { kind: 'number', description: 'Revenue from those orders (customers.total_revenue).' },
} as const satisfies Record<string, { kind: 'number' | 'string'; description: string }>;

export type LeadFeatureName = keyof typeof LEAD_FEATURES;

export function isLeadFeature(name: string): name is LeadFeatureName {
  return Object.hasOwn(LEAD_FEATURES, name);
}
