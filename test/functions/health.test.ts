import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { health } from '../../functions/health.js';
import { useAppEnv } from '../support/app-env.js';
import { GRAPH_ACCESS_TOKEN, nockEntraToken } from '../support/entra.js';
import { TENANT_ID, TEST_SECRETS } from '../support/env.js';
import { callHttp } from '../support/http.js';
import { HealthCache, type HealthReport } from '../../shared/usecases/health.js';

const NETBIRD = 'https://netbird.contoso.test';
const GRAPH = 'https://graph.microsoft.com';

const call = () => callHttp(health, {});

describe('GET /api/health', () => {
  useAppEnv();

  it('answers 200 with the version when NetBird, Graph and storage answer', async () => {
    nockEntraToken(TENANT_ID);
    const nb = nock(NETBIRD, { reqheaders: { authorization: `Token ${TEST_SECRETS.NETBIRD_READ_TOKEN}` } })
      .get('/api/users')
      .query({ service_user: 'true' })
      .reply(200, []);
    const graph = nock(GRAPH, { reqheaders: { authorization: `Bearer ${GRAPH_ACCESS_TOKEN}` } })
      .get('/v1.0/users')
      .query(true)
      .reply(200, { value: [{ id: 'x' }] });
    const res = await call();
    expect(res.status).toBe(200);
    const body = res.json as { status: string; version: string; checks: Record<string, { ok: boolean }> };
    expect(body.status).toBe('ok');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Object.fromEntries(Object.entries(body.checks).map(([k, v]) => [k, v.ok]))).toEqual({
      netbird: true,
      graph: true,
      storage: true,
    });
    expect(nb.isDone() && graph.isDone()).toBe(true);
  });

  it('answers 503 naming the failing dependency, with no secret or URL in the body', async () => {
    nockEntraToken(TENANT_ID);
    nock(NETBIRD).get('/api/users').query(true).reply(401, { message: 'token invalid', code: 401 });
    nock(GRAPH).get('/v1.0/users').query(true).reply(200, { value: [] });
    const res = await call();
    expect(res.status).toBe(503);
    const text = res.text;
    expect(res.json).toMatchObject({
      status: 'degraded',
      checks: { netbird: { ok: false, error: 'answered HTTP 401' }, graph: { ok: true }, storage: { ok: true } },
    });
    for (const secret of Object.values(TEST_SECRETS)) expect(text).not.toContain(secret);
    expect(text).not.toContain('netbird.contoso.test');
  });
});

describe('GET /api/health under a flood', () => {
  useAppEnv();

  it('1,000 requests send at most a handful of upstream calls: every caller shares one check for a few seconds', async () => {
    nockEntraToken(TENANT_ID);
    let netbirdCalls = 0;
    let graphCalls = 0;
    nock(NETBIRD)
      .persist()
      .get('/api/users')
      .query(true)
      .reply(() => {
        netbirdCalls++;
        return [200, []];
      });
    nock(GRAPH)
      .persist()
      .get('/v1.0/users')
      .query(true)
      .reply(() => {
        graphCalls++;
        return [200, { value: [] }];
      });
    const started = Date.now();
    const answers = [
      ...(await Promise.all(Array.from({ length: 500 }, () => call()))), // at once
    ];
    for (let i = 0; i < 500; i++) answers.push(await call()); // and one after another
    const seconds = (Date.now() - started) / 1000;
    expect(answers.every((a) => a.status === 200)).toBe(true);
    // One round per HEALTH_CACHE_MS (5 s): a handful however long the flood took on this machine.
    const rounds = Math.ceil(seconds / 5) + 1;
    expect(netbirdCalls).toBeGreaterThanOrEqual(1);
    expect(netbirdCalls).toBeLessThanOrEqual(rounds);
    expect(graphCalls).toBeLessThanOrEqual(rounds);
    expect(new Set(answers.map((a) => (a.json as { checkedAt: string }).checkedAt)).size).toBe(netbirdCalls);
    nock.cleanAll();
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

describe('HealthCache', () => {
  it('shares the check in flight and its report for the TTL, and asks again after it', async () => {
    let now = 0;
    let calls = 0;
    const report = (): Promise<HealthReport> => {
      calls++;
      return Promise.resolve({ status: 'ok', version: '1', checkedAt: String(calls), checks: {} });
    };
    const cache = new HealthCache(report, 5_000, () => now);
    const first = await Promise.all([cache.get(), cache.get(), cache.get()]);
    expect(calls).toBe(1);
    expect(first.map((r) => r.checkedAt)).toEqual(['1', '1', '1']);
    now = 4_999;
    expect((await cache.get()).checkedAt).toBe('1');
    now = 5_001;
    expect((await cache.get()).checkedAt).toBe('2');
  });

  it('does not keep a failed check', async () => {
    let calls = 0;
    const cache = new HealthCache(() =>
      ++calls === 1
        ? Promise.reject(new Error('boom'))
        : Promise.resolve({ status: 'ok', version: '1', checkedAt: 'x', checks: {} }),
    );
    await expect(cache.get()).rejects.toThrow('boom');
    await expect(cache.get()).resolves.toMatchObject({ status: 'ok' });
    expect(calls).toBe(2);
  });
});
