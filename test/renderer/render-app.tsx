import { cleanNotifications } from '@mantine/notifications';
import { act, render } from '@testing-library/react';
import { App } from '../../renderer/src/app/App';
import type { AppClient } from '../../renderer/src/client/types';
import { resetSession } from '../../renderer/src/store/session';
import { resetUiState, UI_STORAGE_KEY, useUiStore } from '../../renderer/src/store/ui';

/**
 * Fresh stores and storage, then the whole app against the given client.
 * `remembered` plays the part of a previous run that left a workspace open.
 */
export async function renderApp(client: AppClient, options: { remembered?: string } = {}) {
  localStorage.clear();
  resetUiState();
  resetSession();
  act(() => cleanNotifications());
  if (options.remembered) {
    localStorage.setItem(
      UI_STORAGE_KEY,
      JSON.stringify({ state: { currentWorkspaceId: options.remembered, area: 'workspaces' }, version: 1 }),
    );
    await useUiStore.persist.rehydrate();
  }
  return render(<App client={client} env="test" />);
}
