/**
 * Users: list (the health ping), one by id or UPN (404 once soft-deleted), the manager, the
 * user's devices (`registeredDevices`, `ownedDevices`, with or without the `microsoft.graph.device`
 * cast), and `directory/deletedItems/{id}` (the recycle bin).
 */
import { odataContext, pageBody, type GraphCall, type GraphOperation } from './call.js';
import { parseQuery, project } from './query.js';
import { json, notFound } from './respond.js';
import type { SimDevice, SimGraphUser } from './state.js';
import { findUser } from './state.js';

const USER_PROPERTIES: ReadonlySet<string> = new Set([
  'id',
  'accountEnabled',
  'displayName',
  'givenName',
  'surname',
  'userPrincipalName',
  'mail',
  'mailNickname',
  'jobTitle',
  'department',
  'officeLocation',
  'usageLocation',
  'userType',
  'businessPhones',
  'mobilePhone',
  'preferredLanguage',
  'createdDateTime',
  'lastPasswordChangeDateTime',
  'onPremisesSyncEnabled',
  'onPremisesSamAccountName',
  'onPremisesDistinguishedName',
  'onPremisesImmutableId',
  'onPremisesDomainName',
  'onPremisesLastSyncDateTime',
  'deletedDateTime',
  'employeeHireDate',
]);
/** What Graph returns for a user without `$select`. https://learn.microsoft.com/graph/api/user-get */
const USER_DEFAULTS = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

const DEVICE_PROPERTIES: ReadonlySet<string> = new Set([
  'id',
  'deviceId',
  'displayName',
  'operatingSystem',
  'operatingSystemVersion',
  'trustType',
  'approximateLastSignInDateTime',
  'accountEnabled',
  'isCompliant',
  'isManaged',
  'registrationDateTime',
]);
const DEVICE_DEFAULTS = [...DEVICE_PROPERTIES];

export function projectUser(user: SimGraphUser, select: readonly string[] | undefined): Record<string, unknown> {
  return project(user, select, 'user', USER_PROPERTIES, USER_DEFAULTS);
}

function userOr404(call: GraphCall, key: string): SimGraphUser {
  const user = findUser(call.rt.state, key);
  if (!user) throw notFound(key);
  return user;
}

function selectFragment(base: string, select: readonly string[] | undefined): string {
  return select?.length ? `${base}(${select.join(',')})` : base;
}

export const listUsers: GraphOperation = (call) => {
  const q = parseQuery(call.params, ['$select', '$top', '$skiptoken']);
  const page = q.skiptoken
    ? call.rt.pager.next(q.skiptoken)
    : call.rt.pager.first(
        [...call.rt.state.users.values()].map((u) => projectUser(u, q.select)),
        Math.min(q.top ?? call.rt.pageSize, call.rt.pageSize),
      );
  return json(pageBody(call.rt, selectFragment('users', q.select), 'users', page));
};

export const getUser: GraphOperation = (call, [key = '']) => {
  const q = parseQuery(call.params, ['$select']);
  const user = userOr404(call, key);
  return json({
    '@odata.context': odataContext(call.rt, `${selectFragment('users', q.select)}/$entity`),
    ...projectUser(user, q.select),
  });
};

export const getManager: GraphOperation = (call, [key = '']) => {
  const q = parseQuery(call.params, ['$select']);
  const user = userOr404(call, key);
  const manager = call.rt.state.users.get(call.rt.state.managers.get(user.id) ?? '');
  if (!manager) throw notFound('manager');
  return json({
    '@odata.context': odataContext(call.rt, 'directoryObjects/$entity'),
    '@odata.type': '#microsoft.graph.user',
    ...projectUser(manager, q.select),
  });
};

/** `relation`: registeredDevices (registeredUsers) or ownedDevices (registeredOwners). */
export function listDevices(relation: 'registered' | 'owned'): GraphOperation {
  return (call, [key = '']) => {
    const q = parseQuery(call.params, ['$select', '$top', '$skiptoken']);
    if (q.skiptoken)
      return json(pageBody(call.rt, 'devices', call.segments.join('/'), call.rt.pager.next(q.skiptoken)));
    const user = userOr404(call, key);
    const mine = (d: SimDevice) => (relation === 'registered' ? d.userIds : d.ownerIds).includes(user.id);
    const devices = [...call.rt.state.devices.values()].filter(mine).map((d) => ({
      '@odata.type': '#microsoft.graph.device',
      ...project(d, q.select, 'device', DEVICE_PROPERTIES, DEVICE_DEFAULTS),
    }));
    const page = call.rt.pager.first(devices, Math.min(q.top ?? call.rt.pageSize, call.rt.pageSize));
    return json(pageBody(call.rt, selectFragment('devices', q.select), call.segments.join('/'), page));
  };
}

export const getDeletedItem: GraphOperation = (call, [id = '']) => {
  const q = parseQuery(call.params, ['$select']);
  const user = call.rt.state.deletedUsers.get(id.toLowerCase());
  if (!user) throw notFound(id);
  return json({
    '@odata.context': odataContext(call.rt, 'directoryObjects/$entity'),
    '@odata.type': '#microsoft.graph.user',
    ...projectUser(user, q.select),
  });
};
