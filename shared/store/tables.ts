/**
 * The tables the app keeps, named in one place, and `createTables` to open them all on one
 * connection string. Schemas of cases, conversation references, wave snapshots and audit events
 * belong to the modules that own those shapes and are passed in; delta links and Graph
 * subscriptions are simple enough to define here.
 *
 * Key conventions (the owning modules decide the rest):
 *   deltaLinks          PK `delta`, RK the delta query's name (`keySafe`d), e.g. `users`
 *   graphSubscriptions  PK `subscriptions`, RK the Graph subscription id
 *   auditEvents         see audit.ts
 */
import type { TableServiceClientOptions } from '@azure/data-tables';
import { z } from 'zod';
import { ValidationError } from '../errors.js';
import type { Logger } from '../logger.js';
import { AuditLog, type AuditEnvelope } from './audit.js';
import { EntityTable, type IndexableKey } from './table.js';

export const TABLE_NAMES = {
  cases: 'OffboardingCases',
  auditEvents: 'AuditEvents',
  conversationReferences: 'ConversationReferences',
  graphSubscriptions: 'GraphSubscriptions',
  deltaLinks: 'DeltaLinks',
  waveSnapshots: 'WaveSnapshots',
  /** Blast-radius windows and held batches (shared/offboarding/batch-model.ts). */
  offboardingBatches: 'OffboardingBatches',
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

export interface CreateTablesOptions<C, A extends AuditEnvelope, R, W> {
  /** Prepended to every table name (letters and digits): separate environments or test runs
   * sharing one account. */
  prefix?: string;
  logger?: Logger;
  clientOptions?: TableServiceClientOptions;
  cases: TableSpec<C>;
  auditEvents: { schema: z.ZodType<A> };
  conversationReferences: TableSpec<R>;
  waveSnapshots: TableSpec<W>;
}

export interface AppTables<C, A extends AuditEnvelope, R, W> {
  cases: EntityTable<C>;
  audit: AuditLog<A>;
  conversationReferences: EntityTable<R>;
  graphSubscriptions: EntityTable<GraphSubscription>;
  deltaLinks: EntityTable<DeltaLink>;
  waveSnapshots: EntityTable<W>;
  /** Creates every table (each is also created on first use): for start-up and health checks. */
  ensureAll(): Promise<void>;
}

export function tableName(id: TableId, prefix = ''): string {
  if (prefix && !/^[A-Za-z][A-Za-z0-9]*$/.test(prefix)) {
    throw new ValidationError(`Table prefix "${prefix}" must be letters and digits, starting with a letter`);
  }
  return `${prefix}${TABLE_NAMES[id]}`;
}

export function createTables<C, A extends AuditEnvelope, R, W>(
  connectionString: string,
  options: CreateTablesOptions<C, A, R, W>,
): AppTables<C, A, R, W> {
  const open = <T>(id: TableId, spec: TableSpec<T>) =>
    EntityTable.fromConnectionString(connectionString, tableName(id, options.prefix), {
      ...spec,
      logger: options.logger,
      clientOptions: options.clientOptions,
    });
  const tables = {
    cases: open('cases', options.cases),
    audit: new AuditLog(open('auditEvents', options.auditEvents)),
    conversationReferences: open('conversationReferences', options.conversationReferences),
    graphSubscriptions: open('graphSubscriptions', {
      schema: graphSubscriptionSchema,
      indexed: ['resource', 'expirationDateTime'],
    }),
    deltaLinks: open('deltaLinks', { schema: deltaLinkSchema }),
    waveSnapshots: open('waveSnapshots', options.waveSnapshots),
  };
  return {
    ...tables,
    ensureAll: async () => {
      await Promise.all([
        tables.cases.ensure(), tables.audit.ensure(), tables.conversationReferences.ensure(),
        tables.graphSubscriptions.ensure(), tables.deltaLinks.ensure(), tables.waveSnapshots.ensure(),
      ]);
    },
  };
}
