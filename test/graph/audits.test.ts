import { describe, expect, it } from 'vitest';
import type { DirectoryAudit, RateLimiter } from '../../shared/graph/index.js';
import { filterOf, fixture, graph, makeClient } from './support.js';

const USER_ID = '1f0e98f5-3161-4c6b-9b50-d488572f2bb7';
const UPN = "o'brien@contoso.com";
const SINCE = new Date('2024-12-01T00:00:00Z');
const sspr = fixture<{ value: DirectoryAudit[] }>('directory-audits-sspr.json');

const coreEvent = (id: string, activityDisplayName: string, activityDateTime: string) => ({
  id,
  category: 'UserManagement',
  correlationId: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
  result: 'success',
  resultReason: '',
  activityDisplayName,
  activityDateTime,
  loggedByService: 'Core Directory',
  operationType: 'Update',
  initiatedBy: {
    app: null,
    user: {
      id: '728309ae-1a37-4937-9afe-e35d964db09b',
      displayName: 'Audry Oliver',
      userPrincipalName: 'audry@contoso.com',
      ipAddress: null,
    },
  },
  targetResources: [
    {
      id: USER_ID,
      displayName: 'Bob Contoso',
      type: 'User',
      userPrincipalName: 'bob@contoso.com',
      modifiedProperties: [],
    },
  ],
  additionalDetails: [],
});

const EXPECTED_FILTERS = {
  ssprTarget: `(loggedByService eq 'Self-service Password Management') and (activityDateTime ge 2024-12-01T00:00:00.000Z) and (targetResources/any(t: t/id eq '${USER_ID}'))`,
  ssprUpn:
    "(loggedByService eq 'Self-service Password Management') and (activityDateTime ge 2024-12-01T00:00:00.000Z) and (initiatedBy/user/userPrincipalName eq 'o''brien@contoso.com')",
  core: `(loggedByService eq 'Core Directory') and (activityDateTime ge 2024-12-01T00:00:00.000Z) and (targetResources/any(t: t/id eq '${USER_ID}'))`,
};

describe('passwordAudits', () => {
  it('queries SSPR and Core Directory events for the user, escapes the UPN, merges newest first', async () => {
    const urls: string[] = [];
    const api = graph()
      .get('/v1.0/auditLogs/directoryAudits')
      .query(true)
      .times(4)
      .reply((req: Request) => {
        urls.push(req.url);
        const url = new URL(req.url);
        if (url.searchParams.get('$skiptoken') === 'page2') return [200, { value: sspr.value.slice(4) }];
        const filter = filterOf(req.url);
        if (filter === EXPECTED_FILTERS.ssprTarget) {
          return [
            200,
            {
              ...sspr,
              value: sspr.value.slice(0, 4),
              '@odata.nextLink': `${url.origin}${url.pathname}?$skiptoken=page2`,
            },
          ];
        }
        if (filter === EXPECTED_FILTERS.ssprUpn) return [200, { value: sspr.value.slice(0, 2) }];
        if (filter === EXPECTED_FILTERS.core) {
          return [
            200,
            {
              value: [
                coreEvent('Directory_A', 'Reset user password', '2024-12-29T14:22:06Z'),
                coreEvent('Directory_B', 'Update user', '2024-12-29T14:25:00Z'),
                coreEvent('Directory_C', 'Change user password', '2024-12-20T09:00:00Z'),
              ],
            },
          ];
        }
        return [400, { error: { code: 'BadRequest', message: `unexpected filter ${filter}` } }];
      });
    let acquired = 0;
    const limiter: RateLimiter = { acquire: () => Promise.resolve(void acquired++) };
    const { client } = makeClient();

    const events = await client.passwordAudits({ userId: USER_ID, userPrincipalName: UPN, since: SINCE, limiter });

    expect(api.isDone()).toBe(true);
    // the escaped quote, as sent on the wire and as decoded by the server
    const upnRequest = urls.find((u) => filterOf(u)?.includes('initiatedBy'))!;
    expect(filterOf(upnRequest)).toContain("initiatedBy/user/userPrincipalName eq 'o''brien@contoso.com'");
    expect(upnRequest).toContain('o%27%27brien%40contoso.com');
    expect(new URL(upnRequest).searchParams.get('$orderby')).toBe('activityDateTime desc');
    expect(acquired).toBe(4);

    expect(events.map((e) => e.id)).toEqual([
      'SSPR_0a1b2c3d-5e6f-4071-8293-a4b5c6d7e8f9_00001', // Unlock user account (self-service), 12-31
      'SSPR_9f1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d_00001', // Blocked from SSPR, 12-30
      'Directory_A', // Reset user password, 12-29 14:22:06
      'SSPR_6e2d9b40-1c7a-4d55-b0f3-9a8e4c2b7d31_00001', // Reset password (by admin), 12-29 14:22:05
      'SSPR_3a0c8f11-52d4-4b9e-9e0f-7f5b2c6d1e20_00001', // Change password (self-service), 12-28
      'SSPR_b4c5a7e2-9d31-4f0e-8a77-3c1e2f9d6a10_00003',
      'SSPR_b4c5a7e2-9d31-4f0e-8a77-3c1e2f9d6a10_00002',
      'SSPR_b4c5a7e2-9d31-4f0e-8a77-3c1e2f9d6a10_00001',
      'Directory_C',
    ]);
    const adminReset = events.find((e) => e.activityDisplayName === 'Reset password (by admin)')!;
    expect(adminReset).toMatchObject({
      result: 'success',
      loggedByService: 'Self-service Password Management',
      initiatedBy: { user: { userPrincipalName: 'audry@contoso.com' } },
      targetResources: [{ id: USER_ID, type: 'User' }],
      additionalDetails: [{ key: 'OnPremisesAgent', value: 'Microsoft Entra Connect' }],
    });
    expect(events.find((e) => e.activityDisplayName === 'Change password (self-service)')).toMatchObject({
      result: 'failure',
      resultReason: 'FuzzyPolicyViolationInvalidPassword',
    });
  });

  it('skips the UPN query when no UPN is given, and uses the client-wide limiter', async () => {
    const filters: (string | null)[] = [];
    graph()
      .get('/v1.0/auditLogs/directoryAudits')
      .query(true)
      .times(2)
      .reply((req: Request) => {
        filters.push(filterOf(req.url));
        return [200, { value: [] }];
      });
    let acquired = 0;
    const { client } = makeClient({ reportsRateLimiter: { acquire: () => Promise.resolve(void acquired++) } });
    await expect(client.passwordAudits({ userId: USER_ID, since: SINCE })).resolves.toEqual([]);
    expect(filters).toEqual([EXPECTED_FILTERS.ssprTarget, EXPECTED_FILTERS.core]);
    expect(acquired).toBe(2);
  });
});
