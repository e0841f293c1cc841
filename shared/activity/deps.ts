/**
 * Wires the activity feed to the process's adapters: the read-only NetBird client for the log and
 * names, the admin client to recognise this app's own service user, the ActivityFeed and Leases
 * tables. The card goes out through the Teams port (services.teams), rendered outside the core.
 */
import type { Logger } from '../logger.js';
import type { Services } from '../services.js';
import { leaseSchema } from '../store/lease.js';
import { EntityTable } from '../store/table.js';
import { tableName } from '../store/tables.js';
import type { ActivityFeedDeps } from './feed.js';
import { watermarkTable } from './watermark.js';

export function activityFeedDeps(services: Services, logger: Logger = services.logger, prefix = ''): ActivityFeedDeps {
  const cs = services.storageConnectionString;
  return {
    netbird: services.netbirdRead,
    netbirdAdmin: services.netbirdAdmin,
    marks: watermarkTable(cs, prefix),
    leases: EntityTable.fromConnectionString(cs, tableName('leases', prefix), { schema: leaseSchema }),
    post: async (view) => {
      await services.teams.postToChannel(view);
    },
    logger,
  };
}
