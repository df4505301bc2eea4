/**
 * DuckDB allocates through the jemalloc it bundles, which reads its options from DUCKDB_JE_MALLOC_CONF once,
 * when the native library loads: this module must be imported before `@duckdb/node-api`.
 *
 * DuckDB gives jemalloc one arena per core, so each of its threads allocates from an arena of its own, and
 * what one thread frees (kept for a second before it goes back to the system) the other cannot reuse. With
 * one arena they share it. Measured against two arenas (this machine's cores), 5 runs each:
 * - 10M requests whose paths do not repeat, uploaded to a fresh server: the upload's peak RSS 384-400 ->
 *   341-356 MiB; over the upload and then every query of the bench, median 504 (439-564) -> 452 (439-529) MiB;
 * - the CLI on 1M nginx lines: peak 326 -> 299 MiB, wall time 0.99x;
 * - the queries on the main 10M-request incident: as fast, within a few ms.
 *
 * Measured on 2 cores only. On many cores one arena may be contended; DUCKDB_JE_MALLOC_CONF=narenas:N sets it back:
 * options already in the environment are put after ours, and jemalloc lets the last one win.
 */
const OURS = 'narenas:1';

const given = process.env.DUCKDB_JE_MALLOC_CONF ?? '';
if (!given.startsWith(OURS)) process.env.DUCKDB_JE_MALLOC_CONF = given ? `${OURS},${given}` : OURS;
