import { parseArgs, type ParseArgsConfig } from 'node:util';
import { exitCodeFor } from '../api/errors';
import { ServiceError } from '../errors';
import { appVersion, createService, type Service } from '../service/service';
import type { Command, CommandContext, Flags } from './command';
import { allCommands } from './commands';
import { formatJson, type Output } from './output';

const GLOBAL_FLAGS: NonNullable<ParseArgsConfig['options']> = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

function findCommand(commands: Command[], words: string[]): { command: Command; rest: string[] } | null {
  let best: Command | null = null;
  for (const c of commands) {
    if (c.path.every((p, i) => words[i] === p) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best ? { command: best, rest: words.slice(best.path.length) } : null;
}

export function helpText(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return [
    'loupe — local-first marketing analysis (command line)',
    '',
    'Usage:',
    ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Every command accepts --json for machine-readable output and --help.',
    'Data folder: $LOUPE_HOME, or the OS app-data folder (see "loupe info").',
  ].join('\n');
}

function commandHelp(c: Command): string {
  const flags = Object.entries(c.flags ?? {}).map(
    ([name, spec]) =>
      `  --${name}${spec.type === 'string' ? ' VALUE' : ''}${spec.short ? `, -${spec.short}` : ''}  ${spec.description}`,
  );
  return [
    `Usage: ${c.usage}`,
    '',
    c.summary,
    ...(flags.length > 0
      ? ['', 'Options:', ...flags, '  --json  Print JSON']
      : ['', 'Options:', '  --json  Print JSON']),
  ].join('\n');
}

export interface RunOptions {
  output: Output;
  /** Resolves when the process is asked to stop. */
  stopped: Promise<void>;
  makeService?: () => Service;
}

/** Runs one CLI invocation; returns the process exit code. Never throws. */
export async function runCli(argv: string[], options: RunOptions): Promise<number> {
  const commands = allCommands();
  const { output } = options;
  const wantsJson = argv.includes('--json');
  let service: Service | null = null;
  const ctx: CommandContext = {
    service: () => (service ??= (options.makeService ?? (() => createService({ host: 'cli' })))()),
    output,
    json: wantsJson,
    stopped: options.stopped,
  };
  try {
    const words = argv.filter((a) => !a.startsWith('-'));
    if (argv.length === 0 || (argv.includes('--help') && words.length === 0) || argv[0] === 'help') {
      output.out(helpText(commands));
      return 0;
    }
    if (argv[0] === '--version' || argv[0] === '-v') {
      output.out(appVersion());
      return 0;
    }
    const found = findCommand(commands, words);
    if (!found) {
      throw new ServiceError(
        'invalid-argument',
        `Unknown command "${words.join(' ')}". Run "loupe --help" to see the commands.`,
      );
    }
    const { command } = found;
    const options_: NonNullable<ParseArgsConfig['options']> = { ...GLOBAL_FLAGS };
    for (const [name, spec] of Object.entries(command.flags ?? {})) {
      options_[name] = {
        type: spec.type,
        ...(spec.multiple ? { multiple: true } : {}),
        ...(spec.short ? { short: spec.short } : {}),
      };
    }
    let parsed: { values: Flags; positionals: string[] };
    try {
      parsed = parseArgs({ args: argv, options: options_, allowPositionals: true, strict: true }) as {
        values: Flags;
        positionals: string[];
      };
    } catch (err) {
      throw new ServiceError('invalid-argument', `${(err as Error).message}\n\n${commandHelp(command)}`);
    }
    if (parsed.values['help'] === true) {
      output.out(commandHelp(command));
      return 0;
    }
    await command.run(parsed.positionals.slice(command.path.length), parsed.values, ctx);
    return 0;
  } catch (err) {
    const e =
      err instanceof ServiceError
        ? err
        : new ServiceError('internal', `Unexpected failure: ${(err as Error)?.message ?? String(err)}`);
    if (!(err instanceof ServiceError)) console.error(err);
    output.err(wantsJson ? formatJson({ error: e.toData() }) : `error [${e.code}]: ${e.message}`);
    return exitCodeFor(e.code);
  } finally {
    const s = service as Service | null;
    if (s) await s.close();
  }
}
