import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../shared/errors.js';
import { NetBirdError } from '../../shared/netbird/errors.js';
import type { NetBirdGroup } from '../../shared/netbird/types.js';
import { fixture, useNetBird } from './harness.js';

const groups = fixture<NetBirdGroup[]>('groups.json');
const group = (name: string) => structuredClone(groups.find((g) => g.name === name)!);
const LAPTOPS = group('Laptops');
const QUARANTINE = group('Quarantine');
const HNL_LT_0042 = 'd2v5k4p1l1bs73c0p002';

/** The group as NetBird would answer after a PUT of these peer ids. */
function withPeers(g: NetBirdGroup, ids: string[]): NetBirdGroup {
  return { ...g, peers: ids.map((id) => ({ id, name: id })), peers_count: ids.length };
}

describe('NetBird groups', () => {
  const nb = useNetBird();

  it('lists groups with their resources, including peer resources', async () => {
    nb.scope.get('/api/groups').reply(200, groups);
    const list = await nb.client.listGroups();
    expect(list.find((g) => g.name === 'Full LAN')!.resources.map((r) => r.type)).toEqual(['subnet', 'subnet', 'peer']);
  });

  it('turns null peers/resources from the real server into empty arrays', async () => {
    nb.scope.get('/api/groups').reply(200, fixture('groups-null-lists.json'));
    const quarantine = (await nb.client.listGroups()).find((g) => g.name === 'Quarantine')!;
    expect(quarantine).toMatchObject({ peers: [], resources: [] });
  });

  it('finds a group by exact name with the server-side filter, and answers undefined on 404', async () => {
    nb.scope
      .get('/api/groups')
      .query({ name: 'Quarantine' })
      .reply(200, [QUARANTINE])
      .get('/api/groups')
      .query({ name: 'Nope' })
      .reply(404, { message: 'group Nope not found', code: 404 });
    expect(await nb.client.findGroupByName('Quarantine')).toMatchObject({ id: QUARANTINE.id });
    expect(await nb.client.findGroupByName('Nope')).toBeUndefined();
    nb.scope.done();
  });

  it('creates a group', async () => {
    nb.scope.post('/api/groups').reply(200, { ...QUARANTINE, peers: null, resources: null });
    expect(await nb.client.createGroup('Quarantine')).toMatchObject({ name: 'Quarantine', peers: [], resources: [] });
    expect(nb.recorder.bodiesOf('POST', /^\/api\/groups$/)).toEqual([{ name: 'Quarantine', peers: [] }]);
  });

  it('replaces a group with name, peers and resources', async () => {
    const lan = group('Full LAN');
    nb.scope.put(`/api/groups/${lan.id}`).reply(200, lan);
    await nb.client.updateGroup(lan.id, { name: lan.name, peers: [], resources: lan.resources });
    expect(nb.recorder.bodiesOf('PUT', /^\/api\/groups\//)).toEqual([
      { name: 'Full LAN', peers: [], resources: lan.resources },
    ]);
  });

  describe('setGroupPeers', () => {
    it('reads, writes the whole list, re-reads, and returns the re-read group', async () => {
      const after = withPeers(QUARANTINE, [HNL_LT_0042]);
      nb.scope
        .get(`/api/groups/${QUARANTINE.id}`)
        .reply(200, QUARANTINE)
        .put(`/api/groups/${QUARANTINE.id}`)
        .reply(200, after)
        .get(`/api/groups/${QUARANTINE.id}`)
        .reply(200, after);
      const result = await nb.client.setGroupPeers(QUARANTINE.id, (ids) => [...ids, HNL_LT_0042]);
      expect(result.peers.map((p) => p.id)).toEqual([HNL_LT_0042]);
      expect(nb.recorder.requests.map((r) => r.method)).toEqual(['GET', 'PUT', 'GET']);
      expect(nb.recorder.bodiesOf('PUT', /^\/api\/groups\//)).toEqual([
        { name: 'Quarantine', peers: [HNL_LT_0042], resources: [] },
      ]);
      nb.scope.done();
    });

    it('keeps the other members and the resources when removing one peer', async () => {
      const lan = group('Full LAN');
      const start = withPeers(lan, ['p1', 'p2', 'p3']);
      nb.scope
        .get(`/api/groups/${lan.id}`)
        .reply(200, start)
        .put(`/api/groups/${lan.id}`)
        .reply(200, withPeers(lan, ['p1', 'p3']))
        .get(`/api/groups/${lan.id}`)
        .reply(200, withPeers(lan, ['p1', 'p3']));
      await nb.client.setGroupPeers(lan.id, (ids) => ids.filter((id) => id !== 'p2'));
      expect(nb.recorder.bodiesOf('PUT', /^\/api\/groups\//)).toEqual([
        { name: 'Full LAN', peers: ['p1', 'p3'], resources: lan.resources },
      ]);
    });

    it('writes nothing when the member set does not change', async () => {
      nb.scope.get(`/api/groups/${LAPTOPS.id}`).reply(200, LAPTOPS);
      const result = await nb.client.setGroupPeers(LAPTOPS.id, (ids) => [...ids].reverse());
      expect(result.id).toBe(LAPTOPS.id);
      expect(nb.recorder.requests.map((r) => r.method)).toEqual(['GET']);
    });

    it('raises a ConflictError when the re-read shows someone else changed the group', async () => {
      nb.scope
        .get(`/api/groups/${LAPTOPS.id}`)
        .reply(200, LAPTOPS)
        .put(`/api/groups/${LAPTOPS.id}`)
        .reply(200, withPeers(LAPTOPS, ['d2v5k4p1l1bs73c0p004']))
        .get(`/api/groups/${LAPTOPS.id}`)
        .reply(200, withPeers(LAPTOPS, ['d2v5k4p1l1bs73c0p004', 'd2v5k4p1l1bs73c0p099']));
      await expect(
        nb.client.setGroupPeers(LAPTOPS.id, (ids) => ids.filter((id) => id !== HNL_LT_0042)),
      ).rejects.toBeInstanceOf(ConflictError);
    });

    it("surfaces NetBird's refusal (e.g. the All group) as a NetBirdError", async () => {
      const all = group('All');
      nb.scope
        .get(`/api/groups/${all.id}`)
        .reply(200, all)
        .put(`/api/groups/${all.id}`)
        .reply(422, { message: 'updating group all is not allowed', code: 422 });
      const err = await nb.client.setGroupPeers(all.id, () => []).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NetBirdError);
      expect(err).toMatchObject({ upstreamStatus: 422, netbirdMessage: 'updating group all is not allowed' });
    });
  });
});
