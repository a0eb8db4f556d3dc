import { fileURLToPath } from 'node:url';
import { startBridge } from '../../bridge/server';
import { ServiceError } from '../../errors';
import { call, stringFlag, usageError, type Command } from '../command';
import { formatJson, formatTable } from '../output';

export const appCommands: Command[] = [
  {
    path: ['info'],
    usage: 'loupe info',
    summary: 'Show the version, the data folder and the schema version.',
    async run(_positionals, _flags, ctx) {
      const info = await call(ctx, 'app/get-info', {});
      ctx.output.out(
        ctx.json
          ? formatJson(info)
          : [
              `Loupe ${info.version}`,
              `Data folder: ${info.dataDir}`,
              `Schema version: ${info.schemaVersion}`,
            ].join('\n'),
      );
    },
  },
  {
    path: ['call'],
    usage: 'loupe call HANDLER [\'{"json":"args"}\']',
    summary: 'Call any service handler by name with JSON arguments (prints JSON).',
    async run(positionals, _flags, ctx) {
      const [name, rawArgs] = positionals;
      if (!name) usageError(`Name a handler; one of: ${ctx.service().registry.names().join(', ')}.`);
      let args: unknown = {};
      if (rawArgs !== undefined) {
        try {
          args = JSON.parse(rawArgs);
        } catch {
          usageError('The arguments must be a JSON object, e.g. \'{"workspace":"Acme"}\'.');
        }
      }
      const outcome = await ctx.service().call(name, args);
      if (!outcome.ok)
        throw new ServiceError(outcome.error.code, outcome.error.message, outcome.error.details);
      ctx.output.out(formatJson(outcome.value));
    },
  },
  {
    path: ['handlers'],
    usage: 'loupe handlers',
    summary: 'List every service handler (usable with "loupe call").',
    async run(_positionals, _flags, ctx) {
      const names = ctx.service().registry.names();
      ctx.output.out(
        ctx.json
          ? formatJson(names)
          : formatTable(
              ['handler'],
              names.map((handler) => ({ handler })),
            ),
      );
    },
  },
  {
    path: ['web'],
    usage: 'loupe web [--port N]',
    summary: 'Serve the Loupe interface and service on 127.0.0.1 for a browser; prints the URL.',
    flags: {
      port: { type: 'string', description: 'Port to listen on (default: a free one)' },
      'ui-dir': { type: 'string', description: 'Folder of the built interface (default: out/renderer)' },
    },
    async run(_positionals, flags, ctx) {
      const rawPort = stringFlag(flags, 'port');
      const port = rawPort === undefined ? 0 : Number(rawPort);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        usageError('--port must be a number between 0 and 65535.');
      const staticDir =
        stringFlag(flags, 'ui-dir') ?? fileURLToPath(new URL('../../../out/renderer', import.meta.url));
      const bridge = await startBridge({ service: ctx.service(), staticDir, port });
      ctx.output.out(
        ctx.json
          ? JSON.stringify({ url: bridge.url, port: bridge.port })
          : `Loupe is running at ${bridge.url}\nPress Ctrl+C to stop.`,
      );
      await ctx.stopped;
      await bridge.close();
    },
  },
];
