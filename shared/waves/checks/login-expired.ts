/**
 * Peers whose login expired: they cannot connect until someone signs in again, so an SSO peer
 * of a wave user is offline at the Windows login screen exactly when a reset needs it.
 */
import { byName, peerName, percent } from '../format.js';
import { gradeAtMost } from '../thresholds.js';
import type { CheckResult, WaveCheckInput } from '../types.js';

const TITLE = 'Login expired';

export function loginExpired(input: WaveCheckInput): CheckResult {
  const peers = input.members.peers;
  if (peers.length === 0)
    return { id: 'login-expired', title: TITLE, status: 'amber', summary: 'no peers to check', evidence: {} };
  const expired = peers.filter((p) => p.login_expired).sort(byName(peerName));
  const share = expired.length / peers.length;
  return {
    id: 'login-expired',
    title: TITLE,
    status: gradeAtMost(share, input.thresholds.loginExpiredShare),
    summary:
      expired.length === 0
        ? `no login-expired peers among ${peers.length}`
        : `${expired.length} of ${peers.length} peers login-expired (${percent(share)})`,
    value: share,
    unit: 'share',
    evidence: { peers: expired.map(peerName) },
  };
}
