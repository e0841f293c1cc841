/**
 * NetBird list answers shared between callers (shared/netbird/shared-reads.ts), through the real
 * client with nock at the wire: identical reads in flight go out once, an answer is reused only
 * while young, a write drops the list it changes, failures are not kept, shared answers are frozen.
 */
import { describe, expect, it } from 'vitest';
import { SharedReads } from '../../shared/netbird/shared-reads.js';
import type { NetBirdGroup, NetBirdPeer, NetBirdUser } from '../../shared/netbird/types.js';
import { fixture, useNetBird } from './harness.js';

const peers = fixture<NetBirdPeer[]>('peers.json');
const users = fixture<NetBirdUser[]>('users.json');
const groups = fixture<NetBirdGroup[]>('groups.json');

describe('NetBird shared list reads', () => {
  const nb = useNetBird();

  it('sends concurrent identical list reads once, even with no reuse after they settle', async () => {
    nb.scope.get('/api/peers').once().delay(20).reply(200, peers);
    const [a, b, c] = await Promise.all([
      nb.client.listPeers(),
      nb.client.peersByUserId('x'),
      nb.client.peersByHostname('HNL-LT-0042'),
    ]);
    expect(a).toHaveLength(peers.length);
    expect(b).toEqual([]);
    expect(c.map((p) => p.name)).toEqual(['HNL-LT-0042']);
    expect(nb.scope.isDone()).toBe(true);
    // Settled and maxAge 0 (the default): the next read goes out again.
    nb.scope.get('/api/peers').reply(200, []);
    expect(await nb.client.listPeers()).toEqual([]);
  });

  it('reuses a settled answer while younger than listMaxAgeMs, then reads again', async () => {
    let now = 1_000;
    const reads = new SharedReads(2_000, () => now);
    let loads = 0;
    const load = () => Promise.resolve([++loads]);
    expect(await reads.read('peers', '', load)).toEqual([1]);
    now += 1_999;
    expect(await reads.read('peers', '', load)).toEqual([1]);
    now += 1;
    expect(await reads.read('peers', '', load)).toEqual([2]);
    // Another key of the same resource is another read.
    expect(await reads.read('peers', 'other', load)).toEqual([3]);
  });

  it('a user block patches the shared user lists with the answer (no re-read), and the peer list stays shared', async () => {
    const client = nb.makeClient({ listMaxAgeMs: 60_000 });
    const alice = users.find((u) => u.role === 'user' && !u.is_blocked && !u.is_service_user)!;
    nb.scope.get('/api/users').once().reply(200, users);
    nb.scope.get('/api/peers').once().reply(200, peers);
    await client.listPeers();
    nb.scope.put(`/api/users/${alice.id}`).reply(200, { ...alice, is_blocked: true, status: 'blocked' });
    expect((await client.blockUser(alice.id)).changed).toBe(true);
    // Served from the patched list: one GET /api/users in all (a second would match no interceptor).
    expect((await client.listUsers()).find((u) => u.id === alice.id)).toMatchObject({
      is_blocked: true,
      status: 'blocked',
    });
    expect((await client.blockUser(alice.id)).changed).toBe(false);
    expect(await client.listPeers()).toHaveLength(peers.length);
    expect(nb.scope.isDone()).toBe(true);
  });

  it('a failed block drops the shared user lists (its outcome is unknown): the next read asks NetBird', async () => {
    const client = nb.makeClient({ listMaxAgeMs: 60_000, maxRetries: 0 });
    const [alice, bob] = users.filter((u) => u.role === 'user' && !u.is_blocked && !u.is_service_user);
    nb.scope.get('/api/users').once().reply(200, users);
    await client.listUsers();
    nb.scope.get('/api/users').once().delay(50).reply(200, users);
    nb.scope.put(`/api/users/${alice!.id}`).reply(200, { ...alice, is_blocked: true });
    nb.scope.put(`/api/users/${bob!.id}`).reply(500, { message: 'database is locked', code: 500 });
    // Alice's block reads the shared list, writes, and patches it; Bob's fails and drops it.
    expect((await client.blockUser(alice!.id)).changed).toBe(true);
    await expect(client.blockUser(bob!.id)).rejects.toThrow(/answered 500/);
    // A fresh read: this interceptor answers the original list, so Alice shows unblocked here.
    expect((await client.listUsers()).find((u) => u.id === alice!.id)?.is_blocked).toBe(false);
    expect(nb.scope.isDone()).toBe(true);
  });

  it('a group write drops the group list, and a read in flight when it started is not joined afterwards', async () => {
    const client = nb.makeClient({ listMaxAgeMs: 60_000 });
    const group = groups[0]!;
    nb.scope.get('/api/groups').delay(30).reply(200, groups);
    const early = client.listGroups();
    nb.scope.put(`/api/groups/${group.id}`).reply(200, { ...group, name: 'renamed' });
    await client.updateGroup(group.id, { name: 'renamed', peers: [], resources: [] });
    nb.scope.get('/api/groups').reply(
      200,
      groups.map((g) => (g.id === group.id ? { ...g, name: 'renamed' } : g)),
    );
    const late = await client.listGroups();
    expect((await early).find((g) => g.id === group.id)?.name).toBe(group.name);
    expect(late.find((g) => g.id === group.id)?.name).toBe('renamed');
    expect(nb.scope.isDone()).toBe(true);
  });

  it('patches an answer still in flight when it arrives, and later readers get the patched one', async () => {
    const reads = new SharedReads(60_000);
    let answer!: (v: string[]) => void;
    const early = reads.read(
      'users',
      '',
      () =>
        new Promise<string[]>((r) => {
          answer = r;
        }),
    );
    reads.patch<string[]>('users', (list) => list.map((u) => (u === 'alice' ? 'alice (blocked)' : u)));
    answer(['alice', 'bob']);
    expect(await early).toEqual(['alice', 'bob']); // joined before the write finished
    expect(await reads.read('users', '', () => Promise.resolve(['unused']))).toEqual(['alice (blocked)', 'bob']);
  });

  it('does not keep a failed read: the next caller asks again', async () => {
    const client = nb.makeClient({ listMaxAgeMs: 60_000, maxRetries: 0 });
    nb.scope.get('/api/policies').reply(403, { message: 'no permission', code: 403 });
    await expect(client.listPolicies()).rejects.toThrow(/answered 403/);
    nb.scope.get('/api/policies').reply(200, []);
    expect(await client.listPolicies()).toEqual([]);
  });

  it('hands out frozen answers: a caller cannot change what another caller sees', async () => {
    const client = nb.makeClient({ listMaxAgeMs: 60_000 });
    nb.scope.get('/api/peers').once().reply(200, peers);
    const first = await client.listPeers();
    expect(() => {
      first.push(first[0]!);
    }).toThrow(TypeError);
    expect(() => {
      first[0]!.name = 'changed';
    }).toThrow(TypeError);
    expect(() => {
      first[0]!.groups.pop();
    }).toThrow(TypeError);
    expect((await client.listPeers())[0]!.name).toBe(peers[0]!.name);
  });
});
