/**
 * The NetBird simulator, driven by the app's real NetBirdClient and by raw requests the client
 * would never send: it must refuse what the real API refuses (validated against NetBird's own
 * OpenAPI file), and answer in the spec's shapes.
 */
import { describe, expect, it } from 'vitest';
import { NetBirdError } from '../../shared/netbird/index.js';
import { responseProblems } from '../netbird/spec-validator.js';
import { netbirdFetch, useWorld, leaverLaptops } from './support.js';

const ctx = useWorld();

function leaverNetBirdUser() {
  return ctx.services.netbirdAdmin.findUserByEntraId(
    ctx.world.people.leaver.id,
    ctx.world.people.leaver.userPrincipalName,
  );
}

describe('NetBird simulator: requests the real API would reject', () => {
  it('refuses PUT /api/users/{id} without auto_groups (400) and changes nothing', async () => {
    const match = await leaverNetBirdUser();
    expect(match?.matchedBy).toBe('embedded-id');
    const res = await netbirdFetch(ctx.world, `/api/users/${encodeURIComponent(match!.user.id)}`, {
      method: 'PUT',
      body: { role: 'user', is_blocked: true },
    });
    expect(res).toEqual({ status: 400, body: { message: "auto_groups field can't be absent", code: 400 } });
    expect(ctx.world.netbird.state.users.get(match!.user.id)?.is_blocked).toBe(false);
  });

  it('refuses bodies of the wrong type, bad query values and JSON that does not parse (400)', async () => {
    const { user } = (await leaverNetBirdUser())!;
    const path = `/api/users/${encodeURIComponent(user.id)}`;
    const wrongType = await netbirdFetch(ctx.world, path, {
      method: 'PUT',
      body: { role: 'user', auto_groups: [], is_blocked: 'yes' },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body).toMatchObject({ code: 400, message: expect.stringMatching(/is_blocked.*boolean/) });
    expect((await netbirdFetch(ctx.world, '/api/users?service_user=maybe')).status).toBe(400);
    expect(await netbirdFetch(ctx.world, '/api/groups', { method: 'POST', rawBody: '{"name": ' })).toEqual({
      status: 400,
      body: { message: "couldn't parse JSON request", code: 400 },
    });
  });

  it('answers 422 for values the server cannot accept', async () => {
    const { user } = (await leaverNetBirdUser())!;
    const path = `/api/users/${encodeURIComponent(user.id)}`;
    expect(
      await netbirdFetch(ctx.world, path, {
        method: 'PUT',
        body: { role: 'user', auto_groups: ['no-such-group'], is_blocked: false },
      }),
    ).toEqual({ status: 422, body: { message: 'group no-such-group not found', code: 422 } });
    expect(
      (
        await netbirdFetch(ctx.world, path, {
          method: 'PUT',
          body: { role: 'emperor', auto_groups: [], is_blocked: false },
        })
      ).status,
    ).toBe(422);
    expect(
      (await netbirdFetch(ctx.world, '/api/groups', { method: 'POST', body: { name: 'x', peers: ['no-such-peer'] } }))
        .status,
    ).toBe(422);
  });

  it('needs a token (401), and a read-only token may not write (403)', async () => {
    expect(await netbirdFetch(ctx.world, '/api/peers', { token: null })).toEqual({
      status: 401,
      body: { message: 'no valid authentication provided', code: 401 },
    });
    expect((await netbirdFetch(ctx.world, '/api/peers', { token: 'nbp_not-a-real-token' })).status).toBe(401);
    const { user } = (await leaverNetBirdUser())!;
    const res = await netbirdFetch(ctx.world, `/api/users/${encodeURIComponent(user.id)}`, {
      method: 'PUT',
      token: ctx.world.env.NETBIRD_READ_TOKEN,
      body: { role: user.role, auto_groups: user.auto_groups, is_blocked: true },
    });
    expect(res.status).toBe(403);
    expect(ctx.world.netbird.state.users.get(user.id)?.is_blocked).toBe(false);
    await expect(ctx.services.netbirdRead.blockUser(user.id)).rejects.toMatchObject({ upstreamStatus: 403 });
    expect((await ctx.services.netbirdRead.listPeers()).length).toBe(ctx.world.netbird.state.peers.size);
  });

  it('answers 404 outside the spec and 501 for spec operations it does not simulate', async () => {
    expect((await netbirdFetch(ctx.world, '/api/no-such-thing')).status).toBe(404);
    expect((await netbirdFetch(ctx.world, '/api/posture-checks')).body).toMatchObject({ code: 501 });
    await expect(ctx.services.netbirdRead.getPeer('no-such-peer')).rejects.toMatchObject({
      upstreamStatus: 404,
      isNotFound: true,
    });
  });
});

describe('NetBird simulator: what offboarding does', () => {
  it('blocks a user: their SSO peers are login-expired and disconnected, setup-key peers untouched', async () => {
    const client = ctx.services.netbirdAdmin;
    const { user } = (await leaverNetBirdUser())!;
    const names = new Set(leaverLaptops(ctx.world).map((n) => n.toLowerCase()));
    const before = (await client.listPeers()).filter((p) => names.has(p.hostname.toLowerCase()) && p.connected);
    const sso = before.filter((p) => p.user_id === user.id);
    const machine = before.filter((p) => p.user_id === '');
    expect(sso.length).toBeGreaterThan(0);
    expect(machine.length).toBeGreaterThan(0);
    expect([...sso, ...machine].every((p) => p.connected && !p.login_expired)).toBe(true);

    const result = await client.blockUser(user.id);
    expect(result.changed).toBe(true);
    expect(result.user).toMatchObject({
      is_blocked: true,
      status: 'blocked',
      auto_groups: user.auto_groups,
      role: user.role,
    });
    // One by one: the admin client's shared peer list may show these flags up to 2 s late (shared-reads.ts).
    for (const p of sso) expect(await client.getPeer(p.id)).toMatchObject({ login_expired: true, connected: false });
    for (const p of machine)
      expect(await client.getPeer(p.id)).toMatchObject({ connected: true, login_expired: false, user_id: '' });
    expect((await client.blockUser(user.id)).changed).toBe(false);

    const events = await client.listAuditEvents();
    expect(events[0]).toMatchObject({ activity_code: expect.stringMatching(/^(user\.block|peer\.login\.expire)$/) });
    expect(events.find((e) => e.activity_code === 'user.block')).toMatchObject({
      target_id: user.id,
      initiator_name: 'netbird-entra-ops',
    });
    expect((await client.unblockUser(user.id)).user.status).toBe('active');
  });

  it('replaces a group wholesale and re-reads it (quarantine of a machine peer)', async () => {
    const client = ctx.services.netbirdAdmin;
    const laptops = (await client.findGroupByName('Laptops'))!;
    const peerId = laptops.peers[0]!.id;
    const quarantine = await client.createGroup('entra-ops-quarantine');
    expect(await client.findGroupByName('entra-ops-quarantine')).toMatchObject({ id: quarantine.id, peers: [] });
    expect(await client.findGroupByName('no such group')).toBeUndefined();

    const after = await client.setGroupPeers(laptops.id, (ids) => ids.filter((id) => id !== peerId));
    expect(after.peers.map((p) => p.id)).not.toContain(peerId);
    expect(after.peers_count).toBe(laptops.peers_count - 1);
    await client.setGroupPeers(quarantine.id, (ids) => [...ids, peerId]);
    expect((await client.getPeer(peerId)).groups.map((g) => g.name).sort()).toEqual(['All', 'entra-ops-quarantine']);

    // PUT without `resources` drops them: the client always sends them back.
    const dcs = (await client.findGroupByName('Domain Controllers'))!;
    await client.setGroupPeers(dcs.id, (ids) => ids);
    expect((await client.getGroup(dcs.id)).resources).toHaveLength(2);
    await expect(client.createGroup('Laptops')).rejects.toMatchObject({ upstreamStatus: 409 });
    const all = (await client.findGroupByName('All'))!;
    await expect(client.setGroupPeers(all.id, (ids) => ids.slice(1))).rejects.toMatchObject({ upstreamStatus: 405 });
  });

  it('deletes a peer: gone from the list and from every group; a second delete is a 404', async () => {
    const client = ctx.services.netbirdAdmin;
    const peer = (await client.listPeers()).find(
      (p) => p.user_id === '' && p.os.startsWith('Windows') && p.groups.length === 2,
    )!;
    expect(await client.deletePeer(peer.id)).toEqual({ deleted: true });
    expect((await client.listPeers()).some((p) => p.id === peer.id)).toBe(false);
    for (const g of await client.listGroups()) expect(g.peers.some((p) => p.id === peer.id)).toBe(false);
    expect(await client.deletePeer(peer.id)).toEqual({ deleted: false });
    expect((await client.listAuditEvents())[0]).toMatchObject({
      activity_code: 'user.peer.delete',
      target_id: peer.id,
      meta: { name: peer.name },
    });
  });
});

describe('NetBird simulator: answers in the spec shapes', () => {
  it.each([
    ['/api/users', '/api/users'],
    ['/api/peers', '/api/peers'],
    ['/api/groups', '/api/groups'],
    ['/api/policies', '/api/policies'],
    ['/api/networks', '/api/networks'],
    ['/api/networks/routers', '/api/networks/routers'],
    ['/api/routes', '/api/routes'],
    ['/api/dns/nameservers', '/api/dns/nameservers'],
    ['/api/setup-keys', '/api/setup-keys'],
    ['/api/events/audit', '/api/events/audit'],
  ])('GET %s', async (path, template) => {
    const res = await netbirdFetch(ctx.world, path);
    expect(res.status).toBe(200);
    expect((Array.isArray(res.body) && res.body.length > 0) || path === '/api/routes').toBe(true);
    expect(await responseProblems('get', template, 200, res.body)).toEqual([]);
  });

  it('GET one peer, one group, one policy, a network, its routers and resources', async () => {
    const state = ctx.world.netbird.state;
    const network = state.networks[0]!;
    const cases: [string, string][] = [
      [`/api/peers/${[...state.peers.keys()][0]}`, '/api/peers/{peerId}'],
      [`/api/groups/${[...state.groups.keys()][0]}`, '/api/groups/{groupId}'],
      [`/api/policies/${state.policies[0]!.id}`, '/api/policies/{policyId}'],
      [`/api/networks/${network.id}`, '/api/networks/{networkId}'],
      [`/api/networks/${network.id}/routers`, '/api/networks/{networkId}/routers'],
      [`/api/networks/${network.id}/resources`, '/api/networks/{networkId}/resources'],
    ];
    for (const [path, template] of cases) {
      const res = await netbirdFetch(ctx.world, path);
      expect(res.status, path).toBe(200);
      expect(await responseProblems('get', template, 200, res.body), path).toEqual([]);
    }
  });

  it('the users list filters service users, and NetBirdError carries the message', async () => {
    const service = await ctx.services.netbirdRead.listUsers({ serviceUsers: true });
    expect(service.map((u) => u.role).sort()).toEqual(['admin', 'auditor']);
    const people = await ctx.services.netbirdRead.listUsers({ serviceUsers: false });
    expect(people.every((u) => !u.is_service_user)).toBe(true);
    expect(await ctx.services.netbirdRead.ping()).toMatchObject({ ok: true });
    const err = await ctx.services.netbirdAdmin.blockUser('missing').catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(NetBirdError); // the client looks the user up first: NotFoundError
    expect(err).toMatchObject({ message: expect.stringContaining('does not exist') });
  });
});
