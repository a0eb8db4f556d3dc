/**
 * Import parsing benchmark: papaparse alone against Loupe's whole reading
 * pipeline (content hash and encoding pass, sniffing, format detection,
 * decoding, parsing, mapping to canonical records, batching), without a
 * database, on the same SendGrid activity file. Each side runs in a process of
 * its own so its peak memory is its own; the best of `--repeat` runs counts.
 *
 *   node --import tsx bench/parse.ts [--file F] [--rows 1000000] [--repeat 3]
 *        [--batch 2000] [--node-flags "--max-semi-space-size=64"]
 *
 * Goal (issue 4): the pipeline at ≥ 60 % of papaparse's rows/s, memory bounded.
 * Wall and CPU time are both printed: on a busy machine CPU time is the steadier
 * measure. The file is generated (bench/generate-sendgrid.ts) when it does not
 * exist. Records stay alive until their batch is handed over, so V8's young
 * generation size (--max-semi-space-size) and the batch size move the figures.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import Papa from 'papaparse';
import { DEFAULT_BATCH_SIZE, readImportFile } from '../core/imports';
import { defaultSendgridPath, generateSendgrid } from './generate-sendgrid';

interface Run {
  rows: number;
  seconds: number;
  /** CPU time of the process (all threads): steadier than wall time on a busy machine. */
  cpuSeconds: number;
  maxRssMb: number;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function papaparseAlone(file: string): Promise<number> {
  let rows = 0;
  await new Promise<void>((resolve, reject) => {
    Papa.parse(createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), {
      chunk: (results: Papa.ParseResult<string[]>) => {
        rows += results.data.length;
      },
      complete: () => resolve(),
      error: (e: Error) => reject(e),
    });
  });
  // The header is a row to papaparse, not to the pipeline.
  return rows - 1;
}

async function pipeline(file: string): Promise<number> {
  const { batches } = readImportFile(file, {
    timeZone: 'UTC',
    batchSize: Number(arg('--batch') ?? DEFAULT_BATCH_SIZE),
  });
  let rows = 0;
  let records = 0;
  for await (const batch of batches) {
    rows = batch.rowsRead;
    records += batch.records.length;
  }
  if (records < rows * 0.99) throw new Error(`Only ${records} records from ${rows} rows`);
  return rows;
}

async function phase(name: string, file: string): Promise<void> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const rows = name === 'papaparse' ? await papaparseAlone(file) : await pipeline(file);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const run: Run = {
    rows,
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(run));
}

function runPhase(name: string, file: string, nodeFlags: string[], batch: number): Run {
  const args = [
    ...nodeFlags,
    '--import',
    'tsx',
    import.meta.filename,
    '--phase',
    name,
    '--file',
    file,
    '--batch',
    String(batch),
  ];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`${name} run failed (exit ${r.status})`);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as Run;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Best wall time and best CPU time over the runs, and the highest peak memory. */
function best(runs: Run[]): Run {
  return {
    rows: runs[0]?.rows ?? 0,
    seconds: Math.min(...runs.map((r) => r.seconds)),
    cpuSeconds: Math.min(...runs.map((r) => r.cpuSeconds)),
    maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)),
  };
}

async function main(): Promise<void> {
  const rowsWanted = Number(arg('--rows') ?? 1_000_000);
  const file = arg('--file') ?? defaultSendgridPath(rowsWanted);
  const only = arg('--phase');
  if (only !== undefined) {
    await phase(only, file);
    return;
  }
  if (!existsSync(file)) {
    console.log(`Generating ${fmt(rowsWanted)} rows into ${file} …`);
    await generateSendgrid(file, rowsWanted);
  }
  const repeat = Math.max(1, Number(arg('--repeat') ?? 3));
  const batch = Math.max(1, Number(arg('--batch') ?? DEFAULT_BATCH_SIZE));
  // e.g. --node-flags "--max-semi-space-size=64": V8 settings for both sides alike.
  const nodeFlags = (arg('--node-flags') ?? '').split(' ').filter((f) => f !== '');
  const mb = statSync(file).size / 1024 / 1024;
  console.log(
    `File: ${file} (${mb.toFixed(0)} MB); batches of ${fmt(batch)}; best of ${repeat} runs each, alternating${nodeFlags.length > 0 ? `; node ${nodeFlags.join(' ')}` : ''}`,
  );
  const papaRuns: Run[] = [];
  const ourRuns: Run[] = [];
  for (let i = 0; i < repeat; i++) {
    papaRuns.push(runPhase('papaparse', file, nodeFlags, batch));
    ourRuns.push(runPhase('pipeline', file, nodeFlags, batch));
  }
  const papa = best(papaRuns);
  const ours = best(ourRuns);
  if (papa.rows !== ours.rows)
    throw new Error(`Row counts differ: papaparse ${papa.rows}, pipeline ${ours.rows}`);
  const line = (label: string, r: Run): string =>
    `${label} ${fmt(r.rows / r.seconds)} rows/s (${r.seconds.toFixed(2)} s wall, ${r.cpuSeconds.toFixed(2)} s CPU, peak RSS ${fmt(r.maxRssMb)} MB)`;
  console.log(line('papaparse alone:       ', papa));
  console.log(line('readImportFile (no DB):', ours));
  const ratio = papa.seconds / ours.seconds;
  const cpuRatio = papa.cpuSeconds / ours.cpuSeconds;
  console.log(
    `ratio: ${(ratio * 100).toFixed(0)} % of papaparse's rows/s by wall time, ${(cpuRatio * 100).toFixed(0)} % by CPU time (goal ≥ 60 %) — ${ratio >= 0.6 ? 'met' : 'not met'}`,
  );
}

await main();
