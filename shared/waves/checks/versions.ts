/**
 * Peers running a NetBird client older than the configured minimum (MIN_NETBIRD_VERSION).
 * A version that is not x.y.z ("development", empty) cannot be compared: it is named, not counted.
 */
import { peerName, percent, plural } from '../format.js';
import { compareVersions, parseVersion } from '../semver.js';
import { gradeAtMost } from '../thresholds.js';
import type { CheckResult, WaveCheckInput } from '../types.js';

const TITLE = 'NetBird version';

export function versions(input: WaveCheckInput): CheckResult {
  const peers = input.members.peers;
  const minimum = parseVersion(input.minVersion);
  if (!minimum)
    return {
      id: 'versions',
      title: TITLE,
      status: 'green',
      summary: 'no minimum version configured (MIN_NETBIRD_VERSION)',
      evidence: {},
    };
  if (peers.length === 0)
    return { id: 'versions', title: TITLE, status: 'amber', summary: 'no peers to check', evidence: {} };
  const parsed = peers.map((peer) => ({ peer, version: parseVersion(peer.version) }));
  const outdated = parsed
    .filter(
      (p): p is { peer: (typeof peers)[number]; version: NonNullable<typeof p.version> } =>
        p.version !== undefined && compareVersions(p.version, minimum) < 0,
    )
    .sort((a, b) => compareVersions(a.version, b.version) || peerName(a.peer).localeCompare(peerName(b.peer)));
  const unknown = parsed.filter((p) => p.version === undefined);
  const share = outdated.length / peers.length;
  return {
    id: 'versions',
    title: TITLE,
    status: gradeAtMost(share, input.thresholds.outdatedShare),
    summary:
      outdated.length === 0
        ? `all ${peers.length} peers at ${input.minVersion} or newer`
        : `${outdated.length} of ${peers.length} peers below ${input.minVersion} (${percent(share)})`,
    value: share,
    unit: 'share',
    evidence: {
      peers: outdated.map((p) => `${peerName(p.peer)} (${p.peer.version})`),
      details: unknown.length
        ? [
            `${plural(unknown.length, 'peer')} ${unknown.length === 1 ? 'reports' : 'report'} a version that cannot be compared: ${unknown
              .slice(0, 3)
              .map((p) => `${peerName(p.peer)} (${p.peer.version || 'none'})`)
              .join(', ')}`,
          ]
        : [],
    },
  };
}
