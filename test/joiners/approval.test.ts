/**
 * Joiners (issue 13): a NetBird user pending approval gets one card, to the Entra manager 1:1 and
 * to the IT channel, and is approved or rejected through NetBird's approval endpoints. At the wire:
 * NetBird (every request checked against the OpenAPI spec after each test) and Graph faked with
 * nock, rows and the audit trail on Azurite, Teams through the recorded Bot Connector; the card
 * actions through the same entry point the bot calls for every `joiner.*` invoke.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { handleJoinerAction } from '../../shared/joiners/decide.js';
import { runJoinerPoll } from '../../shared/joiners/poll.js';
import { loadJoiner } from '../../shared/joiners/rows.js';
import { renderView } from '../../cards/views.js';
import type { JoinerAnswer } from '../../shared/joiners/views.js';
import { expectValidCard } from '../support/cards.js';
import { IT_CHANNEL_ID, TENANT_ID } from '../support/env.js';
import { personalConversation, useOffboardingWorld, type World } from '../offboarding/support/world.js';
import { clearJoiners, deps, pendingJoiner, type JoinerScenario } from './support.js';

const answerCard = (answer: JoinerAnswer) => renderView(answer).card;

const click = async (s: JoinerScenario, decision: 'approve' | 'reject', who: { id: string; displayName: string }) =>
  answerCard(
    await handleJoinerAction(deps(), {
      verb: 'joiner.decide',
      data: { joinerId: `joiner-${s.joinerNetbirdId}`, decision },
      actor: { aadObjectId: who.id, name: who.displayName },
      tenantId: TENANT_ID,
    }),
  );
const text = (card: unknown) => JSON.stringify(card);
const nbUser = (w: World, s: JoinerScenario) => w.netbird.world.users.find((u) => u.id === s.joinerNetbirdId);
const netbirdWrites = (w: World) => w.netbird.writes().map((r) => `${r.method} ${r.path}`);
const trail = async (s: JoinerScenario) =>
  (await deps().store.audit.listByUser(s.joiner.id)).map((e) => [e.action, e.result]);

describe('joiners: a pending NetBird user gets an approval card', () => {
  const w = useOffboardingWorld();
  beforeEach(clearJoiners);

  it('the manager approves: one card 1:1 and one in the IT channel, POST …/approve, every copy updated, a second click sees the outcome', async () => {
    const s = await pendingJoiner(w);
    const first = await runJoinerPoll(deps());
    expect(first.carded).toEqual([`joiner-${s.joinerNetbirdId}`]);
    // Once per user across runs: the next poll (and a concurrent pair of polls) sends nothing.
    const again = await Promise.all([runJoinerPoll(deps()), runJoinerPoll(deps())]);
    expect(again.flatMap((r) => r.carded)).toEqual([]);

    const posts = w.bot.activities.filter((a) => a.method === 'POST');
    expect(posts.map((a) => a.conversationId)).toEqual([personalConversation(s.manager), IT_CHANNEL_ID]);
    const card = w.bot.cards()[0]!;
    expectValidCard(card);
    for (const shown of [
      'Noa Kealoha',
      'Engineering',
      'Network Engineer',
      '2026-12-01',
      'enabled',
      'VPN Pilot',
      'General Users, Engineers',
      'Sara Davis',
    ]) {
      expect(text(card)).toContain(shown);
    }
    expect(text(card)).toContain('"verb":"joiner.decide"');
    expect((card.refresh as { userIds: string[] }).userIds).toEqual([`8:orgid:${s.manager.id}`]);

    const answer = await click(s, 'approve', s.manager);
    expectValidCard(answer);
    expect(text(answer)).toContain('Approved by Sara Davis (manager)');
    expect(text(answer)).not.toContain('"verb":"joiner.decide"');
    expect(netbirdWrites(w)).toEqual([`POST /api/users/${s.joinerNetbirdId}/approve`]);
    expect(nbUser(w, s)).toMatchObject({ pending_approval: false, is_blocked: false });
    const updates = w.bot.activities.filter((a) => a.method === 'PUT');
    expect(new Set(updates.map((a) => a.conversationId))).toEqual(
      new Set([personalConversation(s.manager), IT_CHANNEL_ID]),
    );
    expect(text(updates.at(-1)!.activity)).toContain('NetBird access granted');

    // The first decision wins: the IT approver's later reject changes nothing.
    const late = await click(s, 'reject', s.approver);
    expect(text(late)).toContain('Approved by Sara Davis');
    expect(netbirdWrites(w)).toHaveLength(1);
    expect(await loadJoiner(deps(), s.joinerNetbirdId)).toMatchObject({
      state: 'approved',
      open: false,
      decision: { as: 'manager' },
    });
    expect(await trail(s)).toEqual([
      ['joiner.detected', 'ok'],
      ['approval.sent', 'ok'],
      ['decision', 'ok'],
      ['netbird.user-approve', 'ok'],
    ]);
  });

  it("the joiner's own click is refused, even as an IT approver; an outsider is refused; nothing reaches NetBird", async () => {
    const s = await pendingJoiner(w);
    w.graph.world.approvers.push(s.joiner.id); // an approver through a nested group
    await runJoinerPoll(deps());
    for (const decision of ['approve', 'reject'] as const) {
      const own = await click(s, decision, s.joiner);
      expectValidCard(own);
      expect(text(own)).toContain('This request is yours: you cannot decide it.');
    }
    const outsider = await click(s, 'approve', s.stranger);
    expect(text(outsider)).toContain('Only Sara Davis (the manager) or an IT approver can decide this.');
    expect(netbirdWrites(w)).toEqual([]);
    expect(nbUser(w, s)).toMatchObject({ pending_approval: true });
    expect(await loadJoiner(deps(), s.joinerNetbirdId)).toMatchObject({ state: 'awaiting-approval', open: true });
    expect(
      (await deps().store.audit.listByUser(s.joiner.id)).filter((e) => e.result === 'refused').map((e) => e.actor.id),
    ).toEqual([s.joiner.id, s.joiner.id, s.stranger.id]);
    // The refresh gives the joiner and the outsider a read-only view; the manager gets the buttons.
    const view = async (who: { id: string; displayName: string }) =>
      text(
        answerCard(
          await handleJoinerAction(deps(), {
            verb: 'joiner.refresh',
            data: { joinerId: `joiner-${s.joinerNetbirdId}` },
            actor: { aadObjectId: who.id, name: who.displayName },
            tenantId: TENANT_ID,
          }),
        ),
      );
    expect(await view(s.joiner)).not.toContain('"verb":"joiner.decide"');
    expect(await view(s.stranger)).not.toContain('"verb":"joiner.decide"');
    expect(await view(s.manager)).toContain('"verb":"joiner.decide"');
  });

  it('a disabled Entra account gets no Approve button: flagged in the IT channel, approve refused, reject works (DELETE …/reject)', async () => {
    const s = await pendingJoiner(w, { enabled: false });
    await runJoinerPoll(deps());
    const posts = w.bot.activities.filter((a) => a.method === 'POST');
    expect(posts.map((a) => a.conversationId)).toEqual([IT_CHANNEL_ID]);
    const card = w.bot.cards()[0]!;
    expectValidCard(card);
    expect(text(card)).toContain('Not offered for approval: the Entra account is disabled');
    expect(text(card)).not.toContain('"decision":"approve"');
    expect(text(card)).toContain('"decision":"reject"');

    const approve = await click(s, 'approve', s.approver);
    expect(text(approve)).toContain('Not approved: the Entra account is disabled');
    expect(netbirdWrites(w)).toEqual([]);

    const reject = await click(s, 'reject', s.approver);
    expect(text(reject)).toContain('Rejected by Ivy Kealoha (it-approver)');
    expect(netbirdWrites(w)).toEqual([`DELETE /api/users/${s.joinerNetbirdId}/reject`]);
    expect(nbUser(w, s)).toBeUndefined();
    expect(await trail(s)).toEqual([
      ['joiner.detected', 'ok'],
      ['joiner.flagged', 'skipped'],
      ['approval.sent', 'ok'],
      ['decision.refused', 'refused'],
      ['decision', 'ok'],
      ['netbird.user-reject', 'ok'],
    ]);
  });

  it('an account disabled after the card went out: Entra is read again before approving, and the card loses its Approve button', async () => {
    const s = await pendingJoiner(w);
    await runJoinerPoll(deps());
    s.joiner.accountEnabled = false;
    const answer = await click(s, 'approve', s.manager);
    expect(text(answer)).toContain('Not approved: the Entra account is disabled');
    expect(netbirdWrites(w)).toEqual([]);
    const updated = w.bot.activities.filter((a) => a.method === 'PUT').at(-1)!;
    expect(text(updated.activity)).not.toContain('"decision":"approve"');
    expect(text(updated.activity)).toContain('Not offered for approval');
  });

  it('a joiner with no Entra user at all: IT channel only, no Approve button', async () => {
    const s = await pendingJoiner(w, { entra: false });
    await runJoinerPoll(deps());
    expect(w.bot.activities.map((a) => a.conversationId)).toEqual([IT_CHANNEL_ID]);
    expect(text(w.bot.cards()[0])).toContain('no matching Entra user was found');
    expect(text(w.bot.cards()[0])).not.toContain('"decision":"approve"');
    const j = await loadJoiner(deps(), s.joinerNetbirdId);
    expect(j).toMatchObject({ open: true, state: 'awaiting-approval' });
    expect(j?.entra).toBeUndefined();
  });

  it('a decision in the NetBird dashboard closes the card with what happened', async () => {
    const a = await pendingJoiner(w);
    const b = await pendingJoiner(w);
    await runJoinerPoll(deps());
    // In the dashboard: a is approved, b is rejected (gone from the account).
    Object.assign(nbUser(w, a)!, { pending_approval: false, is_blocked: false, status: 'active' });
    w.netbird.world.users.splice(w.netbird.world.users.indexOf(nbUser(w, b)!), 1);
    const result = await runJoinerPoll(deps());
    expect(result.closed.sort()).toEqual([`joiner-${a.joinerNetbirdId}`, `joiner-${b.joinerNetbirdId}`].sort());
    expect(await loadJoiner(deps(), a.joinerNetbirdId)).toMatchObject({
      state: 'decided-elsewhere',
      open: false,
      closedNote: 'approved in the NetBird dashboard',
    });
    expect(await loadJoiner(deps(), b.joinerNetbirdId)).toMatchObject({
      state: 'decided-elsewhere',
      closedNote: 'rejected or removed in the NetBird dashboard',
    });
    const updates = w.bot.activities.filter((x) => x.method === 'PUT');
    expect(updates).toHaveLength(4);
    const closedCards = updates.map((u) => text(u.activity));
    expect(closedCards.filter((c) => c.includes('approved in the NetBird dashboard'))).toHaveLength(2);
    expect(closedCards.filter((c) => c.includes('rejected or removed in the NetBird dashboard'))).toHaveLength(2);
    expect(closedCards.every((c) => !c.includes('"verb":"joiner.decide"'))).toBe(true);
    // A late click on the closed card changes nothing.
    expect(text(await click(a, 'reject', a.manager))).toContain('approved in the NetBird dashboard');
    expect(netbirdWrites(w)).toEqual([]);
    expect((await trail(a)).at(-1)).toEqual(['joiner.closed', 'ok']);
  });
});

describe('joiners: unanswered cards are reminded and escalated', () => {
  const w = useOffboardingWorld({ APPROVAL_REMIND_HOURS: '24', APPROVAL_ESCALATE_HOURS: '72' });
  beforeEach(clearJoiners);

  it('reminds the manager once after 24 h, escalates to IT once after 72 h (mentioning the manager); an IT approver then decides', async () => {
    const s = await pendingJoiner(w);
    const id = `joiner-${s.joinerNetbirdId}`;
    await runJoinerPoll(deps());
    expect(await runJoinerPoll(deps(23))).toMatchObject({ reminded: [], escalated: [] });
    expect(await runJoinerPoll(deps(25))).toMatchObject({ reminded: [id], escalated: [] });
    expect(await runJoinerPoll(deps(26))).toMatchObject({ reminded: [], escalated: [] });
    const reminder = w.bot.activities.at(-1)!;
    expect(reminder.conversationId).toBe(personalConversation(s.manager));
    expect(text(reminder.activity)).toContain('Reminder: waiting for a decision');

    expect(await runJoinerPoll(deps(73))).toMatchObject({ reminded: [], escalated: [id] });
    expect(await runJoinerPoll(deps(80))).toMatchObject({ reminded: [], escalated: [] });
    const escalation = w.bot.activities.filter((a) => a.method === 'POST').at(-1)!;
    expect(escalation.conversationId).toBe(IT_CHANNEL_ID);
    expect(escalation.activity.text).toContain('<at>Sara Davis</at>');
    expect(text(escalation.activity)).toContain('Escalated to IT');
    expectValidCard(w.bot.cards().at(-1));
    const j = (await loadJoiner(deps(), s.joinerNetbirdId))!;
    expect(j).toMatchObject({ state: 'escalated' });
    expect(j.messages.map((m) => m.via)).toEqual(['personal', 'channel', 'personal', 'channel']);

    expect(text(await click(s, 'approve', s.approver))).toContain('Approved by Ivy Kealoha (it-approver)');
    expect(netbirdWrites(w)).toEqual([`POST /api/users/${s.joinerNetbirdId}/approve`]);
    // The trail is in time order; the reminder and escalation were stamped on the later clock.
    expect((await trail(s)).map(([a]) => a).sort()).toEqual(
      [
        'joiner.detected',
        'approval.sent',
        'approval.reminded',
        'approval.escalated',
        'decision',
        'netbird.user-approve',
      ].sort(),
    );
  });
});

describe('joiners in a dry run', () => {
  const w = useOffboardingWorld({ DRY_RUN: 'true' });
  beforeEach(clearJoiners);

  it("records the manager's approval as planned and changes nothing in NetBird; no second card while the user stays pending", async () => {
    const s = await pendingJoiner(w);
    await runJoinerPoll(deps());
    const answer = await click(s, 'approve', s.manager);
    expectValidCard(answer);
    expect(text(answer)).toContain('Dry run: NetBird was not changed');
    expect(text(answer)).not.toContain('"verb":"joiner.decide"');
    expect(netbirdWrites(w)).toEqual([]);
    expect(nbUser(w, s)).toMatchObject({ pending_approval: true });
    expect(await runJoinerPoll(deps(30))).toMatchObject({ carded: [], reminded: [], escalated: [] });
    expect((await trail(s)).at(-1)).toEqual(['netbird.user-approve', 'planned']);
  });
});
