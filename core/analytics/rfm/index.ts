export { rfmGrid } from './grid';
export type { RfmGrid, RfmGridCell, RfmSegmentTotal } from './grid';
export { quintileScores, rfmInputsFromOrders, scoreRfm } from './score';
export type { RfmInput, RfmInputOptions, RfmScore } from './score';
export { fmScore, RFM_SEGMENT_LABELS, RFM_SEGMENT_MAP, RFM_SEGMENTS, rfmSegment } from './segments';
export type { RfmSegment } from './segments';
