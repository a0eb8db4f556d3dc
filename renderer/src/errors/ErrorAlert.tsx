import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ServiceErrorData } from '../../../core/api';
import { errorHint, errorTitle } from './messages';

interface ErrorAlertProps {
  error: ServiceErrorData;
  /** Overrides the title derived from the error code. */
  title?: string;
  onRetry?: () => void;
  retryLabel?: string;
}

/** A failure shown where it happened: what went wrong (the backend's words) and what to do next. */
export function ErrorAlert({ error, title, onRetry, retryLabel = 'Try again' }: ErrorAlertProps) {
  const hint = errorHint(error.code);
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={20} />}
      title={title ?? errorTitle(error.code)}
      role="alert"
    >
      <Stack gap="xs">
        <Text size="sm">{error.message}</Text>
        {hint && (
          <Text size="sm" c="dimmed">
            {hint}
          </Text>
        )}
        {onRetry && (
          <Group>
            <Button size="xs" variant="white" color="red" onClick={onRetry}>
              {retryLabel}
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
