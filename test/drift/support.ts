/**
 * The group-drift test world: a private Azurite, app settings pointing at it and at the fakes, the
 * stateful NetBird fake (test/offboarding/support/netbird-fake.ts, spec-checked), the Bot Connector,
 * and Graph's `groups/{id}/transitiveMembers/microsoft.graph.user` (paged like Graph, 999 a page
 * unless told) and `checkMemberGroups` for the IT approvers group, faked with nock at the wire.
 * The builders have no test-runner imports, so the bench uses them too.
 */
import nock from 'nock';
import { encodeDexUserId } from '../../shared/netbird/ids.js';
import type { NetBirdPeer, NetBirdUser } from '../../shared/netbird/index.js';
import { GRAPH_ACCESS_TOKEN } from '../support/entra.js';
import { IT_APPROVERS_GROUP_ID } from '../support/env.js';

export const GRAPH = 'https://graph.microsoft.com';
export const CONNECTOR_ID = 'entra';

export interface EntraMember {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail: string | null;
  accountEnabled: boolean;
}

export interface EntraGroupsFake {
  /** Entra group id → its transitive user members. */
  groups: Map<string, EntraMember[]>;
  approvers: Set<string>;
  /** Every Graph request, `METHOD /path`. */
  calls: string[];
}

export function entraGroupsFake(
  groups: Map<string, EntraMember[]>,
  options: { pageSize?: number; approvers?: string[] } = {},
): EntraGroupsFake {
  const fake: EntraGroupsFake = {
    groups,
    approvers: new Set((options.approvers ?? []).map((a) => a.toLowerCase())),
    calls: [],
  };
  const pageSize = options.pageSize ?? 999;
  const scope = nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_ACCESS_TOKEN}` } }).persist();
  scope
    .get(/^\/v1\.0\/groups\/[^/]+\/transitiveMembers\/microsoft\.graph\.user/)
    .query(true)
    .reply((req: Request) => {
      const url = new URL(req.url);
      fake.calls.push(`GET ${url.pathname}`);
      const id = decodeURIComponent(url.pathname.split('/')[3]!);
      const members = groups.get(id.toLowerCase());
      if (!members)
        return [404, { error: { code: 'Request_ResourceNotFound', message: `Resource '${id}' does not exist.` } }];
      const skip = Number(url.searchParams.get('$skiptoken') ?? '0');
      const page = members.slice(skip, skip + pageSize);
      const next =
        skip + pageSize < members.length ? `${GRAPH}${url.pathname}?$skiptoken=${skip + pageSize}` : undefined;
      return [
        200,
        {
          '@odata.context': `${GRAPH}/v1.0/$metadata#users`,
          value: page,
          ...(next ? { '@odata.nextLink': next } : {}),
        },
      ];
    });
  scope.post(/^\/v1\.0\/users\/[^/]+\/checkMemberGroups$/).reply(async (req: Request) => {
    const url = new URL(req.url);
    fake.calls.push(`POST ${url.pathname}`);
    const id = decodeURIComponent(url.pathname.split('/')[3]!).toLowerCase();
    const asked = ((await req.json()) as { groupIds: string[] }).groupIds;
    return [200, { value: fake.approvers.has(id) ? asked.filter((g) => g === IT_APPROVERS_GROUP_ID) : [] }];
  });
  return fake;
}

export function member(id: string, name: string, email: string): EntraMember {
  return { id, displayName: name, userPrincipalName: email, mail: email, accountEnabled: true };
}

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

export function nbUserId(oid: string): string {
  return encodeDexUserId({ userId: oid, connectorId: CONNECTOR_ID });
}

export function nbUser(
  oid: string,
  email: string,
  name: string,
  autoGroups: string[],
  over: Partial<NetBirdUser> = {},
): NetBirdUser {
  return {
    id: nbUserId(oid),
    email,
    name,
    role: 'user',
    status: 'active',
    last_login: ago(86_400_000),
    auto_groups: autoGroups,
    is_current: false,
    is_service_user: false,
    is_blocked: false,
    pending_approval: false,
    issued: 'api',
    ...over,
  };
}

export function peer(
  id: string,
  name: string,
  userId: string,
  over: Partial<NetBirdPeer> = {},
): Omit<NetBirdPeer, 'groups'> {
  return {
    id,
    name,
    hostname: name,
    ip: '100.90.0.7',
    connection_ip: '203.0.113.7',
    connected: false,
    last_seen: ago(3_600_000),
    os: 'Windows 11',
    kernel_version: '10.0.26100',
    geoname_id: 0,
    version: '0.60.2',
    ssh_enabled: false,
    user_id: userId,
    ui_version: 'netbird-desktop-ui/0.60.2',
    dns_label: `${name.toLowerCase()}.netbird.selfhosted`,
    login_expiration_enabled: true,
    login_expired: false,
    inactivity_expiration_enabled: false,
    approval_required: false,
    country_code: '',
    city_name: '',
    serial_number: '',
    extra_dns_labels: [],
    ephemeral: false,
    created_at: ago(30 * 86_400_000),
    ...over,
  } as Omit<NetBirdPeer, 'groups'>;
}
