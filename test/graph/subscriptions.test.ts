import { describe, expect, it } from 'vitest';
import type { CreateSubscriptionRequest } from '../../shared/graph/index.js';
import { fixture, graph, makeClient } from './support.js';

const response = fixture<{ id: string }>('subscription-response.json');
const SUB_ID = response.id;

describe('subscriptions', () => {
  it('creates with the given body', async () => {
    const request = fixture<CreateSubscriptionRequest>('subscription-create-request.json');
    const api = graph()
      .post('/v1.0/subscriptions', (body) => JSON.stringify(body) === JSON.stringify(request))
      .matchHeader('content-type', /application\/json/)
      .reply(201, { ...response, clientState: request.clientState });
    const { client } = makeClient();
    const created = await client.createSubscription(request);
    expect(api.isDone()).toBe(true);
    expect(created).toMatchObject({
      id: SUB_ID,
      resource: 'Users',
      changeType: 'updated,deleted',
      clientState: 'c1ient-state-7f3e9a2b',
    });
  });

  it('renews with PATCH expirationDateTime', async () => {
    const api = graph()
      .patch(`/v1.0/subscriptions/${SUB_ID}`, { expirationDateTime: '2025-01-20T00:00:00.000Z' })
      .reply(200, { ...response, expirationDateTime: '2025-01-20T00:00:00Z' });
    const { client } = makeClient();
    await expect(client.renewSubscription(SUB_ID, new Date('2025-01-20T00:00:00Z'))).resolves.toMatchObject({
      expirationDateTime: '2025-01-20T00:00:00Z',
    });
    expect(api.isDone()).toBe(true);
  });

  it('reauthorizes with POST …/reauthorize (204)', async () => {
    const api = graph().post(`/v1.0/subscriptions/${SUB_ID}/reauthorize`).reply(204);
    const { client } = makeClient();
    await expect(client.reauthorizeSubscription(SUB_ID)).resolves.toBeUndefined();
    expect(api.isDone()).toBe(true);
  });

  it('deletes, and reports an already-missing subscription as false', async () => {
    graph().delete(`/v1.0/subscriptions/${SUB_ID}`).reply(204);
    graph()
      .delete('/v1.0/subscriptions/missing')
      .reply(404, { error: { code: 'ResourceNotFound', message: 'gone' } });
    const { client } = makeClient();
    await expect(client.deleteSubscription(SUB_ID)).resolves.toBe(true);
    await expect(client.deleteSubscription('missing')).resolves.toBe(false);
  });

  it('lists and gets (undefined on 404)', async () => {
    graph()
      .get('/v1.0/subscriptions')
      .reply(200, { value: [response] });
    graph().get(`/v1.0/subscriptions/${SUB_ID}`).reply(200, response);
    graph()
      .get('/v1.0/subscriptions/missing')
      .reply(404, { error: { code: 'ResourceNotFound', message: 'gone' } });
    const { client } = makeClient();
    await expect(client.listSubscriptions()).resolves.toMatchObject([{ id: SUB_ID, clientState: null }]);
    await expect(client.getSubscription(SUB_ID)).resolves.toMatchObject({
      id: SUB_ID,
      lifecycleNotificationUrl: expect.any(String),
    });
    await expect(client.getSubscription('missing')).resolves.toBeUndefined();
  });
});
