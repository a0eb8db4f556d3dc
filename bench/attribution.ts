/**
 * Attribution engine benchmark: 1,000,000 converting paths plus non-converting
 * journeys over 12 channels, every model timed, peak memory sampled.
 *
 *   node --import tsx bench/attribution.ts [--conversions N] [--non-converting N]
 *
 * Goals (issue 6): every rule-based model < 1 s, exact Markov order 1 < 2 s,
 * exact Shapley over 12 channels < 5 s, peak memory < 1 GB.
 */
import { Worker } from 'node:worker_threads';
import {
  RULE_BASED_MODELS,
  assertPathSet,
  attribute,
  buildPaths,
  classifyChannel,
  createRng,
  drillDown,
  fitModel,
  runAttribution,
  topPaths,
  MS_PER_DAY,
} from '../core/analytics/attribution';
import type { ConversionInput, ModelSpec, PathSet, TouchpointInput } from '../core/analytics/attribution';

const CHANNELS = [
  'Affiliates',
  'Direct',
  'Display',
  'Email',
  'Organic Search',
  'Organic Social',
  'Paid Other',
  'Paid Search',
  'Paid Social',
  'Referral',
  'SMS',
  'Other',
].sort();
const CAMPAIGNS_PER_CHANNEL = 5;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/**
 * Generates paths straight into the columnar PathSet (as a SQL aggregation or the
 * path builder would hand them over). Converting journeys lean on Email, Paid
 * Search and Direct; non-converting ones on Display and Paid Social, so the
 * data-driven models have something to find. Channels repeat with probability 0.3.
 */
function generate(conversions: number, nonConverting: number, seed: number): PathSet {
  const rng = createRng(seed);
  const pathCount = conversions + nonConverting;
  const lengths = new Uint8Array(pathCount);
  let touches = 0;
  for (let p = 0; p < pathCount; p++) {
    let len = 1;
    while (len < 20 && rng.next() < 0.6) len++;
    lengths[p] = len;
    touches += len;
  }
  const convWeights = [3, 8, 3, 14, 10, 4, 2, 12, 5, 4, 3, 1];
  const nullWeights = [2, 6, 12, 6, 8, 6, 3, 6, 12, 3, 1, 2];
  const cdf = (w: number[]): Float64Array => {
    const total = w.reduce((a, b) => a + b, 0);
    let acc = 0;
    return Float64Array.from(w, (x) => (acc += x / total));
  };
  const convCdf = cdf(convWeights);
  const nullCdf = cdf(nullWeights);
  const pick = (c: Float64Array): number => {
    const u = rng.next();
    let i = 0;
    while (i < c.length - 1 && u >= c[i]) i++;
    return i;
  };
  const ps: PathSet = {
    channels: CHANNELS,
    campaigns: CHANNELS.flatMap((ch) =>
      Array.from({ length: CAMPAIGNS_PER_CHANNEL }, (_, k) => `${ch} #${k + 1}`),
    ),
    pathCount,
    pathStart: new Uint32Array(pathCount + 1),
    conversions: new Float64Array(pathCount),
    nonConversions: new Float64Array(pathCount),
    value: new Float64Array(pathCount),
    touchChannel: new Uint16Array(touches),
    touchCampaign: new Uint32Array(touches),
    touchAgeMs: new Float64Array(touches),
    touchLead: new Uint8Array(touches),
    conversionIds: null,
    touchIds: null,
  };
  let t = 0;
  for (let p = 0; p < pathCount; p++) {
    const converts = p < conversions;
    const weights = converts ? convCdf : nullCdf;
    const len = lengths[p];
    ps.pathStart[p] = t;
    ps.conversions[p] = converts ? 1 : 0;
    ps.nonConversions[p] = converts ? 0 : 1;
    ps.value[p] = converts ? Math.round(20 + rng.next() * 180) : 0;
    let age = rng.next() * MS_PER_DAY;
    let prev = -1;
    for (let i = len - 1; i >= 0; i--) {
      const ch = prev >= 0 && rng.next() < 0.3 ? prev : pick(weights);
      ps.touchChannel[t + i] = ch;
      ps.touchCampaign[t + i] = ch * CAMPAIGNS_PER_CHANNEL + rng.int(CAMPAIGNS_PER_CHANNEL);
      ps.touchAgeMs[t + i] = Math.min(age, 30 * MS_PER_DAY);
      age += -Math.log(1 - rng.next()) * 3 * MS_PER_DAY;
      prev = ch;
    }
    if (len >= 3 && rng.next() < 0.2) ps.touchLead[t + 1 + rng.int(len - 2)] = 1;
    t += len;
  }
  ps.pathStart[pathCount] = t;
  return ps;
}

/** RSS high-water mark sampled from a worker thread, which keeps running while the main thread computes. */
function startRssSampler(): { peak: () => Promise<number>; stop: () => Promise<number> } {
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
     let peak = 0;
     const sample = () => { peak = Math.max(peak, process.memoryUsage.rss()); };
     const timer = setInterval(sample, 5);
     parentPort.on('message', (m) => { sample(); if (m === 'stop') clearInterval(timer); parentPort.postMessage(peak); });`,
    { eval: true },
  );
  const ask = (message: string) =>
    new Promise<number>((resolve) => {
      worker.once('message', (peak: number) => resolve(peak));
      worker.postMessage(message);
    });
  return {
    peak: () => ask('peek'),
    stop: async () => {
      const peak = await ask('stop');
      await worker.terminate();
      return peak;
    },
  };
}

function time<T>(fn: () => T): { ms: number; result: T } {
  const t0 = process.hrtime.bigint();
  const result = fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, result };
}

const MB = 1024 * 1024;
const conversions = arg('--conversions', 1_000_000);
const nonConverting = arg('--non-converting', 1_000_000);
const sampler = startRssSampler();
await new Promise((r) => setTimeout(r, 20));

const gen = time(() => generate(conversions, nonConverting, 42));
const ps = gen.result;
const touches = ps.pathStart[ps.pathCount];
console.log(
  `paths: ${conversions.toLocaleString('en')} converting + ${nonConverting.toLocaleString('en')} non-converting, ` +
    `${touches.toLocaleString('en')} touches, ${ps.channels.length} channels, ${ps.campaigns.length} campaigns ` +
    `(generated in ${gen.ms.toFixed(0)} ms)`,
);
assertPathSet(ps);

// Reference: one pass over every converting path's touches, counting touches per channel.
const reference = time(() => {
  const counts = new Float64Array(ps.channels.length);
  for (let p = 0; p < ps.pathCount; p++) {
    const c = ps.conversions[p];
    if (c <= 0) continue;
    for (let i = ps.pathStart[p]; i < ps.pathStart[p + 1]; i++) counts[ps.touchChannel[i]] += c;
  }
  return counts;
});
console.log(
  `reference (iterate converting paths once, count touches per channel): ${reference.ms.toFixed(1)} ms\n`,
);

interface Row {
  name: string;
  ms: number;
  goalMs: number | null;
}
const rows: Row[] = [];
const run = (name: string, spec: ModelSpec, goalMs: number | null): void => {
  const r = time(() => attribute(ps, fitModel(ps, spec)));
  const sum = r.result.channels.reduce((a, c) => a + c.conversions, 0);
  if (Math.abs(sum - conversions) > 1e-6 * conversions)
    throw new Error(`${name}: credits do not add up (${sum})`);
  const m = r.result.markov;
  const detail =
    m === null
      ? ''
      : ` [${m.states.length - 3} states, ${m.solver.method}, error bound ${m.solver.errorBound.toExponential(1)}]`;
  rows.push({ name: name + detail, ms: r.ms, goalMs });
};
for (const model of RULE_BASED_MODELS) run(model, { model }, 1000);
run('markov order 1 (exact)', { model: 'markov', order: 1 }, 2000);
run('markov order 2 (exact)', { model: 'markov', order: 2 }, null);
run('markov order 3 (exact)', { model: 'markov', order: 3 }, null);
run('shapley 12 channels (exact)', { model: 'shapley' }, 5000);
run(
  'shapley 12 channels (sampled, 200 orders)',
  { model: 'shapley', maxExactChannels: 0, samples: 200 },
  null,
);
const tp = time(() => topPaths(ps, 20));
rows.push({ name: 'top 20 paths', ms: tp.ms, goalMs: null });
const markovFit = fitModel(ps, { model: 'markov' });
const dd = time(() => {
  for (let p = 0; p < 1000; p++) drillDown(ps, markovFit, p);
});
rows.push({ name: 'drill-down x1000 (markov)', ms: dd.ms, goalMs: null });
const report = time(() =>
  runAttribution(ps, {
    models: [...RULE_BASED_MODELS.map((model) => ({ model })), { model: 'markov' }, { model: 'shapley' }],
  }),
);
rows.push({ name: 'full report, all 10 models', ms: report.ms, goalMs: null });

const width = Math.max(...rows.map((r) => r.name.length));
console.log(`${'step'.padEnd(width)}  ${'ms'.padStart(9)}  ${'× ref'.padStart(7)}  goal`);
for (const r of rows) {
  const goal = r.goalMs === null ? '' : `< ${r.goalMs} ms ${r.ms < r.goalMs ? 'ok' : 'MISSED'}`;
  console.log(
    `${r.name.padEnd(width)}  ${r.ms.toFixed(1).padStart(9)}  ${(r.ms / reference.ms).toFixed(1).padStart(7)}  ${goal}`,
  );
}
const ruleTotal = rows
  .filter((r) => (RULE_BASED_MODELS as readonly string[]).includes(r.name))
  .reduce((a, r) => a + r.ms, 0);
console.log(
  `${'all 8 rule-based models together'.padEnd(width)}  ${ruleTotal.toFixed(1).padStart(9)}  ${(ruleTotal / reference.ms).toFixed(1).padStart(7)}`,
);

const enginePeak = await sampler.peak();

// Path building from touchpoint rows and channel grouping, at a size a workspace query returns.
const people = 100_000;
const rng = createRng(7);
const tpRows: TouchpointInput[] = [];
const convRows: ConversionInput[] = [];
const start = Date.UTC(2025, 0, 1);
for (let u = 0; u < people; u++) {
  const n = 1 + rng.int(10);
  for (let k = 0; k < n; k++) {
    tpRows.push({
      id: `t${u}-${k}`,
      personId: `p${u}`,
      at: start + rng.int(90) * MS_PER_DAY + rng.int(MS_PER_DAY),
      source: ['google', 'facebook', 'newsletter', 'bing', null][rng.int(5)],
      medium: ['cpc', 'organic', 'email', 'social', null][rng.int(5)],
      campaign: `c${rng.int(40)}`,
    });
  }
  if (rng.next() < 0.4)
    convRows.push({ id: `o${u}`, personId: `p${u}`, at: start + rng.int(90) * MS_PER_DAY, value: 50 });
}
const grouping = time(() => {
  for (const t of tpRows) classifyChannel(t);
});
const built = time(() => buildPaths(tpRows, convRows, { lookbackDays: 30 }));
console.log(
  `\nchannel grouping: ${tpRows.length.toLocaleString('en')} touchpoints in ${grouping.ms.toFixed(0)} ms ` +
    `(${((tpRows.length / grouping.ms) * 1000).toFixed(0)} /s)`,
);
console.log(
  `path building: ${tpRows.length.toLocaleString('en')} touchpoints + ${convRows.length.toLocaleString('en')} conversions ` +
    `→ ${built.result.paths.pathCount.toLocaleString('en')} paths in ${built.ms.toFixed(0)} ms (grouping included)`,
);

const peak = await sampler.stop();
const missed = rows.filter((r) => r.goalMs !== null && r.ms >= r.goalMs).length;
console.log(
  `\npeak RSS up to the end of the model runs (${touches.toLocaleString('en')} touches): ${(enginePeak / MB).toFixed(0)} MB`,
);
const maxRss = process.resourceUsage().maxRSS * 1024;
console.log(
  `\npeak memory: ${(peak / MB).toFixed(0)} MB sampled RSS, ${(maxRss / MB).toFixed(0)} MB OS high-water (goal < 1024 MB ${
    Math.max(peak, maxRss) < 1024 * MB ? 'ok' : 'MISSED'
  })`,
);
// A missed goal fails the run, so `npm run bench` can guard it.
if (missed > 0 || Math.max(peak, maxRss) >= 1024 * MB) process.exitCode = 1;
