import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { ColumnMappingData, SavedMapping } from '../api/imports';
import type { TrashedWorkspace, Workspace } from '../api/workspaces';

/**
 * The catalog: one small SQLite file listing workspaces, app settings and saved
 * import mappings. Its schema evolves by `user_version`; each step is append-only.
 */
const CATALOG_STEPS: string[] = [
  `CREATE TABLE workspaces (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     client TEXT,
     color TEXT NOT NULL,
     folder TEXT NOT NULL,
     created_at TEXT NOT NULL,
     opened_at TEXT,
     archived_at TEXT,
     deleted_at TEXT,
     trash_folder TEXT
   );
   -- Names are unique among live workspaces, ignoring case, so "Acme" and "acme" cannot both exist.
   CREATE UNIQUE INDEX workspaces_live_name ON workspaces (name COLLATE NOCASE) WHERE deleted_at IS NULL;
   CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE import_mappings (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     header_signature TEXT NOT NULL,
     target TEXT NOT NULL,
     mapping_json TEXT NOT NULL,
     created_at TEXT NOT NULL,
     used_at TEXT
   );
   CREATE INDEX import_mappings_signature ON import_mappings (header_signature);`,
];

interface WorkspaceRow {
  id: string;
  name: string;
  client: string | null;
  color: string;
  folder: string;
  created_at: string;
  opened_at: string | null;
  archived_at: string | null;
  deleted_at: string | null;
  trash_folder: string | null;
}

function toWorkspace(r: WorkspaceRow): Workspace {
  return {
    id: r.id,
    name: r.name,
    client: r.client,
    color: r.color,
    folder: r.folder,
    createdAt: r.created_at,
    openedAt: r.opened_at,
    archived: r.archived_at !== null,
  };
}

function toTrashed(r: WorkspaceRow): TrashedWorkspace {
  return { ...toWorkspace(r), deletedAt: r.deleted_at ?? '', trashFolder: r.trash_folder ?? '' };
}

export class Catalog {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    // WAL lets the CLI read the catalog while the desktop app has it open.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    this.upgrade();
  }

  private upgrade(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > CATALOG_STEPS.length) {
      throw new Error(
        `The catalog was written by a newer Loupe (catalog version ${version}, this app knows ${CATALOG_STEPS.length}).`,
      );
    }
    for (let v = version; v < CATALOG_STEPS.length; v++) {
      const step = CATALOG_STEPS[v] ?? '';
      this.db.transaction(() => {
        this.db.exec(step);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  close(): void {
    this.db.close();
  }

  list(includeArchived: boolean): Workspace[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM workspaces WHERE deleted_at IS NULL ${includeArchived ? '' : 'AND archived_at IS NULL'}
         ORDER BY archived_at IS NOT NULL, COALESCE(opened_at, created_at) DESC, name COLLATE NOCASE`,
      )
      .all() as WorkspaceRow[];
    return rows.map(toWorkspace);
  }

  listTrash(): TrashedWorkspace[] {
    const rows = this.db
      .prepare('SELECT * FROM workspaces WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC')
      .all() as WorkspaceRow[];
    return rows.map(toTrashed);
  }

  /** Finds a live workspace by id, or by name ignoring case. */
  find(ref: string): Workspace | null {
    const row = this.db
      .prepare(
        `SELECT * FROM workspaces WHERE deleted_at IS NULL AND (id = ? OR name = ? COLLATE NOCASE)
         ORDER BY id = ? DESC LIMIT 1`,
      )
      .get(ref, ref, ref) as WorkspaceRow | undefined;
    return row ? toWorkspace(row) : null;
  }

  findTrashed(ref: string): TrashedWorkspace | null {
    const row = this.db
      .prepare(
        `SELECT * FROM workspaces WHERE deleted_at IS NOT NULL AND (id = ? OR name = ? COLLATE NOCASE)
         ORDER BY deleted_at DESC LIMIT 1`,
      )
      .get(ref, ref) as WorkspaceRow | undefined;
    return row ? toTrashed(row) : null;
  }

  nameTaken(name: string, exceptId?: string): boolean {
    const row = this.db
      .prepare('SELECT id FROM workspaces WHERE deleted_at IS NULL AND name = ? COLLATE NOCASE AND id != ?')
      .get(name, exceptId ?? '');
    return row !== undefined;
  }

  insert(w: { name: string; client: string | null; color: string; folder: string; id?: string }): Workspace {
    const id = w.id ?? randomUUID();
    const now = new Date().toISOString();
    this.db
      .prepare(
        'INSERT INTO workspaces (id, name, client, color, folder, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(id, w.name, w.client, w.color, w.folder, now);
    return this.get(id);
  }

  get(id: string): Workspace {
    const row = this.db.prepare('SELECT * FROM workspaces WHERE id = ?').get(id) as WorkspaceRow | undefined;
    if (!row) throw new Error(`Workspace ${id} is not in the catalog.`);
    return toWorkspace(row);
  }

  update(id: string, fields: { name?: string; client?: string | null; color?: string }): Workspace {
    const sets: string[] = [];
    const values: (string | null)[] = [];
    if (fields.name !== undefined) {
      sets.push('name = ?');
      values.push(fields.name);
    }
    if (fields.client !== undefined) {
      sets.push('client = ?');
      values.push(fields.client);
    }
    if (fields.color !== undefined) {
      sets.push('color = ?');
      values.push(fields.color);
    }
    if (sets.length > 0)
      this.db.prepare(`UPDATE workspaces SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
    return this.get(id);
  }

  setArchived(id: string, archived: boolean): Workspace {
    this.db
      .prepare('UPDATE workspaces SET archived_at = ? WHERE id = ?')
      .run(archived ? new Date().toISOString() : null, id);
    return this.get(id);
  }

  touchOpened(id: string): Workspace {
    this.db.prepare('UPDATE workspaces SET opened_at = ? WHERE id = ?').run(new Date().toISOString(), id);
    return this.get(id);
  }

  markDeleted(id: string, trashFolder: string): TrashedWorkspace {
    this.db
      .prepare('UPDATE workspaces SET deleted_at = ?, trash_folder = ? WHERE id = ?')
      .run(new Date().toISOString(), trashFolder, id);
    const row = this.db.prepare('SELECT * FROM workspaces WHERE id = ?').get(id) as WorkspaceRow;
    return toTrashed(row);
  }

  markRestored(id: string, folder: string): Workspace {
    this.db
      .prepare('UPDATE workspaces SET deleted_at = NULL, trash_folder = NULL, folder = ? WHERE id = ?')
      .run(folder, id);
    return this.get(id);
  }

  getSetting(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row?.value ?? null;
  }

  setSetting(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(key, value);
  }

  /** Saves a column mapping under a name; saving a name again (ignoring case) replaces that mapping. */
  saveMapping(m: { name: string; headerSignature: string; mapping: ColumnMappingData }): SavedMapping {
    const existing = this.db
      .prepare('SELECT id FROM import_mappings WHERE name = ? COLLATE NOCASE ORDER BY created_at LIMIT 1')
      .get(m.name) as { id: string } | undefined;
    const json = JSON.stringify(m.mapping);
    if (existing) {
      this.db
        .prepare(
          'UPDATE import_mappings SET name = ?, header_signature = ?, target = ?, mapping_json = ? WHERE id = ?',
        )
        .run(m.name, m.headerSignature, m.mapping.target, json, existing.id);
      return this.getMapping(existing.id);
    }
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO import_mappings (id, name, header_signature, target, mapping_json, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(id, m.name, m.headerSignature, m.mapping.target, json, new Date().toISOString());
    return this.getMapping(id);
  }

  listMappings(): SavedMapping[] {
    const rows = this.db
      .prepare('SELECT * FROM import_mappings ORDER BY name COLLATE NOCASE')
      .all() as MappingRow[];
    return rows.map(toSavedMapping);
  }

  /** By id or by name (ignoring case). */
  findMapping(ref: string): SavedMapping | null {
    const row = this.db
      .prepare(
        'SELECT * FROM import_mappings WHERE id = ? OR name = ? COLLATE NOCASE ORDER BY id = ? DESC LIMIT 1',
      )
      .get(ref, ref, ref) as MappingRow | undefined;
    return row ? toSavedMapping(row) : null;
  }

  /** The mapping saved for files with this header, the most recently used first. */
  findMappingBySignature(signature: string): SavedMapping | null {
    const row = this.db
      .prepare(
        `SELECT * FROM import_mappings WHERE header_signature = ?
         ORDER BY COALESCE(used_at, created_at) DESC LIMIT 1`,
      )
      .get(signature) as MappingRow | undefined;
    return row ? toSavedMapping(row) : null;
  }

  markMappingUsed(id: string): void {
    this.db.prepare('UPDATE import_mappings SET used_at = ? WHERE id = ?').run(new Date().toISOString(), id);
  }

  private getMapping(id: string): SavedMapping {
    const row = this.db.prepare('SELECT * FROM import_mappings WHERE id = ?').get(id) as
      MappingRow | undefined;
    if (!row) throw new Error(`Mapping ${id} is not in the catalog.`);
    return toSavedMapping(row);
  }
}

interface MappingRow {
  id: string;
  name: string;
  header_signature: string;
  target: string;
  mapping_json: string;
  created_at: string;
  used_at: string | null;
}

function toSavedMapping(r: MappingRow): SavedMapping {
  return {
    id: r.id,
    name: r.name,
    headerSignature: r.header_signature,
    mapping: JSON.parse(r.mapping_json) as ColumnMappingData,
    createdAt: r.created_at,
    usedAt: r.used_at,
  };
}
