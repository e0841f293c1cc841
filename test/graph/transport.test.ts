/**
 * The client's plumbing at the HTTP level: token acquisition, retries, timeouts, typed errors,
 * base-URL handling (sovereign cloud, http loopback simulator), ping.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientSecretCredential } from '@azure/identity';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../shared/errors.js';
import { GraphError } from '../../shared/graph/index.js';
import { GRAPH, TOKEN, graph, makeClient, staticCredential } from './support.js';

const USER_ID = '1f0e98f5-3161-4c6b-9b50-d488572f2bb7';
const user = { id: USER_ID, displayName: 'Bob Contoso', userPrincipalName: 'bob@contoso.com', accountEnabled: true };

describe('token acquisition', () => {
  it('gets a token from ClientSecretCredential (custom authority host) and sends it to Graph', async () => {
    const authority = 'https://login.entra-test.invalid';
    const tenant = '84bd8158-6d4d-4958-8b9f-9d6445542f95';
    const accessToken = 'cred-token-9f8e7d6c5b4a';
    const tokenBodies: string[] = [];
    const login = nock(authority)
      .get(`/${tenant}/v2.0/.well-known/openid-configuration`)
      .reply(200, {
        token_endpoint: `${authority}/${tenant}/oauth2/v2.0/token`,
        authorization_endpoint: `${authority}/${tenant}/oauth2/v2.0/authorize`,
        issuer: `${authority}/${tenant}/v2.0`,
        jwks_uri: `${authority}/${tenant}/discovery/v2.0/keys`,
      })
      .post(`/${tenant}/oauth2/v2.0/token`)
      .query(true)
      .reply(async (req: Request) => {
        tokenBodies.push(await req.text());
        return [200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken }];
      });
    const api = graph(GRAPH, accessToken).get(`/v1.0/users/${USER_ID}`).query(true).reply(200, user);

    const credential = new ClientSecretCredential(tenant, 'app-client-id', 'app-client-secret', {
      authorityHost: authority,
      disableInstanceDiscovery: true,
    });
    const { client } = makeClient({ credential });
    await expect(client.getUser(USER_ID)).resolves.toMatchObject({ id: USER_ID });

    expect(login.isDone()).toBe(true);
    expect(api.isDone()).toBe(true);
    const params = new URLSearchParams(tokenBodies[0]);
    expect(params.get('grant_type')).toBe('client_credentials');
    expect(params.get('scope')).toBe('https://graph.microsoft.com/.default');
  });

  it('asks for the sovereign cloud scope when the base URL is a national cloud', async () => {
    const credential = staticCredential();
    const api = graph('https://graph.microsoft.us').get(`/v1.0/users/${USER_ID}`).query(true).reply(200, user);
    const { client } = makeClient({ baseUrl: 'https://graph.microsoft.us/', credential });
    await client.getUser(USER_ID);
    expect(api.isDone()).toBe(true);
    expect(credential.scopes).toEqual(['https://graph.microsoft.us/.default']);
  });
});

describe('retries (SDK RetryHandler, delays in seconds)', () => {
  it('retries a 429 after its Retry-After', async () => {
    const api = graph()
      .get(`/v1.0/users/${USER_ID}`)
      .query(true)
      .reply(429, { error: { code: 'TooManyRequests', message: 'Throttled' } }, { 'Retry-After': '1' })
      .get(`/v1.0/users/${USER_ID}`)
      .query(true)
      .reply(200, user);
    const { client, lines } = makeClient();
    const started = Date.now();
    await expect(client.getUser(USER_ID)).resolves.toMatchObject({ id: USER_ID });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(api.isDone()).toBe(true);
    expect(lines.find((l) => l.level === 'warn')?.fields).toMatchObject({ status: 429, attempt: 1, retryAfter: '1' });
  });

  it('retries a 503 (here with no Retry-After and a 0 s base delay)', async () => {
    const api = graph()
      .get(`/v1.0/users/${USER_ID}`)
      .query(true)
      .reply(503, 'Service Unavailable')
      .get(`/v1.0/users/${USER_ID}`)
      .query(true)
      .reply(200, user);
    const { client } = makeClient({ retryDelaySeconds: 0 });
    await expect(client.getUser(USER_ID)).resolves.toMatchObject({ id: USER_ID });
    expect(api.isDone()).toBe(true);
  });

  it('gives up after maxRetries with a transient GraphError carrying Retry-After', async () => {
    graph()
      .get(`/v1.0/users/${USER_ID}`)
      .query(true)
      .times(2)
      .reply(429, { error: { code: 'TooManyRequests', message: 'Throttled' } }, { 'Retry-After': '1' });
    const { client } = makeClient({ maxRetries: 1 });
    const err = await client.getUser(USER_ID).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({
      upstreamStatus: 429,
      graphCode: 'TooManyRequests',
      retryAfterSeconds: 1,
      transient: true,
    });
  });
});

describe('errors', () => {
  it('are typed GraphErrors with Graph code, message and request id, and never hold the token', async () => {
    graph()
      .get(`/v1.0/users/${USER_ID}`)
      .query(true)
      .reply(
        403,
        {
          error: {
            code: 'Authorization_RequestDenied',
            message: 'Insufficient privileges to complete the operation.',
            innerError: { 'request-id': 'b1d2c3e4-0000-4000-8000-000000000001', date: '2024-12-27T10:01:19' },
          },
        },
        { 'request-id': 'b1d2c3e4-0000-4000-8000-000000000001' },
      );
    const { client, lines } = makeClient();
    const err = await client.getUser(USER_ID).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toBeInstanceOf(UpstreamError);
    const graphError = err as GraphError;
    expect(graphError).toMatchObject({
      service: 'graph',
      status: 502,
      upstreamStatus: 403,
      graphCode: 'Authorization_RequestDenied',
      graphMessage: 'Insufficient privileges to complete the operation.',
      requestId: 'b1d2c3e4-0000-4000-8000-000000000001',
      method: 'GET',
      path: `/users/${USER_ID}`,
      transient: false,
    });
    expect(graphError.message).toContain('403 Authorization_RequestDenied');
    const everything = [
      graphError.message,
      graphError.stack,
      JSON.stringify(graphError),
      String(graphError.cause),
      JSON.stringify(lines),
    ].join('\n');
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toMatch(/Bearer\s+\S{8,}/);
  });

  it('scrub a token that Graph (or a proxy) echoes back in its message', async () => {
    graph()
      .get(`/v1.0/users/${USER_ID}`)
      .query(true)
      .reply(401, { error: { code: 'InvalidAuthenticationToken', message: `Token Bearer ${TOKEN} is not valid` } });
    const { client } = makeClient();
    const err = (await client.getUser(USER_ID).catch((e: unknown) => e)) as GraphError;
    expect(err.upstreamStatus).toBe(401);
    expect(`${err.message} ${err.graphMessage}`).not.toContain(TOKEN);
  });

  it('turn a slow answer into a timeout GraphError (status 0, transient)', async () => {
    // A real loopback server: nock's delayed replies and undici's abort do not mix well.
    const server = createServer((_req, res) => {
      setTimeout(
        () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(user)),
        1_000,
      ).unref();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { client } = makeClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 100, maxRetries: 0 });
      const err = await client.getUser(USER_ID).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GraphError);
      expect(err).toMatchObject({ upstreamStatus: 0, graphCode: 'timeout', transient: true });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('report a response that does not match the expected shape', async () => {
    graph().get(`/v1.0/users/${USER_ID}`).query(true).reply(200, { displayName: 'no id' });
    const { client } = makeClient();
    await expect(client.getUser(USER_ID)).rejects.toMatchObject({ graphCode: 'invalidResponse', upstreamStatus: 200 });
  });

  it('refuse invalid options', () => {
    expect(() => makeClient({ maxRetries: 11 })).toThrow(/maxRetries/);
    expect(() => makeClient({ retryDelaySeconds: 500 })).toThrow(/seconds/);
    expect(() => makeClient({ baseUrl: 'http://graph.example.com' })).toThrow(/https/);
  });
});

describe('base URL', () => {
  it('works against an http://127.0.0.1:port simulator: token attached, absolute http nextLinks followed', async () => {
    const base = 'http://127.0.0.1:48123';
    const api = graph(base)
      .get('/v1.0/subscriptions')
      .reply(200, {
        value: [{ id: 's1', expirationDateTime: '2030-01-01T00:00:00Z' }],
        '@odata.nextLink': `${base}/v1.0/subscriptions?$skiptoken=p2`,
      })
      .get('/v1.0/subscriptions')
      .query({ $skiptoken: 'p2' })
      .reply(200, { value: [{ id: 's2', expirationDateTime: '2030-01-01T00:00:00Z' }] });
    const { client } = makeClient({ baseUrl: `${base}/` });
    const subs = await client.listSubscriptions();
    expect(subs.map((s) => s.id)).toEqual(['s1', 's2']);
    expect(api.isDone()).toBe(true);
  });

  it('refuses to follow a nextLink to another host (the token must not leave the base URL)', async () => {
    graph()
      .get('/v1.0/subscriptions')
      .reply(200, { value: [], '@odata.nextLink': 'https://attacker.example/v1.0/subscriptions?$skiptoken=x' });
    const elsewhere = nock('https://attacker.example').get(/.*/).reply(200, { value: [] });
    const { client } = makeClient();
    await expect(client.listSubscriptions()).rejects.toMatchObject({
      graphCode: 'invalidResponse',
      graphMessage: expect.stringContaining('outside the base URL'),
    });
    expect(elsewhere.isDone()).toBe(false);
  });
});

describe('ping', () => {
  it('does one cheap call and reports latency', async () => {
    const api = graph()
      .get('/v1.0/users')
      .query({ $select: 'id', $top: '1' })
      .reply(200, { value: [{ id: USER_ID }] });
    const { client } = makeClient();
    const result = await client.ping();
    expect(result.ok).toBe(true);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(api.isDone()).toBe(true);
  });

  it('throws the GraphError when Graph is unhappy', async () => {
    graph()
      .get('/v1.0/users')
      .query(true)
      .reply(401, { error: { code: 'InvalidAuthenticationToken', message: 'expired' } });
    const { client } = makeClient();
    await expect(client.ping()).rejects.toMatchObject({ upstreamStatus: 401, graphCode: 'InvalidAuthenticationToken' });
  });
});
