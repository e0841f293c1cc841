/**
 * The joiners' table and their share of the audit trail, opened once per connection string.
 *   PendingJoiners  PK `joiner`, RK the NetBird user id (`keySafe`d): one row per pending user, the
 *                   claim that its card was sent and the state decisions are written to (ETag).
 *   AuditEvents     the app's one trail (shared/store/audit.ts): joiner events carry `source`
 *                   `joiners`, the row id as correlation id and the Entra user id (when matched),
 *                   so `audit <user>` shows them beside the user's offboarding events.
 */
import { AuditLog } from '../store/audit.js';
import { keySafe } from '../store/keys.js';
import { EntityTable } from '../store/table.js';
import { tableName } from '../store/tables.js';
import { offboardingAuditSchema, type OffboardingAuditEvent } from '../offboarding/audit.js';
import { pendingJoinerSchema, type PendingJoiner } from './model.js';

export const JOINER_PARTITION = 'joiner';
export const joinerRowKey = (netbirdUserId: string): string => keySafe(netbirdUserId);

export interface JoinerStore {
  joiners: EntityTable<PendingJoiner>;
  audit: AuditLog<OffboardingAuditEvent>;
}

const opened = new Map<string, JoinerStore>();

export function joinerStore(connectionString: string): JoinerStore {
  let s = opened.get(connectionString);
  if (!s) {
    s = {
      joiners: EntityTable.fromConnectionString(connectionString, tableName('pendingJoiners'), {
        schema: pendingJoinerSchema,
        indexed: ['entraUserId', 'open', 'state'],
      }),
      audit: new AuditLog(
        EntityTable.fromConnectionString(connectionString, tableName('auditEvents'), {
          schema: offboardingAuditSchema,
        }),
      ),
    };
    opened.set(connectionString, s);
  }
  return s;
}
