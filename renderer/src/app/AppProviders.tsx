import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { ClientProvider } from '../client/context';
import type { AppClient } from '../client/types';
import { QueryProvider } from '../query/QueryProvider';
import { theme } from './theme';

interface AppProvidersProps {
  client: AppClient;
  /** 'test' turns off transitions and portals (component tests in jsdom). */
  env?: 'default' | 'test';
  children: ReactNode;
}

export function AppProviders({ client, env = 'default', children }: AppProvidersProps) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" env={env}>
      <Notifications position="bottom-right" limit={4} />
      <ClientProvider client={client}>
        <QueryProvider>{children}</QueryProvider>
      </ClientProvider>
    </MantineProvider>
  );
}
