/**
 * IT corrects attribution from Teams: `devices <user>`, `assign <device> <user>`, `unassign
 * <device>` (the bot commands' `run`, on the wire fakes and Azurite). An assignment is stored,
 * audited in the case's trail, and applied to the open case at once: the laptop is added,
 * quarantined by the next step, and the card is updated in place.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assign } from '../../bot/commands/assign.js';
import { devices } from '../../bot/commands/devices.js';
import { COMMANDS } from '../../bot/commands/index.js';
import type { BotCommand, Reply } from '../../bot/commands/types.js';
import { unassign } from '../../bot/commands/unassign.js';
import { silentLogger } from '../../shared/logger.js';
import { getAssignment } from '../../shared/offboarding/attribution/assignments.js';
import { loadCase } from '../../shared/offboarding/cases.js';
import { processUserCheck } from '../../shared/offboarding/process-check.js';
import { getServices } from '../../functions/root/services.js';
import { expectValidCard } from '../support/cards.js';
import { drainQueues } from './support/queues.js';
import { scenario, useOffboardingWorld, type Scenario, type World } from './support/world.js';

const IT = { aadObjectId: randomUUID(), name: 'Ivy Kealoha' };

async function command(c: BotCommand, ...args: string[]): Promise<{ reply: Reply; text: string }> {
  const reply = await c.run({
    args,
    caller: IT,
    services: getServices(),
    logger: silentLogger,
    correlationId: randomUUID(),
    now: () => new Date(),
    commands: COMMANDS,
  });
  expectValidCard(reply.card);
  return { reply, text: JSON.stringify(reply.card) };
}

async function openCase(w: World, s: Scenario) {
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
  return (await loadCase(w.ctx(), s.leaver.id))!;
}

describe('correcting attribution from Teams', () => {
  const w = useOffboardingWorld();

  it('assign: stored, audited in the case trail, the open case re-planned, the laptop quarantined and added to the card in place', async () => {
    const s = await scenario(w, { evidence: [] });
    const before = await openCase(w, s);
    expect(before.state).toBe('awaiting-approval');
    expect(before.devices.map((d) => d.peerId)).toEqual([s.ssoPeer]);

    const { text } = await command(assign, s.laptopName.toLowerCase(), s.leaver.userPrincipalName);
    expect(text).toContain(`${s.laptopName.toLowerCase()} is assigned to Alice Kahananui`);
    expect(text).toContain(`Open case re-planned: ${s.laptopName} added; quarantine follows.`);
    expect(await getAssignment(w.ctx(), s.laptopName)).toMatchObject({
      userId: s.leaver.id,
      by: { aadObjectId: IT.aadObjectId, name: 'Ivy Kealoha' },
    });

    await drainQueues(w.connectionString());
    const after = (await loadCase(w.ctx(), s.leaver.id))!;
    expect(after.devices.map((d) => d.peerId)).toEqual([s.ssoPeer, s.laptop]);
    expect(after.devices[1]).toMatchObject({
      evidence: [{ source: 'assignment' }],
      quarantine: { done: { result: 'done' } },
    });
    expect(w.netbird.peerGroups(s.laptop)).toEqual(['All', 'Laptops', 'entra-ops-quarantine']);
    // The card the manager already has now lists the laptop with its evidence (device_1: the SSO peer keeps device_0).
    const update = w.bot.activities.filter((a) => a.method === 'PUT').at(-1)!;
    const card = (update.activity.attachments as { content: unknown }[])[0]!.content;
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('Evidence: assigned by IT (Ivy Kealoha');
    expect(JSON.stringify(card)).toContain('"id":"device_1"');

    const trail = (await w.ctx().storage.audit.listByCorrelation(after.id)).map((e) => `${e.action} ${e.actor.kind}`);
    expect(trail).toEqual(
      expect.arrayContaining(['device.assigned teams', 'devices.replanned teams', 'netbird.quarantine-peer system']),
    );
    expect(trail.indexOf('device.assigned teams')).toBeLessThan(trail.indexOf('netbird.quarantine-peer system'));

    const listed = await command(devices, s.leaver.userPrincipalName);
    expect(listed.text).toContain(s.laptopName);
    expect(listed.text).toContain('assigned by IT (Ivy Kealoha');
  });

  it('unassign: removed, audited, the open case re-planned; the quarantined laptop stays quarantined until the approver decides', async () => {
    const s = await scenario(w, { evidence: [] });
    await openCase(w, s);
    await command(assign, s.laptopName, s.leaver.userPrincipalName);
    await drainQueues(w.connectionString());

    const { text } = await command(unassign, s.laptopName);
    expect(text).toContain(`${s.laptopName.toLowerCase()} is no longer assigned to Alice Kahananui`);
    expect(await getAssignment(w.ctx(), s.laptopName)).toBeUndefined();
    const c = (await loadCase(w.ctx(), s.leaver.id))!;
    const events = await w.ctx().storage.audit.listByCorrelation(c.id);
    expect(events.find((e) => e.action === 'device.unassigned')).toMatchObject({
      actor: { kind: 'teams', id: IT.aadObjectId },
      target: s.laptopName.toLowerCase(),
    });
    expect(events.filter((e) => e.action === 'devices.replanned')).toHaveLength(2);
    expect(w.netbird.peerGroups(s.laptop)).toEqual(['All', 'Laptops', 'entra-ops-quarantine']);
    // Attribution no longer names it.
    const listed = await command(devices, s.leaver.userPrincipalName);
    expect(listed.text).not.toContain(s.laptopName);
    expect((await command(unassign, s.laptopName)).text).toContain('has no assignment');
  });

  it('assigning a laptop to a colleague makes it shared on the leaver\'s case: "also used by", not quarantined', async () => {
    const s = await scenario(w, { evidence: ['sign-in'] });
    const bob = w.graph.add({
      id: randomUUID(),
      displayName: 'Bob Palakiko',
      userPrincipalName: 'bob.p@contoso.com',
      accountEnabled: true,
    });
    await command(assign, s.laptopName, bob.userPrincipalName);
    const c = await openCase(w, s);
    expect(c.devices.find((d) => d.peerId === s.laptop)).toMatchObject({
      shared: true,
      alsoUsedBy: [{ name: 'Bob Palakiko', source: 'assignment' }],
    });
    expect(w.netbird.peerGroups(s.laptop)).toEqual(['All', 'Engineers', 'General Users', 'Laptops']);
  });

  it('refuses a device NetBird has no setup-key peer for', async () => {
    const s = await scenario(w, { evidence: [] });
    expect((await command(assign, 'NO-SUCH-LT', s.leaver.userPrincipalName)).text).toContain('No setup-key peer named');
  });
});
