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
  /** Entra device display names (registered devices). */
  devices?: string[];
}

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
}

export interface GraphFake {
  world: GraphWorld;
  calls: string[];
  user(id: string): FakeUser | undefined;
  add(user: FakeUser): FakeUser;
}

const notFound = (what: string): [number, unknown] => [404, { error: { code: 'Request_ResourceNotFound', message: `Resource '${what}' does not exist.` } }];

export function graphFake(world: GraphWorld, options: { latencyMs?: number } = {}): GraphFake {
  const calls: string[] = [];
  const find = (key: string) => world.users.find((u) => u.id === key.toLowerCase() || u.userPrincipalName.toLowerCase() === key.toLowerCase());
  const json = (u: FakeUser) => ({ id: u.id, displayName: u.displayName, userPrincipalName: u.userPrincipalName, mail: u.mail ?? u.userPrincipalName, accountEnabled: u.accountEnabled });
  const live = (key: string) => { const u = find(key); return u && !u.deleted ? u : undefined; };

  const route = async (req: Request): Promise<[number, unknown]> => {
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    const url = new URL(req.url);
    const p = url.pathname.replace(/^\/v1\.0/, '').split('/').map(decodeURIComponent); // ['', 'users', id, ...]
    const method = req.method.toUpperCase();
    calls.push(`${method} ${url.pathname}`);
    if (p[1] === 'users' && p[2] === 'delta') return world.delta ? world.delta(url) : [500, { error: { code: 'noDelta', message: 'no delta in this test' } }];
    if (p[1] === 'users' && p[2] && p.length === 3 && method === 'GET') {
      const u = live(p[2]);
      return u ? [200, json(u)] : notFound(p[2]);
    }
    if (p[1] === 'users' && p[3] === 'manager') {
      const u = live(p[2]!);
      const m = u?.managerId ? find(u.managerId) : undefined;
      return m ? [200, { '@odata.type': '#microsoft.graph.user', ...json(m) }] : notFound('manager');
    }
    if (p[1] === 'users' && (p[3] === 'registeredDevices' || p[3] === 'ownedDevices')) {
      const u = live(p[2]!);
      if (!u) return notFound(p[2]!);
      const names = p[3] === 'registeredDevices' ? u.devices ?? [] : [];
      return [200, { value: names.map((displayName, i) => ({ '@odata.type': '#microsoft.graph.device', id: `${u.id.slice(0, 8)}-dev-${i}`, displayName, operatingSystem: 'Windows', trustType: 'ServerAd', accountEnabled: true })) }];
    }
    if (p[1] === 'users' && p[3] === 'checkMemberGroups' && method === 'POST') {
      const { groupIds } = (await req.json()) as { groupIds: string[] };
      if (!find(p[2]!)) return notFound(p[2]!);
      return [200, { value: world.approvers.includes(p[2]!.toLowerCase()) ? groupIds.filter((g) => g === IT_APPROVERS_GROUP_ID) : [] }];
    }
    if (p[1] === 'directory' && p[2] === 'deletedItems' && p[3]) {
      const u = find(p[3]);
      return u?.deleted === 'soft' ? [200, { '@odata.type': '#microsoft.graph.user', ...json(u), deletedDateTime: new Date().toISOString() }] : notFound(p[3]);
    }
    if (p[1] === 'subscriptions') return subscriptions(req, method, p[2], p[3]);
    return [501, { error: { code: 'notFaked', message: `fake Graph has no ${method} ${url.pathname}` } }];
  };

  const subscriptions = async (req: Request, method: string, id?: string, action?: string): Promise<[number, unknown]> => {
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
  for (const m of ['get', 'post', 'patch', 'delete'] as const) scope[m](/^\/v1\.0\//).query(true).reply(async (req: Request) => route(req));

  return {
    world,
    calls,
    user: (id) => find(id),
    add: (user) => { world.users.push(user); return user; },
  };
}
