import { describe, expect, it } from 'vitest';
import { ProbeBudget } from '../budget';
import { ProbeBudgetExceeded } from '../refusal';

describe('ProbeBudget', () => {
  it('allows 60 probes a minute per incident by default, all of a request or none', () => {
    let now = 1_000_000;
    const budget = new ProbeBudget({ now: () => now });
    expect(budget.perMinute).toBe(60);
    budget.take('a', 50);
    expect(budget.remaining('a')).toBe(10);
    expect(() => budget.take('a', 11)).toThrow(ProbeBudgetExceeded);
    // The refused request took nothing.
    expect(budget.remaining('a')).toBe(10);
    // Another incident has its own minute.
    budget.take('b', 60);
    now += 30_000;
    budget.take('a', 10);
    expect(budget.remaining('a')).toBe(0);
  });

  it('says when to retry and frees the probes a minute after they ran', () => {
    let now = 0;
    const budget = new ProbeBudget({ perMinute: 3, now: () => now });
    budget.take('i', 2);
    now = 20_000;
    budget.take('i', 1);
    now = 30_000;
    let error: unknown;
    try {
      budget.take('i', 2);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProbeBudgetExceeded);
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 30_000 });
    expect((error as Error).message).toBe(
      'at most 3 active probes a minute per incident: 3 ran in the last minute and 2 more were asked for; retry in 30 s',
    );
    now = 60_000;
    budget.take('i', 2);
    expect(budget.remaining('i')).toBe(0);
  });

  it('refuses a budget that is not a positive whole number', () => {
    expect(() => new ProbeBudget({ perMinute: 0 })).toThrow(/positive whole number/);
  });
});
