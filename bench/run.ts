import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs every benchmark in this folder, one process each (so one's memory peak
 * does not colour the next), or only those named on the command line:
 * `npm run bench -- attribution clv`.
 */
const here = import.meta.dirname;
const wanted = process.argv.slice(2);
const all = readdirSync(here)
  // Data generators (generate-*.ts) and helpers (_*.ts) live here too but are not benchmarks.
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_') && !f.startsWith('generate-'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const chosen = wanted.length > 0 ? all.filter((b) => wanted.includes(b)) : all;
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${all.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const name of chosen) {
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, `${name}.ts`)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
