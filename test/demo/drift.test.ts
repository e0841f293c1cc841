/**
 * The demo tenant's group-drift story: GROUP_MAP maps the synced Entra groups to the NetBird
 * groups of the same name, and one engineer moved department in Entra while NetBird still gives
 * them Engineers. Drift computed on the seeded data names that mover.
 */
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../local/demo/seed.js';
import { groupMapSchema } from '../../shared/config/group-map.js';
import { computeDrift } from '../../shared/drift/compute.js';
import type { NetBirdPeer } from '../../shared/netbird/index.js';

const seed = seedDemo({ seed: 11, now: new Date('2026-11-20T12:00:00Z') });

describe('demo tenant: group drift', () => {
  it('has a GROUP_MAP and a mover whom drift finds holding Engineers instead of General Users', () => {
    const map = groupMapSchema.parse(JSON.parse(seed.settings.GROUP_MAP!));
    expect(Object.values(map).flat().sort()).toEqual(['Engineers', 'General Users']);
    const mover = seed.org.mover!;
    expect(mover).toBeDefined();
    const members = new Map(
      Object.keys(map).map((id) => [
        id,
        seed.graph.groups.get(id)!.memberIds.map((m) => {
          const u = seed.graph.users.get(m)!;
          return {
            id: u.id,
            displayName: u.displayName,
            userPrincipalName: u.userPrincipalName,
            mail: u.mail ?? null,
            accountEnabled: u.accountEnabled,
          };
        }),
      ]),
    );
    const groups = [...seed.netbird.groups.values()].map((g) => ({ id: g.id, name: g.name }));
    const peers = [...seed.netbird.peers.values()].map((p) => ({
      ...p,
      groups: [...seed.netbird.groups.values()]
        .filter((g) => g.peers.has(p.id))
        .map((g) => ({ id: g.id, name: g.name })),
    })) as unknown as NetBirdPeer[];
    const report = computeDrift({
      map,
      members,
      users: [...seed.netbird.users.values()],
      peers,
      groups,
      assignments: [],
      idp: { mode: 'embedded', connectorId: seed.settings.NETBIRD_IDP_CONNECTOR_ID! },
      takenAt: new Date().toISOString(),
    });
    const found = report.users.find((u) => u.entraId === mover.id.toLowerCase());
    expect(found?.extra.map((g) => g.name)).toEqual(['Engineers']);
    expect(found?.missing.map((g) => g.name)).toEqual(['General Users']);
    expect(report.users.map((u) => u.name)).toEqual([found!.name]);
  });
});
