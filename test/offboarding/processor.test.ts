/**
 * The "check user" processor end to end below the queue: Graph re-read, case in table storage,
 * containment in NetBird, the approval card through the Bot Connector. NetBird, Graph and Teams are
 * nock fakes at the HTTP level; storage is a private Azurite.
 */
import { describe, expect, it } from 'vitest';
import { loadCase } from '../../shared/offboarding/cases.js';
import type { UserCheck } from '../../shared/offboarding/messages.js';
import { processUserCheck } from '../../shared/offboarding/process-check.js';
import { expectValidCard } from '../support/cards.js';
import { expectNoNetbirdWrites, personalConversation, scenario, useOffboardingWorld } from './support/world.js';

const check = (userId: string, over: Partial<UserCheck> = {}): UserCheck => ({
  kind: 'check',
  userId,
  changeType: 'updated',
  source: 'notification',
  admitted: false,
  receivedAt: new Date().toISOString(),
  ...over,
});

describe('processing a check for a disabled user', () => {
  const w = useOffboardingWorld();

  it('blocks the NetBird user with the same role and auto_groups, quarantines the laptop, and asks the manager', async () => {
    const s = await scenario(w);
    const result = await processUserCheck(w.ctx(), check(s.leaver.id), 'message:1', 1);
    expect(result).toMatchObject({
      outcome: 'advanced',
      verdict: 'disabled',
      created: true,
      advance: { status: 'idle' },
    });

    expect(w.netbird.blockCalls()).toEqual([
      { userId: s.netbirdUserId, body: { role: 'user', auto_groups: ['grp-users', 'grp-eng'], is_blocked: true } },
    ]);
    // Out of the policy groups (General Users, Engineers), into quarantine; Laptops (no policy) and All stay.
    expect(w.netbird.peerGroups(s.laptop)).toEqual(['All', 'Laptops', 'entra-ops-quarantine']);
    expect(w.netbird.peerGroups(s.otherLaptop)).toEqual(['All', 'General Users', 'Laptops']);
    expect(w.netbird.peerGroups(s.ssoPeer)).toEqual(['All', 'General Users']);

    const c = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(c).toMatchObject({
      state: 'awaiting-approval',
      reason: 'disabled',
      open: true,
      manager: { id: s.manager.id, name: 'Sara Davis' },
    });
    expect(c.devices.map((d) => [d.kind, d.peerId, d.matchedBy])).toEqual([
      ['machine', s.laptop, `hostname matches Entra device ${s.leaver.devices![0]}`],
      ['sso', s.ssoPeer, 'enrolled by the user (user_id)'],
    ]);
    expect(c.devices[0]!.quarantine!.removedFrom).toEqual([
      { id: 'grp-users', name: 'General Users' },
      { id: 'grp-eng', name: 'Engineers' },
    ]);
    expect(c.lease).toBeUndefined();

    // One 1:1 card to the manager, valid Adaptive Card 1.5 with Action.Execute.
    expect(w.bot.activities.map((a) => a.conversationId)).toEqual([personalConversation(s.manager)]);
    const card = w.bot.cards()[0]!;
    expectValidCard(card);
    const text = JSON.stringify(card);
    expect(text).toContain('offboarding.decide');
    expect(text).toContain(s.leaver.devices![0]);
    expect(c.messages).toEqual([
      expect.objectContaining({ via: 'personal', conversationId: personalConversation(s.manager) }),
    ]);
  });

  it('gives one case and one set of NetBird changes for the same notification twice (and a sweep finding the user)', async () => {
    const s = await scenario(w);
    await processUserCheck(w.ctx(), check(s.leaver.id), 'message:a', 1);
    const writes = w.netbird.writes().length;
    const again = await processUserCheck(w.ctx(), check(s.leaver.id), 'message:b', 1);
    const sweep = await processUserCheck(
      w.ctx(),
      check(s.leaver.id, { source: 'sweep', admitted: true }),
      'message:c',
      1,
    );
    expect(again).toMatchObject({ outcome: 'advanced', created: false });
    expect(sweep).toMatchObject({ outcome: 'advanced', created: false });
    expect(w.netbird.blockCalls()).toHaveLength(1);
    expect(w.netbird.writes()).toHaveLength(writes);
    expect(w.bot.activities).toHaveLength(1);
  });

  it('runs one containment when two copies of the notification are processed at the same time', async () => {
    const s = await scenario(w);
    const results = await Promise.all([
      processUserCheck(w.ctx(), check(s.leaver.id), 'message:x', 1),
      processUserCheck(w.ctx(), check(s.leaver.id), 'message:y', 1),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['advanced', 'advanced']);
    expect(w.netbird.blockCalls()).toHaveLength(1);
    expect(w.bot.activities).toHaveLength(1);
    expect((await loadCase(w.ctx(), s.leaver.id))!.state).toBe('awaiting-approval');
  });

  it('detects a soft delete: the user is 404, then found in deletedItems', async () => {
    const s = await scenario(w);
    s.leaver.deleted = 'soft';
    const result = await processUserCheck(w.ctx(), check(s.leaver.id), 'message:1', 1);
    expect(result).toMatchObject({ verdict: 'soft-deleted', outcome: 'advanced' });
    expect(w.graph.calls).toEqual(
      expect.arrayContaining([`GET /v1.0/users/${s.leaver.id}`, `GET /v1.0/directory/deletedItems/${s.leaver.id}`]),
    );
    const c = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(c).toMatchObject({ reason: 'soft-deleted', state: 'awaiting-approval', upn: s.leaver.userPrincipalName });
    // The account's device relations are gone with it: only the SSO peer is found, and the card says why.
    expect(c.devices.map((d) => d.peerId)).toEqual([s.ssoPeer]);
    expect(c.inventory!.entraDevicesNote).toMatch(/deleted/);
    expect(w.netbird.blockCalls()).toHaveLength(1);
  });

  it('detects a hard delete (`deleted`, nowhere in Graph) and still blocks by the id', async () => {
    const s = await scenario(w);
    s.leaver.deleted = 'hard';
    const result = await processUserCheck(w.ctx(), check(s.leaver.id, { changeType: 'deleted' }), 'message:1', 1);
    expect(result).toMatchObject({ verdict: 'hard-deleted' });
    expect((await loadCase(w.ctx(), s.leaver.id))!.reason).toBe('hard-deleted');
    expect(w.netbird.blockCalls().map((b) => b.userId)).toEqual([s.netbirdUserId]);
  });

  it('does nothing for an enabled user', async () => {
    const s = await scenario(w, { enabled: true });
    const result = await processUserCheck(w.ctx(), check(s.leaver.id), 'message:1', 1);
    expect(result).toMatchObject({ outcome: 'nothing-to-do', verdict: 'enabled' });
    expect(await loadCase(w.ctx(), s.leaver.id)).toBeUndefined();
    expectNoNetbirdWrites(w);
    expect(w.bot.activities).toEqual([]);
  });

  it('records a user without a NetBird account and still quarantines their laptop', async () => {
    const s = await scenario(w, { netbirdAccount: false });
    await processUserCheck(w.ctx(), check(s.leaver.id), 'message:1', 1);
    const c = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(c.block).toMatchObject({ result: 'skipped', note: 'the user has no NetBird account' });
    expect(w.netbird.blockCalls()).toEqual([]);
    expect(w.netbird.peerGroups(s.laptop)).toEqual(['All', 'Laptops', 'entra-ops-quarantine']);
    expect(c.state).toBe('awaiting-approval');
  });

  it('closes at once when the user has nothing in NetBird', async () => {
    const s = await scenario(w, { netbirdAccount: false });
    s.leaver.devices = [];
    w.netbird.world.peers = w.netbird.world.peers.filter((p) => p.id !== s.ssoPeer);
    await processUserCheck(w.ctx(), check(s.leaver.id), 'message:1', 1);
    expect(await loadCase(w.ctx(), s.leaver.id)).toMatchObject({
      state: 'closed',
      outcome: 'nothing-in-netbird',
      open: false,
    });
    expectNoNetbirdWrites(w);
    expect(w.bot.activities).toEqual([]);
  });

  it('retries after NetBird answers 500, and blocks once', async () => {
    const s = await scenario(w);
    // Every attempt of the first delivery fails (the client retries a 500 three times itself).
    w.netbird.fail('PUT', /^\/api\/users\//, 500, 4);
    await expect(processUserCheck(w.ctx(), check(s.leaver.id), 'message:retry', 1)).rejects.toThrow(/500/);
    const failed = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(failed).toMatchObject({ state: 'detected', lastError: { step: 'block', attempt: 1 } });
    expect(failed.lease).toBeUndefined();

    // The queue delivers the same message again.
    await processUserCheck(w.ctx(), check(s.leaver.id), 'message:retry', 2);
    expect(w.netbird.blockCalls()).toHaveLength(1);
    expect(w.netbird.writes().filter((r) => r.method === 'PUT' && r.path.startsWith('/api/users/'))).toHaveLength(5);
    const c = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(c).toMatchObject({ state: 'awaiting-approval' });
    expect(c.lastError).toBeUndefined();
    expect(w.bot.activities).toHaveLength(1);
  });

  it('posts to the IT channel and @mentions the manager when the app is not installed for them', async () => {
    const s = await scenario(w, { installed: false });
    await processUserCheck(w.ctx(), check(s.leaver.id), 'message:1', 1);
    const [post] = w.bot.activities;
    expect(post!.conversationId).toBe('19:it-ops-channel@thread.tacv2');
    expect(post!.activity.text).toContain('<at>Sara Davis</at>');
    expect(post!.activity.entities).toEqual([
      expect.objectContaining({ type: 'mention', mentioned: { id: s.manager.id, name: 'Sara Davis' } }),
    ]);
    expect((await loadCase(w.ctx(), s.leaver.id))!.messages[0]!.via).toBe('channel');
  });
});

describe('with machine-peer quarantine switched off', () => {
  const w = useOffboardingWorld({ QUARANTINE_MACHINE_PEERS: 'false' });

  it("blocks the user, leaves the laptop's groups alone, and records why", async () => {
    const s = await scenario(w);
    await processUserCheck(w.ctx(), check(s.leaver.id), 'message:1', 1);
    expect(w.netbird.blockCalls()).toHaveLength(1);
    expect(w.netbird.writes().filter((r) => r.path.startsWith('/api/groups'))).toEqual([]);
    expect(w.netbird.peerGroups(s.laptop)).toEqual(['All', 'Engineers', 'General Users', 'Laptops']);
    const c = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(c.devices.find((d) => d.kind === 'machine')!.quarantine!.done).toMatchObject({
      result: 'skipped',
      note: 'QUARANTINE_MACHINE_PEERS is off',
    });
    expect(c.state).toBe('awaiting-approval');
  });
});
