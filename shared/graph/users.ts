/**
 * User lookups for offboarding: the user, a soft-deleted user, the manager, the user's devices.
 */
import type { z } from 'zod';
import { odataString } from './odata.js';
import { collectPages } from './paging.js';
import {
  DEVICE_FIELDS,
  MANAGER_FIELDS,
  USER_FIELDS,
  deletedUserSchema,
  deviceSchema,
  graphUserSchema,
  managerSchema,
  type DeletedUser,
  type DeviceRelation,
  type GraphDevice,
  type GraphUser,
  type Manager,
} from './schemas.js';
import type { GraphTransport } from './transport.js';
import { graphPath, strictEncode } from './url.js';

/**
 * `/users/{id | userPrincipalName}`. A UPN that starts with `$` must be written as a quoted key,
 * `/users('$x@contoso.com')`. https://learn.microsoft.com/graph/api/user-get#http-request
 */
export function userPath(idOrUpn: string): string {
  return idOrUpn.startsWith('$') ? `/users(${strictEncode(odataString(idOrUpn))})` : graphPath`/users/${idOrUpn}`;
}

/** The user with the offboarding fields, or undefined when there is no such user (404). */
export function getUser(t: GraphTransport, idOrUpn: string): Promise<GraphUser | undefined> {
  return t.jsonOrUndefined({ path: userPath(idOrUpn), query: { select: USER_FIELDS } }, graphUserSchema);
}

/**
 * A soft-deleted user (recycle bin, 30 days), or undefined. `GET /directory/deletedItems/{id}` is
 * the documented form; it returns a directoryObject, so anything that is not a user counts as
 * "not found". https://learn.microsoft.com/graph/api/directory-deleteditems-get
 */
export async function getDeletedUser(t: GraphTransport, id: string): Promise<DeletedUser | undefined> {
  const found = await t.jsonOrUndefined(
    { path: graphPath`/directory/deletedItems/${id}`, query: { select: [...USER_FIELDS, 'deletedDateTime'] } },
    deletedUserSchema,
  );
  if (!found) return undefined;
  const { '@odata.type': odataType, ...user } = found;
  return odataType === undefined || odataType === '#microsoft.graph.user' ? user : undefined;
}

/** The manager (a user or an orgContact), or undefined when none is set (404).
 * https://learn.microsoft.com/graph/api/user-list-manager */
export function getManager(t: GraphTransport, userId: string): Promise<Manager | undefined> {
  return t.jsonOrUndefined(
    { path: graphPath`/users/${userId}/manager`, query: { select: MANAGER_FIELDS } },
    managerSchema,
  );
}

/**
 * Registered and owned devices, merged by object id. The `/microsoft.graph.device` cast keeps other
 * directory objects out. Without Device.Read.All items carry only `id`; they are kept as they are.
 * https://learn.microsoft.com/graph/api/user-list-registereddevices
 * https://learn.microsoft.com/graph/api/user-list-owneddevices
 */
export async function getUserDevices(t: GraphTransport, userId: string): Promise<GraphDevice[]> {
  const list = (relation: DeviceRelation, path: string) =>
    collectPages(t, { path, query: { select: DEVICE_FIELDS } }, deviceSchema).then((items) =>
      items.map((d) => ({ device: d, relation })),
    );
  const lists = await Promise.all([
    list('registered', graphPath`/users/${userId}/registeredDevices/microsoft.graph.device`),
    list('owned', graphPath`/users/${userId}/ownedDevices/microsoft.graph.device`),
  ]);
  return mergeDevices(lists.flat());
}

/** One list of devices from the two relations, merged by object id (also users-devices.ts). */
export function mergeDevices(
  found: readonly { device: z.output<typeof deviceSchema>; relation: DeviceRelation }[],
): GraphDevice[] {
  const byId = new Map<string, GraphDevice>();
  for (const { device, relation } of found) {
    const known = byId.get(device.id);
    if (!known) {
      byId.set(device.id, { ...device, relations: [relation] });
      continue;
    }
    if (!known.relations.includes(relation)) known.relations.push(relation);
    // Keep whichever copy has properties (permission differences between the two lists).
    for (const [key, value] of Object.entries(device) as [keyof typeof device, unknown][]) {
      if (known[key] == null && value != null) Object.assign(known, { [key]: value });
    }
  }
  return [...byId.values()];
}
