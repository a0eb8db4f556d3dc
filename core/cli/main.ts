import { processOutput } from './output';
import { runCli } from './run';

// Ctrl+C (or a supervisor's SIGTERM) ends long-running commands (`web`, `open --hold`)
// through the same path as a normal exit, so workspaces are checkpointed and unlocked.
const stopped = new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
});

const code = await runCli(process.argv.slice(2), { output: processOutput, stopped });
process.exit(code);
