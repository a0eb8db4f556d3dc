import { Badge, Button, Group, Paper, Skeleton, Stack, Switch } from '@mantine/core';
import { IconArchive, IconFolderPlus, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { Workspace } from '../../../core/api';
import { PageHeader } from '../areas/PageHeader';
import { AreaEmptyState } from '../components/AreaEmptyState';
import { ErrorAlert } from '../errors/ErrorAlert';
import { useQuery } from '../query/use-query';
import { useUiStore } from '../store/ui';
import { CreateDemoButton } from './CreateDemoButton';
import { DeleteWorkspaceModal } from './DeleteWorkspaceModal';
import { RenameWorkspaceModal } from './RenameWorkspaceModal';
import { TrashSection } from './TrashSection';
import { useWorkspaceActions } from './use-workspace-actions';
import { WorkspaceTable } from './WorkspaceTable';

export function WorkspacesPage() {
  const list = useQuery('workspaces/list', { includeArchived: true });
  const showArchived = useUiStore((s) => s.showArchived);
  const setShowArchived = useUiStore((s) => s.setShowArchived);
  const setCreateModalOpen = useUiStore((s) => s.setCreateModalOpen);
  const actions = useWorkspaceActions();
  const [renaming, setRenaming] = useState<Workspace | null>(null);
  const [deleting, setDeleting] = useState<Workspace | null>(null);

  const all = list.data ?? [];
  const archivedCount = all.filter((w) => w.archived).length;
  const visible = all
    .filter((w) => showArchived || !w.archived)
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));

  let body = null;
  if (list.loading) {
    body = (
      <Paper withBorder radius="md" p="md" aria-busy="true" aria-label="Loading workspaces">
        <Stack gap="sm">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={36} radius="sm" />
          ))}
        </Stack>
      </Paper>
    );
  } else if (visible.length > 0) {
    body = (
      <WorkspaceTable
        workspaces={visible}
        onOpen={(ws) => void actions.open(ws)}
        onRename={setRenaming}
        onArchive={(ws) => void actions.setArchived(ws, !ws.archived)}
        onDelete={setDeleting}
      />
    );
  } else if (!list.error && all.length === 0) {
    body = (
      <Paper withBorder radius="md">
        <AreaEmptyState
          icon={IconFolderPlus}
          title="Create your first workspace"
          description="A workspace holds the exports you import for one client or project. Create one, then import your data into it — or look around a demo workspace with sample data first."
          actions={
            <>
              <Button
                leftSection={<IconPlus size={16} />}
                onClick={() => setCreateModalOpen(true)}
                data-testid="empty-state-action"
              >
                New workspace
              </Button>
              <CreateDemoButton />
            </>
          }
        />
      </Paper>
    );
  } else if (!list.error) {
    body = (
      <Paper withBorder radius="md">
        <AreaEmptyState
          icon={IconArchive}
          title="All your workspaces are archived"
          description="Archived workspaces keep their data but stay out of the way. Show them to open or unarchive one, or create a new workspace."
          actions={
            <Button variant="default" onClick={() => setShowArchived(true)} data-testid="empty-state-action">
              Show archived
            </Button>
          }
        />
      </Paper>
    );
  }

  return (
    <Stack gap="lg" maw={1080}>
      <PageHeader
        title="Workspaces"
        subtitle="Each workspace keeps one client’s or project’s data separate, on this computer."
        right={
          <Group gap="lg">
            <Switch
              label={
                <Group gap={6} wrap="nowrap">
                  <span>Show archived</span>
                  {archivedCount > 0 && (
                    <Badge size="xs" variant="light" color="gray" aria-label={`${archivedCount} archived`}>
                      {archivedCount}
                    </Badge>
                  )}
                </Group>
              }
              checked={showArchived}
              onChange={(e) => setShowArchived(e.currentTarget.checked)}
              data-testid="workspace-show-archived"
            />
            <CreateDemoButton variant="subtle" />
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => setCreateModalOpen(true)}
              data-testid="workspace-create-open"
            >
              New workspace
            </Button>
          </Group>
        }
      />

      {list.error && (
        <ErrorAlert error={list.error} title="Could not load your workspaces" onRetry={list.refetch} />
      )}

      {body}

      <TrashSection />

      <RenameWorkspaceModal
        workspace={renaming}
        onClose={() => setRenaming(null)}
        onRenamed={() => setRenaming(null)}
      />
      <DeleteWorkspaceModal
        workspace={deleting}
        onClose={() => setDeleting(null)}
        onConfirm={async (ws) => {
          const result = await actions.remove(ws);
          if (result.ok) setDeleting(null);
          return result;
        }}
      />
    </Stack>
  );
}
