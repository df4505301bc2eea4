export { analyzeIncident } from './analyze-incident';
export { getUpstreamTables } from './upstream-tables';
export { getSeries, bucketFor, MAX_BUCKETS } from './series';
