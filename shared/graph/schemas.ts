/**
 * Response shapes, checked at runtime with zod and exported as types. Lenient on purpose: only
 * `id` is required; every other property may be missing or null, because Graph omits or nulls
 * properties the app lacks permission for (e.g. devices without Device.Read.All come back with just
 * `id`: https://learn.microsoft.com/graph/api/resources/directoryobject — "limited information").
 */
import { z } from 'zod';

const str = z.string().nullish();
const bool = z.boolean().nullish();

/** The user properties offboarding reads. https://learn.microsoft.com/graph/api/resources/user */
export const USER_FIELDS = [
  'id',
  'accountEnabled',
  'displayName',
  'userPrincipalName',
  'mail',
  'onPremisesSyncEnabled',
  'onPremisesSamAccountName',
  'onPremisesDistinguishedName',
  'onPremisesImmutableId',
  'onPremisesLastSyncDateTime',
  'lastPasswordChangeDateTime',
  'department',
  'jobTitle',
] as const;

export const graphUserSchema = z.object({
  id: z.string(),
  accountEnabled: bool,
  displayName: str,
  userPrincipalName: str,
  mail: str,
  onPremisesSyncEnabled: bool,
  onPremisesSamAccountName: str,
  onPremisesDistinguishedName: str,
  onPremisesImmutableId: str,
  onPremisesLastSyncDateTime: str,
  lastPasswordChangeDateTime: str,
  department: str,
  jobTitle: str,
});
export type GraphUser = z.output<typeof graphUserSchema>;

export const deletedUserSchema = graphUserSchema.extend({
  '@odata.type': z.string().optional(),
  deletedDateTime: str,
});
export type DeletedUser = Omit<z.output<typeof deletedUserSchema>, '@odata.type'>;

export const MANAGER_FIELDS = ['id', 'displayName', 'userPrincipalName', 'mail'] as const;
export const managerSchema = z
  .object({ '@odata.type': z.string().optional(), id: z.string(), displayName: str, userPrincipalName: str, mail: str })
  .transform(({ '@odata.type': odataType, ...rest }) => ({ ...rest, kind: managerKind(odataType) }));
/** `kind`: the manager can be an organisational contact rather than a user. */
export type Manager = z.output<typeof managerSchema>;

function managerKind(odataType: string | undefined): 'user' | 'orgContact' | 'unknown' {
  if (odataType === '#microsoft.graph.user') return 'user';
  if (odataType === '#microsoft.graph.orgContact') return 'orgContact';
  return odataType === undefined ? 'user' : 'unknown';
}

export const DEVICE_FIELDS = [
  'id',
  'deviceId',
  'displayName',
  'operatingSystem',
  'operatingSystemVersion',
  'trustType',
  'approximateLastSignInDateTime',
  'accountEnabled',
] as const;
export const deviceSchema = z.object({
  id: z.string(),
  deviceId: str,
  displayName: str,
  operatingSystem: str,
  operatingSystemVersion: str,
  /** `Workplace` (registered), `AzureAd` (joined), `ServerAd` (hybrid joined). */
  trustType: str,
  approximateLastSignInDateTime: str,
  accountEnabled: bool,
});
export type DeviceRelation = 'registered' | 'owned';
export type GraphDevice = z.output<typeof deviceSchema> & { relations: DeviceRelation[] };

export const MEMBER_FIELDS = ['id', 'displayName', 'userPrincipalName', 'mail', 'accountEnabled'] as const;
export const memberUserSchema = z.object({
  id: z.string(),
  displayName: str,
  userPrincipalName: str,
  mail: str,
  accountEnabled: bool,
});
export type GroupMemberUser = z.output<typeof memberUserSchema>;

export const DELTA_USER_FIELDS = [
  'id',
  'accountEnabled',
  'displayName',
  'userPrincipalName',
  'mail',
  'onPremisesSyncEnabled',
] as const;
export const deltaUserSchema = z
  .object({
    id: z.string(),
    accountEnabled: bool,
    displayName: str,
    userPrincipalName: str,
    mail: str,
    onPremisesSyncEnabled: bool,
    '@removed': z.object({ reason: z.string() }).optional(),
  })
  .transform(({ '@removed': removed, ...rest }) => (removed ? { ...rest, removed } : rest));
/** `removed.reason`: `changed` (soft-deleted, restorable) or `deleted` (gone for good).
 * https://learn.microsoft.com/graph/delta-query-users */
export type DeltaUser = z.output<typeof deltaUserSchema> & { removed?: { reason: string } };

export const subscriptionSchema = z.object({
  id: z.string(),
  resource: str,
  changeType: str,
  notificationUrl: str,
  lifecycleNotificationUrl: str,
  expirationDateTime: z.string(),
  clientState: str,
  applicationId: str,
  creatorId: str,
  latestSupportedTlsVersion: str,
  includeResourceData: bool,
});
export type Subscription = z.output<typeof subscriptionSchema>;

/** POST /subscriptions body. https://learn.microsoft.com/graph/api/subscription-post-subscriptions */
export interface CreateSubscriptionRequest {
  changeType: string;
  notificationUrl: string;
  /** Cannot be added after creation, so pass it now. */
  lifecycleNotificationUrl?: string;
  resource: string;
  expirationDateTime: string;
  clientState?: string;
  latestSupportedTlsVersion?: string;
}

const auditUser = z.object({ id: str, displayName: str, userPrincipalName: str, ipAddress: str }).nullish();
const auditApp = z
  .object({ appId: str, displayName: str, servicePrincipalId: str, servicePrincipalName: str })
  .nullish();
export const directoryAuditSchema = z.object({
  id: z.string(),
  category: str,
  correlationId: str,
  result: str,
  resultReason: str,
  activityDisplayName: str,
  activityDateTime: z.string(),
  loggedByService: str,
  operationType: str,
  initiatedBy: z.object({ user: auditUser, app: auditApp }).nullish(),
  targetResources: z.array(z.object({ id: str, displayName: str, type: str, userPrincipalName: str })).nullish(),
  additionalDetails: z.array(z.object({ key: str, value: str })).nullish(),
});
export type DirectoryAudit = z.output<typeof directoryAuditSchema>;

export const registrationDetailsSchema = z.object({
  id: z.string(),
  userPrincipalName: str,
  userDisplayName: str,
  userType: str,
  isAdmin: bool,
  isSsprRegistered: bool,
  isSsprEnabled: bool,
  isSsprCapable: bool,
  isMfaRegistered: bool,
  isMfaCapable: bool,
  isPasswordlessCapable: bool,
  isSystemPreferredAuthenticationMethodEnabled: bool,
  methodsRegistered: z.array(z.string()).nullish(),
  systemPreferredAuthenticationMethods: z.array(z.string()).nullish(),
  userPreferredMethodForSecondaryAuthentication: str,
  lastUpdatedDateTime: str,
});
export type RegistrationDetails = z.output<typeof registrationDetailsSchema>;

export const checkMemberGroupsSchema = z.object({ value: z.array(z.string()) });
