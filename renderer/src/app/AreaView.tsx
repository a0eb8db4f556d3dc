import { PlaceholderArea } from '../areas/PlaceholderArea';
import { SettingsPage } from '../settings/SettingsPage';
import { useSessionStore } from '../store/session';
import { useUiStore } from '../store/ui';
import { useWorkspaceActions } from '../workspaces/use-workspace-actions';
import { WorkspaceOpenFailure } from '../workspaces/WorkspaceOpenFailure';
import { WorkspacesPage } from '../workspaces/WorkspacesPage';

export function AreaView() {
  const area = useUiStore((s) => s.area);
  const session = useSessionStore((s) => s.session);
  const { open, chooseAnother } = useWorkspaceActions();

  // A workspace that will not open blocks every area but Settings until the user retries or picks another.
  if (session.status === 'failed' && area !== 'settings') {
    return (
      <WorkspaceOpenFailure
        name={session.name}
        error={session.error}
        onRetry={() => open({ id: session.workspaceId, name: session.name })}
        onChooseAnother={chooseAnother}
      />
    );
  }
  switch (area) {
    case 'workspaces':
      return <WorkspacesPage />;
    case 'settings':
      return <SettingsPage />;
    default:
      return <PlaceholderArea id={area} />;
  }
}
