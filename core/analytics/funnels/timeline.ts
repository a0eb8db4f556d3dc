import type { Activity } from '../activity/types';
import type { FunnelPlan } from './plan';

/**
 * One person's funnel-relevant history, rebuilt in place for every person: the times, the bits
 * of the steps each item matches, and where the item came from (event row, or −1 − order row).
 * The buffers only grow, so a whole run allocates nothing per event.
 */
export class Timeline {
  length = 0;
  at = new Float64Array(64);
  bits = new Uint32Array(64);
  source = new Int32Array(64);

  private reserve(capacity: number): void {
    if (capacity <= this.at.length) return;
    let size = this.at.length;
    while (size < capacity) size *= 2;
    this.at = new Float64Array(size);
    this.bits = new Uint32Array(size);
    this.source = new Int32Array(size);
  }

  /**
   * Merges person p's events (and orders, when 'order' is a step) by time. At an equal time events
   * keep their stored order (by type name) and an order sits where the name 'order' would.
   * `everything` keeps events that match no step (strict order needs them: they break attempts).
   */
  fill(activity: Activity, plan: FunnelPlan, p: number, everything: boolean): void {
    const { events, orders } = activity;
    let e = events.start[p] as number;
    const eEnd = events.start[p + 1] as number;
    let o = plan.orderBits === 0 ? 0 : (orders.start[p] as number);
    const oEnd = plan.orderBits === 0 ? 0 : (orders.start[p + 1] as number);
    this.reserve(eEnd - e + oEnd - o);
    const at = this.at;
    const bits = this.bits;
    const source = this.source;
    const { typeBits, campaignStart, campaignBit, campaignIndex, beforeOrder, orderBits } = plan;
    let n = 0;
    while (e < eEnd || o < oEnd) {
      let takeEvent = o >= oEnd;
      if (!takeEvent && e < eEnd) {
        const te = events.at[e] as number;
        const to = orders.at[o] as number;
        takeEvent = te < to || (te === to && beforeOrder[events.type[e] as number] === 1);
      }
      if (takeEvent) {
        const type = events.type[e] as number;
        let b = typeBits[type] as number;
        const cEnd = campaignStart[type + 1] as number;
        for (let k = campaignStart[type] as number; k < cEnd; k++) {
          if (events.campaign[e] === campaignIndex[k]) b |= campaignBit[k] as number;
        }
        if (b !== 0 || everything) {
          at[n] = events.at[e] as number;
          bits[n] = b;
          source[n] = e;
          n++;
        }
        e++;
      } else {
        at[n] = orders.at[o] as number;
        bits[n] = orderBits;
        source[n] = -1 - o;
        n++;
        o++;
      }
    }
    this.length = n;
  }
}
