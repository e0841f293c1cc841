/**
 * Device attribution at the wire (DESIGN.md §5b): a hybrid-joined laptop has no Entra owner, so it
 * is found through IT's assignment, Intune, the user's SSO peer on it, or recent sign-ins, each on
 * its own; a missing permission or licence (403 inside the `$batch`) degrades that source and says
 * so on the card; a laptop another active person's evidence points at is listed, not quarantined;
 * a re-imaged laptop's two peers are both shown. Graph, NetBird and Teams are nock fakes.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { saveAssignment } from '../../shared/offboarding/attribution/assignments.js';
import { loadCase } from '../../shared/offboarding/cases.js';
import type { UserCheck } from '../../shared/offboarding/messages.js';
import type { OffboardingCase } from '../../shared/offboarding/model.js';
import { processUserCheck } from '../../shared/offboarding/process-check.js';
import { expectValidCard } from '../support/cards.js';
import { scenario, useOffboardingWorld, type Scenario, type World } from './support/world.js';
import { scenarioPeer } from './support/scenario.js';

const check = (userId: string): UserCheck => ({
  kind: 'check',
  userId,
  changeType: 'updated',
  source: 'notification',
  admitted: false,
  receivedAt: new Date().toISOString(),
});

async function run(w: World, s: Scenario): Promise<{ c: OffboardingCase; card: string }> {
  await processUserCheck(w.ctx(), check(s.leaver.id), `message:${randomUUID()}`, 1);
  const c = (await loadCase(w.ctx(), s.leaver.id))!;
  const card = w.bot.cards().at(-1);
  if (card) expectValidCard(card);
  return { c, card: JSON.stringify(card ?? {}) };
}

const laptopOf = (c: OffboardingCase, peerId: string) => c.devices.find((d) => d.peerId === peerId);
const IN_POLICY_GROUPS = ['All', 'Engineers', 'General Users', 'Laptops'];
const QUARANTINED = ['All', 'Laptops', 'entra-ops-quarantine'];

describe('attributing a hybrid-joined laptop (no Entra owner)', () => {
  const w = useOffboardingWorld();

  it.each([
    ['intune', 'Intune primary user'],
    ['sign-in', '2 sign-ins on'],
    ['sso-peer', 'SSO peer'],
  ] as const)('is found through %s alone, quarantined, and the card shows the evidence', async (source, words) => {
    const s = await scenario(w, { evidence: [source] });
    const { c, card } = await run(w, s);
    const laptop = laptopOf(c, s.laptop)!;
    expect(laptop).toMatchObject({ kind: 'machine', evidence: [expect.objectContaining({ source })] });
    expect(laptop.evidence).toHaveLength(1);
    expect(laptop.matchedBy).toContain(words);
    expect(w.netbird.peerGroups(s.laptop)).toEqual(QUARANTINED);
    expect(card).toContain(`Evidence: ${laptop.evidence![0]!.detail}`);
    expect(c.inventory!.attributionNotes).toBeUndefined();
    // Graph was asked in one batch for the user's sources, not one call per source.
    expect(w.graph.calls.filter((x) => x === 'POST /v1.0/$batch').length).toBeLessThanOrEqual(3);
    expect(w.graph.calls).not.toContain(`GET /v1.0/users/${s.leaver.id}/registeredDevices/microsoft.graph.device`);
  });

  it('is found through an assignment IT made alone, the strongest evidence', async () => {
    const s = await scenario(w, { evidence: [] });
    await saveAssignment(w.ctx(), {
      hostname: s.laptopName,
      userId: s.leaver.id,
      by: { aadObjectId: s.approver.id, name: 'Ivy Kealoha' },
      at: new Date().toISOString(),
    });
    const { c, card } = await run(w, s);
    expect(laptopOf(c, s.laptop)!.evidence!.map((e) => e.source)).toEqual(['assignment']);
    expect(w.netbird.peerGroups(s.laptop)).toEqual(QUARANTINED);
    expect(card).toContain('assigned by IT (Ivy Kealoha');
  });

  it("without any evidence the laptop is not the leaver's (what the old Entra-owner match did for every hybrid laptop)", async () => {
    const s = await scenario(w, { evidence: [] });
    const { c } = await run(w, s);
    expect(laptopOf(c, s.laptop)).toBeUndefined();
    expect(w.netbird.peerGroups(s.laptop)).toEqual(IN_POLICY_GROUPS);
  });

  it('lists every source, strongest first', async () => {
    const s = await scenario(w, { evidence: ['entra', 'sign-in', 'intune', 'sso-peer'] });
    const { c } = await run(w, s);
    expect(laptopOf(c, s.laptop)!.evidence!.map((e) => e.source)).toEqual(['intune', 'sso-peer', 'sign-in', 'entra']);
  });

  it('a missing Intune permission and no Entra ID P1 (403 in the batch) degrade those sources; the case goes on and the card says what to ask for', async () => {
    const s = await scenario(w, { evidence: ['intune', 'sign-in', 'sso-peer'] });
    w.graph.world.denied = ['intune', 'noP1'];
    const { c, card } = await run(w, s);
    expect(c.state).toBe('awaiting-approval');
    expect(laptopOf(c, s.laptop)!.evidence!.map((e) => e.source)).toEqual(['sso-peer']);
    expect(w.netbird.peerGroups(s.laptop)).toEqual(QUARANTINED);
    expect(c.inventory!.attributionNotes).toEqual([
      'Intune not readable: ask for DeviceManagementManagedDevices.Read.All',
      'Sign-in logs not readable: the tenant has no Entra ID P1',
    ]);
    expect(card).toContain('Intune not readable: ask for DeviceManagementManagedDevices.Read.All');
  });

  it('a missing AuditLog.Read.All is told apart from a missing licence', async () => {
    const s = await scenario(w, { evidence: ['sign-in', 'intune'] });
    w.graph.world.denied = ['signIns'];
    const { c } = await run(w, s);
    expect(c.inventory!.attributionNotes).toEqual([
      'Sign-in logs not readable: ask for AuditLog.Read.All (needs Entra ID P1)',
    ]);
    expect(laptopOf(c, s.laptop)!.evidence!.map((e) => e.source)).toEqual(['intune']);
  });

  it('throttled batch items (429 with Retry-After) are sent again, alone', async () => {
    const s = await scenario(w, { evidence: ['intune'] });
    w.graph.world.throttleBatchItems = 2;
    const { c } = await run(w, s);
    expect(laptopOf(c, s.laptop)!.evidence!.map((e) => e.source)).toEqual(['intune']);
    const managed = w.graph.calls.filter((x) => x === `BATCH GET /users/${s.leaver.id}/managedDevices`);
    expect(managed).toHaveLength(2);
  });

  it('an Intune "primary user" of implausibly many devices (an enrolment account) is no evidence', async () => {
    const s = await scenario(w, { evidence: [] });
    s.leaver.managed = [s.laptopName, ...Array.from({ length: 20 }, (_, i) => `KIOSK-${i}`)];
    const { c } = await run(w, s);
    expect(laptopOf(c, s.laptop)).toBeUndefined();
    expect(c.inventory!.attributionNotes![0]).toMatch(/primary user of 21 devices/);
  });
});

describe('laptops other people use', () => {
  const w = useOffboardingWorld();

  it('a re-issued laptop whose Intune primary user is an active colleague: listed "also used by", kept out of quarantine, "keep" preselected', async () => {
    const s = await scenario(w, { evidence: ['sign-in'] });
    const bob = w.graph.add({
      id: randomUUID(),
      displayName: 'Bob Palakiko',
      userPrincipalName: 'bob@contoso.com',
      accountEnabled: true,
      managed: [s.laptopName],
    });
    const { c, card } = await run(w, s);
    const laptop = laptopOf(c, s.laptop)!;
    expect(laptop).toMatchObject({
      shared: true,
      alsoUsedBy: [{ name: 'Bob Palakiko', id: bob.id, source: 'intune' }],
      quarantine: { removedFrom: [], done: { result: 'skipped' } },
    });
    expect(w.netbird.peerGroups(s.laptop)).toEqual(IN_POLICY_GROUPS);
    expect(card).toContain('Also used by Bob Palakiko');
    expect(card).toContain('not quarantined, you decide');
    expect(card).toMatch(/"id":"device_0"[^}]*"value":"keep"/);
  });

  it('a laptop shared with a colleague who signs in to NetBird on it too: equal evidence is a conflict', async () => {
    const s = await scenario(w, { evidence: ['sso-peer'] });
    w.netbird.world.peers.push({
      ...scenarioPeer('peer-bob-sso', `${s.laptopName}-bob`, 'nb-bob', { hostname: s.laptopName }),
    });
    w.netbird.world.users.push({
      id: 'nb-bob',
      email: 'bob@contoso.com',
      name: 'Bob Palakiko',
      role: 'user',
      status: 'active',
      last_login: new Date().toISOString(),
      auto_groups: [],
      is_current: false,
      is_service_user: false,
      is_blocked: false,
      pending_approval: false,
      issued: 'api',
    });
    const { c } = await run(w, s);
    expect(laptopOf(c, s.laptop)).toMatchObject({
      shared: true,
      alsoUsedBy: [{ name: 'Bob Palakiko', source: 'sso-peer' }],
    });
    expect(w.netbird.peerGroups(s.laptop)).toEqual(IN_POLICY_GROUPS);
  });

  it('a colleague who has left too (disabled) does not stop quarantine', async () => {
    const s = await scenario(w, { evidence: ['sign-in'] });
    w.graph.add({
      id: randomUUID(),
      displayName: 'Bob Palakiko',
      userPrincipalName: 'bob@contoso.com',
      accountEnabled: false,
      managed: [s.laptopName],
    });
    const { c } = await run(w, s);
    expect(laptopOf(c, s.laptop)!.shared).toBeUndefined();
    expect(w.netbird.peerGroups(s.laptop)).toEqual(QUARANTINED);
  });

  it("weaker evidence for someone else is shown but the leaver's stronger evidence wins", async () => {
    const s = await scenario(w, { evidence: ['intune'] });
    w.netbird.world.peers.push({
      ...scenarioPeer('peer-bob-sso', `${s.laptopName}-bob`, 'nb-bob', { hostname: s.laptopName }),
    });
    w.netbird.world.users.push({
      id: 'nb-bob',
      email: 'bob@contoso.com',
      name: 'Bob Palakiko',
      role: 'user',
      status: 'active',
      last_login: new Date().toISOString(),
      auto_groups: [],
      is_current: false,
      is_service_user: false,
      is_blocked: false,
      pending_approval: false,
      issued: 'api',
    });
    const { c, card } = await run(w, s);
    expect(laptopOf(c, s.laptop)).toMatchObject({ alsoUsedBy: [{ name: 'Bob Palakiko' }] });
    expect(laptopOf(c, s.laptop)!.shared).toBeUndefined();
    expect(w.netbird.peerGroups(s.laptop)).toEqual(QUARANTINED);
    expect(card).toContain('Also used by Bob Palakiko');
  });

  it('a re-imaged laptop (two setup-key peers, one hostname): both listed with last seen, both quarantined', async () => {
    const s = await scenario(w, { evidence: ['intune'] });
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    w.netbird.world.peers.push({ ...scenarioPeer('peer-lt-old', s.laptopName, '', { last_seen: old }) });
    w.netbird.world.groups.find((g) => g.id === 'grp-users')!.peers.push('peer-lt-old');
    const { c, card } = await run(w, s);
    expect(c.devices.filter((d) => d.kind === 'machine').map((d) => d.peerId)).toEqual([s.laptop, 'peer-lt-old']);
    expect(w.netbird.peerGroups('peer-lt-old')).toEqual(['entra-ops-quarantine']);
    expect(card).toContain(`2 peers named ${s.laptopName} (re-imaged?)`);
    expect(card).toContain(`last seen ${old.slice(0, 10)}`);
  });
});
