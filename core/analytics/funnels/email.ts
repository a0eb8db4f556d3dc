import { ORDER_STEP } from './types';
import type { FunnelStep } from './types';

/** The customer_events types of an email's life, in funnel order. */
export const EMAIL_EVENT_TYPES = ['email_sent', 'email_delivered', 'email_opened', 'email_clicked'] as const;

/**
 * sent → delivered → opened → clicked → converted, where converted is an order after the click.
 * With a campaign id every email step counts only that campaign's events (orders carry none).
 */
export function emailFunnelSteps(campaignId?: string): FunnelStep[] {
  const steps: FunnelStep[] = EMAIL_EVENT_TYPES.map((type) =>
    campaignId === undefined ? { type } : { type, campaignId },
  );
  steps.push({ type: ORDER_STEP });
  return steps;
}
