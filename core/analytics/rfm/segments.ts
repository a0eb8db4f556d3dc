/**
 * Named RFM segments from the recency score R and the combined frequency–monetary
 * score FM. The map is the widely used 5 × 5 R-by-F segment grid of RFM practice
 * (champions, loyal customers, …, hibernating), read with FM in place of F so that
 * spend counts, plus "lost" for the corner R = 1, FM = 1 (the lowest on every measure):
 *
 *   R\FM   1               2                    3                    4                5
 *   5      new customers   potential loyalists  potential loyalists  champions        champions
 *   4      promising       potential loyalists  potential loyalists  loyal customers  loyal customers
 *   3      about to sleep  about to sleep       need attention       loyal customers  loyal customers
 *   2      hibernating     hibernating          at risk              at risk          can't lose them
 *   1      lost            hibernating          at risk              at risk          can't lose them
 */
export const RFM_SEGMENTS = [
  'champions',
  'loyal-customers',
  'potential-loyalists',
  'new-customers',
  'promising',
  'need-attention',
  'about-to-sleep',
  'at-risk',
  'cant-lose-them',
  'hibernating',
  'lost',
] as const;

export type RfmSegment = (typeof RFM_SEGMENTS)[number];

export const RFM_SEGMENT_LABELS: Readonly<Record<RfmSegment, string>> = {
  champions: 'Champions',
  'loyal-customers': 'Loyal customers',
  'potential-loyalists': 'Potential loyalists',
  'new-customers': 'New customers',
  promising: 'Promising',
  'need-attention': 'Need attention',
  'about-to-sleep': 'About to sleep',
  'at-risk': 'At risk',
  'cant-lose-them': "Can't lose them",
  hibernating: 'Hibernating',
  lost: 'Lost',
};

/** Row r − 1, column fm − 1. */
export const RFM_SEGMENT_MAP: readonly (readonly RfmSegment[])[] = [
  ['lost', 'hibernating', 'at-risk', 'at-risk', 'cant-lose-them'],
  ['hibernating', 'hibernating', 'at-risk', 'at-risk', 'cant-lose-them'],
  ['about-to-sleep', 'about-to-sleep', 'need-attention', 'loyal-customers', 'loyal-customers'],
  ['promising', 'potential-loyalists', 'potential-loyalists', 'loyal-customers', 'loyal-customers'],
  ['new-customers', 'potential-loyalists', 'potential-loyalists', 'champions', 'champions'],
];

function checkScore(name: string, s: number): void {
  if (!(Number.isInteger(s) && s >= 1 && s <= 5)) throw new RangeError(`${name} score must be 1–5, got ${s}`);
}

/** FM = (F + M) / 2 rounded half up, so that a tie between F and M favours the customer. */
export function fmScore(f: number, m: number): number {
  checkScore('F', f);
  checkScore('M', m);
  return Math.floor((f + m + 1) / 2);
}

export function rfmSegment(r: number, fm: number): RfmSegment {
  checkScore('R', r);
  checkScore('FM', fm);
  return (RFM_SEGMENT_MAP[r - 1] as readonly RfmSegment[])[fm - 1] as RfmSegment;
}
