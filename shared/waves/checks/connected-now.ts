/**
 * Share of the wave's peers connected to the management server now. Honest about what that
 * proves: connected to management, not a WireGuard handshake with a DC (dc-access CONNECTED_MEANS).
 */
import { byName, lastSeen, peerName, percent } from '../format.js';
import { gradeAtLeast } from '../thresholds.js';
import type { CheckResult, WaveCheckInput } from '../types.js';

const TITLE = 'Connected now';

export function connectedNow(input: WaveCheckInput): CheckResult {
  const peers = input.members.peers;
  if (peers.length === 0) {
    return {
      id: 'connected-now',
      title: TITLE,
      status: 'red',
      summary: 'no NetBird peers found for this wave',
      evidence: {},
    };
  }
  const offline = peers.filter((p) => !p.connected).sort(byName(peerName));
  const share = (peers.length - offline.length) / peers.length;
  return {
    id: 'connected-now',
    title: TITLE,
    status: gradeAtLeast(share, input.thresholds.connectedShare),
    summary: `${percent(share)} of ${peers.length} peers connected (${offline.length} not connected)`,
    value: share,
    unit: 'share',
    evidence: { peers: offline.map((p) => `${peerName(p)} (${lastSeen(p, input.now)})`) },
  };
}
