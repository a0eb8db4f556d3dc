import { Button, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconSparkles } from '@tabler/icons-react';
import { create } from 'zustand';
import type { JobProgress } from '../../../core/api';
import { notifyError } from '../app/notify';
import { useClient } from '../client/context';
import { DEMO_CREATE_FAILED_TITLE } from '../errors/messages';
import { useQueryCache } from '../query/QueryProvider';
import { useWorkspaceActions } from './use-workspace-actions';

const PROGRESS_ID = 'demo-workspace-progress';

/** One demo build at a time, whichever of the page's buttons started it. */
const useDemoBuild = create<{ running: boolean; setRunning(running: boolean): void }>()((set) => ({
  running: false,
  setRunning: (running) => set({ running }),
}));

function progressText(p: Pick<JobProgress, 'phase' | 'done' | 'total'> | null): string {
  if (!p) return 'Starting…';
  return p.total ? `${p.phase} (step ${Math.min(p.done + 1, p.total)} of ${p.total})` : p.phase;
}

function progressMessage(p: Pick<JobProgress, 'phase' | 'done' | 'total'> | null) {
  return (
    <Text size="sm" data-testid="demo-progress">
      {progressText(p)}
    </Text>
  );
}

/**
 * Creates the demo workspace (sample retail campaigns and a year of shop data),
 * shows the backend's progress in a notification, then opens it.
 */
export function CreateDemoButton({ variant = 'default' }: { variant?: 'default' | 'light' | 'subtle' }) {
  const client = useClient();
  const cache = useQueryCache();
  const { open } = useWorkspaceActions();
  const running = useDemoBuild((s) => s.running);
  const setRunning = useDemoBuild((s) => s.setRunning);

  const start = async () => {
    if (useDemoBuild.getState().running) return;
    setRunning(true);
    notifications.show({
      id: PROGRESS_ID,
      title: 'Creating the demo workspace',
      message: progressMessage(null),
      loading: true,
      autoClose: false,
      withCloseButton: false,
    });
    const off = client.on('job/progress', (p) => {
      if (p.kind === 'demo') notifications.update({ id: PROGRESS_ID, message: progressMessage(p) });
    });
    try {
      const outcome = await client.send('demo/create-workspace', {});
      if (!outcome.ok) {
        notifications.hide(PROGRESS_ID);
        notifyError(outcome.error, DEMO_CREATE_FAILED_TITLE);
        return;
      }
      const { workspace } = outcome.value;
      cache.invalidateDomain('workspaces');
      notifications.update({
        id: PROGRESS_ID,
        title: 'Demo workspace ready',
        message: `“${workspace.name}” holds sample retail campaigns and a year of shop data.`,
        loading: false,
        color: 'teal',
        icon: <IconCheck size={18} />,
        autoClose: 6000,
        withCloseButton: true,
      });
      await open(workspace);
    } finally {
      off();
      setRunning(false);
    }
  };

  return (
    <Button
      variant={variant}
      leftSection={<IconSparkles size={16} />}
      loading={running}
      onClick={() => void start()}
      data-testid="demo-create"
    >
      Create demo workspace
    </Button>
  );
}
