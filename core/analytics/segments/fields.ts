/**
 * The allow-list of what a segment condition may test. A condition names a field
 * by a key of these maps; the SQL written for it comes from the map's value, never
 * from the condition, so no field name a user types can reach the SQL text.
 */

/** How a field's values compare. */
export type FieldKind = 'string' | 'number' | 'date' | 'boolean' | 'tags';

export interface ColumnField {
  kind: FieldKind;
  /** SQL for the value on the row `c` of `customers`. */
  sql: string;
  /** A citext column: equality uses the column's own case-insensitive operator (and its index). */
  citext?: boolean;
  /** A `date` column (no time of day): read as local midnight in the workspace's time zone. */
  dateOnly?: boolean;
}

const string = (column: string): ColumnField => ({ kind: 'string', sql: `c.${column}` });
const number = (column: string): ColumnField => ({ kind: 'number', sql: `c.${column}` });
const instant = (column: string): ColumnField => ({ kind: 'date', sql: `c.${column}` });
const day = (column: string): ColumnField => ({ kind: 'date', sql: `c.${column}`, dateOnly: true });
const flag = (column: string): ColumnField => ({ kind: 'boolean', sql: `c.${column}` });
/** A column of the person's customer_scores row, read through its unique customer_id index. */
const scored = (column: string, kind: 'string' | 'number'): ColumnField => ({
  kind,
  sql: `(SELECT s.${column} FROM customer_scores s WHERE s.customer_id = c.id)`,
});

/** Columns of `customers` (migrations/0004) a segment may filter on. */
export const CUSTOMER_FIELDS: ReadonlyMap<string, ColumnField> = new Map<string, ColumnField>([
  ['email', { kind: 'string', sql: 'c.email', citext: true }],
  ['customer_id', string('customer_id')],
  ['phone', string('phone')],
  ['name', string('name')],
  ['first_name', string('first_name')],
  ['last_name', string('last_name')],
  ['gender', string('gender')],
  ['age_group', string('age_group')],
  ['country', string('country')],
  ['state', string('state')],
  ['city', string('city')],
  ['postal_code', string('postal_code')],
  ['timezone', string('timezone')],
  ['customer_type', string('customer_type')],
  ['customer_status', string('customer_status')],
  ['contact_status', string('contact_status')],
  ['lifecycle_stage', string('lifecycle_stage')],
  ['funnel_stage', string('funnel_stage')],
  ['acquisition_channel', string('acquisition_channel')],
  ['acquisition_campaign', string('acquisition_campaign')],
  ['acquisition_source', string('acquisition_source')],
  ['data_source', string('data_source')],
  ['company_name', string('company_name')],
  ['job_title', string('job_title')],

  ['total_orders', number('total_orders')],
  ['total_revenue', number('total_revenue')],
  ['average_order_value', number('average_order_value')],
  ['lifetime_value', number('lifetime_value')],
  ['days_since_last_order', number('days_since_last_order')],
  ['total_sessions', number('total_sessions')],
  ['total_page_views', number('total_page_views')],
  ['engagement_score', number('engagement_score')],
  ['churn_risk_score', number('churn_risk_score')],
  ['lead_score', number('lead_score')],
  ['annual_revenue', number('annual_revenue')],

  ['first_seen_at', instant('first_seen_at')],
  ['last_seen_at', instant('last_seen_at')],
  ['activated_at', instant('activated_at')],
  ['churned_at', instant('churned_at')],
  ['created_at', instant('created_at')],
  ['consent_date', instant('consent_date')],
  ['date_of_birth', day('date_of_birth')],
  ['last_contact_date', day('last_contact_date')],

  ['vip_status', flag('vip_status')],
  ['email_opt_in', flag('email_opt_in')],
  ['sms_opt_in', flag('sms_opt_in')],
  ['marketing_consent_given', flag('marketing_consent_given')],
  ['do_not_contact', flag('do_not_contact')],

  ['tags', { kind: 'tags', sql: 'c.tags' }],

  // What the scoring and CLV runs keep per person (customer_scores, migration 0020): NULL,
  // and so matching no condition, until scores were computed.
  ['rfm_recency', scored('rfm_recency', 'number')],
  ['rfm_frequency', scored('rfm_frequency', 'number')],
  ['rfm_monetary', scored('rfm_monetary', 'number')],
  ['rfm_code', scored('rfm_code', 'string')],
  ['rfm_segment', scored('rfm_segment', 'string')],
  ['conversion_probability', scored('conversion_probability', 'number')],
  ['p_alive', scored('p_alive', 'number')],
  ['predicted_purchases', scored('predicted_purchases', 'number')],
  ['clv', scored('clv', 'number')],
]);

/** Other documents' names for the same columns (contacts view, ESP vocabulary). */
export const FIELD_ALIASES: ReadonlyMap<string, string> = new Map([
  ['total_spent', 'total_revenue'],
  ['last_activity_date', 'last_seen_at'],
]);

/**
 * Conditions on what people did, each an EXISTS or a correlated count over one
 * person's rows, so the (customer_id, time …) indexes serve them.
 */
export const BEHAVIOUR_FIELDS = [
  // How many events (of one type) a person had, optionally in the last D days.
  'event_count',
  // How many orders a person placed, and what they spent, optionally in the last D days.
  'order_count',
  'order_total',
  // Campaigns a person opened or clicked (value: campaign ids).
  'opened_campaign',
  'clicked_campaign',
  // Segments a person is an active member of (value: segment ids).
  'in_segment',
] as const;

export type BehaviourField = (typeof BEHAVIOUR_FIELDS)[number];

export function isBehaviourField(field: string): field is BehaviourField {
  return (BEHAVIOUR_FIELDS as readonly string[]).includes(field);
}

/** `custom_attributes.<key>`: the key (any text) is bound as a parameter. */
export const CUSTOM_ATTRIBUTE_PREFIX = 'custom_attributes.';

/** The order statuses whose revenue counts, as customers.total_revenue counts it (migrations/0006). */
export const REVENUE_ORDER_STATUSES = ['delivered', 'completed', 'partially_refunded'] as const;

/** Event types the importers and the demo write for an opened and a clicked email. */
export const OPEN_EVENT_TYPES = ['email_open', 'email_opened'] as const;
export const CLICK_EVENT_TYPES = ['email_click', 'email_clicked'] as const;
