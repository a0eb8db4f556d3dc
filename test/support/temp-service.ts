import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArgsOf, HandlerName, ResultOf } from '../../core/api/contract';
import type { WorkspaceDb } from '../../core/db/workspace-db';
import { memoryLogger } from '../../core/service/logger';
import { createService, type Service } from '../../core/service/service';

export interface TempService {
  service: Service;
  dataDir: string;
  logger: ReturnType<typeof memoryLogger>;
  /** Calls a handler and fails the test with the typed error if it did not succeed. */
  ok<N extends HandlerName>(name: N, args: ArgsOf<N>): Promise<ResultOf<N>>;
  /** The open database of a workspace, for tests that must write rows directly. */
  db(workspace: string): Promise<WorkspaceDb>;
  dispose(): Promise<void>;
}

/** A service over a fresh, empty data folder; dispose() closes it and removes the folder. */
export function tempService(dataDir = mkdtempSync(join(tmpdir(), 'loupe-test-'))): TempService {
  const logger = memoryLogger();
  const service = createService({ host: 'test', dataDir, logger });
  return {
    service,
    dataDir,
    logger,
    async ok(name, args) {
      const out = await service.invoke(name, args);
      if (!out.ok) throw new Error(`${name} failed: ${out.error.code}: ${out.error.message}`);
      return out.value;
    },
    async db(workspace) {
      if (!service.context) throw new Error('The service did not start.');
      return (await service.context.useWorkspace(workspace)).db;
    },
    async dispose() {
      await service.close();
      try {
        rmSync(dataDir, { recursive: true, force: true });
      } catch (err) {
        // A test may point the data folder at an impossible path on purpose.
        if ((err as NodeJS.ErrnoException).code !== 'ENOTDIR') throw err;
      }
    },
  };
}
