import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck } from '@tabler/icons-react';
import type { Workspace } from '../../../core/api';

/** Confirms a new workspace and offers to open it straight away. */
export function createdNotificationId(workspaceId: string): string {
  return `workspace-created-${workspaceId}`;
}

export function notifyCreated(ws: Workspace, onOpen: () => void): void {
  const id = notifications.show({
    id: createdNotificationId(ws.id),
    title: 'Workspace created',
    message: (
      <Group justify="space-between" wrap="nowrap" gap="md">
        <Text size="sm" style={{ flex: 1, minWidth: 0 }}>
          “{ws.name}” is ready for your data.
        </Text>
        <Button
          size="compact-sm"
          variant="light"
          style={{ flexShrink: 0 }}
          aria-label={`Open ${ws.name}`}
          onClick={() => {
            notifications.hide(id);
            onOpen();
          }}
        >
          Open
        </Button>
      </Group>
    ),
    color: 'teal',
    icon: <IconCheck size={18} />,
    autoClose: 6000,
  });
}
