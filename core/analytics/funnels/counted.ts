/**
 * The counted attempt of every person who entered the funnel: who, how far, which step-1 item
 * (for breakdowns) and the time between consecutive steps (NaN past the depth reached).
 * Columnar and grown by doubling, so collecting costs no allocation per person.
 */
export class CountedAttempts {
  size = 0;
  readonly gapStride: number;
  person = new Int32Array(256);
  depth = new Uint8Array(256);
  /** Event row of the step-1 item, or −1 − order row. */
  anchorSource = new Int32Array(256);
  gaps: Float64Array;

  constructor(stepCount: number) {
    this.gapStride = stepCount - 1;
    this.gaps = new Float64Array(256 * this.gapStride);
  }

  add(person: number, depth: number, anchorSource: number, reachedAt: Float64Array): void {
    if (this.size === this.person.length) this.grow();
    const i = this.size++;
    this.person[i] = person;
    this.depth[i] = depth;
    this.anchorSource[i] = anchorSource;
    const base = i * this.gapStride;
    for (let k = 1; k <= this.gapStride; k++) {
      this.gaps[base + k - 1] = k < depth ? (reachedAt[k] as number) - (reachedAt[k - 1] as number) : NaN;
    }
  }

  private grow(): void {
    const capacity = this.person.length * 2;
    const person = new Int32Array(capacity);
    person.set(this.person);
    this.person = person;
    const depth = new Uint8Array(capacity);
    depth.set(this.depth);
    this.depth = depth;
    const anchorSource = new Int32Array(capacity);
    anchorSource.set(this.anchorSource);
    this.anchorSource = anchorSource;
    const gaps = new Float64Array(capacity * this.gapStride);
    gaps.set(this.gaps);
    this.gaps = gaps;
  }
}
