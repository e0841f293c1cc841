/**
 * Trust (issue 11): nobody decides their own case, an unblock takes two people and an enabled
 * account, and a rejected case whose Entra account stays disabled is re-examined until it is
 * settled. At the wire: NetBird and Graph faked with nock, queues and cases on Azurite, the card
 * actions through the same entry point the bot calls for every `offboarding.*` invoke.
 */
import { describe, expect, it } from 'vitest';
import { handleOffboardingAction } from '../../bot/actions/offboarding.js';
import { loadCase, updateCase } from '../../shared/offboarding/cases.js';
import { processUserCheck } from '../../shared/offboarding/process-check.js';
import { runSweep } from '../../shared/offboarding/sweep.js';
import { requestOffboarding, SELF_REQUEST_AUDIT_ID } from '../../shared/offboarding/request.js';
import { getServices } from '../../functions/root/services.js';
import { expectValidCard } from '../support/cards.js';
import { TENANT_ID } from '../support/env.js';
import type { FakeUser } from './support/graph-fake.js';
import { GRAPH } from './support/graph-fake.js';
import { drainQueues } from './support/queues.js';
import { scenario, useOffboardingWorld, type Scenario, type World } from './support/world.js';

const IT_CHANNEL = '19:it-ops-channel@thread.tacv2';

const check = (w: World, userId: string, id = 'message:1') =>
  processUserCheck(
    w.ctx(),
    {
      kind: 'check',
      userId,
      changeType: 'updated',
      source: 'notification',
      admitted: false,
      receivedAt: new Date().toISOString(),
    },
    id,
    1,
  );

async function contained(
  w: World,
  opts: Parameters<typeof scenario>[1] = {},
): Promise<{ s: Scenario; caseId: string }> {
  const s = await scenario(w, opts);
  await check(w, s.leaver.id);
  const c = (await loadCase(w.ctx(), s.leaver.id))!;
  expect(c.state).toBe('awaiting-approval');
  return { s, caseId: c.id };
}

const click = (verb: string, data: unknown, who: { id: string; displayName: string }) =>
  handleOffboardingAction(
    { verb, data, actor: { aadObjectId: who.id, name: who.displayName }, tenantId: TENANT_ID },
    getServices(),
  );

const text = (r: { card: unknown }) => JSON.stringify(r.card);
const trail = async (w: World, caseId: string) => w.ctx().storage.audit.listByCorrelation(caseId);
const blocked = (w: World, s: Scenario) => w.netbird.world.users.find((u) => u.id === s.netbirdUserId)!.is_blocked;

/** A second IT approver, for the two-person rule. */
function secondApprover(w: World): FakeUser {
  const u = w.graph.add({
    id: crypto.randomUUID(),
    displayName: 'Kai Mahoe',
    userPrincipalName: `kai.${Date.now()}@contoso.com`,
    accountEnabled: true,
  });
  w.graph.world.approvers.push(u.id);
  return u;
}

describe('nobody decides their own case', () => {
  const w = useOffboardingWorld();

  it('the leaver, an IT approver through a nested group, is refused on every verb, and each refusal is audited', async () => {
    const { s, caseId } = await contained(w);
    // Graph's checkMemberGroups is transitive: the leaver is an approver through a nested group.
    w.graph.world.approvers.push(s.leaver.id);
    const writes = w.netbird.writes().length;
    const sends = w.bot.activities.length;

    for (const data of [
      { caseId, decision: 'approve', device_0: 'remove', device_1: 'remove' },
      { caseId, decision: 'reject' },
      { caseId, decision: 'approve', device_0: 'keep', device_1: 'keep' },
    ]) {
      const answer = await click('offboarding.decide', data, s.leaver);
      expectValidCard(answer.card);
      expect(text(answer)).toContain('This case is about you: you cannot decide it or undo it.');
    }
    expect((await loadCase(w.ctx(), s.leaver.id))!).toMatchObject({ state: 'awaiting-approval' });
    expect((await loadCase(w.ctx(), s.leaver.id))!.decision).toBeUndefined();

    // The manager rejects: the leaver cannot confirm their own unblock either.
    await click('offboarding.decide', { caseId, decision: 'reject' }, s.manager);
    s.leaver.accountEnabled = true; // even with the account enabled again
    const unblock = await click('offboarding.confirm-unblock', { caseId }, s.leaver);
    expect(text(unblock)).toContain('This case is about you');
    expect(await drainQueues(w.connectionString())).toBe(0);
    expect(blocked(w, s)).toBe(true);

    // The refresh gives the leaver a read-only view: no decision or unblock buttons.
    const view = await click('offboarding.refresh', { caseId }, s.leaver);
    expectValidCard(view.card);
    expect(text(view)).not.toContain('offboarding.confirm-unblock');
    expect(text(view)).not.toContain('"verb":"offboarding.decide"');

    const refusals = (await trail(w, caseId)).filter((e) => e.result === 'refused');
    expect(refusals.map((e) => [e.action, e.actor.id])).toEqual([
      ['decision.refused', s.leaver.id],
      ['decision.refused', s.leaver.id],
      ['decision.refused', s.leaver.id],
      ['unblock.refused', s.leaver.id],
    ]);
    expect(w.netbird.writes()).toHaveLength(writes);
    // Only the manager's rejection sent anything (a channel copy, then both copies updated in place).
    expect(w.bot.activities.slice(sends).map((a) => a.method)).toEqual(['POST', 'PUT', 'PUT']);
  });

  it("the card's decision view (refresh) is only for the manager and IT approvers; anyone else reads only", async () => {
    const { s, caseId } = await contained(w);
    for (const who of [s.manager, s.approver]) {
      const view = await click('offboarding.refresh', { caseId }, who);
      expect(text(view)).toContain('"verb":"offboarding.decide"');
    }
    const stranger = await click('offboarding.refresh', { caseId }, s.stranger);
    expectValidCard(stranger.card);
    expect(text(stranger)).not.toContain('"verb":"offboarding.decide"');
    expect(text(stranger)).toContain(`Offboarding: ${s.leaver.displayName}`);
  });

  it('nobody offboards themselves: the use-case refuses it and audits the attempt', async () => {
    const s = await scenario(w, { enabled: true });
    w.graph.world.approvers.push(s.leaver.id);
    await expect(
      requestOffboarding(
        getServices(),
        {
          user: s.leaver.userPrincipalName,
          requestedBy: { kind: 'teams', id: s.leaver.id, name: s.leaver.displayName },
        },
        w.ctx(),
      ),
    ).rejects.toThrow('You cannot offboard yourself');
    expect(await loadCase(w.ctx(), s.leaver.id)).toBeUndefined();
    expect(await drainQueues(w.connectionString())).toBe(0);
    const refused = (await trail(w, SELF_REQUEST_AUDIT_ID)).filter((e) => e.userId === s.leaver.id);
    expect(refused).toMatchObject([
      { action: 'offboard.refused', result: 'refused', actor: { kind: 'teams', id: s.leaver.id } },
    ]);
  });

  it('the leaver cannot release or dismiss a blast-radius batch that holds them', async () => {
    const s = await scenario(w);
    w.graph.world.approvers.push(s.leaver.id);
    const { holdInBatch } = await import('../../shared/offboarding/blast-radius.js');
    const { openCase } = await import('../../shared/offboarding/cases.js');
    const batchId = crypto.randomUUID();
    const at = new Date().toISOString();
    await openCase(w.ctx(), {
      userId: s.leaver.id,
      reason: 'disabled',
      requestedBy: { kind: 'sweep' },
      manual: false,
      hold: { batchId, at },
    });
    await holdInBatch(w.ctx(), batchId, 'sweep', [{ userId: s.leaver.id, name: s.leaver.displayName }], {
      allowance: 1,
      netbirdUsers: 10,
      collectUntil: at,
    });

    for (const verb of ['offboarding.confirm-batch', 'offboarding.dismiss-batch']) {
      const answer = await click(verb, { batchId }, s.leaver);
      expect(text(answer)).toContain('You are one of the users this batch holds');
    }
    expect(await drainQueues(w.connectionString())).toBe(0);
    expect((await loadCase(w.ctx(), s.leaver.id))!).toMatchObject({ state: 'detected', hold: { batchId } });
    const refused = (await trail(w, `batch:${batchId}`)).filter((e) => e.action === 'blast-radius.refused');
    expect(refused).toHaveLength(2);
    // Another IT approver can.
    expect(text(await click('offboarding.confirm-batch', { batchId }, s.approver))).toContain(
      'Confirmed by Ivy Kealoha',
    );
  });
});

describe('an unblock takes two people and an enabled account', () => {
  const w = useOffboardingWorld();

  it('the approver who rejected cannot confirm; a second approver is refused while Entra says disabled, and accepted once it is enabled', async () => {
    const { s, caseId } = await contained(w);
    const kai = secondApprover(w);
    await click('offboarding.decide', { caseId, decision: 'reject' }, s.approver);

    const same = await click('offboarding.confirm-unblock', { caseId }, s.approver);
    expect(text(same)).toContain('You rejected this case: a second IT approver must confirm the unblock.');

    const graphReads = w.graph.calls.length;
    const disabled = await click('offboarding.confirm-unblock', { caseId }, kai);
    expectValidCard(disabled.card);
    expect(text(disabled)).toContain('Not unblocked: Entra still says the account is disabled');
    // Entra was read again for this click, not taken from the case.
    expect(w.graph.calls.slice(graphReads)).toContain(`GET /v1.0/users/${s.leaver.id}`);
    expect(await drainQueues(w.connectionString())).toBe(0);
    expect(blocked(w, s)).toBe(true);
    const waiting = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(waiting).toMatchObject({
      state: 'rejected',
      open: true,
      unblockRefused: { reason: 'Entra still says the account is disabled' },
    });
    expect(waiting.unblock).toBeUndefined();
    // Every copy of the card now says why (updated in place).
    expect(JSON.stringify(w.bot.activities.at(-1)!.activity)).toContain('Not unblocked');

    s.leaver.accountEnabled = true;
    const ok = await click('offboarding.confirm-unblock', { caseId }, kai);
    expect(text(ok)).not.toContain('Not unblocked');
    await drainQueues(w.connectionString());
    expect(blocked(w, s)).toBe(false);
    expect(w.netbird.peerGroups(s.laptop)).toEqual(['All', 'Engineers', 'General Users', 'Laptops']);
    const closed = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(closed).toMatchObject({
      state: 'closed',
      outcome: 'false-alarm',
      unblock: { by: { aadObjectId: kai.id } },
      decision: { by: { aadObjectId: s.approver.id } },
    });
    const actions = (await trail(w, caseId)).map((e) => `${e.action}:${e.result}`);
    expect(actions).toEqual(
      expect.arrayContaining(['unblock.refused:refused', 'unblock.confirmed:ok', 'netbird.unblock-user:ok']),
    );
  });

  it('re-reads Entra right before the NetBird write: an account disabled again after the click stays blocked', async () => {
    const { s, caseId } = await contained(w);
    await click('offboarding.decide', { caseId, decision: 'reject' }, s.manager);
    s.leaver.accountEnabled = true;
    await click('offboarding.confirm-unblock', { caseId }, s.approver);
    s.leaver.accountEnabled = false; // disabled again before the work queue ran
    await drainQueues(w.connectionString());
    expect(blocked(w, s)).toBe(true);
    expect(w.netbird.blockCalls().map((b) => b.body.is_blocked)).toEqual([true]);
    const after = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(after).toMatchObject({
      state: 'rejected',
      unblockRefused: { reason: 'Entra still says the account is disabled' },
    });
    expect(after.unblock).toBeUndefined();
  });

  it('a case closed as a false alarm gives way to a new case when the account is disabled again', async () => {
    const { s, caseId } = await contained(w);
    await click('offboarding.decide', { caseId, decision: 'reject' }, s.manager);
    s.leaver.accountEnabled = true;
    await click('offboarding.confirm-unblock', { caseId }, s.approver);
    await drainQueues(w.connectionString());
    expect(blocked(w, s)).toBe(false);

    s.leaver.accountEnabled = false;
    await check(w, s.leaver.id, 'message:2');
    const again = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(again.id).not.toBe(caseId);
    expect(again.state).toBe('awaiting-approval');
    expect(blocked(w, s)).toBe(true);
  });
});

describe('a rejected case whose account stays disabled is re-examined', () => {
  const w = useOffboardingWorld({ REJECTED_RECHECK_HOURS: '4' });

  /** Graph's users/delta with nothing changed: the sweep must find rejected cases without it. */
  const quietDelta = () => {
    let n = 0;
    w.graph.world.delta = () => [
      200,
      { value: [], '@odata.deltaLink': `${GRAPH}/v1.0/users/delta?$deltatoken=${++n}` },
    ];
  };

  /** Moves the rejection `hours` into the past (the stored case is what the re-examination reads). */
  const rejectedAgo = (s: Scenario, hours: number) =>
    updateCase(w.ctx(), s.leaver.id, (c) => ({
      ...c,
      decision: { ...c.decision!, at: new Date(Date.now() - hours * 3_600_000).toISOString() },
    }));

  it('the sweep blocks again a user unblocked by hand meanwhile, and reopens the case once the grace period has passed', async () => {
    quietDelta();
    await runSweep(w.ctx(), 'baseline');
    const { s, caseId } = await contained(w);
    await click('offboarding.decide', { caseId, decision: 'reject' }, s.manager);
    // Someone unblocks the user in the NetBird console while the case is rejected.
    w.netbird.world.users.find((u) => u.id === s.netbirdUserId)!.is_blocked = false;

    expect(await runSweep(w.ctx(), 'scheduled')).toMatchObject({ changed: 0, rejectedRechecked: 1 });
    await drainQueues(w.connectionString());
    expect(blocked(w, s)).toBe(true);
    expect((await loadCase(w.ctx(), s.leaver.id))!.state).toBe('rejected'); // still within the grace period
    expect(
      (await trail(w, caseId)).some((e) => e.action === 'netbird.block-user' && e.summary.startsWith('Blocked again')),
    ).toBe(true);

    await rejectedAgo(s, 5);
    const sends = w.bot.activities.length;
    await runSweep(w.ctx(), 'scheduled');
    await drainQueues(w.connectionString());
    const reopened = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(reopened).toMatchObject({
      id: caseId,
      state: 'awaiting-approval',
      open: true,
      priorDecisions: [{ outcome: 'reject', by: { aadObjectId: s.manager.id } }],
    });
    expect(reopened.decision).toBeUndefined();
    expect(blocked(w, s)).toBe(true);
    // Every copy of the card is updated in place to ask again; the IT channel already had one.
    const updates = w.bot.activities.slice(sends).filter((a) => a.method === 'PUT');
    expect(updates.length).toBeGreaterThanOrEqual(2);
    const card = JSON.stringify(updates.at(-1)!.activity);
    expect(card).toContain('Reopened: rejected as a false alarm by Sara Davis');
    expect(card).toContain('offboarding.decide');
    expect(w.bot.activities.some((a) => a.conversationId === IT_CHANNEL)).toBe(true);
    expect(
      (await trail(w, caseId)).some((e) => e.action === 'state.changed' && e.target === 'rejected → awaiting-approval'),
    ).toBe(true);

    // Decided again: the approval goes through as usual.
    await click('offboarding.decide', { caseId, decision: 'approve' }, s.approver);
    await drainQueues(w.connectionString());
    expect(await loadCase(w.ctx(), s.leaver.id)).toMatchObject({ state: 'closed', outcome: 'approved' });
  });

  it('a new notification re-examines the case too; an account enabled again is left for IT to unblock', async () => {
    const { s, caseId } = await contained(w);
    await click('offboarding.decide', { caseId, decision: 'reject' }, s.manager);
    await rejectedAgo(s, 5);
    s.leaver.accountEnabled = true;
    await check(w, s.leaver.id, 'message:2');
    expect((await loadCase(w.ctx(), s.leaver.id))!.state).toBe('rejected');

    s.leaver.accountEnabled = false;
    await check(w, s.leaver.id, 'message:3');
    expect(await loadCase(w.ctx(), s.leaver.id)).toMatchObject({
      state: 'awaiting-approval',
      priorDecisions: [{ outcome: 'reject' }],
    });
  });
});
