/**
 * Leases in Table Storage (shared/store/lease.ts) on Azurite, and the in-process KeyedLock: one
 * holder at a time across "instances" (owners), a dead holder's lease expires, a lease still held
 * after the wait is a LeaseTimeoutError, and the row is gone once released.
 */
import { describe, expect, inject, it } from 'vitest';
import { KeyedLock } from '../../shared/store/keyed-lock.js';
import { LeaseLostError, leaseSchema, LeaseTimeoutError, withLease } from '../../shared/store/lease.js';
import { EntityTable } from '../../shared/store/table.js';

const cs = inject('azuriteConnectionString');
let seq = 0;
const leases = () =>
  EntityTable.fromConnectionString(cs, `tstLeases${Date.now().toString(36)}${seq++}`, { schema: leaseSchema });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `n` workers on one key and records the most that were inside at once. */
async function overlap(
  n: number,
  enter: (i: number, body: () => Promise<void>) => Promise<void>,
): Promise<{ max: number; order: number[] }> {
  let inside = 0;
  let max = 0;
  const order: number[] = [];
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      enter(i, async () => {
        inside++;
        max = Math.max(max, inside);
        await sleep(10);
        order.push(i);
        inside--;
      }),
    ),
  );
  return { max, order };
}

describe('withLease', () => {
  it('lets one owner at a time in, across owners, and removes the row when released', async () => {
    const t = leases();
    const { max, order } = await overlap(4, (i, body) =>
      withLease(t, 'group', 'g1', `instance-${i}`, { ttlMs: 30_000, waitMs: 20_000 }, body),
    );
    expect(max).toBe(1);
    expect(order.sort()).toEqual([0, 1, 2, 3]);
    expect(await t.get('group', 'g1')).toBeUndefined();
  });

  it('waits out a holder that died (its lease expires), and gives up with LeaseTimeoutError before that', async () => {
    const t = leases();
    await t.insert('group', 'g2', { owner: 'dead-instance', until: new Date(Date.now() + 600).toISOString() });
    await expect(
      withLease(t, 'group', 'g2', 'me', { ttlMs: 30_000, waitMs: 100 }, () => Promise.resolve('ran')),
    ).rejects.toBeInstanceOf(LeaseTimeoutError);
    expect(
      await withLease(t, 'group', 'g2', 'me', { ttlMs: 30_000, waitMs: 5_000 }, () => Promise.resolve('ran')),
    ).toBe('ran');
  });

  it('releases when the work throws, and the error reaches the caller', async () => {
    const t = leases();
    await expect(
      withLease(t, 'group', 'g3', 'me', { ttlMs: 30_000, waitMs: 1_000 }, () =>
        Promise.reject(new Error('NetBird said no')),
      ),
    ).rejects.toThrow('NetBird said no');
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

describe('withLease renewal and fencing', () => {
  it('renews the lease while the work runs, so a second owner cannot get in after the ttl', async () => {
    const t = leases();
    let second: unknown;
    await withLease(t, 'group', 'r1', 'slow-instance', { ttlMs: 300, waitMs: 5_000, renewEveryMs: 80 }, async () => {
      // Four ttls long: without renewal the lease would have expired three times over.
      second = await withLease(t, 'group', 'r1', 'other-instance', { ttlMs: 300, waitMs: 1_000 }, () =>
        Promise.resolve('in'),
      ).catch((e: unknown) => e);
      await sleep(200);
    });
    expect(second).toBeInstanceOf(LeaseTimeoutError);
    expect(await t.get('group', 'r1')).toBeUndefined();
  });

  it('gives each holder a larger fencing token, and confirm() fails once a newer holder took the lease', async () => {
    const t = leases();
    const tokens: number[] = [];
    const confirmed: unknown[] = [];
    await withLease(
      t,
      'group',
      'f1',
      'paused-instance',
      { ttlMs: 60_000, waitMs: 1_000, renewEveryMs: 60_000 },
      async (lease) => {
        tokens.push(lease.token);
        await lease.confirm();
        // The holder stalls past its lease (simulated: the row is expired), and a newer holder takes it.
        const row = (await t.get('group', 'f1'))!;
        await t.update('group', 'f1', { ...row.value, until: new Date(Date.now() - 1).toISOString() }, row.etag);
        const newer = withLease(t, 'group', 'f1', 'newer-instance', { ttlMs: 60_000, waitMs: 1_000 }, async (l) => {
          tokens.push(l.token);
          // The late writer wakes up and checks before writing: it must not write.
          confirmed.push(
            await lease.confirm().then(
              () => 'wrote',
              (e: unknown) => e,
            ),
          );
          return (await t.get('group', 'f1'))?.value.owner;
        });
        expect(await newer).toBe('newer-instance');
      },
    );
    expect(tokens[1]).toBeGreaterThan(tokens[0]!);
    expect(confirmed[0]).toBeInstanceOf(LeaseLostError);
  });
});
