import { Divider, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { AppShell } from '@mantine/core';
import { AREAS, type AreaInfo } from './areas';
import { useUiStore } from '../store/ui';

const GROUP_LABELS: Record<AreaInfo['group'], string | null> = {
  workspace: null,
  analysis: 'Analyse',
  output: 'Share',
  app: null,
};

export function Navigation() {
  const area = useUiStore((s) => s.area);
  const setArea = useUiStore((s) => s.setArea);

  const link = (a: AreaInfo) => (
    <NavLink
      key={a.id}
      component="button"
      type="button"
      label={a.label}
      leftSection={<a.icon size={18} stroke={1.7} />}
      active={area === a.id}
      aria-current={area === a.id ? 'page' : undefined}
      onClick={() => setArea(a.id)}
      data-testid={`nav-${a.id}`}
      variant="light"
      style={{ borderRadius: 'var(--mantine-radius-md)' }}
    />
  );

  const groups = (['workspace', 'analysis', 'output'] as const).map((group) => (
    <Stack key={group} gap={2}>
      {GROUP_LABELS[group] && (
        <Text
          size="xs"
          fw={600}
          c="dimmed"
          tt="uppercase"
          px="sm"
          pt="sm"
          pb={4}
          style={{ letterSpacing: 0.4 }}
        >
          {GROUP_LABELS[group]}
        </Text>
      )}
      {AREAS.filter((a) => a.group === group).map(link)}
    </Stack>
  ));

  return (
    <>
      <AppShell.Section grow component={ScrollArea} px="sm" py="sm">
        <nav aria-label="Main">
          <Stack gap={4}>{groups}</Stack>
        </nav>
      </AppShell.Section>
      <Divider />
      <AppShell.Section px="sm" py="sm">
        {AREAS.filter((a) => a.group === 'app').map(link)}
      </AppShell.Section>
    </>
  );
}
