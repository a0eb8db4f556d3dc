import {
  countSegment,
  createSegment,
  deleteSegment,
  exportMembers,
  getSegment,
  listSegments,
  refreshSegment,
  segmentStatistics,
} from '../../analytics/segments';
import { fail } from '../../errors';
import type { ServiceContext } from '../context';
import type { Registry } from '../registry';
import { asRecord, optionalArray, optionalString, requiredString } from '../validate';

export function registerSegments(registry: Registry, ctx: ServiceContext): void {
  const open = async (args: unknown) => {
    const ref = requiredString(args, 'workspace', 'Workspace');
    const { db } = await ctx.useWorkspace(ref);
    return { db, workspaceId: ctx.findWorkspace(ref).id };
  };
  const id = (args: unknown): string => requiredString(args, 'id', 'Segment id');
  const changed = (workspaceId: string): void =>
    ctx.emit('data/changed', { workspaceId, reason: 'segments' });

  registry.registerDomain('segments', {
    'segments/list': async (args) => listSegments((await open(args)).db),
    'segments/get': async (args) => getSegment((await open(args)).db, id(args)),
    'segments/create': async (args) => {
      const { db, workspaceId } = await open(args);
      const type = requiredString(args, 'type', 'Segment type');
      if (type !== 'dynamic' && type !== 'static')
        fail(
          'invalid-argument',
          `A segment is "dynamic" (criteria) or "static" (a list of emails), not "${type}".`,
        );
      const emails = optionalArray(args, 'emails');
      if (emails?.some((e) => typeof e !== 'string'))
        fail('invalid-argument', 'The email list must hold only text addresses.');
      const description = optionalString(args, 'description');
      const result = await createSegment(db, {
        name: requiredString(args, 'name', 'Segment name'),
        type,
        ...(description !== undefined ? { description } : {}),
        ...(asRecord(args)['criteria'] !== undefined ? { criteria: asRecord(args)['criteria'] } : {}),
        ...(emails !== undefined ? { emails: emails as string[] } : {}),
        now: Date.now(),
      });
      changed(workspaceId);
      return result;
    },
    'segments/count': async (args) => {
      const { db } = await open(args);
      const criteria = asRecord(args)['criteria'];
      if (criteria === undefined) fail('invalid-argument', 'Give the criteria to count.');
      return { count: await countSegment(db, criteria, Date.now()) };
    },
    'segments/refresh': async (args) => {
      const { db, workspaceId } = await open(args);
      const result = await refreshSegment(db, id(args), Date.now());
      changed(workspaceId);
      return result;
    },
    'segments/get-statistics': async (args) => segmentStatistics((await open(args)).db, id(args)),
    'segments/export': async (args) => {
      const csv = await exportMembers((await open(args)).db, id(args));
      // One header line, then one CRLF-terminated line per member.
      const members = Math.max(0, csv.split('\r\n').filter((l) => l !== '').length - 1);
      return { csv, members };
    },
    'segments/delete': async (args) => {
      const { db, workspaceId } = await open(args);
      if (asRecord(args)['confirm'] !== true) {
        const segment = await getSegment(db, id(args));
        fail(
          'confirmation-required',
          `Deleting segment "${segment.name}" removes it and the history of who joined and left it (${segment.customerCount} members now). Confirm to delete it (in the CLI: --yes).`,
          { segment: segment.name },
        );
      }
      await deleteSegment(db, id(args));
      changed(workspaceId);
      return { deleted: true as const };
    },
  });
}
