/**
 * Is the AD domain sent to the DCs? A nameserver group is a match-domain group when it has
 * domains (primary ⇔ no domains, DESIGN.md §5); it must be enabled and distributed to the groups.
 */
import type { NameserverGroup } from './netbird-types.js';

export interface DnsCheck {
  status: 'ok' | 'missing' | 'disabled' | 'not-distributed';
  groupName?: string;
  detail: string;
}

function matchesDomain(listed: string, adDomain: string): boolean {
  const d = listed.toLowerCase().replace(/\.$/, '');
  return adDomain === d || adDomain.endsWith(`.${d}`);
}

export function adDnsCheck(groups: NameserverGroup[], adDomain: string, peerGroupIds?: ReadonlySet<string>): DnsCheck {
  const domain = adDomain.toLowerCase();
  const candidates = groups.filter((g) => !g.primary && (g.domains ?? []).some((d) => matchesDomain(d, domain)));
  if (candidates.length === 0)
    return { status: 'missing', detail: `no nameserver group has the match domain ${domain}` };
  const enabled = candidates.filter((g) => g.enabled);
  if (enabled.length === 0)
    return {
      status: 'disabled',
      groupName: candidates[0]?.name,
      detail: `nameserver group "${candidates[0]?.name}" for ${domain} is disabled`,
    };
  const distributed = peerGroupIds
    ? enabled.find((g) => (g.groups ?? []).some((id) => peerGroupIds.has(id)))
    : enabled[0];
  if (!distributed)
    return {
      status: 'not-distributed',
      groupName: enabled[0]?.name,
      detail: `nameserver group "${enabled[0]?.name}" for ${domain} is not distributed to this peer's groups`,
    };
  return {
    status: 'ok',
    groupName: distributed.name,
    detail: `${domain} resolves through nameserver group "${distributed.name}"`,
  };
}
