import { describe, expect, it } from 'vitest';
import { SlidingWindowRateLimiter } from '../../shared/graph/index.js';
import { FakeClock, fixture, graph, makeClient, maxInWindow } from './support.js';

const details = fixture<{ value: { id: string; userPrincipalName: string }[] }>('user-registration-details.json').value;
const base = '/v1.0/reports/authenticationMethods/userRegistrationDetails/';

describe('registrationDetails', () => {
  it('fetches each id, skips ids without a record, and never exceeds 5 requests in any 10 s window', async () => {
    const clock = new FakeClock(0);
    const limiter = new SlidingWindowRateLimiter({ limit: 5, windowMs: 10_000, clock });
    const ids = Array.from({ length: 12 }, (_, i) => details[i % 3]!.id.replace(/.{4}$/, String(1000 + i)));
    const sentAt: number[] = [];
    const api = graph()
      .get((path) => path.startsWith(base))
      .times(12)
      .reply((req: Request) => {
        sentAt.push(clock.now());
        const id = new URL(req.url).pathname.slice(base.length);
        const index = ids.indexOf(id);
        if (index === 7) return [404, { error: { code: 'Request_ResourceNotFound', message: 'no record' } }];
        return [200, { ...details[index % 3], id }];
      });
    const { client } = makeClient();

    const result = await client.registrationDetails([...ids, ids[0]!], { limiter });

    expect(api.isDone()).toBe(true);
    expect(sentAt).toHaveLength(12); // the repeated id is asked once
    expect(maxInWindow(sentAt, 10_000)).toBeLessThanOrEqual(5);
    expect(sentAt.at(-1)).toBeGreaterThan(20_000); // 12 requests need three windows
    expect(result.map((r) => r.id)).toEqual(ids.filter((_, i) => i !== 7));
    expect(result[0]).toMatchObject({
      isMfaRegistered: true,
      methodsRegistered: ['microsoftAuthenticatorPush', 'softwareOneTimePasscode'],
      userType: 'member',
    });
    expect(result[1]).toMatchObject({ userType: 'guest', methodsRegistered: [] });
  });
});
