/**
 * NetBird's management API for the bot tests, faked at the HTTP level from a NetworkSnapshot
 * (what the real server would hold) and a user list. Every request must carry the read-only
 * token, and every request is checked against NetBird's OpenAPI spec after the test.
 * Filters as the server applies them: `GET /api/peers?name=` is a `LIKE '%x%'` on the name
 * (ignoring ASCII case as SQLite does, or not as Postgres does: `caseSensitiveNames`), `?ip=` an
 * equality, `GET /api/groups?name=` an exact name (404 when none); one peer or group by id.
 */
import nock from 'nock';
import type { NetworkSnapshot } from '../../../shared/domain/dc-access/index.js';
import type { NetBirdUser } from '../../../shared/netbird/index.js';
import { TEST_SECRETS } from '../../support/env.js';
import { RequestRecorder } from '../../netbird/spec-validator.js';

export const NETBIRD = 'https://netbird.contoso.test';

export interface NetBirdFake {
  /** `GET /api/peers` … in the order received (paths only). */
  calls: string[];
  /** The same with their query strings: `GET /api/peers?name=LAPTOP-42`. */
  urls: string[];
  recorder: RequestRecorder;
  /** Stops recording and throws unless every NetBird request conformed to the spec. */
  expectAllValid(): Promise<void>;
}

export interface NetBirdFakeOptions {
  /** Each answer waits this long (an async reply: nock's own delay breaks aborts on undici). */
  delayMs?: number;
  /** Compare `?name=` with case, as NetBird on Postgres does. */
  caseSensitiveNames?: boolean;
}

function peerFilter(query: URLSearchParams, options: NetBirdFakeOptions) {
  const fold = (s: string) => (options.caseSensitiveNames ? s : s.toLowerCase());
  const name = query.get('name');
  const ip = query.get('ip');
  return (p: { name: string; ip: string }) =>
    (name === null || fold(p.name).includes(fold(name))) && (ip === null || p.ip === ip);
}

function route(
  path: string,
  query: URLSearchParams,
  net: NetworkSnapshot,
  users: readonly NetBirdUser[],
  options: NetBirdFakeOptions,
): unknown {
  switch (path) {
    case '/api/peers':
      return net.peers.filter(peerFilter(query, options));
    case '/api/groups': {
      const name = query.get('name');
      if (name === null) return net.groups;
      const group = net.groups.find((g) => g.name === name);
      return group ? [group] : undefined;
    }
    case '/api/policies':
      return net.policies;
    case '/api/networks':
      return net.networks.map((n) => n.network);
    case '/api/routes':
      return net.routes;
    case '/api/dns/nameservers':
      return net.nameserverGroups;
    case '/api/users':
      return users;
  }
  const m = /^\/api\/networks\/([^/]+)\/(routers|resources)$/.exec(path);
  const network = m ? net.networks.find((n) => n.network.id === decodeURIComponent(m[1]!)) : undefined;
  if (network) return m![2] === 'routers' ? network.routers : network.resources;
  const one = /^\/api\/(peers|groups)\/([^/]+)$/.exec(path);
  if (one?.[1] === 'peers') return net.peers.find((p) => p.id === decodeURIComponent(one[2]!));
  if (one?.[1] === 'groups') return net.groups.find((g) => g.id === decodeURIComponent(one[2]!));
  return undefined;
}

/** Serves `snapshot()` (read on every request, so a test may change the network between commands). */
export function netbirdFake(
  snapshot: () => NetworkSnapshot,
  users: () => readonly NetBirdUser[] = () => [],
  options: NetBirdFakeOptions = {},
): NetBirdFake {
  const calls: string[] = [];
  const urls: string[] = [];
  const recorder = new RequestRecorder();
  const scope = nock(NETBIRD)
    .persist()
    .get(/^\/api\//)
    .query(true)
    .reply(async (req: Request) => {
      const url = new URL(req.url);
      const path = url.pathname;
      calls.push(`GET ${path}`);
      urls.push(`GET ${path}${decodeURIComponent(url.search)}`);
      if (req.headers.get('authorization') !== `Token ${TEST_SECRETS.NETBIRD_READ_TOKEN}`)
        return [401, { message: 'token invalid', code: 401 }];
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      const body = route(path, url.searchParams, snapshot(), users(), options);
      return body === undefined ? [404, { message: 'not found', code: 404 }] : [200, body];
    });
  recorder.attach(scope);
  const expectAllValid = async () => {
    recorder.dispose();
    // Storage requests to Azurite (loopback) pass through nock unmatched: they are not NetBird's.
    const problems = (await recorder.problems()).filter((p) => !/^\w+ http:\/\/127\.0\.0\.1[:/]/.test(p));
    if (problems.length) throw new Error(`Requests that break the NetBird spec:\n${problems.join('\n')}`);
  };
  return { calls, urls, recorder, expectAllValid };
}
