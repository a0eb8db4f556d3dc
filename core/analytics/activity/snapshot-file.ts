import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Activity } from './types';

/**
 * An Activity snapshot on disk, so reopening a workspace does not read millions
 * of events from the database again (seconds) when its data has not changed
 * since (`key`: the data version and time zone the snapshot was read at).
 *
 * Layout: 4-byte length of a JSON header (key, counts, the text columns), the
 * header, then each typed array's bytes in the order listed, each at an offset
 * that is a multiple of 8 so it can be viewed in place.
 */
const FORMAT = 1;

type Numeric = Int32Array | Float64Array;

function numericColumns(a: Activity): [string, Numeric][] {
  return [
    ['people.firstSeenAt', a.people.firstSeenAt],
    ['people.country', a.people.country],
    ['events.start', a.events.start],
    ['events.at', a.events.at],
    ['events.type', a.events.type],
    ['events.campaign', a.events.campaign],
    ['events.channel', a.events.channel],
    ['orders.start', a.orders.start],
    ['orders.at', a.orders.at],
    ['orders.revenue', a.orders.revenue],
    ['orders.items', a.orders.items],
  ];
}

interface Header {
  format: number;
  key: string;
  timeZone: string;
  takenAt: number;
  counts: { people: number; events: number; orders: number };
  text: {
    ids: string[];
    emails: string[];
    countries: string[];
    types: string[];
    channels: string[];
    campaignIds: string[];
    campaignNames: string[];
  };
  columns: { name: string; kind: 'i32' | 'f64'; offset: number; length: number }[];
}

export function writeSnapshotFile(file: string, key: string, a: Activity): void {
  const columns = numericColumns(a);
  const header: Header = {
    format: FORMAT,
    key,
    timeZone: a.timeZone,
    takenAt: a.takenAt,
    counts: { people: a.people.count, events: a.events.count, orders: a.orders.count },
    text: {
      ids: a.people.ids,
      // No addresses on disk: a person erased under a privacy request must not live on in a cache
      // file until the next analysis rewrites it. No analysis reads them.
      emails: [],
      countries: a.people.countries.names,
      types: a.events.types,
      channels: a.events.channels,
      campaignIds: a.campaigns.ids,
      campaignNames: a.campaigns.names,
    },
    columns: [],
  };
  let offset = 0;
  for (const [name, col] of columns) {
    header.columns.push({
      name,
      kind: col instanceof Int32Array ? 'i32' : 'f64',
      offset,
      length: col.length,
    });
    offset += Math.ceil(col.byteLength / 8) * 8;
  }
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const start = Math.ceil((4 + json.length) / 8) * 8;
  const out = Buffer.alloc(start + offset);
  out.writeUInt32LE(json.length, 0);
  json.copy(out, 4);
  columns.forEach(([, col], i) => {
    const at = start + (header.columns[i]?.offset ?? 0);
    Buffer.from(col.buffer, col.byteOffset, col.byteLength).copy(out, at);
  });
  mkdirSync(dirname(file), { recursive: true });
  // Written aside and renamed, so a crash never leaves a half file under the real name.
  writeFileSync(`${file}.tmp`, out);
  renameSync(`${file}.tmp`, file);
}

/** The snapshot stored for `key`, or null (no file, another key, an older format, damage). */
export function readSnapshotFile(file: string, key: string): Activity | null {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return null;
  }
  try {
    const length = buf.readUInt32LE(0);
    const header = JSON.parse(buf.subarray(4, 4 + length).toString('utf8')) as Header;
    if (header.format !== FORMAT || header.key !== key) return null;
    const start = Math.ceil((4 + length) / 8) * 8;
    // One aligned copy; the typed arrays are views over it.
    const body = new ArrayBuffer(buf.length - start);
    new Uint8Array(body).set(buf.subarray(start));
    const col = new Map(
      header.columns.map((c) => [
        c.name,
        c.kind === 'i32'
          ? new Int32Array(body, c.offset, c.length)
          : new Float64Array(body, c.offset, c.length),
      ]),
    );
    const i32 = (name: string): Int32Array => {
      const c = col.get(name);
      if (!(c instanceof Int32Array)) throw new Error(`missing ${name}`);
      return c;
    };
    const f64 = (name: string): Float64Array => {
      const c = col.get(name);
      if (!(c instanceof Float64Array)) throw new Error(`missing ${name}`);
      return c;
    };
    const t = header.text;
    return {
      timeZone: header.timeZone,
      takenAt: header.takenAt,
      people: {
        count: header.counts.people,
        ids: t.ids,
        emails: t.ids.map(() => ''),
        firstSeenAt: f64('people.firstSeenAt'),
        country: i32('people.country'),
        countries: { ids: t.countries, names: t.countries },
      },
      events: {
        count: header.counts.events,
        start: i32('events.start'),
        at: f64('events.at'),
        type: i32('events.type'),
        types: t.types,
        campaign: i32('events.campaign'),
        channel: i32('events.channel'),
        channels: t.channels,
      },
      orders: {
        count: header.counts.orders,
        start: i32('orders.start'),
        at: f64('orders.at'),
        revenue: f64('orders.revenue'),
        items: f64('orders.items'),
      },
      campaigns: { ids: t.campaignIds, names: t.campaignNames },
    };
  } catch {
    return null;
  }
}
