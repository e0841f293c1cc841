/**
 * A lease on a named thing, held in a Table Storage row, so that only one holder across every
 * Functions instance works on it at a time (the app scales out: infra/main.bicep allows 10).
 *
 * Acquire: an ETag write (EntityTable.mutate) that succeeds only when the row is absent, expired,
 * or already ours. While held, the lease is renewed (each renewal an ETag write), and `confirm`
 * fences a write: it fails if anyone took the lease meanwhile. Release: delete the row if it is
 * still ours. A holder that dies keeps the thing locked until `ttlMs` after its last renewal.
 * https://learn.microsoft.com/azure/architecture/patterns/leader-election (the lease idea)
 */
import { z } from 'zod';
import { AppError, ConflictError, NotFoundError } from '../errors.js';
import type { EntityTable } from './table.js';

export const leaseSchema = z.object({
  owner: z.string().min(1),
  until: z.iso.datetime({ offset: true }),
  /** Fencing token: one more than the previous holder's, so a later holder always has a larger one. */
  token: z.number().int().nonnegative().optional(),
});
export type Lease = z.infer<typeof leaseSchema>;

export class LeaseTimeoutError extends AppError {
  override readonly code = 'lease-timeout';
}

/** The lease was taken over (it expired while we were paused, or was broken): stop writing. */
export class LeaseLostError extends AppError {
  override readonly code = 'lease-lost';
  override readonly status = 409;
}

export interface LeaseOptions {
  /** How long a lease lasts past its last renewal if its holder stops renewing (dies, hangs). */
  ttlMs: number;
  /** How long to wait for a held lease before giving up (LeaseTimeoutError). */
  waitMs: number;
  /** How often a held lease is renewed; default a third of `ttlMs`. */
  renewEveryMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** What the work gets: the fencing token, and `confirm` to call just before a write that must not come from a stale holder. */
export interface HeldLease {
  readonly token: number;
  /**
   * Proves the lease is still ours now, by an ETag-conditional write that also extends it: if
   * another holder took it (we were paused past `until`), the row's ETag changed and this throws
   * LeaseLostError, so a late writer does not overwrite the newer holder's work. NetBird has no
   * conditional writes, so this is as close to the write as the check can get.
   */
  confirm(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` holding the lease `partition`/`name` as `owner`. While `fn` runs the lease is renewed
 * every `renewEveryMs`, so `ttlMs` only bounds how long a dead holder blocks others, not how long
 * the work may take. If a renewal finds the lease taken, `confirm` throws from then on.
 */
export async function withLease<T>(
  table: EntityTable<Lease>,
  partition: string,
  name: string,
  owner: string,
  options: LeaseOptions,
  fn: (lease: HeldLease) => Promise<T>,
): Promise<T> {
  const now = options.now ?? Date.now;
  const wait = options.sleep ?? sleep;
  const deadline = now() + options.waitMs;
  let etag = '';
  let token = 0;
  for (let attempt = 1; ; attempt++) {
    const res = await table.mutate(
      partition,
      name,
      (row) => {
        const held = row && row.owner !== owner && Date.parse(row.until) > now();
        return held
          ? undefined
          : { owner, until: new Date(now() + options.ttlMs).toISOString(), token: (row?.token ?? 0) + 1 };
      },
      { maxAttempts: 10 },
    );
    if (res.written && res.etag && res.value) {
      etag = res.etag;
      token = res.value.token ?? 0;
      break;
    }
    if (now() >= deadline)
      throw new LeaseTimeoutError(`${name} is still held by another worker after ${options.waitMs} ms`);
    await wait(Math.min(500, 25 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random()));
  }

  let lost = false;
  let until = now() + options.ttlMs;
  // Renewals and confirmations go one at a time: each needs the ETag the previous one got.
  let chain: Promise<void> = Promise.resolve();
  const extend = (): Promise<void> => {
    chain = chain.then(async () => {
      if (lost) return;
      const next = now() + options.ttlMs;
      try {
        etag = await table.update(partition, name, { owner, until: new Date(next).toISOString(), token }, etag);
        until = next;
      } catch (err) {
        if (err instanceof ConflictError || err instanceof NotFoundError) lost = true;
        else if (now() >= until) lost = true; // storage unreachable and the lease has run out
      }
    });
    return chain;
  };
  const renewal = setInterval(() => void extend(), options.renewEveryMs ?? Math.max(10, Math.floor(options.ttlMs / 3)));
  renewal.unref();
  const lease: HeldLease = {
    token,
    confirm: async () => {
      await extend();
      if (lost) throw new LeaseLostError(`The lease on ${name} was taken over by another worker; not writing`);
    },
  };
  try {
    return await fn(lease);
  } finally {
    clearInterval(renewal);
    await chain;
    // Only if the row is still the one we wrote; if the release fails, the lease expires by itself.
    if (!lost) await table.delete(partition, name, etag).catch(() => false);
  }
}
