/**
 * The NetBird management API client the app uses: one small method per operation, each delegating
 * to the file that owns the concept (users.ts, peers.ts, groups.ts...). Build one per process.
 *
 * Every failed call throws a NetBirdError (see errors.ts); 429, 5xx and network failures are retried
 * first (see shared/http/retry.ts). Responses are normalised (null lists become []) but not
 * validated, see types.ts.
 */
import { registerSecrets, type Logger } from '../logger.js';
import type { FetchLike, Sleep } from '../http/retry.js';
import { listAuditEvents } from './events.js';
import { listNameserverGroups } from './dns.js';
import { createGroup, findGroupByName, getGroup, listGroups, setGroupPeers, updateGroup } from './groups.js';
import { ping, type PingResult } from './health.js';
import { listAllRouters, listNetworkResources, listNetworkRouters, listNetworks } from './networks.js';
import {
  deletePeer,
  getPeer,
  listPeers,
  peersByHostname,
  peersByUserId,
  peersNamed,
  peersWithIp,
  type DeletePeerResult,
} from './peers.js';
import { listPolicies } from './policies.js';
import { listRoutes } from './routes.js';
import { listSetupKeys } from './setup-keys.js';
import { NetBirdTransport } from './transport.js';
import type {
  GroupUpdate,
  NetBirdEvent,
  NetBirdGroup,
  NetBirdNameserverGroup,
  NetBirdNetwork,
  NetBirdNetworkResource,
  NetBirdNetworkRouter,
  NetBirdPeer,
  NetBirdPolicy,
  NetBirdRoute,
  NetBirdSetupKey,
  NetBirdUser,
} from './types.js';
import type { IdpMode, UserMatch } from './user-match.js';
import { approveUser, rejectUser } from './user-approval.js';
import {
  deleteUser,
  findUserByEntraId,
  listUsers,
  setUserBlocked,
  type BlockResult,
  type ListUsersOptions,
} from './users.js';
import { setUserAutoGroups, type AutoGroupsResult } from './user-groups.js';
import type { WriteLimiter } from './write-rate.js';

export interface NetBirdClientOptions {
  /** The management server, e.g. `https://netbird.example.com` (a trailing `/api` is accepted). */
  baseUrl: string;
  /** A personal access token of a NetBird service user. Never logged, never in an error message. */
  token: string;
  /** Per-attempt timeout. Default 10 s. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** First backoff step. Default 250 ms. */
  baseDelayMs?: number;
  /** Cap on a server's `Retry-After`. Default 30 s. */
  maxRetryAfterMs?: number;
  logger: Logger;
  /** Which id scheme NetBird users have (DESIGN.md §5); both are tried, this one first. */
  idp: IdpMode;
  /** Injected by tests so backoff does not really wait. */
  sleep?: Sleep;
  /** Injected by tests or a proxy-aware host; defaults to the global fetch. */
  fetch?: FetchLike;
  /** At most this many writes per second from this client (NETBIRD_WRITES_PER_SECOND); unset: no limit. */
  writesPerSecond?: number;
  /** Or a limiter to wait for before every write (the app-wide budget; see services.ts). */
  writeLimiter?: WriteLimiter;
  /** How long a list answer may be shared between callers (see shared-reads.ts). Default 0: only reads in flight. */
  listMaxAgeMs?: number;
}

export class NetBirdClient {
  private readonly t: NetBirdTransport;
  private readonly logger: Logger;
  private readonly idp: IdpMode;

  constructor(options: NetBirdClientOptions) {
    // Belt and braces: whatever logger this app builds, it will now scrub the token.
    registerSecrets([options.token]);
    this.logger = options.logger.child({ upstream: 'netbird' });
    this.idp = options.idp;
    this.t = new NetBirdTransport({ ...options, logger: this.logger });
  }

  // Users
  listUsers(options?: ListUsersOptions): Promise<NetBirdUser[]> {
    return listUsers(this.t, options);
  }
  /** The NetBird user for an Entra object id: by embedded id, legacy id, then (last resort) email. */
  findUserByEntraId(oid: string, email?: string): Promise<UserMatch | undefined> {
    return findUserByEntraId(this.t, this.logger, this.idp, oid, email);
  }
  blockUser(userId: string, options?: { fresh?: boolean }): Promise<BlockResult> {
    return setUserBlocked(this.t, userId, true, options);
  }
  unblockUser(userId: string): Promise<BlockResult> {
    return setUserBlocked(this.t, userId, false);
  }
  /** Read-modify-write of the user's auto-groups (user-groups.ts); blocked and pending users are refused. */
  setUserAutoGroups(
    userId: string,
    mutate: (groupIds: readonly string[]) => readonly string[],
  ): Promise<AutoGroupsResult> {
    return setUserAutoGroups(this.t, userId, mutate);
  }
  deleteUser(userId: string): Promise<{ deleted: boolean }> {
    return deleteUser(this.t, userId);
  }
  /** A pending user (user approval, DESIGN.md §5b) let in. */
  approveUser(userId: string): Promise<NetBirdUser> {
    return approveUser(this.t, userId);
  }
  /** A pending user turned away: NetBird removes them from the account. */
  rejectUser(userId: string): Promise<void> {
    return rejectUser(this.t, userId);
  }

  // Peers
  listPeers(options?: { fresh?: boolean }): Promise<NetBirdPeer[]> {
    return listPeers(this.t, options);
  }
  /** Server-side `?name=` filter (substring of the NetBird name); see peers.ts. */
  peersNamed(name: string): Promise<NetBirdPeer[]> {
    return peersNamed(this.t, name);
  }
  /** Server-side `?ip=` filter; see peers.ts. */
  peersWithIp(ip: string): Promise<NetBirdPeer[]> {
    return peersWithIp(this.t, ip);
  }
  peersByUserId(userId: string): Promise<NetBirdPeer[]> {
    return peersByUserId(this.t, userId);
  }
  peersByHostname(hostname: string): Promise<NetBirdPeer[]> {
    return peersByHostname(this.t, hostname);
  }
  getPeer(peerId: string): Promise<NetBirdPeer> {
    return getPeer(this.t, peerId);
  }
  deletePeer(peerId: string): Promise<DeletePeerResult> {
    return deletePeer(this.t, peerId);
  }

  // Groups
  listGroups(): Promise<NetBirdGroup[]> {
    return listGroups(this.t);
  }
  getGroup(groupId: string): Promise<NetBirdGroup> {
    return getGroup(this.t, groupId);
  }
  findGroupByName(name: string): Promise<NetBirdGroup | undefined> {
    return findGroupByName(this.t, name);
  }
  createGroup(name: string, peers: readonly string[] = []): Promise<NetBirdGroup> {
    return createGroup(this.t, name, peers);
  }
  updateGroup(groupId: string, update: GroupUpdate): Promise<NetBirdGroup> {
    return updateGroup(this.t, groupId, update);
  }
  setGroupPeers(
    groupId: string,
    mutate: (peerIds: readonly string[]) => readonly string[],
    beforeWrite?: () => Promise<void>,
  ): Promise<NetBirdGroup> {
    return setGroupPeers(this.t, groupId, mutate, beforeWrite);
  }

  // Access control, routing, DNS, enrolment, audit
  listPolicies(): Promise<NetBirdPolicy[]> {
    return listPolicies(this.t);
  }
  listNetworks(): Promise<NetBirdNetwork[]> {
    return listNetworks(this.t);
  }
  listNetworkRouters(networkId: string): Promise<NetBirdNetworkRouter[]> {
    return listNetworkRouters(this.t, networkId);
  }
  listNetworkResources(networkId: string): Promise<NetBirdNetworkResource[]> {
    return listNetworkResources(this.t, networkId);
  }
  listAllRouters(): Promise<NetBirdNetworkRouter[]> {
    return listAllRouters(this.t);
  }
  listRoutes(): Promise<NetBirdRoute[]> {
    return listRoutes(this.t);
  }
  listNameserverGroups(): Promise<NetBirdNameserverGroup[]> {
    return listNameserverGroups(this.t);
  }
  listSetupKeys(): Promise<NetBirdSetupKey[]> {
    return listSetupKeys(this.t);
  }
  listAuditEvents(): Promise<NetBirdEvent[]> {
    return listAuditEvents(this.t);
  }

  /** Health check: `{ ok: true, latencyMs }`, or a NetBirdError. */
  ping(): Promise<PingResult> {
    return ping(this.t);
  }
}
