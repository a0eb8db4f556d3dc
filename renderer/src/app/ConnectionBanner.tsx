import { Alert, Button, Group, Loader, Text } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useSyncExternalStore } from 'react';
import { useClient } from '../client/context';
import { BANNER_DISCONNECTED } from '../errors/messages';

/** Shown while a connection that once worked is down; it disappears by itself on reconnect. */
export function ConnectionBanner() {
  const { connection } = useClient();
  const status = useSyncExternalStore(connection.subscribe, connection.getStatus, connection.getStatus);
  if (status.state === 'open' || !status.everConnected) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconPlugConnectedX size={20} />}
      title={BANNER_DISCONNECTED.title}
      role="status"
      mb="lg"
      data-testid="connection-banner"
    >
      <Group justify="space-between" gap="sm">
        <Group gap="xs" wrap="nowrap">
          {status.state === 'connecting' && <Loader size={14} color="orange" />}
          <Text size="sm">{BANNER_DISCONNECTED.message}</Text>
        </Group>
        <Button
          size="xs"
          variant="white"
          color="orange"
          onClick={connection.retryNow}
          disabled={status.state === 'connecting'}
        >
          Reconnect now
        </Button>
      </Group>
    </Alert>
  );
}
