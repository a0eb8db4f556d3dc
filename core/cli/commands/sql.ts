import type { SqlValue } from '../../api/sql';
import { call, stringFlag, usageError, type Command } from '../command';
import { formatCsv, formatJson, formatTable } from '../output';

/** `--param` values are JSON when they parse as JSON (numbers, true, null, "text"), text otherwise. */
function parseParam(raw: string): SqlValue {
  try {
    return JSON.parse(raw) as SqlValue;
  } catch {
    return raw;
  }
}

export const sqlCommands: Command[] = [
  {
    path: ['sql'],
    usage: 'loupe sql --workspace NAME "SELECT …" [--param VALUE]… [--json | --csv]',
    summary: 'Run one read-only SQL statement in a workspace and print the rows.',
    flags: {
      workspace: { type: 'string', short: 'w', description: 'Workspace name or id' },
      param: { type: 'string', multiple: true, description: 'Value for $1, $2, … in order' },
      csv: { type: 'boolean', description: 'Print CSV' },
    },
    async run(positionals, flags, ctx) {
      const workspace = stringFlag(flags, 'workspace');
      if (!workspace) usageError('Say which workspace: --workspace NAME.');
      if (positionals.length !== 1 || !positionals[0])
        usageError('Give exactly one SQL statement, in quotes.');
      const rawParams = flags['param'];
      const params = Array.isArray(rawParams) ? rawParams.map(parseParam) : [];
      const result = await call(ctx, 'sql/query', { workspace, sql: positionals[0], params });
      const columns = result.columns.map((c) => c.name);
      if (ctx.json) ctx.output.out(formatJson(result.rows));
      else if (flags['csv'] === true) ctx.output.out(formatCsv(columns, result.rows));
      else
        ctx.output.out(
          columns.length > 0 ? formatTable(columns, result.rows) : `OK (${result.rowCount} rows)`,
        );
    },
  },
];
