import type { Activity } from '../activity/types';
import { auc, calibration, fitLogistic, predict } from './logistic';
import { DAY_MS } from './time';
import type { ConversionModelReport } from './types';

export type { ConversionModelReport } from './types';
import { behaviourAt, MODEL_FEATURES, modelRow } from './workspace-features';

/**
 * The predicted conversion probability: P(a person buys within the next
 * `horizonDays`), learned by regularised logistic regression from the
 * workspace's own history and judged on data it did not see.
 *
 * Time-based holdout, so the measured quality is what the model does on the
 * future: with H the horizon and T the scoring time, the model learns from
 * features as they were at T − 2H and purchases in (T − 2H, T − H], and is
 * measured on features at T − H against purchases in (T − H, T]. That same
 * measured model then scores everyone from their features at T: the quality
 * shown is the quality of the model in use, not of a sibling fitted later.
 */

/** Who is known at `at`, their feature rows and whether they bought in (at, until]. */
function sample(
  activity: Activity,
  at: number,
  until: number | null,
): { people: Int32Array; X: Float64Array; y: Uint8Array } {
  const n = activity.people.count;
  const b = behaviourAt(activity, at);
  const cols = MODEL_FEATURES.length;
  const people: number[] = [];
  for (let p = 0; p < n; p++) if ((activity.people.firstSeenAt[p] as number) <= at) people.push(p);
  const X = new Float64Array(people.length * cols);
  const y = new Uint8Array(people.length);
  const or = activity.orders;
  people.forEach((p, i) => {
    modelRow(activity, b, p, X, i * cols);
    if (until === null) return;
    for (let k = or.start[p] as number; k < (or.start[p + 1] as number); k++) {
      const t = or.at[k] as number;
      if (t > at && t <= until) {
        y[i] = 1;
        break;
      }
    }
  });
  return { people: Int32Array.from(people), X, y };
}

export function conversionModel(
  activity: Activity,
  asOf: number,
  horizonDays = 30,
): { report: ConversionModelReport; probabilities: Float64Array | null } {
  const h = horizonDays * DAY_MS;
  const iso = (ms: number): string => new Date(ms).toISOString();
  const train = sample(activity, asOf - 2 * h, asOf - h);
  const test = sample(activity, asOf - h, asOf);
  const count = (y: Uint8Array): number => y.reduce((s, v) => s + v, 0);
  const base = {
    horizonDays,
    target: `a purchase within ${horizonDays} days`,
    features: [...MODEL_FEATURES],
    trainedOn: {
      featuresAt: iso(asOf - 2 * h),
      outcomeUntil: iso(asOf - h),
      people: train.y.length,
      positives: count(train.y),
    },
  };
  const fit =
    train.y.length === 0
      ? ({ ok: false, message: `Nobody was known ${horizonDays * 2} days before the data ends.` } as const)
      : fitLogistic(train.X, train.y, { lambda: 1 });
  if (!fit.ok) {
    return {
      report: {
        ...base,
        status: 'not_enough_data',
        message: `Not enough history to learn from: ${fit.message} Loupe shows no conversion probability rather than a guess.`,
        holdout: null,
        weights: [],
      },
      probabilities: null,
    };
  }
  const testProbs = test.y.length > 0 ? predict(fit.model, test.X) : new Float64Array(0);
  const positives = count(test.y);
  const rate = test.y.length > 0 ? positives / test.y.length : 0;
  const cal = test.y.length > 0 ? calibration(testProbs, test.y, 10) : null;
  const now = sample(activity, asOf, null);
  const nowProbs = now.people.length > 0 ? predict(fit.model, now.X) : new Float64Array(0);
  const probabilities = new Float64Array(activity.people.count).fill(Number.NaN);
  now.people.forEach((p, i) => {
    probabilities[p] = nowProbs[i] as number;
  });
  const a = test.y.length > 0 ? auc(testProbs, test.y) : null;
  return {
    report: {
      ...base,
      status: 'fitted',
      message:
        a === null
          ? 'Fitted, but the holdout has one outcome only, so its ranking quality cannot be measured.'
          : `Measured on the last ${horizonDays} days, which the model did not see: AUC ${a.toFixed(3)} (0.5 is chance).`,
      holdout: {
        featuresAt: iso(asOf - h),
        outcomeUntil: iso(asOf),
        people: test.y.length,
        positives,
        auc: a,
        brier: cal?.brier ?? 0,
        baseRateBrier: rate * (1 - rate),
        expectedCalibrationError: cal?.expectedCalibrationError ?? 0,
        calibration: cal?.bins ?? [],
      },
      weights: fit.model.coefficients
        .map((w, j) => ({ feature: MODEL_FEATURES[j] ?? String(j), weight: w }))
        .sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight) || (x.feature < y.feature ? -1 : 1)),
    },
    probabilities,
  };
}
