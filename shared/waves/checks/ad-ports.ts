/**
 * Policy coverage of every AD port (DESIGN.md §7) from the wave's groups to each site's DCs:
 * dc-access `portCoverage`, per group set. Red: some peers reach no site's DCs on every port;
 * amber: some sites only (one DC site left); green: every peer, every site.
 */
import { describeMissing } from '../../domain/dc-access/index.js';
import { byName, peerName, plural } from '../format.js';
import { describeGroups } from '../group-sets.js';
import { worstStatus } from '../verdict.js';
import type { CheckResult, GroupSet, Status, WaveCheckInput } from '../types.js';

const TITLE = 'AD ports to the DCs';
const PORTS_SHOWN = 6;

function setStatus(set: GroupSet): Status {
  const sites = set.assessment.sites;
  const gaps = sites.filter((s) => s.ports.missing.length > 0).length;
  if (gaps === 0) return 'green';
  return gaps === sites.length ? 'red' : 'amber';
}

function gapLine(set: GroupSet): string {
  const perSite = set.assessment.sites
    .filter((s) => s.ports.missing.length > 0)
    .map((s) => {
      const missing = describeMissing(s.ports.missing);
      const more = missing.length > PORTS_SHOWN ? ` and ${missing.length - PORTS_SHOWN} more` : '';
      return `${s.ports.site}: ${missing.slice(0, PORTS_SHOWN).join(', ')}${more}`;
    });
  return `groups ${describeGroups(set.groupNames)} (${plural(set.peers.length, 'peer')}) miss ${perSite.join('; ')}`;
}

export function adPorts(input: WaveCheckInput): CheckResult {
  if (input.sites.length === 0)
    return { id: 'ad-ports', title: TITLE, status: 'amber', summary: 'no sites configured (SITES)', evidence: {} };
  if (input.groupSets.length === 0)
    return { id: 'ad-ports', title: TITLE, status: 'amber', summary: 'no peers to check', evidence: {} };
  const graded = input.groupSets.map((set) => ({ set, status: setStatus(set) }));
  const failing = graded.filter((g) => g.status !== 'green');
  const status = worstStatus(graded.map((g) => g.status));
  if (failing.length === 0) {
    const policies = [
      ...new Set(input.groupSets.flatMap((s) => s.assessment.sites.flatMap((x) => x.ports.grantingPolicies))),
    ].sort();
    return {
      id: 'ad-ports',
      title: TITLE,
      status,
      summary: `every AD port open to every site for all peers (${policies.join(', ')})`,
      evidence: {},
    };
  }
  const peers = failing.flatMap((f) => f.set.peers).sort(byName(peerName));
  const noDc = graded.filter((g) => g.status === 'red').flatMap((g) => g.set.peers).length;
  return {
    id: 'ad-ports',
    title: TITLE,
    status,
    summary:
      noDc > 0
        ? `${plural(noDc, 'peer')} reach no site's DCs on every AD port`
        : `${plural(peers.length, 'peer')} miss AD ports to some sites`,
    evidence: { peers: peers.map(peerName), details: failing.map((f) => gapLine(f.set)) },
  };
}
