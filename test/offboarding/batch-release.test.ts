/**
 * Releasing a confirmed blast-radius batch through the queue (shared/offboarding/batch-release.ts):
 * the click answers "releasing N" without queueing a single check itself, the release runs as one
 * `offboarding-work` message per chunk, and a restart in the middle (a chunk cut off before its
 * message was deleted, another never started) still blocks every held user exactly once. The
 * queues are real (Azurite) and are worked by the registered functions (support/queues.ts).
 */
import { describe, expect, it } from 'vitest';
import { offboardingWork } from '../../functions/offboarding-work.js';
import { InvocationContext } from '../../shared/host/azure-functions.js';
import { RELEASE_CHUNK_USERS } from '../../shared/offboarding/batch-model.js';
import { loadBatch } from '../../shared/offboarding/blast-radius.js';
import { handleOffboardingAction } from '../../bot/actions/offboarding.js';
import { loadCase } from '../../shared/offboarding/cases.js';
import type { WorkMessage } from '../../shared/offboarding/messages.js';
import { offboardingStorage } from '../../shared/offboarding/storage.js';
import { runSweep } from '../../shared/offboarding/sweep.js';
import { getServices } from '../../functions/root/services.js';
import { expectValidCard } from '../support/cards.js';
import { TENANT_ID } from '../support/env.js';
import { GRAPH } from './support/graph-fake.js';
import { drainQueues } from './support/queues.js';
import { scenario, useOffboardingWorld, type Scenario, type World } from './support/world.js';

const LEAVERS = RELEASE_CHUNK_USERS + 3; // two chunks: 25 and 3

/** A sweep that finds `all` disabled at once: held for IT (allowance 2). */
async function heldBySweep(w: World, all: Scenario[]): Promise<string> {
  let round = 0;
  w.graph.world.delta = (url) => {
    const token = url.searchParams.get('$deltatoken');
    round = token ? Number(token) : 0;
    const value = round === 1 ? all.map((s) => ({ id: s.leaver.id, accountEnabled: false })) : [];
    return [200, { value, '@odata.deltaLink': `${GRAPH}/v1.0/users/delta?$deltatoken=${round + 1}` }];
  };
  await offboardingStorage(w.connectionString()).deltaLinks.delete('delta', 'users');
  await runSweep(w.ctx(), 'baseline');
  const result = await runSweep(w.ctx(), 'scheduled');
  expect(result).toMatchObject({ candidates: all.length, queued: 0 });
  await drainQueues(w.connectionString());
  return result.heldBatchId!;
}

/** Runs one received work message through the registered function, as the host would. */
async function handle(message: {
  messageId: string;
  popReceipt: string;
  dequeueCount: number;
  text: string;
}): Promise<void> {
  const context = new InvocationContext({
    functionName: offboardingWork.name,
    triggerMetadata: { id: message.messageId, dequeueCount: message.dequeueCount },
    logHandler: () => undefined,
  });
  await offboardingWork.handler(JSON.parse(message.text) as unknown, context);
}

describe('releasing a confirmed batch through the queue', () => {
  // The NetBird write budget is raised so 28 leavers do not take 30 s at the default 5 per second.
  const w = useOffboardingWorld({ BLAST_RADIUS_MAX_USERS: '2', NETBIRD_WRITES_PER_SECOND: '50' });
  const confirm = (batchId: string, who: { id: string; displayName: string }) =>
    handleOffboardingAction(
      {
        verb: 'offboarding.confirm-batch',
        data: { batchId },
        actor: { aadObjectId: who.id, name: who.displayName },
        tenantId: TENANT_ID,
      },
      getServices(),
    );

  it('answers "releasing N" at once, and a restart in the middle of the release still blocks everyone exactly once', async () => {
    const all: Scenario[] = [];
    for (let i = 0; i < LEAVERS; i++) all.push(await scenario(w));
    const batchId = await heldBySweep(w, all);
    const storage = offboardingStorage(w.connectionString());

    const answer = await confirm(batchId, all[0]!.approver);
    expectValidCard(answer.card);
    expect(JSON.stringify(answer.card)).toContain(
      `releasing ${LEAVERS}: 0 of ${LEAVERS} queued for offboarding so far`,
    );
    // The invoke queued no check itself: only the two chunk messages.
    expect(await storage.checks.approximateCount()).toBe(0);
    const chunks = await storage.work.receive(32, 1);
    expect(
      chunks
        .map((m) => (m.ok ? (m.body as Extract<WorkMessage, { kind: 'release-chunk' }>).userIds.length : -1))
        .sort((x, y) => x - y),
    ).toEqual([3, RELEASE_CHUNK_USERS]);
    expect((await loadBatch(w.ctx(), batchId))?.release).toMatchObject({
      total: LEAVERS,
      chunks: 2,
      done: [],
      queuedAt: expect.any(String),
    });

    // The instance dies: chunk A ran to the end but its message was never deleted (cut off before
    // the host's acknowledgement); chunk B never started. Both come back after the visibility timeout.
    const [a] = chunks;
    await handle(a!);
    const afterA = (await loadBatch(w.ctx(), batchId))!;
    expect(afterA.release?.done).toHaveLength(1);
    const queuedByA = await storage.checks.approximateCount();
    expect(queuedByA).toBe(a!.ok && a!.body.kind === 'release-chunk' ? a!.body.userIds.length : -1);
    await new Promise((r) => setTimeout(r, 1_200));

    // A fresh instance works the queues: A again (already done: no second round of checks), then B.
    await drainQueues(w.connectionString());
    const blocks = w.netbird.blockCalls().map((b) => b.userId);
    expect(blocks).toHaveLength(LEAVERS);
    expect(new Set(blocks)).toEqual(new Set(all.map((s) => s.netbirdUserId)));
    for (const s of all)
      expect(await loadCase(w.ctx(), s.leaver.id)).toMatchObject({
        state: 'awaiting-approval',
        admission: { via: 'batch' },
      });
    const done = (await loadBatch(w.ctx(), batchId))!;
    expect(done.release).toMatchObject({ done: [0, 1], completedAt: expect.any(String) });
    expect(await storage.work.poisonQueue().approximateCount()).toBe(0);
    expect(await storage.checks.poisonQueue().approximateCount()).toBe(0);
    // The card in the channel follows the release and ends with it.
    const updates = w.bot.activities.filter((x) => x.method === 'PUT').map((x) => JSON.stringify(x.activity));
    expect(updates.at(-1)).toContain(`all ${LEAVERS} released`);
  }, 120_000);

  it('a click on a batch whose release was cut off before its chunks were queued queues them', async () => {
    const all: Scenario[] = [];
    for (let i = 0; i < 3; i++) all.push(await scenario(w));
    const batchId = await heldBySweep(w, all);
    const storage = offboardingStorage(w.connectionString());
    await confirm(batchId, all[0]!.approver);
    // The invoke died after writing the decision and before its sends: no chunk on the queue, no queuedAt.
    for (const m of await storage.work.receive(32, 30)) await storage.work.delete(m);
    await storage.batches.mutate('batch', batchId, (row) =>
      row?.kind === 'batch' && row.release ? { ...row, release: { ...row.release, queuedAt: undefined } } : undefined,
    );
    await drainQueues(w.connectionString());
    expect(w.netbird.blockCalls()).toHaveLength(0);

    const again = await confirm(batchId, all[1]!.approver);
    expect(JSON.stringify(again.card)).toContain('Confirmed by');
    await drainQueues(w.connectionString());
    expect(new Set(w.netbird.blockCalls().map((b) => b.userId))).toEqual(new Set(all.map((s) => s.netbirdUserId)));
    expect((await loadBatch(w.ctx(), batchId))?.release?.completedAt).toBeDefined();
  }, 60_000);
});
