import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { EventName } from '../../../core/api';
import { useClient } from '../client/context';
import { QueryCache } from './query-cache';

const QueryContext = createContext<QueryCache | null>(null);

/** Which backend events make which domains' cached reads stale. */
const INVALIDATED_BY: Record<EventName, string[]> = {
  'workspaces/changed': ['workspaces'],
  'job/progress': [],
  'imports/progress': [],
  // Anything read from a workspace's data may have changed.
  'data/changed': [
    'imports',
    'sql',
    'campaigns',
    'audience',
    'segments',
    'cohorts',
    'attribution',
    'scoring',
    'dashboards',
    'reports',
  ],
};

export function QueryProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const [cache] = useState(() => new QueryCache(client));

  useEffect(() => {
    const offs = (Object.keys(INVALIDATED_BY) as EventName[])
      .filter((event) => (INVALIDATED_BY[event] ?? []).length > 0)
      .map((event) =>
        client.on(event, () => {
          for (const domain of INVALIDATED_BY[event]) cache.invalidateDomain(domain);
        }),
      );
    return () => offs.forEach((off) => off());
  }, [client, cache]);

  useEffect(() => {
    // Events sent while the connection was down are lost: refresh everything on reconnect.
    let wasOpen = client.connection.getStatus().state === 'open';
    return client.connection.subscribe(() => {
      const open = client.connection.getStatus().state === 'open';
      if (open && !wasOpen) cache.invalidate(() => true);
      wasOpen = open;
    });
  }, [client, cache]);

  return <QueryContext.Provider value={cache}>{children}</QueryContext.Provider>;
}

export function useQueryCache(): QueryCache {
  const cache = useContext(QueryContext);
  if (!cache) throw new Error('useQueryCache() needs a <QueryProvider> above it.');
  return cache;
}
