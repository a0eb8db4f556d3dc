import type { AppClient } from '../client/types';
import { StartupGate } from '../startup/StartupGate';
import { AppProviders } from './AppProviders';
import { LoupeShell } from './AppShell';

export function App({ client, env }: { client: AppClient; env?: 'default' | 'test' }) {
  return (
    <AppProviders client={client} {...(env ? { env } : {})}>
      <StartupGate>
        <LoupeShell />
      </StartupGate>
    </AppProviders>
  );
}
