/**
 * Absorption probabilities of an absorbing Markov chain, solved exactly (up to
 * rounding) rather than simulated. The unknowns are the transient states; x_s is
 * the probability of ending in the target state from s:
 *   x_s = Σ_t P(s, t) x_t + b_s
 * where b_s is the probability of stepping from s straight into the target.
 */

/** Transient-to-transient transitions in compressed rows; state 0 is the start. */
export interface TransientChain {
  size: number;
  rowStart: Int32Array;
  col: Int32Array;
  prob: Float64Array;
}

export interface SolveResult {
  x: Float64Array;
  method: 'dense-elimination' | 'gauss-seidel';
  sweeps: number;
  converged: boolean;
  /** max |x_s − Σ_t P(s,t) x_t − b_s| over the states solved for. */
  residual: number;
  /** False when no state with b_s > 0 can be reached from the start (x_start is exactly 0). */
  startReachesTarget: boolean;
}

/** Systems up to this many unknowns are solved by elimination; larger ones iteratively. */
export const DENSE_LIMIT = 400;
const MAX_WORK = 1e9;

/**
 * Solves for x with the states flagged in `removed` sent to the non-target
 * absorbing state (x = 0). Only states reachable from the start that can reach a
 * state with b > 0 are unknowns; every other x is exactly 0, which is how a
 * removal that leaves no route is recognised without any rounding.
 */
export function solveAbsorption(
  chain: TransientChain,
  b: Float64Array,
  removed: Uint8Array | null,
  denseLimit = DENSE_LIMIT,
): SolveResult {
  const active = activeStates(chain, b, removed);
  const x = new Float64Array(chain.size);
  if (active.order.length === 0) {
    return {
      x,
      method: 'dense-elimination',
      sweeps: 0,
      converged: true,
      residual: 0,
      startReachesTarget: false,
    };
  }
  let method: SolveResult['method'];
  let sweeps = 0;
  let converged = true;
  if (active.order.length <= denseLimit) {
    method = 'dense-elimination';
    denseSolve(chain, b, active.flag, active.order, x);
  } else {
    method = 'gauss-seidel';
    ({ sweeps, converged } = gaussSeidel(chain, b, active.flag, active.order, x));
  }
  return {
    x,
    method,
    sweeps,
    converged,
    residual: residual(chain, b, active.flag, active.order, x),
    startReachesTarget: true,
  };
}

/**
 * States reachable from the start that can reach b > 0, listed in depth-first
 * post-order (a state after the states it leads to), which makes Gauss-Seidel
 * exact in one sweep on the acyclic parts of the chain.
 */
function activeStates(
  chain: TransientChain,
  b: Float64Array,
  removed: Uint8Array | null,
): { flag: Uint8Array; order: number[] } {
  const { size, rowStart, col } = chain;
  const isRemoved = (s: number): boolean => removed !== null && removed[s] === 1;
  const canReach = new Uint8Array(size);
  const reverseStart = new Int32Array(size + 1);
  for (let e = 0; e < col.length; e++) reverseStart[col[e] + 1]++;
  for (let s = 0; s < size; s++) reverseStart[s + 1] += reverseStart[s];
  const reverse = new Int32Array(col.length);
  const fillAt = reverseStart.slice(0, size);
  for (let s = 0; s < size; s++) {
    for (let e = rowStart[s]; e < rowStart[s + 1]; e++) reverse[fillAt[col[e]]++] = s;
  }
  const stack: number[] = [];
  for (let s = 0; s < size; s++) {
    if (b[s] > 0 && !isRemoved(s)) {
      canReach[s] = 1;
      stack.push(s);
    }
  }
  while (stack.length > 0) {
    const t = stack.pop() as number;
    for (let e = reverseStart[t]; e < reverseStart[t + 1]; e++) {
      const s = reverse[e];
      if (canReach[s] === 0 && !isRemoved(s)) {
        canReach[s] = 1;
        stack.push(s);
      }
    }
  }
  const flag = new Uint8Array(size);
  const order: number[] = [];
  if (size === 0 || canReach[0] === 0) return { flag, order };
  const visited = new Uint8Array(size);
  const next = new Int32Array(size);
  const path: number[] = [0];
  visited[0] = 1;
  next[0] = rowStart[0];
  while (path.length > 0) {
    const s = path[path.length - 1];
    if (next[s] < rowStart[s + 1]) {
      const t = col[next[s]++];
      if (visited[t] === 0 && canReach[t] === 1) {
        visited[t] = 1;
        next[t] = rowStart[t];
        path.push(t);
      }
    } else {
      path.pop();
      flag[s] = 1;
      order.push(s);
    }
  }
  return { flag, order };
}

function denseSolve(
  chain: TransientChain,
  b: Float64Array,
  flag: Uint8Array,
  order: readonly number[],
  x: Float64Array,
): void {
  const m = order.length;
  const pos = new Int32Array(chain.size).fill(-1);
  order.forEach((s, i) => {
    pos[s] = i;
  });
  const a = new Float64Array(m * m);
  const rhs = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const s = order[i];
    a[i * m + i] = 1;
    rhs[i] = b[s];
    for (let e = chain.rowStart[s]; e < chain.rowStart[s + 1]; e++) {
      const t = chain.col[e];
      if (flag[t] === 1) a[i * m + pos[t]] -= chain.prob[e];
    }
  }
  for (let k = 0; k < m; k++) {
    let pivot = k;
    for (let i = k + 1; i < m; i++) if (Math.abs(a[i * m + k]) > Math.abs(a[pivot * m + k])) pivot = i;
    if (pivot !== k) {
      for (let j = k; j < m; j++) {
        const tmp = a[k * m + j];
        a[k * m + j] = a[pivot * m + j];
        a[pivot * m + j] = tmp;
      }
      const tmp = rhs[k];
      rhs[k] = rhs[pivot];
      rhs[pivot] = tmp;
    }
    const d = a[k * m + k];
    for (let i = k + 1; i < m; i++) {
      const f = a[i * m + k] / d;
      if (f === 0) continue;
      for (let j = k + 1; j < m; j++) a[i * m + j] -= f * a[k * m + j];
      rhs[i] -= f * rhs[k];
    }
  }
  for (let i = m - 1; i >= 0; i--) {
    let v = rhs[i];
    for (let j = i + 1; j < m; j++) v -= a[i * m + j] * rhs[j];
    rhs[i] = v / a[i * m + i];
  }
  for (let i = 0; i < m; i++) x[order[i]] = rhs[i];
}

/**
 * Gauss-Seidel from x = 0: for this kind of system (nonnegative P, every state
 * transient) the iterates rise monotonically to the solution. Stops when a sweep
 * changes no value by more than 1e-15 relative to the largest value.
 */
function gaussSeidel(
  chain: TransientChain,
  b: Float64Array,
  flag: Uint8Array,
  order: readonly number[],
  x: Float64Array,
): { sweeps: number; converged: boolean } {
  const { rowStart, col, prob } = chain;
  const maxSweeps = Math.max(1000, Math.floor(MAX_WORK / Math.max(1, col.length)));
  for (let sweep = 1; sweep <= maxSweeps; sweep++) {
    let change = 0;
    let largest = 0;
    for (const s of order) {
      let sum = b[s];
      let diag = 1;
      for (let e = rowStart[s]; e < rowStart[s + 1]; e++) {
        const t = col[e];
        if (t === s) diag -= prob[e];
        else if (flag[t] === 1) sum += prob[e] * x[t];
      }
      const v = sum / diag;
      const d = Math.abs(v - x[s]);
      if (d > change) change = d;
      if (v > largest) largest = v;
      x[s] = v;
    }
    if (change <= 1e-15 * largest) return { sweeps: sweep, converged: true };
  }
  return { sweeps: maxSweeps, converged: false };
}

function residual(
  chain: TransientChain,
  b: Float64Array,
  flag: Uint8Array,
  order: readonly number[],
  x: Float64Array,
): number {
  let worst = 0;
  for (const s of order) {
    let r = x[s] - b[s];
    for (let e = chain.rowStart[s]; e < chain.rowStart[s + 1]; e++) {
      const t = chain.col[e];
      if (flag[t] === 1) r -= chain.prob[e] * x[t];
    }
    worst = Math.max(worst, Math.abs(r));
  }
  return worst;
}
