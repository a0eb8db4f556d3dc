import { Button, ColorSwatch, Loader, Menu, Text } from '@mantine/core';
import { IconCheck, IconChevronDown, IconFolders, IconPlus, IconX } from '@tabler/icons-react';
import { useQuery } from '../query/use-query';
import { useSessionStore } from '../store/session';
import { useUiStore } from '../store/ui';
import { swatchColor } from './colors';
import { useWorkspaceActions } from './use-workspace-actions';

const RECENT_LIMIT = 6;

/** The header's workspace menu: what is open, the recent ones, and the way to the full list. */
export function WorkspaceSwitcher() {
  const list = useQuery('workspaces/list', { includeArchived: true });
  const session = useSessionStore((s) => s.session);
  const setArea = useUiStore((s) => s.setArea);
  const setCreateModalOpen = useUiStore((s) => s.setCreateModalOpen);
  const { open, close } = useWorkspaceActions();

  const openId = session.status === 'open' ? session.workspace.id : null;
  const recent = (list.data ?? [])
    .filter((w) => !w.archived)
    .sort((a, b) => (b.openedAt ?? '').localeCompare(a.openedAt ?? '') || a.name.localeCompare(b.name))
    .slice(0, RECENT_LIMIT);

  // The header shows the catalog's current name, so a rename elsewhere shows up at once.
  const openName =
    session.status === 'open'
      ? ((list.data ?? []).find((w) => w.id === session.workspace.id)?.name ?? session.workspace.name)
      : null;
  const openColor =
    session.status === 'open'
      ? ((list.data ?? []).find((w) => w.id === session.workspace.id)?.color ?? session.workspace.color)
      : null;

  let label;
  if (openName !== null) {
    label = (
      <Text span size="sm" fw={600} truncate="end" data-testid="current-workspace-name">
        {openName}
      </Text>
    );
  } else if (session.status === 'opening') {
    label = (
      <Text span size="sm" c="dimmed" truncate="end">
        Opening “{session.name}”…
      </Text>
    );
  } else {
    label = (
      <Text span size="sm" c="dimmed">
        No workspace open
      </Text>
    );
  }

  return (
    <Menu position="bottom-start" width={300} shadow="md" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          data-testid="workspace-switcher"
          leftSection={
            session.status === 'opening' ? (
              <Loader size={14} />
            ) : openColor ? (
              <ColorSwatch color={swatchColor(openColor)} size={14} withShadow={false} aria-hidden />
            ) : (
              <IconFolders size={16} />
            )
          }
          rightSection={<IconChevronDown size={14} />}
          maw={320}
          styles={{ label: { overflow: 'hidden' } }}
          title="Switch workspace"
        >
          {label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{recent.length > 0 ? 'Recent workspaces' : 'No workspaces yet'}</Menu.Label>
        {recent.map((ws) => (
          <Menu.Item
            key={ws.id}
            leftSection={
              <ColorSwatch color={swatchColor(ws.color)} size={12} withShadow={false} aria-hidden />
            }
            rightSection={ws.id === openId ? <IconCheck size={14} aria-label="Open" /> : null}
            onClick={() => void open(ws)}
            data-testid="switcher-workspace"
            data-workspace-name={ws.name}
          >
            <Text size="sm" truncate="end">
              {ws.name}
            </Text>
            {ws.client && (
              <Text size="xs" c="dimmed" truncate="end">
                {ws.client}
              </Text>
            )}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item leftSection={<IconPlus size={15} />} onClick={() => setCreateModalOpen(true)}>
          New workspace…
        </Menu.Item>
        <Menu.Item
          leftSection={<IconFolders size={15} />}
          onClick={() => setArea('workspaces')}
          data-testid="switcher-manage"
        >
          Manage workspaces…
        </Menu.Item>
        {openId && (
          <Menu.Item leftSection={<IconX size={15} />} onClick={() => void close()}>
            Close workspace
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
