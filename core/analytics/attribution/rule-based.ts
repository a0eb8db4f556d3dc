import { MS_PER_DAY } from './types';
import type { PathSet, ResolvedModelSpec } from './types';

/**
 * Writes each touch's share of path p's conversion into out[0 .. length of p);
 * the shares of a path sum to 1.
 */
export type PathCredit = (p: number, out: Float64Array) => void;

export type RuleBasedSpec = Extract<
  ResolvedModelSpec,
  {
    model:
      | 'first-touch'
      | 'last-touch'
      | 'last-non-direct'
      | 'linear'
      | 'time-decay'
      | 'position-based'
      | 'u-shaped'
      | 'w-shaped';
  }
>;

export function ruleBasedCredit(spec: RuleBasedSpec, ps: PathSet): PathCredit {
  const start = ps.pathStart;
  switch (spec.model) {
    case 'first-touch':
      return (p, out) => {
        out.fill(0, 0, start[p + 1] - start[p]);
        out[0] = 1;
      };
    case 'last-touch':
      return (p, out) => {
        const n = start[p + 1] - start[p];
        out.fill(0, 0, n);
        out[n - 1] = 1;
      };
    case 'last-non-direct': {
      const direct = new Uint8Array(ps.channels.length);
      ps.channels.forEach((name, i) => {
        if (spec.directChannels.includes(name)) direct[i] = 1;
      });
      return (p, out) => lastNonDirect(ps.touchChannel, direct, start[p], start[p + 1] - start[p], out);
    }
    case 'linear':
      return (p, out) => {
        const n = start[p + 1] - start[p];
        out.fill(1 / n, 0, n);
      };
    case 'time-decay': {
      const perMs = Math.LN2 / (spec.halfLifeDays * MS_PER_DAY);
      return (p, out) => timeDecay(ps.touchAgeMs, perMs, start[p], start[p + 1] - start[p], out);
    }
    case 'position-based':
      return (p, out) => positionBased(spec.firstShare, spec.lastShare, start[p + 1] - start[p], out);
    case 'u-shaped':
      return (p, out) => uShaped(ps.touchLead, start[p], start[p + 1] - start[p], out);
    case 'w-shaped':
      return (p, out) => wShaped(ps.touchLead, start[p], start[p + 1] - start[p], out);
  }
}

/** Last touch that is not direct; the last touch when every touch is direct. */
export function lastNonDirect(
  channel: Uint16Array,
  direct: Uint8Array,
  s: number,
  n: number,
  out: Float64Array,
): void {
  out.fill(0, 0, n);
  let k = n - 1;
  while (k >= 0 && direct[channel[s + k]] === 1) k--;
  out[k < 0 ? n - 1 : k] = 1;
}

/**
 * Weight 2^(−Δt / half-life) with Δt the time from the touch to the conversion.
 * Weights are taken relative to the most recent touch, so a very short half-life
 * cannot underflow every weight to zero.
 */
export function timeDecay(ageMs: Float64Array, perMs: number, s: number, n: number, out: Float64Array): void {
  let minAge = Infinity;
  for (let i = 0; i < n; i++) if (ageMs[s + i] < minAge) minAge = ageMs[s + i];
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const w = Math.exp(-(ageMs[s + i] - minAge) * perMs);
    out[i] = w;
    sum += w;
  }
  for (let i = 0; i < n; i++) out[i] /= sum;
}

/**
 * `first` to the first touch, `last` to the last, the rest split evenly over the
 * touches between. One touch takes everything; two touches split first:last
 * (50/50 with the default 40/40).
 */
export function positionBased(first: number, last: number, n: number, out: Float64Array): void {
  if (n === 1) {
    out[0] = 1;
    return;
  }
  if (n === 2) {
    out[0] = first / (first + last);
    out[1] = last / (first + last);
    return;
  }
  out.fill((1 - first - last) / (n - 2), 1, n - 1);
  out[0] = first;
  out[n - 1] = last;
}

/**
 * 40 % to the first touch, 40 % to the lead-creation touch (the first marked touch
 * after the first; the last touch when none is marked), 20 % over the touches
 * between them; touches after the lead-creation touch get nothing. Without marks
 * this is position-based 40/20/40.
 */
export function uShaped(lead: Uint8Array, s: number, n: number, out: Float64Array): void {
  out.fill(0, 0, n);
  if (n === 1) {
    out[0] = 1;
    return;
  }
  let key = n - 1;
  for (let i = 1; i < n; i++) {
    if (lead[s + i] === 1) {
      key = i;
      break;
    }
  }
  if (key === 1) {
    out[0] = 0.5;
    out[1] = 0.5;
    return;
  }
  out[0] = 0.4;
  out[key] = 0.4;
  out.fill(0.2 / (key - 1), 1, key);
}

/**
 * 30 % each to the first touch, the lead-creation touch and the last touch, 10 %
 * over the others. The lead-creation touch is the first marked touch strictly
 * between first and last; when none is marked it is the middle touch, index
 * ⌊n/2⌋ counting from 0 (the later of the two central touches when n is even).
 * One touch takes everything, two split 50/50, three get a third each.
 */
export function wShaped(lead: Uint8Array, s: number, n: number, out: Float64Array): void {
  if (n <= 3) {
    out.fill(1 / n, 0, n);
    return;
  }
  let key = n >> 1;
  for (let i = 1; i < n - 1; i++) {
    if (lead[s + i] === 1) {
      key = i;
      break;
    }
  }
  out.fill(0.1 / (n - 3), 0, n);
  out[0] = 0.3;
  out[key] = 0.3;
  out[n - 1] = 0.3;
}
