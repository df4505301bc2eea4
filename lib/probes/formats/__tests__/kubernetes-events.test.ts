import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubernetesEvents, resultsOfEvent } from '../kubernetes-events';

// See e2e/fixtures/probes/README.md for where each of these comes from.
const read = (name: string) => readFileSync(join(__dirname, '../../../../e2e/fixtures/probes', name), 'utf8');
const json = (name: string) => JSON.parse(read(name)) as Record<string, unknown>;

describe('kubectl get events -o json', () => {
  it('reads the liveness-exec events of the Kubernetes docs: the failed probes and the kill, nothing from Normal start-up events', () => {
    const parsed = kubernetesEvents.parse(read('k8s-events-liveness-exec.json'));
    expect(parsed.total).toBe(7);
    expect(parsed.rejects).toEqual([]);
    const error = "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory";
    const detail = 'pod default/liveness-exec spec.containers{liveness}';
    expect(parsed.results).toEqual([
      // x3 over 20 s: the two ends of the stretch
      { time: Date.parse('2022-02-17T21:51:40Z'), target: 'default/liveness-exec', kind: 'http', ok: false, status: null, latencyMs: null, error, origin: 'uploaded', detail: `kubernetes event Unhealthy x3, ${detail}` },
      { time: Date.parse('2022-02-17T21:51:50Z'), target: 'default/liveness-exec', kind: 'http', ok: false, status: null, latencyMs: null, error, origin: 'uploaded', detail: `kubernetes event Unhealthy x3, ${detail}` },
      { time: Date.parse('2022-02-17T21:51:50Z'), target: 'default/liveness-exec', kind: 'http', ok: false, status: null, latencyMs: null, error: 'Container liveness failed liveness probe, will be restarted', origin: 'uploaded', detail: `kubernetes event Killing x1, ${detail}` },
    ]);
  });

  it('targets the pod IP when the List also holds the Pod (kubectl get pods,events -o json)', () => {
    const pod = json('k8s-pod-nginx-deployment.json');
    const events = (json('k8s-events-liveness-exec.json').items as Record<string, unknown>[]).map((e) => ({
      ...e, involvedObject: { ...(e.involvedObject as object), name: 'nginx-deployment-67d4bdd6f5-w6kd7' },
    }));
    const parsed = kubernetesEvents.parse(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [pod, ...events] }));
    expect(parsed.total).toBe(7);
    expect(parsed.results.map((r) => r.target)).toEqual(['10.88.0.3', '10.88.0.3', '10.88.0.3']);
    expect(parsed.results[0]?.detail).toContain('pod default/nginx-deployment-67d4bdd6f5-w6kd7');
  });

  it('takes the address, kind and status a kubelet message names', () => {
    const event = (message: string, reason = 'Unhealthy') => ({ kind: 'Event', reason, message, involvedObject: { kind: 'Pod', name: 'api-1', namespace: 'shop' }, lastTimestamp: '2022-02-17T21:51:50Z', count: 1 });
    expect(resultsOfEvent(event('Readiness probe failed: HTTP probe failed with statuscode: 503'))).toMatchObject([{ kind: 'http', status: 503, target: 'shop/api-1' }]);
    expect(resultsOfEvent(event('Readiness probe failed: Get "http://10.244.1.24:1026/version": dial tcp 10.244.1.24:1026: connect: connection refused')))
      .toMatchObject([{ kind: 'http', status: null, target: 'http://10.244.1.24:1026/version' }]);
    expect(resultsOfEvent(event('Liveness probe failed: dial tcp 10.0.0.5:8080: i/o timeout'))).toMatchObject([{ kind: 'tcp', target: '10.0.0.5:8080' }]);
    expect(resultsOfEvent(event('Back-off restarting failed container', 'BackOff'))).toMatchObject([{ ok: false, error: 'Back-off restarting failed container', detail: 'kubernetes event BackOff x1, pod shop/api-1' }]);
    expect(resultsOfEvent(event('Started container api', 'Started'))).toBeNull();
  });

  it('reads both Event shapes of the Kubernetes API test data: core/v1 and events.k8s.io/v1 fields', () => {
    const core = json('k8s-api-testdata-core.v1.Event.json');
    const events = json('k8s-api-testdata-events.k8s.io.v1.Event.json');
    // Their reasons are placeholders ("26", "23"): looked at, not probe verdicts.
    expect(kubernetesEvents.parse(read('k8s-api-testdata-core.v1.Event.json'))).toEqual({ results: [], rejects: [], total: 1 });
    expect(kubernetesEvents.parse(read('k8s-api-testdata-events.k8s.io.v1.Event.json'))).toEqual({ results: [], rejects: [], total: 1 });
    // As failures: core/v1 has lastTimestamp, involvedObject, message, count; events.k8s.io/v1 has
    // series.lastObservedTime, regarding, note, series.count (its count fields are fuzzed negatives: ignored).
    expect(resultsOfEvent({ ...core, reason: 'BackOff' })).toEqual([expect.objectContaining({
      time: Date.parse('2907-12-28T01:19:18Z'), target: '20/22', error: '27', detail: 'kubernetes event BackOff x1266076158, 20 20/22 25',
    })]);
    expect(resultsOfEvent({ ...events, reason: 'Failed' })).toEqual([expect.objectContaining({
      time: Date.parse('2429-02-18T17:57:56.343Z'), target: '24/26', error: '36', detail: 'kubernetes event Failed x1, 24 24/26 29',
    })]);
  });

  it('rejects an event with no time at its item position, and a broken file as one reject', () => {
    const list = { kind: 'List', items: [{ kind: 'Event', reason: 'Unhealthy', message: 'Readiness probe failed: x', involvedObject: { kind: 'Pod', name: 'a' } }] };
    expect(kubernetesEvents.parse(JSON.stringify(list)).rejects).toEqual([
      { line: 1, reason: 'items[0]: Unhealthy event about default/a: no lastTimestamp, eventTime, firstTimestamp or creationTimestamp', text: expect.any(String) },
    ]);
    const broken = kubernetesEvents.parse(read('k8s-events-liveness-exec.json').slice(0, 800));
    expect(broken).toMatchObject({ results: [], total: 1, rejects: [{ line: 1, reason: expect.stringMatching(/^not JSON .*whole file is not read$/) }] });
    expect(kubernetesEvents.parse('{"kind":"PodList","items":[]}').rejects[0]?.reason).toMatch(/^no Event objects/);
  });
});
