/**
 * Microsoft Graph for the bot tests, faked at the HTTP level: IT group membership
 * (`checkMemberGroups`), users by id or UPN, their registered/owned devices, and directory audits
 * answered by a function of the request (so a test can check the filter and answer 403 or 400).
 */
import nock from 'nock';
import type { DirectoryAudit, GraphDevice, GraphUser } from '../../../shared/graph/index.js';
import { GRAPH_ACCESS_TOKEN } from '../../support/entra.js';
import { IT_GROUP_ID } from '../../support/env.js';

export const GRAPH = 'https://graph.microsoft.com';

export interface GraphWorld {
  /** Entra object ids of the IT group's (transitive) members. */
  itMembers: string[];
  users: GraphUser[];
  devices: Record<string, Omit<GraphDevice, 'relations'>[]>;
  /** Answers `GET /auditLogs/directoryAudits` (the request's decoded `$filter` is given). */
  audits?: (filter: string) => [number, unknown];
}

export interface GraphFake {
  /** What was asked, decoded (`GET user o'brien@contoso.com`). */
  calls: string[];
  /** Every request's path and query exactly as sent, not decoded (`/v1.0/users/o%27brien%40contoso.com?…`). */
  urls: string[];
}

export function graphFake(world: GraphWorld): GraphFake {
  const calls: string[] = [];
  const urls: string[] = [];
  const scope = nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_ACCESS_TOKEN}` } }).persist();
  scope.on('request', (req: Request) => {
    const url = new URL(req.url);
    urls.push(url.pathname + url.search);
  });
  const findUser = (key: string) =>
    world.users.find((u) => u.id === key || u.userPrincipalName?.toLowerCase() === key.toLowerCase());
  scope.post(/^\/v1\.0\/users\/[^/]+\/checkMemberGroups$/).reply(async (req: Request) => {
    const id = decodeURIComponent(new URL(req.url).pathname.split('/')[3]!);
    calls.push(`POST checkMemberGroups ${id}`);
    const { groupIds } = (await req.json()) as { groupIds: string[] };
    return [200, { value: world.itMembers.includes(id) ? groupIds.filter((g) => g === IT_GROUP_ID) : [] }];
  });
  scope
    .get(/^\/v1\.0\/users\/[^/]+\/(registered|owned)Devices\/microsoft\.graph\.device/)
    .query(true)
    .reply((req: Request) => {
      const [, , , id, relation] = new URL(req.url).pathname.split('/');
      calls.push(`GET ${relation} ${decodeURIComponent(id!)}`);
      const devices = relation === 'registeredDevices' ? (world.devices[decodeURIComponent(id!)] ?? []) : [];
      return [200, { value: devices.map((d) => ({ '@odata.type': '#microsoft.graph.device', ...d })) }];
    });
  scope
    .get(/^\/v1\.0\/users\/[^/]+$/)
    .query(true)
    .reply((req: Request) => {
      const key = decodeURIComponent(new URL(req.url).pathname.split('/')[3]!);
      calls.push(`GET user ${key}`);
      const user = findUser(key);
      return user
        ? [200, user]
        : [404, { error: { code: 'Request_ResourceNotFound', message: `Resource '${key}' does not exist.` } }];
    });
  scope
    .get('/v1.0/auditLogs/directoryAudits')
    .query(true)
    .reply((req: Request) => {
      const filter = new URL(req.url).searchParams.get('$filter') ?? '';
      calls.push(`GET directoryAudits ${filter}`);
      return world.audits ? world.audits(filter) : [200, { value: [] as DirectoryAudit[] }];
    });
  return { calls, urls };
}
