/**
 * The NetBird shapes the rest of the app sees: the generated spec types, with the list fields the
 * app relies on made non-null (see normalise.ts) and the spec's unsatisfiable resource type fixed.
 *
 * Why not the generated types as they are:
 * - the spec's `ResourceType` is `allOf` of `NetworkResourceType` (`host|subnet|domain`) and an enum
 *   `peer`, which intersect to nothing (`never` in TypeScript); NetBird's own Go code generator
 *   reads it as the union of the four, and the server sends all four;
 * - the real server sends `null` for some empty lists the spec declares as arrays.
 * Responses are deliberately not validated at run time: a field NetBird adds, or an enum value it
 * grows (audit `activity_code`), must not break offboarding.
 */
import type { components } from './generated/openapi.js';

type Schemas = components['schemas'];

export type ResourceType = Schemas['NetworkResourceType'] | 'peer';

/** A reference to a peer or network resource, as groups and policy rules carry them. */
export interface ResourceRef {
  id: string;
  type: ResourceType;
}

export type GroupRef = Schemas['GroupMinimum'];
export type PeerRef = Schemas['PeerMinimum'];

/**
 * A NetBird user. Service users (`is_service_user`) are in the same list as people.
 * `auto_groups` is always an array here, so it can be sent back in `PUT /api/users/{id}`.
 */
export type NetBirdUser = Schemas['User'];

/**
 * A peer. `user_id` is empty for peers enrolled with a setup key. The Windows client reports `os`
 * as e.g. "Windows 11" and the build (e.g. "10.0.26100") in `kernel_version`.
 * `accessible_peers_count` is only in list answers.
 */
export type NetBirdPeer = Schemas['Peer'] & { accessible_peers_count?: number };

export type NetBirdGroup = Omit<Schemas['Group'], 'resources'> & { resources: ResourceRef[] };

/** What `PUT /api/groups/{id}` takes: the whole member list, peers by id. */
export interface GroupUpdate {
  name: string;
  peers: string[];
  resources: ResourceRef[];
}

export type NetBirdPolicyRule = Omit<
  Schemas['PolicyRule'],
  'sources' | 'destinations' | 'sourceResource' | 'destinationResource'
> & {
  sources: GroupRef[];
  destinations: GroupRef[];
  sourceResource?: ResourceRef;
  destinationResource?: ResourceRef;
};

export type NetBirdPolicy = Omit<Schemas['Policy'], 'rules'> & { rules: NetBirdPolicyRule[] };

export type NetBirdNetwork = Schemas['Network'];
export type NetBirdNetworkResource = Schemas['NetworkResource'];

/** A routing peer (or group of them) of a network. `peer_groups` is [] when a single `peer` is set. */
export type NetBirdNetworkRouter = Omit<Schemas['NetworkRouter'], 'peer_groups'> & { peer_groups: string[] };

/** A legacy route (`/api/routes`); the Networks API is the current way to publish subnets. */
export type NetBirdRoute = Omit<Schemas['Route'], 'peer_groups' | 'domains' | 'access_control_groups'> & {
  peer_groups: string[];
  domains: string[];
  access_control_groups: string[];
};

/** A DNS nameserver group. It is primary exactly when `domains` is empty. */
export type NetBirdNameserverGroup = Schemas['NameserverGroup'];

export type NetBirdSetupKey = Schemas['SetupKey'];

/** An audit event. `activity_code` is open-ended: newer servers add codes the v0.77.1 spec lacks. */
export type NetBirdEvent = Omit<Schemas['Event'], 'activity_code'> & {
  activity_code: Schemas['Event']['activity_code'] | (string & Record<never, never>);
};
