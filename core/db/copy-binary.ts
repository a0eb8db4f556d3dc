/**
 * Reads PostgreSQL's binary COPY format (`COPY (…) TO … WITH (FORMAT binary)`)
 * straight into typed arrays, one per column. Bulk reads of millions of rows
 * this way skip building a JavaScript object per row, which costs several times
 * more than the query itself.
 *
 * Column types must match the query's exactly (int4, float8, text or
 * timestamptz; cast in the SQL): binary COPY carries no type information to
 * check against. A timestamptz reads as epoch milliseconds: sending the stored
 * value as it is costs the database nothing, where converting it in SQL
 * (extract(epoch …)) costs seconds over millions of rows.
 * NULL reads as −1 (int4), NaN (float8, timestamptz) or '' (text).
 */
export type CopyColumnType = 'int4' | 'float8' | 'text' | 'timestamptz';

export type CopyColumn = Int32Array | Float64Array | string[];

type ColumnsOf<T extends readonly CopyColumnType[]> = {
  [K in keyof T]: T[K] extends 'int4' ? Int32Array : T[K] extends 'text' ? string[] : Float64Array;
};

/** 2000-01-01T00:00:00Z, PostgreSQL's timestamp origin, in epoch ms. */
const PG_EPOCH_MS = 946_684_800_000;

const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];

export function readBinaryCopy<const T extends readonly CopyColumnType[]>(
  bytes: Uint8Array,
  types: T,
): { rows: number; columns: ColumnsOf<T> } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder();
  if (bytes.length < 19 || SIGNATURE.some((b, i) => bytes[i] !== b))
    throw new Error('Not PostgreSQL binary COPY output.');
  let pos = 11 + 4;
  pos += 4 + view.getInt32(pos);

  let capacity = 1024;
  const numeric: (Int32Array | Float64Array | null)[] = types.map((t) =>
    t === 'int4' ? new Int32Array(capacity) : t === 'text' ? null : new Float64Array(capacity),
  );
  const texts: (string[] | null)[] = types.map((t) => (t === 'text' ? [] : null));
  let rows = 0;
  for (;;) {
    const fields = view.getInt16(pos);
    pos += 2;
    if (fields === -1) break;
    if (fields !== types.length)
      throw new Error(`Binary COPY row ${rows + 1} has ${fields} columns, expected ${types.length}.`);
    if (rows === capacity) {
      capacity *= 2;
      for (let c = 0; c < numeric.length; c++) {
        const old = numeric[c];
        if (old === null || old === undefined) continue;
        const grown = old instanceof Int32Array ? new Int32Array(capacity) : new Float64Array(capacity);
        grown.set(old);
        numeric[c] = grown;
      }
    }
    for (let c = 0; c < fields; c++) {
      const len = view.getInt32(pos);
      pos += 4;
      const type = types[c];
      if (type === 'int4') {
        (numeric[c] as Int32Array)[rows] = len === -1 ? -1 : view.getInt32(pos);
      } else if (type === 'float8') {
        (numeric[c] as Float64Array)[rows] = len === -1 ? Number.NaN : view.getFloat64(pos);
      } else if (type === 'timestamptz') {
        // Microseconds since 2000-01-01 as a signed 64-bit integer; well inside 2^53 for any real date.
        (numeric[c] as Float64Array)[rows] =
          len === -1
            ? Number.NaN
            : (view.getInt32(pos) * 4_294_967_296 + view.getUint32(pos + 4)) / 1000 + PG_EPOCH_MS;
      } else {
        (texts[c] as string[]).push(len <= 0 ? '' : decoder.decode(bytes.subarray(pos, pos + len)));
      }
      if (len > 0) pos += len;
    }
    rows++;
  }
  const columns = types.map((t, c) => {
    if (t === 'text') return texts[c] as string[];
    const col = numeric[c] as Int32Array | Float64Array;
    return col.slice(0, rows);
  });
  return { rows, columns: columns as ColumnsOf<T> };
}
