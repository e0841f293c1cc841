/**
 * Shares NetBird list answers between the callers of one client in this process.
 *
 * Why: NetBird lists have no paging and no user filter (`GET /api/peers` answers every peer of the
 * account, 16 MiB at 20,000 peers), and each offboarding case needs the full user, peer and policy
 * lists. A burst of leavers processed 16 at a time would read the same lists 16 times over,
 * which is what bounded the burst bench (bench/burst.bench.ts) and loads the management server.
 *
 * The rules, so that a shared list never hides a change this process made to that list:
 * - a read joins an identical read that is still in flight;
 * - a settled answer is reused only while it is younger than `maxAgeMs`, counted from when its
 *   request started (0: never reused once settled);
 * - a write drops every answer of the lists it changes (see `affected`), both when it starts and
 *   when it ends, so a read that starts after a write of this process finished sees it; a write
 *   of one user instead patches the user lists with NetBird's answer (users.ts), and drops them if
 *   it failed (its outcome is then unknown);
 * - a failed read is not kept;
 * - absence is confirmed with a fresh read (`fresh`): a user or peer created a moment ago may be
 *   missing from a shared answer, and "not in NetBird" must never rest on one.
 * Shared answers are frozen, deeply: a caller that tried to change one would throw instead of
 * corrupting another caller's view.
 */

/**
 * The list a write to a path changes. Derived fields elsewhere may lag by up to `maxAgeMs`:
 * a peer's `groups` after a group write, and the `login_expired` / `connected` flags of a blocked
 * user's peers. Offboarding decides nothing on a peer it has not read before changing it (a
 * case's inventory comes before its own block and quarantine), and dropping the 20,000-peer list
 * at every block or quarantine would make a burst re-read it for every leaver again.
 */
function affected(path: string): string[] | 'all' {
  // A block, unblock or delete of one user: users.ts patches the shared user lists with the
  // answer instead (`patch`), so a burst of blocks does not re-read 10,000 users per leaver.
  if (/^\/api\/users\/[^/]+$/.test(path)) return [];
  const resource = /^\/api\/([a-z-]+)/.exec(path)?.[1];
  switch (resource) {
    case 'users':
    case 'peers':
    case 'groups':
    case 'policies':
      return [resource];
    default:
      return 'all';
  }
}

interface Entry {
  resource: string;
  startedAt: number;
  settled: boolean;
  value: Promise<unknown>;
}

export class SharedReads {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * The answer of `load`, shared as described above. `key` names the read within `resource`.
   * `fresh`: start a new request whatever is shared (it then becomes the shared answer): for
   * confirming that something is absent, which an older answer cannot prove.
   */
  read<T>(resource: string, key: string, load: () => Promise<T>, options: { fresh?: boolean } = {}): Promise<T> {
    const id = `${resource}\u0000${key}`;
    const hit = this.entries.get(id);
    if (!options.fresh && hit && (!hit.settled || this.now() - hit.startedAt < this.maxAgeMs))
      return hit.value as Promise<T>;
    const entry: Entry = { resource, startedAt: this.now(), settled: false, value: Promise.resolve() };
    const value = load().then(
      (result) => {
        entry.settled = true;
        return deepFreeze(result);
      },
      (err: unknown) => {
        if (this.entries.get(id) === entry) this.entries.delete(id);
        throw err;
      },
    );
    entry.value = value;
    this.entries.set(id, entry);
    return value;
  }

  /** A write to this API path (`/api/users/abc`) starts or ends: forget what it may change. */
  invalidate(path: string): void {
    const resources = affected(path);
    for (const [id, entry] of this.entries) {
      if (resources === 'all' || resources.includes(entry.resource)) this.entries.delete(id);
    }
  }

  /** Forgets every answer of `resource` (a write whose outcome is unknown). */
  drop(resource: string): void {
    for (const [id, entry] of this.entries) if (entry.resource === resource) this.entries.delete(id);
  }

  /**
   * Applies a finished write to every answer of `resource`, settled or still in flight (an answer
   * that arrives later is patched when it arrives), instead of dropping them. `fn` must return a
   * new value, not change the frozen one.
   */
  patch<T>(resource: string, fn: (value: T) => T): void {
    for (const [id, entry] of this.entries) {
      if (entry.resource !== resource) continue;
      const patched = entry.value.then((value) => deepFreeze(fn(value as T)));
      entry.value = patched;
      patched.catch(() => {
        if (this.entries.get(id) === entry) this.entries.delete(id);
      });
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    // An array by index: a patched 10,000-user list is frozen again after every block, and
    // Object.values would copy it each time; its users are frozen already and skipped.
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) deepFreeze(value[i]);
    else for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
