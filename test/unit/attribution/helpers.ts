import { expect } from 'vitest';
import { attribute, createRng, fitModel, pathSetFromJourneys } from '../../../core/analytics/attribution';
import type { Journey, ModelResult, ModelSpec, PathSet, Rng } from '../../../core/analytics/attribution';

/** Channel → credited conversions under one model. */
export function channelCredit(ps: PathSet, spec: ModelSpec): Record<string, number> {
  return toRecord(attribute(ps, fitModel(ps, spec)), 'channels', 'conversions');
}

export function toRecord(
  result: ModelResult,
  dimension: 'channels' | 'campaigns',
  measure: 'conversions' | 'value',
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of result[dimension]) out[row.key] = row[measure];
  return out;
}

/** Credits of a single-conversion path set under a model, one number per touch. */
export function touchCredits(journey: Journey, spec: ModelSpec): number[] {
  const ps = pathSetFromJourneys([{ conversions: 1, ...journey }]);
  const out = new Float64Array(journey.touches.length || 1);
  fitModel(ps, spec).credit(0, out);
  return Array.from(out);
}

/** Asserts two records hold the same keys (missing counts as 0) with values equal to `digits` decimals. */
export function expectRecordClose(
  actual: Record<string, number>,
  expected: Record<string, number>,
  digits = 12,
): void {
  const keys = [...new Set([...Object.keys(actual), ...Object.keys(expected)])].sort();
  for (const k of keys) {
    expect({ key: k, value: actual[k] ?? 0 }).toEqual({
      key: k,
      value: expect.closeTo(expected[k] ?? 0, digits),
    });
  }
}

export interface RandomJourneyOptions {
  channels: readonly string[];
  journeys: number;
  maxLength?: number;
  campaigns?: number;
  /** Allow aggregated journeys (counts above 1, converting and not on the same path). */
  aggregated?: boolean;
}

/** Random journeys from a seeded generator: lengths 1..maxLength, repeats, ages, lead marks, campaigns. */
export function randomJourneys(rng: Rng, o: RandomJourneyOptions): Journey[] {
  const maxLength = o.maxLength ?? 6;
  const campaigns = o.campaigns ?? 4;
  const out: Journey[] = [];
  for (let j = 0; j < o.journeys; j++) {
    const len = 1 + rng.int(maxLength);
    let days = rng.next() * 3;
    const touches = [];
    for (let i = 0; i < len; i++) {
      const channel = o.channels[rng.int(o.channels.length)];
      touches.push({
        channel,
        campaign: rng.next() < 0.2 ? null : `${channel}-c${rng.int(campaigns)}`,
        daysBefore: days,
        leadCreation: rng.next() < 0.15,
      });
      days += rng.next() * 5;
    }
    touches.reverse();
    const converts = rng.next() < 0.55;
    const conversions = converts ? (o.aggregated ? 1 + rng.int(4) : 1) : 0;
    const nonConversions =
      !converts || (o.aggregated && rng.next() < 0.3) ? 1 + (o.aggregated ? rng.int(3) : 0) : 0;
    out.push({
      touches,
      conversions,
      nonConversions,
      value: conversions > 0 ? Math.round(rng.next() * 20000) / 100 : 0,
      id: conversions > 0 ? `conv-${j}` : null,
    });
  }
  return out;
}

export { createRng };
