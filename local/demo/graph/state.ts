/**
 * The Microsoft Graph simulator's tenant: plain data a test or the dev console can read and change
 * (through world.ts's controls, which also send the change notifications Graph would send).
 * Records are shaped like Graph's resources (user, device, group, subscription, directoryAudit,
 * userRegistrationDetails); relationships (manager, device owners, group members) are ids.
 */

/** https://learn.microsoft.com/graph/api/resources/user (the properties the simulator knows). */
export interface SimGraphUser {
  id: string;
  accountEnabled: boolean;
  displayName: string;
  givenName: string;
  surname: string;
  userPrincipalName: string;
  mail: string;
  mailNickname: string;
  jobTitle: string;
  department: string;
  officeLocation: string;
  usageLocation: string;
  userType: 'Member';
  businessPhones: string[];
  mobilePhone: string | null;
  preferredLanguage: string | null;
  createdDateTime: string;
  lastPasswordChangeDateTime: string;
  onPremisesSyncEnabled: boolean;
  onPremisesSamAccountName: string;
  onPremisesDistinguishedName: string;
  onPremisesImmutableId: string;
  onPremisesDomainName: string;
  onPremisesLastSyncDateTime: string;
  deletedDateTime: string | null;
  /** Only returned when `$select`ed, as Graph does; set for the demo's pending joiner. */
  employeeHireDate?: string | null;
}

/** https://learn.microsoft.com/graph/api/resources/device; `trustType` ServerAd = hybrid joined. */
export interface SimDevice {
  id: string;
  deviceId: string;
  displayName: string;
  operatingSystem: string;
  operatingSystemVersion: string;
  trustType: 'ServerAd' | 'AzureAd' | 'Workplace';
  approximateLastSignInDateTime: string;
  accountEnabled: boolean;
  isCompliant: boolean;
  isManaged: boolean;
  registrationDateTime: string;
  /** registeredOwners and registeredUsers (user ids). */
  ownerIds: string[];
  userIds: string[];
}

/**
 * An Intune managed device (https://learn.microsoft.com/graph/api/resources/intune-devices-manageddevice):
 * only MDM-enrolled laptops have one. `userId` is the primary user (null: enrolled with device
 * credentials); `azureADDeviceId` is the Entra device's `deviceId`.
 */
export interface SimManagedDevice {
  id: string;
  deviceName: string;
  userId: string | null;
  userPrincipalName: string | null;
  azureADDeviceId: string;
  lastSyncDateTime: string;
  operatingSystem: string;
  managedDeviceOwnerType: 'company';
}

/** An interactive sign-in (https://learn.microsoft.com/graph/api/resources/signin), the fields attribution reads. */
export interface SimSignIn {
  id: string;
  createdDateTime: string;
  userId: string;
  userPrincipalName: string;
  appDisplayName: string;
  isInteractive: true;
  deviceDetail: {
    deviceId: string;
    displayName: string;
    operatingSystem: string;
    browser: string;
    isCompliant: boolean;
    isManaged: boolean;
    trustType: string;
  };
}

export interface SimGraphGroup {
  id: string;
  displayName: string;
  description: string;
  securityEnabled: boolean;
  mailEnabled: boolean;
  /** Users or nested groups. */
  memberIds: string[];
}

/** https://learn.microsoft.com/graph/api/resources/subscription */
export interface SimSubscription {
  id: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  expirationDateTime: string;
  clientState: string | null;
  applicationId: string;
  creatorId: string;
  latestSupportedTlsVersion: string;
  includeResourceData: boolean;
}

interface AuditIdentity {
  id: string | null;
  displayName: string | null;
  userPrincipalName: string | null;
  ipAddress: string | null;
  userType: null;
  homeTenantId: null;
  homeTenantName: null;
}

/** https://learn.microsoft.com/graph/api/resources/directoryaudit (shape of graph/samples/directory-audits-sspr.json). */
export interface SimDirectoryAudit {
  id: string;
  category: string;
  correlationId: string;
  result: 'success' | 'failure' | 'timeout' | 'unknownFutureValue';
  resultReason: string;
  activityDisplayName: string;
  activityDateTime: string;
  loggedByService: string;
  operationType: string;
  initiatedBy: { app: null; user: AuditIdentity };
  targetResources: {
    id: string;
    displayName: string;
    type: 'User';
    userPrincipalName: string;
    groupType: null;
    modifiedProperties: [];
  }[];
  additionalDetails: { key: string; value: string }[];
}

/** https://learn.microsoft.com/graph/api/resources/userregistrationdetails */
export interface SimRegistrationDetails {
  id: string;
  userPrincipalName: string;
  userDisplayName: string;
  userType: 'member';
  isAdmin: boolean;
  isSsprRegistered: boolean;
  isSsprEnabled: boolean;
  isSsprCapable: boolean;
  isMfaRegistered: boolean;
  isMfaCapable: boolean;
  isPasswordlessCapable: boolean;
  lastUpdatedDateTime: string;
  methodsRegistered: string[];
  isSystemPreferredAuthenticationMethodEnabled: boolean;
  systemPreferredAuthenticationMethods: string[];
  userPreferredMethodForSecondaryAuthentication: string;
}

/** One entry of the users change log that `users/delta` reads. */
export interface UserChange {
  seq: number;
  userId: string;
}

/** A change notification the simulator tried to deliver (the URL without its query: it can carry a function key). */
export interface Delivery {
  at: string;
  subscriptionId: string;
  url: string;
  changeType: string;
  userId: string;
  /** The webhook's HTTP status, or 0 when it did not answer in time. */
  status: number;
}

export interface GraphState {
  tenantId: string;
  /** The app registration the simulator issues tokens to. */
  clientId: string;
  clientSecret: string;
  users: Map<string, SimGraphUser>;
  /** Soft-deleted users (the recycle bin: `directory/deletedItems`). */
  deletedUsers: Map<string, SimGraphUser>;
  /** user id → manager id */
  managers: Map<string, string>;
  devices: Map<string, SimDevice>;
  managedDevices: SimManagedDevice[];
  /** Newest first, as Graph lists them. */
  signIns: SimSignIn[];
  /** What the app registration may not read: answered 403 (`intune`, `signIns`; `noP1`: no licence). */
  denied: Set<'intune' | 'signIns' | 'noP1'>;
  groups: Map<string, SimGraphGroup>;
  subscriptions: Map<string, SimSubscription>;
  /** Oldest first. */
  audits: SimDirectoryAudit[];
  registration: Map<string, SimRegistrationDetails>;
  /** Every change to a user, in order; `seq` of the last one is `changeSeq`. */
  changes: UserChange[];
  changeSeq: number;
  deliveries: Delivery[];
}

export function emptyGraphState(tenantId: string, clientId: string, clientSecret: string): GraphState {
  return {
    tenantId,
    clientId,
    clientSecret,
    users: new Map(),
    deletedUsers: new Map(),
    managers: new Map(),
    devices: new Map(),
    managedDevices: [],
    signIns: [],
    denied: new Set(),
    groups: new Map(),
    subscriptions: new Map(),
    audits: [],
    registration: new Map(),
    changes: [],
    changeSeq: 0,
    deliveries: [],
  };
}

/** Records a change to a user for `users/delta`. */
export function noteUserChange(state: GraphState, userId: string): void {
  state.changeSeq++;
  state.changes.push({ seq: state.changeSeq, userId });
}

/** A user (or soft-deleted user) by object id or UPN, ignoring case. */
export function findUser(state: GraphState, idOrUpn: string): SimGraphUser | undefined {
  const key = idOrUpn.toLowerCase();
  const byId = state.users.get(key);
  if (byId) return byId;
  for (const u of state.users.values()) if (u.userPrincipalName.toLowerCase() === key) return u;
  return undefined;
}
