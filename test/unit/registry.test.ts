import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../core/errors';
import { Registry, type CallContext } from '../../core/service/registry';
import { memoryLogger } from '../../core/service/logger';

const ctx: CallContext = { emit: () => undefined, signal: new AbortController().signal };

describe('Registry', () => {
  it('refuses to register the same handler name twice', () => {
    const r = new Registry(memoryLogger());
    r.register('app/get-info', () => ({
      name: 'Loupe',
      version: '1',
      dataDir: '/x',
      host: 'test',
      platform: 'linux',
      schemaVersion: 1,
    }));
    expect(() =>
      r.register('app/get-info', () => ({
        name: 'Loupe',
        version: '2',
        dataDir: '/y',
        host: 'test',
        platform: 'linux',
        schemaVersion: 1,
      })),
    ).toThrow(/already registered/);
  });

  it('refuses a domain registering a handler of another domain', () => {
    const r = new Registry(memoryLogger());
    const handlers = { 'workspaces/list': () => [] } as unknown as Parameters<Registry['registerDomain']>[1];
    expect(() => r.registerDomain('app', handlers)).toThrow(/does not belong to domain "app"/);
  });

  it('returns the value of a successful call', async () => {
    const r = new Registry(memoryLogger());
    r.register('workspaces/list', () => []);
    expect(await r.call('workspaces/list', {}, ctx)).toEqual({ ok: true, value: [] });
  });

  it('returns expected failures as typed errors with their details', async () => {
    const r = new Registry(memoryLogger());
    r.register('workspaces/get', () => {
      throw new ServiceError('not-found', 'There is no workspace called "X".', { workspace: 'X' });
    });
    expect(await r.call('workspaces/get', { workspace: 'X' }, ctx)).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'There is no workspace called "X".', details: { workspace: 'X' } },
    });
  });

  it('turns unexpected exceptions into internal errors and logs each once', async () => {
    const logger = memoryLogger();
    const r = new Registry(logger);
    r.register('workspaces/list', () => {
      throw new TypeError('boom');
    });
    const out = await r.call('workspaces/list', {}, ctx);
    expect(out.ok).toBe(false);
    if (!out.ok) {
      expect(out.error.code).toBe('internal');
      expect(out.error.message).toContain('boom');
    }
    expect(logger.lines.filter((l) => l.startsWith('error:'))).toEqual([
      'error: Unexpected failure in workspaces/list: boom',
    ]);
  });

  it('answers an unknown handler name with unknown-handler', async () => {
    const r = new Registry(memoryLogger());
    const out = await r.call('nope/never', {}, ctx);
    expect(out).toMatchObject({ ok: false, error: { code: 'unknown-handler' } });
  });
});
