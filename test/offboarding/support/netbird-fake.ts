/**
 * A stateful NetBird management API, faked with nock at the HTTP level: users, peers (their groups
 * derived from the groups' member lists, as the real server does), groups (PUT replaces the member
 * list), policies, legacy routes. Every request is recorded and checked against the OpenAPI spec
 * (test/netbird/spec-validator.ts). Failures can be injected per method and path, and every
 * answer can be delayed (the bench uses 50 ms).
 */
import nock from 'nock';
import type {
  NetBirdPeer,
  NetBirdPolicy,
  NetBirdRoute,
  NetBirdUser,
  ResourceRef,
} from '../../../shared/netbird/index.js';
import { RequestRecorder, type RecordedRequest } from '../../netbird/spec-validator.js';

export const NETBIRD = 'https://netbird.contoso.test';

export interface FakeGroup {
  id: string;
  name: string;
  peers: string[];
  resources: ResourceRef[];
}

export interface NetBirdWorld {
  users: NetBirdUser[];
  /** Peers without `groups`: those come from the groups' member lists. */
  peers: Omit<NetBirdPeer, 'groups'>[];
  groups: FakeGroup[];
  policies: NetBirdPolicy[];
  /** Legacy `/api/routes` routes (none unless a test adds them). */
  routes?: NetBirdRoute[];
}

interface Failure {
  method: string;
  path: RegExp;
  status: number;
  remaining: number;
}

export interface NetBirdFake {
  world: NetBirdWorld;
  recorder: RequestRecorder;
  /** Every request that is not a GET, in order, including failed ones. */
  writes(): RecordedRequest[];
  /** Answers `status` to the next `times` requests matching (Infinity: always). */
  fail(method: string, path: RegExp, status: number, times?: number): void;
  clearFailures(): void;
  /** Successful PUT /api/users/{id} bodies. */
  blockCalls(): { userId: string; body: Record<string, unknown> }[];
  groupMembers(name: string): string[];
  peerGroups(peerId: string): string[];
  /** Delays every answer from now on (concurrency tests: lets read-modify-writes interleave). */
  setLatency(ms: number): void;
}

let nextId = 1;
const newId = () => `fake${String(nextId++).padStart(6, '0')}grp`;

export function netbirdFake(
  world: NetBirdWorld,
  options: {
    latencyMs?: number;
    recorder?: RequestRecorder;
    onBlock?: (userId: string, blocked: boolean) => void;
  } = {},
): NetBirdFake {
  const recorder = options.recorder ?? new RequestRecorder();
  let latencyMs = options.latencyMs ?? 0;
  const failures: Failure[] = [];
  const blocks: { userId: string; body: Record<string, unknown> }[] = [];
  const minimum = (g: FakeGroup) => ({
    id: g.id,
    name: g.name,
    peers_count: g.peers.length,
    resources_count: g.resources.length,
  });
  const peerOut = (p: Omit<NetBirdPeer, 'groups'>) => ({
    ...p,
    groups: world.groups.filter((g) => g.peers.includes(p.id)).map(minimum),
  });
  const groupOut = (g: FakeGroup) => ({
    ...minimum(g),
    issued: 'api',
    peers: g.peers.map((id) => ({ id, name: world.peers.find((p) => p.id === id)?.name ?? id })),
    resources: g.resources,
  });
  const notFound = (what: string): [number, unknown] => [404, { message: `${what} not found`, code: 404 }];

  const route = async (req: Request): Promise<[number, unknown]> => {
    if (latencyMs) await new Promise((r) => setTimeout(r, latencyMs));
    const url = new URL(req.url);
    const path = url.pathname;
    const method = req.method.toUpperCase();
    const failure = failures.find((f) => f.method === method && f.path.test(path) && f.remaining > 0);
    if (failure) {
      failure.remaining--;
      return [failure.status, { message: 'injected failure', code: failure.status }];
    }
    const seg = path.split('/').map(decodeURIComponent); // ['', 'api', 'users', id]
    const raw = method === 'GET' || method === 'DELETE' ? '' : await req.text();
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined; // POST …/approve has no body
    switch (`${method} ${seg[2]}${seg[3] ? '/:id' : ''}${seg[4] ? `/${seg[4]}` : ''}`) {
      case 'GET users':
        return [200, world.users];
      case 'PUT users/:id': {
        const user = world.users.find((u) => u.id === seg[3]);
        if (!user) return notFound('user');
        Object.assign(user, {
          role: body!.role,
          auto_groups: body!.auto_groups,
          is_blocked: body!.is_blocked,
          status: body!.is_blocked ? 'blocked' : 'active',
        });
        blocks.push({ userId: user.id, body: body! });
        options.onBlock?.(user.id, body!.is_blocked === true);
        return [200, user];
      }
      case 'DELETE users/:id': {
        const i = world.users.findIndex((u) => u.id === seg[3]);
        if (i < 0) return notFound('user');
        world.users.splice(i, 1);
        return [200, {}];
      }
      // User approval (DESIGN.md §5b): only a pending user can be approved or rejected.
      case 'POST users/:id/approve': {
        const user = world.users.find((u) => u.id === seg[3]);
        if (!user) return notFound('user');
        if (!user.pending_approval) return [400, { message: 'user is not pending approval', code: 400 }];
        Object.assign(user, { pending_approval: false, is_blocked: false, status: 'active' });
        return [200, user];
      }
      case 'DELETE users/:id/reject': {
        const i = world.users.findIndex((u) => u.id === seg[3]);
        if (i < 0) return notFound('user');
        if (!world.users[i]!.pending_approval) return [400, { message: 'user is not pending approval', code: 400 }];
        world.users.splice(i, 1);
        return [200, {}];
      }
      case 'GET peers':
        return [200, world.peers.map(peerOut)];
      case 'GET peers/:id': {
        const peer = world.peers.find((p) => p.id === seg[3]);
        return peer ? [200, peerOut(peer)] : notFound('peer');
      }
      case 'DELETE peers/:id': {
        const i = world.peers.findIndex((p) => p.id === seg[3]);
        if (i < 0) return notFound('peer');
        world.peers.splice(i, 1);
        for (const g of world.groups) g.peers = g.peers.filter((id) => id !== seg[3]);
        return [200, {}];
      }
      case 'GET policies':
        return [200, world.policies];
      case 'GET routes':
        return [200, world.routes ?? []];
      case 'GET groups': {
        const name = url.searchParams.get('name');
        if (name === null) return [200, world.groups.map(groupOut)];
        const found = world.groups.filter((g) => g.name === name);
        return found.length ? [200, found.map(groupOut)] : notFound('group');
      }
      case 'GET groups/:id': {
        const g = world.groups.find((x) => x.id === seg[3]);
        return g ? [200, groupOut(g)] : notFound('group');
      }
      case 'POST groups': {
        const g: FakeGroup = {
          id: newId(),
          name: String(body!.name),
          peers: [...((body!.peers as string[] | undefined) ?? [])],
          resources: [],
        };
        world.groups.push(g);
        return [200, groupOut(g)];
      }
      case 'PUT groups/:id': {
        const g = world.groups.find((x) => x.id === seg[3]);
        if (!g) return notFound('group');
        if (g.name === 'All') return [422, { message: 'updating group ALL is not allowed', code: 422 }];
        g.name = String(body!.name);
        g.peers = [...((body!.peers as string[] | undefined) ?? [])];
        g.resources = (body!.resources as ResourceRef[] | undefined) ?? [];
        return [200, groupOut(g)];
      }
      default:
        return [501, { message: `fake NetBird has no ${method} ${path}`, code: 501 }];
    }
  };

  const scope = recorder.attach(nock(NETBIRD).persist());
  for (const m of ['get', 'put', 'post', 'delete'] as const)
    scope[m](/^\/api\//)
      .query(true)
      .reply(async (req: Request) => route(req));

  return {
    world,
    recorder,
    writes: () => recorder.requests.filter((r) => r.method !== 'GET'),
    fail: (method, path, status, times = 1) => {
      failures.push({ method: method.toUpperCase(), path, status, remaining: times });
    },
    clearFailures: () => {
      failures.length = 0;
    },
    blockCalls: () => blocks,
    groupMembers: (name) => world.groups.find((g) => g.name === name)?.peers ?? [],
    peerGroups: (peerId) =>
      world.groups
        .filter((g) => g.peers.includes(peerId))
        .map((g) => g.name)
        .sort(),
    setLatency: (ms) => {
      latencyMs = ms;
    },
  };
}
