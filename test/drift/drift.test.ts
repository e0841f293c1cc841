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
import { getServices } from '../../shared/services.js';
import { linesOf } from '../bot/support/card-text.js';
import { expectValidCard } from '../support/cards.js';
import { IT_CHANNEL_ID } from '../support/env.js';
import { member, nbUser, nbUserId, peer } from './support.js';
import { ENG, OID, useDriftWorld } from './world.js';

const writesOf = (w: ReturnType<typeof useDriftWorld>) => w.netbird.writes().map((r) => ({ method: r.method, path: r.path, body: r.body }));
const ENGINEERING = { id: 'g-eng', name: 'Engineering' };
const SALES_GROUP = { id: 'g-sales', name: 'Sales' };

describe('group drift, report mode (the default)', () => {
  const w = useDriftWorld();

  it('detects the mover: too much Engineering and missing Sales on her user, SSO peer and setup-key laptop', async () => {
    const ctx = offboardingContext(getServices());
    const report = await readDrift(driftReadDeps(ctx.services, ctx), driftSettings(ctx.services), new Date());

    expect(report.users).toEqual([{
      netbirdUserId: nbUserId(OID.alice), entraId: OID.alice, name: 'Alice Mover', email: 'alice@contoso.com',
      extra: [ENGINEERING], missing: [SALES_GROUP],
      devices: [
        { peerId: 'p-alice', name: 'alice-mbp', kind: 'sso', extra: [ENGINEERING], missing: [SALES_GROUP] },
        { peerId: 'p-hnl', name: 'HNL-LT-0042', kind: 'machine', owner: 'assigned by IT', extra: [ENGINEERING], missing: [SALES_GROUP] },
      ],
    }]);
    // Carol (blocked, Engineering without an Entra group) and Dave (pending, missing Engineering) are not judged.
    expect(report.skipped).toEqual({ blocked: 1, pending: 1 });
    expect(report.judgedUsers).toBe(3);
    expect(report.judgedGroups.map((g) => g.name)).toEqual(['Engineering', 'Sales']);
    // One transitive read per mapped Entra group, no delta.
    expect(w.entra.calls.sort()).toEqual([`GET /v1.0/groups/${ENG}/transitiveMembers/microsoft.graph.user`, `GET /v1.0/groups/${'5a5a5a5a-2222-4222-8222-000000000002'}/transitiveMembers/microsoft.graph.user`].sort());
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
    expect(stored?.findings.map((f) => f.key).sort()).toEqual([
      'peer:p-alice:extra:g-eng', 'peer:p-alice:missing:g-sales', 'peer:p-hnl:extra:g-eng', 'peer:p-hnl:missing:g-sales',
      `user:${nbUserId(OID.alice)}:extra:g-eng`, `user:${nbUserId(OID.alice)}:missing:g-sales`,
    ].sort());
  });

  it('the next day\'s card reports what changed since: Bob moved too, Alice\'s laptop was fixed by hand', async () => {
    await w.runTimer();
    w.entra.groups.set(ENG, [member(OID.dave, 'Dave Pending', 'dave@contoso.com')]);
    w.netbird.world.groups.find((g) => g.id === 'g-eng')!.peers = ['p-alice', 'p-bob', 'p-carol'];
    w.netbird.world.groups.find((g) => g.id === 'g-sales')!.peers.push('p-hnl');

    await w.runTimer();

    expect(writesOf(w)).toEqual([]);
    const lines = linesOf(w.bot.cards()[1]!);
    expect(lines.find((l) => l.startsWith('Since '))).toMatch(/: 2 new, 2 resolved$/);
    expect(lines).toContain('New (2): Bob Stays: Engineering (too much); bob-xps (Bob Stays): Engineering (too much)');
    expect(lines).toContain('Resolved (2): HNL-LT-0042 (Alice Mover): Engineering (too much); HNL-LT-0042 (Alice Mover): Sales (missing)');
  });
});
