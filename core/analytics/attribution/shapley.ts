import { fail } from '../../errors';
import { compareText } from './path-set';
import { createRng } from './random';
import type { PathCredit } from './rule-based';
import type { PathSet, ShapleyInspection } from './types';

/** Coalition tables of 2^n entries stay below 16 MB each up to this size. */
export const MAX_EXACT_CHANNELS = 20;
export const DEFAULT_MAX_EXACT_CHANNELS = 20;
export const DEFAULT_SHAPLEY_SAMPLES = 2000;

/**
 * Exact Shapley values of the game v over n players, v[mask] being the value of
 * the coalition whose members are the set bits of mask:
 *   φ_i = Σ_{S ∌ i} |S|! (n − |S| − 1)! / n! · (v(S ∪ {i}) − v(S)).
 */
export function shapleyExact(n: number, v: Float64Array): Float64Array {
  if (!(Number.isInteger(n) && n >= 0 && n <= MAX_EXACT_CHANNELS)) {
    fail('invalid-argument', `Exact Shapley values need at most ${MAX_EXACT_CHANNELS} players.`, {
      players: n,
    });
  }
  const size = 1 << n;
  if (v.length !== size) fail('invalid-argument', 'The coalition table must have 2^n entries.');
  const phi = new Float64Array(n);
  if (n === 0) return phi;
  const weight = new Float64Array(n);
  weight[0] = 1 / n;
  for (let s = 1; s < n; s++) weight[s] = (weight[s - 1] * s) / (n - s);
  const popcount = new Uint8Array(size);
  for (let m = 1; m < size; m++) popcount[m] = popcount[m >> 1] + (m & 1);
  for (let m = 0; m < size; m++) {
    const w = weight[popcount[m]];
    const base = v[m];
    for (let i = 0; i < n; i++) {
      const bit = 1 << i;
      if ((m & bit) === 0) phi[i] += w * (v[m | bit] - base);
    }
  }
  return phi;
}

/** v(S) = Σ over T ⊆ S of c(T): turns per-exact-set counts into coalition values in place. */
export function subsetSums(n: number, c: Float64Array): Float64Array {
  const size = 1 << n;
  for (let i = 0; i < n; i++) {
    const bit = 1 << i;
    for (let m = 0; m < size; m++) if ((m & bit) !== 0) c[m] += c[m ^ bit];
  }
  return c;
}

export interface ShapleyOptions {
  maxExactChannels: number;
  samples: number;
  seed: number;
}

export interface ShapleyFit {
  inspection: ShapleyInspection;
  credit: PathCredit;
  warnings: string[];
}

/**
 * Shapley attribution with the coalition value v(S) = conversions (or value) of
 * the converting paths whose channels all lie in S. Players are the channels seen
 * on converting paths; any other channel is a null player with value 0.
 *
 * Exact (up to maxExactChannels players): v over all 2^n coalitions and the
 * Shapley formula. Because v is a sum of unanimity games, one per path, each
 * conversion's own share is 1/|T| for each of the |T| distinct channels of its
 * path; that is the per-conversion credit, and it adds up to the same φ.
 *
 * Sampled (more players): φ is estimated over random channel orders. In one
 * order, a path's conversion goes to whichever of its channels comes last, so
 * each path's credit is the fraction of sampled orders each of its channels came
 * last in; standard errors come from the spread of marginal contributions.
 */
export function fitShapley(ps: PathSet, options: ShapleyOptions): ShapleyFit {
  const { maxExactChannels, samples, seed } = options;
  const nChannels = ps.channels.length;
  const player = new Int32Array(nChannels).fill(-1);
  const players: number[] = [];
  for (let p = 0; p < ps.pathCount; p++) {
    if (ps.conversions[p] <= 0) continue;
    for (let i = ps.pathStart[p]; i < ps.pathStart[p + 1]; i++) {
      const c = ps.touchChannel[i];
      if (player[c] < 0) {
        player[c] = 0;
        players.push(c);
      }
    }
  }
  players.sort((a, b) => a - b);
  players.forEach((c, i) => {
    player[c] = i;
  });
  return players.length <= maxExactChannels
    ? exactFit(ps, players, player)
    : sampledFit(ps, players, player, samples, seed);
}

function exactFit(ps: PathSet, players: readonly number[], player: Int32Array): ShapleyFit {
  const n = players.length;
  const conv = new Float64Array(1 << n);
  const value = new Float64Array(1 << n);
  for (let p = 0; p < ps.pathCount; p++) {
    if (ps.conversions[p] <= 0) continue;
    let mask = 0;
    for (let i = ps.pathStart[p]; i < ps.pathStart[p + 1]; i++) mask |= 1 << player[ps.touchChannel[i]];
    conv[mask] += ps.conversions[p];
    value[mask] += ps.value[p];
  }
  let coalitions = 0;
  for (let m = 0; m < conv.length; m++) if (conv[m] > 0) coalitions++;
  const phiConv = shapleyExact(n, subsetSums(n, conv));
  const phiValue = shapleyExact(n, subsetSums(n, value));

  const seen = new Float64Array(ps.channels.length);
  const perChannel = new Int32Array(ps.channels.length);
  let stamp = 0;
  const credit: PathCredit = (p, out) => {
    const s = ps.pathStart[p];
    const len = ps.pathStart[p + 1] - s;
    let distinct = 0;
    stamp++;
    for (let i = 0; i < len; i++) {
      const c = ps.touchChannel[s + i];
      if (seen[c] !== stamp) {
        seen[c] = stamp;
        perChannel[c] = 0;
        distinct++;
      }
      perChannel[c]++;
    }
    for (let i = 0; i < len; i++) out[i] = 1 / (distinct * perChannel[ps.touchChannel[s + i]]);
  };
  return {
    inspection: {
      method: 'exact',
      channelCount: n,
      coalitionsWithConversions: coalitions,
      samples: null,
      values: inspectionValues(ps, players, phiConv, phiValue, null, null),
    },
    credit,
    warnings: [],
  };
}

function sampledFit(
  ps: PathSet,
  players: readonly number[],
  player: Int32Array,
  samples: number,
  seed: number,
): ShapleyFit {
  const n = players.length;
  const setOfPath = new Int32Array(ps.pathCount).fill(-1);
  const setIndex = new Map<string, number>();
  const members: number[][] = [];
  const setConv: number[] = [];
  const setValue: number[] = [];
  const mark = new Uint8Array(n);
  for (let p = 0; p < ps.pathCount; p++) {
    if (ps.conversions[p] <= 0) continue;
    const list: number[] = [];
    for (let i = ps.pathStart[p]; i < ps.pathStart[p + 1]; i++) {
      const q = player[ps.touchChannel[i]];
      if (mark[q] === 0) {
        mark[q] = 1;
        list.push(q);
      }
    }
    for (const q of list) mark[q] = 0;
    list.sort((a, b) => a - b);
    const key = list.join(',');
    let id = setIndex.get(key);
    if (id === undefined) {
      id = members.length;
      setIndex.set(key, id);
      members.push(list);
      setConv.push(0);
      setValue.push(0);
    }
    setOfPath[p] = id;
    setConv[id] += ps.conversions[p];
    setValue[id] += ps.value[p];
  }
  const setStart = new Int32Array(members.length + 1);
  members.forEach((m, i) => {
    setStart[i + 1] = setStart[i] + m.length;
  });
  const flat = Int32Array.from(members.flat());
  const wins = new Float64Array(flat.length);

  const rng = createRng(seed);
  const perm = new Int32Array(n);
  const rank = new Int32Array(n);
  const mConv = new Float64Array(n);
  const mValue = new Float64Array(n);
  const sumConv = new Float64Array(n);
  const sumConv2 = new Float64Array(n);
  const sumValue = new Float64Array(n);
  const sumValue2 = new Float64Array(n);
  for (let k = 0; k < samples; k++) {
    for (let i = 0; i < n; i++) perm[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    for (let i = 0; i < n; i++) rank[perm[i]] = i;
    mConv.fill(0);
    mValue.fill(0);
    for (let t = 0; t < members.length; t++) {
      let best = setStart[t];
      for (let e = setStart[t] + 1; e < setStart[t + 1]; e++) if (rank[flat[e]] > rank[flat[best]]) best = e;
      wins[best]++;
      mConv[flat[best]] += setConv[t];
      mValue[flat[best]] += setValue[t];
    }
    for (let i = 0; i < n; i++) {
      sumConv[i] += mConv[i];
      sumConv2[i] += mConv[i] * mConv[i];
      sumValue[i] += mValue[i];
      sumValue2[i] += mValue[i] * mValue[i];
    }
  }
  const mean = (sum: Float64Array): Float64Array => sum.map((s) => s / samples);
  const stdErr = (sum: Float64Array, sum2: Float64Array): Float64Array =>
    sum.map((s, i) => Math.sqrt(Math.max(0, (sum2[i] - (s * s) / samples) / (samples - 1)) / samples));

  const channelShare = new Float64Array(ps.channels.length);
  const perChannel = new Int32Array(ps.channels.length);
  const credit: PathCredit = (p, out) => {
    const s = ps.pathStart[p];
    const len = ps.pathStart[p + 1] - s;
    const t = setOfPath[p];
    if (t < 0) {
      out.fill(1 / len, 0, len);
      return;
    }
    for (let e = setStart[t]; e < setStart[t + 1]; e++) {
      const c = players[flat[e]];
      channelShare[c] = wins[e] / samples;
      perChannel[c] = 0;
    }
    for (let i = 0; i < len; i++) perChannel[ps.touchChannel[s + i]]++;
    for (let i = 0; i < len; i++) {
      const c = ps.touchChannel[s + i];
      out[i] = channelShare[c] / perChannel[c];
    }
  };
  return {
    inspection: {
      method: 'sampled',
      channelCount: n,
      coalitionsWithConversions: members.length,
      samples,
      values: inspectionValues(
        ps,
        players,
        mean(sumConv),
        mean(sumValue),
        stdErr(sumConv, sumConv2),
        stdErr(sumValue, sumValue2),
      ),
    },
    credit,
    warnings: [
      `Shapley values over ${n} channels were estimated from ${samples} sampled channel orders; see the standard errors.`,
    ],
  };
}

function inspectionValues(
  ps: PathSet,
  players: readonly number[],
  conv: Float64Array,
  value: Float64Array,
  convErr: Float64Array | null,
  valueErr: Float64Array | null,
): ShapleyInspection['values'] {
  return players
    .map((c, i) => ({
      channel: ps.channels[c],
      conversions: conv[i],
      value: value[i],
      conversionsStandardError: convErr === null ? null : convErr[i],
      valueStandardError: valueErr === null ? null : valueErr[i],
    }))
    .sort((a, b) => compareText(a.channel, b.channel));
}
