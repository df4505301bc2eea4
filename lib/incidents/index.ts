export { analyzeIncident } from './analyze-incident';
export { getUpstreamTables } from './upstream-tables';
export { getSeries, bucketFor, MAX_BUCKETS } from './series';
export { getHeadline } from './headline';
export { getLines, encodeCursor, decodeCursor, MAX_PAGE } from './lines';
export { getRelatedLines } from './related-lines';
export { getTopFailures } from './top-failures';
export { exportLines } from './export-lines';
export { getLatency } from './latency';
