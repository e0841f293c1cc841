import { describe, expect, it } from 'vitest';
import { graph, makeClient } from './support.js';

const USER_ID = '1f0e98f5-3161-4c6b-9b50-d488572f2bb7';
const gid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('checkMemberGroups', () => {
  it('asks in chunks of 20 and returns the subset, in the order given', async () => {
    const ids = Array.from({ length: 25 }, (_, i) => gid(i));
    const bodies: unknown[] = [];
    const api = graph()
      .post(`/v1.0/users/${USER_ID}/checkMemberGroups`)
      .times(2)
      .reply(async (req: Request) => {
        const body = (await req.json()) as { groupIds: string[] };
        bodies.push(body);
        // member of gid(3) and gid(22); Graph answers in any order
        return [200, { value: body.groupIds.filter((id) => id === gid(22) || id === gid(3)).reverse() }];
      });
    const { client } = makeClient();
    await expect(client.checkMemberGroups(USER_ID, [...ids, gid(3)])).resolves.toEqual([gid(3), gid(22)]);
    expect(api.isDone()).toBe(true);
    expect(bodies).toEqual([{ groupIds: ids.slice(0, 20) }, { groupIds: ids.slice(20) }]);
  });

  it('isMemberOfAny stops at the first chunk with a hit', async () => {
    const ids = Array.from({ length: 30 }, (_, i) => gid(i));
    const api = graph()
      .post(`/v1.0/users/${USER_ID}/checkMemberGroups`)
      .once()
      .reply(200, { value: [gid(5)] });
    const { client } = makeClient();
    await expect(client.isMemberOfAny(USER_ID, ids)).resolves.toBe(true);
    expect(api.isDone()).toBe(true);
  });

  it('isMemberOfAny is false when no chunk hits', async () => {
    graph().post(`/v1.0/users/${USER_ID}/checkMemberGroups`).reply(200, { value: [] });
    const { client } = makeClient();
    await expect(client.isMemberOfAny(USER_ID, [gid(1)])).resolves.toBe(false);
  });
});
