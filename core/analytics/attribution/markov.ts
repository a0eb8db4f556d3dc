import { fail } from '../../errors';
import { DENSE_LIMIT, solveAbsorption } from './absorbing-chain';
import type { SolveResult, TransientChain } from './absorbing-chain';
import { compareText } from './path-set';
import type { PathCredit } from './rule-based';
import type { MarkovInspection, MarkovTransition, PathSet } from './types';

export const MAX_MARKOV_ORDER = 6;

export interface MarkovFit {
  /** Removal effect of each channel, indexed like ps.channels. */
  removalEffects: Float64Array;
  inspection: MarkovInspection;
  warnings: string[];
  credit: PathCredit;
}

interface ChainCounts {
  /** Channel indexes of each transient state (state 0, the start, is empty). */
  tuples: number[][];
  chain: TransientChain;
  counts: Float64Array;
  conversionCount: Float64Array;
  nullCount: Float64Array;
  rowTotal: Float64Array;
}

/**
 * Markov chain removal effect of order k. A state is the tuple of the last k
 * channels seen (shorter at the start of a path); each path walks
 * start → states → conversion or null, weighted by the conversions and
 * non-converting journeys it stands for. The removal effect of a channel is
 *   1 − P(conversion | every state containing the channel sends to null) / P(conversion),
 * with both probabilities solved exactly from the absorbing chain.
 * A converting path's credit goes to its distinct channels in proportion to their
 * removal effects, each channel's share split evenly over its touches.
 */
export function fitMarkov(ps: PathSet, order: number, denseLimit = DENSE_LIMIT): MarkovFit {
  if (!(Number.isInteger(order) && order >= 1 && order <= MAX_MARKOV_ORDER)) {
    fail('invalid-argument', `The Markov order must be a whole number from 1 to ${MAX_MARKOV_ORDER}.`, {
      order,
    });
  }
  const nChannels = ps.channels.length;
  if (Math.pow(nChannels + 1, order + 1) > Number.MAX_SAFE_INTEGER) {
    fail('invalid-argument', `Too many channels (${nChannels}) for a Markov chain of order ${order}.`);
  }
  const counted = countTransitions(ps, order);
  const { tuples, chain, conversionCount, rowTotal } = counted;
  const size = chain.size;
  const toConversion = new Float64Array(size);
  for (let s = 0; s < size; s++) toConversion[s] = rowTotal[s] > 0 ? conversionCount[s] / rowTotal[s] : 0;

  const solves: SolveResult[] = [];
  const base = solveAbsorption(chain, toConversion, null, denseLimit);
  solves.push(base);
  const pConv = base.x[0];
  const warnings: string[] = [];
  if (!base.startReachesTarget) warnings.push('No path converts, so no channel has a removal effect.');

  const removalEffects = new Float64Array(nChannels);
  const without = new Float64Array(nChannels);
  const leavesZero = new Uint8Array(nChannels);
  const removed = new Uint8Array(size);
  for (let c = 0; c < nChannels; c++) {
    for (let s = 0; s < size; s++) removed[s] = tuples[s].includes(c) ? 1 : 0;
    const r = solveAbsorption(chain, toConversion, removed, denseLimit);
    solves.push(r);
    without[c] = r.x[0];
    if (base.startReachesTarget) {
      leavesZero[c] = r.startReachesTarget ? 0 : 1;
      // Removing states can only lose routes, so any excess over pConv is rounding.
      removalEffects[c] = r.startReachesTarget ? Math.min(1, Math.max(0, 1 - r.x[0] / pConv)) : 1;
    }
  }

  // Expected visits before absorption bound the inverse of (I − P), turning residuals into an error bound.
  const ones = new Float64Array(size).fill(1);
  const steps = solveAbsorption(chain, ones, null, denseLimit);
  let maxSteps = 0;
  for (let s = 0; s < size; s++) maxSteps = Math.max(maxSteps, steps.x[s]);
  const maxResidual = Math.max(...solves.map((r) => r.residual));
  const unconverged = solves.filter((r) => !r.converged).length + (steps.converged ? 0 : 1);
  if (unconverged > 0) {
    warnings.push(
      `The iterative solver stopped before full convergence in ${unconverged} solve(s); see the error bound.`,
    );
  }
  let reSum = 0;
  for (let c = 0; c < nChannels; c++) reSum += removalEffects[c];
  const zeroChannels = ps.channels.filter((_, c) => leavesZero[c] === 1);
  if (zeroChannels.length > 0) {
    warnings.push(
      `Removing ${zeroChannels.join(', ')} leaves no route to conversion (removal effect 1): every converting journey passes through it.`,
    );
  }

  const inspection: MarkovInspection = {
    order,
    states: [...tuples.map((t) => stateLabel(ps, t)), '(conversion)', '(null)'],
    transitions: listTransitions(ps, counted),
    conversionProbability: pConv,
    removals: ps.channels
      .map((channel, c) => ({
        channel,
        conversionProbabilityWithout: without[c],
        removalEffect: removalEffects[c],
        leavesZero: leavesZero[c] === 1,
        globalShare: reSum > 0 ? removalEffects[c] / reSum : null,
      }))
      .sort((a, b) => compareText(a.channel, b.channel)),
    solver: {
      method: solves.some((r) => r.method === 'gauss-seidel') ? 'gauss-seidel' : 'dense-elimination',
      sweeps: Math.max(0, ...solves.map((r) => r.sweeps)),
      maxResidual,
      errorBound: maxResidual * maxSteps,
    },
  };

  let fallbackPaths = 0;
  const seen = new Float64Array(nChannels);
  const perChannel = new Int32Array(nChannels);
  let stamp = 0;
  const credit: PathCredit = (p, out) => {
    const s = ps.pathStart[p];
    const n = ps.pathStart[p + 1] - s;
    let total = 0;
    stamp++;
    for (let i = 0; i < n; i++) {
      const c = ps.touchChannel[s + i];
      if (seen[c] !== stamp) {
        seen[c] = stamp;
        perChannel[c] = 0;
        total += removalEffects[c];
      }
      perChannel[c]++;
    }
    if (!(total > 0)) {
      if (ps.conversions[p] > 0) fallbackPaths++;
      out.fill(1 / n, 0, n);
      return;
    }
    for (let i = 0; i < n; i++) {
      const c = ps.touchChannel[s + i];
      out[i] = removalEffects[c] / total / perChannel[c];
    }
  };

  return {
    removalEffects,
    inspection,
    get warnings(): string[] {
      return fallbackPaths > 0 && base.startReachesTarget
        ? [
            ...warnings,
            `${fallbackPaths} converting path(s) had no channel with a positive removal effect and were split evenly.`,
          ]
        : warnings;
    },
    credit,
  };
}

function countTransitions(ps: PathSet, order: number): ChainCounts {
  const nChannels = ps.channels.length;
  const base = nChannels + 1;
  const cap = Math.pow(base, order);
  const dense = cap <= 1 << 22 ? new Int32Array(cap).fill(-1) : null;
  const sparse = dense === null ? new Map<number, number>() : null;
  const keys: number[] = [0];
  if (dense !== null) dense[0] = 0;
  else sparse?.set(0, 0);
  const touchCount = ps.pathStart[ps.pathCount];
  const touchState = new Int32Array(touchCount);
  for (let p = 0; p < ps.pathCount; p++) {
    if (ps.conversions[p] + ps.nonConversions[p] <= 0) continue;
    let key = 0;
    for (let i = ps.pathStart[p]; i < ps.pathStart[p + 1]; i++) {
      key = order === 1 ? ps.touchChannel[i] + 1 : (key * base + ps.touchChannel[i] + 1) % cap;
      let id = dense !== null ? dense[key] : (sparse?.get(key) ?? -1);
      if (id < 0) {
        id = keys.length;
        keys.push(key);
        if (dense !== null) dense[key] = id;
        else sparse?.set(key, id);
      }
      touchState[i] = id;
    }
  }

  // Canonical state order: start, then shorter tuples first, then by channel names.
  const rawTuples = keys.map((key) => decode(key, base));
  const byCanon = rawTuples.map((_, i) => i);
  byCanon.sort((a, b) => compareTuples(ps.channels, rawTuples[a], rawTuples[b]));
  const canon = new Int32Array(keys.length);
  byCanon.forEach((raw, i) => {
    canon[raw] = i;
  });
  const size = keys.length;
  const tuples = byCanon.map((raw) => rawTuples[raw]);

  const conversionCount = new Float64Array(size);
  const nullCount = new Float64Array(size);
  const edgeCounts = new Map<number, number>();
  const denseEdges = size <= 1024 ? new Float64Array(size * size) : null;
  for (let p = 0; p < ps.pathCount; p++) {
    const w = ps.conversions[p] + ps.nonConversions[p];
    if (w <= 0) continue;
    let prev = 0;
    for (let i = ps.pathStart[p]; i < ps.pathStart[p + 1]; i++) {
      const s = canon[touchState[i]];
      if (denseEdges !== null) denseEdges[prev * size + s] += w;
      else {
        const k = prev * size + s;
        edgeCounts.set(k, (edgeCounts.get(k) ?? 0) + w);
      }
      prev = s;
    }
    conversionCount[prev] += ps.conversions[p];
    nullCount[prev] += ps.nonConversions[p];
  }

  const edges: [number, number][] = [];
  if (denseEdges !== null) {
    for (let k = 0; k < denseEdges.length; k++) if (denseEdges[k] > 0) edges.push([k, denseEdges[k]]);
  } else {
    for (const e of edgeCounts) edges.push(e);
    edges.sort((a, b) => a[0] - b[0]);
  }
  const rowStart = new Int32Array(size + 1);
  const col = new Int32Array(edges.length);
  const counts = new Float64Array(edges.length);
  edges.forEach(([k, w], e) => {
    const from = Math.floor(k / size);
    rowStart[from + 1]++;
    col[e] = k - from * size;
    counts[e] = w;
  });
  for (let s = 0; s < size; s++) rowStart[s + 1] += rowStart[s];
  const rowTotal = new Float64Array(size);
  for (let s = 0; s < size; s++) {
    let t = conversionCount[s] + nullCount[s];
    for (let e = rowStart[s]; e < rowStart[s + 1]; e++) t += counts[e];
    rowTotal[s] = t;
  }
  const prob = new Float64Array(edges.length);
  for (let s = 0; s < size; s++) {
    for (let e = rowStart[s]; e < rowStart[s + 1]; e++) prob[e] = counts[e] / rowTotal[s];
  }
  return { tuples, chain: { size, rowStart, col, prob }, counts, conversionCount, nullCount, rowTotal };
}

/** Channel indexes of a state key, oldest first. */
function decode(key: number, base: number): number[] {
  const out: number[] = [];
  while (key > 0) {
    out.push((key % base) - 1);
    key = Math.floor(key / base);
  }
  return out.reverse();
}

function compareTuples(names: readonly string[], a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) {
    const d = compareText(names[a[i]], names[b[i]]);
    if (d !== 0) return d;
  }
  return 0;
}

function stateLabel(ps: PathSet, tuple: readonly number[]): string {
  return tuple.length === 0 ? '(start)' : tuple.map((c) => ps.channels[c]).join(' > ');
}

function listTransitions(ps: PathSet, counted: ChainCounts): MarkovTransition[] {
  const { tuples, chain, counts, conversionCount, nullCount, rowTotal } = counted;
  const out: MarkovTransition[] = [];
  for (let s = 0; s < chain.size; s++) {
    const from = stateLabel(ps, tuples[s]);
    for (let e = chain.rowStart[s]; e < chain.rowStart[s + 1]; e++) {
      out.push({
        from,
        to: stateLabel(ps, tuples[chain.col[e]]),
        count: counts[e],
        probability: chain.prob[e],
      });
    }
    if (conversionCount[s] > 0) {
      out.push({
        from,
        to: '(conversion)',
        count: conversionCount[s],
        probability: conversionCount[s] / rowTotal[s],
      });
    }
    if (nullCount[s] > 0) {
      out.push({ from, to: '(null)', count: nullCount[s], probability: nullCount[s] / rowTotal[s] });
    }
  }
  return out;
}

/** The transition matrix as rows × columns over all states (for a heatmap); absorbing rows are all zero. */
export function denseTransitionMatrix(m: MarkovInspection): { states: string[]; probabilities: number[][] } {
  const index = new Map(m.states.map((s, i) => [s, i]));
  const probabilities = m.states.map(() => new Array<number>(m.states.length).fill(0));
  for (const t of m.transitions) {
    const from = index.get(t.from);
    const to = index.get(t.to);
    if (from !== undefined && to !== undefined) probabilities[from][to] = t.probability;
  }
  return { states: m.states.slice(), probabilities };
}
