import { Center, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import type { HealthProblem } from '../../../core/api';
import { useClient } from '../client/context';
import type { AppClient } from '../client/types';
import { StartupFailure } from './StartupFailure';

type StartupState =
  | { status: 'checking' }
  | { status: 'ready' }
  | { status: 'failed'; kind: 'unreachable' | 'unhealthy'; problems: HealthProblem[]; retrying: boolean };

/**
 * Asks the backend whether Loupe can run before showing anything that depends
 * on it. Once past this gate, later failures are shown where they happen.
 */
async function runHealthCheck(client: AppClient): Promise<StartupState> {
  const outcome = await client.send('app/check-health', {});
  if (!outcome.ok) {
    return {
      status: 'failed',
      // A transport failure leaves the connection down; an error from a live backend is a health problem.
      kind: client.connection.getStatus().state === 'open' ? 'unhealthy' : 'unreachable',
      problems: [{ code: outcome.error.code, message: outcome.error.message, actions: ['retry'] }],
      retrying: false,
    };
  }
  if (!outcome.value.ok) {
    return { status: 'failed', kind: 'unhealthy', problems: outcome.value.problems, retrying: false };
  }
  return { status: 'ready' };
}

/**
 * Asks the backend whether Loupe can run before showing anything that depends
 * on it. Once past this gate, later failures are shown where they happen.
 */
export function StartupGate({ children }: { children: ReactNode }) {
  const client = useClient();
  const [state, setState] = useState<StartupState>({ status: 'checking' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    void runHealthCheck(client).then((next) => {
      if (current) setState(next);
    });
    return () => {
      current = false;
    };
  }, [client, attempt]);

  if (state.status === 'ready') return <>{children}</>;
  if (state.status === 'checking') {
    return (
      <Center mih="100vh" data-testid="startup-checking">
        <Stack align="center" gap="sm">
          <Loader />
          <Text size="sm" c="dimmed">
            Starting Loupe…
          </Text>
        </Stack>
      </Center>
    );
  }
  return (
    <StartupFailure
      kind={state.kind}
      problems={state.problems}
      retrying={state.retrying}
      native={client.native}
      onQuit={() => window.close()}
      onRetry={() => {
        setState({ ...state, retrying: true });
        setAttempt((n) => n + 1);
      }}
    />
  );
}
