/**
 * The AD DNS nameserver group: present, enabled, not primary, its domains include the AD domain,
 * and distributed to the groups of every wave peer (dc-access `adDnsCheck`, run per group set).
 * Without it Windows cannot find a DC by name, so any gap is red.
 */
import { adDnsCheck } from '../../domain/dc-access/index.js';
import { byName, peerName, plural } from '../format.js';
import { describeGroups } from '../group-sets.js';
import type { CheckResult, WaveCheckInput } from '../types.js';

const TITLE = 'AD DNS match domain';

export function adDns(input: WaveCheckInput): CheckResult {
  if (input.groupSets.length === 0) {
    // No peers: still say whether the nameserver group exists at all.
    const dns = adDnsCheck(input.network.nameserverGroups, input.adDomain);
    return {
      id: 'ad-dns',
      title: TITLE,
      status: dns.status === 'ok' ? 'amber' : 'red',
      summary: `${dns.detail} (no peers to check distribution)`,
      evidence: {},
    };
  }
  const failing = input.groupSets.filter((s) => s.assessment.dns.status !== 'ok');
  if (failing.length === 0) {
    const names = [...new Set(input.groupSets.map((s) => s.assessment.dns.groupName))].join(', ');
    return {
      id: 'ad-dns',
      title: TITLE,
      status: 'green',
      summary: `${input.adDomain} resolves through "${names}" for every peer`,
      evidence: {},
    };
  }
  const peers = failing.flatMap((s) => s.peers).sort(byName(peerName));
  const global = failing.find((s) => s.assessment.dns.status === 'missing' || s.assessment.dns.status === 'disabled');
  return {
    id: 'ad-dns',
    title: TITLE,
    status: 'red',
    summary: global
      ? global.assessment.dns.detail
      : `nameserver group for ${input.adDomain} not distributed to ${plural(peers.length, 'peer')}`,
    evidence: {
      peers: global ? [] : peers.map(peerName),
      details: global
        ? []
        : failing.map(
            (s) =>
              `groups ${describeGroups(s.groupNames)} (${plural(s.peers.length, 'peer')}): ${s.assessment.dns.detail.replace("this peer's", 'their')}`,
          ),
    },
  };
}
