/**
 * The approval card's actions through `handleOffboardingAction` (what the bot calls for every
 * `offboarding.*` invoke): who may decide, first decision wins, cleanup through the work queue,
 * "keep" restoring exactly the recorded groups, the false-alarm path, and the card updated in place.
 */
import { describe, expect, it } from 'vitest';
import { handleOffboardingAction } from '../../bot/actions/offboarding.js';
import { loadCase } from '../../shared/offboarding/cases.js';
import { processUserCheck } from '../../shared/offboarding/process-check.js';
import { getServices } from '../../functions/root/services.js';
import { expectValidCard } from '../support/cards.js';
import { TENANT_ID } from '../support/env.js';
import { drainQueues } from './support/queues.js';
import { expectNoNetbirdWrites, scenario, useOffboardingWorld, type Scenario, type World } from './support/world.js';

async function contained(
  w: World,
  opts: Parameters<typeof scenario>[1] = {},
): Promise<{ s: Scenario; caseId: string }> {
  const s = await scenario(w, opts);
  await processUserCheck(
    w.ctx(),
    {
      kind: 'check',
      userId: s.leaver.id,
      changeType: 'updated',
      source: 'notification',
      admitted: false,
      receivedAt: new Date().toISOString(),
    },
    'message:1',
    1,
  );
  const c = (await loadCase(w.ctx(), s.leaver.id))!;
  expect(c.state).toBe('awaiting-approval');
  return { s, caseId: c.id };
}

const click = (
  verb: string,
  data: unknown,
  who: { id: string; displayName: string },
  tenant: { id: string | undefined } = { id: TENANT_ID },
) =>
  handleOffboardingAction(
    { verb, data, actor: { aadObjectId: who.id, name: who.displayName }, tenantId: tenant.id },
    getServices(),
  );

const cardText = (r: { card: unknown }) => JSON.stringify(r.card);

describe('offboarding card actions', () => {
  const w = useOffboardingWorld();

  it('the manager approves: chosen peers deleted, "keep" restores exactly the recorded groups, case closed, card updated in place', async () => {
    const { s, caseId } = await contained(w);
    const before = w.netbird.writes().length;
    const answer = await click(
      'offboarding.decide',
      { caseId, decision: 'approve', device_0: 'keep', device_1: 'remove' },
      s.manager,
    );
    expectValidCard(answer.card);
    expect(cardText(answer)).toContain('Approved by Sara Davis');
    expect(cardText(answer)).not.toContain('offboarding.decide');
    // The card copy the manager got was updated for everyone.
    expect(w.bot.activities.filter((a) => a.method === 'PUT')).toHaveLength(1);
    expect(w.netbird.writes()).toHaveLength(before); // nothing deleted inside the invoke

    await drainQueues(w.connectionString());
    expect(w.netbird.world.peers.map((p) => p.id)).not.toContain(s.ssoPeer);
    expect(w.netbird.world.peers.map((p) => p.id)).toContain(s.laptop);
    expect(w.netbird.peerGroups(s.laptop)).toEqual(['All', 'Engineers', 'General Users', 'Laptops']);
    const c = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(c).toMatchObject({
      state: 'closed',
      outcome: 'approved',
      open: false,
      decision: { outcome: 'approve', as: 'manager', by: { aadObjectId: s.manager.id } },
    });
    expect(c.devices.map((d) => [d.peerId, d.decision, d.cleanup?.action])).toEqual([
      [s.laptop, 'keep', 'restored'],
      [s.ssoPeer, 'remove', 'deleted'],
    ]);
    const last = w.bot.activities.at(-1)!;
    expect(last.method).toBe('PUT');
    expect(JSON.stringify(last.activity)).toContain('1 removed, 1 kept');
    expectValidCard(w.bot.cards().at(-1));
  });

  it('refuses someone who is neither the manager nor an IT approver, and changes nothing', async () => {
    const { s, caseId } = await contained(w);
    const writes = w.netbird.writes().length;
    const sends = w.bot.activities.length;
    const answer = await click('offboarding.decide', { caseId, decision: 'approve' }, s.stranger);
    expect(cardText(answer)).toContain(
      'Only Sara Davis (the manager) or an IT approver can decide this. Nothing was changed.',
    );
    expect(cardText(answer)).toContain('offboarding.decide'); // the buttons are still there
    const c = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(c.state).toBe('awaiting-approval');
    expect(c.decision).toBeUndefined();
    expect(await drainQueues(w.connectionString())).toBe(0);
    expect(w.netbird.writes()).toHaveLength(writes);
    expect(w.bot.activities).toHaveLength(sends);
    const trail = await w.ctx().storage.audit.listByCorrelation(caseId);
    expect(trail.find((e) => e.action === 'decision.refused')).toMatchObject({
      result: 'refused',
      actor: { kind: 'user', id: s.stranger.id },
    });
  });

  it('an IT approver may decide; the card data cannot make someone an approver', async () => {
    const { s, caseId } = await contained(w);
    const refused = await click(
      'offboarding.decide',
      { caseId, decision: 'approve', aadObjectId: s.manager.id, approver: true },
      s.stranger,
    );
    expect(cardText(refused)).toContain('Nothing was changed');
    const answer = await click('offboarding.decide', { caseId, decision: 'approve' }, s.approver);
    expect(cardText(answer)).toContain('Approved by Ivy Kealoha');
    expect((await loadCase(w.ctx(), s.leaver.id))!.decision).toMatchObject({ as: 'it-approver' });
  });

  it('two decisions at once: one wins, the other sees the outcome; a later click too', async () => {
    const { s, caseId } = await contained(w);
    const [a, b] = await Promise.all([
      click('offboarding.decide', { caseId, decision: 'approve' }, s.manager),
      click('offboarding.decide', { caseId, decision: 'reject' }, s.approver),
    ]);
    const c = (await loadCase(w.ctx(), s.leaver.id))!;
    const winner =
      c.decision!.outcome === 'approve' ? 'Approved by Sara Davis' : 'Rejected as a false alarm by Ivy Kealoha';
    expect(cardText(a)).toContain(winner);
    expect(cardText(b)).toContain(winner);
    const trail = await w.ctx().storage.audit.listByCorrelation(caseId);
    expect(trail.filter((e) => e.action === 'decision')).toHaveLength(1);
    await drainQueues(w.connectionString());
    const late = await click('offboarding.decide', { caseId, decision: 'reject' }, s.manager);
    expect(cardText(late)).toContain(winner);
    expect(cardText(late)).not.toContain('"verb":"offboarding.decide"');
  });

  it('reject is a false alarm: the user stays blocked until an IT approver confirms, then is unblocked and peers restored', async () => {
    const { s, caseId } = await contained(w);
    const answer = await click('offboarding.decide', { caseId, decision: 'reject' }, s.manager);
    expect(cardText(answer)).toContain('stays blocked until a second IT approver confirms');
    expect((await loadCase(w.ctx(), s.leaver.id))!.state).toBe('rejected');
    expect(w.netbird.world.users.find((u) => u.id === s.netbirdUserId)!.is_blocked).toBe(true);
    // The manager had it 1:1: IT gets a copy in the channel to confirm on.
    const itPost = w.bot.activities.find(
      (a) => a.method === 'POST' && a.conversationId === '19:it-ops-channel@thread.tacv2',
    )!;
    expect(JSON.stringify(itPost.activity)).toContain('offboarding.confirm-unblock');

    const refused = await click('offboarding.confirm-unblock', { caseId }, s.manager);
    expect(cardText(refused)).toContain('Only an IT approver');
    expect(await drainQueues(w.connectionString())).toBe(0);

    s.leaver.accountEnabled = true; // the false alarm: IT re-enables the account in Entra first
    await click('offboarding.confirm-unblock', { caseId }, s.approver);
    await drainQueues(w.connectionString());
    expect(w.netbird.blockCalls().map((b) => b.body.is_blocked)).toEqual([true, false]);
    expect(w.netbird.blockCalls()[1]!.body).toEqual({
      role: 'user',
      auto_groups: ['grp-users', 'grp-eng'],
      is_blocked: false,
    });
    expect(w.netbird.peerGroups(s.laptop)).toEqual(['All', 'Engineers', 'General Users', 'Laptops']);
    expect(await loadCase(w.ctx(), s.leaver.id)).toMatchObject({ state: 'closed', outcome: 'false-alarm' });
  });

  it('refuses a card action from another tenant, unknown verbs and invalid data without changing anything', async () => {
    const { s, caseId } = await contained(w);
    const writes = w.netbird.writes().length;
    expect(
      cardText(
        await click('offboarding.decide', { caseId, decision: 'approve' }, s.manager, {
          id: '00000000-0000-0000-0000-000000000000',
        }),
      ),
    ).toContain('another organisation');
    expect(
      cardText(await click('offboarding.decide', { caseId, decision: 'approve' }, s.manager, { id: undefined })),
    ).toContain('another organisation');
    expect(cardText(await click('offboarding.nope', { caseId }, s.manager))).toContain('is not an offboarding action');
    expect(cardText(await click('offboarding.decide', { caseId: 42, decision: 'maybe' }, s.manager))).toContain(
      'not valid',
    );
    expect(
      cardText(await click('offboarding.decide', { caseId: 'no-such-case', decision: 'approve' }, s.manager)),
    ).toContain('no longer exists');
    expect((await loadCase(w.ctx(), s.leaver.id))!.decision).toBeUndefined();
    expect(w.netbird.writes()).toHaveLength(writes);
  });

  it('refresh shows the current card', async () => {
    const { s, caseId } = await contained(w);
    const view = await click('offboarding.refresh', { caseId }, s.manager);
    expectValidCard(view.card);
    expect(view.card.refresh).toMatchObject({ userIds: [`8:orgid:${s.manager.id}`] });
  });
});

describe('offboarding card actions in dry-run', () => {
  const w = useOffboardingWorld({ DRY_RUN: 'true' });

  it('plans and audits every NetBird write as "would", and writes nothing', async () => {
    const { s, caseId } = await contained(w);
    await click('offboarding.decide', { caseId, decision: 'approve', device_0: 'keep', device_1: 'remove' }, s.manager);
    await drainQueues(w.connectionString());
    expectNoNetbirdWrites(w);
    const c = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(c).toMatchObject({ dryRun: true, state: 'closed', block: { result: 'planned' } });
    const planned = (await w.ctx().storage.audit.listByCorrelation(caseId))
      .filter((e) => e.result === 'planned')
      .map((e) => e.summary);
    expect(planned).toEqual([
      `Would block NetBird user ${s.leaver.userPrincipalName.toLowerCase()} (dry run: nothing written)`,
      'Would create the quarantine group entra-ops-quarantine (no policy grants it anything) (dry run: nothing written)',
      expect.stringMatching(/^Would quarantine HNL-LT-\w+: out of General Users, Engineers, into entra-ops-quarantine/),
      expect.stringMatching(
        /^Would restore HNL-LT-\w+ to General Users, Engineers and take it out of entra-ops-quarantine/,
      ),
      expect.stringMatching(/^Would delete peer alice-macbook/),
    ]);
    expect(JSON.stringify(w.bot.cards()[0])).toContain('Dry run: nothing is written to NetBird');
  });
});

describe('with DELETE_NETBIRD_USER on', () => {
  const w = useOffboardingWorld({ DELETE_NETBIRD_USER: 'true' });

  it('deletes the NetBird user after cleanup, and never touches the Entra account', async () => {
    const { s, caseId } = await contained(w);
    await click('offboarding.decide', { caseId, decision: 'approve' }, s.manager);
    await drainQueues(w.connectionString());
    expect(
      w.netbird
        .writes()
        .filter((r) => r.method === 'DELETE' && r.path.startsWith('/api/users/'))
        .map((r) => r.path),
    ).toEqual([`/api/users/${s.netbirdUserId}`]);
    expect(w.netbird.world.users.map((u) => u.id)).not.toContain(s.netbirdUserId);
    // Reads only: GETs, the membership check, and `$batch` POSTs whose items are all GETs.
    expect(
      w.graph.calls.filter(
        (c) =>
          !c.startsWith('GET') &&
          !c.startsWith('BATCH GET') &&
          c !== 'POST /v1.0/$batch' &&
          !c.includes('checkMemberGroups'),
      ),
    ).toEqual([]);
    expect(await loadCase(w.ctx(), s.leaver.id)).toMatchObject({
      state: 'closed',
      netbirdUserDeleted: { result: 'done' },
    });
  });
});
