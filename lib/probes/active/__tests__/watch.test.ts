import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../types';
import { ProbeBudget } from '../budget';
import { runWatch, type WatchInput } from '../watch';
import { closeAll, listen } from './servers';

afterEach(closeAll);

async function watchInput(over: Partial<WatchInput> = {}): Promise<WatchInput & { seen: [number, ProbeResult][] }> {
  const a = await listen(createServer((s) => s.end()));
  const b = await listen(createServer((s) => s.end()));
  const seen: [number, ProbeResult][] = [];
  const targets = [`127.0.0.1:${a}`, `127.0.0.1:${b}`];
  return { incidentId: 'w', targets, kind: 'tcp', known: targets, allow: '', budget: new ProbeBudget(), everySeconds: 2, forMinutes: 5 / 60, onResult: (r, round) => void seen.push([round, r]), seen, ...over };
}

describe('runWatch', () => {
  it('probes every 2 s for 5 s, then stops by itself', async () => {
    const input = await watchInput();
    const started = Date.now();
    const summary = await runWatch(input);
    const took = Date.now() - started;
    expect(summary).toEqual({ rounds: 3, results: 6, stoppedBy: 'time', error: null });
    expect(input.seen.map(([round, r]) => [round, r.ok])).toEqual([[1, true], [1, true], [2, true], [2, true], [3, true], [3, true]]);
    // Rounds at 0, 2 and 4 s; none at 6 s.
    expect(took).toBeGreaterThanOrEqual(3900);
    expect(took).toBeLessThan(5500);
    expect(input.budget.remaining('w')).toBe(54);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const input = await watchInput({ forMinutes: 1, signal: controller.signal });
    setTimeout(() => controller.abort(), 2500);
    const started = Date.now();
    const summary = await runWatch(input);
    expect(summary).toMatchObject({ rounds: 2, stoppedBy: 'aborted' });
    expect(Date.now() - started).toBeLessThan(3500);
  });

  it('stops with "budget" when other probes used up the minute, after the rounds that fit', async () => {
    const input = await watchInput({ budget: new ProbeBudget({ perMinute: 6 }) });
    input.budget.take('w', 2);
    const summary = await runWatch(input);
    expect(summary).toMatchObject({ rounds: 2, results: 4, stoppedBy: 'budget' });
    expect(summary.error).toMatch(/^at most 6 active probes a minute per incident/);
  });

  it('keeps its caps: every 2 s or more, 30 minutes or less, 20 targets or fewer, and within the budget', async () => {
    const input = await watchInput();
    await expect(runWatch({ ...input, everySeconds: 1 })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(runWatch({ ...input, forMinutes: 31 })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(runWatch({ ...input, targets: Array.from({ length: 21 }, () => input.targets[0]!) })).rejects.toMatchObject({ code: 'invalid_input' });
    // 2 targets every 2 s is 60 a minute: more than a budget of 10 allows, refused before the first probe.
    const small = new ProbeBudget({ perMinute: 10 });
    await expect(runWatch({ ...input, forMinutes: 1, budget: small })).rejects.toMatchObject({ code: 'rate_limited' });
    expect(small.remaining('w')).toBe(10);
  });

  it('stops with "refused" and runs no round when a target is outside the incident', async () => {
    const input = await watchInput();
    await expect(runWatch({ ...input, known: [] })).resolves.toMatchObject({ rounds: 0, stoppedBy: 'refused' });
  });
});
