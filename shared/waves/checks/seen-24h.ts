/** Share of the wave's peers connected now or seen by the management server in the last 24 hours. */
import { byName, lastSeen, peerName, percent } from '../format.js';
import { gradeAtLeast } from '../thresholds.js';
import type { CheckResult, WaveCheckInput } from '../types.js';

const TITLE = 'Seen in the last 24 h';
const DAY_MS = 24 * 3600_000;

export function seenWithin24h(input: WaveCheckInput): CheckResult {
  const peers = input.members.peers;
  if (peers.length === 0) {
    return {
      id: 'seen-24h',
      title: TITLE,
      status: 'red',
      summary: 'no NetBird peers found for this wave',
      evidence: {},
    };
  }
  const since = input.now.getTime() - DAY_MS;
  const seen = (p: (typeof peers)[number]) => p.connected || Date.parse(p.last_seen) >= since;
  const unseen = peers.filter((p) => !seen(p)).sort(byName(peerName));
  const share = (peers.length - unseen.length) / peers.length;
  return {
    id: 'seen-24h',
    title: TITLE,
    status: gradeAtLeast(share, input.thresholds.seen24hShare),
    summary: `${percent(share)} of ${peers.length} peers seen in the last 24 h (${unseen.length} not)`,
    value: share,
    unit: 'share',
    evidence: { peers: unseen.map((p) => `${peerName(p)} (${lastSeen(p, input.now)})`) },
  };
}
