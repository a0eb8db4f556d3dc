/**
 * Groups rows by person and orders each person's rows by the given keys, in
 * linear time: a counting sort by person (which keeps the input order inside a
 * person), then a sort of each person's usually short run by the keys.
 */
export interface PersonGroups {
  /** Person p's rows are start[p] … start[p + 1] − 1 of every column passed through take(). */
  start: Int32Array;
  /** A column reordered into the grouped order. */
  take<A extends Int32Array | Float64Array>(column: A): A;
}

/** Runs up to this long are insertion-sorted in place; longer ones use the engine's sort. */
const SHORT_RUN = 24;

export function groupByPerson(
  person: Int32Array,
  people: number,
  ...keys: (Int32Array | Float64Array)[]
): PersonGroups {
  const n = person.length;
  const start = new Int32Array(people + 1);
  for (let i = 0; i < n; i++) {
    const p = person[i] as number;
    if (p < 0 || p >= people) throw new Error(`Row ${i} names person ${p}, outside 0 … ${people - 1}.`);
    (start[p + 1] as number)++;
  }
  for (let p = 0; p < people; p++) start[p + 1] = (start[p + 1] as number) + (start[p] as number);
  const next = start.slice(0, people);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = person[i] as number;
    order[(next[p] as number)++] = i;
  }

  const compare = (a: number, b: number): number => {
    for (const key of keys) {
      const d = (key[a] as number) - (key[b] as number);
      if (d !== 0) return d;
    }
    return a - b;
  };
  for (let p = 0; p < people; p++) {
    const from = start[p] as number;
    const to = start[p + 1] as number;
    if (to - from < 2) continue;
    if (to - from <= SHORT_RUN) {
      for (let i = from + 1; i < to; i++) {
        const v = order[i] as number;
        let j = i - 1;
        while (j >= from && compare(order[j] as number, v) > 0) {
          order[j + 1] = order[j] as number;
          j--;
        }
        order[j + 1] = v;
      }
    } else {
      order.subarray(from, to).sort(compare);
    }
  }

  return {
    start,
    take<A extends Int32Array | Float64Array>(column: A): A {
      const out = (column instanceof Int32Array ? new Int32Array(n) : new Float64Array(n)) as A;
      for (let i = 0; i < n; i++) out[i] = column[order[i] as number] as number;
      return out;
    },
  };
}
