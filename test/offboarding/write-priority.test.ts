/**
 * Containment first under a burst (issue 15): a burst's checks hand the rest of each case to the work
 * queue after its block, so the checks' workers go on blocking while quarantines wait for the budget,
 * and a leaver arriving during other leavers' quarantines is blocked before those end. At the wire (the
 * stateful NetBird fake), with the NetBird write budget shared through storage (Azurite), as the app runs.
 */
import { describe, expect, it } from 'vitest';
import { loadCase } from '../../shared/offboarding/cases.js';
import type { UserCheck, WorkMessage } from '../../shared/offboarding/messages.js';
import { processUserCheck } from '../../shared/offboarding/process-check.js';
import { processWork } from '../../shared/offboarding/process-work.js';
import { noteLeaverWaiting } from '../../shared/offboarding/leavers-waiting.js';
import type { NetBirdPolicy } from '../../shared/netbird/index.js';
import { scenario, useOffboardingWorld, type Scenario } from './support/world.js';

const WRITES_PER_SECOND = 4;
const check = (userId: string): UserCheck => ({
  kind: 'check',
  userId,
  changeType: 'updated',
  source: 'notification',
  admitted: false,
  receivedAt: new Date().toISOString(),
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('NetBird writes under a short budget', () => {
  const w = useOffboardingWorld({ NETBIRD_WRITES_PER_SECOND: String(WRITES_PER_SECOND) });

  /**
   * Each leaver's laptop also in a team group of its own, which a policy grants: the first group its
   * quarantine leaves (listed first), so the leavers' first quarantine writes wait for the budget
   * side by side instead of one after another on the shared groups' lock.
   */
  function ownTeamGroup(s: Scenario, i: number): string {
    const id = `grp-team-${i}`;
    w.netbird.world.groups.unshift({ id, name: `Team ${i}`, peers: [s.laptop], resources: [] });
    const rule = {
      id: `team-${i}`,
      name: `team-${i}`,
      enabled: true,
      action: 'accept',
      bidirectional: false,
      protocol: 'all',
      sources: [{ id, name: `Team ${i}`, peers_count: 1, resources_count: 0 }],
      destinations: [{ id: 'grp-lan', name: 'Full LAN', peers_count: 0, resources_count: 1 }],
    };
    w.netbird.world.policies.push({
      id: `pol-team-${i}`,
      name: `Team ${i} to LAN`,
      enabled: true,
      source_posture_checks: [],
      rules: [rule],
    } as unknown as NetBirdPolicy);
    return id;
  }

  it("hands a burst's cases to the work queue after their blocks; a later leaver is blocked during their quarantines", async () => {
    const first = [];
    for (let i = 0; i < 5; i++) {
      const s = await scenario(w);
      ownTeamGroup(s, i);
      first.push(s);
    }
    const second = await scenario(w);
    const ctx = w.ctx();

    // A burst: the first leavers' blocks queue behind each other, so each check hands the rest of its
    // case (quarantine, approval) to the work queue once blocked; the last one, alone, goes on itself.
    const checks = await Promise.all(first.map((s, i) => processUserCheck(ctx, check(s.leaver.id), `check:${i}`, 1)));
    const handedOff = checks.filter((r) => r.outcome === 'advanced' && r.advance.status === 'handed-off');
    expect(handedOff.length).toBeGreaterThanOrEqual(3);
    expect(
      w.netbird
        .blockCalls()
        .map((b) => b.userId)
        .sort(),
    ).toEqual(first.map((s) => s.netbirdUserId).sort());

    // Their quarantines run at once: each has a group write waiting for the budget.
    const messages = await ctx.storage.work.receive(32, 120);
    expect(messages).toHaveLength(handedOff.length);
    const groupWrites = () => w.netbird.writes().filter((r) => r.method === 'PUT' && r.path.startsWith('/api/groups/'));
    const before = groupWrites().length;
    const quarantines = messages.map((m) =>
      processWork(ctx, (m.ok ? m.body : undefined) as WorkMessage, `work:${m.messageId}`, 1),
    );
    while (groupWrites().length < before + 1) await sleep(10);
    // (Which write goes first when several wait is shown at the limiter: test/netbird/write-priority.test.ts.)

    await processUserCheck(ctx, check(second.leaver.id), 'check:second', 1);
    await Promise.all(quarantines);

    // The second leaver was blocked while the others' quarantines were still going (they end after it).
    const writes = w.netbird.writes();
    const blockAt = writes.findIndex(
      (r) => r.method === 'PUT' && r.path === `/api/users/${encodeURIComponent(second.netbirdUserId)}`,
    );
    expect(blockAt).toBeGreaterThan(0);
    expect(writes.slice(blockAt + 1).some((r) => r.path.startsWith('/api/groups/'))).toBe(true);

    // Every case still ends contained: laptops out of their policy groups, in quarantine.
    for (const s of [...first, second]) {
      expect(w.netbird.peerGroups(s.laptop)).toEqual(['All', 'Laptops', 'entra-ops-quarantine']);
      expect((await loadCase(ctx, s.leaver.id))!.state).toBe('awaiting-approval');
    }
  }, 60_000);

  it("a handed-off case takes its inventory only after the other leavers' blocks", async () => {
    const [first, second] = [await scenario(w), await scenario(w)];
    const ctx = w.ctx();
    // The first leaver's check while another leaver waits (as in a burst): blocked, then handed off.
    const other = noteLeaverWaiting();
    const blocked = await processUserCheck(ctx, check(first.leaver.id), 'check:first', 1);
    other();
    expect(blocked.outcome === 'advanced' && blocked.advance.status).toBe('handed-off');
    const [handOff] = await ctx.storage.work.receive(1, 60);
    expect(handOff?.ok && handOff.body).toMatchObject({ kind: 'advance', afterBlocks: true });
    const requests = w.netbird.recorder.requests;
    const from = requests.length;

    // The second leaver's check is under way when the hand-off is taken: the block goes first.
    await Promise.all([
      processUserCheck(ctx, check(second.leaver.id), 'check:second', 1),
      processWork(ctx, (handOff!.ok ? handOff!.body : undefined) as WorkMessage, 'work:first', 1),
    ]);
    const seen = requests.slice(from).map((r) => `${r.method} ${r.path}`);
    const secondBlock = seen.indexOf(`PUT /api/users/${encodeURIComponent(second.netbirdUserId)}`);
    expect(secondBlock).toBeGreaterThanOrEqual(0);
    expect(seen.slice(0, secondBlock)).not.toContain('GET /api/peers');
    for (const s of [first, second]) expect((await loadCase(ctx, s.leaver.id))!.state).toBe('awaiting-approval');
  }, 30_000);

  it('a lone leaver is not handed off: its case goes on to quarantine in the same run', async () => {
    const s = await scenario(w);
    const result = await processUserCheck(w.ctx(), check(s.leaver.id), 'check:lone', 1);
    expect(result.outcome === 'advanced' && result.advance.status).toBe('idle');
    expect(await w.ctx().storage.work.receive(32, 1)).toHaveLength(0);
    expect(w.netbird.peerGroups(s.laptop)).toEqual(['All', 'Laptops', 'entra-ops-quarantine']);
  }, 30_000);
});
