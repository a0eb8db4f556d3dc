import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react';
import type { ServiceErrorData } from '../../../core/api';
import { errorTitle } from '../errors/messages';

export function notifySuccess(message: string, title?: string): void {
  notifications.show({
    ...(title ? { title } : {}),
    message,
    color: 'teal',
    icon: <IconCheck size={18} />,
    autoClose: 4000,
  });
}

export function notifyError(error: ServiceErrorData, title?: string): void {
  notifications.show({
    title: title ?? errorTitle(error.code),
    message: error.message,
    color: 'red',
    icon: <IconAlertTriangle size={18} />,
    autoClose: 8000,
  });
}

/** A confirmation with an Undo button; kept on screen long enough to reach it by keyboard. */
export function notifyWithUndo(options: { message: string; onUndo: () => void; undoLabel: string }): void {
  const id = notifications.show({
    message: (
      <Group justify="space-between" wrap="nowrap" gap="md">
        <Text size="sm" style={{ flex: 1, minWidth: 0 }}>
          {options.message}
        </Text>
        <Button
          size="compact-sm"
          variant="light"
          style={{ flexShrink: 0 }}
          data-testid="notification-undo"
          aria-label={options.undoLabel}
          onClick={() => {
            notifications.hide(id);
            options.onUndo();
          }}
        >
          Undo
        </Button>
      </Group>
    ),
    color: 'gray',
    autoClose: 10_000,
  });
}
