/**
 * Hostile card invokes through `handleOffboardingAction` (what the bot runs for every
 * `offboarding.*` Action.Execute) and hostile user-supplied text on the approval card (issue 7,
 * item 2). Refusals and replays answer with a card, write nothing to NetBird and queue nothing.
 * Other tenants, unknown verbs, invalid data and strangers are in test/offboarding/card-actions.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { handleOffboardingAction } from '../../bot/actions/offboarding.js';
import { loadCase } from '../../shared/offboarding/cases.js';
import { processUserCheck } from '../../shared/offboarding/process-check.js';
import { offboardingStorage } from '../../shared/offboarding/storage.js';
import { getServices } from '../../functions/root/services.js';
import { expectValidCard } from '../support/cards.js';
import { TENANT_ID } from '../support/env.js';
import { drainQueues } from '../offboarding/support/queues.js';
import { scenario, useOffboardingWorld, type Scenario, type World } from '../offboarding/support/world.js';
import { escapeMarkdown } from '../../cards/plain-text.js';

async function contained(w: World, before?: (s: Scenario) => void): Promise<{ s: Scenario; caseId: string }> {
  const s = await scenario(w);
  before?.(s);
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
    `message:${s.leaver.id}`,
    1,
  );
  const c = (await loadCase(w.ctx(), s.leaver.id))!;
  expect(c.state).toBe('awaiting-approval');
  return { s, caseId: c.id };
}

const click = (verb: string, data: unknown, who: { id: string; displayName: string }) =>
  handleOffboardingAction(
    { verb, data, actor: { aadObjectId: who.id, name: who.displayName }, tenantId: TENANT_ID },
    getServices(),
  );

async function queued(w: World): Promise<number> {
  const storage = offboardingStorage(w.connectionString());
  return (await storage.checks.receive(32, 1)).length + (await storage.work.receive(32, 1)).length;
}

describe('hostile card invokes', () => {
  const w = useOffboardingWorld({ LOG_LEVEL: 'error' });

  it('replayed after the case closed: every click sees the outcome, nothing changes', async () => {
    const { s, caseId } = await contained(w);
    await click(
      'offboarding.decide',
      { caseId, decision: 'approve', device_0: 'remove', device_1: 'remove' },
      s.manager,
    );
    await drainQueues(w.connectionString());
    const closed = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(closed).toMatchObject({ state: 'closed', outcome: 'approved' });
    const writes = w.netbird.writes().length;
    const sends = w.bot.activities.length;

    for (const [verb, data, who] of [
      ['offboarding.decide', { caseId, decision: 'approve', device_0: 'remove', device_1: 'remove' }, s.manager],
      ['offboarding.decide', { caseId, decision: 'reject' }, s.manager],
      ['offboarding.decide', { caseId, decision: 'reject' }, s.approver],
      ['offboarding.confirm-unblock', { caseId }, s.approver],
      ['offboarding.refresh', { caseId }, s.stranger],
    ] as const) {
      const answer = await click(verb, data, who);
      expectValidCard(answer.card);
      expect(JSON.stringify(answer.card)).toContain('Approved by Sara Davis');
      expect(JSON.stringify(answer.card)).not.toContain('"verb":"offboarding.decide"');
    }
    const after = (await loadCase(w.ctx(), s.leaver.id))!;
    expect({ ...after, etag: undefined }).toEqual({ ...closed, etag: undefined });
    expect(w.netbird.writes()).toHaveLength(writes);
    expect(w.bot.activities.slice(sends).filter((a) => a.method === 'POST')).toEqual([]); // no new message anywhere
    expect(await queued(w)).toBe(0);
  });

  it("action.data naming another case: the clicker is checked against that case's manager, refused, nothing written", async () => {
    const a = await contained(w);
    const b = await contained(w);
    expect(a.s.manager.id).not.toBe(b.s.manager.id);
    const writes = w.netbird.writes().length;
    // Manager A edits the card data to decide B's case (and claims to be B's manager in the data).
    const answer = await click(
      'offboarding.decide',
      { caseId: b.caseId, decision: 'approve', device_0: 'remove', device_1: 'remove', aadObjectId: b.s.manager.id },
      a.s.manager,
    );
    expect(JSON.stringify(answer.card)).toContain('Nothing was changed');
    expect((await loadCase(w.ctx(), b.s.leaver.id))!).toMatchObject({ state: 'awaiting-approval' });
    expect((await loadCase(w.ctx(), b.s.leaver.id))!.decision).toBeUndefined();
    expect((await loadCase(w.ctx(), a.s.leaver.id))!.decision).toBeUndefined();
    expect(w.netbird.writes()).toHaveLength(writes);
    expect(await queued(w)).toBe(0);
  });
});

describe('hostile text on the approval card', () => {
  const w = useOffboardingWorld({ LOG_LEVEL: 'error' });

  it('shows ${…} templates and markdown from Entra names literally: not expanded, the card still valid', async () => {
    const evilName = '${manager.name} **URGENT** [approve here](https://evil.example) <at>IT</at>';
    const { s } = await contained(w, (sc) => {
      sc.leaver.displayName = evilName;
      const nb = w.netbird.world.users.find((u) => u.id === sc.netbirdUserId)!;
      nb.name = evilName;
    });
    const card = w.bot.cards()[0]!;
    expectValidCard(card);
    const text = JSON.stringify(card);
    // No template ran over the user's text: it is shown as given, with `${` broken by a zero-width
    // space (cards/render.ts) so Teams' templating cannot read it either; no expression survives.
    // Its markdown is backslash-escaped (cards/plain-text.ts): no bold, no link, no `<at>` tag.
    expect(text).not.toContain('${');
    expect(text).toContain(
      JSON.stringify(`Offboarding: ${escapeMarkdown(evilName.replaceAll('${', '$\u200B{'))}`).slice(1, -1),
    );
    expect(text).not.toContain(`${s.manager.displayName} **URGENT**`);
    expect(text).not.toMatch(/[^\\]\*\*URGENT|[^\\]\[approve here[^\\]\]\(|[^\\]<at>/);
    // The name never becomes an action: every button still posts back to us, none opens a URL.
    const actions = (card as { actions: { type: string }[] }).actions;
    expect(actions.map((a) => a.type)).toEqual(['Action.Execute', 'Action.Execute']);
  });
});
