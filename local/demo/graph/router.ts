/**
 * The Graph endpoints the app calls (shared/graph/*.ts), as a route table over the path after
 * `/v1.0`. `{}` matches one segment (an id or a UPN); the first matching route wins, so fixed
 * segments (`users/delta`) come before `users/{}`. An unknown path answers like Graph:
 * 400 "Resource not found for the segment …".
 */
import { listDirectoryAudits } from './audits.js';
import type { GraphCall, GraphOperation } from './call.js';
import { usersDelta } from './delta.js';
import { checkMemberGroups, transitiveMemberOf, transitiveMembers } from './groups.js';
import { getRegistrationDetails, listRegistrationDetails } from './reports.js';
import { badRequest, GraphSimError, type GraphReply } from './respond.js';
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  reauthorizeSubscription,
  renewSubscription,
} from './subscriptions.js';
import { batch, listManagedDevices, listSignIns, listUserManagedDevices } from './evidence.js';
import { getDeletedItem, getManager, getUser, listDevices, listUsers } from './users.js';

type Route = [method: string, pattern: string, operation: GraphOperation];

const ROUTES: Route[] = [
  ['GET', 'users', listUsers],
  ['GET', 'users/delta', usersDelta],
  ['GET', 'users/{}', getUser],
  ['GET', 'users/{}/manager', getManager],
  ['GET', 'users/{}/registeredDevices', listDevices('registered')],
  ['GET', 'users/{}/registeredDevices/microsoft.graph.device', listDevices('registered')],
  ['GET', 'users/{}/ownedDevices', listDevices('owned')],
  ['GET', 'users/{}/ownedDevices/microsoft.graph.device', listDevices('owned')],
  ['POST', 'users/{}/checkMemberGroups', checkMemberGroups],
  ['GET', 'users/{}/transitiveMemberOf/microsoft.graph.group', transitiveMemberOf],
  ['GET', 'users/{}/managedDevices', listUserManagedDevices],
  ['GET', 'deviceManagement/managedDevices', listManagedDevices],
  ['GET', 'auditLogs/signIns', listSignIns],
  ['POST', '$batch', batch((call) => route(call))],
  ['GET', 'groups/{}/transitiveMembers', transitiveMembers(false)],
  ['GET', 'groups/{}/transitiveMembers/microsoft.graph.user', transitiveMembers(true)],
  ['GET', 'directory/deletedItems/{}', getDeletedItem],
  ['GET', 'subscriptions', listSubscriptions],
  ['POST', 'subscriptions', createSubscription],
  ['GET', 'subscriptions/{}', getSubscription],
  ['PATCH', 'subscriptions/{}', renewSubscription],
  ['DELETE', 'subscriptions/{}', deleteSubscription],
  ['POST', 'subscriptions/{}/reauthorize', reauthorizeSubscription],
  ['GET', 'auditLogs/directoryAudits', listDirectoryAudits],
  ['GET', 'reports/authenticationMethods/userRegistrationDetails', listRegistrationDetails],
  ['GET', 'reports/authenticationMethods/userRegistrationDetails/{}', getRegistrationDetails],
];

/**
 * Decoded segments, with the OData key form `users('$x@contoso.com')` (how a UPN starting with `$`
 * is addressed) and a function call's `()` (`users/delta()`) turned into plain segments.
 */
export function splitPath(path: string): string[] {
  const out: string[] = [];
  for (const raw of path.split('/').filter(Boolean)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      throw badRequest(`Bad percent-encoding in segment '${raw}'.`);
    }
    const key = /^([A-Za-z]+)\('((?:[^']|'')*)'\)$/.exec(segment);
    if (key) out.push(key[1]!, key[2]!.replaceAll("''", "'"));
    else out.push(segment.replace(/\(\)$/, ''));
  }
  return out;
}

function match(pattern: string, segments: string[]): string[] | undefined {
  const parts = pattern.split('/');
  if (parts.length !== segments.length) return undefined;
  const ids: string[] = [];
  for (const [i, part] of parts.entries()) {
    const segment = segments[i]!;
    if (part === '{}') ids.push(segment);
    else if (part.toLowerCase() !== segment.toLowerCase()) return undefined;
  }
  return ids;
}

export async function route(call: GraphCall): Promise<GraphReply> {
  let methodMismatch = false;
  for (const [method, pattern, operation] of ROUTES) {
    const ids = match(pattern, call.segments);
    if (!ids) continue;
    if (method !== call.method) {
      methodMismatch = true;
      continue;
    }
    return operation(call, ids);
  }
  if (methodMismatch)
    throw new GraphSimError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
  throw badRequest(`Resource not found for the segment '${call.segments.at(-1) ?? ''}'.`);
}
