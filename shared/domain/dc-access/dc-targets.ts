/**
 * Which NetBird objects stand for the domain controllers of each site: the network resources
 * whose address covers a DC address (or lies in a DC subnet), and the groups holding them.
 */
import type { Site } from '../../config/domain.js';
import { covers, parseRange, rangeCovers } from './ipv4.js';
import type { NetworkResource, NetworkSnapshot } from './netbird-types.js';

export interface SiteTargets {
  site: Site;
  /** Enabled network resources that reach this site's DCs. */
  resources: NetworkResource[];
  /** Groups holding one of those resources, or access-control groups of legacy routes to the site. */
  groupIds: Set<string>;
}

export function resourceReachesSite(address: string, site: Site): boolean {
  const range = parseRange(address);
  if (!range) return false;
  if (site.dcs.some((dc) => covers(address, dc))) return true;
  return site.subnets.some((subnet) => {
    const s = parseRange(subnet);
    return s !== undefined && (rangeCovers(s, range) || rangeCovers(range, s));
  });
}

export function siteTargets(snapshot: NetworkSnapshot, sites: Site[]): SiteTargets[] {
  const allResources = snapshot.networks.flatMap((n) => n.resources);
  return sites.map((site) => {
    const resources = allResources.filter((r) => r.enabled && resourceReachesSite(r.address, site));
    const ids = new Set(resources.map((r) => r.id));
    const groupIds = new Set<string>();
    for (const r of resources) for (const g of r.groups ?? []) groupIds.add(g.id);
    for (const g of snapshot.groups) if ((g.resources ?? []).some((r) => ids.has(r.id))) groupIds.add(g.id);
    // Legacy routes: policies reach a routed network through the route's access-control groups.
    for (const route of snapshot.routes) {
      if (route.enabled && route.network && resourceReachesSite(route.network, site))
        for (const id of route.access_control_groups ?? []) groupIds.add(id);
    }
    return { site, resources, groupIds };
  });
}
