/**
 * NetBird and Microsoft Graph as wave health sees them, faked at the wire with nock: a NetBird
 * management API serving a network snapshot and users (every request recorded and checked
 * against the OpenAPI spec), and Graph serving group members, user devices and the two reports,
 * paged like Graph pages them. State is read at answer time, so a test can change it between runs.
 */
import nock from 'nock';
import type { NetworkSnapshot } from '../../shared/domain/dc-access/index.js';
import { encodeDexUserId, type NetBirdPeer, type NetBirdUser } from '../../shared/netbird/index.js';
import type { Clock } from '../../shared/graph/index.js';
import { RequestRecorder } from '../netbird/spec-validator.js';

export const NETBIRD_URL = 'https://netbird.contoso.test';
export const GRAPH_URL = 'https://graph.microsoft.com';
export const CONNECTOR_ID = 'entra';

export interface EntraUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail?: string;
  accountEnabled?: boolean;
}

export interface GraphState {
  groups: Record<string, EntraUser[]>;
  /** Device display names per user id (registered devices). */
  devices: Record<string, string[]>;
  registrations: { id: string; userPrincipalName: string; isSsprRegistered: boolean }[];
  audits: Record<string, unknown>[];
  /** Items per page of the two reports. */
  reportPageSize: number;
}

export interface NetBirdState {
  network: NetworkSnapshot;
  users: NetBirdUser[];
}

export function netbirdUser(oid: string, name: string, over: Partial<NetBirdUser> = {}): NetBirdUser {
  return {
    id: encodeDexUserId({ userId: oid, connectorId: CONNECTOR_ID }),
    email: `${name.toLowerCase().replace(/\s+/g, '.')}@contoso.com`,
    name,
    role: 'user',
    status: 'active',
    last_login: '2026-11-19T08:00:00Z',
    auto_groups: [],
    is_current: false,
    is_service_user: false,
    is_blocked: false,
    pending_approval: false,
    issued: 'api',
    ...over,
  };
}

export interface FakeNetBird {
  recorder: RequestRecorder;
  /** Stops recording and throws unless every NetBird request conformed to the spec. */
  expectAllValid(): Promise<void>;
  /** Requests per path, e.g. calls('/api/peers'). */
  calls(path: string): number;
  total(): number;
}

/** Answers after `ms` (the bench's stand-in for network and server time). */
function after<T>(ms: number, value: T): Promise<T> | T {
  return ms > 0 ? new Promise((resolve) => setTimeout(() => resolve(value), ms)) : value;
}

export function fakeNetBird(state: NetBirdState, base = NETBIRD_URL, latencyMs = 0): FakeNetBird {
  const recorder = new RequestRecorder();
  const counts = new Map<string, number>();
  const answer = (path: string): unknown => {
    const n = state.network;
    const m = /^\/api\/networks\/([^/]+)\/(routers|resources)$/.exec(path);
    if (m) {
      const entry = n.networks.find((x) => x.network.id === decodeURIComponent(m[1]!));
      return entry ? entry[m[2] as 'routers' | 'resources'] : undefined;
    }
    switch (path) {
      case '/api/users':
        return state.users;
      case '/api/peers':
        return n.peers;
      case '/api/groups':
        return n.groups;
      case '/api/policies':
        return n.policies;
      case '/api/networks':
        return n.networks.map((x) => x.network);
      case '/api/routes':
        return n.routes;
      case '/api/dns/nameservers':
        return n.nameserverGroups;
      default:
        return undefined;
    }
  };
  recorder.attach(
    nock(base)
      .persist()
      .get(/^\/api\//)
      .query(true)
      .reply(async (req: Request) => {
        const path = new URL(req.url).pathname;
        counts.set(path, (counts.get(path) ?? 0) + 1);
        const body = answer(path);
        return after(latencyMs, body === undefined ? [404, { message: 'not found', code: 404 }] : [200, body]);
      }),
  );
  return {
    recorder,
    expectAllValid: async () => {
      recorder.dispose();
      // Storage requests to Azurite (loopback) pass through nock unmatched: they are not NetBird's.
      const problems = (await recorder.problems()).filter((p) => !/^\w+ http:\/\/127\.0\.0\.1[:/]/.test(p));
      if (problems.length) throw new Error(`Requests that break the NetBird spec:\n${problems.join('\n')}`);
    },
    calls: (path) => counts.get(path) ?? 0,
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
  };
}

export interface GraphRequestLog {
  path: string;
  /** The clock's time when Graph saw it (virtual time in the rate-limit tests). */
  at: number;
  /** Answered 429 (a `$batch` item the fake throttled). */
  throttled?: boolean;
}

export interface FakeGraph {
  /** Every GET, including each item of a `$batch` (path `/v1.0/…` as if sent alone). */
  requests: GraphRequestLog[];
  reportRequests(): GraphRequestLog[];
  /** `POST /$batch` requests received (the HTTP calls), and their item counts. */
  batches: number[];
  /** HTTP calls to Graph: GETs sent alone plus `$batch` POSTs. */
  httpCalls(): number;
}

export interface FakeGraphOptions {
  /** Answers a `$batch` item with 429 and this Retry-After the first time its URL is seen, when `throttle(url)`. */
  throttle?: (url: string) => boolean;
  retryAfterSeconds?: number;
}

const REPORT_PATHS = ['/v1.0/reports/authenticationMethods/userRegistrationDetails', '/v1.0/auditLogs/directoryAudits'];

function page(req: { url: string }, path: string, items: unknown[], size: number): [number, unknown] {
  const url = new URL(req.url);
  const skip = Number(url.searchParams.get('$skiptoken') ?? '0');
  const slice = items.slice(skip, skip + size);
  const next = skip + size < items.length ? `${GRAPH_URL}${path}?$skiptoken=${skip + size}` : undefined;
  return [200, { value: slice, ...(next ? { '@odata.nextLink': next } : {}) }];
}

export function fakeGraph(
  state: GraphState,
  clock: Clock = { now: () => Date.now(), sleep: () => Promise.resolve() },
  latencyMs = 0,
  options: FakeGraphOptions = {},
): FakeGraph {
  const requests: GraphRequestLog[] = [];
  const batches: number[] = [];
  let alone = 0;
  const throttled = new Set<string>();
  nock(GRAPH_URL)
    .persist()
    .get(/^\/v1\.0\//)
    .reply(async (req: Request) => {
      alone++;
      return after(latencyMs, answerGraph(new URL(req.url)));
    });
  // JSON batching as Graph answers it: each item on its own, with its own status and headers.
  nock(GRAPH_URL)
    .persist()
    .post('/v1.0/$batch')
    .reply(async (req: Request) => {
      const { requests: items } = (await req.json()) as { requests: { id: string; method: string; url: string }[] };
      batches.push(items.length);
      if (items.length > 20 || items.some((i) => i.method !== 'GET'))
        return [400, { error: { code: 'BadRequest', message: 'at most 20 GET items' } }];
      const responses = items.map((item) => {
        if (options.throttle?.(item.url) && !throttled.has(item.url)) {
          throttled.add(item.url);
          requests.push({ path: `/v1.0${item.url.split('?')[0]}`, at: clock.now(), throttled: true });
          return {
            id: item.id,
            status: 429,
            headers: { 'Retry-After': String(options.retryAfterSeconds ?? 1) },
            body: { error: { code: 'TooManyRequests', message: 'throttled' } },
          };
        }
        const [status, body] = answerGraph(new URL(`${GRAPH_URL}/v1.0${item.url}`));
        return { id: item.id, status, headers: { 'Content-Type': 'application/json' }, body };
      });
      return after(latencyMs, [200, { responses }]);
    });
  function answerGraph(url: URL): [number, unknown] {
    const path = url.pathname;
    const req = { url: url.toString() };
    requests.push({ path, at: clock.now() });
    let m = /^\/v1\.0\/groups\/([^/]+)\/transitiveMembers\/microsoft\.graph\.user$/.exec(path);
    if (m) {
      const members = state.groups[decodeURIComponent(m[1]!)];
      return members
        ? [200, { value: members }]
        : [404, { error: { code: 'Request_ResourceNotFound', message: 'no such group' } }];
    }
    m = /^\/v1\.0\/users\/([^/]+)\/(registeredDevices|ownedDevices)\/microsoft\.graph\.device$/.exec(path);
    if (m) {
      const names = m[2] === 'registeredDevices' ? (state.devices[decodeURIComponent(m[1]!)] ?? []) : [];
      return [
        200,
        {
          value: names.map((displayName, i) => ({
            id: `${m[1]}-dev-${i}`,
            displayName,
            trustType: 'ServerAd',
            operatingSystem: 'Windows',
          })),
        },
      ];
    }
    if (path === REPORT_PATHS[0]) return page(req, path, state.registrations, state.reportPageSize);
    if (path === REPORT_PATHS[1]) return page(req, path, state.audits, state.reportPageSize);
    return [404, { error: { code: 'NotFound', message: path } }];
  }
  return {
    requests,
    reportRequests: () => requests.filter((r) => REPORT_PATHS.includes(r.path)),
    batches,
    httpCalls: () => alone + batches.length,
  };
}

/** A setup-key machine peer (no user) named like an Entra device. */
export function machinePeer(base: NetBirdPeer, id: string, hostname: string): NetBirdPeer {
  return { ...base, id, name: hostname.split('.')[0]!, hostname, user_id: '' };
}
