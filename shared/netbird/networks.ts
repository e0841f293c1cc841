/**
 * The Networks API (networks, their routing peers and resources): the current way NetBird
 * publishes site subnets such as the DC networks. `/api/routes` is the legacy way (routes.ts).
 */
import { normaliseNetwork, normaliseNetworkResource, normaliseNetworkRouter } from './normalise.js';
import type { NetBirdTransport } from './transport.js';
import type { NetBirdNetwork, NetBirdNetworkResource, NetBirdNetworkRouter } from './types.js';

export async function listNetworks(t: NetBirdTransport): Promise<NetBirdNetwork[]> {
  const networks = await t.list('GET /api/networks', t.http.GET('/api/networks'));
  return networks.map(normaliseNetwork);
}

export async function listNetworkRouters(t: NetBirdTransport, networkId: string): Promise<NetBirdNetworkRouter[]> {
  const routers = await t.list(
    'GET /api/networks/{networkId}/routers',
    t.http.GET('/api/networks/{networkId}/routers', { params: { path: { networkId } } }),
  );
  return routers.map(normaliseNetworkRouter);
}

export async function listNetworkResources(t: NetBirdTransport, networkId: string): Promise<NetBirdNetworkResource[]> {
  const resources = await t.list(
    'GET /api/networks/{networkId}/resources',
    t.http.GET('/api/networks/{networkId}/resources', { params: { path: { networkId } } }),
  );
  return resources.map(normaliseNetworkResource);
}

/** Every router of every network in one call. The answer does not say which network each belongs to. */
export async function listAllRouters(t: NetBirdTransport): Promise<NetBirdNetworkRouter[]> {
  const routers = await t.list('GET /api/networks/routers', t.http.GET('/api/networks/routers'));
  return routers.map(normaliseNetworkRouter);
}
