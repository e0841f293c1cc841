/** How the client behaves when NetBird is slow, busy, broken or says no. */
import { describe, expect, it } from 'vitest';
import type nock from 'nock';
import { ConfigError, UpstreamError } from '../../shared/errors.js';
import { NetBirdClient } from '../../shared/netbird/client.js';
import { NetBirdError } from '../../shared/netbird/errors.js';
import { apiOrigin } from '../../shared/netbird/transport.js';
import type { NetBirdUser } from '../../shared/netbird/types.js';
import { silentLogger } from '../../shared/logger.js';
import { BASE_URL, fixture, TOKEN, useNetBird } from './harness.js';

const users = fixture<NetBirdUser[]>('users.json');
const peers = fixture<object[]>('peers.json');
const BOB_OID = '7c9e2a4b-1d3f-4a5b-8c7d-9e0f1a2b3c4d';

const slowly = (ms: number, reply: nock.ReplyFnResult) => async (_req: Request) => {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return reply;
};

async function caught(promise: Promise<unknown>): Promise<NetBirdError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NetBirdError);
  return err as NetBirdError;
}

describe('NetBird client: transport and errors', () => {
  const nb = useNetBird();

  it('authenticates with "Token <PAT>" and asks for JSON', async () => {
    nb.scope.get('/api/peers').reply(200, []);
    await nb.client.listPeers();
    expect(nb.recorder.requests[0]!.headers).toMatchObject({
      authorization: `Token ${TOKEN}`,
      accept: 'application/json',
    });
  });

  it('retries a 429 after its Retry-After delay', async () => {
    nb.scope
      .get('/api/peers')
      .reply(429, { message: 'rate limit exceeded, please try again later', code: 429 }, { 'Retry-After': '2' })
      .get('/api/peers')
      .reply(200, peers);
    expect(await nb.client.listPeers()).toHaveLength(6);
    expect(nb.sleeps).toEqual([2000]);
    expect(nb.logs.find((l) => l.level === 'warn')).toMatchObject({
      fields: { upstream: 'netbird', status: 429, delayMs: 2000 },
    });
    nb.scope.done();
  });

  it('retries a 500 and returns the answer of the retry', async () => {
    nb.scope
      .get('/api/peers')
      .reply(500, { message: 'internal server error', code: 500 })
      .get('/api/peers')
      .reply(200, peers);
    expect(await nb.client.listPeers()).toHaveLength(6);
    expect(nb.sleeps).toHaveLength(1);
    nb.scope.done();
  });

  it("turns a 422 into a NetBirdError with NetBird's message, without retrying", async () => {
    nb.scope
      .get('/api/users')
      .reply(200, users)
      .put(`/api/users/${BOB_OID}`)
      .reply(422, { message: 'invalid user role', code: 422 }, { 'X-Request-Id': 'cot7r4n3l3vh3qj4qveg' });
    const err = await caught(nb.client.blockUser(BOB_OID));
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({
      service: 'netbird',
      upstreamStatus: 422,
      status: 502,
      transient: false,
      operation: 'PUT /api/users/{userId}',
      body: { message: 'invalid user role', code: 422 },
      requestId: 'cot7r4n3l3vh3qj4qveg',
      message: 'NetBird PUT /api/users/{userId} answered 422: invalid user role',
    });
    expect(nb.recorder.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    expect(nb.sleeps).toEqual([]);
  });

  it('gives up after maxRetries and reports the last status as transient', async () => {
    nb.scope.get('/api/groups').times(3).reply(503, 'upstream connect error', { 'Content-Type': 'text/plain' });
    const client = nb.makeClient({ maxRetries: 2 });
    const err = await caught(client.listGroups());
    expect(err).toMatchObject({ upstreamStatus: 503, transient: true, body: { message: 'upstream connect error' } });
    expect(nb.sleeps).toHaveLength(2);
  });

  it('retries a request that timed out', async () => {
    nb.scope
      .get('/api/peers')
      .reply(slowly(1000, [200, []]))
      .get('/api/peers')
      .reply(200, peers);
    const client = nb.makeClient({ timeoutMs: 50 });
    expect(await client.listPeers()).toHaveLength(6);
    expect(nb.sleeps).toHaveLength(1);
    nb.scope.done();
  });

  it('reports a timeout that outlasts the retries as a NetBirdError with status 0', async () => {
    nb.scope
      .get('/api/peers')
      .times(2)
      .reply(slowly(1000, [200, []]));
    const client = nb.makeClient({ timeoutMs: 50, maxRetries: 1 });
    const err = await caught(client.listPeers());
    expect(err).toMatchObject({
      upstreamStatus: 0,
      transient: true,
      message: 'NetBird GET /api/peers timed out after 50 ms',
    });
  });

  it('reports a 2xx body that is not JSON', async () => {
    nb.scope.get('/api/peers').reply(200, '<html>captive portal</html>', { 'Content-Type': 'text/html' });
    const err = await caught(nb.client.listPeers());
    expect(err.message).toBe('NetBird GET /api/peers answered 2xx with a body that is not JSON');
  });

  describe('the token never appears in an error', () => {
    const leaks = (err: NetBirdError) =>
      [err.message, String(err), err.stack ?? '', JSON.stringify(err), JSON.stringify(err.body ?? {})].join('\n');

    it('not when NetBird echoes it in a 401', async () => {
      nb.scope.get('/api/peers').reply(401, { message: `token ${TOKEN} is invalid`, code: 401 });
      const err = await caught(nb.client.listPeers());
      expect(err.message).toBe('NetBird GET /api/peers answered 401: token [redacted] is invalid');
      expect(leaks(err)).not.toContain(TOKEN);
    });

    it('not when the network fails', async () => {
      nb.scope
        .get('/api/peers')
        .times(4)
        .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      const err = await caught(nb.client.listPeers());
      expect(err.message).toBe('NetBird GET /api/peers could not be reached (ECONNRESET)');
      expect(leaks(err)).not.toContain(TOKEN);
    });

    it('not when the request times out', async () => {
      nb.scope.get('/api/peers').reply(slowly(1000, [200, []]));
      const err = await caught(nb.makeClient({ timeoutMs: 30, maxRetries: 0 }).listPeers());
      expect(leaks(err)).not.toContain(TOKEN);
    });

    it('not in the client object itself', () => {
      expect(JSON.stringify(nb.client)).not.toContain(TOKEN);
      expect(Object.values(nb.client).map(String).join()).not.toContain(TOKEN);
    });
  });

  it('accepts a base URL with a trailing /api or slash', async () => {
    nb.scope.get('/api/setup-keys').times(2).reply(200, []);
    await nb.makeClient({ baseUrl: `${BASE_URL}/api/` }).listSetupKeys();
    await nb.makeClient({ baseUrl: `${BASE_URL}/` }).listSetupKeys();
    expect(nb.recorder.requests.map((r) => r.path)).toEqual(['/api/setup-keys', '/api/setup-keys']);
  });
});

describe('NetBird client: configuration', () => {
  it('derives the API origin from the base URL', () => {
    expect(apiOrigin('https://netbird.gsisg.example')).toBe('https://netbird.gsisg.example');
    expect(apiOrigin('https://netbird.gsisg.example:33073/api/')).toBe('https://netbird.gsisg.example:33073');
    expect(apiOrigin('https://gsisg.example/netbird/')).toBe('https://gsisg.example/netbird');
  });

  it('refuses a base URL that is not http(s), without echoing the token', () => {
    const make = (baseUrl: string) => () =>
      new NetBirdClient({ baseUrl, token: TOKEN, logger: silentLogger, idp: { mode: 'legacy' } });
    expect(make('not a url')).toThrow(ConfigError);
    expect(make('ftp://netbird.gsisg.example')).toThrow(ConfigError);
    try {
      make('nope')();
    } catch (err) {
      expect(String(err)).not.toContain(TOKEN);
    }
  });
});
