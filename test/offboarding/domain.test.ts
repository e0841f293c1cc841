/** The pure parts: which peers are the leaver's, what quarantine takes away, the blast-radius allowance, secrets, cards. */
import { describe, expect, it } from 'vitest';
import { allowance } from '../../shared/offboarding/blast-radius.js';
import { approvalMessage, batchMessage, alertMessage } from '../../cards/offboarding/card-views.js';
import { matchDevices } from '../../shared/offboarding/devices.js';
import { sameSecret } from '../../shared/offboarding/graph-webhook/client-state.js';
import type { Device, OffboardingCase } from '../../shared/offboarding/model.js';
import { groupsToLeave, policyGroupIds, quarantineWarnings } from '../../shared/offboarding/quarantine-plan.js';
import { expectValidCard } from '../support/cards.js';
import { GROUPS, peer, seedNetwork } from '../fixtures/network.js';

describe("the leaver's devices", () => {
  const peers = [
    peer('p-sso', 'alice-mac', [GROUPS.all, GROUPS.users], { user_id: 'nb-alice' }),
    peer('p-lt', 'laptop-42.corp.contoso.com', [GROUPS.all, GROUPS.users], {
      hostname: 'laptop-42.corp.contoso.com',
      user_id: '',
    }),
    peer('p-bob', 'LAPTOP-42', [GROUPS.all], { user_id: 'nb-bob' }),
    peer('p-other', 'LAPTOP-420', [GROUPS.all], { user_id: '' }),
  ];

  it("SSO peers by user_id, setup-key peers by Entra device name (case-insensitive, short name vs FQDN); never someone else's SSO peer", () => {
    const devices = matchDevices(peers, 'nb-alice', ['Laptop-42', "Alice's iPhone"]);
    expect(devices.map((d) => [d.peerId, d.kind, d.matchedBy])).toEqual([
      ['p-lt', 'machine', 'hostname matches Entra device Laptop-42'],
      ['p-sso', 'sso', 'enrolled by the user (user_id)'],
    ]);
    expect(devices[0]).toMatchObject({ os: 'Windows 11 10.0.26100', connected: true, lastSeen: expect.any(String) });
  });

  it('without a NetBird account only machine peers can match', () => {
    expect(matchDevices(peers, undefined, ['LAPTOP-42']).map((d) => d.peerId)).toEqual(['p-lt']);
    expect(matchDevices(peers, undefined, [])).toEqual([]);
  });
});

describe('quarantine plan', () => {
  const { policies } = seedNetwork();

  it('leaves every group a policy uses (enabled or not) except All; keeps the others', () => {
    const used = policyGroupIds(policies);
    expect([...used].sort()).toEqual(['grp-all', 'grp-dcs', 'grp-eng', 'grp-lan', 'grp-users']);
    const laptop = peer('p', 'LT', [
      GROUPS.all,
      GROUPS.users,
      GROUPS.engineers,
      { id: 'grp-laptops', name: 'Laptops' },
    ]);
    expect(groupsToLeave(laptop, used)).toEqual([
      { id: 'grp-users', name: 'General Users' },
      { id: 'grp-eng', name: 'Engineers' },
    ]);
  });

  it('warns when an enabled policy uses All or the quarantine group', () => {
    expect(quarantineWarnings(policies, 'entra-ops-quarantine')).toEqual([]); // the default All→All is disabled
    const open = policies.map((p) => (p.id === 'pol-default' ? { ...p, enabled: true } : p));
    expect(quarantineWarnings(open, 'entra-ops-quarantine')).toEqual([
      'Policy "Default" uses the All group: quarantined peers still get what it grants',
    ]);
    const leaky = [
      {
        ...policies[0]!,
        rules: [
          {
            ...policies[0]!.rules[0]!,
            sources: [{ id: 'q', name: 'entra-ops-quarantine', peers_count: 0, resources_count: 0 }],
          },
        ],
      },
    ];
    expect(quarantineWarnings(leaky, 'entra-ops-quarantine')[0]).toContain('quarantine is not isolating');
  });
});

describe('blast-radius allowance', () => {
  it('is the smaller of the count and the share, but never below one', () => {
    expect(allowance({ maxUsers: 10, maxShare: 0.05 }, 1000)).toBe(10);
    expect(allowance({ maxUsers: 10, maxShare: 0.05 }, 100)).toBe(5);
    expect(allowance({ maxUsers: 10, maxShare: 0.05 }, 5)).toBe(1);
    expect(allowance({ maxUsers: 2, maxShare: 1 }, 5)).toBe(2);
  });
});

describe('clientState comparison', () => {
  it('compares in constant time whatever the lengths', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('abc', 'abcdef')).toBe(false);
    expect(sameSecret('abc', '')).toBe(false);
  });
});

describe('cards', () => {
  const device = (i: number): Device => ({
    peerId: `p${i}`,
    name: `LAPTOP-${i}`,
    hostname: `LAPTOP-${i}`,
    os: 'Windows 11',
    connected: false,
    lastSeen: '2026-11-20T10:00:00Z',
    kind: 'machine',
    matchedBy: `hostname matches Entra device LAPTOP-${i}`,
    groups: [],
    quarantine: {
      removedFrom: [{ id: 'g', name: 'General Users' }],
      done: { at: '2026-11-20T12:00:00Z', result: 'done' },
    },
  });
  const base: OffboardingCase = {
    id: 'c1',
    userId: 'u1',
    upn: 'alice@contoso.com',
    displayName: 'Alice ${user.secret} Kahananui',
    state: 'awaiting-approval',
    open: true,
    reason: 'disabled',
    requestedBy: { kind: 'notification' },
    dryRun: false,
    openedAt: '2026-11-20T12:00:00Z',
    updatedAt: '2026-11-20T12:00:00Z',
    devices: [device(1)],
    messages: [],
    manager: { id: 'm1', name: 'Sara Davis' },
  };

  it('renders a valid approval card; user text with ${…} stays text', () => {
    const { card, text } = approvalMessage(base);
    expectValidCard(card);
    expect(JSON.stringify(card)).toContain('Alice $\u200b{user.secret} Kahananui');
    expect(text).toContain('your approval is needed');
    expect(card.refresh).toMatchObject({ userIds: ['8:orgid:m1'] });
  });

  it('stays under 28 KB with a very long device list, offering a choice for the first 25', () => {
    const many = { ...base, devices: Array.from({ length: 200 }, (_, i) => device(i)) };
    const { card } = approvalMessage(many);
    expectValidCard(card);
    const text = JSON.stringify(card);
    expect(text.match(/"Input.ChoiceSet"/g)).toHaveLength(25);
    expect(text).toContain('and 175 more: they are kept');
  });

  it('renders valid batch and alert cards', () => {
    expectValidCard(
      batchMessage({
        kind: 'batch',
        id: 'b',
        source: 'sweep',
        status: 'held',
        users: Array.from({ length: 50 }, (_, i) => ({ userId: `u${i}`, name: `User ${i}` })),
        allowance: 10,
        netbirdUsers: 300,
        openedAt: '2026-11-20T12:00:00Z',
        collectUntil: '2026-11-20T12:00:00Z',
      }).card,
    );
    expectValidCard(
      alertMessage({
        c: base,
        step: 'block',
        message: 'NetBird PUT /api/users/{userId} answered 500',
        attempts: 5,
        queue: 'graph-notifications-poison',
      }).card,
    );
    expectValidCard(alertMessage({ userId: 'u9', step: 'check user', message: 'x', queue: 'q' }).card);
  });
});
