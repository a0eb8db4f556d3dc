/**
 * Customer-value benchmark: 500,000 synthetic customers drawn from the BG/NBD and
 * Gamma-Gamma models. Times RFM scoring for every customer and a BG/NBD + Gamma-Gamma
 * fit, against a reference measured in the same run: one pass that builds the
 * per-customer summary from the transactions.
 *
 *   node --import tsx bench/clv.ts [customers]
 */
import { fitBgNbd } from '../core/analytics/clv/bgnbd';
import { customerValue } from '../core/analytics/clv/clv';
import { fitGammaGamma } from '../core/analytics/clv/gamma-gamma';
import { simulateTransactions } from '../core/analytics/clv/simulate';
import { summarizeTransactions } from '../core/analytics/clv/summary';
import { rfmGrid } from '../core/analytics/rfm/grid';
import { rfmInputsFromOrders, scoreRfm } from '../core/analytics/rfm/score';

const CUSTOMERS = Number(process.argv[2] ?? 500_000);
const GOAL_MS = 5_000;

function time<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

// CDNOW-like behaviour with rates per day: r/α ≈ one purchase every 18 weeks.
const truth = {
  purchases: { r: 0.243, alpha: 4.414 * 7, a: 0.793, b: 2.426 },
  spend: { p: 6.25, q: 3.74, gamma: 15.44 },
};
const start = Date.UTC(2023, 0, 1);
const generated = time(() =>
  simulateTransactions({
    customers: CUSTOMERS,
    ...truth,
    start,
    acquisitionDays: 90,
    days: 730,
    seed: 20240601,
  }),
);
const transactions = generated.value;
console.log(
  `customers: ${CUSTOMERS.toLocaleString('en')}, transactions: ${transactions.length.toLocaleString('en')}`,
);
console.log(`generate data:                 ${fmt(generated.ms)}`);

const calibrationEnd = '2024-06-30';
const summary = time(() => summarizeTransactions(transactions, { calibrationEnd, timeUnit: 'days' }));
const reference = summary.ms;
console.log(`reference (summary pass):      ${fmt(reference)}`);

const rfmInputs = time(() => rfmInputsFromOrders(transactions, { asOf: calibrationEnd }));
const rfm = time(() => scoreRfm(rfmInputs.value));
const grid = time(() => rfmGrid(rfm.value));
const rfmTotal = rfmInputs.ms + rfm.ms + grid.ms;
console.log(
  `RFM (inputs ${fmt(rfmInputs.ms)}, scores ${fmt(rfm.ms)}, grid ${fmt(grid.ms)}): ${fmt(rfmTotal)}` +
    `  ratio ${(rfmTotal / reference).toFixed(2)}×  goal < ${fmt(GOAL_MS)}: ${rfmTotal < GOAL_MS ? 'met' : 'MISSED'}`,
);

const customers = summary.value.customers;
const bg = time(() => fitBgNbd(customers));
const gg = time(() => fitGammaGamma(customers));
const fitTotal = bg.ms + gg.ms;
console.log(
  `BG/NBD fit ${fmt(bg.ms)} (${bg.value.report.iterations} iterations, ${bg.value.report.evaluations} evaluations, converged ${bg.value.report.converged})`,
);
console.log(
  `Gamma-Gamma fit ${fmt(gg.ms)} (${gg.value.customers.toLocaleString('en')} repeat customers, ${gg.value.report.iterations} iterations, converged ${gg.value.report.converged})`,
);
console.log(
  `BG/NBD + Gamma-Gamma: ${fmt(fitTotal)}  ratio ${(fitTotal / reference).toFixed(2)}×  goal < ${fmt(GOAL_MS)}: ${fitTotal < GOAL_MS ? 'met' : 'MISSED'}`,
);
const p = bg.value.params;
const s = gg.value.params;
console.log(
  `recovered r ${p.r.toFixed(3)} (true ${truth.purchases.r}), α ${p.alpha.toFixed(2)} (${truth.purchases.alpha.toFixed(2)}), a ${p.a.toFixed(3)} (${truth.purchases.a}), b ${p.b.toFixed(3)} (${truth.purchases.b})`,
);
console.log(
  `recovered p ${s.p.toFixed(2)} (true ${truth.spend.p}), q ${s.q.toFixed(2)} (${truth.spend.q}), γ ${s.gamma.toFixed(2)} (${truth.spend.gamma})`,
);

const clv = time(() => {
  let total = 0;
  for (const c of customers) {
    total += customerValue(p, s, c, { horizon: 365, periodLength: 30, discountRate: 0.01 }).clv;
  }
  return total;
});
console.log(
  `CLV, 12 monthly periods, every customer: ${fmt(clv.ms)}  ratio ${(clv.ms / reference).toFixed(2)}×  (mean ${(clv.value / customers.length).toFixed(2)})`,
);
