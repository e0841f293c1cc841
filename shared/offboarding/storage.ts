/**
 * The tables and queues offboarding uses, opened once per connection string.
 *
 * Keys:
 *   OffboardingCases    PK `case`, RK the user's Entra object id (one current case per user);
 *                       PK `archive`, RK the case id (a finished case, kept when a new one opens)
 *   OffboardingBatches  PK `window`, RK `burst` (the window's collecting batch); PK `batch`, RK batch id
 *   TimeSlots           PK `blast-window` (slots), `blast-window-users` (admitted users): blast-radius.ts
 *   GraphSubscriptions  PK `subscriptions`, RK the Graph subscription id (shared/store/tables.ts)
 *   DeltaLinks          PK `delta`, RK `users`
 *   Leases              PK `netbird-group`, RK the NetBird group id (group-writes.ts)
 *   DeviceAssignments   PK `device`, RK the lower-cased hostname (attribution/assignments.ts)
 *   Leases              PK `netbird-group`, RK the NetBird group id (group-writes.ts);
 *                       PK `graph-subscription`, RK `users` (subscriptions.ts)
 *   Heartbeats          PK `heartbeat`, RK the timer (`sweep`, `subscriptions`, `retry`; heartbeat.ts)
 *   AuditEvents         see shared/store/audit.ts
 * One row per user makes "open or advance the case for user X" a single-row ETag operation.
 */
import { FAIL_FAST_QUEUE_OPTIONS, QUEUE_NAMES, TypedQueue } from '../store/queue.js';
import { AuditLog } from '../store/audit.js';
import { keySafe } from '../store/keys.js';
import { EntityTable } from '../store/table.js';
import { leaseSchema, type Lease } from '../store/lease.js';
import { timeSlotsTable } from '../store/shared-rate.js';
import type { TimeSlot } from '../store/time-slots.js';
import {
  DELTA_LINK_PARTITION,
  SUBSCRIPTION_PARTITION,
  deltaLinkSchema,
  graphSubscriptionSchema,
  tableName,
  type DeltaLink,
  type GraphSubscription,
} from '../store/tables.js';
import { offboardingAuditSchema, type OffboardingAuditEvent } from './audit.js';
import { batchRowSchema, type BatchRow } from './batch-model.js';
import { userCheckSchema, workMessageSchema, type UserCheck, type WorkMessage } from './messages.js';
import { offboardingCaseSchema, type OffboardingCase } from './model.js';
import { deviceAssignmentSchema, type DeviceAssignment } from './attribution/assignments.js';
import { heartbeatSchema, type Heartbeat } from './heartbeat-model.js';

export const CASE_PARTITION = 'case';
export const ARCHIVE_PARTITION = 'archive';
export const caseRowKey = (userId: string) => keySafe(userId.toLowerCase());
export const WINDOW_KEY = { pk: 'window', rk: 'burst' } as const;
export const BATCH_PARTITION = 'batch';
export const USERS_DELTA_KEY = 'users';
export { DELTA_LINK_PARTITION, SUBSCRIPTION_PARTITION };

export interface OffboardingStorage {
  cases: EntityTable<OffboardingCase>;
  batches: EntityTable<BatchRow>;
  audit: AuditLog<OffboardingAuditEvent>;
  subscriptions: EntityTable<GraphSubscription>;
  /** The same table for the webhooks' clientState lookup: fails fast, like `checksFast`. */
  subscriptionsFast: EntityTable<GraphSubscription>;
  deltaLinks: EntityTable<DeltaLink>;
  leases: EntityTable<Lease>;
  assignments: EntityTable<DeviceAssignment>;
  heartbeats: EntityTable<Heartbeat>;
  /** Shared time slots: the blast-radius window (blast-radius.ts); also the app's rate limits. */
  timeSlots: EntityTable<TimeSlot>;
  /** For the webhook: fails fast (it must answer Graph within 3 s). */
  checksFast: TypedQueue<UserCheck>;
  checks: TypedQueue<UserCheck>;
  work: TypedQueue<WorkMessage>;
  /** For the lifecycle endpoint, which answers Graph within 3 s too. */
  workFast: TypedQueue<WorkMessage>;
}

function open(connectionString: string): OffboardingStorage {
  return {
    cases: EntityTable.fromConnectionString(connectionString, tableName('cases'), {
      schema: offboardingCaseSchema,
      indexed: ['id', 'upn', 'open', 'state'],
    }),
    batches: EntityTable.fromConnectionString(connectionString, tableName('offboardingBatches'), {
      schema: batchRowSchema,
    }),
    audit: new AuditLog(
      EntityTable.fromConnectionString(connectionString, tableName('auditEvents'), { schema: offboardingAuditSchema }),
    ),
    subscriptions: EntityTable.fromConnectionString(connectionString, tableName('graphSubscriptions'), {
      schema: graphSubscriptionSchema,
      indexed: ['resource', 'expirationDateTime'],
    }),
    subscriptionsFast: EntityTable.fromConnectionString(connectionString, tableName('graphSubscriptions'), {
      schema: graphSubscriptionSchema,
      indexed: ['resource', 'expirationDateTime'],
      clientOptions: { retryOptions: { maxRetries: 1, retryDelayInMs: 100, maxRetryDelayInMs: 300 } },
    }),
    deltaLinks: EntityTable.fromConnectionString(connectionString, tableName('deltaLinks'), {
      schema: deltaLinkSchema,
    }),
    leases: EntityTable.fromConnectionString(connectionString, tableName('leases'), { schema: leaseSchema }),
    assignments: EntityTable.fromConnectionString(connectionString, tableName('deviceAssignments'), {
      schema: deviceAssignmentSchema,
    }),
    heartbeats: EntityTable.fromConnectionString(connectionString, tableName('heartbeats'), {
      schema: heartbeatSchema,
    }),
    timeSlots: timeSlotsTable(connectionString),
    checksFast: TypedQueue.fromConnectionString(connectionString, QUEUE_NAMES.graphNotifications, {
      schema: userCheckSchema,
      clientOptions: FAIL_FAST_QUEUE_OPTIONS,
    }),
    checks: TypedQueue.fromConnectionString(connectionString, QUEUE_NAMES.graphNotifications, {
      schema: userCheckSchema,
    }),
    work: TypedQueue.fromConnectionString(connectionString, QUEUE_NAMES.offboardingWork, { schema: workMessageSchema }),
    workFast: TypedQueue.fromConnectionString(connectionString, QUEUE_NAMES.offboardingWork, {
      schema: workMessageSchema,
      clientOptions: FAIL_FAST_QUEUE_OPTIONS,
    }),
  };
}

const opened = new Map<string, OffboardingStorage>();

/** The storage for a connection string, opened once per process. */
export function offboardingStorage(connectionString: string): OffboardingStorage {
  let s = opened.get(connectionString);
  if (!s) {
    s = open(connectionString);
    opened.set(connectionString, s);
  }
  return s;
}
