/**
 * Hostile and bad input on POST /api/offboard (issue 7, item 2): malformed, oversized and
 * wrongly-typed bodies get 400 with a clear message before anything is asked of Graph; user names
 * that try OData injection reach Graph only as an escaped path segment (asserted on the URL nock
 * saw); nothing is written to NetBird and nothing is queued.
 */
import { describe, expect, it } from 'vitest';
import { offboard } from '../../functions/offboard.js';
import { offboardingStorage } from '../../shared/offboarding/storage.js';
import { callHttp } from '../support/http.js';
import { expectNoNetbirdWrites, useOffboardingWorld, type World } from '../offboarding/support/world.js';

const call = (body: string) =>
  callHttp(offboard, { method: 'POST', body: { string: body }, headers: { 'content-type': 'application/json' } });
const errorOf = (res: { json: unknown }) => (res.json as { error: { message: string } }).error.message;

async function expectNothingWritten(w: World): Promise<void> {
  const storage = offboardingStorage(w.connectionString());
  expect(await storage.checks.receive(32, 1)).toEqual([]);
  expect(await storage.work.receive(32, 1)).toEqual([]);
  expectNoNetbirdWrites(w);
}

describe('POST /api/offboard under hostile input', () => {
  const w = useOffboardingWorld({ LOG_LEVEL: 'error' });

  it('refuses malformed, oversized and wrongly-typed bodies with 400 and a clear reason, without asking Graph', async () => {
    const cases: [string, RegExp][] = [
      ['{"user": ', /not valid JSON/],
      ['', /not valid JSON/],
      ['[]', /JSON object/],
      ['null', /JSON object/],
      ['{}', /"user" is required/],
      ['{"user": 42}', /"user" is required/],
      ['{"user": ["a@contoso.com"]}', /"user" is required/],
      ['{"user": "a@contoso.com", "reason": {"$gt": ""}}', /"reason" must be text/],
      [
        JSON.stringify({ user: 'a@contoso.com', requestedBy: 'x'.repeat(101) }),
        /"requestedBy" must be at most 100 characters/,
      ],
      [JSON.stringify({ user: 'a@contoso.com', reason: 'x'.repeat(1_100_000) }), /too large/],
      [JSON.stringify({ user: '   ' }), /Name the user/],
      [JSON.stringify({ user: `${'a'.repeat(300)}@contoso.com` }), /"user" must be at most 256 characters/],
      [JSON.stringify({ user: 'a@contoso.com', reason: 'x'.repeat(501) }), /"reason" must be at most 500/],
      [JSON.stringify({ user: "x' or 1 eq 1" }), /neither a UPN/],
      [JSON.stringify({ user: "tunnel x' or 1 eq 1 or id eq '" }), /neither a UPN/],
      [JSON.stringify({ user: 'users?$filter=accountEnabled eq true' }), /neither a UPN/],
    ];
    for (const [body, message] of cases) {
      const res = await call(body);
      expect({ body: body.slice(0, 60), status: res.status }).toEqual({ body: body.slice(0, 60), status: 400 });
      expect(errorOf(res)).toMatch(message);
    }
    expect(w.graph.calls).toEqual([]);
    await expectNothingWritten(w);
  });

  it.each([
    ["o'brien@contoso.com", '/v1.0/users/o%27brien%40contoso.com'],
    ["x'or'1'eq'1@contoso.com", '/v1.0/users/x%27or%271%27eq%271%40contoso.com'],
    ['a/../../groups@contoso.com', '/v1.0/users/a%2F..%2F..%2Fgroups%40contoso.com'],
    ['a?$filter=x@contoso.com', '/v1.0/users/a%3F%24filter%3Dx%40contoso.com'],
  ])('a UPN like %s reaches Graph as one escaped path segment, 404, nothing written', async (user, path) => {
    const res = await call(JSON.stringify({ user }));
    expect(res.status).toBe(404);
    expect(errorOf(res)).toContain(user);
    expect(w.graph.calls).toEqual([`GET ${path}`]);
    await expectNothingWritten(w);
  });
});
