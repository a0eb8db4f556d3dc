import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { isAreaId, type AreaId } from '../app/areas';

export interface UiState {
  /** The workspace to reopen at the next start; null when the user has none open. */
  currentWorkspaceId: string | null;
  area: AreaId;
  showArchived: boolean;
  /** The navbar drawer on narrow windows; not persisted. */
  navbarOpened: boolean;
  /** The "new workspace" dialog, reachable from the switcher in every area; not persisted. */
  createModalOpen: boolean;
  setCurrentWorkspaceId(id: string | null): void;
  setArea(area: AreaId): void;
  setShowArchived(show: boolean): void;
  toggleNavbar(): void;
  setCreateModalOpen(open: boolean): void;
}

export const UI_STORAGE_KEY = 'loupe.ui';

const initial = {
  currentWorkspaceId: null,
  area: 'workspaces' as AreaId,
  showArchived: false,
  navbarOpened: false,
  createModalOpen: false,
};

export const useUiStore = create<UiState>()(
  persist(
    (set) => ({
      ...initial,
      setCurrentWorkspaceId: (id) => set({ currentWorkspaceId: id }),
      setArea: (area) => set({ area, navbarOpened: false }),
      setShowArchived: (show) => set({ showArchived: show }),
      toggleNavbar: () => set((s) => ({ navbarOpened: !s.navbarOpened })),
      setCreateModalOpen: (open) => set({ createModalOpen: open }),
    }),
    {
      name: UI_STORAGE_KEY,
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({
        currentWorkspaceId: s.currentWorkspaceId,
        area: s.area,
        showArchived: s.showArchived,
      }),
      // Stored state is user-editable and may come from another version: keep only what still makes sense.
      merge: (persisted, current) => {
        const p = (persisted ?? {}) as Partial<Record<string, unknown>>;
        return {
          ...current,
          currentWorkspaceId: typeof p.currentWorkspaceId === 'string' ? p.currentWorkspaceId : null,
          area: isAreaId(p.area) ? p.area : current.area,
          showArchived: p.showArchived === true,
        };
      },
    },
  ),
);

/** Back to first-start state (tests, and "forget this workspace" paths). */
export function resetUiState(): void {
  useUiStore.setState(initial);
}
