/**
 * Leavers processed at the same time (issue 7: a burst), against the stateful NetBird fake with
 * latency so that read-modify-writes interleave. NetBird groups have no ETag and PUT replaces the
 * member list, so without the group lock (shared/offboarding/group-writes.ts) one case's write
 * drops another's quarantined laptop, or puts a laptop back into a policy group it just left;
 * and the first leavers would each create a quarantine group.
 */
import { describe, expect, it } from 'vitest';
import { loadCase } from '../../shared/offboarding/cases.js';
import type { UserCheck, WorkMessage } from '../../shared/offboarding/messages.js';
import { processUserCheck } from '../../shared/offboarding/process-check.js';
import { processWork } from '../../shared/offboarding/process-work.js';
import { scenario, useOffboardingWorld } from './support/world.js';

const check = (userId: string): UserCheck => ({
  kind: 'check',
  userId,
  changeType: 'updated',
  source: 'notification',
  admitted: false,
  receivedAt: new Date().toISOString(),
});

describe('several leavers at once', () => {
  const w = useOffboardingWorld();

  it('quarantines every laptop exactly: one quarantine group, no laptop left in or put back into a policy group', async () => {
    const leavers = [await scenario(w), await scenario(w), await scenario(w), await scenario(w)];
    w.netbird.setLatency(15);
    const results = await Promise.all(
      leavers.map((s, i) => processUserCheck(w.ctx(), check(s.leaver.id), `message:${i}`, 1)),
    );
    expect(results.map((r) => r.outcome)).toEqual(['advanced', 'advanced', 'advanced', 'advanced']);
    // Cases whose blocks queued behind others' went on through the work queue (advance.ts): run those
    // at the same time too, as the host's queue workers would.
    const handedOff = await w.ctx().storage.work.receive(32, 120);
    await Promise.all(
      handedOff.map((m) => processWork(w.ctx(), (m.ok ? m.body : undefined) as WorkMessage, `work:${m.messageId}`, 1)),
    );

    expect(w.netbird.world.groups.filter((g) => g.name === 'entra-ops-quarantine')).toHaveLength(1);
    for (const s of leavers) {
      // Out of the policy groups (General Users, Engineers), into quarantine; the other laptop untouched.
      expect(w.netbird.peerGroups(s.laptop)).toEqual(['All', 'Laptops', 'entra-ops-quarantine']);
      expect(w.netbird.peerGroups(s.otherLaptop)).toEqual(['All', 'General Users', 'Laptops']);
      const c = (await loadCase(w.ctx(), s.leaver.id))!;
      expect(c.state).toBe('awaiting-approval');
      expect(c.devices.find((d) => d.peerId === s.laptop)?.quarantine?.done?.result).toBe('done');
    }
    // Each user blocked once.
    expect(
      w.netbird
        .blockCalls()
        .map((b) => b.userId)
        .sort(),
    ).toEqual(leavers.map((s) => s.netbirdUserId).sort());
    // No lease is left behind.
    expect(await w.ctx().storage.leases.listPartition('netbird-group')).toEqual([]);
  });

  it('a leaver whose NetBird account appeared after another case read the shared lists is still found and blocked', async () => {
    const first = await scenario(w);
    await processUserCheck(w.ctx(), check(first.leaver.id), 'message:first', 1);
    // Within the lists' 2 s: the second leaver's NetBird user and peers are not in the shared answers.
    const second = await scenario(w);
    await processUserCheck(w.ctx(), check(second.leaver.id), 'message:second', 1);
    const c = (await loadCase(w.ctx(), second.leaver.id))!;
    expect(c.state).toBe('awaiting-approval');
    expect(c.inventory?.netbirdUser?.id).toBe(second.netbirdUserId);
    expect(w.netbird.blockCalls().map((b) => b.userId)).toEqual([first.netbirdUserId, second.netbirdUserId]);
  });
});
