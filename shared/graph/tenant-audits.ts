/**
 * Tenant-wide report reads, for work that looks at many users at once (wave health): one paged
 * query filtered locally instead of one query per user.
 *
 * Why: reporting APIs (directory audits, authentication-method registration details) allow 5
 * requests per 10 s per app and tenant. Per user, 300 wave users cost 300+ requests, ten minutes
 * of waiting; tenant-wide, a 1,000-user tenant is a handful of pages.
 * https://learn.microsoft.com/graph/throttling-limits#identity-and-access-reports-service-limits
 *
 * - SSPR events of the last day: `loggedByService eq 'Self-service Password Management'` and
 *   `activityDateTime ge …` (both documented filters), every page through the limiter. The SSPR
 *   service also logs "Reset password (by admin)" (DESIGN.md §5).
 *   https://learn.microsoft.com/graph/api/directoryaudit-list
 * - Registration details of every user (`GET /reports/authenticationMethods/userRegistrationDetails`),
 *   joined by id by the caller. The list "doesn't work for disabled users": they have no record.
 *   https://learn.microsoft.com/graph/api/authenticationmethodsroot-list-userregistrationdetails
 *
 * `GraphTenantReports` carries its own SDK client because `GraphClient` keeps its transport
 * private; it can fold into `GraphClient` as two more methods.
 */
import { and, eq, ge } from './odata.js';
import { collectPages, type PagingOptions } from './paging.js';
import type { RateLimiter } from './rate-limiter.js';
import { SSPR_SERVICE } from './audits.js';
import type { GraphClientOptions } from './client.js';
import {
  directoryAuditSchema,
  registrationDetailsSchema,
  type DirectoryAudit,
  type RegistrationDetails,
} from './schemas.js';
import { createSdkClient } from './sdk.js';
import { GraphTransport } from './transport.js';
import { DEFAULT_GRAPH_BASE_URL, normalizeBaseUrl } from './url.js';

export interface TenantReportOptions {
  /** Every page request waits on it (5 per 10 s for reports). */
  limiter?: RateLimiter;
}

function paging(limiter: RateLimiter | undefined): PagingOptions {
  return limiter ? { limiter } : {};
}

/** Every SSPR-service audit event since `since`, newest first. */
export function tenantSsprAudits(
  t: GraphTransport,
  since: Date,
  options: TenantReportOptions = {},
): Promise<DirectoryAudit[]> {
  return collectPages(
    t,
    {
      path: '/auditLogs/directoryAudits',
      query: {
        filter: and(eq('loggedByService', SSPR_SERVICE), ge('activityDateTime', since)),
        orderBy: 'activityDateTime desc',
        top: 999,
      },
    },
    directoryAuditSchema,
    paging(options.limiter),
  );
}

/** Registration details of every (enabled) user in the tenant. */
export function tenantRegistrationDetails(
  t: GraphTransport,
  options: TenantReportOptions = {},
): Promise<RegistrationDetails[]> {
  return collectPages(
    t,
    { path: '/reports/authenticationMethods/userRegistrationDetails' },
    registrationDetailsSchema,
    paging(options.limiter),
  );
}

/** The two tenant-wide reads over their own SDK client, sharing one reports limiter. */
export class GraphTenantReports {
  private readonly transport: GraphTransport;
  private readonly limiter: RateLimiter | undefined;

  constructor(options: GraphClientOptions) {
    const baseUrl = normalizeBaseUrl(options.baseUrl ?? DEFAULT_GRAPH_BASE_URL);
    const logger = options.logger.child({ upstream: 'graph' });
    const sdk = createSdkClient({
      baseUrl,
      credential: options.credential,
      logger,
      timeoutMs: options.timeoutMs ?? 30_000,
      maxRetries: options.maxRetries ?? 3,
      retryDelaySeconds: options.retryDelaySeconds ?? 3,
    });
    this.transport = new GraphTransport(sdk, baseUrl, logger);
    this.limiter = options.reportsRateLimiter;
  }

  ssprAudits(since: Date): Promise<DirectoryAudit[]> {
    return tenantSsprAudits(this.transport, since, { limiter: this.limiter });
  }

  registrationDetails(): Promise<RegistrationDetails[]> {
    return tenantRegistrationDetails(this.transport, { limiter: this.limiter });
  }
}
