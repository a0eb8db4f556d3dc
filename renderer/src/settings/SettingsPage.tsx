import {
  Button,
  Code,
  Group,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  useMantineColorScheme,
  type MantineColorScheme,
} from '@mantine/core';
import { IconDeviceDesktop, IconFolderOpen, IconMoon, IconSun } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { PageHeader } from '../areas/PageHeader';
import { useClient } from '../client/context';
import { ErrorAlert } from '../errors/ErrorAlert';
import { useQuery } from '../query/use-query';

const HOSTS: Record<string, string> = {
  electron: 'Desktop app',
  bridge: 'Local web bridge',
  cli: 'Command line',
  test: 'Test harness',
};

export function SettingsPage() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const info = useQuery('app/get-info', {});
  const { native } = useClient();

  return (
    <Stack gap="lg" maw={820}>
      <PageHeader title="Settings" />

      <Paper withBorder radius="md" p="lg">
        <Stack gap="sm">
          <Title order={4}>Appearance</Title>
          <Text size="sm" c="dimmed">
            “Match system” follows your operating system’s light or dark setting as it changes.
          </Text>
          <SegmentedControl
            aria-label="Colour scheme"
            value={colorScheme}
            onChange={(v) => setColorScheme(v as MantineColorScheme)}
            data={[
              {
                value: 'auto',
                label: <SchemeLabel icon={<IconDeviceDesktop size={15} />} text="Match system" />,
              },
              { value: 'light', label: <SchemeLabel icon={<IconSun size={15} />} text="Light" /> },
              { value: 'dark', label: <SchemeLabel icon={<IconMoon size={15} />} text="Dark" /> },
            ]}
            w="fit-content"
          />
        </Stack>
      </Paper>

      <Paper withBorder radius="md" p="lg">
        <Stack gap="sm">
          <Title order={4}>About Loupe</Title>
          {info.error && (
            <ErrorAlert error={info.error} title="Could not read the app details" onRetry={info.refetch} />
          )}
          {info.loading ? (
            <Skeleton height={120} />
          ) : info.data ? (
            <Table variant="vertical" layout="fixed" withTableBorder={false}>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Th w={180}>Version</Table.Th>
                  <Table.Td>{info.data.version}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>Data folder</Table.Th>
                  <Table.Td>
                    <Group gap="sm" wrap="nowrap">
                      <Code style={{ wordBreak: 'break-all' }}>{info.data.dataDir}</Code>
                      {native && (
                        <Button
                          size="compact-xs"
                          variant="default"
                          leftSection={<IconFolderOpen size={14} />}
                          onClick={() => void native.revealInFolder(info.data?.dataDir ?? '')}
                        >
                          Show
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>Running as</Table.Th>
                  <Table.Td>{HOSTS[info.data.host] ?? info.data.host}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>Platform</Table.Th>
                  <Table.Td>{info.data.platform}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>Workspace format</Table.Th>
                  <Table.Td>Version {info.data.schemaVersion}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
          ) : null}
        </Stack>
      </Paper>
    </Stack>
  );
}

function SchemeLabel({ icon, text }: { icon: ReactNode; text: string }) {
  return (
    <Group gap={6} wrap="nowrap" px={4}>
      {icon}
      <span>{text}</span>
    </Group>
  );
}
