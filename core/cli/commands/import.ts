import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ColumnMappingData, ImportBatchInfo, ImportProgress, ImportSummary } from '../../api/imports';
import { ServiceError } from '../../errors';
import { call, stringFlag, usageError, workspaceFlag, type Command, type CommandContext } from '../command';
import { formatJson, formatTable } from '../output';

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** --mapping is a JSON file, or the name of a saved mapping. */
async function mappingOf(
  ctx: CommandContext,
  value: string | undefined,
): Promise<ColumnMappingData | undefined> {
  if (value === undefined) return undefined;
  const path = resolve(value);
  if (existsSync(path)) {
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as ColumnMappingData;
    } catch (err) {
      usageError(`The mapping file ${value} is not valid JSON: ${(err as Error).message}`);
    }
  }
  const saved = (await call(ctx, 'imports/list-mappings', {})).find(
    (m) => m.name.toLowerCase() === value.toLowerCase() || m.id === value,
  );
  if (!saved) {
    usageError(
      `--mapping ${value} is neither a JSON file nor a saved mapping. Saved mappings: loupe import mappings.`,
    );
  }
  return saved.mapping;
}

function human(s: ImportSummary, workspace: string): string {
  const lines = [
    `${s.fileName} — ${s.formatLabel}${s.mapping ? ` (mapping "${s.mapping.name}")` : ''}`,
    `  ${s.message}`,
    `  rows read ${count(s.rowsRead)} · inserted ${count(s.inserted)} · updated ${count(s.updated)} · unchanged ${count(s.unchanged)} · rejected ${count(s.rejected)}${s.rowsSkipped > 0 ? ` · skipped ${count(s.rowsSkipped)}` : ''}`,
  ];
  const tables = Object.entries(s.tables);
  if (tables.length > 0) {
    lines.push(
      `  tables: ${tables.map(([t, c]) => `${t} +${count(c.inserted)}${c.updated > 0 ? ` ~${count(c.updated)}` : ''}`).join(', ')}`,
    );
  }
  if (s.rejections.length > 0) {
    lines.push(
      s.rejected > s.rejections.length ? `  first ${s.rejections.length} rejected rows:` : '  rejected rows:',
    );
    for (const r of s.rejections)
      lines.push(`    ${r.entry ? `${r.entry} ` : ''}row ${r.rowNumber}: ${r.reason}`);
    if (s.batchId !== null && s.rejected > s.rejections.length) {
      lines.push(`    … all of them: loupe import rejections ${s.batchId} --workspace "${workspace}"`);
    }
  }
  if (s.status === 'completed' && s.batchId !== null) {
    lines.push(
      `  batch ${s.batchId} (undo: loupe import rollback ${s.batchId} --workspace "${workspace}" --yes)`,
    );
  }
  return lines.join('\n');
}

function historyTable(list: ImportBatchInfo[]): string {
  if (list.length === 0) return 'No imports yet.';
  return formatTable(
    ['started', 'file', 'format', 'status', 'read', 'inserted', 'updated', 'unchanged', 'rejected', 'batch'],
    list.map((b) => ({
      started: b.startedAt,
      file: b.fileName,
      format: b.format,
      status: b.status,
      read: b.rowsRead,
      inserted: b.inserted,
      updated: b.updated,
      unchanged: b.unchanged,
      rejected: b.rejected,
      batch: b.batchId,
    })),
  );
}

/**
 * Progress on stderr: a line rewritten in place for a person watching a terminal, or one
 * line per update with --progress (logs, scripts).
 */
function progressPrinter(ctx: CommandContext, lines: boolean): { stop(): void } {
  const tty = process.stderr.isTTY && !ctx.json;
  if (!tty && !lines) return { stop: () => undefined };
  let shown = false;
  const off = ctx.service().subscribe((name, payload) => {
    if (name !== 'imports/progress') return;
    const p = payload as ImportProgress;
    const pct = p.bytesTotal > 0 ? ` ${Math.min(100, Math.round((p.bytesRead / p.bytesTotal) * 100))}%` : '';
    const text = `${p.fileName}: ${p.phase}${p.phase === 'reading' ? pct : ''} · ${count(p.rowsRead)} rows`;
    if (tty && !lines) {
      process.stderr.write(`\r\x1b[K${text}`);
      shown = true;
    } else process.stderr.write(`progress ${text}\n`);
  });
  return {
    stop() {
      off();
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

export const importCommands: Command[] = [
  {
    path: ['import'],
    usage:
      'loupe import FILE… --workspace NAME [--format ID] [--mapping FILE.json|NAME] [--save-mapping NAME] [--accept-partial] [--dry-run] [--progress]',
    summary: 'Import exports into a workspace; each file commits whole or not at all.',
    flags: {
      workspace: { type: 'string', short: 'w', description: 'Workspace name or id' },
      format: {
        type: 'string',
        description: 'Read the file as this format (see "loupe formats"); detected when absent',
      },
      mapping: {
        type: 'string',
        description: 'A column mapping: a JSON file, or the name of a saved mapping',
      },
      'save-mapping': {
        type: 'string',
        description: 'Also save --mapping under this name for files with the same header',
      },
      'accept-partial': { type: 'boolean', description: 'Import the good rows when some rows are rejected' },
      'dry-run': { type: 'boolean', description: 'Read and count everything, write nothing' },
      progress: { type: 'boolean', description: 'Print a progress line to stderr on every update' },
    },
    async run(positionals, flags, ctx) {
      if (positionals.length === 0) usageError('Give the file(s) to import.');
      const workspace = workspaceFlag(flags);
      const format = stringFlag(flags, 'format');
      const mapping = await mappingOf(ctx, stringFlag(flags, 'mapping'));
      const saveAs = stringFlag(flags, 'save-mapping');
      if (saveAs !== undefined && mapping === undefined) usageError('--save-mapping needs --mapping.');
      const controller = new AbortController();
      void ctx.stopped.then(() => controller.abort());
      const results: (ImportSummary | { fileName: string; error: { code: string; message: string } })[] = [];
      let failure: ServiceError | null = null;
      for (const file of positionals) {
        const path = resolve(file);
        const progress = progressPrinter(ctx, flags['progress'] === true);
        try {
          if (saveAs !== undefined && mapping !== undefined) {
            const inspection = await call(ctx, 'imports/inspect', { workspace, path });
            await call(ctx, 'imports/save-mapping', { name: saveAs, header: inspection.header, mapping });
          }
          const outcome = await ctx.service().invoke(
            'imports/run',
            {
              workspace,
              path,
              ...(format !== undefined ? { format } : {}),
              ...(mapping !== undefined ? { mapping } : {}),
              acceptPartial: flags['accept-partial'] === true,
              dryRun: flags['dry-run'] === true,
            },
            controller.signal,
          );
          progress.stop();
          if (!outcome.ok)
            throw new ServiceError(outcome.error.code, outcome.error.message, outcome.error.details);
          const summary = outcome.value;
          results.push(summary);
          if (!ctx.json) ctx.output.out(human(summary, workspace));
          if (summary.status === 'rejected') {
            failure ??= new ServiceError(
              'invalid-argument',
              `${summary.fileName}: ${count(summary.rejected)} rows were rejected, so nothing from it was imported. Fix those rows, or run again with --accept-partial to import the good rows only.`,
            );
          }
        } catch (err) {
          progress.stop();
          const e = err instanceof ServiceError ? err : new ServiceError('internal', (err as Error).message);
          if (e.code === 'cancelled' || positionals.length === 1) {
            if (ctx.json && results.length > 0) ctx.output.out(formatJson(results));
            throw e;
          }
          results.push({ fileName: file, error: { code: e.code, message: e.message } });
          if (!ctx.json) ctx.output.err(`${file}: error [${e.code}]: ${e.message}`);
          failure ??= e;
        }
      }
      if (ctx.json) ctx.output.out(formatJson(positionals.length === 1 ? results[0] : results));
      if (failure !== null) throw failure;
    },
  },
  {
    path: ['import', 'history'],
    usage: 'loupe import history --workspace NAME [--limit N]',
    summary: 'List the imports of a workspace, newest first.',
    flags: {
      workspace: { type: 'string', short: 'w', description: 'Workspace name or id' },
      limit: { type: 'string', description: 'How many (default 100)' },
    },
    async run(_positionals, flags, ctx) {
      const limitText = stringFlag(flags, 'limit');
      const limit = limitText === undefined ? undefined : Number(limitText);
      if (limit !== undefined && !Number.isInteger(limit)) usageError('--limit must be a whole number.');
      const list = await call(ctx, 'imports/list-history', {
        workspace: workspaceFlag(flags),
        ...(limit !== undefined ? { limit } : {}),
      });
      ctx.output.out(ctx.json ? formatJson(list) : historyTable(list));
    },
  },
  {
    path: ['import', 'rejections'],
    usage: 'loupe import rejections BATCH --workspace NAME [--offset N] [--limit N]',
    summary: 'Show the rows an import rejected, with their row numbers and reasons.',
    flags: {
      workspace: { type: 'string', short: 'w', description: 'Workspace name or id' },
      offset: { type: 'string', description: 'Skip this many (default 0)' },
      limit: { type: 'string', description: 'How many (default 100)' },
    },
    async run(positionals, flags, ctx) {
      const [batchId] = positionals;
      if (!batchId)
        usageError('Give the import (batch id) whose rejections to show; see "loupe import history".');
      const offset = Number(stringFlag(flags, 'offset') ?? '0');
      const limit = Number(stringFlag(flags, 'limit') ?? '100');
      if (!Number.isInteger(offset) || !Number.isInteger(limit))
        usageError('--offset and --limit must be whole numbers.');
      const page = await call(ctx, 'imports/list-rejections', {
        workspace: workspaceFlag(flags),
        batchId,
        offset,
        limit,
      });
      ctx.output.out(
        ctx.json
          ? formatJson(page)
          : [
              `${count(page.total)} rejected rows`,
              ...page.rejections.map(
                (r) =>
                  `  ${r.entry ? `${r.entry} ` : ''}row ${r.rowNumber}: ${r.reason}\n    ${JSON.stringify(r.raw)}`,
              ),
            ].join('\n'),
      );
    },
  },
  {
    path: ['import', 'rollback'],
    usage: 'loupe import rollback BATCH --workspace NAME --yes',
    summary: 'Undo an import: remove what it added and restore what it changed.',
    flags: {
      workspace: { type: 'string', short: 'w', description: 'Workspace name or id' },
      yes: { type: 'boolean', short: 'y', description: 'Confirm the rollback' },
    },
    async run(positionals, flags, ctx) {
      const [batchId] = positionals;
      if (!batchId) usageError('Give the import (batch id) to roll back; see "loupe import history".');
      const batch = await call(ctx, 'imports/rollback', {
        workspace: workspaceFlag(flags),
        batchId,
        confirm: flags['yes'] === true,
      });
      ctx.output.out(
        ctx.json
          ? formatJson(batch)
          : `Rolled back the import of ${batch.fileName} (batch ${batch.batchId}).`,
      );
    },
  },
  {
    path: ['import', 'inspect'],
    usage: 'loupe import inspect FILE --workspace NAME [--format ID]',
    summary:
      'Say what a file is (format, encoding, header) and whether it was imported before, without importing it.',
    flags: {
      workspace: { type: 'string', short: 'w', description: 'Workspace name or id' },
      format: { type: 'string', description: 'Read the file as this format' },
    },
    async run(positionals, flags, ctx) {
      const [file] = positionals;
      if (!file) usageError('Give the file to inspect.');
      const format = stringFlag(flags, 'format');
      const i = await call(ctx, 'imports/inspect', {
        workspace: workspaceFlag(flags),
        path: resolve(file),
        ...(format !== undefined ? { format } : {}),
      });
      ctx.output.out(
        ctx.json
          ? formatJson(i)
          : [
              `${i.fileName}: ${i.format} (${i.encoding}, delimiter ${JSON.stringify(i.delimiter)}, ${count(i.bytes)} bytes)`,
              `  header: ${i.header.join(', ')}`,
              ...(i.savedMapping ? [`  saved mapping for this header: ${i.savedMapping.name}`] : []),
              ...(i.suggestedMapping ? [`  suggested mapping: ${JSON.stringify(i.suggestedMapping)}`] : []),
              ...(i.previousImport
                ? [
                    `  imported before: ${i.previousImport.at} (${i.previousImport.status}, batch ${i.previousImport.batchId})`,
                  ]
                : []),
            ].join('\n'),
      );
    },
  },
  {
    path: ['import', 'save-mapping'],
    usage: 'loupe import save-mapping NAME --header-from FILE --mapping FILE.json --workspace NAME',
    summary: 'Save a column mapping; files with the same header are then read with it automatically.',
    flags: {
      workspace: { type: 'string', short: 'w', description: 'Workspace used to read the file' },
      'header-from': { type: 'string', description: 'A file with the header the mapping is for' },
      mapping: { type: 'string', description: 'The mapping, as a JSON file' },
    },
    async run(positionals, flags, ctx) {
      const [name] = positionals;
      if (!name) usageError('Name the mapping.');
      const from = stringFlag(flags, 'header-from');
      if (!from) usageError('Say which file has the header: --header-from FILE.');
      const mapping = await mappingOf(ctx, stringFlag(flags, 'mapping'));
      if (mapping === undefined) usageError('Give the mapping: --mapping FILE.json.');
      const inspection = await call(ctx, 'imports/inspect', {
        workspace: workspaceFlag(flags),
        path: resolve(from),
      });
      const saved = await call(ctx, 'imports/save-mapping', { name, header: inspection.header, mapping });
      ctx.output.out(
        ctx.json
          ? formatJson(saved)
          : `Saved mapping "${saved.name}" (${saved.mapping.target}) for files with this header.`,
      );
    },
  },
  {
    path: ['import', 'mappings'],
    usage: 'loupe import mappings',
    summary: 'List saved column mappings.',
    async run(_positionals, _flags, ctx) {
      const list = await call(ctx, 'imports/list-mappings', {});
      ctx.output.out(
        ctx.json
          ? formatJson(list)
          : list.length === 0
            ? 'No saved mappings.'
            : formatTable(
                ['name', 'target', 'created', 'last used'],
                list.map((m) => ({
                  name: m.name,
                  target: m.mapping.target,
                  created: m.createdAt,
                  'last used': m.usedAt ?? 'never',
                })),
              ),
      );
    },
  },
  {
    path: ['formats'],
    usage: 'loupe formats',
    summary: 'List the export formats Loupe imports.',
    async run(_positionals, _flags, ctx) {
      const list = await call(ctx, 'imports/list-formats', {});
      ctx.output.out(
        ctx.json
          ? formatJson(list)
          : formatTable(
              ['id', 'label', 'description'],
              list.map((f) => ({ ...f })),
            ),
      );
    },
  },
];
