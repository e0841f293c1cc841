/**
 * Directory audit events as Entra writes them for password work (DESIGN.md §5; shapes and
 * activity names as /work/shared/graph/samples/directory-audits-sspr.json, which cites
 * https://learn.microsoft.com/entra/identity/monitoring-health/reference-audit-activities):
 * the Self-service Password Management service logs flow progress, self-service resets and
 * changes, blocks, unlocks and "Reset password (by admin)"; Core Directory logs the admin's
 * "Reset user password" on the user object.
 */
import type { SimDirectoryAudit } from '../graph/state.js';

export const SSPR_SERVICE = 'Self-service Password Management';
export const CORE_DIRECTORY = 'Core Directory';

export interface AuditPerson {
  id: string;
  displayName: string;
  userPrincipalName: string;
}

export interface AuditIds {
  guid(): string;
}

const MINUTE = 60_000;

interface EventSpec {
  activity: string;
  result?: SimDirectoryAudit['result'];
  reason?: string;
  service?: string;
  offsetMs?: number;
  details?: SimDirectoryAudit['additionalDetails'];
}

function events(
  ids: AuditIds,
  at: Date,
  initiator: AuditPerson,
  target: AuditPerson,
  ip: string,
  specs: EventSpec[],
): SimDirectoryAudit[] {
  const correlationId = ids.guid();
  return specs.map((s, i) => {
    const service = s.service ?? SSPR_SERVICE;
    return {
      id:
        service === SSPR_SERVICE
          ? `SSPR_${correlationId}_${String(i + 1).padStart(5, '0')}`
          : `Directory_${correlationId}_${String(i + 1).padStart(5, '0')}`,
      category: 'UserManagement',
      correlationId,
      result: s.result ?? 'success',
      resultReason: s.reason ?? '',
      activityDisplayName: s.activity,
      activityDateTime: new Date(at.getTime() + (s.offsetMs ?? i * 1_000)).toISOString(),
      loggedByService: service,
      operationType: 'Update',
      initiatedBy: {
        app: null,
        user: {
          id: initiator.id,
          displayName: initiator.displayName,
          userPrincipalName: initiator.userPrincipalName,
          ipAddress: ip,
          userType: null,
          homeTenantId: null,
          homeTenantName: null,
        },
      },
      targetResources: [
        {
          id: target.id,
          displayName: target.displayName,
          type: 'User',
          userPrincipalName: target.userPrincipalName,
          groupType: null,
          modifiedProperties: [],
        },
      ],
      additionalDetails: s.details ?? [],
    };
  });
}

/** A self-service reset: the flow's progress, then the reset (success, or a banned password). */
export function selfServiceReset(ids: AuditIds, at: Date, user: AuditPerson, success = true): SimDirectoryAudit[] {
  return events(ids, at, user, user, '10.0.0.0', [
    { activity: 'Self-service password reset flow activity progress', reason: 'User submitted their user ID' },
    ...(success
      ? [
          {
            activity: 'Self-service password reset flow activity progress',
            reason: 'User successfully reset password',
            offsetMs: 2 * MINUTE,
          },
          { activity: 'Reset password (self-service)', offsetMs: 2 * MINUTE + 100 },
        ]
      : [
          {
            activity: 'Reset password (self-service)',
            result: 'failure' as const,
            reason: 'FuzzyPolicyViolationInvalidPassword',
            offsetMs: 2 * MINUTE,
          },
        ]),
  ]);
}

/** An admin reset through SSPR with writeback (Entra Connect), and Core Directory's record of it. */
export function adminReset(ids: AuditIds, at: Date, admin: AuditPerson, user: AuditPerson): SimDirectoryAudit[] {
  return [
    ...events(ids, at, admin, user, '127.0.0.1', [
      {
        activity: 'Reset password (by admin)',
        reason: 'Successfully completed reset.',
        details: [{ key: 'OnPremisesAgent', value: 'Microsoft Entra Connect' }],
      },
    ]),
    ...events(ids, at, admin, user, '127.0.0.1', [
      { activity: 'Reset user password', service: CORE_DIRECTORY, offsetMs: 500 },
    ]),
  ];
}

/** A user who tried too often: blocked from SSPR, later unlocked. */
export function blockedThenUnlocked(ids: AuditIds, at: Date, user: AuditPerson): SimDirectoryAudit[] {
  return events(ids, at, user, user, '10.0.0.0', [
    { activity: 'Blocked from self-service password reset' },
    { activity: 'Unlock user account (self-service)', offsetMs: 26 * 60 * MINUTE },
  ]);
}

/** A self-service password change refused by the banned-password policy. */
export function failedChange(ids: AuditIds, at: Date, user: AuditPerson): SimDirectoryAudit[] {
  return events(ids, at, user, user, '10.0.0.0', [
    { activity: 'Change password (self-service)', result: 'failure', reason: 'FuzzyPolicyViolationInvalidPassword' },
  ]);
}

/** Core Directory noise about the same user that is not about passwords. */
export function profileUpdate(ids: AuditIds, at: Date, admin: AuditPerson, user: AuditPerson): SimDirectoryAudit[] {
  return events(ids, at, admin, user, '127.0.0.1', [{ activity: 'Update user', service: CORE_DIRECTORY }]);
}
