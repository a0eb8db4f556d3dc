import type { HealthProblem } from '../../api/contract';
import { constants, accessSync } from 'node:fs';
import type { ServiceContext } from '../context';
import type { Registry } from '../registry';

export function registerApp(registry: Registry, ctx: ServiceContext): void {
  registry.registerDomain('app', {
    'app/get-info': () => ({
      name: 'Loupe',
      version: ctx.version,
      dataDir: ctx.layout.root,
      host: ctx.host,
      platform: process.platform,
      schemaVersion: ctx.workspaces.schemaVersion,
    }),
    'app/check-health': () => {
      const problems: HealthProblem[] = [];
      try {
        accessSync(ctx.layout.root, constants.R_OK | constants.W_OK);
      } catch (err) {
        problems.push({
          code: 'data-folder-unavailable',
          message: `Loupe cannot read and write its data folder ${ctx.layout.root} (${(err as NodeJS.ErrnoException).code ?? 'error'}). Check its permissions, or choose another folder.`,
          actions: ['retry', 'choose-data-folder', 'reveal-data-folder', 'quit'],
          details: { dataDir: ctx.layout.root },
        });
      }
      return { ok: problems.length === 0, problems };
    },
  });
}
