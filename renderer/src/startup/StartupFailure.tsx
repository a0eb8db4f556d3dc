import { Box, Button, Center, Code, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconFolderOpen, IconPlugConnectedX, IconRefresh } from '@tabler/icons-react';
import type { HealthProblem, NativeHelpers } from '../../../core/api';
import { errorHint, errorTitle } from '../errors/messages';

interface StartupFailureProps {
  /** 'unreachable': the backend could not be asked at all; 'unhealthy': it answered with problems. */
  kind: 'unreachable' | 'unhealthy';
  problems: HealthProblem[];
  onRetry(): void;
  retrying: boolean;
  /** Present only in the desktop app; folder actions need it. */
  native: NativeHelpers | null;
  onQuit?: () => void;
}

function dataDirOf(problem: HealthProblem): string | null {
  const dir = problem.details?.['dataDir'];
  return typeof dir === 'string' ? dir : null;
}

/**
 * What the user sees when Loupe cannot start: each problem in plain words and
 * the recovery actions that can actually be carried out in this shell. Actions
 * the shell cannot perform (no native dialogs in a browser) are left out rather
 * than shown disabled.
 */
export function StartupFailure({ kind, problems, onRetry, retrying, native, onQuit }: StartupFailureProps) {
  const wantsQuit = problems.some((p) => p.actions.includes('quit'));
  return (
    <Center mih="100vh" p="md" data-testid="startup-failure">
      <Paper withBorder radius="lg" p="xl" shadow="sm" maw={620} w="100%">
        <Stack gap="lg">
          <Group gap="md" wrap="nowrap" align="flex-start">
            <ThemeIcon size={48} radius="xl" variant="light" color="red">
              {kind === 'unreachable' ? <IconPlugConnectedX size={26} /> : <IconAlertTriangle size={26} />}
            </ThemeIcon>
            <div>
              <Title order={2}>
                {kind === 'unreachable' ? 'Loupe cannot reach its backend' : 'Loupe cannot start'}
              </Title>
              <Text c="dimmed" size="sm" mt={4}>
                {kind === 'unreachable'
                  ? 'The window is running, but the part of Loupe that keeps your data is not answering.'
                  : 'Loupe checked its data folder before starting and found a problem.'}
              </Text>
            </div>
          </Group>

          <Stack gap="sm" role="alert">
            {problems.map((problem, i) => {
              const dir = dataDirOf(problem);
              const hint = errorHint(problem.code);
              return (
                <Box
                  key={`${problem.code}-${i}`}
                  p="md"
                  style={{
                    borderRadius: 'var(--mantine-radius-md)',
                    background: 'var(--mantine-color-red-light)',
                  }}
                  data-testid="startup-problem"
                >
                  <Text fw={600} size="sm">
                    {kind === 'unreachable' ? 'No answer from the backend' : errorTitle(problem.code)}
                  </Text>
                  <Text size="sm" mt={4}>
                    {problem.message}
                  </Text>
                  {hint && kind === 'unhealthy' && (
                    <Text size="sm" c="dimmed" mt={4}>
                      {hint}
                    </Text>
                  )}
                  {dir && (
                    <Code block mt="sm" style={{ wordBreak: 'break-all' }}>
                      {dir}
                    </Code>
                  )}
                  {native && dir && problem.actions.includes('reveal-data-folder') && (
                    <Button
                      mt="sm"
                      size="xs"
                      variant="default"
                      leftSection={<IconFolderOpen size={14} />}
                      onClick={() => void native.revealInFolder(dir)}
                    >
                      Show the folder
                    </Button>
                  )}
                </Box>
              );
            })}
          </Stack>

          <Group gap="sm">
            <Button
              leftSection={<IconRefresh size={16} />}
              onClick={onRetry}
              loading={retrying}
              data-testid="startup-retry"
              data-autofocus
            >
              Try again
            </Button>
            {native && onQuit && wantsQuit && (
              <Button variant="default" onClick={onQuit} data-testid="startup-quit">
                Quit Loupe
              </Button>
            )}
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}
