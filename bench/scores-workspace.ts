/**
 * Scores on the analytics benchmark's workspace itself (500,000 people, 5 M events,
 * 1 M orders in a real PGlite workspace, shared with bench/analytics.ts): a full
 * `scores/recompute` — reading, computing every score, RFM and the conversion
 * model, writing every person's scores back — and a BG/NBD + Gamma-Gamma fit
 * through `scores/fit-clv`. References measured in the same run, on the same
 * database: one plain pass over the orders (reading every purchase to the client).
 * (An UPDATE of every person row is no steady reference here: without autovacuum
 * each one leaves the table larger and the next one slower.)
 *
 *   node --import tsx bench/scores-workspace.ts [--people N --events N --orders N]
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ClvResult, ScoreRunSummary } from '../core/api/scores';
import { createService } from '../core/service/service';
import { LOADED_MARKER, ensureLoupeWorkspace } from './_bench-workspace';
import { benchSizeFromArgs, defaultWorkspaceDir, generateWorkspace } from './generate-workspace';

const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const size = benchSizeFromArgs();
  const dir = defaultWorkspaceDir(size);
  await generateWorkspace(dir, size);
  const home = join(dir, 'loupe-home');
  if (!existsSync(join(home, LOADED_MARKER))) rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  const service = createService({ host: 'cli', dataDir: home });
  const db = async () => {
    if (!service.context) throw new Error('The service did not start.');
    return (await service.context.useWorkspace('Bench')).db;
  };
  const invoke = async <T>(name: Parameters<typeof service.invoke>[0], args: unknown): Promise<T> => {
    const out = await service.invoke(name, args as never);
    if (!out.ok) throw new Error(`${name}: ${out.error.message}`);
    return out.value as T;
  };
  try {
    await ensureLoupeWorkspace(home, dir, db);
    const d = await db();
    console.log(
      `Workspace: ${size.people.toLocaleString('en-US')} people, ${size.events.toLocaleString('en-US')} events, ${size.orders.toLocaleString('en-US')} orders`,
    );
    // The Activity snapshot is shared with the other analyses; reading it is measured by bench/analytics.ts.
    await service.context?.activity('Bench');

    let started = performance.now();
    await d.copyOut([
      `COPY (SELECT customer_id::text, ordered_at, order_total::float8 FROM customer_orders) TO '/dev/blob' WITH (FORMAT binary)`,
    ]);
    const readRef = performance.now() - started;
    console.log(`reference: reading every order ${fmt(readRef)}`);

    for (const run of ['first', 'second']) {
      started = performance.now();
      const s = await invoke<ScoreRunSummary>('scores/recompute', { workspace: 'Bench' });
      const total = performance.now() - started;
      console.log(
        `scores/recompute (${run} run, ${s.updated.toLocaleString('en-US')} rows changed): ${fmt(total)} = read ${fmt(s.timingsMs.read)} + compute ${fmt(s.timingsMs.compute)} + write ${fmt(s.timingsMs.write)}; ` +
          `compute ${(s.timingsMs.compute / readRef).toFixed(1)}×, write ${(s.timingsMs.write / readRef).toFixed(1)}× reading the orders; ` +
          `conversion model ${s.conversionModel.status}${s.conversionModel.holdout?.auc != null ? `, holdout AUC ${s.conversionModel.holdout.auc.toFixed(3)}` : ''}`,
      );
    }
    started = performance.now();
    const out = await service.invoke('scores/fit-clv', { workspace: 'Bench', calibrationEnd: '2024-06-30' });
    const clvMs = performance.now() - started;
    if (out.ok) {
      const clv: ClvResult = out.value;
      console.log(
        `scores/fit-clv (${clv.customers.toLocaleString('en-US')} buyers, fit + holdout + writing every value): ${fmt(clvMs)} = ${(clvMs / readRef).toFixed(1)}× reading the orders; ` +
          `BG/NBD ${clv.bgnbd.report.converged ? 'converged' : clv.bgnbd.report.reason}, Gamma-Gamma ${clv.gammaGamma.report.converged ? 'converged' : clv.gammaGamma.report.reason}`,
      );
    } else {
      // The generated purchases have no dropout for BG/NBD to estimate: refusing them is the right answer.
      console.log(
        `scores/fit-clv refused after ${fmt(clvMs)} (${(clvMs / readRef).toFixed(1)}× reading the orders): ${out.error.message}`,
      );
    }
  } catch (err) {
    // A workspace whose purchases cannot support BG/NBD is a finding, not a crash of the benchmark.
    console.log(`stopped: ${(err as Error).message}`);
    process.exitCode = 1;
  } finally {
    await service.close();
  }
}

await main();
