import { expect, type APIRequestContext } from '@playwright/test';
import type { Diagnosis } from '../../lib/analysis/diagnosis-schema';
import type { SourceSummary, UpstreamTables } from '../../lib/analysis/schema';
import type { ScenarioRun } from './run-scenario';

/** Gateway Lens's public HTTP API, as a script or the on-call engineer's shell would call it (README, HTTP API). */

async function json<T>(response: Awaited<ReturnType<APIRequestContext['get']>>, what: string): Promise<T> {
  expect(response.ok(), `${what}: HTTP ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/**
 * Creates an incident and uploads the gateway's logs and the probe results as raw bodies, format detected.
 * `tz=UTC`: the gateways ran with TZ=UTC, and nginx's error log and HAProxy's accept date write no zone.
 */
export async function ingestRun(request: APIRequestContext, run: ScenarioRun): Promise<{ id: string; sources: SourceSummary[] }> {
  const { id } = await json<{ id: string }>(await request.post('/api/incidents', { data: { title: `${run.scenario.gateway}: ${run.scenario.title}` } }), 'create incident');
  const sources: SourceSummary[] = [];
  for (const log of run.logs) {
    const created = await json<{ sources: SourceSummary[] }>(await request.post(`/api/incidents/${id}/sources?name=${log.name}&tz=UTC`, { data: log.body }), `upload ${log.name}`);
    sources.push(...created.sources);
  }
  const probes = await json<{ sources: SourceSummary[] }>(await request.post(`/api/incidents/${id}/probes?name=probes.jsonl`, { data: run.probes }), 'upload probes');
  sources.push(...probes.sources);
  return { id, sources };
}

export const upstreamTables = async (request: APIRequestContext, id: string) =>
  json<UpstreamTables>(await request.get(`/api/incidents/${id}/upstreams`), 'upstreams');

export const diagnosisOf = async (request: APIRequestContext, id: string) =>
  (await json<{ diagnosis: Diagnosis }>(await request.get(`/api/incidents/${id}/diagnosis`), 'diagnosis')).diagnosis;
