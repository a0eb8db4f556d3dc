import { randomUUID } from 'node:crypto';
import { RFM_SEGMENT_LABELS, rfmGrid, scoreRfm } from '../../analytics/rfm';
import type { RfmInput } from '../../analytics/rfm';
import {
  compareLeadRuleSets,
  listLeadRuleSets,
  saveLeadRuleSet,
} from '../../analytics/scores/lead-rule-store';
import { readLifecycleRules, saveLifecycleRules } from '../../analytics/scores/lifecycle-store';
import { DAY_MS } from '../../analytics/scores/time';
import { fitWorkspaceClv, refreshForwardClv } from '../../analytics/scores/workspace-clv';
import { behaviourAt, defaultAsOf } from '../../analytics/scores/workspace-features';
import { recomputeScores } from '../../analytics/scores/workspace-scores';
import type { RfmAnswer } from '../../api/scores';
import { fail } from '../../errors';
import type { ServiceContext } from '../context';
import type { Registry } from '../registry';
import { asRecord, optionalString, requiredString } from '../validate';

function optionalNumber(args: unknown, key: string): number | undefined {
  const v = asRecord(args)[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v))
    fail('invalid-argument', `${key} must be a number.`, { field: key });
  return v;
}

function asOfArg(args: unknown): number | undefined {
  const text = optionalString(args, 'asOf');
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) fail('invalid-argument', `asOf "${text}" is not a date: write it as YYYY-MM-DD.`);
  return ms;
}

export function registerScores(registry: Registry, ctx: ServiceContext): void {
  const running = new Map<string, { pending: boolean }>();

  /** One recompute per workspace at a time; a change during a run asks for one more afterwards. */
  const schedule = (workspaceId: string): void => {
    const job = running.get(workspaceId);
    if (job !== undefined) {
      job.pending = true;
      return;
    }
    const state = { pending: false };
    running.set(workspaceId, state);
    const run = async (): Promise<void> => {
      try {
        do {
          state.pending = false;
          const jobId = randomUUID();
          const { db, activity } = await ctx.activity(workspaceId);
          await recomputeScores(db, activity, {
            onProgress: (phase, done, total) =>
              ctx.emit('job/progress', {
                jobId,
                kind: 'scores',
                phase,
                done,
                total,
                message: 'Recomputing scores',
              }),
          });
          ctx.emit('job/progress', { jobId, kind: 'scores', phase: 'Fitting CLV', done: 0, total: null });
          await refreshForwardClv(db, activity);
          ctx.emit('data/changed', { workspaceId, reason: 'recompute' });
        } while (state.pending && ctx.workspaces.get(workspaceId) !== undefined);
      } catch (err) {
        // The job's row says it failed and why, for the UI and for `loupe sql`; the log has the rest.
        const open = ctx.workspaces.get(workspaceId);
        await open?.db
          .query(
            `UPDATE scheduled_jobs SET last_run_at = now(), last_run_status = 'failed', total_runs = total_runs + 1,
                    failed_runs = failed_runs + 1, last_error_message = $1 WHERE job_name = 'loupe_recompute_scores'`,
            [err instanceof Error ? err.message : String(err)],
          )
          .catch(() => undefined);
        throw err;
      } finally {
        running.delete(workspaceId);
      }
    };
    ctx.background(run());
  };
  // The desktop app and the bridge keep scores current after every import (and a new demo) in the background;
  // a one-shot command line run recomputes when asked (loupe scores --recompute).
  if (ctx.host === 'electron' || ctx.host === 'bridge') {
    ctx.onDataChanged((workspaceId, reason) => {
      if (reason === 'import' || reason === 'rollback' || reason === 'demo') schedule(workspaceId);
    });
  }

  const workspace = (args: unknown): string => requiredString(args, 'workspace', 'Workspace');

  registry.registerDomain('scores', {
    'scores/recompute': async (args, call) => {
      const { db, activity, workspaceId } = await ctx.activity(workspace(args));
      const jobId = optionalString(args, 'jobId') ?? randomUUID();
      const asOf = asOfArg(args);
      const summary = await recomputeScores(db, activity, {
        ...(asOf !== undefined ? { asOf } : {}),
        onProgress: (phase, done, total) =>
          call.emit('job/progress', {
            jobId,
            kind: 'scores',
            phase,
            done,
            total,
            message: 'Recomputing scores',
          }),
      });
      ctx.emit('data/changed', { workspaceId, reason: 'recompute' });
      return summary;
    },
    'scores/get-rfm': async (args) => {
      const { activity } = await ctx.activity(workspace(args));
      const asOf = asOfArg(args) ?? defaultAsOf(activity);
      const b = behaviourAt(activity, asOf);
      const inputs: RfmInput[] = [];
      for (let p = 0; p < activity.people.count; p++) {
        if ((b.orders[p] as number) === 0) continue;
        inputs.push({
          customerId: activity.people.ids[p] ?? '',
          recencyDays: Math.max(0, Math.floor((asOf - (b.lastOrderAt[p] as number)) / DAY_MS)),
          frequency: b.orders[p] as number,
          monetary: b.revenue[p] as number,
        });
      }
      const grid = rfmGrid(scoreRfm(inputs));
      const answer: RfmAnswer = {
        asOf: new Date(asOf).toISOString(),
        buyers: grid.customers,
        monetary: grid.monetary,
        cells: grid.cells,
        segments: grid.segments.map((s) => ({ ...s, label: RFM_SEGMENT_LABELS[s.segment] })),
      };
      return answer;
    },
    'scores/fit-clv': async (args) => {
      const ref = workspace(args);
      const { db } = await ctx.useWorkspace(ref);
      const workspaceId = ctx.findWorkspace(ref).id;
      const horizonDays = optionalNumber(args, 'horizonDays');
      const annualDiscountRate = optionalNumber(args, 'annualDiscountRate');
      const result = await fitWorkspaceClv(db, {
        calibrationEnd: requiredString(args, 'calibrationEnd', 'The calibration end (YYYY-MM-DD)'),
        ...(horizonDays !== undefined ? { horizonDays } : {}),
        ...(annualDiscountRate !== undefined ? { annualDiscountRate } : {}),
      });
      ctx.emit('data/changed', { workspaceId, reason: 'recompute' });
      return result;
    },
    'scores/get-lifecycle-rules': async (args) =>
      readLifecycleRules((await ctx.useWorkspace(workspace(args))).db),
    'scores/set-lifecycle-rules': async (args) => {
      const { db } = await ctx.useWorkspace(workspace(args));
      const rules = asRecord(args)['rules'];
      if (rules === undefined) fail('invalid-argument', 'Give the rules (or null for the defaults).');
      return saveLifecycleRules(db, rules);
    },
    'scores/list-lead-rules': async (args) =>
      (await listLeadRuleSets((await ctx.useWorkspace(workspace(args))).db)).map((r) => ({
        ...r,
        ruleSet: r.ruleSet as unknown as Record<string, unknown>,
      })),
    'scores/save-lead-rules': async (args) => {
      const { db } = await ctx.useWorkspace(workspace(args));
      const r = await saveLeadRuleSet(db, asRecord(args)['ruleSet'], optionalString(args, 'note') ?? null);
      return {
        saved: r.saved as unknown as Record<string, unknown>,
        changes: r.changes as unknown as Record<string, unknown>,
      };
    },
    'scores/compare-lead-rules': async (args) => {
      const { db } = await ctx.useWorkspace(workspace(args));
      const from = optionalNumber(args, 'from');
      const to = optionalNumber(args, 'to');
      if (from === undefined || to === undefined) fail('invalid-argument', 'Name two versions: from and to.');
      return (await compareLeadRuleSets(db, from, to)) as unknown as Record<string, unknown>;
    },
  });
}
