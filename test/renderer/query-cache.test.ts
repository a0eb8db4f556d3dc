import { describe, expect, it } from 'vitest';
import type { ArgsOf, HandlerName, Outcome, ResultOf } from '../../core/api';
import { QueryCache, queryKey } from '../../renderer/src/query/query-cache';
import { FakeClient } from './fake-client';

/** A client whose answers the test releases one by one, in any order. */
class HeldClient extends FakeClient {
  held: ((outcome: Outcome<unknown>) => void)[] = [];
  override send<N extends HandlerName>(name: N, args: ArgsOf<N>): Promise<Outcome<ResultOf<N>>> {
    this.calls.push({ name, args });
    return new Promise<Outcome<ResultOf<N>>>((resolve) =>
      this.held.push((outcome) => resolve(outcome as Outcome<ResultOf<N>>)),
    );
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('query cache', () => {
  it('keys arguments by value, not by property order', () => {
    expect(queryKey('workspaces/list', { includeArchived: true })).toBe(
      queryKey('workspaces/list', { includeArchived: true, ...{} }),
    );
    expect(queryKey('sql/query', { workspace: 'a', sql: 'x' })).toBe(
      queryKey('sql/query', { sql: 'x', workspace: 'a' }),
    );
    expect(queryKey('workspaces/list', { includeArchived: true })).not.toBe(
      queryKey('workspaces/list', { includeArchived: false }),
    );
  });

  it('keeps the newest answer when an older request finishes last', async () => {
    const client = new HeldClient();
    const cache = new QueryCache(client);
    const key = queryKey('workspaces/list-trash', {});
    cache.subscribe(key, () => undefined);
    cache.invalidateDomain('workspaces');
    expect(client.held).toHaveLength(2);

    const [older, newer] = client.held;
    newer?.({ ok: true, value: ['new'] });
    await settle();
    older?.({ ok: true, value: ['old'] });
    await settle();
    expect(cache.getState(key).data).toEqual(['new']);
    expect(cache.getState(key).fetching).toBe(false);
  });

  it('refetches watched queries of the invalidated domain only, and forgets unwatched ones', async () => {
    const client = new FakeClient();
    const cache = new QueryCache(client);
    const list = queryKey('workspaces/list', {});
    const info = queryKey('app/get-info', {});
    const unsubscribeList = cache.subscribe(list, () => undefined);
    cache.subscribe(info, () => undefined);
    await settle();
    expect(client.calls.map((c) => c.name)).toEqual(['workspaces/list', 'app/get-info']);

    cache.invalidateDomain('workspaces');
    await settle();
    expect(client.calls.map((c) => c.name)).toEqual(['workspaces/list', 'app/get-info', 'workspaces/list']);

    unsubscribeList();
    cache.invalidateDomain('workspaces');
    expect(client.calls).toHaveLength(3);
    expect(cache.getState(list).loading).toBe(true);
  });

  it('keeps showing the last data when a refresh fails', async () => {
    const client = new FakeClient();
    client.addWorkspace({ name: 'Acme' });
    const cache = new QueryCache(client);
    const key = queryKey('workspaces/list', {});
    cache.subscribe(key, () => undefined);
    await settle();
    client.override['workspaces/list'] = () => ({ ok: false, error: { code: 'internal', message: 'boom' } });
    cache.invalidateDomain('workspaces');
    await settle();
    const state = cache.getState(key);
    expect((state.data as { name: string }[]).map((w) => w.name)).toEqual(['Acme']);
    expect(state.error).toEqual({ code: 'internal', message: 'boom' });
  });
});
