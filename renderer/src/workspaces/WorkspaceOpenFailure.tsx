import { Button, Center, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconClockUp, IconLock } from '@tabler/icons-react';
import { useState } from 'react';
import type { ServiceErrorData } from '../../../core/api';
import { errorHint, errorTitle } from '../errors/messages';

interface WorkspaceOpenFailureProps {
  name: string;
  error: ServiceErrorData;
  onRetry(): Promise<unknown>;
  onChooseAnother(): void;
}

function iconFor(code: ServiceErrorData['code']) {
  if (code === 'workspace-locked') return <IconLock size={26} />;
  if (code === 'workspace-too-new') return <IconClockUp size={26} />;
  return <IconAlertTriangle size={26} />;
}

/** Replaces the work area when the chosen workspace cannot be opened, with the ways out. */
export function WorkspaceOpenFailure({ name, error, onRetry, onChooseAnother }: WorkspaceOpenFailureProps) {
  const [retrying, setRetrying] = useState(false);
  const hint = errorHint(error.code);
  return (
    <Center mih="60vh" data-testid="workspace-open-failure">
      <Paper withBorder radius="lg" p="xl" maw={560} w="100%" role="alert">
        <Stack gap="md">
          <ThemeIcon
            size={48}
            radius="xl"
            variant="light"
            color={error.code === 'workspace-locked' ? 'orange' : 'red'}
          >
            {iconFor(error.code)}
          </ThemeIcon>
          <div>
            <Title order={3}>{errorTitle(error.code)}</Title>
            <Text c="dimmed" size="sm" mt={4}>
              Loupe could not open “{name}”.
            </Text>
          </div>
          <Text size="sm" data-testid="workspace-open-error-message">
            {error.message}
          </Text>
          {hint && <Text size="sm">{hint}</Text>}
          <Group gap="sm" mt="xs">
            <Button
              loading={retrying}
              onClick={async () => {
                setRetrying(true);
                await onRetry();
                setRetrying(false);
              }}
              data-testid="workspace-open-retry"
            >
              Try again
            </Button>
            <Button variant="default" onClick={onChooseAnother} data-testid="workspace-open-choose">
              Choose another workspace
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}
