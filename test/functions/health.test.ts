import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { health } from '../../functions/health.js';
import { useAppEnv } from '../support/app-env.js';
import { GRAPH_ACCESS_TOKEN, nockEntraToken } from '../support/entra.js';
import { TENANT_ID, TEST_SECRETS } from '../support/env.js';
import { callHttp } from '../support/http.js';

const NETBIRD = 'https://netbird.contoso.test';
const GRAPH = 'https://graph.microsoft.com';

const call = () => callHttp(health, {});

describe('GET /api/health', () => {
  useAppEnv();

  it('answers 200 with the version when NetBird, Graph and storage answer', async () => {
    nockEntraToken(TENANT_ID);
    const nb = nock(NETBIRD, { reqheaders: { authorization: `Token ${TEST_SECRETS.NETBIRD_READ_TOKEN}` } })
      .get('/api/users').query({ service_user: 'true' }).reply(200, []);
    const graph = nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_ACCESS_TOKEN}` } })
      .get('/v1.0/users').query(true).reply(200, { value: [{ id: 'x' }] });
    const res = await call();
    expect(res.status).toBe(200);
    const body = res.json as { status: string; version: string; checks: Record<string, { ok: boolean }> };
    expect(body.status).toBe('ok');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Object.fromEntries(Object.entries(body.checks).map(([k, v]) => [k, v.ok]))).toEqual({ netbird: true, graph: true, storage: true });
    expect(nb.isDone() && graph.isDone()).toBe(true);
  });

  it('answers 503 naming the failing dependency, with no secret or URL in the body', async () => {
    nockEntraToken(TENANT_ID);
    nock(NETBIRD).get('/api/users').query(true).reply(401, { message: 'token invalid', code: 401 });
    nock(GRAPH).get('/v1.0/users').query(true).reply(200, { value: [] });
    const res = await call();
    expect(res.status).toBe(503);
    const text = res.text;
    expect(res.json).toMatchObject({ status: 'degraded', checks: { netbird: { ok: false, error: 'answered HTTP 401' }, graph: { ok: true }, storage: { ok: true } } });
    for (const secret of Object.values(TEST_SECRETS)) expect(text).not.toContain(secret);
    expect(text).not.toContain('netbird.contoso.test');
  });
});

describe('GET /api/health with a broken configuration', () => {
  useAppEnv({ ENTRA_TENANT_ID: 'nope' });

  it('answers 500 without listing the settings to the caller', async () => {
    const res = await call();
    expect(res.status).toBe(500);
    expect(res.text).not.toContain('ENTRA_TENANT_ID');
  });
});
