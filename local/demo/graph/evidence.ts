/**
 * What device attribution reads besides Entra devices: Intune managed devices (the user's, and
 * tenant-wide by `deviceName eq '…'`), interactive sign-ins (`userId eq '…' and createdDateTime ge
 * …`), and `$batch`, which answers each item on its own through the same route table.
 * https://learn.microsoft.com/graph/json-batching
 */
import { z } from 'zod';
import { odataContext, type GraphCall, type GraphOperation } from './call.js';
import { parseQuery, project } from './query.js';
import { badRequest, errorBody, GraphSimError, json, notFound, type GraphReply } from './respond.js';
import { findUser, type GraphState, type SimManagedDevice } from './state.js';

const MANAGED_PROPERTIES: ReadonlySet<string> = new Set([
  'id',
  'deviceName',
  'userId',
  'userPrincipalName',
  'azureADDeviceId',
  'lastSyncDateTime',
  'operatingSystem',
  'managedDeviceOwnerType',
]);

function forbidden(state: GraphState, what: 'intune' | 'signIns'): void {
  if (what === 'signIns' && state.denied.has('noP1')) {
    throw new GraphSimError(
      403,
      'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
      "Neither tenant is B2C or tenant doesn't have premium license",
    );
  }
  if (state.denied.has(what))
    throw new GraphSimError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
}

const managedPage = (call: GraphCall, devices: SimManagedDevice[], select: readonly string[] | undefined): GraphReply =>
  json({
    '@odata.context': odataContext(call.rt, 'deviceManagement/managedDevices'),
    value: devices.map((d) => project(d, select, 'managedDevice', MANAGED_PROPERTIES, [...MANAGED_PROPERTIES])),
  });

export const listUserManagedDevices: GraphOperation = (call, [key = '']) => {
  const q = parseQuery(call.params, ['$select', '$top']);
  const user = findUser(call.rt.state, key);
  if (!user) throw notFound(key);
  forbidden(call.rt.state, 'intune');
  return managedPage(
    call,
    call.rt.state.managedDevices.filter((d) => d.userId === user.id),
    q.select,
  );
};

export const listManagedDevices: GraphOperation = (call) => {
  const q = parseQuery(call.params, ['$select', '$top', '$filter']);
  forbidden(call.rt.state, 'intune');
  const name = /^deviceName eq '((?:[^']|'')*)'$/.exec(q.filter ?? '')?.[1]?.replaceAll("''", "'");
  if (q.filter !== undefined && name === undefined)
    throw badRequest(`The simulator filters managedDevices by deviceName only: ${q.filter}`);
  const all = call.rt.state.managedDevices;
  return managedPage(
    call,
    name === undefined ? all : all.filter((d) => d.deviceName.toLowerCase() === name.toLowerCase()),
    q.select,
  );
};

/** Only `$filter` and `$top` (Graph refuses `$select` on signIns). */
export const listSignIns: GraphOperation = (call) => {
  const q = parseQuery(call.params, ['$top', '$filter', '$skiptoken']);
  forbidden(call.rt.state, 'signIns');
  const userId = /userId eq '([^']*)'/.exec(q.filter ?? '')?.[1];
  const since = /createdDateTime ge (\S+?)\)?$/.exec(q.filter ?? '')?.[1];
  const value = call.rt.state.signIns
    .filter(
      (s) =>
        (userId === undefined || s.userId === userId.toLowerCase()) &&
        (since === undefined || s.createdDateTime >= since),
    )
    .slice(0, q.top ?? 1000);
  return json({ '@odata.context': odataContext(call.rt, 'auditLogs/signIns'), value });
};

const batchSchema = z.object({
  requests: z
    .array(
      z.object({
        id: z.string(),
        method: z.string(),
        url: z.string(),
        headers: z.record(z.string(), z.string()).optional(),
        body: z.unknown().optional(),
      }),
    )
    .max(20),
});

export function batch(route: (call: GraphCall) => Promise<GraphReply>): GraphOperation {
  return async (call) => {
    const parsed = batchSchema.safeParse(call.body);
    if (!parsed.success) throw badRequest('Invalid batch payload (at most 20 requests, each with id, method and url).');
    const responses = [];
    for (const r of parsed.data.requests) {
      const url = new URL(r.url.startsWith('/') ? r.url : `/${r.url}`, 'https://batch.invalid');
      const inner: GraphCall = {
        ...call,
        method: r.method.toUpperCase(),
        segments: url.pathname.split('/').filter(Boolean).map(decodeURIComponent),
        params: url.searchParams,
        body: r.body,
      };
      try {
        const reply = await route(inner);
        responses.push({
          id: r.id,
          status: reply.status,
          headers: { 'content-type': 'application/json', ...reply.headers },
          body: reply.body,
        });
      } catch (err) {
        if (!(err instanceof GraphSimError)) throw err;
        responses.push({
          id: r.id,
          status: err.status,
          headers: { 'content-type': 'application/json' },
          body: errorBody(err.code, err.message, r.id, undefined, call.rt.now()),
        });
      }
    }
    return json({ responses });
  };
}
