import { describe, expect, it } from 'vitest';
import { OperationGate } from '../operation-gate';

/** A promise and the function that settles it. */
function later<T = void>() {
  let settle!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (settle = resolve));
  return { promise, settle };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('OperationGate', () => {
  it('runs the task alone: after the operations already running, before those that come after it', async () => {
    const gate = new OperationGate();
    const log: string[] = [];
    const first = later();
    const running = gate.run(async () => {
      log.push('first starts');
      await first.promise;
      log.push('first ends');
    });
    const alone = gate.alone(async () => {
      log.push('task');
      await tick();
      log.push('task ends');
    });
    const after = gate.run(async () => log.push('after'));
    await tick();
    expect(log).toEqual(['first starts']);
    first.settle();
    await Promise.all([running, alone, after]);
    expect(log).toEqual(['first starts', 'first ends', 'task', 'task ends', 'after']);
  });

  it('runs the task at once when nothing is running, and lets operations run side by side otherwise', async () => {
    const gate = new OperationGate();
    let task = false;
    await gate.alone(async () => {
      task = true;
    });
    expect(task).toBe(true);
    const both = later();
    let started = 0;
    const one = gate.run(async () => {
      started++;
      await both.promise;
    });
    const two = gate.run(async () => {
      started++;
      await both.promise;
    });
    await tick();
    expect(started).toBe(2);
    both.settle();
    await Promise.all([one, two]);
  });

  it('lets operations go on after a task that failed, which its caller sees fail', async () => {
    const gate = new OperationGate();
    await expect(gate.alone(async () => Promise.reject(new Error('no file')))).rejects.toThrow('no file');
    expect(await gate.run(async () => 'answered')).toBe('answered');
  });

  it('runs two tasks one after the other, each alone', async () => {
    const gate = new OperationGate();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} starts`);
      await tick();
      log.push(`${name} ends`);
    };
    await Promise.all([gate.alone(task('a')), gate.alone(task('b')), gate.run(async () => log.push('operation'))]);
    expect(log).toEqual(['a starts', 'a ends', 'b starts', 'b ends', 'operation']);
  });
});
