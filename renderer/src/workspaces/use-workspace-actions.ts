import { notifications } from '@mantine/notifications';
import { useCallback } from 'react';
import type { Workspace } from '../../../core/api';
import { useClient } from '../client/context';
import { notifyError, notifySuccess, notifyWithUndo } from '../app/notify';
import { useSend } from '../query/use-query';
import { sessionWorkspaceId, useSessionStore } from '../store/session';
import { createdNotificationId } from './notify-created';
import { useUiStore } from '../store/ui';

/** Increases with every open request, so only the newest one's answer is applied. */
let openSequence = 0;

type WorkspaceRef = Pick<Workspace, 'id' | 'name'>;

/**
 * Opening, closing, archiving and deleting workspaces, with the side effects a
 * user expects: the header follows the open workspace, the last one is reopened
 * at the next start, and a deletion can be undone from its notification.
 */
export function useWorkspaceActions() {
  const client = useClient();
  const send = useSend();
  const setSession = useSessionStore((s) => s.setSession);
  const setCurrentWorkspaceId = useUiStore((s) => s.setCurrentWorkspaceId);
  const setArea = useUiStore((s) => s.setArea);

  const open = useCallback(
    async (ws: WorkspaceRef): Promise<boolean> => {
      const before = useSessionStore.getState().session;
      if (before.status === 'open' && before.workspace.id === ws.id) return true;
      const seq = ++openSequence;
      setSession({ status: 'opening', workspaceId: ws.id, name: ws.name });
      const outcome = await send('workspaces/open', { workspace: ws.id });
      if (seq !== openSequence) return outcome.ok;
      if (!outcome.ok) {
        setSession({ status: 'failed', workspaceId: ws.id, name: ws.name, error: outcome.error });
        return false;
      }
      setSession({
        status: 'open',
        workspace: outcome.value.workspace,
        migrationsApplied: outcome.value.migrationsApplied,
        backupFile: outcome.value.backupFile,
      });
      setCurrentWorkspaceId(ws.id);
      if (outcome.value.migrationsApplied.length > 0) {
        notifySuccess(
          `“${ws.name}” was upgraded to this version of Loupe${outcome.value.backupFile ? '; a backup was kept' : ''}.`,
          'Workspace upgraded',
        );
      }
      // One window works in one workspace: release the previous one (its lock, its memory).
      if (before.status === 'open' && before.workspace.id !== ws.id) {
        void client.send('workspaces/close', { workspace: before.workspace.id });
      }
      return true;
    },
    [client, send, setSession, setCurrentWorkspaceId],
  );

  const close = useCallback(async (): Promise<void> => {
    const before = useSessionStore.getState().session;
    openSequence++;
    setSession({ status: 'none' });
    setCurrentWorkspaceId(null);
    if (before.status === 'open') {
      const outcome = await send('workspaces/close', { workspace: before.workspace.id });
      if (!outcome.ok) notifyError(outcome.error, 'Could not close the workspace');
    }
  }, [send, setSession, setCurrentWorkspaceId]);

  /** Leaves a workspace that failed to open and lets the user pick another. */
  const chooseAnother = useCallback(() => {
    openSequence++;
    setSession({ status: 'none' });
    setCurrentWorkspaceId(null);
    setArea('workspaces');
  }, [setSession, setCurrentWorkspaceId, setArea]);

  const setArchived = useCallback(
    async (ws: WorkspaceRef, archived: boolean): Promise<boolean> => {
      const outcome = await send('workspaces/set-archived', { workspace: ws.id, archived });
      if (!outcome.ok) {
        notifyError(
          outcome.error,
          archived ? 'Could not archive the workspace' : 'Could not unarchive the workspace',
        );
        return false;
      }
      notifySuccess(
        archived
          ? `“${ws.name}” is archived. Turn on “Show archived” to see it.`
          : `“${ws.name}” is back in your workspaces.`,
      );
      return true;
    },
    [send],
  );

  const restore = useCallback(
    async (ws: WorkspaceRef): Promise<boolean> => {
      const outcome = await send('workspaces/restore', { workspace: ws.id });
      if (!outcome.ok) {
        notifyError(outcome.error, `Could not restore “${ws.name}”`);
        return false;
      }
      notifySuccess(`“${ws.name}” is restored.`);
      return true;
    },
    [send],
  );

  /** Moves the workspace to the trash; the caller has already asked for confirmation. */
  const remove = useCallback(
    async (ws: WorkspaceRef): Promise<{ ok: true } | { ok: false; message: string }> => {
      const outcome = await send('workspaces/delete', { workspace: ws.id, confirm: true });
      if (!outcome.ok) return { ok: false, message: outcome.error.message };
      if (sessionWorkspaceId(useSessionStore.getState().session) === ws.id) {
        openSequence++;
        setSession({ status: 'none' });
      }
      if (useUiStore.getState().currentWorkspaceId === ws.id) setCurrentWorkspaceId(null);
      // Its "created, open it?" notice would now lead nowhere.
      notifications.hide(createdNotificationId(ws.id));
      notifyWithUndo({
        message: `“${ws.name}” moved to the trash.`,
        undoLabel: `Undo deleting ${ws.name}`,
        onUndo: () => void restore(ws),
      });
      return { ok: true };
    },
    [send, restore, setSession, setCurrentWorkspaceId],
  );

  return { open, close, chooseAnother, setArchived, remove, restore };
}
