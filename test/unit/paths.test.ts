import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layoutOf, resolveDataDir } from '../../core/db/paths';

describe('resolveDataDir', () => {
  it('LOUPE_HOME overrides the OS location', () => {
    expect(resolveDataDir({ LOUPE_HOME: '/data/loupe' }, 'linux')).toBe('/data/loupe');
  });
  it('ignores an empty LOUPE_HOME', () => {
    expect(resolveDataDir({ LOUPE_HOME: ' ' }, 'linux')).toBe(join(homedir(), '.local', 'share', 'Loupe'));
  });
  it('follows each OS convention for app data', () => {
    expect(resolveDataDir({}, 'linux')).toBe(join(homedir(), '.local', 'share', 'Loupe'));
    expect(resolveDataDir({ XDG_DATA_HOME: '/xdg' }, 'linux')).toBe(join('/xdg', 'Loupe'));
    expect(resolveDataDir({}, 'darwin')).toBe(join(homedir(), 'Library', 'Application Support', 'Loupe'));
    expect(resolveDataDir({ APPDATA: 'C:/Users/a/AppData/Roaming' }, 'win32')).toBe(
      join('C:/Users/a/AppData/Roaming', 'Loupe'),
    );
  });
  it('lays out the catalog, workspaces and trash inside the data folder', () => {
    expect(layoutOf('/d')).toMatchObject({
      catalogFile: join('/d', 'catalog.sqlite'),
      workspacesDir: join('/d', 'workspaces'),
      trashDir: join('/d', 'trash'),
    });
  });
});
