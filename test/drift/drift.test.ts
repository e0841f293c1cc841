/**
 * Group drift at the wire: Graph and NetBird faked with nock, Azurite for storage, the Bot
 * Connector recording the cards. The tenant (world.ts) has one mover, Alice: Entra says Sales,
 * NetBird still says Engineering on her user, her SSO peer and her setup-key laptop.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { driftReadDeps, driftSettings } from '../../shared/drift/deps.js';
import { driftNow } from '../../shared/drift/on-demand.js';
import { readDrift } from '../../shared/drift/read.js';
import { DriftReportStore } from '../../shared/drift/store.js';
import { offboardingContext } from '../../shared/offboarding/context.js';
import { offboardingStorage } from '../../shared/offboarding/storage.js';
import { getServices } from '../../functions/root/services.js';
import { linesOf } from '../bot/support/card-text.js';
import { expectValidCard } from '../support/cards.js';
import { IT_CHANNEL_ID } from '../support/env.js';
import { member, nbUser, nbUserId, peer } from './support.js';
import { ENG, OID, useDriftWorld } from './world.js';

const writesOf = (w: ReturnType<typeof useDriftWorld>) =>
  w.netbird.writes().map((r) => ({ method: r.method, path: r.path, body: r.body }));
const ENGINEERING = { id: 'g-eng', name: 'Engineering' };
const SALES_GROUP = { id: 'g-sales', name: 'Sales' };

describe('group drift, report mode (the default)', () => {
  const w = useDriftWorld();

  it('detects the mover: too much Engineering and missing Sales on her user, SSO peer and setup-key laptop', async () => {
    const ctx = offboardingContext(getServices());
    const report = await readDrift(driftReadDeps(ctx.services, ctx), driftSettings(ctx.services), new Date());

    expect(report.users).toEqual([
      {
        netbirdUserId: nbUserId(OID.alice),
        entraId: OID.alice,
        name: 'Alice Mover',
        email: 'alice@contoso.com',
        extra: [ENGINEERING],
        missing: [SALES_GROUP],
        devices: [
          { peerId: 'p-alice', name: 'alice-mbp', kind: 'sso', extra: [ENGINEERING], missing: [SALES_GROUP] },
          {
            peerId: 'p-hnl',
            name: 'HNL-LT-0042',
            kind: 'machine',
            owner: 'assigned by IT',
            extra: [ENGINEERING],
            missing: [SALES_GROUP],
          },
        ],
      },
    ]);
    // Carol (blocked, Engineering without an Entra group) and Dave (pending, missing Engineering) are not judged.
    expect(report.skipped).toEqual({ blocked: 1, pending: 1 });
    expect(report.judgedUsers).toBe(3);
    expect(report.judgedGroups.map((g) => g.name)).toEqual(['Engineering', 'Sales']);
    // One transitive read per mapped Entra group, no delta.
    expect(w.entra.calls.sort()).toEqual(
      [
        `GET /v1.0/groups/${ENG}/transitiveMembers/microsoft.graph.user`,
        `GET /v1.0/groups/${'5a5a5a5a-2222-4222-8222-000000000002'}/transitiveMembers/microsoft.graph.user`,
      ].sort(),
    );
  });

  it('the timer posts one daily card to the IT channel, writes nothing to NetBird, and keeps the report for tomorrow', async () => {
    const logs = await w.runTimer();

    expect(writesOf(w)).toEqual([]);
    expect(w.bot.activities.map((a) => [a.method, a.conversationId])).toEqual([['POST', IT_CHANNEL_ID]]);
    const card = w.bot.cards()[0]!;
    expectValidCard(card);
    const lines = linesOf(card);
    expect(lines).toContain('Group drift: daily report');
    expect(lines).toContain('Alice Mover (alice@contoso.com)');
    expect(lines).toContain('User auto-groups: too much: Engineering · missing: Sales');
    expect(lines).toContain('HNL-LT-0042 (setup-key peer, assigned by IT): too much: Engineering · missing: Sales');
    expect(lines).toContain('Report only (GROUP_SYNC=report): nothing was changed.');
    expect(lines.join('\n')).not.toMatch(/Bob|Erin|Carol|Dave|Laptops|General Users/);
    expect(logs.some((l) => l.includes('group drift') && l.includes('"posted":true'))).toBe(true);

    const stored = await DriftReportStore.fromConnectionString(w.connectionString()).latest();
    expect(stored?.findings.map((f) => f.key).sort()).toEqual(
      [
        'peer:p-alice:extra:g-eng',
        'peer:p-alice:missing:g-sales',
        'peer:p-hnl:extra:g-eng',
        'peer:p-hnl:missing:g-sales',
        `user:${nbUserId(OID.alice)}:extra:g-eng`,
        `user:${nbUserId(OID.alice)}:missing:g-sales`,
      ].sort(),
    );
  });

  it("the next day's card reports what changed since: Bob moved too, Alice's laptop was fixed by hand", async () => {
    await w.runTimer();
    w.entra.groups.set(ENG, [member(OID.dave, 'Dave Pending', 'dave@contoso.com')]);
    w.netbird.world.groups.find((g) => g.id === 'g-eng')!.peers = ['p-alice', 'p-bob', 'p-carol'];
    w.netbird.world.groups.find((g) => g.id === 'g-sales')!.peers.push('p-hnl');

    await w.runTimer();

    expect(writesOf(w)).toEqual([]);
    const lines = linesOf(w.bot.cards()[1]!);
    expect(lines.find((l) => l.startsWith('Since '))).toMatch(/: 2 new, 2 resolved$/);
    expect(lines).toContain('New (2): Bob Stays: Engineering (too much); bob-xps (Bob Stays): Engineering (too much)');
    expect(lines).toContain(
      'Resolved (2): HNL-LT-0042 (Alice Mover): Engineering (too much); HNL-LT-0042 (Alice Mover): Sales (missing)',
    );
  });
});

describe('group drift, GROUP_SYNC=apply', () => {
  const w = useDriftWorld({ GROUP_SYNC: 'apply' });

  it('changes exactly the differences: one user PUT (role, auto-groups, block state together) and one PUT per changed group', async () => {
    await w.runTimer();

    expect(writesOf(w)).toEqual([
      {
        method: 'PUT',
        path: `/api/users/${nbUserId(OID.alice)}`,
        body: { role: 'user', auto_groups: ['g-users', 'g-sales'], is_blocked: false },
      },
      {
        method: 'PUT',
        path: '/api/groups/g-eng',
        body: { name: 'Engineering', peers: ['p-bob', 'p-carol'], resources: [] },
      },
      {
        method: 'PUT',
        path: '/api/groups/g-sales',
        body: { name: 'Sales', peers: ['p-erin', 'p-alice', 'p-hnl'], resources: [] },
      },
    ]);
    // Blocked Carol keeps her peer in Engineering; unmapped groups are untouched.
    expect(w.netbird.peerGroups('p-carol')).toContain('Engineering');
    expect(w.netbird.peerGroups('p-hnl')).toEqual(['All', 'Laptops', 'Sales']);
    const trail = await offboardingStorage(w.connectionString()).audit.listByUser(OID.alice);
    expect(trail.map((e) => [e.source, e.action, e.result])).toEqual([
      ['group-drift', 'netbird.user-auto-groups', 'ok'],
    ]);
    expect(
      linesOf(w.bot.cards()[0]!).some((l) => l.startsWith('Applied: 3 writes made, 0 already so, 0 refused, 0 failed')),
    ).toBe(true);

    // The next run finds nothing left to change and writes nothing more.
    await w.runTimer();
    expect(writesOf(w)).toHaveLength(3);
    expect(linesOf(w.bot.cards()[1]!)).toContain("Everyone's mapped NetBird groups match their Entra groups.");
  });

  it('the blast-radius guard holds a mass change: nothing is written and IT is asked; an approver\'s "drift apply" releases it', async () => {
    process.env.BLAST_RADIUS_MAX_USERS = '2';
    process.env.BLAST_RADIUS_MAX_SHARE = '1';
    // The Engineering group is emptied in Entra (a GROUP_MAP typo looks the same): Bob and three more would lose it.
    for (let i = 0; i < 3; i++) {
      const oid = `0000000${i}-0000-4000-8000-00000000aaaa`;
      w.netbird.world.users.push(nbUser(oid, `eng${i}@contoso.com`, `Engineer ${i}`, ['g-eng']));
      w.netbird.world.peers.push(peer(`p-eng${i}`, `eng-lt-${i}`, nbUserId(oid)));
      w.netbird.world.groups.find((g) => g.id === 'g-eng')!.peers.push(`p-eng${i}`);
    }
    w.entra.groups.set(ENG, []);
    const { resetServices } = await import('../../functions/root/services.js');
    resetServices();

    await w.runTimer();

    expect(writesOf(w)).toEqual([]);
    const lines = linesOf(w.bot.cards()[0]!);
    expect(
      lines.some((l) =>
        l.startsWith('⚠️ Held: 5 users would change, more than the blast-radius allowance of 2. Nothing was written.'),
      ),
    ).toBe(true);

    const ctx = offboardingContext(getServices());
    const store = DriftReportStore.fromConnectionString(w.connectionString());
    // Someone who is not an IT approver cannot release it.
    const refused = await driftNow(ctx, store, { apply: { aadObjectId: OID.bob, correlationId: randomUUID() } });
    expect(refused).toEqual({ kind: 'group-drift-refused', reason: 'not-approver' });
    expect(writesOf(w)).toEqual([]);

    const released = await driftNow(ctx, store, { apply: { aadObjectId: OID.approver, correlationId: randomUUID() } });
    expect(released.kind === 'group-drift' && released.apply?.kind).toBe('applied');
    expect(writesOf(w).filter((r) => r.path.startsWith('/api/users/'))).toHaveLength(5);
    expect(w.netbird.world.groups.find((g) => g.id === 'g-eng')!.peers).toEqual(['p-carol']);
  });
});

describe('group drift, GROUP_SYNC=apply with DRY_RUN', () => {
  const w = useDriftWorld({ GROUP_SYNC: 'apply', DRY_RUN: 'true' });

  it('plans and audits every write without making any', async () => {
    await w.runTimer();

    expect(writesOf(w)).toEqual([]);
    const trail = await offboardingStorage(w.connectionString()).audit.listByUser(OID.alice);
    expect(trail.map((e) => [e.action, e.result])).toEqual([['netbird.user-auto-groups', 'planned']]);
    expect(trail[0]!.summary).toMatch(
      /^Would add Sales and remove Engineering in the auto-groups of NetBird user alice@contoso.com/,
    );
    expect(linesOf(w.bot.cards()[0]!).some((l) => l.startsWith('Dry run: 3 writes planned, none made'))).toBe(true);
  });
});
