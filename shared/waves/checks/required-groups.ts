/**
 * Peers missing a group the wave requires (the wave's `requiredGroups`, by NetBird group name or
 * id). The DC policies and the DNS match domain are granted to groups, so a peer outside them
 * has no line of sight to a DC whatever else is right.
 */
import { byName, peerName, percent } from '../format.js';
import { gradeAtMost } from '../thresholds.js';
import type { CheckResult, WaveCheckInput } from '../types.js';

const TITLE = 'Required groups';

export function requiredGroups(input: WaveCheckInput): CheckResult {
  const wanted = input.wave.requiredGroups;
  const peers = input.members.peers;
  if (wanted.length === 0)
    return {
      id: 'required-groups',
      title: TITLE,
      status: 'green',
      summary: 'no required groups configured for this wave',
      evidence: {},
    };
  if (peers.length === 0)
    return { id: 'required-groups', title: TITLE, status: 'amber', summary: 'no peers to check', evidence: {} };

  const resolved = wanted.map((ref) => {
    const group =
      input.network.groups.find((g) => g.id === ref) ??
      input.network.groups.find((g) => g.name.toLowerCase() === ref.toLowerCase());
    return { ref, id: group?.id, name: group?.name ?? ref };
  });
  const missingOf = (peer: (typeof peers)[number]) => {
    const ids = new Set((peer.groups ?? []).map((g) => g.id));
    return resolved.filter((r) => !r.id || !ids.has(r.id)).map((r) => r.name);
  };
  const missing = peers
    .map((peer) => ({ peer, groups: missingOf(peer) }))
    .filter((m) => m.groups.length > 0)
    .sort(byName((m) => peerName(m.peer)));
  const share = missing.length / peers.length;
  const unknown = resolved.filter((r) => !r.id).map((r) => `group "${r.ref}" does not exist in NetBird`);
  return {
    id: 'required-groups',
    title: TITLE,
    status: gradeAtMost(share, input.thresholds.missingGroupsShare),
    summary:
      missing.length === 0
        ? `all ${peers.length} peers are in ${resolved.map((r) => r.name).join(', ')}`
        : `${missing.length} of ${peers.length} peers miss a required group (${percent(share)})`,
    value: share,
    unit: 'share',
    evidence: { peers: missing.map((m) => `${peerName(m.peer)} (missing ${m.groups.join(', ')})`), details: unknown },
  };
}
