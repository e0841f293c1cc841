import { describe, expect, it } from 'vitest';
import { ItAccess } from '../../bot/access.js';
import { graph, makeClient } from '../graph/support.js';

const GROUP = '0d4e4a8b-7a35-4d7f-9c2e-3b1a2f6e9d01';
const MEMBER = '3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a';

function membershipApi(calls: string[], answer: () => [number, unknown]) {
  graph()
    .persist()
    .post(/\/v1\.0\/users\/[^/]+\/checkMemberGroups$/)
    .reply((req: Request) => {
      calls.push(new URL(req.url).pathname.split('/')[3]!);
      return answer();
    });
}

describe('IT group membership, cached briefly', () => {
  it('asks Graph once per person within five minutes, shares a call between concurrent commands, asks again after', async () => {
    const calls: string[] = [];
    membershipApi(calls, () => [200, { value: [GROUP] }]);
    let now = 0;
    const access = new ItAccess(makeClient().client, GROUP, 5 * 60_000, () => now);
    expect(await Promise.all([access.isItMember(MEMBER), access.isItMember(MEMBER.toUpperCase())])).toEqual([
      true,
      true,
    ]);
    now += 4 * 60_000;
    expect(await access.isItMember(MEMBER)).toBe(true);
    expect(calls).toEqual([MEMBER]);
    now += 2 * 60_000;
    expect(await access.isItMember(MEMBER)).toBe(true);
    expect(calls).toEqual([MEMBER, MEMBER]);
  });

  it('remembers "not a member" too, but not a failure', async () => {
    const calls: string[] = [];
    let status = 503;
    membershipApi(calls, () =>
      status === 200 ? [200, { value: [] }] : [status, { error: { code: 'serviceUnavailable', message: 'try later' } }],
    );
    const access = new ItAccess(makeClient({ maxRetries: 0 }).client, GROUP);
    await expect(access.isItMember(MEMBER)).rejects.toThrow(/503/);
    status = 200;
    expect(await access.isItMember(MEMBER)).toBe(false);
    expect(await access.isItMember(MEMBER)).toBe(false);
    expect(calls).toHaveLength(2);
  });
});
