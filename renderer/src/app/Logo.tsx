import { Group, Text, ThemeIcon } from '@mantine/core';
import { IconZoomScan } from '@tabler/icons-react';

export function Logo() {
  return (
    <Group gap={8} wrap="nowrap">
      <ThemeIcon
        size={30}
        radius="md"
        variant="gradient"
        gradient={{ from: 'indigo.6', to: 'violet.5', deg: 135 }}
      >
        <IconZoomScan size={18} stroke={2} />
      </ThemeIcon>
      <Text fw={700} size="lg" style={{ letterSpacing: -0.3 }}>
        Loupe
      </Text>
    </Group>
  );
}
