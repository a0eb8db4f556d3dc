import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'Loupe';

/**
 * Where Loupe keeps its catalog and workspaces. `LOUPE_HOME` overrides the OS
 * location (tests, portable installs, scripting); the desktop app and the CLI
 * resolve it the same way, so both see the same workspaces.
 */
export function resolveDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const override = env['LOUPE_HOME'];
  if (override && override.trim() !== '') return override;
  const home = homedir();
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', APP_DIR_NAME);
    case 'win32':
      return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
    default:
      return join(env['XDG_DATA_HOME'] ?? join(home, '.local', 'share'), APP_DIR_NAME);
  }
}

export interface DataLayout {
  root: string;
  catalogFile: string;
  workspacesDir: string;
  trashDir: string;
  cacheDir: string;
  logsDir: string;
}

export function layoutOf(root: string): DataLayout {
  return {
    root,
    catalogFile: join(root, 'catalog.sqlite'),
    workspacesDir: join(root, 'workspaces'),
    trashDir: join(root, 'trash'),
    cacheDir: join(root, 'cache'),
    logsDir: join(root, 'logs'),
  };
}

/** Inside one workspace folder. */
export function workspacePaths(folder: string): { pgdata: string; lockFile: string; backupsDir: string } {
  return {
    pgdata: join(folder, 'pgdata'),
    lockFile: join(folder, 'loupe.lock'),
    backupsDir: join(folder, 'backups'),
  };
}
