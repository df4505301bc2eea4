import { describe, expect, it } from 'vitest';
import type { Finding } from '../../analysis/diagnosis-schema';
import { evaluateSteps } from '../evaluate-steps';
import { evidenceLinks } from '../evidence-link';
import { singleGroups } from '../group-findings';

const finding = (step: Finding['step'], cause: string): Finding => ({
  sentence: `127.0.0.1:18111 failed as ${cause}`, server: '127.0.0.1:18111', pool: 'api', cause, from: '2026-11-25T00:36:18Z',
  to: '2026-11-25T00:36:34Z', confidence: 'high', reason: 'r', step, evidence: { lines: `/incidents/x?cause=${cause}`, chart: '/incidents/x', probes: 0 }, next: [],
});
const link = evidenceLinks('/incidents/x', { incidentId: 'x' });
const noProbes = { results: 0, failing: [], healthy: [] };

describe('evaluateSteps', () => {
  it('says a check looks fine because the failures are explained under other checks, naming them, not as if it had read the server', () => {
    const steps = evaluateSteps(singleGroups([finding('upstream_status', 'upstream_refused'), finding('configuration', 'invalid_response')]), noProbes, link);
    const byId = Object.fromEntries(steps.map((s) => [s.id, s]));
    expect(byId.upstream_status!.status).toBe('problem_found');
    expect(byId.configuration!.status).toBe('problem_found');
    expect(byId.server_logs).toMatchObject({
      status: 'looks_fine',
      summary: "Nothing in the gateway's logs points here: the failures found are under 1. Upstream status and 4. Server configuration.",
    });
    expect(byId.network!.summary).toBe(byId.server_logs!.summary);
  });

  it('without probes, step 1 says what it rests on and what would confirm it', () => {
    const [status] = evaluateSteps(singleGroups([finding('network', 'upstream_timeout')]), noProbes, link);
    expect(status).toMatchObject({
      status: 'looks_fine',
      summary: 'Nothing in the gateway\'s logs points here: the failures found are under 3. Network connectivity. Probe results (upload them or run "Probe now") would confirm it.',
    });
  });

  it('says failed probes met no failing traffic in this selection, not in the whole incident (a filter may leave it out)', () => {
    const probes = { results: 24, healthy: [], failing: [{ server: '127.0.0.1:18111', failed: 8, total: 24, from: Date.parse('2026-11-25T00:36:18Z'), to: Date.parse('2026-11-25T00:36:58Z'), error: 'ECONNREFUSED' }] };
    const [status] = evaluateSteps(singleGroups([finding('configuration', 'invalid_response')]), probes, link);
    expect(status).toMatchObject({ status: 'problem_found' });
    expect(status!.summary).toMatch(/^Probes of 127\.0\.0\.1:18111 failed 8 of 24 times .*; no failing traffic to them in this selection: /);
  });

  it('with no failing upstream there is nothing to judge', () => {
    expect(evaluateSteps([], noProbes, link).map((s) => s.status)).toEqual(['not_enough_evidence', 'not_enough_evidence', 'not_enough_evidence', 'not_enough_evidence']);
  });
});

describe('evaluateSteps with a server that failed again and again', () => {
  it('says the group, not its worst stretch, and links the lines of all its stretches', () => {
    const stretches = [1, 2, 3].map((n) => ({ ...finding('server_logs', 'upstream_returned_502'), sentence: `stretch ${n}` }));
    const group = { findings: stretches, summary: '127.0.0.1:18111 answered 502 itself again and again: 3 separate stretches', failed: 30, evidence: { lines: '/incidents/x?from=1&to=9', chart: '/c', probes: 0 } };
    const logs = evaluateSteps([group], noProbes, link).find((s) => s.id === 'server_logs')!;
    expect(logs).toMatchObject({ status: 'problem_found', summary: group.summary, evidence: ['/incidents/x?from=1&to=9'] });
  });
});
