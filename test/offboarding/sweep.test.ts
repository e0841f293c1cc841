/**
 * The delta sweep and the blast-radius guard: the first baseline records state only, a later round
 * catches a disabled user no notification announced, too many at once are held for IT, a burst of
 * notifications is capped, and IT's confirmation releases them.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handleOffboardingAction } from '../../bot/actions/offboarding.js';
import { loadCase } from '../../shared/offboarding/cases.js';
import { processUserCheck } from '../../shared/offboarding/process-check.js';
import { runSweep } from '../../shared/offboarding/sweep.js';
import { offboardingStorage } from '../../shared/offboarding/storage.js';
import { getServices } from '../../functions/root/services.js';
import { expectValidCard } from '../support/cards.js';
import { TENANT_ID } from '../support/env.js';
import { GRAPH } from './support/graph-fake.js';
import { drainQueues } from './support/queues.js';
import { expectNoNetbirdWrites, scenario, useOffboardingWorld, type Scenario, type World } from './support/world.js';

type DeltaEntry = { id: string; accountEnabled?: boolean; '@removed'?: { reason: string } };

/** Graph's users/delta: the first round lists `baseline`; each later round (by token) lists its changes. */
function delta(w: World, baseline: DeltaEntry[], rounds: DeltaEntry[][] = []): string[] {
  const seen: string[] = [];
  w.graph.world.delta = (url) => {
    const token = url.searchParams.get('$deltatoken');
    seen.push(token ?? 'fresh');
    const n = token ? Number(token) : 0;
    const value = token ? (rounds[n - 1] ?? []) : baseline;
    return [200, { value, '@odata.deltaLink': `${GRAPH}/v1.0/users/delta?$deltatoken=${n + 1}` }];
  };
  return seen;
}

const resetDelta = async (w: World) => {
  await offboardingStorage(w.connectionString()).deltaLinks.delete('delta', 'users');
};

describe('delta sweep', () => {
  const w = useOffboardingWorld();

  it('takes the first baseline without offboarding accounts that were already disabled', async () => {
    await resetDelta(w);
    const s = await scenario(w);
    const seen = delta(w, [
      { id: s.leaver.id, accountEnabled: false },
      { id: s.manager.id, accountEnabled: true },
    ]);
    const result = await runSweep(w.ctx(), 'test');
    expect(result).toMatchObject({ baseline: true, candidates: 0, queued: 0 });
    expect(seen).toEqual(['fresh']);
    expect(await drainQueues(w.connectionString())).toBe(0);
    expect(await loadCase(w.ctx(), s.leaver.id)).toBeUndefined();
    expectNoNetbirdWrites(w);
  });

  it('catches a disabled user that no notification announced, through the same processor', async () => {
    await resetDelta(w);
    const s = await scenario(w, { enabled: true });
    const seen = delta(w, [{ id: s.leaver.id, accountEnabled: true }], [[{ id: s.leaver.id, accountEnabled: false }]]);
    await runSweep(w.ctx(), 'baseline');
    s.leaver.accountEnabled = false; // disabled in Entra; the notification never arrived
    const result = await runSweep(w.ctx(), 'scheduled');
    expect(seen).toEqual(['fresh', '1']);
    expect(result).toMatchObject({ baseline: false, candidates: 1, queued: 1 });
    await drainQueues(w.connectionString());
    const c = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(c).toMatchObject({
      state: 'awaiting-approval',
      requestedBy: { kind: 'sweep' },
      admission: { via: 'sweep' },
    });
    expect(w.netbird.blockCalls().map((b) => b.userId)).toEqual([s.netbirdUserId]);
    // The next round repeats nothing.
    expect(await runSweep(w.ctx(), 'scheduled')).toMatchObject({ candidates: 0, queued: 0 });
  });

  it('treats removed users (soft and hard deleted) like disabled ones', async () => {
    await resetDelta(w);
    const s = await scenario(w, { enabled: true });
    delta(w, [], [[{ id: s.leaver.id, '@removed': { reason: 'changed' } }]]);
    await runSweep(w.ctx(), 'baseline');
    s.leaver.deleted = 'soft';
    expect(await runSweep(w.ctx(), 'scheduled')).toMatchObject({ queued: 1 });
    await drainQueues(w.connectionString());
    expect(await loadCase(w.ctx(), s.leaver.id)).toMatchObject({ reason: 'soft-deleted', state: 'awaiting-approval' });
  });
});

describe('blast-radius guard', () => {
  const w = useOffboardingWorld({ BLAST_RADIUS_MAX_USERS: '2' });
  const confirm = (verb: string, batchId: string, who: { id: string; displayName: string }) =>
    handleOffboardingAction(
      { verb, data: { batchId }, actor: { aadObjectId: who.id, name: who.displayName }, tenantId: TENANT_ID },
      getServices(),
    );

  async function leavers(n: number): Promise<Scenario[]> {
    const out: Scenario[] = [];
    for (let i = 0; i < n; i++) out.push(await scenario(w));
    return out;
  }

  it('holds a sweep that would block more than allowed: nothing is written, IT confirms, then all are offboarded', async () => {
    await resetDelta(w);
    const all = await leavers(3);
    delta(w, [], [all.map((s) => ({ id: s.leaver.id, accountEnabled: false }))]);
    await runSweep(w.ctx(), 'baseline');
    const result = await runSweep(w.ctx(), 'scheduled');
    expect(result).toMatchObject({ candidates: 3, queued: 0, heldBatchId: expect.any(String) });
    await drainQueues(w.connectionString());
    expectNoNetbirdWrites(w);
    for (const s of all)
      expect(await loadCase(w.ctx(), s.leaver.id)).toMatchObject({
        state: 'detected',
        hold: { batchId: result.heldBatchId },
      });

    const [post] = w.bot.activities;
    expect(post!.conversationId).toBe('19:it-ops-channel@thread.tacv2');
    expectValidCard(w.bot.cards()[0]);
    expect(JSON.stringify(w.bot.cards()[0])).toContain('3 user(s) held');

    const refused = await confirm('offboarding.confirm-batch', result.heldBatchId!, all[0]!.stranger);
    expect(JSON.stringify(refused.card)).toContain('Only an IT approver');
    expect(await drainQueues(w.connectionString())).toBe(0);

    const ok = await confirm('offboarding.confirm-batch', result.heldBatchId!, all[0]!.approver);
    expect(JSON.stringify(ok.card)).toContain('Confirmed by Ivy Kealoha');
    await drainQueues(w.connectionString());
    expect(new Set(w.netbird.blockCalls().map((b) => b.userId))).toEqual(new Set(all.map((s) => s.netbirdUserId)));
    for (const s of all)
      expect(await loadCase(w.ctx(), s.leaver.id)).toMatchObject({
        state: 'awaiting-approval',
        admission: { via: 'batch' },
      });
    expect(
      w.bot.activities.some(
        (a) => a.method === 'PUT' && JSON.stringify(a.activity).includes('Confirmed by Ivy Kealoha'),
      ),
    ).toBe(true);
  });

  it('caps a burst of notifications: those beyond the allowance are held; dismissing closes them unblocked', async () => {
    const all = await leavers(4);
    const check = (s: Scenario) =>
      processUserCheck(
        w.ctx(),
        {
          kind: 'check',
          userId: s.leaver.id,
          changeType: 'updated',
          source: 'notification',
          admitted: false,
          receivedAt: new Date().toISOString(),
        },
        `message:${randomUUID()}`,
        1,
      );
    for (const s of all) await check(s);
    const blocked = w.netbird.blockCalls().map((b) => b.userId);
    expect(blocked).toEqual([all[0]!.netbirdUserId, all[1]!.netbirdUserId]);
    const held = [(await loadCase(w.ctx(), all[2]!.leaver.id))!, (await loadCase(w.ctx(), all[3]!.leaver.id))!];
    expect(held.map((c) => c.state)).toEqual(['detected', 'detected']);
    expect(held[0]!.hold!.batchId).toBe(held[1]!.hold!.batchId);
    const batchCards = w.bot.cards().filter((c) => JSON.stringify(c).includes('Blast-radius guard'));
    expect(JSON.stringify(batchCards.at(-1))).toContain('2 user(s) held');

    const writes = w.netbird.writes().length;
    await confirm('offboarding.dismiss-batch', held[0]!.hold!.batchId, all[0]!.approver);
    expect(await drainQueues(w.connectionString())).toBe(0);
    expect(w.netbird.writes()).toHaveLength(writes);
    for (const c of held)
      expect(await loadCase(w.ctx(), c.userId)).toMatchObject({ state: 'closed', outcome: 'dismissed' });
  });
});
