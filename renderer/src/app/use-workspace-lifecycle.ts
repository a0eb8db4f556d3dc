import { useEffect, useRef } from 'react';
import { useClient } from '../client/context';
import { useQuery } from '../query/use-query';
import { resetSession, sessionWorkspaceId, useSessionStore } from '../store/session';
import { useUiStore } from '../store/ui';
import { useWorkspaceActions } from '../workspaces/use-workspace-actions';

/**
 * Keeps this window's open workspace in step with the catalog: reopens the last
 * one at start, and lets go of it when another window or the CLI deletes it.
 */
export function useWorkspaceLifecycle(): void {
  const client = useClient();
  const list = useQuery('workspaces/list', { includeArchived: true });
  const { open } = useWorkspaceActions();
  const setCurrentWorkspaceId = useUiStore((s) => s.setCurrentWorkspaceId);
  const restored = useRef(false);

  useEffect(() => {
    if (restored.current || list.loading) return;
    restored.current = true;
    const id = useUiStore.getState().currentWorkspaceId;
    if (!id || useSessionStore.getState().session.status !== 'none') return;
    const ws = list.data?.find((w) => w.id === id);
    if (ws) void open(ws);
    // Gone from the catalog (deleted elsewhere): forget it rather than fail at every start.
    else if (!list.error) setCurrentWorkspaceId(null);
  }, [list.loading, list.data, list.error, open, setCurrentWorkspaceId]);

  useEffect(
    () =>
      client.on('workspaces/changed', (event) => {
        if (event.reason !== 'deleted') return;
        if (sessionWorkspaceId(useSessionStore.getState().session) === event.id) resetSession();
        if (useUiStore.getState().currentWorkspaceId === event.id) setCurrentWorkspaceId(null);
      }),
    [client, setCurrentWorkspaceId],
  );
}
