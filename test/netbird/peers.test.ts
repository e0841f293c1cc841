import { describe, expect, it } from 'vitest';
import { NetBirdError } from '../../shared/netbird/errors.js';
import type { NetBirdPeer } from '../../shared/netbird/types.js';
import { fixture, useNetBird } from './harness.js';

const peers = fixture<NetBirdPeer[]>('peers.json');
const ALICE_ID = 'CiQ0YjFmNmMyZS04YTNkLTRlNWYtOWI3YS0yYzZkOGUwZjFhM2ISGmVudHJhLWQydjVrNHAxbDFiczczYzBnMWEw';

describe('NetBird peers', () => {
  const nb = useNetBird();

  it('lists peers as the server reports them (Windows 11 with the build in kernel_version)', async () => {
    nb.scope.get('/api/peers').reply(200, peers);
    const list = await nb.client.listPeers();
    expect(list).toHaveLength(6);
    expect(list.find((p) => p.hostname === 'HNL-LT-0042')).toMatchObject({
      os: 'Windows 11',
      kernel_version: '10.0.26100',
      user_id: '',
    });
  });

  it('turns null lists from the real server into empty arrays', async () => {
    nb.scope.get('/api/peers').reply(200, fixture('peers-null-lists.json'));
    const list = await nb.client.listPeers();
    expect(list.every((p) => Array.isArray(p.groups) && Array.isArray(p.extra_dns_labels))).toBe(true);
    expect(list.find((p) => p.name === 'hnl-router-01')!.groups).toEqual([]);
  });

  it("finds a user's SSO peers; setup-key peers (empty user_id) are never anyone's", async () => {
    nb.scope.get('/api/peers').times(2).reply(200, peers);
    expect((await nb.client.peersByUserId(ALICE_ID)).map((p) => p.name)).toEqual(['alice-macbook']);
    expect(await nb.client.peersByUserId('')).toEqual([]);
    expect((await nb.client.peersByUserId('7c9e2a4b-1d3f-4a5b-8c7d-9e0f1a2b3c4d')).map((p) => p.name)).toEqual([
      'bob-thinkpad',
    ]);
  });

  it('finds peers by hostname ignoring case, whether named after it or not', async () => {
    nb.scope.get('/api/peers').times(3).reply(200, peers);
    // Bob's SSO peer was renamed; his machine peer got a de-duplicated name. Both have the hostname.
    expect((await nb.client.peersByHostname('bdr-lt-0107')).map((p) => p.id)).toEqual([
      'd2v5k4p1l1bs73c0p003',
      'd2v5k4p1l1bs73c0p004',
    ]);
    expect((await nb.client.peersByHostname('  HNL-lt-0042 ')).map((p) => p.name)).toEqual(['HNL-LT-0042']);
    // A short name finds a peer whose hostname is fully qualified.
    expect((await nb.client.peersByHostname('HNL-ROUTER-01')).map((p) => p.name)).toEqual(['hnl-router-01']);
  });

  it('does not match a hostname by prefix or substring', async () => {
    nb.scope.get('/api/peers').reply(200, peers);
    expect(await nb.client.peersByHostname('HNL-LT-004')).toEqual([]);
  });

  it('reads one peer', async () => {
    nb.scope.get('/api/peers/d2v5k4p1l1bs73c0p002').reply(200, fixture('peer.json'));
    expect(await nb.client.getPeer('d2v5k4p1l1bs73c0p002')).toMatchObject({
      id: 'd2v5k4p1l1bs73c0p002',
      connected: true,
    });
  });

  it("a missing peer is a NetBirdError 404 with NetBird's message", async () => {
    nb.scope.get('/api/peers/gone').reply(404, { message: 'peer not found', code: 404 });
    const err = await nb.client.getPeer('gone').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetBirdError);
    expect(err).toMatchObject({
      upstreamStatus: 404,
      isNotFound: true,
      netbirdMessage: 'peer not found',
      transient: false,
    });
  });

  it('deletes a peer, and a second delete is not an error', async () => {
    nb.scope
      .delete('/api/peers/d2v5k4p1l1bs73c0p002')
      .reply(200, {})
      .delete('/api/peers/d2v5k4p1l1bs73c0p002')
      .reply(404, { message: 'peer d2v5k4p1l1bs73c0p002 not found', code: 404 });
    expect(await nb.client.deletePeer('d2v5k4p1l1bs73c0p002')).toEqual({ deleted: true });
    expect(await nb.client.deletePeer('d2v5k4p1l1bs73c0p002')).toEqual({ deleted: false });
    nb.scope.done();
  });

  it('a refused delete still throws', async () => {
    nb.scope.delete('/api/peers/x').reply(403, { message: 'permission denied', code: 403 });
    await expect(nb.client.deletePeer('x')).rejects.toMatchObject({ upstreamStatus: 403 });
  });

  it('deletes a NetBird user (DELETE_NETBIRD_USER), and a second delete is not an error', async () => {
    nb.scope
      .delete('/api/users/u-leaver')
      .reply(200, {})
      .delete('/api/users/u-leaver')
      .reply(404, { message: 'user u-leaver not found', code: 404 });
    expect(await nb.client.deleteUser('u-leaver')).toEqual({ deleted: true });
    expect(await nb.client.deleteUser('u-leaver')).toEqual({ deleted: false });
    nb.scope.done();
  });
});
