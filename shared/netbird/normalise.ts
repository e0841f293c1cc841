/**
 * Turns what the NetBird server really sends into the shapes in types.ts.
 *
 * The Go server encodes an empty nil slice as JSON `null`, so lists the spec promises as arrays
 * (a user's `auto_groups`, a peer's `groups`, a group's `peers`/`resources`, a rule's
 * `sources`/`destinations`...) sometimes arrive as `null`. Every list field the app reads is made
 * an array here, once, so no caller has to remember it, and `PUT /api/users/{id}` never sends
 * `auto_groups: null` back (NetBird answers 400 "auto_groups field can't be absent").
 * The input types say "array" because they are the generated ones; `list` does not trust that.
 */
import type { components } from './generated/openapi.js';
import type {
  NetBirdEvent,
  NetBirdGroup,
  NetBirdNameserverGroup,
  NetBirdNetwork,
  NetBirdNetworkResource,
  NetBirdNetworkRouter,
  NetBirdPeer,
  NetBirdPolicy,
  NetBirdPolicyRule,
  NetBirdRoute,
  NetBirdSetupKey,
  NetBirdUser,
  ResourceRef,
} from './types.js';

type Schemas = components['schemas'];

/**
 * A schema with its resource-ref fields loosened: the spec types a ref's `type` as `never`, and
 * openapi-fetch hands such objects over without it, so their shape is checked here instead.
 */
type LooseRefs<T, K extends keyof T> = Omit<T, K> & { [P in K]?: unknown };
type RawRule = LooseRefs<Schemas['PolicyRule'], 'sourceResource' | 'destinationResource'>;
type RawPolicy = Omit<Schemas['Policy'], 'rules'> & { rules: RawRule[] };
type RawGroup = LooseRefs<Schemas['Group'], 'resources'>;

/** A list that may really be null or missing, as an array. */
export function list<T>(value: readonly T[] | null | undefined): T[] {
  return value ? [...value] : [];
}

/** An optional list: null becomes undefined, so `rule.ports ?? []` and `?.length` both work. */
function optionalList<T>(value: readonly T[] | null | undefined): T[] | undefined {
  return value ? [...value] : undefined;
}

/** The spec types resources as `never` (see types.ts); the server sends `{id, type}`. */
function resourceRefs(value: unknown): ResourceRef[] {
  return list(value as ResourceRef[] | null);
}

function resourceRef(value: unknown): ResourceRef | undefined {
  return value && typeof value === 'object' ? (value as ResourceRef) : undefined;
}

export function normaliseUser(user: Schemas['User']): NetBirdUser {
  return { ...user, auto_groups: list(user.auto_groups) };
}

export function normalisePeer(peer: Schemas['Peer'] & { accessible_peers_count?: number }): NetBirdPeer {
  return { ...peer, groups: list(peer.groups), extra_dns_labels: list(peer.extra_dns_labels) };
}

export function normaliseGroup(group: RawGroup): NetBirdGroup {
  return { ...group, peers: list(group.peers), resources: resourceRefs(group.resources) };
}

function normaliseRule(rule: RawRule): NetBirdPolicyRule {
  const { sourceResource, destinationResource, ...rest } = rule;
  const out: NetBirdPolicyRule = {
    ...rest,
    sources: list(rule.sources),
    destinations: list(rule.destinations),
    ports: optionalList(rule.ports),
    port_ranges: optionalList(rule.port_ranges),
  };
  const source = resourceRef(sourceResource);
  const destination = resourceRef(destinationResource);
  if (source) out.sourceResource = source;
  if (destination) out.destinationResource = destination;
  return out;
}

export function normalisePolicy(policy: RawPolicy): NetBirdPolicy {
  return {
    ...policy,
    source_posture_checks: list(policy.source_posture_checks),
    rules: list(policy.rules).map(normaliseRule),
  };
}

export function normaliseNetwork(network: Schemas['Network']): NetBirdNetwork {
  return {
    ...network,
    routers: list(network.routers),
    resources: list(network.resources),
    policies: list(network.policies),
  };
}

export function normaliseNetworkResource(resource: Schemas['NetworkResource']): NetBirdNetworkResource {
  return { ...resource, groups: list(resource.groups) };
}

export function normaliseNetworkRouter(router: Schemas['NetworkRouter']): NetBirdNetworkRouter {
  return { ...router, peer_groups: list(router.peer_groups) };
}

export function normaliseRoute(route: Schemas['Route']): NetBirdRoute {
  return {
    ...route,
    groups: list(route.groups),
    peer_groups: list(route.peer_groups),
    domains: list(route.domains),
    access_control_groups: list(route.access_control_groups),
  };
}

export function normaliseNameserverGroup(group: Schemas['NameserverGroup']): NetBirdNameserverGroup {
  return { ...group, nameservers: list(group.nameservers), groups: list(group.groups), domains: list(group.domains) };
}

export function normaliseSetupKey(key: Schemas['SetupKey']): NetBirdSetupKey {
  return { ...key, auto_groups: list(key.auto_groups) };
}

export function normaliseEvent(event: Schemas['Event']): NetBirdEvent {
  return { ...event, meta: event.meta ?? {} };
}
