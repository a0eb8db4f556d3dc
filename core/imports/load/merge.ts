import type { Statement } from '../../db/worker-protocol';
import type { RecordKind } from '../records';
import { caseMap, lit, refKey, uuidLit } from './sql';
import type { Staging, StageName } from './staging';

/**
 * The merge: every statement that changes the workspace's data for one file,
 * run as ONE transaction. It reads the staged records, resolves people and
 * campaigns, inserts what is new, updates what changed (recording each row's
 * prior version first, so the batch can be rolled back) and leaves rows whose
 * values are already right untouched, so importing the same file twice changes
 * nothing. Work is set-based throughout: a million staged rows are a handful of
 * statements, not a million.
 *
 * Conventions in the SQL below: `t` is the canonical table being written; the
 * `_lm_*` tables are this transaction's scratch (ON COMMIT DROP); `B` is the
 * batch id. A record field the file left empty is NULL in staging and never
 * overwrites a known value (`coalesce(new, old)`).
 */

export interface MergeInput {
  batchId: string;
  staging: Staging;
  /** loupe.import_batches.source: mailchimp, sendgrid, csv … */
  source: string;
  fileName: string;
  sha256: string;
  format: string;
  options: Record<string, unknown>;
  startedAt: string;
  rowsRead: number;
  rowsSkipped: number;
  rowsRejected: number;
  /** The workspace's currency, for amounts whose file names none (validated: three capital letters). */
  currency: string;
}

const KIND_OF_STAGE: Record<StageName, RecordKind> = {
  person: 'person',
  campaign: 'campaign',
  stats: 'campaign-stats',
  delivery: 'delivery-event',
  order: 'order',
  touchpoint: 'touchpoint',
  spend: 'ad-spend',
  event: 'event',
};

/** Delivery event words as staged → customer_events.event_type. */
export const EMAIL_EVENT_TYPES: Record<string, string> = {
  processed: 'email_sent',
  delivered: 'email_delivered',
  open: 'email_opened',
  click: 'email_clicked',
  bounce: 'email_bounced',
  dropped: 'email_dropped',
  deferred: 'email_deferred',
  spam_report: 'email_spam_reported',
  unsubscribe: 'email_unsubscribed',
  group_unsubscribe: 'email_group_unsubscribed',
};

const EVENT_WORDS: Record<string, string> = Object.fromEntries(
  Object.entries(EMAIL_EVENT_TYPES).map(([word, type]) => [type, word]),
);

/** A source's campaign status word → campaigns.status. */
const CAMPAIGN_STATUS: Record<string, string> = {
  sent: 'completed',
  completed: 'completed',
  complete: 'completed',
  delivered: 'completed',
  finished: 'completed',
  ended: 'completed',
  live: 'active',
  active: 'active',
  enabled: 'active',
  running: 'active',
  sending: 'active',
  'in progress': 'active',
  paused: 'paused',
  manual: 'paused',
  draft: 'draft',
  scheduled: 'scheduled',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  removed: 'archived',
  archived: 'archived',
  deleted: 'archived',
};

/** Whether messages reach the person, as sources state it → customers.contact_status. */
const CONTACT_STATUS: Record<string, string> = {
  active: 'active',
  inactive: 'inactive',
  unsubscribed: 'unsubscribed',
  cleaned: 'cleaned',
  bounced: 'bounced',
  complained: 'complained',
};

const ORDER_STATUS: Record<string, string> = {
  pending: 'pending',
  confirmed: 'confirmed',
  shipped: 'shipped',
  delivered: 'delivered',
  completed: 'completed',
  cancelled: 'cancelled',
  refunded: 'refunded',
  partially_refunded: 'partially_refunded',
};

/** Record channels → the channel names attribution groups spend by. */
const SPEND_CHANNEL: Record<string, string> = {
  paid_search: 'Paid Search',
  paid_social: 'Paid Social',
  display: 'Display',
  social: 'Organic Social',
  email: 'Email',
  sms: 'SMS',
};

const CAMPAIGN_TYPES = [
  'email',
  'sms',
  'push_notification',
  'whatsapp',
  'paid_search',
  'paid_social',
  'display',
  'social',
  'other',
];

/** The campaign id for messages a file names no campaign for. */
export const NO_CAMPAIGN = '(none)';

type Sets = readonly (readonly [string, string])[];

class Plan {
  readonly statements: Statement[] = [];
  readonly B: string;
  /** Tables whose secondary indexes may be suspended for this load; rebuilt at the end. */
  readonly suspended: string[] = [];
  private readonly idPrefix: string;

  constructor(readonly input: MergeInput) {
    this.B = uuidLit(input.batchId);
    // Ids of new rows: the time, a random salt, then a counter (a UUIDv7 layout). Rows inserted
    // together get increasing ids, so primary keys grow at their right edge instead of at random
    // places; PGlite's gen_random_uuid() also costs several microseconds per row.
    const ms = Date.now().toString(16).padStart(12, '0');
    const salt = Math.floor(Math.random() * 4096)
      .toString(16)
      .padStart(3, '0');
    this.idPrefix = `${ms}7${salt}8`;
  }

  newId(): string {
    return `(${lit(this.idPrefix)} || lpad(to_hex(nextval('_lm_seq')), 15, '0'))::uuid`;
  }

  /**
   * Bulk insert statements run with triggers and foreign-key checks off (session_replication_role
   * = replica): every reference they write was resolved in this transaction to a row that exists,
   * and a per-row foreign-key check costs about as much as the row. Statement triggers those
   * inserts would fire are run explicitly by the caller.
   */
  bulk(on: boolean): void {
    this.sql(`SET LOCAL session_replication_role = ${on ? 'replica' : 'origin'}`);
  }

  /** Lets a large load into `table` drop and later rebuild its secondary indexes (see loupe.suspend_indexes). */
  suspend(table: string, incomingSql: string): void {
    if (this.suspended.includes(table)) return;
    this.suspended.push(table);
    this.sql(
      `CREATE TEMP TABLE _lm_ix_${table} ON COMMIT DROP AS SELECT loupe.suspend_indexes(${lit(table)}::regclass, (${incomingSql})) AS defs`,
    );
  }

  analyze(table: string, incomingSql: string): void {
    this.sql(`SELECT loupe.analyze_if_grown(${lit(table)}::regclass, (${incomingSql}))`);
  }

  has(name: StageName): boolean {
    return this.input.staging.has(name);
  }

  stage(name: StageName): string {
    return this.input.staging.table(name);
  }

  sql(text: string): void {
    this.statements.push({ sql: text });
  }

  count(
    kind: RecordKind | null,
    table: string | null,
    column: 'inserted' | 'updated',
    fromSql: string,
  ): void {
    this.sql(
      `INSERT INTO _lm_counts (kind, tbl, ${column}) SELECT ${kind === null ? 'NULL' : lit(kind)}, ${table === null ? 'NULL' : lit(table)}, count(*) FROM ${fromSql}`,
    );
  }

  /** Records the current version of rows about to change; the first version recorded in a batch stands. */
  capture(table: string, pk: string, where: string): void {
    this.sql(
      `INSERT INTO loupe.import_overwrites (batch_id, table_name, row_id, old_row)
       SELECT ${this.B}, ${lit(table)}, t.${pk}, to_jsonb(t) FROM ${table} t WHERE ${where}
       ON CONFLICT (batch_id, table_name, row_id) DO NOTHING`,
    );
  }

  /**
   * Updates rows of `table` to the values `sets` computes over `from` (which
   * names the table `t`), only where a value really changes, recording each
   * changed row's prior version first. The scratch table takes the target's
   * column types, so new values are rounded and cast exactly as storing them
   * would, and an unchanged value compares equal.
   */
  updateChanged(o: {
    temp: string;
    table: string;
    pk: string;
    from: string;
    sets: Sets;
    distinct?: boolean;
    kind?: RecordKind;
  }): void {
    const cols = o.sets.map(([c]) => c);
    this.sql(
      `CREATE TEMP TABLE ${o.temp} ON COMMIT DROP AS SELECT t.${o.pk} AS row_id, ${cols.map((c) => `t.${c}`).join(', ')} FROM ${o.table} t WITH NO DATA`,
    );
    this.sql(
      `INSERT INTO ${o.temp} (row_id, ${cols.join(', ')})
       SELECT ${o.distinct ? `DISTINCT ON (t.${o.pk}) ` : ''}t.${o.pk}, ${o.sets.map(([, e]) => e).join(', ')} ${o.from}`,
    );
    this.sql(
      `DELETE FROM ${o.temp} u USING ${o.table} t WHERE t.${o.pk} = u.row_id
         AND ROW(${cols.map((c) => `t.${c}`).join(', ')}) IS NOT DISTINCT FROM ROW(${cols.map((c) => `u.${c}`).join(', ')})`,
    );
    this.capture(o.table, o.pk, `t.${o.pk} IN (SELECT row_id FROM ${o.temp})`);
    this.sql(
      `UPDATE ${o.table} t SET ${cols.map((c) => `${c} = u.${c}`).join(', ')} FROM ${o.temp} u WHERE t.${o.pk} = u.row_id`,
    );
    this.count(o.kind ?? null, o.table, 'updated', o.temp);
  }

  /** Inserts with RETURNING and counts the rows inserted. */
  insertCounted(kind: RecordKind | null, table: string, insertSql: string): void {
    this.sql(
      `WITH ins AS (${insertSql} RETURNING 1)
       INSERT INTO _lm_counts (kind, tbl, inserted) SELECT ${kind === null ? 'NULL' : lit(kind)}, ${lit(table)}, count(*) FROM ins`,
    );
  }
}

export function mergeStatements(input: MergeInput): Statement[] {
  const p = new Plan(input);
  setup(p);
  dedupe(p);
  if (p.has('campaign') || p.has('stats') || p.has('delivery') || p.has('spend')) campaigns(p);
  if (p.has('person') || p.has('order') || p.has('delivery') || p.has('touchpoint') || p.has('event'))
    people(p);
  if (p.has('stats')) stats(p);
  if (p.has('delivery')) deliveries(p);
  if (p.has('order')) orders(p);
  if (p.has('touchpoint')) touchpoints(p);
  if (p.has('spend')) spend(p);
  if (p.has('event')) events(p);
  finish(p);
  return p.statements;
}

/** The counts the merge returns: per record kind and per table. */
export const COUNTS_SQL = `SELECT
  (SELECT coalesce(jsonb_object_agg(kind, jsonb_build_object('total', t, 'inserted', i, 'updated', u)), '{}'::jsonb)
     FROM (SELECT kind, sum(total) AS t, sum(inserted) AS i, sum(updated) AS u FROM _lm_counts
            WHERE kind IS NOT NULL GROUP BY kind) k) AS kinds,
  (SELECT coalesce(jsonb_object_agg(tbl, jsonb_build_object('inserted', i, 'updated', u)), '{}'::jsonb)
     FROM (SELECT tbl, sum(inserted) AS i, sum(updated) AS u FROM _lm_counts
            WHERE tbl IS NOT NULL GROUP BY tbl) x) AS tables`;

/** Ends a dry run: the counts leave in the error's detail and the transaction rolls back. */
export const DRY_RUN_MARK = 'loupe-dry-run';
export const DRY_RUN_SQL = `DO $$
DECLARE
  c jsonb;
BEGIN
  SELECT jsonb_build_object('kinds', kinds, 'tables', tables) INTO c FROM (${COUNTS_SQL}) x;
  RAISE EXCEPTION '${DRY_RUN_MARK}' USING DETAIL = c::text;
END
$$`;

function setup(p: Plan): void {
  const i = p.input;
  // Imported rows are recorded by their batch; one audit entry per import instead of one per row.
  p.sql(`SET LOCAL loupe.audit = 'off'`);
  // Sorts and hashes get more memory than the default 4 MB, but PGlite's heap never shrinks
  // once grown, so these are sized to keep a million-row import under 1 GB (bench/import.ts).
  p.sql(`SET LOCAL work_mem = '32MB'`);
  p.sql(`SET LOCAL hash_mem_multiplier = 1`);
  // Indexes rebuilt after a large load (see Plan.suspend).
  p.sql(`SET LOCAL maintenance_work_mem = '64MB'`);
  // The scratch tables are analysed only so joins are planned by their size and key spread; a
  // small sample tells that as well as the default one and costs a tenth of the time.
  p.sql(`SET LOCAL default_statistics_target = 10`);
  p.sql(`CREATE TEMP SEQUENCE _lm_seq`);
  p.sql(
    `CREATE TEMP TABLE _lm_counts (kind text, tbl text, total bigint NOT NULL DEFAULT 0,
       inserted bigint NOT NULL DEFAULT 0, updated bigint NOT NULL DEFAULT 0) ON COMMIT DROP`,
  );
  const totals = [...i.staging.counts.entries()].map(([name, n]) => `(${lit(KIND_OF_STAGE[name])}, ${n})`);
  if (totals.length > 0) p.sql(`INSERT INTO _lm_counts (kind, total) VALUES ${totals.join(', ')}`);
  p.sql(
    `INSERT INTO loupe.import_batches (id, source, file_name, file_sha256, options, status, started_at, format,
       rows_read, rows_skipped, rows_rejected)
     VALUES (${p.B}, ${lit(i.source)}, ${lit(i.fileName)}, ${lit(i.sha256)}, ${lit(JSON.stringify(i.options))}::jsonb,
       'completed', ${lit(i.startedAt)}::timestamptz, ${lit(i.format)}, ${i.rowsRead}, ${i.rowsSkipped}, ${i.rowsRejected})`,
  );
}

/** Last record wins where a file repeats a natural key. */
function dedupe(p: Plan): void {
  const names: [StageName, string][] = [
    ['person', '_lm_person'],
    ['campaign', '_lm_campaign'],
    ['stats', '_lm_stats'],
    ['order', '_lm_order'],
    ['touchpoint', '_lm_touchpoint'],
    ['spend', '_lm_spend'],
    ['event', '_lm_event'],
  ];
  // Every scratch table exists (empty when the file has no such records), so later steps can join them freely.
  for (const [name, temp] of names) {
    p.sql(
      `CREATE TEMP TABLE ${temp} ON COMMIT DROP AS SELECT DISTINCT ON (src, key) * FROM ${p.stage(name)} ORDER BY src, key, seq DESC`,
    );
    if (p.has(name)) p.sql(`ANALYZE ${temp}`);
  }
  // Activity exports run to millions of rows: repeated events are deleted from staging in place
  // (a hash over the keys) rather than the whole table copied in key order.
  const dev = p.stage('delivery');
  if (p.input.staging.mayRepeatDeliveryEvents()) {
    p.sql(
      `DELETE FROM ${dev} s USING (SELECT src, key, max(seq) AS keep FROM ${dev} GROUP BY src, key HAVING count(*) > 1) d
        WHERE s.src = d.src AND s.key = d.key AND s.seq <> d.keep`,
    );
  }
  {
    // One row per message: its recipient, campaign and what its events say (status, times, counts),
    // in one pass over the staged events.
    const events = (where: string): string =>
      `(SELECT * FROM (SELECT src, message_id, email, email_norm, campaign_sid, campaign_name, subject, event AS ev, at,
                              reason, bounce_type FROM ${dev}) s WHERE ${where}) x`;
    p.sql(
      `CREATE TEMP TABLE _lm_msg0 ON COMMIT DROP AS ${deliveryAggregates(
        events,
        ['src', 'message_id'],
        [
          'min(email) AS email',
          'min(email_norm) AS email_norm',
          'min(campaign_sid) AS campaign_sid',
          'min(campaign_name) AS campaign_name',
          'min(subject) AS subject',
          "max(at) FILTER (WHERE ev IN ('open', 'click')) AS last_engaged",
        ],
      )}`,
    );
    if (p.has('delivery')) p.sql(`ANALYZE _lm_msg0`);
  }
}

const STATUS_OF = (expr: string): string => caseMap(`lower(${expr})`, CAMPAIGN_STATUS);

/** The row's tags (t.tags) plus those of the file not there yet, in the file's order. */
const TAG_UNION = (fileTags: string): string => `CASE WHEN ${fileTags} IS NULL THEN t.tags
  ELSE coalesce(t.tags, '{}') || ARRAY(SELECT x FROM jsonb_array_elements_text(${fileTags}) WITH ORDINALITY e (x, n)
                                        WHERE NOT (x = ANY (coalesce(t.tags, '{}')))
                                        GROUP BY x ORDER BY min(n)) END`;

function campaigns(p: Plan): void {
  const parts: string[] = [];
  if (p.has('campaign')) {
    parts.push(
      `SELECT src, source_id AS sid, name, channel, kind, subject, list_name, sent_at, status, tags, true AS is_full, seq FROM _lm_campaign`,
    );
  }
  if (p.has('stats')) {
    parts.push(
      `SELECT DISTINCT src, campaign_sid, NULL::text, 'email', NULL::text, NULL::text, NULL::text, NULL::timestamptz, NULL::text,
              NULL::jsonb, false, 0::bigint FROM _lm_stats`,
    );
  }
  if (p.has('delivery')) {
    parts.push(
      `SELECT src, coalesce(campaign_sid, ${lit(NO_CAMPAIGN)}),
              coalesce(min(campaign_name), CASE WHEN campaign_sid IS NULL THEN initcap(src) || ' messages without a campaign' END),
              'email', 'broadcast', min(subject), NULL::text, min(first_at), NULL::text, NULL::jsonb, false, 0::bigint
         FROM _lm_msg0 GROUP BY src, campaign_sid`,
    );
  }
  if (p.has('spend')) {
    parts.push(
      `SELECT src, coalesce(campaign_sid, campaign_name), min(campaign_name), min(channel), 'ads', NULL::text, NULL::text,
              min(day)::timestamp AT TIME ZONE 'UTC', NULL::text, NULL::jsonb, false, 0::bigint
         FROM _lm_spend GROUP BY src, coalesce(campaign_sid, campaign_name)`,
    );
  }
  // Full campaign records win over campaigns only named by stats, messages or spend.
  p.sql(
    `CREATE TEMP TABLE _lm_cref ON COMMIT DROP AS
     SELECT DISTINCT ON (src, sid) r.*, NULL::uuid AS campaign_id, false AS is_new
       FROM (${parts.join(' UNION ALL ')}) r (src, sid, name, channel, kind, subject, list_name, sent_at, status, tags, is_full, seq)
      WHERE sid IS NOT NULL
      ORDER BY src, sid, is_full DESC, seq DESC`,
  );
  p.sql(
    `UPDATE _lm_cref r SET campaign_id = c.id FROM campaigns c
      WHERE c.service_provider = r.src AND c.external_campaign_id = r.sid`,
  );
  p.sql(`UPDATE _lm_cref SET campaign_id = ${p.newId()}, is_new = true WHERE campaign_id IS NULL`);
  const type = `(CASE WHEN channel IN (${CAMPAIGN_TYPES.map(lit).join(', ')}) THEN channel ELSE 'other' END)`;
  p.insertCounted(
    null,
    'campaigns',
    `INSERT INTO campaigns (id, name, campaign_type, channel, campaign_kind, tags, status, start_date, subject_line,
                            target_audience, external_campaign_id, service_provider, import_batch_id)
     SELECT campaign_id, coalesce(name, sid), ${type}, ${type},
            CASE WHEN kind IN ('broadcast', 'flow', 'ads') THEN kind END,
            CASE WHEN tags IS NULL THEN '{}'::text[] ELSE ARRAY(SELECT jsonb_array_elements_text(tags)) END,
            coalesce(${STATUS_OF('status')},
                     CASE WHEN kind IN ('flow', 'ads') THEN 'active'
                          WHEN sent_at IS NOT NULL OR NOT is_full THEN 'completed' ELSE 'draft' END),
            sent_at, subject,
            CASE WHEN list_name IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('list', list_name) END,
            sid, src, ${p.B}
       FROM _lm_cref WHERE is_new`,
  );
  if (p.has('campaign')) {
    p.count(
      'campaign',
      null,
      'inserted',
      `_lm_campaign c JOIN _lm_cref r ON r.src = c.src AND r.sid = c.source_id WHERE r.is_new`,
    );
    p.updateChanged({
      temp: '_lm_camp_upd',
      table: 'campaigns',
      pk: 'id',
      from: `FROM campaigns t JOIN _lm_cref r ON r.campaign_id = t.id WHERE r.is_full AND NOT r.is_new`,
      sets: [
        ['name', 'coalesce(r.name, t.name)'],
        ['subject_line', 'coalesce(r.subject, t.subject_line)'],
        // A send date that would fall after the campaign's end (someone set one) is left out.
        [
          'start_date',
          'CASE WHEN r.sent_at IS NOT NULL AND (t.end_date IS NULL OR t.end_date >= r.sent_at) THEN r.sent_at ELSE t.start_date END',
        ],
        ['status', `coalesce(${STATUS_OF('r.status')}, t.status)`],
        [
          'target_audience',
          `CASE WHEN r.list_name IS NULL THEN t.target_audience ELSE coalesce(t.target_audience, '{}'::jsonb) || jsonb_build_object('list', r.list_name) END`,
        ],
        [
          'campaign_kind',
          `coalesce(CASE WHEN r.kind IN ('broadcast', 'flow', 'ads') THEN r.kind END, t.campaign_kind)`,
        ],
        ['tags', TAG_UNION('r.tags')],
      ],
      kind: 'campaign',
    });
  }
}

function people(p: Plan): void {
  const parts: string[] = [];
  if (p.has('person')) {
    parts.push(
      `SELECT src, key AS ext_id, email_norm, email, least(created_at, subscribed_at, consent_at) AS first_at, NULL::timestamptz AS last_at FROM _lm_person`,
    );
  }
  if (p.has('order'))
    parts.push(`SELECT src, customer_sid, email_norm, email, ordered_at, ordered_at FROM _lm_order`);
  if (p.has('delivery'))
    parts.push(`SELECT src, NULL::text, email_norm, email, first_at, last_engaged FROM _lm_msg0`);
  if (p.has('touchpoint'))
    parts.push(`SELECT src, person_sid, email_norm, email, at, at FROM _lm_touchpoint`);
  if (p.has('event')) parts.push(`SELECT src, person_sid, email_norm, email, at, at FROM _lm_event`);
  p.sql(
    `CREATE TEMP TABLE _lm_ref0 ON COMMIT DROP AS
     SELECT src, ext_id, email_norm, ${refKey('src', 'ext_id', 'email_norm')} AS ref_key, min(email) AS email,
            min(first_at) AS first_at, max(last_at) AS last_at, NULL::uuid AS customer_id
       FROM (${parts.join(' UNION ALL ')}) r (src, ext_id, email_norm, email, first_at, last_at)
      WHERE ext_id IS NOT NULL OR email_norm IS NOT NULL
      GROUP BY src, ext_id, email_norm`,
  );
  p.sql(`ANALYZE _lm_ref0`);
  // 1. The source's own id, seen before.
  p.sql(
    `UPDATE _lm_ref0 r SET customer_id = i.customer_id FROM customer_identities i
      WHERE r.ext_id IS NOT NULL AND i.source = r.src AND i.external_id = r.ext_id`,
  );
  // 2. The email address, across all sources (the oldest person with it).
  p.sql(
    `UPDATE _lm_ref0 r SET customer_id = c.id
       FROM (SELECT DISTINCT ON (email) email, id FROM customers
              WHERE email IN (SELECT email_norm FROM _lm_ref0 WHERE customer_id IS NULL AND email_norm IS NOT NULL)
              ORDER BY email, created_at, id) c
      WHERE r.customer_id IS NULL AND r.email_norm = c.email`,
  );
  // 3. What this file says links the two: a row with an id and an email resolves its siblings.
  const byId = `UPDATE _lm_ref0 r SET customer_id = s.customer_id
       FROM (SELECT DISTINCT ON (src, ext_id) src, ext_id, customer_id FROM _lm_ref0
              WHERE ext_id IS NOT NULL AND customer_id IS NOT NULL ORDER BY src, ext_id, customer_id) s
      WHERE r.customer_id IS NULL AND r.src = s.src AND r.ext_id = s.ext_id`;
  p.sql(byId);
  p.sql(
    `UPDATE _lm_ref0 r SET customer_id = s.customer_id
       FROM (SELECT DISTINCT ON (email_norm) email_norm, customer_id FROM _lm_ref0
              WHERE email_norm IS NOT NULL AND customer_id IS NOT NULL ORDER BY email_norm, customer_id) s
      WHERE r.customer_id IS NULL AND r.email_norm = s.email_norm`,
  );
  p.sql(byId);
  // 4. Everyone else is new: one person per email, else per source id (or the email a sibling row gave it).
  p.sql(
    `CREATE TEMP TABLE _lm_newk ON COMMIT DROP AS
     SELECT r.ref_key, coalesce(lower(r.email_norm::text), e.email, 'id:' || r.src || ':' || r.ext_id) AS new_key,
            r.email, r.src, r.first_at, r.last_at
       FROM _lm_ref0 r
       LEFT JOIN (SELECT src, ext_id, max(lower(email_norm::text)) AS email FROM _lm_ref0
                   WHERE customer_id IS NULL AND ext_id IS NOT NULL GROUP BY src, ext_id) e
         ON e.src = r.src AND e.ext_id = r.ext_id
      WHERE r.customer_id IS NULL`,
  );
  p.sql(
    `CREATE TEMP TABLE _lm_newc ON COMMIT DROP AS
     SELECT new_key, ${p.newId()} AS id, min(email) AS email, min(src) AS src,
            min(first_at) AS first_at, max(last_at) AS last_at
       FROM _lm_newk GROUP BY new_key`,
  );
  p.sql(
    `CREATE TEMP TABLE _lm_ref ON COMMIT DROP AS
     SELECT r.src, r.ext_id, r.email_norm, r.ref_key, r.email, r.first_at, r.last_at, coalesce(r.customer_id, n.id) AS customer_id
       FROM _lm_ref0 r LEFT JOIN _lm_newk k ON k.ref_key = r.ref_key LEFT JOIN _lm_newc n ON n.new_key = k.new_key`,
  );
  p.sql(`ANALYZE _lm_ref`);

  const personKey = refKey('pr.src', 'pr.key', 'pr.email_norm');
  // The last person record of each resolved person gives its fields.
  p.sql(
    `CREATE TEMP TABLE _lm_pc ON COMMIT DROP AS
     SELECT DISTINCT ON (r.customer_id) r.customer_id, pr.*
       FROM _lm_person pr JOIN _lm_ref r ON r.ref_key = ${personKey}
      ORDER BY r.customer_id, pr.seq DESC`,
  );
  const status = (pe: string): string => caseMap(`lower(${pe}.contact_status)`, CONTACT_STATUS);
  const tagsArray = (pe: string): string => `ARRAY(SELECT jsonb_array_elements_text(${pe}.tags))`;
  p.sql(
    `CREATE TEMP TABLE _lm_cseen ON COMMIT DROP AS
     SELECT customer_id, min(first_at) AS first_at, max(last_at) AS last_at FROM _lm_ref GROUP BY customer_id`,
  );
  const keep = (col: string, field: string): readonly [string, string] => [
    col,
    `coalesce(pc.${field}, t.${col})`,
  ];
  p.updateChanged({
    temp: '_lm_cust_upd',
    table: 'customers',
    pk: 'id',
    from: `FROM customers t JOIN _lm_cseen s ON s.customer_id = t.id LEFT JOIN _lm_pc pc ON pc.customer_id = t.id
           WHERE t.import_batch_id IS DISTINCT FROM ${p.B}`,
    sets: [
      // A case-only difference is the same address; a new address replaces the old one.
      ['email', `CASE WHEN pc.email IS NULL OR t.email = pc.email::citext THEN t.email ELSE pc.email END`],
      [
        'name',
        `coalesce(pc.full_name,
                  CASE WHEN pc.first_name IS NOT NULL OR pc.last_name IS NOT NULL
                       THEN concat_ws(' ', coalesce(pc.first_name, t.first_name), coalesce(pc.last_name, t.last_name)) END,
                  t.name)`,
      ],
      keep('first_name', 'first_name'),
      keep('last_name', 'last_name'),
      keep('phone', 'phone'),
      keep('company_name', 'company'),
      keep('job_title', 'job_title'),
      keep('country', 'country'),
      keep('state', 'region'),
      keep('city', 'city'),
      keep('postal_code', 'postal_code'),
      keep('timezone', 'timezone'),
      keep('funnel_stage', 'funnel_stage'),
      // The latest file a person appears in says whether they can be reached (subscribed again, cleaned …).
      ['contact_status', `coalesce(${status('pc')}, t.contact_status)`],
      keep('email_opt_in', 'email_opt_in'),
      keep('sms_opt_in', 'sms_opt_in'),
      keep('consent_date', 'consent_at'),
      keep('consent_source', 'consent_source'),
      ['tags', TAG_UNION('pc.tags')],
      ['first_seen_at', 'least(t.first_seen_at, s.first_at)'],
      ['last_seen_at', 'greatest(t.last_seen_at, s.last_at)'],
    ],
  });

  // New people go in after the update of known ones, which then need no fresh statistics.
  p.suspend('customers', 'SELECT count(*) FROM _lm_newc');
  p.bulk(true);
  // customer_id (the client's own id) is made up from the row's id, as its default would, but in order.
  p.insertCounted(
    null,
    'customers',
    `INSERT INTO customers (id, customer_id, email, name, first_name, last_name, phone, company_name, job_title, country,
                            state, city, postal_code, timezone, funnel_stage, contact_status, email_opt_in, sms_opt_in,
                            consent_date, consent_source, tags, first_seen_at, last_seen_at, data_source, imported_at,
                            import_batch_id)
     SELECT n.id, n.id::text, coalesce(pc.email, n.email),
            coalesce(pc.full_name, nullif(concat_ws(' ', pc.first_name, pc.last_name), '')),
            pc.first_name, pc.last_name, pc.phone, pc.company, pc.job_title, pc.country, pc.region, pc.city,
            pc.postal_code, pc.timezone, pc.funnel_stage, coalesce(${status('pc')}, 'active'),
            coalesce(pc.email_opt_in, false), coalesce(pc.sms_opt_in, false), pc.consent_at, pc.consent_source,
            CASE WHEN pc.tags IS NULL THEN '{}'::text[] ELSE ${tagsArray('pc')} END,
            coalesce(n.first_at, now()), n.last_at, n.src, now(), ${p.B}
       FROM _lm_newc n LEFT JOIN _lm_pc pc ON pc.customer_id = n.id`,
  );
  p.bulk(false);

  // Each source's id for the person, with what the source said about them.
  p.sql(
    `CREATE TEMP TABLE _lm_ident ON COMMIT DROP AS
     SELECT DISTINCT ON (r.src, r.ext_id) r.src, r.ext_id, r.customer_id, r.email, r.first_at, r.last_at, pc.phone,
            CASE WHEN pc.seq IS NULL THEN NULL
                 ELSE coalesce(pc.attributes, '{}'::jsonb)
                      || jsonb_strip_nulls(jsonb_build_object('status', pc.contact_status, 'tags', pc.tags,
                                                              'updated_at', pc.source_updated_at)) END AS properties,
            pc.seq
       FROM _lm_ref r LEFT JOIN _lm_person pc
         ON pc.src = r.src AND pc.key = r.ext_id AND pc.email_norm IS NOT DISTINCT FROM r.email_norm
      WHERE r.ext_id IS NOT NULL
      ORDER BY r.src, r.ext_id, pc.seq DESC NULLS LAST, r.email NULLS LAST`,
  );
  p.updateChanged({
    temp: '_lm_ident_upd',
    table: 'customer_identities',
    pk: 'id',
    from: `FROM customer_identities t JOIN _lm_ident d ON t.source = d.src AND t.external_id = d.ext_id
           WHERE t.import_batch_id IS DISTINCT FROM ${p.B}`,
    sets: [
      ['email', 'coalesce(d.email, t.email)'],
      ['phone', 'coalesce(d.phone, t.phone)'],
      ['first_seen_at', 'least(t.first_seen_at, d.first_at)'],
      ['last_seen_at', 'greatest(t.last_seen_at, d.last_at)'],
      [
        'properties',
        `CASE WHEN d.properties IS NULL THEN t.properties ELSE t.properties || d.properties END`,
      ],
    ],
  });
  p.sql(`CREATE TEMP TABLE _lm_ident_new (src text, ext_id text) ON COMMIT DROP`);
  p.suspend('customer_identities', 'SELECT count(*) FROM _lm_ident');
  p.bulk(true);
  p.sql(
    `WITH ins AS (
       INSERT INTO customer_identities (id, customer_id, source, external_id, email, phone, first_seen_at, last_seen_at,
                                        properties, import_batch_id)
       SELECT ${p.newId()}, d.customer_id, d.src, d.ext_id, d.email, d.phone, d.first_at, d.last_at, coalesce(d.properties, '{}'::jsonb), ${p.B}
         FROM _lm_ident d
        WHERE NOT EXISTS (SELECT 1 FROM customer_identities i WHERE i.source = d.src AND i.external_id = d.ext_id)
       RETURNING source, external_id)
     INSERT INTO _lm_ident_new SELECT source, external_id FROM ins`,
  );
  p.bulk(false);
  p.count(null, 'customer_identities', 'inserted', '_lm_ident_new');
  if (p.has('person')) {
    const via = `_lm_person pr JOIN _lm_ref r ON r.ref_key = ${personKey}`;
    p.count('person', null, 'inserted', `${via} WHERE r.customer_id IN (SELECT id FROM _lm_newc)`);
    p.count(
      'person',
      null,
      'updated',
      `${via} WHERE r.customer_id NOT IN (SELECT id FROM _lm_newc)
         AND (r.customer_id IN (SELECT row_id FROM _lm_cust_upd)
              OR EXISTS (SELECT 1 FROM _lm_ident_new n WHERE n.src = pr.src AND n.ext_id = pr.key)
              OR EXISTS (SELECT 1 FROM _lm_ident_upd u JOIN customer_identities i ON i.id = u.row_id
                          WHERE i.source = pr.src AND i.external_id = pr.key))`,
    );
  }
}

function stats(p: Plan): void {
  p.sql(
    `CREATE TEMP TABLE _lm_st ON COMMIT DROP AS
     SELECT s.*, r.campaign_id, x.id AS existing_id
       FROM _lm_stats s
       JOIN _lm_cref r ON r.src = s.src AND r.sid = s.campaign_sid
       LEFT JOIN campaign_reported_stats x
         ON x.campaign_id = r.campaign_id AND x.source = s.src
        AND coalesce(x.period_start, '0001-01-01') = coalesce(s.period_start, '0001-01-01')
        AND coalesce(x.period_end, '0001-01-01') = coalesce(s.period_end, '0001-01-01')`,
  );
  // Reported figures become the campaign's totals (a trigger sums them): record the campaigns first.
  p.capture(
    'campaigns',
    'id',
    `t.id IN (SELECT campaign_id FROM _lm_st) AND t.import_batch_id IS DISTINCT FROM ${p.B}`,
  );
  const figures = [
    'recipients',
    'delivered',
    'bounces',
    'soft_bounces',
    'hard_bounces',
    'unique_opens',
    'total_opens',
    'unique_clicks',
    'total_clicks',
    'unsubscribes',
    'complaints',
    'orders',
    'revenue',
    'currency',
  ];
  const derived = `coalesce(ARRAY(SELECT jsonb_array_elements_text(s.derived)), '{}'::text[])`;
  p.insertCounted(
    'campaign-stats',
    'campaign_reported_stats',
    `INSERT INTO campaign_reported_stats (campaign_id, source, period_start, period_end, ${figures.join(', ')}, derived_fields, import_batch_id)
     SELECT s.campaign_id, s.src, s.period_start, s.period_end, ${figures.map((f) => `s.${f}`).join(', ')}, ${derived}, ${p.B}
       FROM _lm_st s WHERE s.existing_id IS NULL`,
  );
  p.updateChanged({
    temp: '_lm_st_upd',
    table: 'campaign_reported_stats',
    pk: 'id',
    from: `FROM campaign_reported_stats t JOIN _lm_st s ON s.existing_id = t.id`,
    sets: [...figures.map((f) => [f, `coalesce(s.${f}, t.${f})`] as const), ['derived_fields', derived]],
    kind: 'campaign-stats',
  });
}

/**
 * Per delivery: its status, times and counts from its events. `source(where)` is a subquery
 * of (group columns…, ev: a delivery event word, at, reason, bounce_type) filtered by `where`.
 * The last bounce's and failure's details come from the few messages that have one, so the
 * aggregate over all events needs no ordering.
 */
function deliveryAggregates(
  source: (where: string) => string,
  group: string[],
  extra: string[] = [],
): string {
  const g = group.join(', ');
  const on = (alias: string): string => group.map((c) => `${alias}.${c} = a.${c}`).join(' AND ');
  return `SELECT a.*, b.bounce_type, b.bounce_reason, f.failure_reason FROM (
    SELECT ${g}, ${extra.map((e) => `${e}, `).join('')}
           min(at) FILTER (WHERE ev = 'processed') AS processed_at,
           min(at) AS first_at,
           min(at) FILTER (WHERE ev = 'delivered') AS delivered_at,
           max(at) FILTER (WHERE ev = 'delivered') AS last_delivered_at,
           min(at) FILTER (WHERE ev = 'open') AS opened_at,
           max(at) FILTER (WHERE ev = 'open') AS last_opened_at,
           count(*) FILTER (WHERE ev = 'open') AS open_count,
           min(at) FILTER (WHERE ev = 'click') AS first_click_at,
           max(at) FILTER (WHERE ev = 'click') AS last_click_at,
           count(*) FILTER (WHERE ev = 'click') AS total_clicks,
           min(at) FILTER (WHERE ev IN ('unsubscribe', 'group_unsubscribe')) AS unsubscribed_at,
           min(at) FILTER (WHERE ev = 'spam_report') AS complained_at,
           max(at) FILTER (WHERE ev = 'bounce') AS last_bounce_at,
           bool_or(ev = 'dropped') AS dropped,
           bool_or(ev = 'deferred') AS deferred
      FROM ${source('true')} GROUP BY ${g}) a
    LEFT JOIN (SELECT DISTINCT ON (${g}) ${g}, bounce_type, reason AS bounce_reason
                 FROM ${source(`ev = 'bounce'`)} ORDER BY ${g}, at DESC) b ON ${on('b')}
    LEFT JOIN (SELECT DISTINCT ON (${g}) ${g}, reason AS failure_reason
                 FROM ${source(`ev IN ('dropped', 'deferred') AND reason IS NOT NULL`)} ORDER BY ${g}, at DESC) f ON ${on('f')}`;
}

/**
 * A message is delivered once anything proves it arrived (an open, click,
 * complaint or unsubscribe, or a delivered event not followed by a bounce);
 * otherwise bounced, dropped, deferred or simply sent.
 */
const DELIVERY_STATUS = `CASE
  WHEN a.opened_at IS NOT NULL OR a.first_click_at IS NOT NULL OR a.complained_at IS NOT NULL OR a.unsubscribed_at IS NOT NULL THEN 'delivered'
  WHEN a.delivered_at IS NOT NULL AND (a.last_bounce_at IS NULL OR a.last_delivered_at >= a.last_bounce_at) THEN 'delivered'
  WHEN a.last_bounce_at IS NOT NULL THEN 'bounced'
  WHEN a.dropped THEN 'dropped'
  WHEN a.deferred THEN 'deferred'
  ELSE 'sent' END`;

const DELIVERY_FIELDS: Sets = [
  ['status', DELIVERY_STATUS],
  ['sent_at', 'coalesce(a.processed_at, a.first_at)'],
  [
    'delivered_at',
    `coalesce(a.delivered_at, least(a.opened_at, a.first_click_at, a.complained_at, a.unsubscribed_at))`,
  ],
  ['opened_at', 'a.opened_at'],
  ['last_opened_at', 'a.last_opened_at'],
  ['open_count', 'a.open_count'],
  ['first_click_at', 'a.first_click_at'],
  ['last_click_at', 'a.last_click_at'],
  ['total_clicks', 'a.total_clicks'],
  ['unsubscribed_at', 'a.unsubscribed_at'],
  ['complained_at', 'a.complained_at'],
  ['bounce_type', 'a.bounce_type'],
  ['bounce_reason', 'a.bounce_reason'],
  ['failure_reason', 'a.failure_reason'],
];

function deliveries(p: Plan): void {
  p.sql(
    `CREATE TEMP TABLE _lm_msg ON COMMIT DROP AS
     SELECT m.*, cr.campaign_id, r.customer_id, coalesce(d.id, ${p.newId()}) AS delivery_id, d.id IS NULL AS is_new
       FROM _lm_msg0 m
       JOIN _lm_cref cr ON cr.src = m.src AND cr.sid = coalesce(m.campaign_sid, ${lit(NO_CAMPAIGN)})
       LEFT JOIN _lm_ref r ON r.ref_key = ${refKey('m.src', 'NULL::text', 'm.email_norm')}
       LEFT JOIN message_deliveries d ON d.service_provider = m.src AND d.external_message_id = m.message_id`,
  );
  p.sql(`ANALYZE _lm_msg`);
  // Delivery counts feed the campaigns' totals (a trigger keeps them): record those campaigns first.
  p.capture(
    'campaigns',
    'id',
    `t.id IN (SELECT DISTINCT campaign_id FROM _lm_msg) AND t.import_batch_id IS DISTINCT FROM ${p.B}`,
  );
  const dev = p.stage('delivery');
  const newMessages = `SELECT count(*) FROM _lm_msg WHERE is_new`;
  const newEvents = `SELECT count(*) FROM ${dev}`;
  p.suspend('message_deliveries', newMessages);
  p.suspend('customer_events', newEvents);
  p.suspend('touchpoints', `SELECT count(*) FROM ${dev} WHERE event = 'click'`);

  // New messages: everything known about them is in this file.
  p.bulk(true);
  p.insertCounted(
    null,
    'message_deliveries',
    `INSERT INTO message_deliveries (id, campaign_id, customer_id, recipient_email, subject_line, external_message_id,
                                     service_provider, import_batch_id, ${DELIVERY_FIELDS.map(([c]) => c).join(', ')})
     SELECT a.delivery_id, a.campaign_id, a.customer_id, a.email, a.subject, a.message_id, a.src, ${p.B},
            ${DELIVERY_FIELDS.map(([, e]) => e).join(', ')}
       FROM _lm_msg a WHERE a.is_new`,
  );
  // What the skipped statement trigger would have done: count the new deliveries into their campaigns.
  p.sql(
    `SELECT loupe.recount_campaign_deliveries(ARRAY(SELECT DISTINCT campaign_id FROM _lm_msg WHERE is_new))`,
  );
  p.analyze('message_deliveries', newMessages);

  const typeOf = caseMap('e.event', EMAIL_EVENT_TYPES);
  // The message's recipient, subject and campaign are on its delivery; an event keeps what is its own.
  const props = `CASE WHEN e.url IS NULL AND e.reason IS NULL AND e.bounce_type IS NULL AND e.machine_open IS NULL
                      THEN '{}'::jsonb
                      ELSE jsonb_strip_nulls(jsonb_build_object('url', e.url, 'reason', e.reason,
                             'bounce_type', e.bounce_type, 'machine_open', e.machine_open)) END`;
  p.insertCounted(
    'delivery-event',
    'customer_events',
    `INSERT INTO customer_events (id, customer_id, event_type, event_category, event_name, event_properties, channel,
                                  campaign_id, delivery_id, occurred_at, data_source, source_system, external_event_id,
                                  import_batch_id)
     SELECT ${p.newId()}, m.customer_id, ${typeOf}, 'email', ${typeOf}, ${props}, 'email', m.campaign_id, m.delivery_id,
            e.at, 'import', e.src, e.key, ${p.B}
       FROM ${dev} e JOIN _lm_msg m ON m.src = e.src AND m.message_id = e.message_id
      WHERE NOT EXISTS (SELECT 1 FROM customer_events x WHERE x.source_system = e.src AND x.external_event_id = e.key)`,
  );
  p.bulk(false);
  p.analyze('customer_events', newEvents);
  // Events seen before: only a revised export changes them. Skipped outright when every event was new.
  p.updateChanged({
    temp: '_lm_ev_upd',
    table: 'customer_events',
    pk: 'id',
    from: `FROM customer_events t
           JOIN ${dev} e ON t.source_system = e.src AND t.external_event_id = e.key
           JOIN _lm_msg m ON m.src = e.src AND m.message_id = e.message_id
          WHERE t.import_batch_id IS DISTINCT FROM ${p.B}
            AND (SELECT sum(inserted) FROM _lm_counts WHERE kind = 'delivery-event') < (SELECT count(*) FROM ${dev})`,
    sets: [
      ['customer_id', 'coalesce(m.customer_id, t.customer_id)'],
      ['campaign_id', 'm.campaign_id'],
      ['delivery_id', 'm.delivery_id'],
      ['event_properties', `coalesce(t.event_properties, '{}'::jsonb) || ${props}`],
    ],
    kind: 'delivery-event',
  });

  // Messages seen before: recounted from all their stored events, this file's included.
  const stored = (
    where: string,
  ): string => `(SELECT * FROM (SELECT ev.delivery_id, ${caseMap('ev.event_type', EVENT_WORDS)} AS ev,
                          ev.occurred_at AS at, ev.event_properties ->> 'reason' AS reason,
                          ev.event_properties ->> 'bounce_type' AS bounce_type
                     FROM customer_events ev
                    WHERE ev.delivery_id IN (SELECT delivery_id FROM _lm_msg WHERE NOT is_new)) s WHERE ${where}) x`;
  p.updateChanged({
    temp: '_lm_del_upd',
    table: 'message_deliveries',
    pk: 'id',
    from: `FROM message_deliveries t
           JOIN _lm_msg m ON m.delivery_id = t.id AND NOT m.is_new
           JOIN (${deliveryAggregates(stored, ['delivery_id'])}) a ON a.delivery_id = t.id`,
    sets: [
      ['campaign_id', 'm.campaign_id'],
      ['customer_id', 'coalesce(m.customer_id, t.customer_id)'],
      ['recipient_email', 'coalesce(m.email, t.recipient_email)'],
      ['subject_line', 'coalesce(m.subject, t.subject_line)'],
      ...DELIVERY_FIELDS,
    ],
  });

  // A click is a touch on the person's path to a conversion.
  p.bulk(true);
  p.insertCounted(
    null,
    'touchpoints',
    `INSERT INTO touchpoints (touchpoint_id, contact_id, touchpoint_type, touchpoint_date, channel, channel_is_explicit,
                              source, medium, campaign_id, campaign_name, landing_page_url, event_id, delivery_id,
                              source_system, external_id, import_batch_id)
     SELECT ${p.newId()}, m.customer_id, 'email_click', e.at, 'Email', true, e.src, 'email', m.campaign_id, m.campaign_name, e.url,
            ev.id, m.delivery_id, e.src, e.key, ${p.B}
       FROM ${dev} e
       JOIN _lm_msg m ON m.src = e.src AND m.message_id = e.message_id
       JOIN customer_events ev ON ev.source_system = e.src AND ev.external_event_id = e.key
      WHERE e.event = 'click' AND m.customer_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM touchpoints x WHERE x.source_system = e.src AND x.external_id = e.key)`,
  );
  p.bulk(false);
}

function orders(p: Plan): void {
  p.sql(
    `CREATE TEMP TABLE _lm_ord ON COMMIT DROP AS
     SELECT o.*, r.customer_id AS resolved_customer, coalesce(x1.id, x2.id) AS existing_id,
            -- Order numbers are unique in a workspace; another source's #1001 keeps its source as a prefix.
            CASE WHEN x1.id IS NULL AND x2.id IS NULL
                      AND EXISTS (SELECT 1 FROM customer_orders t WHERE t.order_id = o.source_id)
                 THEN o.src || ':' || o.source_id
                 ELSE coalesce(x1.order_id, x2.order_id, o.source_id) END AS order_no,
            ${p.newId()} AS new_id
       FROM _lm_order o
       LEFT JOIN _lm_ref r ON r.ref_key = ${refKey('o.src', 'o.customer_sid', 'o.email_norm')}
       LEFT JOIN customer_orders x1 ON x1.order_id = o.source_id AND x1.source_system = o.src
       LEFT JOIN customer_orders x2 ON x2.order_id = o.src || ':' || o.source_id AND x2.source_system = o.src`,
  );
  p.sql(`ANALYZE _lm_ord`);
  // Order totals feed the people's order metrics (a trigger keeps them): record those people first.
  p.capture(
    'customers',
    'id',
    `t.id IN (SELECT resolved_customer FROM _lm_ord
               UNION SELECT c.customer_id FROM customer_orders c JOIN _lm_ord o ON c.id = o.existing_id)
     AND t.import_batch_id IS DISTINCT FROM ${p.B}`,
  );
  const status = caseMap('o.status', ORDER_STATUS);
  const custom = `jsonb_strip_nulls(jsonb_build_object('discount_codes', o.discount_codes, 'fulfillment_status',
                    o.fulfillment_status))`;
  p.insertCounted(
    'order',
    'customer_orders',
    `INSERT INTO customer_orders (id, order_id, source_system, customer_id, order_status, order_total, refunded_amount, currency, subtotal,
                                  tax_amount, shipping_amount, discount_amount, ordered_at, confirmed_at, cancelled_at,
                                  shipping_country, promotion_code, referrer_url, landing_page_url, utm_source, utm_medium,
                                  utm_campaign, payment_status, order_source, product_count, custom_fields, import_batch_id)
     SELECT o.new_id, o.order_no, o.src, o.resolved_customer, coalesce(${status}, 'completed'), o.total,
            coalesce(o.refunded, 0), coalesce(o.currency, ${lit(p.input.currency)}), o.subtotal, coalesce(o.tax, 0), coalesce(o.shipping, 0),
            coalesce(o.discount, 0), o.ordered_at, o.paid_at, o.cancelled_at, o.country, o.discount_codes ->> 0,
            o.referring_site, o.landing_site, o.utm_source, o.utm_medium, o.utm_campaign, o.financial_status,
            o.source_channel, coalesce(nullif(jsonb_array_length(o.items), 0), 1), ${custom}, ${p.B}
       FROM _lm_ord o WHERE o.existing_id IS NULL`,
  );
  const keep = (col: string, expr: string): readonly [string, string] => [col, `coalesce(${expr}, t.${col})`];
  p.updateChanged({
    temp: '_lm_ord_upd',
    table: 'customer_orders',
    pk: 'id',
    from: `FROM customer_orders t JOIN _lm_ord o ON o.existing_id = t.id`,
    sets: [
      keep('customer_id', 'o.resolved_customer'),
      keep('order_status', status),
      ['order_total', 'o.total'],
      keep('refunded_amount', 'o.refunded'),
      keep('currency', 'o.currency'),
      keep('subtotal', 'o.subtotal'),
      keep('tax_amount', 'o.tax'),
      keep('shipping_amount', 'o.shipping'),
      keep('discount_amount', 'o.discount'),
      ['ordered_at', 'o.ordered_at'],
      keep('confirmed_at', 'o.paid_at'),
      keep('cancelled_at', 'o.cancelled_at'),
      keep('shipping_country', 'o.country'),
      keep('promotion_code', `o.discount_codes ->> 0`),
      keep('referrer_url', 'o.referring_site'),
      keep('landing_page_url', 'o.landing_site'),
      keep('utm_source', 'o.utm_source'),
      keep('utm_medium', 'o.utm_medium'),
      keep('utm_campaign', 'o.utm_campaign'),
      keep('payment_status', 'o.financial_status'),
      keep('order_source', 'o.source_channel'),
      keep('product_count', 'nullif(jsonb_array_length(o.items), 0)'),
      ['custom_fields', `coalesce(t.custom_fields, '{}'::jsonb) || ${custom}`],
    ],
  });
  // Line items are replaced when they differ (compared as a set, in their stored precision).
  const storedItems = `(SELECT array_agg(x ORDER BY x) FROM (
                         SELECT concat_ws('|', i.product_id, i.product_name, coalesce(i.product_sku, ''), i.unit_price,
                                          i.quantity, i.total_price, coalesce(i.discount_amount, 0.00)) AS x
                           FROM customer_order_items i WHERE i.order_id = o.existing_id) s)`;
  const fileItems = `(SELECT array_agg(x ORDER BY x) FROM (
                       SELECT concat_ws('|', coalesce(j ->> 'sku', j ->> 'name'), j ->> 'name', coalesce(j ->> 'sku', ''),
                                        round((j ->> 'unit_price')::numeric, 2), (j ->> 'quantity')::integer,
                                        round((j ->> 'line_total')::numeric, 2),
                                        round(coalesce((j ->> 'discount')::numeric, 0), 2)) AS x
                         FROM jsonb_array_elements(o.items) j) s)`;
  p.sql(
    `CREATE TEMP TABLE _lm_items_changed ON COMMIT DROP AS
     SELECT o.existing_id AS order_id FROM _lm_ord o
      WHERE o.existing_id IS NOT NULL AND jsonb_array_length(o.items) > 0 AND ${storedItems} IS DISTINCT FROM ${fileItems}`,
  );
  p.capture('customer_order_items', 'id', `t.order_id IN (SELECT order_id FROM _lm_items_changed)`);
  p.sql(`DELETE FROM customer_order_items WHERE order_id IN (SELECT order_id FROM _lm_items_changed)`);
  p.suspend('customer_order_items', `SELECT coalesce(sum(jsonb_array_length(items)), 0) FROM _lm_ord`);
  p.bulk(true);
  p.insertCounted(
    null,
    'customer_order_items',
    `INSERT INTO customer_order_items (id, order_id, product_id, product_name, product_sku, unit_price, quantity,
                                       total_price, discount_amount, import_batch_id)
     SELECT ${p.newId()}, coalesce(o.existing_id, o.new_id), coalesce(j ->> 'sku', j ->> 'name'), j ->> 'name', j ->> 'sku',
            (j ->> 'unit_price')::numeric, (j ->> 'quantity')::integer, (j ->> 'line_total')::numeric,
            coalesce((j ->> 'discount')::numeric, 0), ${p.B}
       FROM _lm_ord o, jsonb_array_elements(o.items) j
      WHERE o.existing_id IS NULL OR o.existing_id IN (SELECT order_id FROM _lm_items_changed)`,
  );
  p.bulk(false);
  p.count(
    'order',
    null,
    'updated',
    `_lm_ord o WHERE o.existing_id IN (SELECT row_id FROM _lm_ord_upd UNION SELECT order_id FROM _lm_items_changed)`,
  );
}

function touchpoints(p: Plan): void {
  p.sql(
    `CREATE TEMP TABLE _lm_tp ON COMMIT DROP AS
     SELECT tp.*, r.customer_id FROM _lm_touchpoint tp
       JOIN _lm_ref r ON r.ref_key = ${refKey('tp.src', 'tp.person_sid', 'tp.email_norm')}`,
  );
  const type = `CASE
    WHEN tp.click_id IS NOT NULL THEN 'ad_click'
    WHEN lower(tp.medium) = 'email' OR lower(tp.channel) = 'email' THEN 'email_click'
    WHEN lower(tp.medium) = 'sms' OR lower(tp.channel) = 'sms' THEN 'sms_click'
    WHEN lower(tp.medium) IN ('cpc', 'ppc', 'paid', 'paidsearch', 'paid_search', 'cpm', 'display', 'paid_social', 'paidsocial', 'banner') THEN 'ad_click'
    WHEN lower(tp.medium) IN ('social', 'social-media', 'social_media', 'organic_social', 'sm') THEN 'social'
    WHEN lower(tp.medium) = 'referral' OR (tp.medium IS NULL AND tp.referrer IS NOT NULL) THEN 'referral'
    ELSE 'web_visit' END`;
  p.suspend('touchpoints', 'SELECT count(*) FROM _lm_tp');
  p.bulk(true);
  p.insertCounted(
    'touchpoint',
    'touchpoints',
    `INSERT INTO touchpoints (touchpoint_id, contact_id, touchpoint_type, touchpoint_date, channel, channel_is_explicit,
                              source, medium, campaign_name, content, term, referrer_url, landing_page_url, click_id,
                              source_system, external_id, import_batch_id)
     SELECT ${p.newId()}, tp.customer_id, ${type}, tp.at, tp.channel, tp.channel IS NOT NULL, tp.traffic_source, tp.medium, tp.campaign,
            tp.content, tp.term, tp.referrer, tp.landing_url, tp.click_id, tp.src, tp.key, ${p.B}
       FROM _lm_tp tp
      WHERE NOT EXISTS (SELECT 1 FROM touchpoints x WHERE x.source_system = tp.src AND x.external_id = tp.key)`,
  );
  p.bulk(false);
  p.analyze('touchpoints', 'SELECT count(*) FROM _lm_tp');
  const keep = (col: string, expr: string): readonly [string, string] => [col, `coalesce(${expr}, t.${col})`];
  p.updateChanged({
    temp: '_lm_tp_upd',
    table: 'touchpoints',
    pk: 'touchpoint_id',
    from: `FROM touchpoints t JOIN _lm_tp tp ON t.source_system = tp.src AND t.external_id = tp.key
           WHERE t.import_batch_id IS DISTINCT FROM ${p.B}`,
    sets: [
      ['contact_id', 'tp.customer_id'],
      ['touchpoint_date', 'tp.at'],
      keep('channel', 'tp.channel'),
      ['channel_is_explicit', 'tp.channel IS NOT NULL OR t.channel_is_explicit'],
      keep('source', 'tp.traffic_source'),
      keep('medium', 'tp.medium'),
      keep('campaign_name', 'tp.campaign'),
      keep('content', 'tp.content'),
      keep('term', 'tp.term'),
      keep('referrer_url', 'tp.referrer'),
      keep('landing_page_url', 'tp.landing_url'),
      keep('click_id', 'tp.click_id'),
    ],
    kind: 'touchpoint',
  });
}

function spend(p: Plan): void {
  // Reports broken down further than the table (several rows per campaign, ad group, ad and day) add up.
  p.sql(
    `CREATE TEMP TABLE _lm_sp ON COMMIT DROP AS
     SELECT a.*, cr.campaign_id, x.id AS existing_id
       FROM (SELECT replace(s.platform, '-', '_') AS source, min(s.src) AS src, s.account_id, min(s.account_name) AS account_name,
                    s.campaign_sid, min(s.campaign_name) AS campaign_name, s.ad_group, s.ad_name, s.day,
                    min(s.channel) AS channel, min(s.currency) AS currency, sum(s.cost) AS cost,
                    sum(s.impressions) AS impressions, sum(s.clicks) AS clicks, sum(s.conversions) AS conversions,
                    sum(s.conversion_value) AS conversion_value, count(*) AS records
               FROM _lm_spend s
              GROUP BY replace(s.platform, '-', '_'), s.account_id, s.campaign_sid,
                       CASE WHEN s.campaign_sid IS NULL THEN s.campaign_name END, s.ad_group, s.ad_name, s.day) a
       LEFT JOIN _lm_cref cr ON cr.src = a.src AND cr.sid = coalesce(a.campaign_sid, a.campaign_name)
       LEFT JOIN ad_spend_daily x
         ON x.source = a.source AND coalesce(x.account_id, '') = coalesce(a.account_id, '')
        AND coalesce(x.external_campaign_id, x.campaign_name, '') = coalesce(a.campaign_sid, a.campaign_name, '')
        AND coalesce(x.ad_group, '') = coalesce(a.ad_group, '') AND coalesce(x.ad_name, '') = coalesce(a.ad_name, '')
        AND x.spend_date = a.day`,
  );
  // Spend feeds the campaigns' budget_spent (a trigger keeps it): record those campaigns first.
  p.capture(
    'campaigns',
    'id',
    `t.id IN (SELECT campaign_id FROM _lm_sp UNION SELECT x.campaign_id FROM ad_spend_daily x JOIN _lm_sp s ON s.existing_id = x.id)
     AND t.import_batch_id IS DISTINCT FROM ${p.B}`,
  );
  const channel = caseMap('s.channel', SPEND_CHANNEL);
  p.sql(
    `WITH ins AS (
       INSERT INTO ad_spend_daily (spend_date, source, account_id, account_name, external_campaign_id, campaign_name,
                                   campaign_id, ad_group, ad_name, channel, currency, spend, impressions, clicks,
                                   conversions, conversion_value, import_batch_id)
       SELECT s.day, s.source, s.account_id, s.account_name, s.campaign_sid, s.campaign_name, s.campaign_id, s.ad_group,
              s.ad_name, ${channel}, coalesce(s.currency, ${lit(p.input.currency)}), s.cost, s.impressions, s.clicks,
              s.conversions, s.conversion_value, ${p.B}
         FROM _lm_sp s WHERE s.existing_id IS NULL
       RETURNING 1)
     INSERT INTO _lm_counts (tbl, inserted) SELECT 'ad_spend_daily', count(*) FROM ins`,
  );
  p.sql(
    `INSERT INTO _lm_counts (kind, inserted) SELECT 'ad-spend', coalesce(sum(records), 0) FROM _lm_sp WHERE existing_id IS NULL`,
  );
  const keep = (col: string, expr: string): readonly [string, string] => [col, `coalesce(${expr}, t.${col})`];
  p.updateChanged({
    temp: '_lm_sp_upd',
    table: 'ad_spend_daily',
    pk: 'id',
    from: `FROM ad_spend_daily t JOIN _lm_sp s ON s.existing_id = t.id`,
    sets: [
      keep('account_name', 's.account_name'),
      keep('campaign_id', 's.campaign_id'),
      keep('channel', channel),
      keep('currency', 's.currency'),
      ['spend', 's.cost'],
      keep('impressions', 's.impressions'),
      keep('clicks', 's.clicks'),
      keep('conversions', 's.conversions'),
      keep('conversion_value', 's.conversion_value'),
    ],
  });
  p.sql(
    `INSERT INTO _lm_counts (kind, updated) SELECT 'ad-spend', coalesce(sum(s.records), 0)
       FROM _lm_sp s WHERE s.existing_id IN (SELECT row_id FROM _lm_sp_upd)`,
  );
}

function events(p: Plan): void {
  p.sql(
    `CREATE TEMP TABLE _lm_ev ON COMMIT DROP AS
     SELECT e.*, r.customer_id FROM _lm_event e
       LEFT JOIN _lm_ref r ON r.ref_key = ${refKey('e.src', 'e.person_sid', 'e.email_norm')}`,
  );
  p.suspend('customer_events', 'SELECT count(*) FROM _lm_ev');
  p.bulk(true);
  p.insertCounted(
    'event',
    'customer_events',
    `INSERT INTO customer_events (id, customer_id, event_type, event_name, event_properties, event_value, currency,
                                  session_id, page_url, occurred_at, data_source, source_system, external_event_id,
                                  import_batch_id)
     SELECT ${p.newId()}, e.customer_id, e.event_type, e.event_type, coalesce(e.properties, '{}'::jsonb), e.value, e.currency,
            e.session_id, e.page_url, e.at, 'import', e.src, e.key, ${p.B}
       FROM _lm_ev e
      WHERE NOT EXISTS (SELECT 1 FROM customer_events x WHERE x.source_system = e.src AND x.external_event_id = e.key)`,
  );
  p.bulk(false);
  p.analyze('customer_events', 'SELECT count(*) FROM _lm_ev');
  const keep = (col: string, expr: string): readonly [string, string] => [col, `coalesce(${expr}, t.${col})`];
  p.updateChanged({
    temp: '_lm_gev_upd',
    table: 'customer_events',
    pk: 'id',
    from: `FROM customer_events t JOIN _lm_ev e ON t.source_system = e.src AND t.external_event_id = e.key
           WHERE t.import_batch_id IS DISTINCT FROM ${p.B}`,
    sets: [
      keep('customer_id', 'e.customer_id'),
      ['event_type', 'e.event_type'],
      ['occurred_at', 'e.at'],
      [
        'event_properties',
        `coalesce(t.event_properties, '{}'::jsonb) || coalesce(e.properties, '{}'::jsonb)`,
      ],
      keep('event_value', 'e.value'),
      keep('currency', 'e.currency'),
      keep('session_id', 'e.session_id'),
      keep('page_url', 'e.page_url'),
    ],
    kind: 'event',
  });
}

function finish(p: Plan): void {
  const i = p.input;
  for (const table of p.suspended) p.sql(`SELECT loupe.rebuild_indexes(defs) FROM _lm_ix_${table}`);
  p.sql(`DROP SEQUENCE _lm_seq`);
  p.sql(
    `INSERT INTO loupe.import_rejections (batch_id, entry, row_number, raw, reason, field)
     SELECT ${p.B}, entry, row_number, raw, reason, field FROM ${i.staging.table('rejections')}
     ON CONFLICT DO NOTHING`,
  );
  // Campaigns and people were recorded before triggers might recount them; keep only those that really changed.
  for (const table of ['campaigns', 'customers']) {
    p.sql(
      `DELETE FROM loupe.import_overwrites o USING ${table} t
        WHERE o.batch_id = ${p.B} AND o.table_name = ${lit(table)} AND t.id = o.row_id
          AND (to_jsonb(t) - 'updated_at') = (o.old_row - 'updated_at')`,
    );
  }
  p.sql(
    `UPDATE loupe.import_batches b
        SET finished_at = clock_timestamp(),
            rows_inserted = k.inserted, rows_updated = k.updated, rows_unchanged = k.total - k.inserted - k.updated,
            row_counts = (SELECT tables FROM (${COUNTS_SQL}) c)
       FROM (SELECT coalesce(sum(inserted), 0) AS inserted, coalesce(sum(updated), 0) AS updated,
                    coalesce(sum(total), 0) AS total
               FROM _lm_counts WHERE kind IS NOT NULL) k
      WHERE b.id = ${p.B}`,
  );
  p.sql(
    `INSERT INTO activity_logs (activity_type, resource_type, resource_id, resource_name, action_description, new_values,
                                organization_id, data_sensitivity, additional_context)
     SELECT 'import', 'import_batch', b.id::text, b.file_name,
            format('imported %s (%s): %s inserted, %s updated, %s unchanged, %s rejected', b.file_name, b.format,
                   b.rows_inserted, b.rows_updated, b.rows_unchanged, b.rows_rejected),
            b.row_counts, loupe.local_organization_id(), 'internal', b.options
       FROM loupe.import_batches b WHERE b.id = ${p.B}`,
  );
}
