import { Button, Center, Loader, Paper, Stack, Text } from '@mantine/core';
import { IconArrowRight, IconFolderOpen } from '@tabler/icons-react';
import { areaInfo, type AreaId } from '../app/areas';
import { AreaEmptyState } from '../components/AreaEmptyState';
import { useSessionStore } from '../store/session';
import { useUiStore } from '../store/ui';
import { PageHeader } from './PageHeader';

/**
 * An area whose features are not built yet. It still tells the truth about what
 * it will do and what has to happen first, and never shows invented numbers.
 */
export function PlaceholderArea({ id }: { id: Exclude<AreaId, 'workspaces' | 'settings'> }) {
  const info = areaInfo(id);
  const session = useSessionStore((s) => s.session);
  const setArea = useUiStore((s) => s.setArea);

  let body;
  if (session.status === 'opening') {
    body = (
      <Center py={64}>
        <Stack align="center" gap="sm">
          <Loader />
          <Text size="sm" c="dimmed">
            Opening “{session.name}”…
          </Text>
        </Stack>
      </Center>
    );
  } else if (session.status !== 'open') {
    body = (
      <AreaEmptyState
        icon={IconFolderOpen}
        title="Open a workspace first"
        description={`${info.purpose} Open or create a workspace to begin.`}
        actions={
          <Button rightSection={<IconArrowRight size={16} />} onClick={() => setArea('workspaces')}>
            Choose a workspace
          </Button>
        }
      />
    );
  } else if (info.needs === 'data') {
    body = (
      <AreaEmptyState
        icon={info.icon}
        title="Import data first"
        description={`${info.purpose} It fills in once “${session.workspace.name}” has data in it.`}
        actions={
          <Button rightSection={<IconArrowRight size={16} />} onClick={() => setArea('import')}>
            Go to Import
          </Button>
        }
      />
    );
  } else {
    body = (
      <AreaEmptyState
        icon={info.icon}
        title={`${info.label} is on its way`}
        description={`${info.purpose} This version of Loupe does not include it yet.`}
      />
    );
  }

  return (
    <Stack gap="lg" maw={1080}>
      <PageHeader title={info.label} />
      <Paper withBorder radius="md">
        {body}
      </Paper>
    </Stack>
  );
}
