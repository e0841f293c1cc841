/**
 * Per site: is a routing peer that publishes the DC network connected, and are the network's
 * routers and the resources reaching the DCs enabled? Routing itself is dc-access's analysis
 * (siteTargets, siteRouting); this adds what is switched off, which dc-access leaves out.
 * Red: a site with no routing peer, or none connected. Amber: something disabled, or one of
 * several routing peers offline (no redundancy left).
 */
import { siteRouting, siteTargets } from '../../domain/dc-access/index.js';
import { resourceReachesSite } from '../../domain/dc-access/dc-targets.js';
import type { Site } from '../../config/domain.js';
import type { NetworkSnapshot } from '../../domain/dc-access/index.js';
import { lastSeen, plural } from '../format.js';
import { worstStatus } from '../verdict.js';
import type { CheckResult, Status, WaveCheckInput } from '../types.js';

const TITLE = 'Routing peers per site';

interface SiteFinding {
  status: Status;
  line: string;
  offlinePeers: string[];
  disabled: string[];
}

function disabledParts(network: NetworkSnapshot, site: Site): string[] {
  const out: string[] = [];
  for (const { network: net, routers, resources } of network.networks) {
    const reaching = resources.filter((r) => resourceReachesSite(r.address, site));
    if (reaching.length === 0) continue;
    for (const r of reaching)
      if (!r.enabled)
        out.push(`${site.name}: resource "${r.name}" (${r.address}) of network "${net.name}" is disabled`);
    for (const r of routers)
      if (!r.enabled)
        out.push(
          `${site.name}: a router of network "${net.name}" (${r.peer ? `peer ${r.peer}` : `groups ${r.peer_groups.join(', ')}`}) is disabled`,
        );
  }
  return out;
}

function siteFinding(
  input: WaveCheckInput,
  targets: ReturnType<typeof siteTargets>[number],
  waveGroups: ReadonlySet<string> | undefined,
): SiteFinding {
  const routing = siteRouting(input.network, targets, waveGroups);
  const disabled = disabledParts(input.network, targets.site);
  const offline = routing.routingPeers.filter((r) => !r.connected);
  const online = routing.routingPeers.length - offline.length;
  const offlinePeers = offline.map((r) => {
    const peer = input.network.peers.find((p) => p.id === r.id);
    return `${r.name} (${targets.site.name}, ${peer ? lastSeen(peer, input.now) : 'not connected'})`;
  });
  if (routing.status === 'none')
    return {
      status: 'red',
      line: `${targets.site.name}: no routing peer publishes the DC network`,
      offlinePeers,
      disabled,
    };
  if (routing.status === 'down')
    return {
      status: 'red',
      line: `${targets.site.name}: ${plural(routing.routingPeers.length, 'routing peer')}, none connected`,
      offlinePeers,
      disabled,
    };
  const status: Status = offline.length > 0 || disabled.length > 0 ? 'amber' : 'green';
  return {
    status,
    line: `${targets.site.name}: ${online} of ${routing.routingPeers.length} routing peers connected`,
    offlinePeers,
    disabled,
  };
}

export function routing(input: WaveCheckInput): CheckResult {
  if (input.sites.length === 0)
    return { id: 'routing', title: TITLE, status: 'amber', summary: 'no sites configured (SITES)', evidence: {} };
  const waveGroups = new Set(input.members.peers.flatMap((p) => (p.groups ?? []).map((g) => g.id)));
  const findings = siteTargets(input.network, input.sites).map((t) =>
    siteFinding(input, t, waveGroups.size ? waveGroups : undefined),
  );
  const status = worstStatus(findings.map((f) => f.status));
  return {
    id: 'routing',
    title: TITLE,
    status,
    summary: findings.map((f) => f.line).join('; '),
    evidence: { peers: findings.flatMap((f) => f.offlinePeers), details: findings.flatMap((f) => f.disabled) },
  };
}
