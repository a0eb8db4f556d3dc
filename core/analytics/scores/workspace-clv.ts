import { DateTime } from 'luxon';
import { readBinaryCopy } from '../../db/copy-binary';
import type { WorkspaceDb } from '../../db/workspace-db';
import { workspaceTimeZone } from '../../db/workspace-time-zone';
import { fail, ServiceError } from '../../errors';
import { csvLine } from '../../imports/load/csv';
import type { Activity } from '../activity/types';
import {
  compareHoldout,
  customerValue,
  fitBgNbd,
  fitGammaGamma,
  periodDiscountRate,
  summarizeTransactions,
} from '../clv';
import type { Transaction } from '../clv';
import type { ClvRequest, ClvResult } from './types';

export type { ClvRequest, ClvResult } from './types';

/**
 * Customer lifetime value for a workspace: BG/NBD (purchase frequency and
 * P(alive)) and Gamma-Gamma (spend per purchase) fitted by maximum likelihood on
 * purchases up to a calibration date, judged against the purchases after it, and
 * written back per customer. Time is in weeks, as in Fader, Hardie & Lee.
 */

export async function fitWorkspaceClv(db: WorkspaceDb, req: ClvRequest): Promise<ClvResult> {
  // Only the orders are read: the fit needs no Activity snapshot (reading one after an
  // import of millions of events would cost more than the fit).
  const timeZone = await workspaceTimeZone(db);
  const cal = DateTime.fromISO(req.calibrationEnd ?? '', { zone: timeZone });
  if (
    typeof req.calibrationEnd !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(req.calibrationEnd) ||
    !cal.isValid
  ) {
    fail(
      'invalid-argument',
      `The calibration end must be a date written YYYY-MM-DD, not "${String(req.calibrationEnd)}".`,
    );
  }
  const horizonDays = req.horizonDays ?? 365;
  if (!(Number.isFinite(horizonDays) && horizonDays > 0 && horizonDays <= 3650)) {
    fail('invalid-argument', 'The horizon is a number of days from 1 to 3650.', { horizonDays });
  }
  const rate = req.annualDiscountRate ?? 0.1;
  if (!(Number.isFinite(rate) && rate >= 0 && rate < 1)) {
    fail('invalid-argument', 'The annual discount rate is a fraction from 0 to below 1, e.g. 0.1.', { rate });
  }
  const calEndMs = cal.endOf('day').toMillis();
  const offset = cal.offset;
  // Every order that was not cancelled is a transaction, zero-value ones included: a free
  // purchase is still a purchase to BG/NBD (CDNOW has eight $0 purchases, and the published
  // fit counts them). Activity snapshots leave those out, so the orders are read here.
  const [bytes] = await db.copyOut([
    `COPY (SELECT customer_id::text, ordered_at, greatest(order_total - refunded_amount, 0)::float8
             FROM customer_orders WHERE customer_id IS NOT NULL AND order_status <> 'cancelled')
       TO '/dev/blob' WITH (FORMAT binary)`,
  ]);
  if (bytes === undefined) throw new Error('The database returned no orders.');
  const rows = readBinaryCopy(bytes, ['text', 'timestamptz', 'float8'] as const);
  const [who, when, amount] = rows.columns;
  const transactions: Transaction[] = new Array<Transaction>(rows.rows);
  let lastAt = -Infinity;
  for (let i = 0; i < rows.rows; i++) {
    transactions[i] = { customerId: who[i] ?? '', at: when[i] as number, amount: amount[i] as number };
    if ((when[i] as number) > lastAt) lastAt = when[i] as number;
  }
  // The holdout runs to the newest purchase.
  const end = DateTime.fromMillis(lastAt, { zone: timeZone });
  const endDay = end.toISODate() ?? req.calibrationEnd;
  const hasHoldout = endDay > req.calibrationEnd;
  const summary = summarizeTransactions(transactions, {
    calibrationEnd: req.calibrationEnd,
    ...(hasHoldout ? { observationEnd: endDay } : {}),
    timeUnit: 'weeks',
    utcOffsetMinutes: offset,
  });
  if (summary.customers.length === 0) {
    fail(
      'invalid-argument',
      `No purchases on or before ${req.calibrationEnd}: choose a later calibration end.`,
    );
  }
  // The fits fail with a clear invalid-argument when the data cannot support them (too few customers, no repeats).
  const bg = fitBgNbd(summary.customers);
  const gg = fitGammaGamma(summary.customers);
  // Parameters pushed to a bound mean the likelihood has no maximum inside the model: the
  // numbers it would give are artefacts of the bound, so say so instead of showing them.
  for (const [model, report] of [
    ['BG/NBD', bg.report],
    ['Gamma-Gamma', gg.report],
  ] as const) {
    if (report.atBounds.length > 0) {
      fail(
        'invalid-argument',
        `The ${model} model cannot be fitted to these purchases: ${report.atBounds.join(', ')} ran to the edge of the allowed range (${report.reason}). ` +
          (model === 'BG/NBD'
            ? 'The calibration period shows too little repeat buying or dropping out to estimate; try a longer calibration period or check that orders belong to the right customers.'
            : 'Spend per purchase barely varies between customers; CLV from average spend is the better estimate here.'),
        {
          model,
          atBounds: report.atBounds,
          params: model === 'BG/NBD' ? { ...bg.params } : { ...gg.params },
        },
      );
    }
  }
  // a and b running off together is BG/NBD's limit without dropout: the series behind
  // P(alive) and the expected purchases stop converging there, so refuse with the reason.
  if (bg.params.a > 1e4 || bg.params.b > 1e4) {
    fail(
      'invalid-argument',
      `The BG/NBD fit is degenerate (a ≈ ${bg.params.a.toPrecision(3)}, b ≈ ${bg.params.b.toPrecision(3)}): these purchases show no pattern of customers dropping out that the model can estimate, so it cannot give P(alive) or CLV. Try a longer calibration period, or use RFM and average spend instead.`,
      { params: { ...bg.params } },
    );
  }
  const warnings: string[] = [];
  if (!bg.report.converged) warnings.push(`BG/NBD: ${bg.report.reason}`);
  if (!gg.report.converged) warnings.push(`Gamma-Gamma: ${gg.report.reason}`);
  if (Math.abs(gg.frequencySpendCorrelation) > 0.3) {
    warnings.push(
      `Spend and purchase frequency correlate (${gg.frequencySpendCorrelation.toFixed(2)}); Gamma-Gamma assumes they do not, so CLV is less reliable.`,
    );
  }
  const holdout =
    hasHoldout && summary.holdoutDuration !== null
      ? compareHoldout(
          bg.params,
          summary.customers.map((c) => ({ ...c, holdoutFrequency: c.holdoutFrequency ?? 0 })),
          summary.holdoutDuration,
        )
      : null;
  // Value after the end of the calibration period over the horizon, discounted per 30-day period.
  // For a forward-looking CLV, calibrate up to the last day of data (the holdout is then empty).
  const horizonWeeks = horizonDays / 7;
  const periodWeeks = 30 / 7;
  const d = periodDiscountRate(rate, 30);
  const values = summary.customers.map((c) => ({
    customerId: c.customerId,
    ...customerValue(bg.params, gg.params, c, {
      horizon: horizonWeeks,
      periodLength: periodWeeks,
      discountRate: d,
    }),
  }));
  let purchases = 0;
  let clv = 0;
  let alive = 0;
  for (const v of values) {
    purchases += v.expectedPurchases;
    clv += v.clv;
    alive += v.pAlive;
  }
  const modelId = globalThis.crypto.randomUUID();
  const observationEnd = hasHoldout ? endDay : null;
  await db.transaction([
    {
      sql: `INSERT INTO score_models (id, kind, status, calibration_end, holdout_end, parameters, quality, message)
            VALUES ($1::uuid, 'clv', 'fitted', $2::timestamptz, $3::timestamptz, $4::jsonb, $5::jsonb, $6)`,
      params: [
        modelId,
        new Date(calEndMs).toISOString(),
        hasHoldout ? end.toISO() : null,
        JSON.stringify({ bgnbd: bg.params, gammaGamma: gg.params, horizonDays, annualDiscountRate: rate }),
        JSON.stringify({ bgnbd: bg.report, gammaGamma: gg.report, holdout: holdout?.aggregate ?? null }),
        warnings.join(' ') || null,
      ],
    },
    {
      sql: `CREATE TEMP TABLE _clv (customer_id uuid, p_alive float8, purchases float8, spend float8, clv float8) ON COMMIT DROP`,
    },
    {
      sql: `COPY _clv FROM '/dev/blob' WITH (FORMAT csv)`,
      copyData: values
        .map((v) => csvLine([v.customerId, v.pAlive, v.expectedPurchases, v.expectedSpend, v.clv]))
        .join(''),
    },
    { sql: `SET LOCAL loupe.writing_scores = 'on'` },
    {
      sql: `INSERT INTO customer_scores (customer_id, p_alive, predicted_purchases, expected_spend, clv, clv_model_id)
            SELECT customer_id, p_alive, purchases, spend, round(clv::numeric, 2), $1::uuid FROM _clv
            ON CONFLICT (customer_id) DO UPDATE SET p_alive = EXCLUDED.p_alive,
                   predicted_purchases = EXCLUDED.predicted_purchases, expected_spend = EXCLUDED.expected_spend,
                   clv = EXCLUDED.clv, clv_model_id = EXCLUDED.clv_model_id`,
      params: [modelId],
    },
    {
      // Lifetime value so far plus what the model expects over the horizon.
      sql: `UPDATE customers c SET lifetime_value = round((coalesce(c.total_revenue, 0) + x.clv)::numeric, 2)
              FROM _clv x WHERE c.id = x.customer_id
               AND c.lifetime_value IS DISTINCT FROM round((coalesce(c.total_revenue, 0) + x.clv)::numeric, 2)`,
    },
  ]);
  const top = [...values]
    .sort((a, b) => b.clv - a.clv || (a.customerId < b.customerId ? -1 : 1))
    .slice(0, 20)
    .map((v) => ({
      customerId: v.customerId,
      clv: v.clv,
      pAlive: v.pAlive,
      expectedPurchases: v.expectedPurchases,
    }));
  return {
    modelId,
    calibrationEnd: req.calibrationEnd,
    observationEnd,
    horizonDays,
    annualDiscountRate: rate,
    customers: summary.customers.length,
    repeatCustomers: gg.customers,
    bgnbd: { params: bg.params, report: bg.report },
    gammaGamma: {
      params: gg.params,
      report: gg.report,
      meanSpend: gg.meanSpend,
      frequencySpendCorrelation: gg.frequencySpendCorrelation,
    },
    holdout,
    totals: { expectedPurchases: purchases, clv, meanPAlive: alive / values.length },
    top,
    warnings,
  };
}

/**
 * The forward-looking CLV the background job keeps current: calibrated on every purchase
 * up to the data's end, so it values what customers will buy next. When the purchases
 * cannot support the models the refusal is recorded (score_models, status
 * not_enough_data) instead of failing the job, and earlier per-customer values stay.
 */
export async function refreshForwardClv(
  db: WorkspaceDb,
  activity: Activity,
): Promise<{ fitted: boolean; message: string | null }> {
  const calibrationEnd = DateTime.fromMillis(activity.takenAt, { zone: activity.timeZone }).toISODate();
  if (calibrationEnd === null || activity.orders.count === 0)
    return { fitted: false, message: 'No purchases yet.' };
  try {
    await fitWorkspaceClv(db, { calibrationEnd });
    return { fitted: true, message: null };
  } catch (err) {
    if (!(err instanceof ServiceError) || err.code !== 'invalid-argument') throw err;
    await db.query(
      `INSERT INTO score_models (kind, status, calibration_end, message) VALUES ('clv', 'not_enough_data', $1::timestamptz, $2)`,
      [new Date(activity.takenAt).toISOString(), err.message],
    );
    return { fitted: false, message: err.message };
  }
}
