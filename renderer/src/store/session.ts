import { create } from 'zustand';
import type { ServiceErrorData, Workspace } from '../../../core/api';

/**
 * The workspace this window is working in, as far as the backend is concerned.
 * Not persisted: after a restart the workspace has to be opened again (the UI
 * store remembers which one).
 */
export type WorkspaceSession =
  | { status: 'none' }
  | { status: 'opening'; workspaceId: string; name: string }
  | { status: 'open'; workspace: Workspace; migrationsApplied: number[]; backupFile: string | null }
  | { status: 'failed'; workspaceId: string; name: string; error: ServiceErrorData };

interface SessionStore {
  session: WorkspaceSession;
  setSession(session: WorkspaceSession): void;
}

export const useSessionStore = create<SessionStore>()((set) => ({
  session: { status: 'none' },
  setSession: (session) => set({ session }),
}));

export function resetSession(): void {
  useSessionStore.setState({ session: { status: 'none' } });
}

export function sessionWorkspaceId(session: WorkspaceSession): string | null {
  switch (session.status) {
    case 'none':
      return null;
    case 'open':
      return session.workspace.id;
    default:
      return session.workspaceId;
  }
}
