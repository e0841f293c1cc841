import { describe, expect, it } from 'vitest';
import { graph, makeClient } from './support.js';

const GROUP_ID = 'eb75ccd2-59ef-48b7-8f76-cc3f33f899f4';
const member = (n: number) => ({
  '@odata.type': '#microsoft.graph.user',
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  displayName: `User ${n}`,
  userPrincipalName: `user${n}@contoso.com`,
  accountEnabled: true,
});

describe('paging', () => {
  it('follows @odata.nextLink across three pages, requesting each link as given', async () => {
    const path = `/v1.0/groups/${GROUP_ID}/transitiveMembers/microsoft.graph.user`;
    const seen: string[] = [];
    const record = (body: object) => (req: Request) => {
      seen.push(req.url);
      return [200, body] as const;
    };
    const api = graph()
      .get(path)
      .query({ $select: 'id,displayName,userPrincipalName,mail,accountEnabled', $top: '999' })
      .reply(
        record({
          value: [member(1), member(2)],
          '@odata.nextLink': `https://graph.microsoft.com${path}?$top=999&$skiptoken=RFNwdAIAAQAAAD8`,
        }),
      )
      .get(path)
      .query({ $top: '999', $skiptoken: 'RFNwdAIAAQAAAD8' })
      .reply(
        record({
          value: [member(3)],
          '@odata.nextLink': `https://graph.microsoft.com${path}?$top=999&$skiptoken=X%2BY%3D`,
        }),
      )
      .get(path)
      .query({ $top: '999', $skiptoken: 'X+Y=' })
      .reply(record({ value: [member(4)] }));
    const { client } = makeClient();
    const members = await client.groupTransitiveUserMembers(GROUP_ID);
    expect(api.isDone()).toBe(true);
    expect(members.map((m) => m.userPrincipalName)).toEqual([
      'user1@contoso.com',
      'user2@contoso.com',
      'user3@contoso.com',
      'user4@contoso.com',
    ]);
    expect(seen).toHaveLength(3);
    // the opaque token keeps its encoding
    expect(seen[2]).toContain('$skiptoken=X%2BY%3D');
  });

  it('stops when a nextLink repeats', async () => {
    const link = 'https://graph.microsoft.com/v1.0/subscriptions?$skiptoken=same';
    graph().get('/v1.0/subscriptions').reply(200, { value: [], '@odata.nextLink': link });
    graph().get('/v1.0/subscriptions').query({ $skiptoken: 'same' }).reply(200, { value: [], '@odata.nextLink': link });
    const { client } = makeClient();
    await expect(client.listSubscriptions()).rejects.toMatchObject({ graphCode: 'invalidResponse' });
  });
});
