/**
 * NetBird as the activity feed sees it, faked at the wire with nock: the audit log (newest first,
 * at most 10,000, no filter, as the API answers), the users list with `is_current` set for the
 * token's own service user (as NetBird's users handler sets it), setup keys and policies. Every
 * request is recorded and checked against the OpenAPI spec. State is read at answer time.
 */
import nock from 'nock';
import type { NetBirdEvent, NetBirdPolicy, NetBirdSetupKey, NetBirdUser } from '../../shared/netbird/index.js';
import { RequestRecorder } from '../netbird/spec-validator.js';
import { TEST_SECRETS } from '../support/env.js';

export const NETBIRD_URL = 'https://netbird.contoso.test';
export const ADMIN_SVC = 'd2v5k4p1l1bs73c0g1s0';
export const READ_SVC = 'd2v5k4p1l1bs73c0g1r0';
export const ALICE = 'CiQ5ZjhlN2Q2Yy01YjRhLTQzOTItODE3MC02ZjVlNGQzYzJiMWESBWVudHJh';

export interface ActivityWorld {
  /** Oldest first, as NetBird stores them. */
  events: NetBirdEvent[];
  users: NetBirdUser[];
  setupKeys: NetBirdSetupKey[];
  policies: NetBirdPolicy[];
}

function user(id: string, name: string, email: string, service: boolean): NetBirdUser {
  return {
    id,
    name,
    email,
    role: service ? 'admin' : 'admin',
    status: 'active',
    last_login: '2026-11-19T08:00:00Z',
    auto_groups: [],
    is_current: false,
    is_service_user: service,
    is_blocked: false,
    pending_approval: false,
    issued: 'api',
  };
}

export function activityWorld(): ActivityWorld {
  return {
    events: [],
    users: [
      user(ADMIN_SVC, 'netbird-entra-ops', '', true),
      user(READ_SVC, 'netbird-entra-ops-read', '', true),
      user(ALICE, 'Alice Admin', 'alice@contoso.com', false),
    ],
    setupKeys: [],
    policies: [],
  };
}

let nextId = 20_000;

/** Appends an event `minutesAgo` before now; returns it. */
export function addEvent(
  world: ActivityWorld,
  code: string,
  over: Partial<NetBirdEvent> & { minutesAgo?: number } = {},
): NetBirdEvent {
  const { minutesAgo = 1, ...rest } = over;
  const event: NetBirdEvent = {
    id: String(nextId++),
    timestamp: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    activity: code,
    activity_code: code,
    initiator_id: ALICE,
    initiator_name: 'Alice Admin',
    initiator_email: 'alice@contoso.com',
    target_id: `target-${nextId}`,
    meta: {},
    ...rest,
  };
  world.events.push(event);
  return event;
}

export interface ActivityNetBird {
  recorder: RequestRecorder;
  calls(path: string): number;
  expectAllValid(): Promise<void>;
}

const TOKEN_USERS: Record<string, string> = {
  [`Token ${TEST_SECRETS.NETBIRD_ADMIN_TOKEN}`]: ADMIN_SVC,
  [`Token ${TEST_SECRETS.NETBIRD_READ_TOKEN}`]: READ_SVC,
};

export function fakeActivityNetBird(world: ActivityWorld): ActivityNetBird {
  const recorder = new RequestRecorder();
  const counts = new Map<string, number>();
  recorder.attach(
    nock(NETBIRD_URL)
      .persist()
      .get(/^\/api\//)
      .query(true)
      .reply((req: Request) => {
        const url = new URL(req.url);
        counts.set(url.pathname, (counts.get(url.pathname) ?? 0) + 1);
        const current = TOKEN_USERS[req.headers.get('authorization') ?? ''];
        if (!current) return [401, { message: 'token invalid', code: 401 }];
        switch (url.pathname) {
          case '/api/events/audit':
            return [200, world.events.slice(-10_000).reverse()];
          case '/api/users': {
            const service = url.searchParams.get('service_user');
            const users = world.users.filter((u) => service === null || String(u.is_service_user) === service);
            return [200, users.map((u) => ({ ...u, is_current: u.id === current }))];
          }
          case '/api/setup-keys':
            return [200, world.setupKeys];
          case '/api/policies':
            return [200, world.policies];
          default:
            return [404, { message: 'not found', code: 404 }];
        }
      }),
  );
  return {
    recorder,
    calls: (path) => counts.get(path) ?? 0,
    expectAllValid: async () => {
      recorder.dispose();
      const problems = (await recorder.problems()).filter((p) => !/^\w+ http:\/\/127\.0\.0\.1[:/]/.test(p));
      if (problems.length) throw new Error(`Requests that break the NetBird spec:\n${problems.join('\n')}`);
    },
  };
}
