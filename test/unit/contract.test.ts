import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HANDLER_NAMES } from '../../core/api/handler-names';
import { memoryLogger } from '../../core/service/logger';
import { createService } from '../../core/service/service';

describe('the typed contract', () => {
  it('every declared handler is registered by the service, and nothing else is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loupe-contract-'));
    const service = createService({ host: 'test', dataDir: dir, logger: memoryLogger() });
    try {
      expect(service.registry.names()).toEqual([...HANDLER_NAMES].sort());
    } finally {
      await service.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names follow domain/verb-noun', () => {
    for (const name of HANDLER_NAMES) expect(name).toMatch(/^[a-z]+\/[a-z]+(-[a-z]+)*$/);
  });
});
