import { useCallback, useSyncExternalStore } from 'react';
import type { ArgsOf, HandlerName, Outcome, ResultOf } from '../../../core/api';
import { useClient } from '../client/context';
import { queryKey, type QueryState } from './query-cache';
import { useQueryCache } from './QueryProvider';

export interface QueryResult<T> extends QueryState<T> {
  refetch(): void;
}

/**
 * Reads `name(args)` through the shared cache and re-renders when the answer or
 * its refresh changes. Arguments are compared by value, so an object literal per
 * render is fine.
 */
export function useQuery<N extends HandlerName>(name: N, args: ArgsOf<N>): QueryResult<ResultOf<N>> {
  const cache = useQueryCache();
  const key = queryKey(name, args);
  const subscribe = useCallback((listener: () => void) => cache.subscribe(key, listener), [cache, key]);
  const getSnapshot = useCallback(() => cache.getState(key) as QueryState<ResultOf<N>>, [cache, key]);
  const state = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
  const refetch = useCallback(() => cache.refetch(key), [cache, key]);
  return { ...state, refetch };
}

/**
 * Sends a call that changes something and, when it succeeds, refreshes the cached
 * reads of its domain (the backend's change event would too, but only after a round trip).
 */
export function useSend() {
  const client = useClient();
  const cache = useQueryCache();
  return useCallback(
    async <N extends HandlerName>(name: N, args: ArgsOf<N>): Promise<Outcome<ResultOf<N>>> => {
      const outcome = await client.send(name, args);
      if (outcome.ok) cache.invalidateDomain(name.split('/')[0] ?? name);
      return outcome;
    },
    [client, cache],
  );
}
