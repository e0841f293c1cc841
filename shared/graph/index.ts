/** Public surface of the Microsoft Graph client. */
export { GraphClient, type GraphClientOptions } from './client.js';
export { GraphError, isResyncRequired } from './errors.js';
export {
  SlidingWindowRateLimiter,
  systemClock,
  type Clock,
  type RateLimiter,
  type SlidingWindowOptions,
} from './rate-limiter.js';
export {
  ODataFilter,
  and,
  any,
  eq,
  ge,
  gt,
  inList,
  le,
  lt,
  ne,
  not,
  odataString,
  or,
  startsWith,
  type ODataValue,
} from './odata.js';
export { DEFAULT_GRAPH_BASE_URL } from './url.js';
export type { PasswordAuditQuery } from './audits.js';
export type { UsersDeltaResult } from './delta.js';
export type { PingResult } from './health.js';
export { MAX_USER_SUBSCRIPTION_MINUTES } from './subscriptions.js';
export type {
  CreateSubscriptionRequest,
  DeletedUser,
  DeltaUser,
  DeviceRelation,
  DirectoryAudit,
  GraphDevice,
  GraphUser,
  GroupMemberUser,
  Manager,
  RegistrationDetails,
  Subscription,
} from './schemas.js';
export {
  GraphTenantReports,
  tenantRegistrationDetails,
  tenantSsprAudits,
  type TenantReportOptions,
} from './tenant-audits.js';
export type { BatchOptions } from './batch.js';
export type { Account, ManagedDevice, SignIn, SourceRead, UserDeviceEvidence } from './device-evidence.js';
