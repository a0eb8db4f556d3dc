import { describe, expect, it } from 'vitest';
import { buildActivity } from '../../../core/analytics/activity/build';
import { ServiceError } from '../../../core/errors';

describe('buildActivity', () => {
  const a = buildActivity({
    timeZone: 'Europe/London',
    people: [
      { id: 'p2', email: 'b@x.test', country: 'FR', firstSeenAt: '2024-01-01T00:00:00+01:00' },
      { id: 'p1', country: 'GB' },
      { id: 'p3', country: 'FR', firstSeenAt: 5 },
    ],
    campaigns: [{ id: 'c9', name: 'Spring' }],
    events: [
      { personId: 'p1', at: 300, type: 'open', campaignId: 'c9' },
      { personId: 'p2', at: 200, type: 'visit', channel: 'web' },
      { personId: 'p1', at: 100, type: 'visit', campaignId: 'c7', channel: 'email' },
      // Same person, same ms: ordered by type name, then campaign (none first), then channel.
      { personId: 'p2', at: 200, type: 'click', campaignId: 'c9' },
      { personId: 'p2', at: 200, type: 'click' },
    ],
    orders: [
      { personId: 'p3', at: '2024-06-01T12:00:00', revenue: 10 },
      { personId: 'p2', at: 50, revenue: 30, items: 2 },
      { personId: 'p2', at: 50, revenue: 20 },
    ],
  });

  it('keeps people in the given order with their attributes', () => {
    expect(a.people.count).toBe(3);
    expect(a.people.ids).toEqual(['p2', 'p1', 'p3']);
    expect(a.people.emails).toEqual(['b@x.test', '', '']);
    expect(Array.from(a.people.firstSeenAt)).toEqual([Date.parse('2023-12-31T23:00:00Z'), NaN, 5]);
    expect(a.people.countries.names).toEqual(['FR', 'GB']);
    expect(Array.from(a.people.country)).toEqual([0, 1, 0]);
  });

  it('groups events by person, then time, then type, campaign and channel', () => {
    expect(Array.from(a.events.start)).toEqual([0, 3, 5, 5]);
    expect(a.events.types).toEqual(['open', 'visit', 'click']);
    const rows = Array.from(a.events.at, (at, i) => [
      a.people.ids.find(
        (_, p) => (a.events.start[p] as number) <= i && i < (a.events.start[p + 1] as number),
      ),
      at,
      a.events.types[a.events.type[i] as number],
      a.events.campaign[i] === -1 ? null : a.campaigns.ids[a.events.campaign[i] as number],
      a.events.channel[i] === -1 ? null : a.events.channels[a.events.channel[i] as number],
    ]);
    expect(rows).toEqual([
      ['p2', 200, 'click', null, null],
      ['p2', 200, 'click', 'c9', null],
      ['p2', 200, 'visit', null, 'web'],
      ['p1', 100, 'visit', 'c7', 'email'],
      ['p1', 300, 'open', 'c9', null],
    ]);
    // c7 is not in the campaign list: added after it, named by its id.
    expect(a.campaigns).toEqual({ ids: ['c9', 'c7'], names: ['Spring', 'c7'] });
    expect(a.events.channels).toEqual(['web', 'email']);
  });

  it('groups orders by person, then time, then revenue; text times without offset are local', () => {
    expect(Array.from(a.orders.start)).toEqual([0, 2, 2, 3]);
    expect(Array.from(a.orders.revenue)).toEqual([20, 30, 10]);
    expect(Array.from(a.orders.items)).toEqual([NaN, 2, NaN]);
    // 12:00 BST.
    expect(a.orders.at[2]).toBe(Date.parse('2024-06-01T11:00:00Z'));
  });

  it('takes the latest time as the snapshot time unless given', () => {
    expect(a.takenAt).toBe(Date.parse('2024-06-01T11:00:00Z'));
    expect(buildActivity({ timeZone: 'UTC', takenAt: 7, people: [], events: [], orders: [] }).takenAt).toBe(
      7,
    );
    const empty = buildActivity({ timeZone: 'UTC', people: [], events: [], orders: [] });
    expect(empty.takenAt).toBe(0);
    expect(Array.from(empty.events.start)).toEqual([0]);
  });

  it('refuses unknown people, duplicates, bad times and bad zones with invalid-argument', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof ServiceError ? e.code : 'other';
      }
      return undefined;
    };
    const base = { timeZone: 'UTC', people: [{ id: 'a' }], events: [], orders: [] };
    expect(code(() => buildActivity({ ...base, events: [{ personId: 'zz', at: 1, type: 'x' }] }))).toBe(
      'invalid-argument',
    );
    expect(code(() => buildActivity({ ...base, orders: [{ personId: 'zz', at: 1, revenue: 1 }] }))).toBe(
      'invalid-argument',
    );
    expect(code(() => buildActivity({ ...base, people: [{ id: 'a' }, { id: 'a' }] }))).toBe(
      'invalid-argument',
    );
    expect(
      code(() => buildActivity({ ...base, events: [{ personId: 'a', at: 'yesterday', type: 'x' }] })),
    ).toBe('invalid-argument');
    expect(code(() => buildActivity({ ...base, orders: [{ personId: 'a', at: 1, revenue: NaN }] }))).toBe(
      'invalid-argument',
    );
    expect(code(() => buildActivity({ ...base, timeZone: 'Nowhere/Land' }))).toBe('invalid-argument');
    expect(code(() => buildActivity(base))).toBeUndefined();
  });
});
