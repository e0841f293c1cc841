/**
 * NetBird's management API for the bot tests, faked at the HTTP level from a NetworkSnapshot
 * (what the real server would hold) and a user list. Every request must carry the read-only
 * token, and every request is checked against NetBird's OpenAPI spec after the test.
 */
import nock from 'nock';
import type { NetworkSnapshot } from '../../../shared/domain/dc-access/index.js';
import type { NetBirdUser } from '../../../shared/netbird/index.js';
import { TEST_SECRETS } from '../../support/env.js';
import { RequestRecorder } from '../../netbird/spec-validator.js';

export const NETBIRD = 'https://netbird.contoso.test';

export interface NetBirdFake {
  /** `GET /api/peers` … in the order received. */
  calls: string[];
  recorder: RequestRecorder;
  /** Stops recording and throws unless every NetBird request conformed to the spec. */
  expectAllValid(): Promise<void>;
}

export interface NetBirdFakeOptions {
  /** Each answer waits this long (an async reply: nock's own delay breaks aborts on undici). */
  delayMs?: number;
}

function route(path: string, net: NetworkSnapshot, users: readonly NetBirdUser[]): unknown {
  switch (path) {
    case '/api/peers': return net.peers;
    case '/api/groups': return net.groups;
    case '/api/policies': return net.policies;
    case '/api/networks': return net.networks.map((n) => n.network);
    case '/api/routes': return net.routes;
    case '/api/dns/nameservers': return net.nameserverGroups;
    case '/api/users': return users;
  }
  const m = /^\/api\/networks\/([^/]+)\/(routers|resources)$/.exec(path);
  const network = m ? net.networks.find((n) => n.network.id === decodeURIComponent(m[1]!)) : undefined;
  if (network) return m![2] === 'routers' ? network.routers : network.resources;
  return undefined;
}

/** Serves `snapshot()` (read on every request, so a test may change the network between commands). */
export function netbirdFake(snapshot: () => NetworkSnapshot, users: () => readonly NetBirdUser[] = () => [], options: NetBirdFakeOptions = {}): NetBirdFake {
  const calls: string[] = [];
  const recorder = new RequestRecorder();
  const scope = nock(NETBIRD)
    .persist()
    .get(/^\/api\//)
    .query(true)
    .reply(async (req: Request) => {
      const path = new URL(req.url).pathname;
      calls.push(`GET ${path}`);
      if (req.headers.get('authorization') !== `Token ${TEST_SECRETS.NETBIRD_READ_TOKEN}`) return [401, { message: 'token invalid', code: 401 }];
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      const body = route(path, snapshot(), users());
      return body === undefined ? [404, { message: 'not found', code: 404 }] : [200, body];
    });
  recorder.attach(scope);
  const expectAllValid = async () => {
    recorder.dispose();
    // Storage requests to Azurite (loopback) pass through nock unmatched: they are not NetBird's.
    const problems = (await recorder.problems()).filter((p) => !/^\w+ http:\/\/127\.0\.0\.1[:/]/.test(p));
    if (problems.length) throw new Error(`Requests that break the NetBird spec:\n${problems.join('\n')}`);
  };
  return { calls, recorder, expectAllValid };
}
