/**
 * Runs one task at a time, the highest priority first, then first come first served. A rate limiter
 * puts its "wait for a slot" step behind one, so a slot goes to the most urgent caller waiting when it
 * frees up, not to whoever asked first (shared/netbird/write-priority.ts says why NetBird writes need it).
 */
interface Waiter {
  priority: number;
  seq: number;
  start: () => void;
}

export class PriorityGate {
  private readonly waiters: Waiter[] = [];
  private busy = false;
  private seq = 0;

  run<T>(priority: number, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        task()
          .then(resolve, reject)
          .finally(() => {
            this.busy = false;
            this.next();
          });
      };
      this.waiters.push({ priority, seq: this.seq++, start });
      this.next();
    });
  }

  /** Tasks not started yet. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Tasks not started yet of at least `priority`. */
  waitingAtLeast(priority: number): number {
    let n = 0;
    for (const w of this.waiters) if (w.priority >= priority) n++;
    return n;
  }

  private next(): void {
    if (this.busy || this.waiters.length === 0) return;
    let best = 0;
    for (let i = 1; i < this.waiters.length; i++) {
      const w = this.waiters[i]!;
      const b = this.waiters[best]!;
      if (w.priority > b.priority || (w.priority === b.priority && w.seq < b.seq)) best = i;
    }
    const chosen = this.waiters.splice(best, 1)[0]!;
    this.busy = true;
    chosen.start();
  }
}
