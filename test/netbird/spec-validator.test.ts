/**
 * The spec check itself: it must reject what NetBird's contract rejects (or every "requests conform"
 * assertion elsewhere proves nothing), and the fixtures must be what the spec says NetBird answers,
 * except for the documented `null` lists of the real server.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { BASE_URL, fixture, TOKEN } from './harness.js';
import { RequestRecorder, requestProblems, responseProblems, type RecordedRequest } from './spec-validator.js';

const headers = { authorization: `Token ${TOKEN}`, accept: 'application/json', 'content-type': 'application/json' };

function req(method: string, path: string, body?: unknown, query: RecordedRequest['query'] = {}): RecordedRequest {
  return { method, path, query, headers, body };
}

describe('spec validator: requests', () => {
  it('accepts a block that sends role, auto_groups and is_blocked', async () => {
    expect(
      await requestProblems(req('PUT', '/api/users/abc', { role: 'user', auto_groups: [], is_blocked: true })),
    ).toEqual([]);
  });

  it('rejects PUT /api/users/{id} without auto_groups', async () => {
    const problems = await requestProblems(req('PUT', '/api/users/abc', { role: 'user', is_blocked: true }));
    expect(problems.join('\n')).toMatch(/auto_groups/);
  });

  it('rejects auto_groups: null (what an un-normalised real answer would send back)', async () => {
    const problems = await requestProblems(
      req('PUT', '/api/users/abc', { role: 'user', auto_groups: null, is_blocked: true }),
    );
    expect(problems.join('\n')).toMatch(/auto_groups.*array/);
  });

  it('rejects a query parameter the operation does not declare, and a wrongly typed one', async () => {
    expect(
      (await requestProblems(req('GET', '/api/peers', undefined, { hostname: 'HNL-LT-0042' }))).join('\n'),
    ).toMatch(/additional properties/);
    expect((await requestProblems(req('GET', '/api/users', undefined, { service_user: 'maybe' }))).join('\n')).toMatch(
      /boolean/,
    );
  });

  it('rejects an operation the spec does not have', async () => {
    expect(await requestProblems(req('GET', '/api/users/abc'))).toEqual([
      'GET /api/users/abc: no such operation in the spec',
    ]);
  });

  it('rejects a group without a name, and a resource of an unknown type', async () => {
    expect(await requestProblems(req('POST', '/api/groups', { peers: [] }))).not.toEqual([]);
    const bad = await requestProblems(
      req('PUT', '/api/groups/g1', { name: 'x', peers: [], resources: [{ id: 'r', type: 'vm' }] }),
    );
    expect(bad.join('\n')).toMatch(/allowed values/);
  });

  it('accepts group resources of every real type (the patched ResourceType)', async () => {
    const resources = ['host', 'subnet', 'domain', 'peer'].map((type, i) => ({ id: `r${i}`, type }));
    expect(await requestProblems(req('PUT', '/api/groups/g1', { name: 'x', peers: ['p1'], resources }))).toEqual([]);
  });

  it('rejects a request without the Token scheme, or not asking for JSON', async () => {
    const base = req('GET', '/api/peers');
    expect(await requestProblems({ ...base, headers: { ...headers, authorization: `Bearer ${TOKEN}` } })).toEqual([
      'GET /api/peers: Authorization is not "Token <PAT>" (TokenAuth)',
    ]);
    expect(await requestProblems({ ...base, headers: { authorization: `Token ${TOKEN}` } })).toEqual([
      'GET /api/peers: Accept does not ask for application/json',
    ]);
  });
});

describe('spec validator: recorder', () => {
  it('records intercepted requests and reports the ones that break the spec', async () => {
    const recorder = new RequestRecorder();
    try {
      recorder.attach(nock(BASE_URL)).put('/api/users/u1').reply(200, {});
      await fetch(`${BASE_URL}/api/users/u1`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ role: 'user', is_blocked: true }),
      });
      expect(recorder.requests).toEqual([
        expect.objectContaining({ method: 'PUT', path: '/api/users/u1', body: { role: 'user', is_blocked: true } }),
      ]);
      await expect(recorder.expectAllValid()).rejects.toThrow(/auto_groups/);
    } finally {
      recorder.dispose();
    }
  });

  it('reports a request that matched no interceptor', async () => {
    const recorder = new RequestRecorder();
    try {
      recorder.attach(nock(BASE_URL)).get('/api/peers').reply(200, []);
      // nock 15 answers a request it cannot match with 501 rather than failing it.
      expect((await fetch(`${BASE_URL}/api/groups`, { headers })).status).toBe(501);
      expect(await recorder.problems()).toEqual([`GET ${BASE_URL}/api/groups: matched no nock interceptor`]);
    } finally {
      recorder.dispose();
    }
  });
});

describe('fixtures are shaped like the spec', () => {
  it('checks formats too (a date-time that is not one fails)', async () => {
    const peer = { ...fixture<object>('peer.json'), last_seen: 'yesterday' };
    expect(await responseProblems('get', '/api/peers/{peerId}', 200, peer)).toEqual([
      expect.stringMatching(/last_seen must match format "date-time"/),
    ]);
  });

  const specShaped: [string, string, string][] = [
    ['users.json', 'get', '/api/users'],
    ['peers.json', 'get', '/api/peers'],
    ['peer.json', 'get', '/api/peers/{peerId}'],
    ['groups.json', 'get', '/api/groups'],
    ['policies.json', 'get', '/api/policies'],
    ['networks.json', 'get', '/api/networks'],
    ['network-routers.json', 'get', '/api/networks/{networkId}/routers'],
    ['network-resources.json', 'get', '/api/networks/{networkId}/resources'],
    ['all-routers.json', 'get', '/api/networks/routers'],
    ['routes.json', 'get', '/api/routes'],
    ['nameservers.json', 'get', '/api/dns/nameservers'],
    ['setup-keys.json', 'get', '/api/setup-keys'],
    ['events.json', 'get', '/api/events/audit'],
  ];

  it.each(specShaped)('%s conforms to %s %s', async (file, method, path) => {
    expect(await responseProblems(method, path, 200, fixture(file))).toEqual([]);
  });

  // The real server's deviation, kept on purpose: these must differ from the spec exactly at the
  // null lists (so they test what they claim to) and nowhere else.
  const realServer: [string, string, RegExp][] = [
    ['users-null-lists.json', '/api/users', /auto_groups must be array/],
    ['peers-null-lists.json', '/api/peers', /(groups|extra_dns_labels) must be array/],
    ['groups-null-lists.json', '/api/groups', /(peers|resources) must be array/],
    ['policies-null-lists.json', '/api/policies', /(source_posture_checks|destinations|port_ranges) must be array/],
  ];

  it.each(realServer)('%s breaks the spec only with null lists', async (file, path, allowed) => {
    const problems = await responseProblems('get', path, 200, fixture(file));
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p).toMatch(allowed);
  });
});
