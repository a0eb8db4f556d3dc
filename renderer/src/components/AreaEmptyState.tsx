import { EmptyState } from '@mantine/core';
import type { Icon } from '@tabler/icons-react';
import type { ReactNode } from 'react';

interface AreaEmptyStateProps {
  icon: Icon;
  title: string;
  /** What this place is for, in one sentence. */
  description: ReactNode;
  /** The next step, as buttons. */
  actions?: ReactNode;
}

/** Every empty screen says what belongs here and what to do next. */
export function AreaEmptyState({ icon: IconComponent, title, description, actions }: AreaEmptyStateProps) {
  return (
    <EmptyState
      data-testid="empty-state"
      py={48}
      size="md"
      variant="light"
      icon={<IconComponent size={28} stroke={1.6} />}
      title={title}
      description={description}
      maw={520}
      mx="auto"
    >
      {actions && <EmptyState.Actions>{actions}</EmptyState.Actions>}
    </EmptyState>
  );
}
