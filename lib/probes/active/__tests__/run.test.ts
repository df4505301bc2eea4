import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ProbeBudget } from '../budget';
import { runProbes } from '../run';
import { closeAll, listen, refusedPort } from './servers';

afterEach(closeAll);

describe('runProbes', () => {
  it('probes in parallel, at most 8 at once, and returns results in target order', async () => {
    let inFlight = 0;
    let most = 0;
    const port = await listen(
      createHttpServer((req, res) => {
        most = Math.max(most, ++inFlight);
        setTimeout(() => {
          inFlight--;
          res.end(req.url);
        }, 150);
      }),
    );
    const refused = await refusedPort(createServer());
    const targets = [...Array.from({ length: 11 }, (_, i) => `http://127.0.0.1:${port}/${i}`), `127.0.0.1:${refused}`];
    const budget = new ProbeBudget();
    const results = await runProbes({ incidentId: 'inc', targets, kind: 'http', known: [`127.0.0.1:${port}`, `127.0.0.1:${refused}`], allow: '', budget, timeoutMs: 2000 });
    expect(results.map((r) => r.target)).toEqual(targets);
    expect(results.slice(0, 11).every((r) => r.ok && r.status === 200)).toBe(true);
    expect(results[11]).toMatchObject({ ok: false, error: 'connection refused (ECONNREFUSED)' });
    expect(most).toBe(8);
    expect(budget.remaining('inc')).toBe(60 - 12);
  });

  it('refuses the whole request on the first refused target, before any connection and without charging the budget', async () => {
    let connections = 0;
    const port = await listen(createServer((s) => (connections++, s.end())));
    const budget = new ProbeBudget();
    const run = runProbes({
      incidentId: 'inc',
      targets: [`127.0.0.1:${port}`, '10.9.9.9:80', '169.254.169.254:80'],
      kind: 'tcp',
      known: [`127.0.0.1:${port}`, '169.254.169.254:80'],
      allow: '',
      budget,
    });
    await expect(run).rejects.toMatchObject({ code: 'probe_target_refused', rule: 'outside_incident', target: '10.9.9.9:80' });
    expect(connections).toBe(0);
    expect(budget.remaining('inc')).toBe(60);
  });

  it('stops at the budget with rate_limited, and at more than 20 targets with invalid_input', async () => {
    const port = await listen(createServer((s) => s.end()));
    const budget = new ProbeBudget({ perMinute: 3 });
    const run = { incidentId: 'capped', targets: [`127.0.0.1:${port}`, `127.0.0.1:${port}`], kind: 'tcp' as const, known: [`127.0.0.1:${port}`], allow: '', budget };
    expect(await runProbes(run)).toHaveLength(2);
    await expect(runProbes(run)).rejects.toMatchObject({ code: 'rate_limited' });
    await expect(runProbes({ ...run, targets: Array.from({ length: 21 }, () => `127.0.0.1:${port}`) })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('runs dns probes of the names the incident knows', async () => {
    const results = await runProbes({ incidentId: 'd', targets: ['localhost'], kind: 'dns', known: ['localhost:8080'], allow: '', budget: new ProbeBudget() });
    expect(results[0]).toMatchObject({ kind: 'dns', ok: true });
  });
});
