/**
 * Password-related directory audit events for one user, newest first.
 *
 * Three filtered queries, merged and de-duplicated by event id (each one uses only filters the
 * docs list as supported, and none relies on `or` across properties):
 *  1. SSPR service events targeting the user's object id (self-service resets/changes/unlocks,
 *     "Reset password (by admin)", "Blocked from self-service password reset", flow progress);
 *  2. SSPR service events initiated by the user's UPN, when given (early-flow events may lack the
 *     target id);
 *  3. Core Directory events targeting the user, kept when the activity is about a password or an
 *     unlock ("Reset user password", "Change user password", …).
 * Reporting APIs allow 5 requests per 10 s: pass a limiter and every page request waits on it.
 * https://learn.microsoft.com/graph/api/directoryaudit-list
 * https://learn.microsoft.com/graph/api/resources/directoryaudit (filterable properties)
 * https://learn.microsoft.com/entra/identity/monitoring-health/reference-audit-activities
 */
import { and, any, eq, ge, type ODataFilter } from './odata.js';
import { collectPages } from './paging.js';
import type { RateLimiter } from './rate-limiter.js';
import { directoryAuditSchema, type DirectoryAudit } from './schemas.js';
import type { GraphTransport } from './transport.js';

export const SSPR_SERVICE = 'Self-service Password Management';
export const CORE_DIRECTORY_SERVICE = 'Core Directory';
const PASSWORD_ACTIVITY = /password|unlock/i;

export interface PasswordAuditQuery {
  userId: string;
  userPrincipalName?: string;
  /** Oldest event wanted. Retention is 7 days (Free) or 30 days (P1/P2). */
  since: Date;
  limiter?: RateLimiter;
}

export async function passwordAudits(t: GraphTransport, query: PasswordAuditQuery): Promise<DirectoryAudit[]> {
  const since = ge('activityDateTime', query.since);
  const targetsUser = any('targetResources', 't', eq('t/id', query.userId));
  const filters: { filter: ODataFilter; keep?: (a: DirectoryAudit) => boolean }[] = [
    { filter: and(eq('loggedByService', SSPR_SERVICE), since, targetsUser) },
  ];
  if (query.userPrincipalName) {
    filters.push({
      filter: and(
        eq('loggedByService', SSPR_SERVICE),
        since,
        eq('initiatedBy/user/userPrincipalName', query.userPrincipalName),
      ),
    });
  }
  filters.push({
    filter: and(eq('loggedByService', CORE_DIRECTORY_SERVICE), since, targetsUser),
    keep: (a) => PASSWORD_ACTIVITY.test(a.activityDisplayName ?? ''),
  });

  const limiter = query.limiter;
  const paging = limiter ? { limiter } : {};
  const byId = new Map<string, DirectoryAudit>();
  for (const { filter, keep } of filters) {
    const events = await collectPages(
      t,
      { path: '/auditLogs/directoryAudits', query: { filter, orderBy: 'activityDateTime desc' } },
      directoryAuditSchema,
      paging,
    );
    for (const event of events) if (!keep || keep(event)) byId.set(event.id, event);
  }
  return [...byId.values()].sort((a, b) => Date.parse(b.activityDateTime) - Date.parse(a.activityDateTime));
}
