/**
 * Leases in Table Storage (shared/store/lease.ts) on Azurite, and the in-process KeyedLock: one
 * holder at a time across "instances" (owners), a dead holder's lease expires, a lease still held
 * after the wait is a LeaseTimeoutError, and the row is gone once released.
 */
import { describe, expect, inject, it } from 'vitest';
import { KeyedLock } from '../../shared/store/keyed-lock.js';
import { leaseSchema, LeaseTimeoutError, withLease } from '../../shared/store/lease.js';
import { EntityTable } from '../../shared/store/table.js';

const cs = inject('azuriteConnectionString');
let seq = 0;
const leases = () => EntityTable.fromConnectionString(cs, `tstLeases${Date.now().toString(36)}${seq++}`, { schema: leaseSchema });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `n` workers on one key and records the most that were inside at once. */
async function overlap(n: number, enter: (i: number, body: () => Promise<void>) => Promise<void>): Promise<{ max: number; order: number[] }> {
  let inside = 0;
  let max = 0;
  const order: number[] = [];
  await Promise.all(Array.from({ length: n }, (_, i) => enter(i, async () => {
    inside++;
    max = Math.max(max, inside);
    await sleep(10);
    order.push(i);
    inside--;
  })));
  return { max, order };
}

describe('withLease', () => {
  it('lets one owner at a time in, across owners, and removes the row when released', async () => {
    const t = leases();
    const { max, order } = await overlap(4, (i, body) => withLease(t, 'group', 'g1', `instance-${i}`, { ttlMs: 30_000, waitMs: 20_000 }, body));
    expect(max).toBe(1);
    expect(order.sort()).toEqual([0, 1, 2, 3]);
    expect(await t.get('group', 'g1')).toBeUndefined();
  });

  it('waits out a holder that died (its lease expires), and gives up with LeaseTimeoutError before that', async () => {
    const t = leases();
    await t.insert('group', 'g2', { owner: 'dead-instance', until: new Date(Date.now() + 600).toISOString() });
    await expect(withLease(t, 'group', 'g2', 'me', { ttlMs: 30_000, waitMs: 100 }, () => Promise.resolve('ran'))).rejects.toBeInstanceOf(LeaseTimeoutError);
    expect(await withLease(t, 'group', 'g2', 'me', { ttlMs: 30_000, waitMs: 5_000 }, () => Promise.resolve('ran'))).toBe('ran');
  });

  it('releases when the work throws, and the error reaches the caller', async () => {
    const t = leases();
    await expect(withLease(t, 'group', 'g3', 'me', { ttlMs: 30_000, waitMs: 1_000 }, () => Promise.reject(new Error('NetBird said no')))).rejects.toThrow('NetBird said no');
    expect(await t.get('group', 'g3')).toBeUndefined();
  });
});

describe('KeyedLock', () => {
  it('runs one holder per key at a time, in arrival order, and other keys in parallel', async () => {
    const lock = new KeyedLock();
    const same = await overlap(5, (_, body) => lock.run('k', body));
    expect(same).toEqual({ max: 1, order: [0, 1, 2, 3, 4] });
    const different = await overlap(5, (i, body) => lock.run(`k${i}`, body));
    expect(different.max).toBe(5);
    expect(lock.size).toBe(0);
  });

  it('goes on after a holder throws', async () => {
    const lock = new KeyedLock();
    const failed = lock.run('k', () => Promise.reject(new Error('boom')));
    const next = lock.run('k', () => Promise.resolve('next'));
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('next');
  });
});
