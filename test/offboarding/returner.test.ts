/**
 * Returners (issue 13): a leaver enabled again in Entra is asked about on a card in the IT channel,
 * never restored silently. From the Graph notification at the webhook (the user re-read:
 * `accountEnabled` true) through the card to the exact restore at the NetBird wire, with the
 * two-person rule (the user, a non-approver refused; an IT approver restores) and Entra read again
 * before anything is written. NetBird, Graph and the Bot Connector faked with nock; queues and cases
 * on Azurite; clicks through the same entry point the bot calls for every `offboarding.*` invoke.
 */
import { describe, expect, it } from 'vitest';
import { auditView, caseView } from '../../bot/offboarding/views.js';
import { graphNotifications } from '../../functions/graph-notifications.js';
import { renderView } from '../../cards/views.js';
import { answerOffboardingAction } from '../../shared/offboarding/card-actions.js';
import { loadCase } from '../../shared/offboarding/cases.js';
import type { OffboardingCase } from '../../shared/offboarding/model.js';
import { auditTrailForUser, getCaseForUser } from '../../shared/offboarding/queries.js';
import { getServices } from '../../functions/root/services.js';
import { expectValidCard } from '../support/cards.js';
import { IT_CHANNEL_ID, TENANT_ID } from '../support/env.js';
import { callHttp } from '../support/http.js';
import { drainQueues } from './support/queues.js';
import {
  notificationBody,
  scenario,
  storeSubscription,
  useOffboardingWorld,
  type Scenario,
  type World,
} from './support/world.js';

// The card the clicker sees, rendered at the edge as the bot does (bot/actions/offboarding.ts).
const click = async (verb: string, data: unknown, who: { id: string; displayName: string }) => {
  const { view } = await answerOffboardingAction(
    { verb, data, actor: { aadObjectId: who.id, name: who.displayName }, tenantId: TENANT_ID },
    getServices(),
  );
  return { card: renderView(view).card };
};
const restore = (caseId: string, who: { id: string; displayName: string }) =>
  click('offboarding.restore-returner', { caseId }, who);
const text = (r: { card: unknown }) => JSON.stringify(r.card);
const current = async (w: World, s: Scenario): Promise<OffboardingCase> => (await loadCase(w.ctx(), s.leaver.id))!;
const nbUser = (w: World, s: Scenario) => w.netbird.world.users.find((u) => u.id === s.netbirdUserId)!;

/** Graph posts `count` `updated` notifications for the user (it sends several per change). */
async function notify(w: World, s: Scenario, count = 1): Promise<void> {
  const { id, clientState } = await storeSubscription(w);
  for (let i = 0; i < count; i++) {
    const hook = await callHttp(graphNotifications, {
      method: 'POST',
      body: { string: JSON.stringify(notificationBody(s.leaver.id, id, clientState)) },
      headers: { 'content-type': 'application/json' },
    });
    expect(hook.status).toBe(202);
  }
  await drainQueues(w.connectionString());
}

/** A leaver contained from a notification: blocked, laptop quarantined, approval card out. */
async function contained(w: World): Promise<{ s: Scenario; c: OffboardingCase }> {
  const s = await scenario(w);
  await notify(w, s);
  const c = await current(w, s);
  expect(c.state).toBe('awaiting-approval');
  expect(nbUser(w, s).is_blocked).toBe(true);
  expect(w.netbird.peerGroups(s.laptop)).toEqual(['All', 'Laptops', 'entra-ops-quarantine']);
  return { s, c };
}

/** The returner cards posted to the IT channel (new posts, not in-place updates). */
const returnerPosts = (w: World) =>
  w.bot.activities.filter(
    (a) =>
      a.method === 'POST' &&
      a.conversationId === IT_CHANNEL_ID &&
      JSON.stringify(a.activity).includes('Enabled again in Entra: restore NetBird access'),
  );

describe('a returner: enabled again in Entra after containment', () => {
  const w = useOffboardingWorld();

  it('notification → one card per re-enable → the user and a non-approver refused → an IT approver restores exactly what containment changed', async () => {
    const { s, c } = await contained(w);
    const quarantineGroup = c.quarantineGroup!;
    w.graph.world.approvers.push(s.leaver.id); // the user is an IT approver too (a nested group): still refused
    const writesBefore = w.netbird.writes().length;

    // Enabled again; Graph sends three notifications for the change. One card, in the IT channel.
    s.leaver.accountEnabled = true;
    await notify(w, s, 3);
    expect(returnerPosts(w)).toHaveLength(1);
    const card = (returnerPosts(w)[0]!.activity.attachments as { content: Record<string, unknown> }[])[0]!.content;
    expectValidCard(card);
    const shown = JSON.stringify(card);
    expect(shown).toContain(`Enabled again in Entra: restore NetBird access for ${s.leaver.displayName}?`);
    expect(shown).toContain('NetBird user blocked');
    expect(shown).toContain(`${s.laptopName}: quarantined`);
    expect(shown).toContain(
      'Out of General Users, Engineers. Restore puts it back into exactly these and out of entra-ops-quarantine.',
    );
    expect(shown).toContain('"verb":"offboarding.restore-returner"');
    expect(w.netbird.writes()).toHaveLength(writesBefore); // nothing restored silently
    const offered = await current(w, s);
    expect(offered).toMatchObject({
      state: 'awaiting-approval',
      open: true,
      returner: { message: { via: 'channel' } },
    });

    // Two-person rule: the user, the manager (not an IT approver) and a stranger are refused.
    const own = await restore(c.id, s.leaver);
    expectValidCard(own.card);
    expect(text(own)).toContain('you cannot restore your own access');
    for (const who of [s.manager, s.stranger])
      expect(text(await restore(c.id, who))).toContain('Only an IT approver can restore NetBird access');
    expect(await drainQueues(w.connectionString())).toBe(0);
    expect(w.netbird.writes()).toHaveLength(writesBefore);
    expect((await current(w, s)).returner?.restore).toBeUndefined();

    // An IT approver restores; Entra is read again for the click.
    const graphReads = w.graph.calls.length;
    const ok = await restore(c.id, s.approver);
    expectValidCard(ok.card);
    expect(text(ok)).toContain('Restore approved by Ivy Kealoha');
    expect(w.graph.calls.slice(graphReads)).toContain(`GET /v1.0/users/${s.leaver.id}`);
    // A second click sees the outcome, changes nothing.
    const second = await restore(c.id, s.approver);
    expect(text(second)).not.toContain('"verb":"offboarding.restore-returner"');
    await drainQueues(w.connectionString());

    // Exactly these writes: unblock (role and auto_groups as they were), the laptop back into the two
    // groups it left, and out of quarantine.
    const writes = w.netbird
      .writes()
      .slice(writesBefore)
      .map((r) => ({ method: r.method, path: r.path, body: r.body }));
    const members = (name: string) => w.netbird.groupMembers(name);
    expect(writes).toEqual([
      {
        method: 'PUT',
        path: `/api/users/${encodeURIComponent(s.netbirdUserId)}`,
        body: { role: 'user', auto_groups: ['grp-users', 'grp-eng'], is_blocked: false },
      },
      {
        method: 'PUT',
        path: '/api/groups/grp-users',
        body: { name: 'General Users', peers: members('General Users'), resources: [] },
      },
      { method: 'PUT', path: '/api/groups/grp-eng', body: { name: 'Engineers', peers: [s.laptop], resources: [] } },
      {
        method: 'PUT',
        path: `/api/groups/${quarantineGroup.id}`,
        body: { name: 'entra-ops-quarantine', peers: [], resources: [] },
      },
    ]);
    expect(members('General Users')).toEqual(expect.arrayContaining([s.ssoPeer, s.laptop, s.otherLaptop]));
    expect(nbUser(w, s).is_blocked).toBe(false);
    expect(w.netbird.peerGroups(s.laptop)).toEqual(['All', 'Engineers', 'General Users', 'Laptops']);

    // The case closes as restored; the returner card and the approval card change in place for everyone.
    const closed = await current(w, s);
    expect(closed).toMatchObject({
      state: 'closed',
      open: false,
      outcome: 'restored',
      returner: { restore: { by: { aadObjectId: s.approver.id }, done: { result: 'done' } } },
    });
    const updates = w.bot.activities.filter((a) => a.method === 'PUT');
    const returnerUpdate = updates.filter((a) => a.activityId === closed.returner!.message!.activityId).at(-1)!;
    const final = (returnerUpdate.activity.attachments as { content: Record<string, unknown> }[])[0]!.content;
    expectValidCard(final);
    expect(JSON.stringify(final)).toContain('Restored by Ivy Kealoha');
    expect(JSON.stringify(final)).toContain('Back in General Users, Engineers.');
    expect(JSON.stringify(final)).not.toContain('"verb":"offboarding.restore-returner"');
    const approvalUpdate = updates.filter((a) => a.activityId === closed.messages[0]!.activityId).at(-1)!;
    expect(JSON.stringify(approvalUpdate.activity)).toContain('NetBird access restored by Ivy Kealoha');
    expect(JSON.stringify(approvalUpdate.activity)).not.toContain('"verb":"offboarding.decide"');

    // Every step audited, and `audit <user>` / `case <user>` show them.
    const trail = await w.ctx().storage.audit.listByCorrelation(c.id);
    const after = trail.slice(trail.findIndex((e) => e.action === 'returner.offered'));
    expect(after.map((e) => `${e.action}:${e.result}`)).toEqual([
      'returner.offered:ok',
      'returner.refused:refused',
      'returner.refused:refused',
      'returner.refused:refused',
      'returner.restore-approved:ok',
      'netbird.unblock-user:ok',
      'netbird.restore-peer:ok',
      'returner.restored:ok',
      'state.changed:ok',
    ]);
    expect(after.filter((e) => e.result === 'refused').map((e) => e.actor.id)).toEqual([
      s.leaver.id,
      s.manager.id,
      s.stranger.id,
    ]);
    const auditCard = JSON.stringify(
      auditView(
        s.leaver.userPrincipalName,
        await auditTrailForUser(getServices(), s.leaver.userPrincipalName),
        new Date(),
      ),
    );
    expect(auditCard).toContain('returner.restore-approved');
    expect(auditCard).toContain('NetBird access restored');
    const caseCard = JSON.stringify(
      caseView((await getCaseForUser(getServices(), s.leaver.userPrincipalName))!, new Date()),
    );
    expect(caseCard).toContain('Enabled again');
    expect(caseCard).toContain('restored by Ivy Kealoha');
  });

  it('disabled again before the click: refused, nothing written, and the card says why', async () => {
    const { s, c } = await contained(w);
    s.leaver.accountEnabled = true;
    await notify(w, s);
    expect(returnerPosts(w)).toHaveLength(1);
    const writesBefore = w.netbird.writes().length;

    s.leaver.accountEnabled = false; // no notification yet: the click must read Entra itself
    const refused = await restore(c.id, s.approver);
    expectValidCard(refused.card);
    expect(text(refused)).toContain('Not restored: Entra still says the account is disabled');
    expect(await drainQueues(w.connectionString())).toBe(0);
    expect(w.netbird.writes()).toHaveLength(writesBefore);
    expect(nbUser(w, s).is_blocked).toBe(true);
    const after = await current(w, s);
    expect(after).toMatchObject({
      state: 'awaiting-approval',
      returner: { refused: { reason: 'Entra still says the account is disabled' } },
    });
    expect(after.returner!.restore).toBeUndefined();
    expect(JSON.stringify(w.bot.activities.at(-1)!.activity)).toContain('Not restored');
  });

  it('disabled again after the click but before the work runs: the step reads Entra again and writes nothing', async () => {
    const { s, c } = await contained(w);
    s.leaver.accountEnabled = true;
    await notify(w, s);
    const writesBefore = w.netbird.writes().length;
    expect(text(await restore(c.id, s.approver))).toContain('Restore approved');
    s.leaver.accountEnabled = false;
    await drainQueues(w.connectionString());
    expect(w.netbird.writes()).toHaveLength(writesBefore);
    const after = await current(w, s);
    expect(after).toMatchObject({
      state: 'awaiting-approval',
      returner: { refused: { reason: 'Entra still says the account is disabled' } },
    });
    expect(after.returner!.restore).toBeUndefined();
  });

  it('a disable withdraws the offer (its card says so) and the next re-enable asks again', async () => {
    const { s, c } = await contained(w);
    s.leaver.accountEnabled = true;
    await notify(w, s, 2);
    expect(returnerPosts(w)).toHaveLength(1);
    const first = (await current(w, s)).returner!.message!;

    s.leaver.accountEnabled = false;
    await notify(w, s);
    expect(await current(w, s)).toMatchObject({
      returner: { withdrawn: { reason: 'the account was disabled again in Entra' } },
    });
    const withdrawn = w.bot.activities.filter((a) => a.method === 'PUT' && a.activityId === first.activityId).at(-1)!;
    expect(JSON.stringify(withdrawn.activity)).toContain('No longer offered');
    expect(text(await restore(c.id, s.approver))).not.toContain('Restore approved');

    s.leaver.accountEnabled = true;
    await notify(w, s, 2);
    expect(returnerPosts(w)).toHaveLength(2);
    expect((await current(w, s)).returner!.message!.activityId).not.toBe(first.activityId);
  });

  it('a closed case: deleted peers are listed as gone, Restore unblocks the user and the case stays closed', async () => {
    const { s, c } = await contained(w);
    await click(
      'offboarding.decide',
      { caseId: c.id, decision: 'approve', device_0: 'remove', device_1: 'remove' },
      s.manager,
    );
    await drainQueues(w.connectionString());
    expect(await current(w, s)).toMatchObject({ state: 'closed', outcome: 'approved' });

    s.leaver.accountEnabled = true;
    await notify(w, s, 2);
    expect(returnerPosts(w)).toHaveLength(1);
    const shown = JSON.stringify(returnerPosts(w)[0]!.activity);
    expect(shown).toContain(`${s.laptopName}: deleted`);
    expect(shown).toContain('it cannot be restored; the person re-enrols the device');
    expect(shown).not.toContain(': quarantined');

    const writesBefore = w.netbird.writes().length;
    expect(text(await restore(c.id, s.approver))).toContain('Restore approved');
    await drainQueues(w.connectionString());
    expect(
      w.netbird
        .writes()
        .slice(writesBefore)
        .map((r) => ({ method: r.method, path: r.path, body: r.body })),
    ).toEqual([
      {
        method: 'PUT',
        path: `/api/users/${encodeURIComponent(s.netbirdUserId)}`,
        body: { role: 'user', auto_groups: ['grp-users', 'grp-eng'], is_blocked: false },
      },
    ]);
    expect(await current(w, s)).toMatchObject({
      id: c.id,
      state: 'closed',
      outcome: 'approved',
      returner: { restore: { done: { result: 'done' } } },
    });
  });

  it('a user enabled all along (offboarded by hand, never disabled) gets no returner card', async () => {
    const s = await scenario(w, { enabled: true });
    const { requestOffboarding } = await import('../../shared/offboarding/request.js');
    await requestOffboarding(
      getServices(),
      {
        user: s.leaver.userPrincipalName,
        requestedBy: { kind: 'teams', id: s.approver.id, name: s.approver.displayName },
      },
      w.ctx(),
    );
    await drainQueues(w.connectionString());
    expect((await current(w, s)).state).toBe('awaiting-approval');
    await notify(w, s, 2);
    expect(returnerPosts(w)).toHaveLength(0);
  });
});
