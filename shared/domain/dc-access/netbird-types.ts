/** The NetBird shapes the DC-access analysis reads (the client's normalised types). */
import type {
  NetBirdGroup,
  NetBirdNameserverGroup,
  NetBirdNetwork,
  NetBirdNetworkResource,
  NetBirdNetworkRouter,
  NetBirdPeer,
  NetBirdPolicy,
  NetBirdPolicyRule,
  NetBirdRoute,
} from '../../netbird/types.js';

export type Peer = NetBirdPeer;
export type Group = NetBirdGroup;
export type Policy = NetBirdPolicy;
export type PolicyRule = NetBirdPolicyRule;
export type Network = NetBirdNetwork;
export type NetworkRouter = NetBirdNetworkRouter;
export type NetworkResource = NetBirdNetworkResource;
export type Route = NetBirdRoute;
export type NameserverGroup = NetBirdNameserverGroup;

/** Everything the analysis needs, fetched once and shared by every peer being checked. */
export interface NetworkSnapshot {
  peers: Peer[];
  groups: Group[];
  policies: Policy[];
  networks: { network: Network; routers: NetworkRouter[]; resources: NetworkResource[] }[];
  routes: Route[];
  nameserverGroups: NameserverGroup[];
}
