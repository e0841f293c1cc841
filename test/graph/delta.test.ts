import { describe, expect, it } from 'vitest';
import { GraphError } from '../../shared/graph/index.js';
import { fixture, graph, makeClient } from './support.js';

const SELECT = 'id,accountEnabled,displayName,userPrincipalName,mail,onPremisesSyncEnabled';
const STORED = 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=stored-token_abc';
const NEXT_DELTA = 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=new-token_xyz';
const firstPage = fixture<{ '@odata.nextLink': string }>('users-delta-page.json');
const skiptoken = new URL(firstPage['@odata.nextLink']).searchParams.get('$skiptoken')!;

describe('usersDelta', () => {
  it('starts a fresh round with the select list, follows nextLinks, surfaces @removed, returns the deltaLink', async () => {
    const api = graph()
      .get('/v1.0/users/delta')
      .query({ $select: SELECT })
      .reply(200, firstPage)
      .get('/v1.0/users/delta')
      .query({ $skiptoken: skiptoken })
      .reply(200, {
        value: [
          { id: 'a1b2c3d4-0000-4000-8000-000000000009', accountEnabled: false, userPrincipalName: 'gone@contoso.com' },
        ],
        '@odata.deltaLink': NEXT_DELTA,
      });
    const { client } = makeClient();
    const result = await client.usersDelta();
    expect(api.isDone()).toBe(true);
    expect(result.deltaLink).toBe(NEXT_DELTA);
    expect(result.fullResync).toBe(true);
    expect(result.linkExpired).toBe(false);
    expect(result.users.map((u) => u.id)).toEqual([
      'ffff7b1a-13b6-477b-8c0c-380905cd99f7',
      '605d1257-ffff-40b6-8e6f-528a53f5dc55',
      '86462606-fde0-4fc4-9e0c-a20eb73e54c6',
      '6ea91a8d-e32e-41a1-b7bd-d2d185eed0e0',
      'a1b2c3d4-0000-4000-8000-000000000009',
    ]);
    expect(result.users[2]).toEqual({ id: '86462606-fde0-4fc4-9e0c-a20eb73e54c6', removed: { reason: 'deleted' } });
    expect(result.users[0]).not.toHaveProperty('removed');
  });

  it('resumes from a stored deltaLink: the request goes to that link', async () => {
    const seen: string[] = [];
    const api = graph()
      .get('/v1.0/users/delta')
      .query({ $deltatoken: 'stored-token_abc' })
      .reply((req: Request) => {
        seen.push(req.url);
        return [
          200,
          {
            value: [{ id: 'ffff7b1a-13b6-477b-8c0c-380905cd99f7', accountEnabled: false }],
            '@odata.deltaLink': NEXT_DELTA,
          },
        ];
      });
    const { client } = makeClient();
    const result = await client.usersDelta(STORED);
    expect(api.isDone()).toBe(true);
    expect(seen).toEqual([STORED]);
    expect(result).toEqual({
      users: [{ id: 'ffff7b1a-13b6-477b-8c0c-380905cd99f7', accountEnabled: false }],
      deltaLink: NEXT_DELTA,
      fullResync: false,
      linkExpired: false,
    });
  });

  it('after 410 Gone starts a fresh round (no token) and returns its new deltaLink', async () => {
    const seen: string[] = [];
    const api = graph()
      .get('/v1.0/users/delta')
      .query({ $deltatoken: 'stored-token_abc' })
      .reply(410, {
        error: {
          code: 'resyncRequired',
          message: 'Resync required. Replace any local cached state with the results of a full sync.',
        },
      })
      .get('/v1.0/users/delta')
      .query((q) => {
        seen.push(JSON.stringify(q));
        return q.$select === SELECT && !('$deltatoken' in q);
      })
      .reply(200, {
        value: [{ id: '605d1257-ffff-40b6-8e6f-528a53f5dc55', accountEnabled: true }],
        '@odata.deltaLink': NEXT_DELTA,
      });
    const { client, lines } = makeClient();
    const result = await client.usersDelta(STORED);
    expect(api.isDone()).toBe(true);
    expect(seen).toEqual([JSON.stringify({ $select: SELECT })]);
    expect(result.fullResync).toBe(true);
    expect(result.linkExpired).toBe(true);
    expect(result.deltaLink).toBe(NEXT_DELTA);
    expect(lines.some((l) => l.level === 'warn' && /full resync/.test(l.message))).toBe(true);
  });

  it('treats error code syncStateNotFound (not 410) the same way', async () => {
    const api = graph()
      .get('/v1.0/users/delta')
      .query({ $deltatoken: 'stored-token_abc' })
      .reply(400, { error: { code: 'syncStateNotFound', message: 'The sync state was not found.' } })
      .get('/v1.0/users/delta')
      .query({ $select: SELECT })
      .reply(200, { value: [], '@odata.deltaLink': NEXT_DELTA });
    const { client } = makeClient();
    await expect(client.usersDelta(STORED)).resolves.toMatchObject({
      fullResync: true,
      linkExpired: true,
      deltaLink: NEXT_DELTA,
    });
    expect(api.isDone()).toBe(true);
  });

  it('starts afresh when the stored link is not under the base URL', async () => {
    graph()
      .get('/v1.0/users/delta')
      .query({ $select: SELECT })
      .reply(200, { value: [], '@odata.deltaLink': NEXT_DELTA });
    const { client } = makeClient();
    await expect(client.usersDelta('https://graph.microsoft.us/v1.0/users/delta?$deltatoken=x')).resolves.toMatchObject(
      { fullResync: true, linkExpired: true },
    );
  });

  it('does not loop when the fresh round itself is refused, and passes other errors through', async () => {
    graph()
      .get('/v1.0/users/delta')
      .query({ $select: SELECT })
      .reply(410, { error: { code: 'resyncRequired', message: 'again' } });
    const { client } = makeClient();
    await expect(client.usersDelta()).rejects.toMatchObject({ upstreamStatus: 410 });

    graph()
      .get('/v1.0/users/delta')
      .query({ $deltatoken: 'stored-token_abc' })
      .reply(403, { error: { code: 'Authorization_RequestDenied', message: 'no' } });
    const err = await client.usersDelta(STORED).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({ upstreamStatus: 403 });
  });
});
