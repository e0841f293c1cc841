/**
 * Microsoft Graph for the offboarding tests, faked with nock at the HTTP level and stateful: users
 * (enabled, disabled, soft-deleted into `directory/deletedItems`, or gone), managers, registered
 * devices, the IT approvers group (`checkMemberGroups`), subscriptions, and `users/delta` rounds.
 */
import { randomUUID } from 'node:crypto';
import nock from 'nock';
import { GRAPH_ACCESS_TOKEN } from '../../support/entra.js';
import { IT_APPROVERS_GROUP_ID } from '../../support/env.js';

export const GRAPH = 'https://graph.microsoft.com';

export interface FakeUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail?: string;
  accountEnabled: boolean;
  /** `soft`: in the recycle bin; `hard`: gone for good. */
  deleted?: 'soft' | 'hard';
  managerId?: string;
  /** Entra device display names (registered devices: cloud-joined or registered, never hybrid). */
  devices?: string[];
  /** Intune devices this user is primary user of (`managedDevices`). */
  managed?: string[];
  /** Devices the user signed in on interactively (sign-in logs, `deviceDetail.displayName`). */
  signIns?: string[];
  department?: string;
  jobTitle?: string;
  /** `employeeHireDate`, ISO. */
  hireDate?: string;
  /** Display names of the groups the user is in, nested ones included (`transitiveMemberOf`). */
  groups?: string[];
}

/** Sources the app may not read in this test: answered 403 as Graph does. */
export type DeniedSource = 'intune' | 'signIns' | 'noP1' | 'devices';

export interface FakeSubscription {
  id: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string;
  expirationDateTime: string;
  clientState?: string;
}

export interface GraphWorld {
  users: FakeUser[];
  approvers: string[];
  subscriptions: FakeSubscription[];
  /** Answers `GET /users/delta` (fresh round, or the link given). */
  delta?: (url: URL) => [number, unknown];
  denied?: DeniedSource[];
  /** Intune devices nobody in `users` is primary user of (enrolled with device credentials). */
  unassignedManaged?: string[];
  /** Answer the next N batch items with 429 (Retry-After 0), to test the per-item retry. */
  throttleBatchItems?: number;
}

export interface GraphFake {
  world: GraphWorld;
  calls: string[];
  user(id: string): FakeUser | undefined;
  add(user: FakeUser): FakeUser;
}

const notFound = (what: string): [number, unknown] => [
  404,
  { error: { code: 'Request_ResourceNotFound', message: `Resource '${what}' does not exist.` } },
];

export function graphFake(world: GraphWorld, options: { latencyMs?: number } = {}): GraphFake {
  const calls: string[] = [];
  const find = (key: string) =>
    world.users.find((u) => u.id === key.toLowerCase() || u.userPrincipalName.toLowerCase() === key.toLowerCase());
  const json = (u: FakeUser) => ({
    id: u.id,
    displayName: u.displayName,
    userPrincipalName: u.userPrincipalName,
    mail: u.mail ?? u.userPrincipalName,
    accountEnabled: u.accountEnabled,
    department: u.department ?? null,
    jobTitle: u.jobTitle ?? null,
    employeeHireDate: u.hireDate ?? null,
  });
  const live = (key: string) => {
    const u = find(key);
    return u && !u.deleted ? u : undefined;
  };

  const denied = (what: DeniedSource): [number, unknown] | undefined => {
    if (!world.denied?.includes(what)) return undefined;
    if (what === 'noP1')
      return [
        403,
        {
          error: {
            code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
            message: "Neither tenant is B2C or tenant doesn't have premium license",
          },
        },
      ];
    return [
      403,
      { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } },
    ];
  };
  const managedJson = (name: string, owner: FakeUser | undefined, i: number) => ({
    id: `md-${name.toLowerCase()}-${i}`,
    deviceName: name,
    userId: owner?.id ?? null,
    userPrincipalName: owner?.userPrincipalName ?? null,
    azureADDeviceId: `aad-${name.toLowerCase()}`,
    lastSyncDateTime: new Date(Date.now() - 3_600_000).toISOString(),
    operatingSystem: 'Windows',
  });

  const get = (url: URL): [number, unknown] => {
    const p = url.pathname
      .replace(/^\/v1\.0/, '')
      .split('/')
      .map(decodeURIComponent);
    if (p[1] === 'users' && p[3] === 'managedDevices') {
      const u = live(p[2]!);
      if (!u) return notFound(p[2]!);
      return denied('intune') ?? [200, { value: (u.managed ?? []).map((n, i) => managedJson(n, u, i)) }];
    }
    if (p[1] === 'deviceManagement' && p[2] === 'managedDevices') {
      const refusal = denied('intune');
      if (refusal) return refusal;
      const wanted = /deviceName eq '((?:[^']|'')*)'/
        .exec(url.searchParams.get('$filter') ?? '')?.[1]
        ?.replaceAll("''", "'");
      if (wanted === undefined)
        return [400, { error: { code: 'BadRequest', message: 'fake wants a deviceName filter' } }];
      const owners = world.users.filter((u) => u.managed?.some((n) => n.toLowerCase() === wanted.toLowerCase()));
      const value = owners.map((u, i) => managedJson(wanted, u, i));
      if (world.unassignedManaged?.some((n) => n.toLowerCase() === wanted.toLowerCase()))
        value.push(managedJson(wanted, undefined, 99));
      return [200, { value }];
    }
    if (p[1] === 'auditLogs' && p[2] === 'signIns') {
      const refusal = denied('noP1') ?? denied('signIns');
      if (refusal) return refusal;
      const userId = /userId eq '([^']*)'/.exec(url.searchParams.get('$filter') ?? '')?.[1];
      const u = userId ? find(userId) : undefined;
      return [
        200,
        {
          value: (u?.signIns ?? []).map((displayName, i) => ({
            id: `si-${i}`,
            createdDateTime: new Date(Date.now() - (i + 1) * 86_400_000).toISOString(),
            userId: u!.id,
            userPrincipalName: u!.userPrincipalName,
            appDisplayName: 'Windows Sign In',
            isInteractive: true,
            deviceDetail: {
              deviceId: '',
              displayName,
              operatingSystem: 'Windows10',
              browser: '',
              isCompliant: false,
              isManaged: false,
              trustType: 'Hybrid Azure AD joined',
            },
          })),
        },
      ];
    }
    if (p[1] === 'users' && (p[3] === 'registeredDevices' || p[3] === 'ownedDevices')) {
      const u = live(p[2]!);
      if (!u) return notFound(p[2]!);
      const refusal = denied('devices');
      if (refusal) return refusal;
      const names = p[3] === 'registeredDevices' ? (u.devices ?? []) : [];
      return [
        200,
        {
          value: names.map((displayName, i) => ({
            '@odata.type': '#microsoft.graph.device',
            id: `${u.id.slice(0, 8)}-dev-${i}`,
            displayName,
            operatingSystem: 'Windows',
            trustType: 'AzureAd',
            accountEnabled: true,
          })),
        },
      ];
    }
    if (p[1] === 'users' && p[2] && p.length === 3) {
      const u = live(p[2]);
      return u ? [200, json(u)] : notFound(p[2]);
    }
    return [501, { error: { code: 'notFaked', message: `fake Graph has no GET ${url.pathname} in a batch` } }];
  };

  /** `POST /$batch`: each item answered on its own (https://learn.microsoft.com/graph/json-batching). */
  const batch = async (req: Request): Promise<[number, unknown]> => {
    const { requests } = (await req.json()) as { requests: { id: string; method: string; url: string }[] };
    if (requests.length > 20) return [400, { error: { code: 'BadRequest', message: 'more than 20 requests' } }];
    const responses = requests.map((r) => {
      calls.push(`BATCH ${r.method} ${r.url.split('?')[0]}`);
      if ((world.throttleBatchItems ?? 0) > 0) {
        world.throttleBatchItems!--;
        return {
          id: r.id,
          status: 429,
          headers: { 'Retry-After': '0' },
          body: { error: { code: 'TooManyRequests', message: 'throttled' } },
        };
      }
      const [status, body] = get(new URL(`${GRAPH}/v1.0${r.url}`));
      return { id: r.id, status, headers: { 'Content-Type': 'application/json' }, body };
    });
    return [200, { responses }];
  };

  const route = async (req: Request): Promise<[number, unknown]> => {
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    const url = new URL(req.url);
    const p = url.pathname
      .replace(/^\/v1\.0/, '')
      .split('/')
      .map(decodeURIComponent); // ['', 'users', id, ...]
    const method = req.method.toUpperCase();
    calls.push(`${method} ${url.pathname}`);
    if (p[1] === '$batch' && method === 'POST') return batch(req);
    if (p[1] === 'users' && p[2] === 'delta')
      return world.delta ? world.delta(url) : [500, { error: { code: 'noDelta', message: 'no delta in this test' } }];
    if (p[1] === 'users' && p[2] && p.length === 3 && method === 'GET') {
      const u = live(p[2]);
      return u ? [200, json(u)] : notFound(p[2]);
    }
    if (p[1] === 'users' && p[3] === 'transitiveMemberOf' && method === 'GET') {
      const u = live(p[2]!);
      if (!u) return notFound(p[2]!);
      return [
        200,
        {
          value: (u.groups ?? []).map((displayName, i) => ({
            '@odata.type': '#microsoft.graph.group',
            id: `${u.id.slice(0, 8)}-grp-${i}`,
            displayName,
          })),
        },
      ];
    }
    if (p[1] === 'users' && p[3] === 'manager') {
      const u = live(p[2]!);
      const m = u?.managerId ? find(u.managerId) : undefined;
      return m ? [200, { '@odata.type': '#microsoft.graph.user', ...json(m) }] : notFound('manager');
    }
    if (
      method === 'GET' &&
      ((p[1] === 'users' && ['registeredDevices', 'ownedDevices', 'managedDevices'].includes(p[3] ?? '')) ||
        p[1] === 'auditLogs' ||
        p[1] === 'deviceManagement')
    )
      return get(url);
    if (p[1] === 'users' && p[3] === 'checkMemberGroups' && method === 'POST') {
      const { groupIds } = (await req.json()) as { groupIds: string[] };
      if (!find(p[2]!)) return notFound(p[2]!);
      return [
        200,
        {
          value: world.approvers.includes(p[2]!.toLowerCase())
            ? groupIds.filter((g) => g === IT_APPROVERS_GROUP_ID)
            : [],
        },
      ];
    }
    if (p[1] === 'directory' && p[2] === 'deletedItems' && p[3]) {
      const u = find(p[3]);
      return u?.deleted === 'soft'
        ? [200, { '@odata.type': '#microsoft.graph.user', ...json(u), deletedDateTime: new Date().toISOString() }]
        : notFound(p[3]);
    }
    if (p[1] === 'subscriptions') return subscriptions(req, method, p[2], p[3]);
    return [501, { error: { code: 'notFaked', message: `fake Graph has no ${method} ${url.pathname}` } }];
  };

  const subscriptions = async (
    req: Request,
    method: string,
    id?: string,
    action?: string,
  ): Promise<[number, unknown]> => {
    const s = id ? world.subscriptions.find((x) => x.id === id) : undefined;
    if (method === 'POST' && !id) {
      const body = (await req.json()) as Omit<FakeSubscription, 'id'>;
      const created = { ...body, id: randomUUID() };
      world.subscriptions.push(created);
      return [201, created];
    }
    if (!s) return notFound(`subscription ${id}`);
    if (method === 'GET') return [200, { ...s, clientState: null }];
    if (method === 'PATCH') {
      const body = (await req.json()) as { expirationDateTime: string };
      s.expirationDateTime = body.expirationDateTime;
      return [200, { ...s, clientState: null }];
    }
    if (method === 'POST' && action === 'reauthorize') return [204, ''];
    if (method === 'DELETE') {
      world.subscriptions.splice(world.subscriptions.indexOf(s), 1);
      return [204, ''];
    }
    return [501, { error: { code: 'notFaked', message: 'subscription call not faked' } }];
  };

  const scope = nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_ACCESS_TOKEN}` } }).persist();
  for (const m of ['get', 'post', 'patch', 'delete'] as const)
    scope[m](/^\/v1\.0\//)
      .query(true)
      .reply(async (req: Request) => route(req));

  return {
    world,
    calls,
    user: (id) => find(id),
    add: (user) => {
      world.users.push(user);
      return user;
    },
  };
}
