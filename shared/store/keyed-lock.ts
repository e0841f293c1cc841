/**
 * One holder per key at a time within this process; the others wait their turn in order.
 * For read-modify-write sequences that have no ETag of their own (a NetBird group's member list)
 * or that many concurrent invocations would otherwise fight over with ETag retries (the
 * blast-radius window). Across Functions instances it is not enough on its own: see lease.ts.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      // The last one out removes the key, so the map does not grow with every key ever seen.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys held or waited for (tests, diagnostics). */
  get size(): number {
    return this.tails.size;
  }
}
