/** The drift computation alone (pure): id schemes, email last, who owns a setup-key peer, unmapped groups. */
import { describe, expect, it } from 'vitest';
import { computeDrift, type DriftInput } from '../../shared/drift/compute.js';
import type { NetBirdPeer } from '../../shared/netbird/index.js';
import { member, nbUser, nbUserId, peer } from './support.js';

const ENG = 'e0e0e0e0-1111-4111-8111-000000000001';
const A = 'a0000000-0000-4000-8000-000000000001';
const B = 'b0000000-0000-4000-8000-000000000002';
const C = 'c0000000-0000-4000-8000-000000000003';
const withGroups = (p: Omit<NetBirdPeer, 'groups'>, groups: string[]) =>
  ({ ...p, groups: groups.map((id) => ({ id, name: id, peers_count: 0, resources_count: 0 })) }) as NetBirdPeer;

function input(over: Partial<DriftInput>): DriftInput {
  return {
    map: { [ENG]: ['Engineering'] },
    members: new Map(),
    users: [],
    peers: [],
    groups: [
      { id: 'g-eng', name: 'Engineering' },
      { id: 'g-lap', name: 'Laptops' },
    ],
    assignments: [],
    idp: { mode: 'embedded', connectorId: 'entra' },
    takenAt: '2026-12-05T06:30:00.000Z',
    ...over,
  };
}

describe('computeDrift', () => {
  it('matches a legacy-id user and, last, a user by email; only mapped groups are judged', () => {
    const report = computeDrift(
      input({
        members: new Map([[ENG, [member(A, 'A', 'a@contoso.com'), member(B, 'B', 'b@contoso.com')]]]),
        users: [
          nbUser(A, 'a@contoso.com', 'Legacy A', ['g-lap'], { id: A }),
          nbUser(B, 'B@Contoso.com', 'Email B', ['g-eng'], { id: 'auth0|something-else' }),
        ],
      }),
    );
    // A lacks Engineering; holding the unmapped Laptops is not drift. B matched by email and is fine.
    expect(report.users.map((u) => [u.name, u.extra.map((g) => g.name), u.missing.map((g) => g.name)])).toEqual([
      ['Legacy A', [], ['Engineering']],
    ]);
    expect(report.unmatchedMembers).toBe(0);
  });

  it('gives a setup-key laptop to the person whose SSO peer has its hostname, and judges none when two people do', () => {
    const report = computeDrift(
      input({
        members: new Map([[ENG, [member(A, 'A', 'a@contoso.com')]]]),
        users: [
          nbUser(A, 'a@contoso.com', 'A', ['g-eng']),
          nbUser(B, 'b@contoso.com', 'B', []),
          nbUser(C, 'c@contoso.com', 'C', []),
        ],
        peers: [
          withGroups(peer('sso-a', 'LT-1', nbUserId(A)), ['g-eng']),
          withGroups(peer('pc-1', 'LT-1.corp.contoso.com', ''), []),
          withGroups(peer('sso-b', 'LT-2', nbUserId(B)), []),
          withGroups(peer('sso-c', 'LT-2', nbUserId(C)), []),
          withGroups(peer('pc-2', 'LT-2', ''), ['g-eng']),
        ],
      }),
    );
    expect(
      report.users.map((u) => [u.name, u.devices.map((d) => [d.name, d.kind, d.owner, d.missing.map((g) => g.name)])]),
    ).toEqual([['A', [['LT-1.corp.contoso.com', 'machine', 'SSO peer on the same hostname', ['Engineering']]]]]);
    expect(report.ambiguousMachines).toBe(1);
  });
});
