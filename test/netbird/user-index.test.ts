/**
 * The index beside shared user lists (shared/netbird/user-index.ts): matches through it must be the
 * ones a scan of the current list gives, after the list was patched by a block (index carried), by
 * a delete (positions moved, index rebuilt), and for lists that are not shared (indexed per call).
 */
import { describe, expect, it } from 'vitest';
import { encodeDexUserId } from '../../shared/netbird/ids.js';
import type { NetBirdUser } from '../../shared/netbird/types.js';
import { countPeople } from '../../shared/netbird/user-index.js';
import { matchEntraUser } from '../../shared/netbird/user-match.js';
import { CONNECTOR_ID, fixture, useNetBird } from './harness.js';

const users = fixture<NetBirdUser[]>('users.json');
const ALICE_OID = '4b1f6c2e-8a3d-4e5f-9b7a-2c6d8e0f1a3b';
const BOB_OID = '7c9e2a4b-1d3f-4a5b-8c7d-9e0f1a2b3c4d';
const ALICE_ID = encodeDexUserId({ userId: ALICE_OID, connectorId: CONNECTOR_ID });
const embedded = { mode: 'embedded', connectorId: CONNECTOR_ID } as const;

describe('the user index of a shared list', () => {
  // Lists shared for a minute: every lookup below answers from the one GET unless a write drops it.
  const nb = useNetBird({ listMaxAgeMs: 60_000 });

  it('matches a user blocked a moment ago with the answer NetBird gave, without reading the list again', async () => {
    const bob = users.find((u) => u.id === BOB_OID)!;
    nb.scope
      .get('/api/users')
      .reply(200, users)
      .put(`/api/users/${BOB_OID}`)
      .reply(200, { ...bob, is_blocked: true, status: 'blocked', email: 'bob.renamed@gsisg.example' });
    expect((await nb.client.findUserByEntraId(BOB_OID))?.user.is_blocked).toBe(false);
    await nb.client.blockUser(BOB_OID);
    const again = await nb.client.findUserByEntraId(BOB_OID);
    expect(again).toMatchObject({ matchedBy: 'legacy-id', user: { id: BOB_OID, is_blocked: true } });
    // The email changed with the patch: the email lookup is the patched list's own.
    expect(
      await nb.client.findUserByEntraId('00000000-0000-4000-8000-000000000000', 'bob.renamed@gsisg.example'),
    ).toMatchObject({ matchedBy: 'email', user: { id: BOB_OID } });
    expect((await nb.client.findUserByEntraId(ALICE_OID))?.user.id).toBe(ALICE_ID);
    expect(nb.recorder.requests.map((r) => r.method)).toEqual(['GET', 'PUT']);
    nb.scope.done();
  });

  it('finds the others at their new places after a delete moved them', async () => {
    const alice = users.find((u) => u.id === ALICE_ID)!;
    const first = [alice, ...users.filter((u) => u !== alice)];
    nb.scope
      .get('/api/users')
      .reply(200, first)
      .delete(`/api/users/${encodeURIComponent(ALICE_ID)}`)
      .reply(200, {});
    expect((await nb.client.findUserByEntraId(BOB_OID))?.user.id).toBe(BOB_OID);
    expect(await nb.client.deleteUser(ALICE_ID)).toEqual({ deleted: true });
    expect((await nb.client.findUserByEntraId(BOB_OID))?.user).toMatchObject({ id: BOB_OID, name: 'Bob Larsen' });
    expect(await nb.client.findUserByEntraId(ALICE_OID)).toBeUndefined();
    expect(nb.recorder.requests.map((r) => r.method)).toEqual(['GET', 'DELETE']);
    nb.scope.done();
  });
});

describe('matchEntraUser on a list that is not shared', () => {
  it('sees a change made to the list after an earlier match (no index kept for it)', () => {
    const list = users.filter((u) => u.id !== BOB_OID);
    expect(matchEntraUser(list, embedded, BOB_OID)).toEqual({ kind: 'none' });
    list.push(users.find((u) => u.id === BOB_OID)!);
    expect(matchEntraUser(list, embedded, BOB_OID)).toMatchObject({ kind: 'found', match: { matchedBy: 'legacy-id' } });
  });

  it('counts people, not service users, and never offers a service user by email', () => {
    const frozen = Object.freeze([...users]);
    expect(countPeople(frozen)).toBe(users.filter((u) => !u.is_service_user).length);
    const svc = users.find((u) => u.is_service_user)!;
    expect(matchEntraUser(frozen, embedded, 'no-oid', svc.email ?? svc.name)).toEqual({ kind: 'none' });
  });

  it('answers "ambiguous" when two people share the email, whatever its case and spaces', () => {
    const alice = users.find((u) => u.id === ALICE_ID)!;
    const twin = { ...alice, id: 'd2v5k4p1l1bs73c0g1x9', email: ` ${alice.email.toUpperCase()} ` };
    const result = matchEntraUser(Object.freeze([...users, twin]), embedded, 'no-oid', alice.email);
    expect(result.kind).toBe('ambiguous-email');
    expect(result.kind === 'ambiguous-email' && result.candidates.map((u) => u.id)).toEqual([ALICE_ID, twin.id]);
  });
});
