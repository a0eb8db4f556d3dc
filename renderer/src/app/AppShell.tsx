import { AppShell, Burger, Group } from '@mantine/core';
import { useEffect } from 'react';
import { WORKSPACE_COLORS } from '../../../core/api';
import { useQuery } from '../query/use-query';
import { useSessionStore } from '../store/session';
import { useUiStore } from '../store/ui';
import { CreateWorkspaceModal } from '../workspaces/CreateWorkspaceModal';
import { notifyCreated } from '../workspaces/notify-created';
import { WorkspaceSwitcher } from '../workspaces/WorkspaceSwitcher';
import { useWorkspaceActions } from '../workspaces/use-workspace-actions';
import { AreaView } from './AreaView';
import { ConnectionBanner } from './ConnectionBanner';
import { Logo } from './Logo';
import { Navigation } from './Navigation';
import { ThemeMenu } from './ThemeMenu';
import { useWorkspaceLifecycle } from './use-workspace-lifecycle';

export function LoupeShell() {
  const navbarOpened = useUiStore((s) => s.navbarOpened);
  const toggleNavbar = useUiStore((s) => s.toggleNavbar);
  const createModalOpen = useUiStore((s) => s.createModalOpen);
  const setCreateModalOpen = useUiStore((s) => s.setCreateModalOpen);
  const session = useSessionStore((s) => s.session);
  const { open } = useWorkspaceActions();
  const list = useQuery('workspaces/list', { includeArchived: true });
  useWorkspaceLifecycle();

  const openName = session.status === 'open' ? session.workspace.name : null;
  useEffect(() => {
    document.title = openName ? `${openName} — Loupe` : 'Loupe';
  }, [openName]);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !navbarOpened } }}
      padding={{ base: 'md', sm: 'xl' }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={navbarOpened}
              onClick={toggleNavbar}
              hiddenFrom="sm"
              size="sm"
              aria-label={navbarOpened ? 'Hide navigation' : 'Show navigation'}
            />
            <Logo />
            <WorkspaceSwitcher />
          </Group>
          <ThemeMenu />
        </Group>
      </AppShell.Header>

      <AppShell.Navbar>
        <Navigation />
      </AppShell.Navbar>

      <AppShell.Main>
        <ConnectionBanner />
        <AreaView />
      </AppShell.Main>

      <CreateWorkspaceModal
        opened={createModalOpen}
        suggestedColor={WORKSPACE_COLORS[(list.data?.length ?? 0) % WORKSPACE_COLORS.length]}
        onClose={() => setCreateModalOpen(false)}
        onCreated={(ws) => {
          setCreateModalOpen(false);
          notifyCreated(ws, () => void open(ws));
        }}
      />
    </AppShell>
  );
}
