import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../shared/errors.js';
import { encodeDexUserId } from '../../shared/netbird/ids.js';
import type { NetBirdUser } from '../../shared/netbird/types.js';
import { CONNECTOR_ID, fixture, useNetBird } from './harness.js';

const users = fixture<NetBirdUser[]>('users.json');
const ALICE_OID = '4b1f6c2e-8a3d-4e5f-9b7a-2c6d8e0f1a3b';
const BOB_OID = '7c9e2a4b-1d3f-4a5b-8c7d-9e0f1a2b3c4d';
const DANA_OID = 'e3a8d0f7-5b2c-49e1-a6d4-0c3b7f9e2a51'; // her NetBird user came from the local connector
const ALICE_ID = encodeDexUserId({ userId: ALICE_OID, connectorId: CONNECTOR_ID });
const byEmail = (email: string) => users.find((u) => u.email === email)!;

describe('NetBird users', () => {
  const nb = useNetBird();

  it('lists users, service users included, and can ask for one kind', async () => {
    nb.scope
      .get('/api/users')
      .reply(200, users)
      .get('/api/users')
      .query({ service_user: 'true' })
      .reply(
        200,
        users.filter((u) => u.is_service_user),
      );
    const all = await nb.client.listUsers();
    expect(all).toHaveLength(6);
    expect(all.filter((u) => u.is_service_user).map((u) => u.name)).toEqual(['netbird-entra-ops']);
    expect(await nb.client.listUsers({ serviceUsers: true })).toHaveLength(1);
    nb.scope.done();
  });

  describe('findUserByEntraId', () => {
    it('finds an embedded-IdP user by the Dex-encoded id', async () => {
      nb.scope.get('/api/users').reply(200, users);
      const found = await nb.client.findUserByEntraId(ALICE_OID, 'someone.else@gsisg.example');
      expect(found).toMatchObject({
        matchedBy: 'embedded-id',
        user: { id: ALICE_ID, email: 'alice.kahananui@gsisg.example' },
      });
    });

    it('finds a legacy-IdP user whose id is the oid', async () => {
      nb.scope.get('/api/users').reply(200, users);
      expect(await nb.client.findUserByEntraId(BOB_OID)).toMatchObject({
        matchedBy: 'legacy-id',
        user: { name: 'Bob Larsen' },
      });
    });

    it('finds embedded ids too when configured for the legacy IdP', async () => {
      nb.scope.get('/api/users').reply(200, users);
      const legacy = nb.makeClient({ idp: { mode: 'legacy' } });
      expect(await legacy.findUserByEntraId(ALICE_OID)).toMatchObject({
        matchedBy: 'embedded-id',
        user: { id: ALICE_ID },
      });
    });

    it('does not take an embedded id minted by another connector', async () => {
      const other = {
        ...byEmail('alice.kahananui@gsisg.example'),
        id: encodeDexUserId({ userId: ALICE_OID, connectorId: 'okta-x' }),
      };
      nb.scope.get('/api/users').reply(200, [other]);
      expect(await nb.client.findUserByEntraId(ALICE_OID)).toBeUndefined();
    });

    it('tries the configured scheme first when a person has users under both', async () => {
      const alice = byEmail('alice.kahananui@gsisg.example');
      const both = [{ ...alice, id: ALICE_OID, email: 'old.alice@gsisg.example' }, alice];
      nb.scope.get('/api/users').times(2).reply(200, both);
      expect(await nb.client.findUserByEntraId(ALICE_OID)).toMatchObject({
        matchedBy: 'embedded-id',
        user: { id: ALICE_ID },
      });
      const legacy = nb.makeClient({ idp: { mode: 'legacy' } });
      expect(await legacy.findUserByEntraId(ALICE_OID)).toMatchObject({
        matchedBy: 'legacy-id',
        user: { id: ALICE_OID },
      });
    });

    it('matches ids case-sensitively', async () => {
      nb.scope.get('/api/users').reply(200, users);
      expect(await nb.client.findUserByEntraId(BOB_OID.toUpperCase())).toBeUndefined();
    });

    it('falls back to the email, ignoring case, when no id matches', async () => {
      nb.scope.get('/api/users').reply(200, users);
      expect(await nb.client.findUserByEntraId(DANA_OID, 'dana.smith@GSISG.example')).toMatchObject({
        matchedBy: 'email',
        user: { email: 'Dana.Smith@gsisg.example' },
      });
    });

    it('prefers an id match over an email match', async () => {
      nb.scope.get('/api/users').reply(200, users);
      expect(await nb.client.findUserByEntraId(BOB_OID, 'dana.smith@gsisg.example')).toMatchObject({
        matchedBy: 'legacy-id',
      });
    });

    it('refuses to guess when two users share the email, and says so', async () => {
      const twin = { ...byEmail('Dana.Smith@gsisg.example'), id: 'd2v5k4p1l1bs73c0g1x9' };
      nb.scope.get('/api/users').reply(200, [...users, twin]);
      expect(await nb.client.findUserByEntraId(DANA_OID, 'dana.smith@gsisg.example')).toBeUndefined();
      expect(nb.logs.some((l) => l.level === 'warn' && /share the Entra user's email/.test(l.message))).toBe(true);
    });

    it('never matches a service user, and answers undefined when nobody matches', async () => {
      nb.scope.get('/api/users').times(2).reply(200, users);
      const svc = users.find((u) => u.is_service_user)!;
      expect(await nb.client.findUserByEntraId(svc.id)).toBeUndefined();
      expect(
        await nb.client.findUserByEntraId('00000000-0000-4000-8000-000000000000', 'nobody@gsisg.example'),
      ).toBeUndefined();
    });
  });

  describe('blockUser / unblockUser', () => {
    it("blocks with a PUT carrying the user's current role and auto_groups", async () => {
      const bob = users.find((u) => u.id === BOB_OID)!;
      nb.scope
        .get('/api/users')
        .reply(200, users)
        .put(`/api/users/${BOB_OID}`)
        .reply(200, { ...bob, is_blocked: true, status: 'blocked' });
      const result = await nb.client.blockUser(BOB_OID);
      expect(result).toMatchObject({ changed: true, user: { id: BOB_OID, is_blocked: true } });
      expect(nb.recorder.bodiesOf('PUT', /^\/api\/users\//)).toEqual([
        { role: 'user', auto_groups: ['d2v5k4p1l1bs73c0g120', 'd2v5k4p1l1bs73c0g110'], is_blocked: true },
      ]);
      nb.scope.done();
    });

    it('percent-encodes the user id in the path', async () => {
      const alice = users.find((u) => u.id === ALICE_ID)!;
      const odd = { ...alice, id: 'a+b/c==' };
      nb.scope
        .get('/api/users')
        .reply(200, [odd])
        .put('/api/users/a%2Bb%2Fc%3D%3D')
        .reply(200, { ...odd, is_blocked: true });
      expect((await nb.client.blockUser('a+b/c==')).changed).toBe(true);
      nb.scope.done();
    });

    it('does not write when the user is already blocked (offboarding runs again)', async () => {
      const carol = byEmail('carol.nakamura@gsisg.example');
      nb.scope.get('/api/users').reply(200, users);
      expect(await nb.client.blockUser(carol.id)).toMatchObject({
        changed: false,
        user: { id: carol.id, is_blocked: true },
      });
      expect(nb.recorder.requests.map((r) => r.method)).toEqual(['GET']);
    });

    it('unblocks, again sending role and auto_groups back', async () => {
      const carol = byEmail('carol.nakamura@gsisg.example');
      nb.scope
        .get('/api/users')
        .reply(200, users)
        .put(`/api/users/${carol.id}`)
        .reply(200, { ...carol, is_blocked: false, status: 'active' });
      expect(await nb.client.unblockUser(carol.id)).toMatchObject({ changed: true, user: { is_blocked: false } });
      expect(nb.recorder.bodiesOf('PUT', /^\/api\/users\//)).toEqual([
        { role: 'user', auto_groups: ['d2v5k4p1l1bs73c0g110'], is_blocked: false },
      ]);
    });

    it('sends auto_groups: [] when the real server listed the user with auto_groups: null', async () => {
      const nullUsers = fixture<NetBirdUser[]>('users-null-lists.json');
      const erin = nullUsers.find((u) => u.email === 'erin.kealoha@gsisg.example')!;
      nb.scope
        .get('/api/users')
        .reply(200, nullUsers)
        .put(`/api/users/${erin.id}`)
        .reply(200, { ...erin, is_blocked: true, auto_groups: null });
      const result = await nb.client.blockUser(erin.id);
      expect(result.user.auto_groups).toEqual([]);
      expect(nb.recorder.bodiesOf('PUT', /^\/api\/users\//)).toEqual([
        { role: 'user', auto_groups: [], is_blocked: true },
      ]);
    });

    it('throws NotFoundError for a user NetBird does not have, after a fresh second look, without writing', async () => {
      // A shared list may be a moment old, so absence is confirmed with a new read (shared-reads.ts).
      nb.scope.get('/api/users').times(2).reply(200, users);
      await expect(nb.client.blockUser('no-such-user')).rejects.toBeInstanceOf(NotFoundError);
      expect(nb.recorder.requests.map((r) => r.method)).toEqual(['GET', 'GET']);
    });
  });
});
