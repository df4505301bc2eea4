/**
 * Store operations run side by side; a task that must have the database to itself (reopening it) waits until
 * none is running and holds new ones back until it is done. Operations already running are never interrupted.
 *
 * `alone` must not be awaited from inside an operation: it would wait for that operation to end.
 */
export class OperationGate {
  private running = 0;
  /** The exclusive task queued or running, if any: operations wait for it before they start. */
  private held: Promise<void> | null = null;
  private drained: (() => void) | null = null;

  async run<T>(operation: () => Promise<T>): Promise<T> {
    while (this.held) await this.held;
    this.running++;
    try {
      return await operation();
    } finally {
      if (--this.running === 0) this.drained?.();
    }
  }

  alone(task: () => Promise<void>): Promise<void> {
    const turn = (this.held ?? Promise.resolve()).then(async () => {
      if (this.running > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      this.drained = null;
      await task();
    });
    const held: Promise<void> = turn
      .catch(() => undefined)
      .finally(() => {
        if (this.held === held) this.held = null;
      });
    this.held = held;
    return turn;
  }
}
