/**
 * The tables the app keeps, named in one place (`tableName`). Each module opens the tables it owns
 * with its own schema (cases, audit events, conversation references, wave snapshots, batches);
 * delta links and Graph subscriptions are simple enough to define here.
 *
 * Key conventions (the owning modules decide the rest):
 *   deltaLinks          PK `delta`, RK the delta query's name (`keySafe`d), e.g. `users`
 *   graphSubscriptions  PK `subscriptions`, RK the Graph subscription id
 *   auditEvents         see audit.ts
 */
import { z } from 'zod';
import { ValidationError } from '../errors.js';
import type { IndexableKey } from './table.js';

export const TABLE_NAMES = {
  cases: 'OffboardingCases',
  auditEvents: 'AuditEvents',
  conversationReferences: 'ConversationReferences',
  graphSubscriptions: 'GraphSubscriptions',
  deltaLinks: 'DeltaLinks',
  waveSnapshots: 'WaveSnapshots',
  /** Blast-radius windows and held batches (shared/offboarding/batch-model.ts). */
  offboardingBatches: 'OffboardingBatches',
  /** Leases on things only one worker may change at a time (shared/store/lease.ts). */
  leases: 'Leases',
  /** Which user IT says a laptop belongs to (shared/offboarding/attribution/assignments.ts). */
  deviceAssignments: 'DeviceAssignments',
  /** The timers' last successes and their overdue alerts (shared/offboarding/heartbeat.ts). */
  heartbeats: 'Heartbeats',
  /** Time slots shared by every instance: rate limits and the blast-radius window (shared/store/time-slots.ts). */
  timeSlots: 'TimeSlots',
  /** Group drift's last daily report, to say what changed since (shared/drift/store.ts). */
  groupDrift: 'GroupDrift',
  /** NetBird users waiting for approval and their cards (shared/joiners/storage.ts). */
  pendingJoiners: 'PendingJoiners',
  /** The NetBird activity feed's high-water mark (shared/activity/watermark.ts). */
  activityFeed: 'ActivityFeed',
} as const;
export type TableId = keyof typeof TABLE_NAMES;

export const DELTA_LINK_PARTITION = 'delta';
export const SUBSCRIPTION_PARTITION = 'subscriptions';

const isoTimestamp = z.iso.datetime({ offset: true });

/** A Graph delta query's `@odata.deltaLink` (valid 7 days; on 410 start a full sync). */
export const deltaLinkSchema = z.object({
  link: z.url(),
  updatedAt: isoTimestamp,
});
export type DeltaLink = z.infer<typeof deltaLinkSchema>;

/**
 * A Graph change-notification subscription we created. `clientState` is a secret shared with
 * Graph (echoed in every notification, compared on receipt): never log a whole row of this table,
 * and register the value with the logger's `registerSecrets` when it is loaded.
 * https://learn.microsoft.com/graph/api/resources/subscription
 */
export const graphSubscriptionSchema = z.object({
  id: z.string().min(1),
  resource: z.string().min(1),
  changeType: z.string().min(1),
  clientState: z.string().min(1).max(128),
  expirationDateTime: isoTimestamp,
  notificationUrl: z.url(),
  lifecycleNotificationUrl: z.url().optional(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type GraphSubscription = z.infer<typeof graphSubscriptionSchema>;

/** What a caller passes for a table whose value shape it owns. */
export interface TableSpec<T> {
  schema: z.ZodType<T>;
  indexed?: readonly IndexableKey<T>[];
}

export function tableName(id: TableId, prefix = ''): string {
  if (prefix && !/^[A-Za-z][A-Za-z0-9]*$/.test(prefix)) {
    throw new ValidationError(`Table prefix "${prefix}" must be letters and digits, starting with a letter`);
  }
  return `${prefix}${TABLE_NAMES[id]}`;
}
