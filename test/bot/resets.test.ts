import { afterEach, describe, expect, it } from 'vitest';
import type { NetworkSnapshot } from '../../shared/domain/dc-access/index.js';
import type { DirectoryAudit } from '../../shared/graph/index.js';
import { expectValidCard } from '../support/cards.js';
import { FIXTURE_NOW, seedNetwork } from '../fixtures/network.js';
import { fixture } from '../graph/support.js';
import { graphFake, type GraphWorld } from './support/graph.js';
import { useBotWorld } from './support/harness.js';
import { netbirdFake, type NetBirdFake } from './support/netbird.js';
import { ALICE, ALICE_DEVICES, ALICE_NB, IVY_USER } from './support/people.js';
import { channelMessage, IVY, personalMessage } from './support/teams.js';
import { cardOf, linesOf } from './support/card-text.js';

const DAY = 86_400_000;
const at = (msBeforeNow: number) => new Date(FIXTURE_NOW.getTime() - msBeforeNow).toISOString();

/**
 * The sample SSPR audit events (../shared/graph/samples/directory-audits-sspr.json), retargeted at
 * Alice and moved to `times` (activity name → time): same shape, ids, results and reasons.
 */
function aliceEvents(times: Record<string, string>): DirectoryAudit[] {
  const sample = fixture<{ value: DirectoryAudit[] }>('directory-audits-sspr.json').value;
  const text = JSON.stringify(sample)
    .replaceAll('1f0e98f5-3161-4c6b-9b50-d488572f2bb7', ALICE.id)
    .replaceAll('bob@contoso.com', ALICE.userPrincipalName!)
    .replaceAll('Bob Contoso', ALICE.displayName!);
  return (JSON.parse(text) as DirectoryAudit[])
    .filter((e) => times[e.activityDisplayName ?? ''])
    .map((e) => ({ ...e, activityDateTime: times[e.activityDisplayName ?? '']! }));
}

describe('resets through the bot', () => {
  const world = useBotWorld({}, { now: () => FIXTURE_NOW });
  let nb: NetBirdFake;
  let filters: string[];

  const setup = (events: DirectoryAudit[], laptopLastSeen: string, audits?: GraphWorld['audits']) => {
    const net: NetworkSnapshot = seedNetwork();
    const laptop = net.peers.find((p) => p.name === 'LAPTOP-42')!;
    laptop.last_seen = laptopLastSeen;
    laptop.connected = Date.parse(laptopLastSeen) > FIXTURE_NOW.getTime() - 5 * 60_000;
    nb = netbirdFake(
      () => net,
      () => [ALICE_NB],
    );
    filters = [];
    graphFake({
      itMembers: [IVY.aadObjectId],
      users: [ALICE, IVY_USER],
      devices: ALICE_DEVICES,
      audits:
        audits ??
        ((filter) => {
          filters.push(filter);
          if (filter.includes("'Self-service Password Management'") && filter.includes('targetResources'))
            return [200, { value: events }];
          return [200, { value: [] }];
        }),
    });
  };
  const resets = async (text: string) => {
    const res = await world.post(channelMessage(text));
    expect(res.status).toBe(200);
    const [reply] = world.messages();
    const card = cardOf(reply!);
    expectValidCard(card);
    return { lines: linesOf(card), text: String(reply!.text) };
  };

  afterEach(async () => {
    await nb.expectAllValid();
  });

  it('shows a reset followed by the laptop coming online: cached credentials can refresh', async () => {
    setup(
      aliceEvents({
        'Self-service password reset flow activity progress': at(2 * DAY + 60_000),
        'Reset password (self-service)': at(2 * DAY),
      }),
      at(60_000),
    );
    const { lines, text } = await resets('resets alice@contoso.com');
    expect(lines[0]).toBe('Password events: Alice Kahananui');
    expect(lines[1]).toBe('alice@contoso.com: last 7 days (since 2026-11-13 12:00 UTC), newest first');
    expect(lines).toContain(
      'NetBird peers checked: LAPTOP-42 (machine tunnel, last seen 1 minute ago (2026-11-20 11:59 UTC))',
    );
    const reset = lines.indexOf('Reset password (self-service)');
    expect(reset).toBeGreaterThan(1);
    expect(lines.slice(reset + 1, reset + 6)).toEqual([
      'When: 2 days ago (2026-11-18 12:00 UTC)',
      'Result: success',
      'Initiated by: alice@contoso.com',
      'Logged by: Self-service Password Management',
      'LAPTOP-42 has been online since (last seen 1 minute ago (2026-11-20 11:59 UTC)): can refresh cached credentials at the next lock/unlock.',
    ]);
    expect(lines).toContain('Self-service password reset flow activity progress');
    expect(lines.at(-1)).toMatch(/failure details are only in the Entra Connect server's event log/);
    expect(text).toContain('Reset password (self-service): success. LAPTOP-42 has been online since');
    // The window's start and the user, escaped, in every query.
    expect(filters).toHaveLength(3);
    for (const f of filters) expect(f).toContain('activityDateTime ge 2026-11-13T12:00:00.000Z');
  });

  it('shows a reset with the laptop offline ever since: it signs in with the old password', async () => {
    setup(
      aliceEvents({
        'Reset password (by admin)': at(2 * DAY),
        'Change password (self-service)': at(2.5 * DAY),
        'Blocked from self-service password reset': at(1 * DAY),
        'Unlock user account (self-service)': at(0.5 * DAY),
      }),
      at(3 * DAY),
    );
    const { lines } = await resets('reset history alice 10');
    expect(lines[1]).toBe('alice@contoso.com: last 10 days (since 2026-11-10 12:00 UTC), newest first');
    // Newest first: unlock, block, admin reset, failed change.
    expect(lines.filter((l) => /^(Unlock|Blocked|Reset|Change) /.test(l))).toEqual([
      'Unlock user account (self-service)',
      'Blocked from self-service password reset',
      'Reset password (by admin)',
      'Change password (self-service)',
    ]);
    expect(lines).toContain(
      'Offline since the reset: signs in with the old password until it reconnects (LAPTOP-42 last seen 3 days ago (2026-11-17 12:00 UTC)).',
    );
    expect(lines).toContain('Initiated by: audry@contoso.com');
    expect(lines).toContain('Writeback agent: Microsoft Entra Connect');
    // The failed change changed nothing: its reason, and no laptop line.
    expect(lines).toContain('Reason: FuzzyPolicyViolationInvalidPassword');
    expect(lines.filter((l) => l.startsWith('Offline since'))).toHaveLength(1);
    expect(lines).toContain(
      "Entra keeps audit logs 7 days on the Free tier and 30 days with P1 or P2: events older than the tenant's retention are not shown.",
    );
  });

  it('says plainly when Graph refuses for want of a licence (403)', async () => {
    setup([], at(60_000), () => [
      403,
      {
        error: {
          code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
          message: "Neither tenant is B2C or tenant doesn't have premium license",
        },
      },
    ]);
    const { lines } = await resets('resets alice@contoso.com');
    expect(lines[0]).toBe('Password events of alice@contoso.com: not available');
    expect(lines).toContain(
      'Entra refused to read the audit log for want of a licence: reading audit logs through Microsoft Graph needs Microsoft Entra ID P1 (or P2).',
    );
    expect(lines.at(-1)).toMatch(/Entra Connect server/);
  });

  it("says plainly when the window is beyond the tenant's retention (400 about the date range)", async () => {
    setup([], at(60_000), () => [
      400,
      {
        error: {
          code: 'BadRequest',
          message: 'The requested date range exceeds the data retention period for this tenant.',
        },
      },
    ]);
    const { lines } = await resets('resets alice@contoso.com 30');
    expect(lines).toContain(
      "That window reaches past the tenant's audit log retention (7 days on the Free tier, 30 days with P1 or P2). Ask for fewer days.",
    );
  });

  it('refuses more than 30 days with the usage line, without asking Graph for audits', async () => {
    setup([], at(60_000));
    const res = await world.post(personalMessage('resets alice@contoso.com 31'));
    expect(res.status).toBe(200);
    const lines = linesOf(cardOf(world.messages()[0]!));
    expect(lines[0]).toMatch(/^Usage: resets <user>/);
    expect(lines[1]).toBe('Days must be a whole number from 1 to 30 (Entra keeps audit logs at most 30 days).');
    expect(filters).toEqual([]);
  });

  it('says when there is no such user', async () => {
    setup([], at(60_000));
    const { lines } = await resets('resets nobody@contoso.com');
    expect(lines[0]).toBe('No Entra user "nobody@contoso.com"');
  });
});
