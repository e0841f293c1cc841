/**
 * `$batch` at the wire (shared/graph/batch.ts, device-evidence.ts): up to 20 items per request,
 * each item answered on its own; a throttled item (429 + Retry-After inside the body, which the
 * SDK never sees) is sent again alone after its wait; a 403 item is handed back, not thrown.
 */
import { describe, expect, it } from 'vitest';
import { GraphError } from '../../shared/graph/index.js';
import { graph, makeClient } from './support.js';

const USER_ID = '1f0e98f5-3161-4c6b-9b50-d488572f2bb7';
type BatchBody = { requests: { id: string; method: string; url: string }[] };

describe('$batch', () => {
  it('sends 20 items a request; answers each by id whatever the order', async () => {
    const bodies: BatchBody[] = [];
    graph()
      .post('/v1.0/$batch')
      .times(2)
      .reply(async (req: Request) => {
        const body = (await req.json()) as BatchBody;
        bodies.push(body);
        return [
          200,
          {
            responses: [...body.requests].reverse().map((r) => ({
              id: r.id,
              status: 200,
              body: { id: USER_ID, displayName: `user ${r.id}`, accountEnabled: r.id !== '3' },
            })),
          },
        ];
      });
    const { client } = makeClient();
    const ids = Array.from({ length: 25 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const accounts = await client.accountsByIds(ids);
    expect(bodies.map((b) => b.requests.length)).toEqual([20, 5]);
    expect(bodies[0]!.requests[0]).toEqual({
      id: '0',
      method: 'GET',
      url: `/users/${ids[0]}?$select=id%2CdisplayName%2CuserPrincipalName%2CaccountEnabled`,
    });
    expect(accounts.get(ids[3]!)).toMatchObject({ displayName: 'user 3', accountEnabled: false });
    expect(accounts.get(ids[24]!)).toMatchObject({ displayName: 'user 24' });
  });

  it('resends only the throttled items after their Retry-After, then hands back a 403 and a deleted account as such', async () => {
    const seen: string[][] = [];
    let round = 0;
    graph()
      .post('/v1.0/$batch')
      .times(2)
      .reply(async (req: Request) => {
        const body = (await req.json()) as BatchBody;
        seen.push(body.requests.map((r) => r.id));
        round++;
        return [
          200,
          {
            responses: body.requests.map((r) => {
              if (r.url.startsWith('/users/') && r.url.includes('/managedDevices') && round === 1)
                return {
                  id: r.id,
                  status: 429,
                  headers: { 'Retry-After': '2' },
                  body: { error: { code: 'TooManyRequests' } },
                };
              if (r.url.startsWith('/auditLogs/signIns'))
                return {
                  id: r.id,
                  status: 403,
                  body: { error: { code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', message: 'no P1' } },
                };
              if (r.url.includes('/managedDevices'))
                return {
                  id: r.id,
                  status: 200,
                  body: { value: [{ id: 'md1', deviceName: 'HNL-LT-0042', userId: USER_ID }] },
                };
              return { id: r.id, status: 404, body: { error: { code: 'Request_ResourceNotFound' } } };
            }),
          },
        ];
      });
    const waits: number[] = [];
    const { client } = makeClient();
    const evidence = await client.userDeviceEvidence(USER_ID, {
      since: new Date('2026-11-04T00:00:00Z'),
      signIns: true,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    expect(seen).toEqual([['managed', 'registered', 'owned', 'signIns'], ['managed']]);
    expect(waits).toEqual([2000]);
    expect(evidence.managed).toEqual({
      ok: true,
      items: [expect.objectContaining({ deviceName: 'HNL-LT-0042', userId: USER_ID })],
    });
    expect(evidence.signIns).toEqual({
      ok: false,
      status: 403,
      code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
    });
    expect(evidence.entra).toEqual({ ok: false, status: 404, code: 'Request_ResourceNotFound' });
  });

  it('escapes the sign-in filter with the OData builders; a failing item that is not 403/404 throws', async () => {
    let url = '';
    graph()
      .post('/v1.0/$batch')
      .reply(async (req: Request) => {
        const body = (await req.json()) as BatchBody;
        url = body.requests.find((r) => r.id === 'signIns')!.url;
        return [
          200,
          {
            responses: body.requests.map((r) => ({
              id: r.id,
              status: r.id === 'managed' ? 500 : 200,
              body: { value: [] },
            })),
          },
        ];
      });
    const { client } = makeClient();
    const err = await client
      .userDeviceEvidence("o'brien", { since: new Date('2026-11-04T00:00:00Z'), signIns: true })
      .catch((e: unknown) => e);
    expect(decodeURIComponent(url)).toBe(
      "/auditLogs/signIns?$filter=(userId eq 'o''brien') and (createdDateTime ge 2026-11-04T00:00:00.000Z)&$top=500",
    );
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({ upstreamStatus: 500, path: '/users/{id}/managedDevices' });
  });

  it('usersDevices: two items per user; a relation with a next page is followed; a deleted user is undefined', async () => {
    const gone = '2f0e98f5-3161-4c6b-9b50-d488572f2bb7';
    const next = `https://graph.microsoft.com/v1.0/users/${USER_ID}/registeredDevices/microsoft.graph.device?$skiptoken=p2`;
    let items: BatchBody['requests'] = [];
    graph()
      .post('/v1.0/$batch')
      .reply(async (req: Request) => {
        items = ((await req.json()) as BatchBody).requests;
        return [
          200,
          {
            responses: items.map((r) => {
              if (r.url.includes(gone))
                return { id: r.id, status: 404, body: { error: { code: 'Request_ResourceNotFound' } } };
              if (r.url.includes('/registeredDevices'))
                return {
                  id: r.id,
                  status: 200,
                  body: { value: [{ id: 'd1', displayName: 'LAPTOP-1' }], '@odata.nextLink': next },
                };
              return { id: r.id, status: 200, body: { value: [{ id: 'd1', displayName: 'LAPTOP-1' }] } };
            }),
          },
        ];
      });
    graph()
      .get(`/v1.0/users/${USER_ID}/registeredDevices/microsoft.graph.device`)
      .query({ $skiptoken: 'p2' })
      .reply(200, { value: [{ id: 'd2', displayName: 'LAPTOP-2' }] });
    const { client } = makeClient();
    const devices = await client.usersDevices([USER_ID, gone, USER_ID]);
    expect(items.map((i) => i.url.split('?')[0])).toEqual([
      `/users/${USER_ID}/registeredDevices/microsoft.graph.device`,
      `/users/${USER_ID}/ownedDevices/microsoft.graph.device`,
      `/users/${gone}/registeredDevices/microsoft.graph.device`,
      `/users/${gone}/ownedDevices/microsoft.graph.device`,
    ]);
    expect(devices.get(USER_ID)).toEqual([
      expect.objectContaining({ id: 'd1', displayName: 'LAPTOP-1', relations: ['registered', 'owned'] }),
      expect.objectContaining({ id: 'd2', displayName: 'LAPTOP-2', relations: ['registered'] }),
    ]);
    expect(devices.has(gone)).toBe(true);
    expect(devices.get(gone)).toBeUndefined();
  });

  it('usersDevices: a 403 item throws; batches go out `concurrency` at a time', async () => {
    let inFlight = 0;
    let most = 0;
    graph()
      .post('/v1.0/$batch')
      .times(3)
      .reply(async (req: Request) => {
        const body = (await req.json()) as BatchBody;
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 50));
        inFlight--;
        return [
          200,
          {
            responses: body.requests.map((r) => ({
              id: r.id,
              status: r.id === '0-owned' ? 403 : 200,
              body: r.id === '0-owned' ? { error: { code: 'Authorization_RequestDenied' } } : { value: [] },
            })),
          },
        ];
      });
    const { client } = makeClient();
    const ids = Array.from({ length: 25 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const err = await client.usersDevices(ids, { concurrency: 3 }).catch((e: unknown) => e);
    expect(most).toBe(3);
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({ upstreamStatus: 403, graphCode: 'Authorization_RequestDenied' });
  });
});
