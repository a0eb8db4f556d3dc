import { ServiceError } from '../../errors';
import type { Activity, PersonMask } from '../activity/types';
import { closestFirst } from './closest';
import { ORDER_STEP } from './types';
import type { FunnelBreakdown, FunnelOptions, FunnelOrder, FunnelStep } from './types';

export const MIN_STEPS = 2;
export const MAX_STEPS = 20;
export const DEFAULT_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;
const ORDERS: readonly FunnelOrder[] = ['sequential', 'strict', 'any'];

/** Validated options, with steps turned into bit masks over event types so matching an event is a lookup. */
export interface FunnelPlan {
  stepCount: number;
  steps: { type: string; campaignId: string | null; label: string }[];
  order: FunnelOrder;
  windowMs: number;
  /** Step-1 range [from, to); ±Infinity when open. */
  from: number;
  to: number;
  mask: PersonMask | null;
  /** Per event type: bit j set when step j is that type without a campaign restriction. */
  typeBits: Uint32Array;
  /**
   * Campaign-restricted steps per event type: entries campaignStart[t] … campaignStart[t + 1] − 1
   * of campaignBit / campaignIndex (usually none, so most events never look at them).
   */
  campaignStart: Int32Array;
  campaignBit: Uint32Array;
  campaignIndex: Int32Array;
  /** Bits of the 'order' steps (0 when orders play no part). */
  orderBits: number;
  /** Per event type: 1 when its name sorts before 'order', which places it first at an equal time. */
  beforeOrder: Uint8Array;
  breakdown: FunnelBreakdown | null;
}

function invalid(message: string, details?: Record<string, unknown>): never {
  throw new ServiceError('invalid-argument', message, details);
}

function checkMask(activity: Activity, mask: unknown, what: string): PersonMask {
  if (!(mask instanceof Uint8Array) || mask.length !== activity.people.count) {
    invalid(`${what} does not match this workspace's people; refresh it and run the funnel again.`, {
      expected: activity.people.count,
      got: mask instanceof Uint8Array ? mask.length : null,
    });
  }
  return mask;
}

function resolveWindow(options: FunnelOptions): number {
  const { windowMs, windowDays } = options;
  if (windowMs !== undefined && windowDays !== undefined) {
    invalid('Give the conversion window either in milliseconds or in days, not both.');
  }
  const ms = windowMs ?? (windowDays ?? DEFAULT_WINDOW_DAYS) * DAY_MS;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) {
    invalid('The conversion window must be a positive length of time, for example 7 days.', {
      windowMs: windowMs ?? null,
      windowDays: windowDays ?? null,
    });
  }
  return ms;
}

function resolveBound(value: number | undefined, open: number, name: string): number {
  if (value === undefined) return open;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    invalid(`The funnel's "${name}" date is not a valid time.`, { [name]: value });
  }
  return value;
}

function resolveBreakdown(
  activity: Activity,
  breakdown: FunnelBreakdown | undefined,
): FunnelBreakdown | null {
  if (breakdown === undefined) return null;
  switch (breakdown.by) {
    case 'campaign':
    case 'channel':
    case 'country':
      return { by: breakdown.by };
    case 'segments': {
      const segments = breakdown.segments;
      if (!Array.isArray(segments) || segments.length === 0) {
        invalid('Pick at least one segment to break the funnel down by.');
      }
      const seen = new Set<string>();
      for (const segment of segments) {
        if (typeof segment.name !== 'string' || segment.name.trim() === '') {
          invalid('Every segment in a breakdown needs a name.');
        }
        if (seen.has(segment.name)) {
          invalid(`The segment "${segment.name}" appears twice in the breakdown; keep it once.`);
        }
        seen.add(segment.name);
        checkMask(activity, segment.mask, `The segment "${segment.name}"`);
      }
      return { by: 'segments', segments: segments.map((s) => ({ name: s.name, mask: s.mask })) };
    }
    default:
      return invalid('Break a funnel down by campaign, channel, country or segments.', {
        breakdown: (breakdown as { by: unknown }).by,
      });
  }
}

function normaliseStep(step: string | FunnelStep, index: number): FunnelStep {
  const raw = typeof step === 'string' ? { type: step } : step;
  if (raw === null || typeof raw !== 'object' || typeof raw.type !== 'string' || raw.type === '') {
    invalid(`Step ${index + 1} of the funnel has no event type.`, { step: index + 1 });
  }
  if (raw.campaignId !== undefined && typeof raw.campaignId !== 'string') {
    invalid(`Step ${index + 1} names its campaign with something other than a campaign id.`, {
      step: index + 1,
    });
  }
  return raw;
}

export function planFunnel(activity: Activity, options: FunnelOptions): FunnelPlan {
  const { events, campaigns } = activity;
  const input = options.steps;
  if (!Array.isArray(input) || input.length < MIN_STEPS || input.length > MAX_STEPS) {
    invalid(`A funnel needs between ${MIN_STEPS} and ${MAX_STEPS} steps.`, {
      steps: Array.isArray(input) ? input.length : null,
    });
  }
  const order = options.order ?? 'sequential';
  if (!ORDERS.includes(order)) {
    invalid(`The step order must be one of ${ORDERS.join(', ')}.`, { order });
  }

  const typeIndex = new Map<string, number>();
  events.types.forEach((name, i) => typeIndex.set(name, i));
  const campaignIndexById = new Map<string, number>();
  campaigns.ids.forEach((id, i) => campaignIndexById.set(id, i));

  const typeBits = new Uint32Array(events.types.length);
  const restricted: { type: number; bit: number; campaign: number }[] = [];
  let orderBits = 0;
  const steps: FunnelPlan['steps'] = [];
  const seenSteps = new Map<string, number>();

  input.forEach((rawStep, j) => {
    const step = normaliseStep(rawStep, j);
    const bit = (1 << j) >>> 0;
    let campaign = -1;
    if (step.campaignId !== undefined) {
      if (step.type === ORDER_STEP) {
        invalid(
          `Step ${j + 1} is 'order', and orders carry no campaign; remove the campaign from that step.`,
          {
            step: j + 1,
          },
        );
      }
      campaign = campaignIndexById.get(step.campaignId) ?? -1;
      if (campaign < 0) {
        invalid(
          `Step ${j + 1} names a campaign this workspace does not have; pick one from the campaign list.`,
          {
            step: j + 1,
            campaignId: step.campaignId,
          },
        );
      }
    }
    if (step.type === ORDER_STEP) {
      orderBits = (orderBits | bit) >>> 0;
    } else {
      const t = typeIndex.get(step.type);
      if (t === undefined) {
        const known = closestFirst(step.type, events.types);
        const shown = known.slice(0, 10).join(', ');
        invalid(
          known.length === 0
            ? `Step ${j + 1} uses the event type "${step.type}", but this workspace has no events yet; import events or use 'order' for purchases.`
            : `Step ${j + 1} uses the event type "${step.type}", which this workspace has no events of. Pick one of: ${shown}${known.length > 10 ? ', …' : ''} (or 'order' for purchases).`,
          { step: j + 1, type: step.type, known },
        );
      }
      if (campaign < 0) typeBits[t] = ((typeBits[t] as number) | bit) >>> 0;
      else restricted.push({ type: t, bit, campaign });
    }
    const key = `${step.type}\u0000${step.campaignId ?? ''}`;
    const earlier = seenSteps.get(key);
    if (order === 'any' && earlier !== undefined) {
      invalid(
        `Step ${j + 1} repeats step ${earlier + 1}. In an any-order funnel every step must be different; use sequential order to count a repeated action.`,
        { step: j + 1, repeats: earlier + 1 },
      );
    }
    seenSteps.set(key, j);
    const campaignName = campaign < 0 ? '' : campaigns.names[campaign] || (campaigns.ids[campaign] as string);
    steps.push({
      type: step.type,
      campaignId: step.campaignId ?? null,
      label: campaign < 0 ? step.type : `${step.type} (${campaignName})`,
    });
  });

  const campaignStart = new Int32Array(events.types.length + 1);
  for (const r of restricted) campaignStart[r.type + 1]++;
  for (let t = 0; t < events.types.length; t++) campaignStart[t + 1] += campaignStart[t] as number;
  const campaignBit = new Uint32Array(restricted.length);
  const campaignIndex = new Int32Array(restricted.length);
  const fill = campaignStart.slice(0, events.types.length);
  for (const r of restricted) {
    const at = fill[r.type] as number;
    campaignBit[at] = r.bit;
    campaignIndex[at] = r.campaign;
    fill[r.type] = at + 1;
  }

  const beforeOrder = new Uint8Array(events.types.length);
  events.types.forEach((name, i) => {
    beforeOrder[i] = name < ORDER_STEP ? 1 : 0;
  });

  const from = resolveBound(options.from, -Infinity, 'from');
  const to = resolveBound(options.to, Infinity, 'to');
  if (from >= to) invalid('The funnel\'s "from" date must be before its "to" date.', { from, to });

  return {
    stepCount: input.length,
    steps,
    order,
    windowMs: resolveWindow(options),
    from,
    to,
    mask:
      options.mask === undefined
        ? null
        : checkMask(activity, options.mask, 'The segment restricting the funnel'),
    typeBits,
    campaignStart,
    campaignBit,
    campaignIndex,
    orderBits,
    beforeOrder,
    breakdown: resolveBreakdown(activity, options.breakdown),
  };
}
