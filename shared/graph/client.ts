/**
 * `GraphClient`: the app's one door to Microsoft Graph. It owns the SDK client and its middleware
 * (sdk.ts) and delegates each operation to a small module; the methods here only wire arguments.
 */
import { getUserProfile, transitiveGroupNames, type UserProfile } from './joiner-profile.js';
import type { TokenCredential } from '@azure/identity';
import { ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';
import { passwordAudits, type PasswordAuditQuery } from './audits.js';
import type { BatchOptions } from './batch.js';
import { usersDelta, type UsersDeltaResult } from './delta.js';
import {
  accountsByIds,
  managedDevicesNamed,
  userDeviceEvidence,
  type Account,
  type ManagedDevice,
  type SourceRead,
  type UserDeviceEvidence,
} from './device-evidence.js';
import { checkMemberGroups, groupTransitiveUserMembers, isMemberOfAny } from './groups.js';
import { ping, type PingResult } from './health.js';
import type { RateLimiter } from './rate-limiter.js';
import { registrationDetails } from './reports.js';
import type {
  CreateSubscriptionRequest,
  DeletedUser,
  DirectoryAudit,
  GraphDevice,
  GraphUser,
  GroupMemberUser,
  Manager,
  RegistrationDetails,
  Subscription,
} from './schemas.js';
import { createSdkClient } from './sdk.js';
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  reauthorizeSubscription,
  renewSubscription,
} from './subscriptions.js';
import { GraphTransport } from './transport.js';
import { DEFAULT_GRAPH_BASE_URL, normalizeBaseUrl } from './url.js';
import { getDeletedUser, getManager, getUser, getUserDevices } from './users.js';
import { usersDevices } from './users-devices.js';

export interface GraphClientOptions {
  /** Default https://graph.microsoft.com; a sovereign cloud's endpoint or the simulator's http://127.0.0.1:port. */
  baseUrl?: string;
  credential: TokenCredential;
  logger: Logger;
  /** Per attempt (each retry gets its own), default 30,000 ms. */
  timeoutMs?: number;
  /** Retries of 429/503/504 by the SDK RetryHandler, 0..10, default 3. */
  maxRetries?: number;
  /** RetryHandler base delay in SECONDS when Graph sends no Retry-After, 0..180, default 3. */
  retryDelaySeconds?: number;
  /** Used by `passwordAudits` and `registrationDetails` unless the call passes its own. */
  reportsRateLimiter?: RateLimiter;
}

function checkOptions(timeoutMs: number, maxRetries: number, retryDelaySeconds: number): void {
  const problems: string[] = [];
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) problems.push('Graph timeoutMs must be a positive number');
  if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 10)
    problems.push('Graph maxRetries must be an integer 0..10');
  if (!Number.isFinite(retryDelaySeconds) || retryDelaySeconds < 0 || retryDelaySeconds > 180)
    problems.push('Graph retryDelaySeconds must be 0..180 (seconds)');
  if (problems.length > 0) throw new ConfigError(problems);
}

export class GraphClient {
  readonly baseUrl: string;
  private readonly transport: GraphTransport;
  private readonly logger: Logger;
  private readonly reportsRateLimiter: RateLimiter | undefined;

  constructor(options: GraphClientOptions) {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const maxRetries = options.maxRetries ?? 3;
    const retryDelaySeconds = options.retryDelaySeconds ?? 3;
    checkOptions(timeoutMs, maxRetries, retryDelaySeconds);
    this.baseUrl = normalizeBaseUrl(options.baseUrl ?? DEFAULT_GRAPH_BASE_URL);
    this.logger = options.logger.child({ upstream: 'graph' });
    this.reportsRateLimiter = options.reportsRateLimiter;
    const sdk = createSdkClient({
      baseUrl: this.baseUrl,
      credential: options.credential,
      logger: this.logger,
      timeoutMs,
      maxRetries,
      retryDelaySeconds,
    });
    this.transport = new GraphTransport(sdk, this.baseUrl, this.logger);
  }

  getUser(idOrUpn: string): Promise<GraphUser | undefined> {
    return getUser(this.transport, idOrUpn);
  }

  getDeletedUser(id: string): Promise<DeletedUser | undefined> {
    return getDeletedUser(this.transport, id);
  }

  /** Who someone asking to join is (joiners): includes `employeeHireDate`. */
  getUserProfile(idOrUpn: string): Promise<UserProfile | undefined> {
    return getUserProfile(this.transport, idOrUpn);
  }

  transitiveGroupNames(userId: string): Promise<string[]> {
    return transitiveGroupNames(this.transport, userId);
  }

  getManager(userId: string): Promise<Manager | undefined> {
    return getManager(this.transport, userId);
  }

  getUserDevices(userId: string): Promise<GraphDevice[]> {
    return getUserDevices(this.transport, userId);
  }

  /** Registered and owned devices of many users in `$batch` requests (users-devices.ts); `undefined`: no such user. */
  usersDevices(userIds: readonly string[], opts: BatchOptions = {}): Promise<Map<string, GraphDevice[] | undefined>> {
    return usersDevices(this.transport, userIds, opts);
  }

  /** The user's Intune devices, recent sign-ins and Entra devices, in one `$batch` (device-evidence.ts). */
  userDeviceEvidence(
    userId: string,
    opts: { since: Date; signIns: boolean } & BatchOptions,
  ): Promise<UserDeviceEvidence> {
    return userDeviceEvidence(this.transport, userId, opts);
  }

  managedDevicesNamed(
    names: readonly string[],
    opts: BatchOptions = {},
  ): Promise<Map<string, SourceRead<ManagedDevice>>> {
    return managedDevicesNamed(this.transport, names, opts);
  }

  accountsByIds(ids: readonly string[], opts: BatchOptions = {}): Promise<Map<string, Account | undefined>> {
    return accountsByIds(this.transport, ids, opts);
  }

  checkMemberGroups(userId: string, groupIds: readonly string[]): Promise<string[]> {
    return checkMemberGroups(this.transport, userId, groupIds);
  }

  isMemberOfAny(userId: string, groupIds: readonly string[]): Promise<boolean> {
    return isMemberOfAny(this.transport, userId, groupIds);
  }

  groupTransitiveUserMembers(groupId: string): Promise<GroupMemberUser[]> {
    return groupTransitiveUserMembers(this.transport, groupId);
  }

  usersDelta(deltaLink?: string): Promise<UsersDeltaResult> {
    return usersDelta(this.transport, this.logger, deltaLink);
  }

  createSubscription(body: CreateSubscriptionRequest): Promise<Subscription> {
    return createSubscription(this.transport, body);
  }

  renewSubscription(id: string, expirationDateTime: Date | string): Promise<Subscription> {
    return renewSubscription(this.transport, id, expirationDateTime);
  }

  reauthorizeSubscription(id: string): Promise<void> {
    return reauthorizeSubscription(this.transport, id);
  }

  deleteSubscription(id: string): Promise<boolean> {
    return deleteSubscription(this.transport, id);
  }

  listSubscriptions(): Promise<Subscription[]> {
    return listSubscriptions(this.transport);
  }

  getSubscription(id: string): Promise<Subscription | undefined> {
    return getSubscription(this.transport, id);
  }

  passwordAudits(query: PasswordAuditQuery): Promise<DirectoryAudit[]> {
    const limiter = query.limiter ?? this.reportsRateLimiter;
    return passwordAudits(this.transport, limiter ? { ...query, limiter } : query);
  }

  registrationDetails(
    userIds: readonly string[],
    options: { limiter?: RateLimiter } = {},
  ): Promise<RegistrationDetails[]> {
    const limiter = options.limiter ?? this.reportsRateLimiter;
    return registrationDetails(this.transport, userIds, limiter ? { limiter } : {});
  }

  ping(): Promise<PingResult> {
    return ping(this.transport);
  }
}
