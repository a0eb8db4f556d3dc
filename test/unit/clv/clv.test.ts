import { describe, expect, it } from 'vitest';
import { expectedPurchases, fitBgNbd, probabilityAlive } from '../../../core/analytics/clv/bgnbd';
import type { BgNbdParams } from '../../../core/analytics/clv/bgnbd';
import { customerValue, discountedPurchases, periodDiscountRate } from '../../../core/analytics/clv/clv';
import { expectedAverageSpend, fitGammaGamma } from '../../../core/analytics/clv/gamma-gamma';
import type { GammaGammaParams } from '../../../core/analytics/clv/gamma-gamma';
import { summarizeTransactions } from '../../../core/analytics/clv/summary';
import { ServiceError } from '../../../core/errors';
import { loadCdnowSummary, loadCdnowTransactions } from './cdnow';

const BG: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GG: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };
const CUSTOMER = { frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 };

describe('customerValue', () => {
  it('reproduces the lifetimes documentation example on CDNOW (12 periods of 30, 1% per period)', () => {
    // lifetimes' README fits BG/NBD to its CDNOW summary and Gamma-Gamma to the same
    // customers' repeat-purchase means rounded to cents, then prints
    // customer_lifetime_value(time=12, discount_rate=0.01) for customers 1–5:
    // 140.096218, 18.943466, 38.180575, 38.180575, 38.180575.
    const summary = loadCdnowSummary();
    const bg = fitBgNbd(summary).params;
    const spend = summarizeTransactions(loadCdnowTransactions(), {
      calibrationEnd: '1997-09-30',
      timeUnit: 'weeks',
    }).customers.map((c) => ({ ...c, monetaryValue: Math.round(c.monetaryValue * 100) / 100 }));
    const gg = fitGammaGamma(spend).params;
    const options = { horizon: 360, periodLength: 30, discountRate: 0.01 };
    const expected: Record<string, number> = {
      '1': 140.096218,
      '2': 18.943466,
      '3': 38.180575,
      '5': 38.180575,
    };
    for (const [id, value] of Object.entries(expected)) {
      // Histories as lifetimes has them (2 decimals), spend from the transactions.
      const history = summary.find((x) => x.id === id);
      const money = spend.find((x) => x.customerId === id);
      if (!history || !money) throw new Error(`customer ${id} missing`);
      const c = { ...history, monetaryValue: money.monetaryValue };
      expect(customerValue(bg, gg, c, options).clv).toBeCloseTo(value, 2);
    }
  });

  it('without discounting equals margin × E[M] × E[Y(H)], whatever the period length', () => {
    const total = expectedPurchases(BG, CUSTOMER, 52);
    const spend = expectedAverageSpend(GG, CUSTOMER);
    for (const periodLength of [1, 4.345, 13, 52, 100]) {
      const v = customerValue(BG, GG, CUSTOMER, { horizon: 52, periodLength, discountRate: 0, margin: 0.3 });
      expect(v.clv).toBeCloseTo(0.3 * spend * total, 10);
      expect(v.expectedPurchases).toBeCloseTo(total, 12);
      expect(v.expectedSpend).toBeCloseTo(spend, 12);
      expect(v.pAlive).toBeCloseTo(probabilityAlive(BG, CUSTOMER), 14);
    }
  });

  it('discounts each period’s increment at the period end; a last partial period at its fraction', () => {
    const e = (t: number): number => expectedPurchases(BG, CUSTOMER, t);
    const d = 0.02;
    // H = 2.5 periods of 10: ends at 10, 20, 25 → exponents 1, 2, 2.5.
    const expected = e(10) / (1 + d) + (e(20) - e(10)) / (1 + d) ** 2 + (e(25) - e(20)) / (1 + d) ** 2.5;
    expect(discountedPurchases(BG, CUSTOMER, { horizon: 25, periodLength: 10, discountRate: d })).toBeCloseTo(
      expected,
      12,
    );
    const v = customerValue(BG, GG, CUSTOMER, { horizon: 25, periodLength: 10, discountRate: d });
    expect(v.clv).toBeCloseTo(expected * expectedAverageSpend(GG, CUSTOMER), 10);
  });

  it('is 0 over a zero horizon and grows with the horizon', () => {
    expect(customerValue(BG, GG, CUSTOMER, { horizon: 0, periodLength: 4, discountRate: 0.01 }).clv).toBe(0);
    const short = customerValue(BG, GG, CUSTOMER, { horizon: 26, periodLength: 4, discountRate: 0.01 }).clv;
    const long = customerValue(BG, GG, CUSTOMER, { horizon: 52, periodLength: 4, discountRate: 0.01 }).clv;
    expect(long).toBeGreaterThan(short);
  });

  it('rejects nonsensical options', () => {
    for (const options of [
      { horizon: -1, periodLength: 4, discountRate: 0 },
      { horizon: 10, periodLength: 0, discountRate: 0 },
      { horizon: 10, periodLength: 4, discountRate: -1 },
      { horizon: 10, periodLength: 4, discountRate: 0, margin: NaN },
    ]) {
      expect(() => customerValue(BG, GG, CUSTOMER, options)).toThrow(ServiceError);
    }
  });
});

describe('periodDiscountRate', () => {
  it('compounds back to the annual rate', () => {
    for (const [annual, days] of [
      [0.1, 30],
      [0.12, 365 / 12],
      [0.05, 7],
    ] as const) {
      const rate = periodDiscountRate(annual, days);
      expect((1 + rate) ** (365 / days)).toBeCloseTo(1 + annual, 12);
    }
    expect(periodDiscountRate(0.1, 365)).toBeCloseTo(0.1, 14);
  });
});
