import { ServiceError } from '../../errors';
import { conditionalExpectation, expectedPurchases, probabilityAlive } from './bgnbd';
import type { BgNbdParams, PurchaseHistory } from './bgnbd';
import { expectedAverageSpend } from './gamma-gamma';
import type { GammaGammaParams } from './gamma-gamma';

export interface ClvOptions {
  /** How far ahead to value the customer, in the models' time unit. */
  horizon: number;
  /** Length of one discounting period in the same unit (e.g. 30 days, or 4.345 weeks for a month). */
  periodLength: number;
  /** Discount rate per period, e.g. 0.01 per month. 0 means no discounting. */
  discountRate: number;
  /** Share of spend kept as profit (default 1: CLV in revenue). */
  margin?: number;
}

export interface CustomerValueInput extends PurchaseHistory {
  /** Mean value of the customer's repeat purchases (ignored when frequency is 0). */
  monetaryValue: number;
}

export interface CustomerValue {
  /** P(alive) at the end of the calibration period. */
  pAlive: number;
  /** Expected purchases over the whole horizon (undiscounted). */
  expectedPurchases: number;
  /** Expected value of one future purchase (Gamma-Gamma). */
  expectedSpend: number;
  /** Discounted expected value over the horizon, times the margin. */
  clv: number;
}

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new ServiceError('invalid-argument', message, details);
}

function checkOptions(options: ClvOptions): void {
  const { horizon, periodLength, discountRate } = options;
  const margin = options.margin ?? 1;
  if (!(Number.isFinite(horizon) && horizon >= 0)) invalid('The CLV horizon must be 0 or more.', { horizon });
  if (!(Number.isFinite(periodLength) && periodLength > 0)) {
    invalid('The discounting period must be longer than 0.', { periodLength });
  }
  if (!(Number.isFinite(discountRate) && discountRate > -1)) {
    invalid('The discount rate must be a number above -1 (e.g. 0.01 for 1% per period).', { discountRate });
  }
  if (!Number.isFinite(margin)) invalid('The margin must be a number.', { margin });
  if (horizon / periodLength > 100_000)
    invalid('The horizon spans too many periods.', { horizon, periodLength });
}

/**
 * Discounted expected value over the horizon, as the lifetimes package computes it:
 * split (T, T+H] into periods of length L with ends t_k = min(kL, H); in each period the
 * customer is expected to make E[Y(t_k)] − E[Y(t_{k−1})] purchases (BG/NBD, eq. 10) worth
 * E[M] each (Gamma-Gamma); discount period k by (1+d)^(t_k/L), i.e. cash at the period's end.
 *   CLV = margin · E[M] · Σ_k (E[Y(t_k)] − E[Y(t_{k−1})]) / (1+d)^(t_k/L)
 * Spend and purchases are taken as independent, the Gamma-Gamma model's assumption.
 */
export function customerValue(
  bg: BgNbdParams,
  gg: GammaGammaParams,
  customer: CustomerValueInput,
  options: ClvOptions,
): CustomerValue {
  checkOptions(options);
  const pAlive = probabilityAlive(bg, customer);
  const total = expectedPurchases(bg, customer, options.horizon);
  const expectedSpend = expectedAverageSpend(gg, customer);
  const discounted = discountedPurchases(bg, customer, options);
  return {
    pAlive,
    expectedPurchases: total,
    expectedSpend,
    clv: (options.margin ?? 1) * expectedSpend * discounted,
  };
}

/** Σ_k (E[Y(t_k)] − E[Y(t_{k−1})]) / (1+d)^(t_k/L): discounted expected purchases over the horizon. */
export function discountedPurchases(bg: BgNbdParams, h: PurchaseHistory, options: ClvOptions): number {
  checkOptions(options);
  // Validates the parameters and history once; the loop uses the unchecked formula.
  expectedPurchases(bg, h, 0);
  const { horizon, periodLength, discountRate } = options;
  const periods = Math.ceil(horizon / periodLength - 1e-12);
  let previous = 0;
  let sum = 0;
  for (let k = 1; k <= periods; k++) {
    const t = Math.min(k * periodLength, horizon);
    const cumulative = conditionalExpectation(bg, h.frequency, h.recency, h.T, t);
    sum += (cumulative - previous) / Math.pow(1 + discountRate, t / periodLength);
    previous = cumulative;
  }
  return sum;
}

/** Converts an annual rate to the equivalent rate per period of `periodDays` days (365-day year). */
export function periodDiscountRate(annualRate: number, periodDays: number): number {
  if (!(Number.isFinite(annualRate) && annualRate > -1))
    invalid('The annual rate must be above -1.', { annualRate });
  if (!(Number.isFinite(periodDays) && periodDays > 0))
    invalid('The period must be longer than 0 days.', { periodDays });
  return Math.pow(1 + annualRate, periodDays / 365) - 1;
}
