import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ColumnMappingData, ImportInspection, SavedMapping } from '../api/imports';
import { workspacePaths } from '../db/paths';
import { ServiceError, fail } from '../errors';
import type { ServiceContext } from '../service/context';
import type { Registry } from '../service/registry';
import {
  asRecord,
  optionalBoolean,
  optionalString,
  requiredBoolean,
  requiredString,
} from '../service/validate';
import { formats } from './formats';
import { findBatches, getBatch, listHistory, listRejections, previousImport } from './load/history';
import { finish, importFile, workspaceSettings } from './load/loader';
import { rollbackBatch } from './load/rollback';
import {
  headerSignature,
  isMappingTarget,
  suggestMapping,
  suggestTarget,
  validateMapping,
  type ColumnMapping,
} from './mapping';
import { inspectImportFile } from './read-file';
import { SNIFF_BYTES, detectDelimiter, detectEncoding } from './sniff';

/** The `imports/*` handlers: run, inspect, history, rejections, rollback and saved mappings. */

const MAX_HISTORY = 1000;
const MAX_REJECTIONS_PAGE = 1000;

function optionalInteger(args: unknown, key: string, min: number, max: number): number | undefined {
  const v = asRecord(args)[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail('invalid-argument', `${key} must be a whole number from ${min} to ${max}.`, { field: key });
  }
  return v;
}

/** A mapping from any shell: shape-checked here, checked against the file's header when it is read. */
function mappingArg(args: unknown): ColumnMapping | undefined {
  const v = asRecord(args)['mapping'];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v))
    fail('invalid-argument', 'mapping must be an object with a target and columns.');
  const m = v as { target?: unknown; columns?: unknown };
  if (!isMappingTarget(m.target))
    fail('invalid-argument', 'mapping.target must be contacts, events, orders, sends, touchpoints or spend.');
  if (typeof m.columns !== 'object' || m.columns === null || Array.isArray(m.columns)) {
    fail('invalid-argument', 'mapping.columns must map Loupe fields to column names.');
  }
  return v as ColumnMapping;
}

function toMappingData(m: ColumnMapping): ColumnMappingData {
  const columns: Record<string, string> = {};
  for (const [k, col] of Object.entries(m.columns)) if (typeof col === 'string') columns[k] = col;
  const data: ColumnMappingData = { target: m.target, columns };
  if (m.options !== undefined) data.options = m.options as Record<string, string | boolean | number>;
  return data;
}

function headerOfUnknownFile(err: unknown): string[] | null {
  if (!(err instanceof ServiceError) || err.code !== 'invalid-argument') return null;
  const header = err.details?.['header'];
  return Array.isArray(header) && header.every((h) => typeof h === 'string') ? (header as string[]) : null;
}

/** Size, hash, encoding and delimiter of a file whose header matches no format (what inspect can still say). */
async function basicFacts(
  path: string,
): Promise<{ bytes: number; sha256: string; encoding: string; delimiter: string }> {
  const { size } = await stat(path);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) hash.update(chunk);
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(size, SNIFF_BYTES));
    await handle.read(buffer, 0, buffer.length, 0);
    const guess = detectEncoding(buffer);
    const text = new TextDecoder(guess.encoding).decode(buffer, { stream: true });
    return {
      bytes: size,
      sha256: hash.digest('hex'),
      encoding: guess.encoding,
      delimiter: detectDelimiter(text),
    };
  } finally {
    await handle.close();
  }
}

export function registerImports(registry: Registry, ctx: ServiceContext): void {
  /** A saved mapping for this header, else a suggestion (null when no target fits). */
  const mappingsFor = (
    header: string[],
  ): { saved: SavedMapping | null; suggested: ColumnMappingData | null } => {
    const saved = ctx.catalog.findMappingBySignature(headerSignature(header));
    const target = suggestTarget(header);
    return { saved, suggested: target === undefined ? null : toMappingData(suggestMapping(header, target)) };
  };

  registry.registerDomain('imports', {
    'imports/list-formats': () =>
      formats.list().map((f) => ({ id: f.id, label: f.label, description: f.description })),

    'imports/inspect': async (args): Promise<ImportInspection> => {
      const path = requiredString(args, 'path', 'The file to inspect');
      const format = optionalString(args, 'format');
      const { db } = await ctx.useWorkspace(requiredString(args, 'workspace', 'Workspace'));
      const { timeZone } = await workspaceSettings(db);
      try {
        const info = await inspectImportFile(path, { timeZone, ...(format ? { format } : {}) });
        const { saved, suggested } =
          info.format === 'csv-mapping' ? mappingsFor(info.header) : { saved: null, suggested: null };
        return {
          fileName: info.fileName,
          bytes: info.bytes,
          sha256: info.sha256,
          encoding: info.encoding,
          delimiter: info.delimiter,
          format: info.format,
          header: info.header,
          savedMapping: saved ?? ctx.catalog.findMappingBySignature(headerSignature(info.header)),
          suggestedMapping: suggested,
          previousImport: await previousImport(db, info.sha256),
        };
      } catch (err) {
        // A file no format recognises may still be read through a column mapping: say what it has.
        const header = format === undefined ? headerOfUnknownFile(err) : null;
        if (header === null) throw err;
        const { saved, suggested } = mappingsFor(header);
        const facts = await basicFacts(path);
        return {
          fileName: basename(path),
          ...facts,
          format: 'csv-mapping',
          header,
          savedMapping: saved,
          suggestedMapping: suggested,
          previousImport: await previousImport(db, facts.sha256),
        };
      }
    },

    'imports/run': async (args, call) => {
      const path = requiredString(args, 'path', 'The file to import');
      const format = optionalString(args, 'format');
      let mapping = mappingArg(args);
      const acceptPartial = optionalBoolean(args, 'acceptPartial') ?? false;
      const dryRun = optionalBoolean(args, 'dryRun') ?? false;
      const jobId = optionalString(args, 'jobId') ?? randomUUID();
      const { workspace, db } = await ctx.useWorkspace(requiredString(args, 'workspace', 'Workspace'));
      const run = (m: ColumnMapping | undefined, saved: { id: string; name: string } | undefined) =>
        importFile(db, {
          path,
          ...(format !== undefined ? { format } : {}),
          ...(m !== undefined ? { mapping: m } : {}),
          ...(saved !== undefined ? { savedMapping: saved } : {}),
          acceptPartial,
          dryRun,
          jobId,
          signal: call.signal,
          pgdata: workspacePaths(workspace.folder).pgdata,
          onProgress: (p) => call.emit('imports/progress', { ...p, jobId, workspaceId: workspace.id }),
        });
      let savedMapping: { id: string; name: string } | undefined;
      let summary;
      try {
        summary = await run(mapping, undefined);
      } catch (err) {
        // A file no format recognises is read with the mapping saved for its header, when there is one.
        const header = format === undefined && mapping === undefined ? headerOfUnknownFile(err) : null;
        const saved = header === null ? null : ctx.catalog.findMappingBySignature(headerSignature(header));
        if (saved === null) throw err;
        mapping = saved.mapping as ColumnMapping;
        savedMapping = { id: saved.id, name: saved.name };
        summary = await run(mapping, savedMapping);
      }
      if (savedMapping !== undefined && summary.status === 'completed')
        ctx.catalog.markMappingUsed(savedMapping.id);
      if (summary.status === 'completed')
        ctx.emit('data/changed', { workspaceId: workspace.id, reason: 'import' });
      return summary;
    },

    'imports/list-history': async (args) => {
      const limit = optionalInteger(args, 'limit', 1, MAX_HISTORY) ?? 100;
      const { db } = await ctx.useWorkspace(requiredString(args, 'workspace', 'Workspace'));
      return listHistory(db, limit);
    },

    'imports/list-rejections': async (args) => {
      const batchId = requiredString(args, 'batchId', 'The import (batch id)');
      const offset = optionalInteger(args, 'offset', 0, Number.MAX_SAFE_INTEGER) ?? 0;
      const limit = optionalInteger(args, 'limit', 1, MAX_REJECTIONS_PAGE) ?? 100;
      const { db } = await ctx.useWorkspace(requiredString(args, 'workspace', 'Workspace'));
      const batch = await getBatch(db, batchId);
      if (batch === null) fail('not-found', `There is no import ${batchId} in this workspace.`, { batchId });
      return listRejections(db, batch.batchId, offset, limit);
    },

    'imports/rollback': async (args) => {
      const ref = requiredString(args, 'batchId', 'The import to roll back (batch id)');
      const confirm = requiredBoolean(args, 'confirm');
      const { workspace, db } = await ctx.useWorkspace(requiredString(args, 'workspace', 'Workspace'));
      let batch = await getBatch(db, ref);
      if (batch === null && /^[0-9a-f-]{4,35}$/i.test(ref)) {
        const found = await findBatches(db, ref);
        if (found.length > 1)
          fail('invalid-argument', `More than one import starts with "${ref}"; give more of its id.`);
        batch = found[0] ?? null;
      }
      if (batch === null) fail('not-found', `There is no import ${ref} in this workspace.`, { batchId: ref });
      if (batch.status !== 'completed') {
        fail(
          'invalid-argument',
          batch.status === 'rolled_back'
            ? `The import of ${batch.fileName} was already rolled back (${batch.rolledBackAt ?? ''}).`
            : `The import of ${batch.fileName} did not complete (${batch.status}); it wrote nothing to roll back.`,
        );
      }
      if (!confirm) {
        fail(
          'confirmation-required',
          `Rolling back removes what the import of ${batch.fileName} added and restores what it changed. Confirm to go ahead (--yes on the command line).`,
        );
      }
      const result = await rollbackBatch(db, batch.batchId);
      const touched = [...new Set([...Object.keys(result.deleted), ...Object.keys(result.restored)])];
      await finish(db, touched, workspacePaths(workspace.folder).pgdata);
      ctx.emit('data/changed', { workspaceId: workspace.id, reason: 'rollback' });
      const after = await getBatch(db, batch.batchId);
      if (after === null) throw new Error(`Import ${batch.batchId} vanished during its rollback.`);
      return after;
    },

    'imports/save-mapping': (args) => {
      const name = requiredString(args, 'name', 'A name for the mapping');
      const header = asRecord(args)['header'];
      if (!Array.isArray(header) || header.length === 0 || !header.every((h) => typeof h === 'string')) {
        fail('invalid-argument', "header must be the list of the file's column names.");
      }
      const given = mappingArg(args);
      if (given === undefined) fail('invalid-argument', 'mapping is required.');
      // Checked against the header now, so a mapping that cannot read the file is never saved.
      const mapping = validateMapping(given, header as string[]);
      return ctx.catalog.saveMapping({
        name,
        headerSignature: headerSignature(header as string[]),
        mapping: toMappingData(mapping),
      });
    },

    'imports/list-mappings': () => ctx.catalog.listMappings(),
  });
}
