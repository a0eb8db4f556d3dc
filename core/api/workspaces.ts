/** Workspace records as every shell sees them. Times are ISO-8601 strings (UTC). */
export interface Workspace {
  id: string;
  name: string;
  client: string | null;
  /** A Mantine colour name or `#rrggbb`; used for the switcher swatch. */
  color: string;
  folder: string;
  createdAt: string;
  openedAt: string | null;
  archived: boolean;
}

export interface TrashedWorkspace extends Workspace {
  deletedAt: string;
  trashFolder: string;
}

export interface WorkspaceOpenResult {
  workspace: Workspace;
  /** Numbers of migrations applied while opening (empty when the workspace was current). */
  migrationsApplied: number[];
  /** Where the pre-migration snapshot was written, when migrations were applied to existing data. */
  backupFile: string | null;
}

export const WORKSPACE_COLORS = [
  'blue',
  'cyan',
  'teal',
  'green',
  'lime',
  'yellow',
  'orange',
  'red',
  'pink',
  'grape',
  'violet',
  'indigo',
] as const;
