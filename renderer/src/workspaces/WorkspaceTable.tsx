import {
  ActionIcon,
  Badge,
  Button,
  ColorSwatch,
  Group,
  Paper,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconArchive, IconArchiveOff, IconPencil, IconTrash } from '@tabler/icons-react';
import type { Workspace } from '../../../core/api';
import { absoluteTime, relativeTime } from '../components/format';
import { useSessionStore } from '../store/session';
import { swatchColor } from './colors';

interface WorkspaceTableProps {
  workspaces: Workspace[];
  onOpen(ws: Workspace): void;
  onRename(ws: Workspace): void;
  onArchive(ws: Workspace): void;
  onDelete(ws: Workspace): void;
}

export function WorkspaceTable({ workspaces, onOpen, onRename, onArchive, onDelete }: WorkspaceTableProps) {
  const session = useSessionStore((s) => s.session);
  const openId = session.status === 'open' ? session.workspace.id : null;
  const openingId = session.status === 'opening' ? session.workspaceId : null;

  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
      <Table.ScrollContainer minWidth={680} type="native">
        <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover aria-label="Workspaces">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Client</Table.Th>
              <Table.Th>Last opened</Table.Th>
              <Table.Th style={{ width: 1 }}>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {workspaces.map((ws) => {
              const isOpen = ws.id === openId;
              return (
                <Table.Tr key={ws.id} data-testid="workspace-row" data-workspace-name={ws.name}>
                  <Table.Td>
                    <Group gap="sm" wrap="nowrap">
                      <ColorSwatch color={swatchColor(ws.color)} size={14} withShadow={false} aria-hidden />
                      <Text fw={500} size="sm" c={ws.archived ? 'dimmed' : undefined} lineClamp={1}>
                        {ws.name}
                      </Text>
                      {isOpen && (
                        <Badge size="sm" variant="light" color="teal">
                          Open
                        </Badge>
                      )}
                      {ws.archived && (
                        <Badge size="sm" variant="outline" color="gray">
                          Archived
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={ws.client ? undefined : 'dimmed'}>
                      {ws.client ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {ws.openedAt ? (
                      <Tooltip label={absoluteTime(ws.openedAt)} openDelay={400}>
                        <Text size="sm" component="time" dateTime={ws.openedAt}>
                          {relativeTime(ws.openedAt)}
                        </Text>
                      </Tooltip>
                    ) : (
                      <Text size="sm" c="dimmed">
                        Never
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      <Button
                        size="xs"
                        variant={isOpen ? 'subtle' : 'light'}
                        disabled={isOpen}
                        loading={ws.id === openingId}
                        onClick={() => onOpen(ws)}
                        aria-label={isOpen ? `${ws.name} is open` : `Open ${ws.name}`}
                        data-testid="workspace-open"
                        miw={72}
                      >
                        {isOpen ? 'Current' : 'Open'}
                      </Button>
                      <Tooltip label="Rename">
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          onClick={() => onRename(ws)}
                          aria-label={`Rename ${ws.name}`}
                          data-testid="workspace-rename"
                        >
                          <IconPencil size={17} />
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label={ws.archived ? 'Unarchive' : 'Archive'}>
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          onClick={() => onArchive(ws)}
                          aria-label={ws.archived ? `Unarchive ${ws.name}` : `Archive ${ws.name}`}
                          data-testid="workspace-archive"
                        >
                          {ws.archived ? <IconArchiveOff size={17} /> : <IconArchive size={17} />}
                        </ActionIcon>
                      </Tooltip>
                      <Tooltip label="Delete">
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          onClick={() => onDelete(ws)}
                          aria-label={`Delete ${ws.name}`}
                          data-testid="workspace-delete"
                        >
                          <IconTrash size={17} />
                        </ActionIcon>
                      </Tooltip>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
