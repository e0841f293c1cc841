/**
 * The read-only parts of the account the app looks at: policies, networks (with their routers and
 * resources), legacy routes, DNS nameserver groups, setup keys (masked, as the API lists them) and
 * the audit log.
 */
import { newestEvents } from './audit.js';
import { NetBirdSimError, ok, operation, type OperationCall } from './call.js';
import { renderNetwork, renderPolicy, renderResource } from './render.js';
import type { SimNetwork } from './state.js';

function networkOr404(call: OperationCall): SimNetwork {
  const network = call.state.networks.find((n) => n.id === call.params.networkId);
  if (!network) throw new NetBirdSimError(404, `network ${call.params.networkId} not found`);
  return network;
}

export const listPolicies = operation((call) => ok(call.state.policies.map((p) => renderPolicy(call.state, p))));

export const getPolicy = operation((call) => {
  const policy = call.state.policies.find((p) => p.id === call.params.policyId);
  if (!policy) throw new NetBirdSimError(404, `policy ${call.params.policyId} not found`);
  return ok(renderPolicy(call.state, policy));
});

export const listNetworks = operation((call) => ok(call.state.networks.map((n) => renderNetwork(call.state, n))));
export const getNetwork = operation((call) => ok(renderNetwork(call.state, networkOr404(call))));
export const listNetworkRouters = operation((call) => ok(networkOr404(call).routers));
export const listNetworkResources = operation((call) =>
  ok(networkOr404(call).resources.map((r) => renderResource(call.state, r))),
);
/** Every router of every network; the answer does not say which network each belongs to. */
export const listAllRouters = operation((call) => ok(call.state.networks.flatMap((n) => n.routers)));

export const listRoutes = operation((call) => ok(call.state.routes));
export const listNameservers = operation((call) => ok(call.state.nameserverGroups));
export const listSetupKeys = operation((call) => ok(call.state.setupKeys));
export const listAuditEvents = operation((call) => ok(newestEvents(call.state)));
