import {
  Button,
  ColorSwatch,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconRestore } from '@tabler/icons-react';
import { useState } from 'react';
import { absoluteTime, relativeTime } from '../components/format';
import { ErrorAlert } from '../errors/ErrorAlert';
import { useQuery } from '../query/use-query';
import { swatchColor } from './colors';
import { useWorkspaceActions } from './use-workspace-actions';

/** Deleted workspaces wait here, restorable, until the trash is emptied. Hidden while empty. */
export function TrashSection() {
  const trash = useQuery('workspaces/list-trash', {});
  const { restore } = useWorkspaceActions();
  const [restoring, setRestoring] = useState<string | null>(null);

  if (trash.error) {
    return <ErrorAlert error={trash.error} title="Could not load the trash" onRetry={trash.refetch} />;
  }
  const items = [...(trash.data ?? [])].sort((a, b) => b.deletedAt.localeCompare(a.deletedAt));
  if (items.length === 0) return null;

  return (
    <Stack gap="xs" component="section" aria-labelledby="trash-title">
      <div>
        <Title order={4} id="trash-title">
          Trash
        </Title>
        <Text size="sm" c="dimmed">
          Deleted workspaces keep their data here. Restore one to use it again.
        </Text>
      </div>
      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        <Table.ScrollContainer minWidth={560} type="native">
          <Table verticalSpacing="xs" horizontalSpacing="md" aria-labelledby="trash-title">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Client</Table.Th>
                <Table.Th>Deleted</Table.Th>
                <Table.Th style={{ width: 1 }}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((ws) => (
                <Table.Tr key={ws.id} data-testid="trash-row" data-workspace-name={ws.name}>
                  <Table.Td>
                    <Group gap="sm" wrap="nowrap">
                      <ColorSwatch
                        color={swatchColor(ws.color)}
                        size={12}
                        withShadow={false}
                        aria-hidden
                        opacity={0.6}
                      />
                      <Text size="sm" c="dimmed" lineClamp={1}>
                        {ws.name}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {ws.client ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Tooltip label={absoluteTime(ws.deletedAt)} openDelay={400}>
                      <Text size="sm" c="dimmed" component="time" dateTime={ws.deletedAt}>
                        {relativeTime(ws.deletedAt)}
                      </Text>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      leftSection={<IconRestore size={15} />}
                      loading={restoring === ws.id}
                      onClick={async () => {
                        setRestoring(ws.id);
                        await restore(ws);
                        setRestoring(null);
                      }}
                      aria-label={`Restore ${ws.name}`}
                      data-testid="trash-restore"
                    >
                      Restore
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </Stack>
  );
}
