/** Runs tasks of one key one after another, tasks of different keys side by side. */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();
  /** Tasks waiting for or holding their key's turn. */
  depth = 0;

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const run = (this.tails.get(key) ?? Promise.resolve()).then(task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    this.depth++;
    void tail.then(() => {
      this.depth--;
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return run;
  }
}
