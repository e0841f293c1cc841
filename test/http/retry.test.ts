import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { backoffDelay, createRetryingFetch, type RetryOptions } from '../../shared/http/retry.js';
import { recordingLogger, type LogLine } from './recording-logger.js';

const ORIGIN = 'https://api.example.test';

function connectError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 192.0.2.1:443`), { code });
}

/** A retrying fetch whose sleeps are recorded instead of waited for. */
function testFetch(options: RetryOptions = {}) {
  const sleeps: number[] = [];
  const retryingFetch = createRetryingFetch({
    baseDelayMs: 100,
    random: () => 0.5,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    ...options,
  });
  return { retryingFetch, sleeps };
}

const slowly = (ms: number, reply: nock.ReplyFnResult) => async (_req: Request) => {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return reply;
};

describe('createRetryingFetch', () => {
  it('retries a 429 after the Retry-After seconds', async () => {
    const scope = nock(ORIGIN)
      .get('/x')
      .reply(429, { message: 'rate limit exceeded', code: 429 }, { 'Retry-After': '2' })
      .get('/x')
      .reply(200, { ok: true });
    const { retryingFetch, sleeps } = testFetch();
    const res = await retryingFetch(`${ORIGIN}/x`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(sleeps).toEqual([2000]);
    scope.done();
  });

  it('honours an HTTP-date Retry-After and caps a long one', async () => {
    const now = Date.parse('2026-08-21T09:00:00Z');
    nock(ORIGIN)
      .get('/x')
      .reply(503, '', { 'Retry-After': 'Fri, 21 Aug 2026 09:00:05 GMT' })
      .get('/x')
      .reply(429, '', { 'Retry-After': '3600' })
      .get('/x')
      .reply(200, {});
    const { retryingFetch, sleeps } = testFetch({ now: () => now, maxRetryAfterMs: 30_000 });
    expect((await retryingFetch(`${ORIGIN}/x`)).status).toBe(200);
    expect(sleeps).toEqual([5000, 30_000]);
  });

  it('retries a 500 with exponential backoff and jitter, then gives the last answer back', async () => {
    nock(ORIGIN).get('/x').times(4).reply(500, { message: 'internal server error', code: 500 });
    const { retryingFetch, sleeps } = testFetch({ maxRetries: 3, random: () => 1 });
    const res = await retryingFetch(`${ORIGIN}/x`);
    expect(res.status).toBe(500);
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it('recovers when a 500 is followed by a 200', async () => {
    nock(ORIGIN).get('/x').reply(500).get('/x').reply(200, []);
    const { retryingFetch, sleeps } = testFetch();
    expect((await retryingFetch(`${ORIGIN}/x`)).status).toBe(200);
    expect(sleeps).toEqual([75]); // base 100, equal jitter at 0.5: 50 + 25
  });

  it.each([400, 401, 403, 404, 409, 422])('does not retry a %i', async (status) => {
    const scope = nock(ORIGIN).get('/x').reply(status, { message: 'no', code: status });
    const { retryingFetch, sleeps } = testFetch();
    expect((await retryingFetch(`${ORIGIN}/x`)).status).toBe(status);
    expect(sleeps).toEqual([]);
    scope.done();
  });

  it('does not retry a POST that answered 500 (it may have been applied)', async () => {
    nock(ORIGIN).post('/x').reply(500);
    const { retryingFetch, sleeps } = testFetch();
    expect((await retryingFetch(`${ORIGIN}/x`, { method: 'POST', body: '{}' })).status).toBe(500);
    expect(sleeps).toEqual([]);
  });

  it('retries a POST on 429 and 503, sending the body each time', async () => {
    const bodies: string[] = [];
    const scope = nock(ORIGIN).post('/x').reply(429).post('/x').reply(503).post('/x').reply(200, { id: 'g1' });
    scope.on('request', (_req: Request, _i: unknown, body: string) => bodies.push(body));
    const { retryingFetch, sleeps } = testFetch();
    const res = await retryingFetch(`${ORIGIN}/x`, { method: 'POST', body: JSON.stringify({ name: 'Quarantine' }) });
    expect(res.status).toBe(200);
    expect(sleeps).toHaveLength(2);
    expect(bodies).toEqual(Array(3).fill('{"name":"Quarantine"}'));
  });

  it('retries a GET after a network error', async () => {
    nock(ORIGIN).get('/x').replyWithError(connectError('ECONNRESET')).get('/x').reply(200, {});
    const { retryingFetch, sleeps } = testFetch();
    expect((await retryingFetch(`${ORIGIN}/x`)).status).toBe(200);
    expect(sleeps).toHaveLength(1);
  });

  it('retries a POST only when the connection was never made', async () => {
    nock(ORIGIN).post('/x').replyWithError(connectError('ECONNREFUSED')).post('/x').reply(200, {});
    const first = testFetch();
    expect((await first.retryingFetch(`${ORIGIN}/x`, { method: 'POST', body: '{}' })).status).toBe(200);
    expect(first.sleeps).toHaveLength(1);

    nock(ORIGIN).post('/y').replyWithError(connectError('ECONNRESET'));
    const second = testFetch();
    await expect(second.retryingFetch(`${ORIGIN}/y`, { method: 'POST', body: '{}' })).rejects.toThrow('fetch failed');
    expect(second.sleeps).toEqual([]);
  });

  it('times out an attempt and retries a GET', async () => {
    nock(ORIGIN)
      .get('/x')
      .reply(slowly(1000, [200, { late: true }]))
      .get('/x')
      .reply(200, { late: false });
    const { retryingFetch, sleeps } = testFetch({ timeoutMs: 50 });
    const res = await retryingFetch(`${ORIGIN}/x`);
    expect(await res.json()).toEqual({ late: false });
    expect(sleeps).toHaveLength(1);
  });

  it('does not retry a POST that timed out', async () => {
    nock(ORIGIN)
      .post('/x')
      .reply(slowly(1000, [200, {}]));
    const { retryingFetch, sleeps } = testFetch({ timeoutMs: 50 });
    await expect(retryingFetch(`${ORIGIN}/x`, { method: 'POST', body: '{}' })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(sleeps).toEqual([]);
  });

  it("never retries once the caller's own signal aborted", async () => {
    nock(ORIGIN)
      .get('/x')
      .reply(slowly(1000, [200, {}]));
    const { retryingFetch, sleeps } = testFetch();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    await expect(retryingFetch(`${ORIGIN}/x`, { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(sleeps).toEqual([]);
  });

  it('logs each retry without headers or bodies', async () => {
    const lines: LogLine[] = [];
    nock(ORIGIN).get('/users').query(true).reply(503, 'busy').get('/users').query(true).reply(200, []);
    const { retryingFetch } = testFetch({ logger: recordingLogger(lines) });
    await retryingFetch(`${ORIGIN}/users?x=1`, { headers: { Authorization: 'Token secret-token-value' } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'warn',
      fields: { method: 'GET', path: '/users', status: 503, attempt: 1 },
    });
    expect(JSON.stringify(lines)).not.toContain('secret-token-value');
  });

  it('really waits for Retry-After: 1 when sleep is not injected', async () => {
    nock(ORIGIN).get('/x').reply(429, '', { 'Retry-After': '1' }).get('/x').reply(200, {});
    const retryingFetch = createRetryingFetch();
    const started = performance.now();
    const res = await retryingFetch(`${ORIGIN}/x`);
    const elapsed = performance.now() - started;
    expect(res.status).toBe(200);
    expect(elapsed).toBeGreaterThanOrEqual(990);
    expect(elapsed).toBeLessThan(5000);
  });
});

describe('backoffDelay', () => {
  it('doubles the ceiling per retry, stays within [ceiling/2, ceiling] and under the cap', () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, 250, 8000, () => 0))).toEqual([125, 250, 500, 1000]);
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, 250, 8000, () => 1))).toEqual([250, 500, 1000, 2000]);
    expect(backoffDelay(10, 250, 8000, () => 1)).toBe(8000);
  });
});
