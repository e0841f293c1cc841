/**
 * A lease on a named thing, held in a Table Storage row, so that only one holder across every
 * Functions instance works on it at a time (the app scales out: infra/main.bicep allows 10).
 *
 * Acquire: an ETag write (EntityTable.mutate) that succeeds only when the row is absent, expired,
 * or already ours. Release: delete the row if it is still ours. A holder that dies keeps the thing
 * locked until `ttlMs` passes, so `ttlMs` must exceed the longest time the work can take.
 * https://learn.microsoft.com/azure/architecture/patterns/leader-election (the lease idea)
 */
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { EntityTable } from './table.js';

export const leaseSchema = z.object({
  owner: z.string().min(1),
  until: z.iso.datetime({ offset: true }),
});
export type Lease = z.infer<typeof leaseSchema>;

export class LeaseTimeoutError extends AppError {
  override readonly code = 'lease-timeout';
}

export interface LeaseOptions {
  /** How long a lease lasts if its holder never releases it. */
  ttlMs: number;
  /** How long to wait for a held lease before giving up (LeaseTimeoutError). */
  waitMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `fn` holding the lease `partition`/`name` as `owner`. */
export async function withLease<T>(table: EntityTable<Lease>, partition: string, name: string, owner: string, options: LeaseOptions, fn: () => Promise<T>): Promise<T> {
  const now = options.now ?? Date.now;
  const wait = options.sleep ?? sleep;
  const deadline = now() + options.waitMs;
  let etag: string | undefined;
  for (let attempt = 1; ; attempt++) {
    const res = await table.mutate(partition, name, (row) => {
      const held = row && row.owner !== owner && Date.parse(row.until) > now();
      return held ? undefined : { owner, until: new Date(now() + options.ttlMs).toISOString() };
    }, { maxAttempts: 10 });
    if (res.written) {
      etag = res.etag;
      break;
    }
    if (now() >= deadline) throw new LeaseTimeoutError(`${name} is still held by another worker after ${options.waitMs} ms`);
    await wait(Math.min(500, 25 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random()));
  }
  try {
    return await fn();
  } finally {
    // Only if the row is still the one we wrote; if the release fails, the lease expires by itself.
    await table.delete(partition, name, etag).catch(() => false);
  }
}
