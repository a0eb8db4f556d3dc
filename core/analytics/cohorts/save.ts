import { randomUUID } from 'node:crypto';
import type { SqlValue } from '../../api/sql';
import type { WorkspaceDb } from '../../db/workspace-db';
import type { Statement } from '../../db/worker-protocol';
import { ServiceError } from '../../errors';
import { csvLine } from '../../imports/load/csv';
import type { CohortResult } from './types';

/** What names a saved cohort analysis, beyond the options the result echoes. */
export interface CohortDefinition {
  /** Saving again under the same name replaces the saved figures. */
  name: string;
  description?: string;
  /** How the people filter was chosen (a segment id, criteria), kept as cohorts.inclusion_criteria. */
  inclusionCriteria?: { [key: string]: SqlValue };
  /** How long the computation took, kept as cohorts.last_calculation_duration. */
  calculationMs?: number;
}

export interface SavedCohort {
  id: string;
  memberships: number;
  retentionRows: number;
}

const TIME_PERIOD = { day: 'daily', week: 'weekly', month: 'monthly', quarter: 'quarterly' } as const;
const MEMBERSHIP_CHUNK = 50_000;
const RETENTION_COLUMNS = [
  'cohort_id',
  'cohort_period',
  'analysis_period',
  'analysis_date',
  'cohort_size',
  'active_customers',
  'retention_rate',
  'cumulative_retention_rate',
  'period_revenue',
  'cumulative_revenue',
  'average_revenue_per_user',
  'total_orders',
] as const;
// 12 parameters a row; PostgreSQL allows 65,535 in one statement.
const RETENTION_CHUNK = 2_000;

/**
 * Saves a cohort analysis: upserts the `cohorts` row with this name (the oldest
 * one when several share it), and replaces its cohort_memberships (first-time
 * cohorts: one row per person) and cohort_retention_data (one row per non-empty
 * cohort and period; rates as fractions, period 0 at 1 for both rates), all in
 * one transaction.
 */
export async function saveCohortResult(
  db: WorkspaceDb,
  def: CohortDefinition,
  result: CohortResult,
): Promise<SavedCohort> {
  const name = typeof def.name === 'string' ? def.name.trim() : '';
  if (name === '')
    throw new ServiceError('invalid-argument', 'Give the cohort analysis a name to save it under.');
  const o = result.options;
  if (o.mode === 'first-time' && !result.members) {
    throw new ServiceError(
      'invalid-argument',
      'These cohorts were computed without their members: compute them again with members included, then save.',
    );
  }

  const found = await db.query('SELECT id FROM cohorts WHERE name = $1 ORDER BY created_at, id LIMIT 1', [
    name,
  ]);
  const id = (found.rows[0]?.['id'] as string | undefined) ?? randomUUID();

  const lastPeriod = result.cohorts.reduce((m, c) => Math.max(m, c.cells.length - 1), 0);
  const first = result.cohorts[0];
  const last = result.cohorts[result.cohorts.length - 1];
  const periodsData = {
    version: 1,
    options: o,
    people: result.people,
    cohorts: result.cohorts.map((c) => ({
      label: c.label,
      start: c.start,
      end: c.end,
      size: c.size,
      complete_periods: c.cells.filter((cell) => !cell.incomplete).length,
    })),
    averages: result.averages,
  };
  const statements: Statement[] = [
    {
      sql: `INSERT INTO cohorts (id, name, description, cohort_type, time_period, date_field, start_date, end_date,
              inclusion_criteria, retention_periods, success_event, success_criteria, total_customers,
              cohort_periods_data, is_active, last_refreshed_at, last_calculation_duration)
            VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8::date, $9::jsonb, $10, $11, $12::jsonb, $13, $14::jsonb, true, now(),
              $15::double precision * interval '1 millisecond')
            ON CONFLICT (id) DO UPDATE SET
              name = EXCLUDED.name, description = EXCLUDED.description, cohort_type = EXCLUDED.cohort_type,
              time_period = EXCLUDED.time_period, date_field = EXCLUDED.date_field,
              start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date,
              inclusion_criteria = EXCLUDED.inclusion_criteria, retention_periods = EXCLUDED.retention_periods,
              success_event = EXCLUDED.success_event, success_criteria = EXCLUDED.success_criteria,
              total_customers = EXCLUDED.total_customers, cohort_periods_data = EXCLUDED.cohort_periods_data,
              is_active = true, last_refreshed_at = EXCLUDED.last_refreshed_at,
              last_calculation_duration = EXCLUDED.last_calculation_duration`,
      params: [
        id,
        name,
        def.description ?? null,
        o.by === 'first-event' ? 'behavior_based' : 'time_based',
        TIME_PERIOD[o.unit],
        o.by === 'first-seen'
          ? 'first_seen_at'
          : o.by === 'first-order'
            ? 'first_order_date'
            : `first_event:${o.byEventType ?? ''}`,
        first ? first.start : null,
        last ? last.end : null,
        JSON.stringify(def.inclusionCriteria ?? {}),
        o.maxPeriods ?? lastPeriod,
        o.returnEvent === 'any-activity'
          ? 'any_activity'
          : o.returnEvent === 'purchase'
            ? 'purchase'
            : (o.returnEventType ?? ''),
        JSON.stringify({
          return_event: o.returnEvent,
          event_type: o.returnEventType,
          mode: o.mode,
          counting: o.counting,
          as_of: o.asOfText,
        }),
        result.people.inCohorts,
        JSON.stringify(periodsData),
        def.calculationMs ?? null,
      ],
    },
    { sql: 'DELETE FROM cohort_memberships WHERE cohort_id = $1', params: [id] },
    { sql: 'DELETE FROM cohort_retention_data WHERE cohort_id = $1', params: [id] },
  ];

  let memberships = 0;
  if (o.mode === 'first-time' && result.members) {
    const m = result.members;
    for (let from = 0; from < m.personIds.length; from += MEMBERSHIP_CHUNK) {
      let data = '';
      const to = Math.min(m.personIds.length, from + MEMBERSHIP_CHUNK);
      for (let i = from; i < to; i++) {
        const cohort = result.cohorts[m.cohort[i] as number];
        if (!cohort)
          throw new Error(`Member ${i} names cohort ${m.cohort[i]}, which the result does not have.`);
        data += csvLine([
          id,
          m.personIds[i],
          cohort.label,
          cohort.start,
          cohort.end,
          new Date(m.at[i] as number).toISOString(),
        ]);
      }
      statements.push({
        sql: `COPY cohort_memberships (cohort_id, customer_id, cohort_period, period_start_date, period_end_date,
                joined_cohort_at) FROM '/dev/blob' WITH (FORMAT csv)`,
        copyData: data,
      });
      memberships += to - from;
    }
  }

  const rows: SqlValue[][] = [];
  for (const c of result.cohorts) {
    if (c.size === 0) continue;
    for (const cell of c.cells) {
      rows.push([
        id,
        c.label,
        cell.period,
        cell.start,
        c.size,
        cell.active,
        cell.rate ?? 0,
        cell.period === 0 ? 1 : (cell.cumulativeRate ?? 0),
        cell.revenue,
        cell.cumulativeRevenue,
        cell.arpu ?? 0,
        cell.orders,
      ]);
    }
  }
  for (let from = 0; from < rows.length; from += RETENTION_CHUNK) {
    const chunk = rows.slice(from, from + RETENTION_CHUNK);
    const params: SqlValue[] = [];
    const tuples = chunk.map((row) => {
      const start = params.length;
      params.push(...row);
      return `(${row.map((_, j) => `$${start + j + 1}`).join(', ')})`;
    });
    statements.push({
      sql: `INSERT INTO cohort_retention_data (${RETENTION_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`,
      params,
    });
  }

  await db.transaction(statements);
  return { id, memberships, retentionRows: rows.length };
}
