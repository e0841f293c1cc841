/**
 * Subscriptions and change notifications against a local webhook receiver: the create performs
 * Graph's validation handshake, and disabling or deleting a user POSTs a change notification with
 * the subscription's clientState and the user's id, as Graph does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createConsole } from '../../local/console/server.js';
import { MAX_USER_SUBSCRIPTION_MINUTES } from '../../shared/graph/index.js';
import { silentLogger } from '../../shared/logger.js';
import { useWorld } from './support.js';

const ctx = useWorld();

interface Received {
  path: string;
  query: URLSearchParams;
  contentType: string | undefined;
  body: string;
}

/** A webhook that does the handshake right on /good, wrongly on /bad-echo and /slow-404. */
class Receiver {
  readonly received: Received[] = [];
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      this.received.push({
        path: url.pathname,
        query: url.searchParams,
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const token = url.searchParams.get('validationToken');
      if (url.pathname === '/missing') {
        res.writeHead(404).end();
      } else if (token !== null) {
        res
          .writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
          .end(url.pathname === '/bad-echo' ? 'nope' : token);
      } else {
        res.writeHead(202).end();
      }
    });
  });
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  notifications(): { value: Record<string, unknown>[] }[] {
    return this.received
      .filter((r) => r.path === '/notify' && !r.query.has('validationToken'))
      .map((r) => JSON.parse(r.body) as { value: Record<string, unknown>[] });
  }
}

const receiver = new Receiver();
beforeAll(() => receiver.start());
afterAll(() => receiver.stop());
beforeEach(() => {
  receiver.received.length = 0;
});

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const CLIENT_STATE = 'demo-client-state-0123456789abcdef';

function create(overrides: Record<string, string> = {}) {
  return ctx.services.graph.createSubscription({
    changeType: 'updated,deleted',
    resource: 'users',
    notificationUrl: `${receiver.url}/notify?code=function-key`,
    lifecycleNotificationUrl: `${receiver.url}/lifecycle`,
    expirationDateTime: inMinutes(MAX_USER_SUBSCRIPTION_MINUTES - 30),
    clientState: CLIENT_STATE,
    latestSupportedTlsVersion: 'v1_2',
    ...overrides,
  });
}

describe('Graph simulator: subscriptions', () => {
  it('validates both URLs with the handshake on create, then lists the subscription without its clientState', async () => {
    const sub = await create();
    expect(sub).toMatchObject({
      resource: 'users',
      changeType: 'updated,deleted',
      clientState: CLIENT_STATE,
      applicationId: ctx.world.env.GRAPH_CLIENT_ID,
    });
    const handshakes = receiver.received.filter((r) => r.query.has('validationToken'));
    expect(handshakes.map((h) => h.path)).toEqual(['/notify', '/lifecycle']);
    expect(handshakes[0]!.query.get('code')).toBe('function-key');
    expect(handshakes[0]!.query.get('validationToken')).toMatch(
      /^Validation: Testing client application reachability for subscription Request-Id: [0-9a-f-]{36}$/,
    );
    const listed = await ctx.services.graph.listSubscriptions();
    expect(listed.find((s) => s.id === sub.id)).toMatchObject({
      clientState: null,
      notificationUrl: `${receiver.url}/notify?code=function-key`,
    });
    expect(await ctx.services.graph.getSubscription(sub.id)).toMatchObject({ id: sub.id, clientState: null });
  });

  it('POSTs a change notification with clientState and resourceData.id when a user is disabled or deleted', async () => {
    const sub = await create();
    receiver.received.length = 0;
    const { someoneElse, leaver } = ctx.world.people;
    await ctx.world.controls.disableUser(someoneElse.id);
    await ctx.world.controls.deleteUser(leaver.id);
    const items = receiver
      .notifications()
      .flatMap((n) => n.value)
      .filter((v) => v.subscriptionId === sub.id);
    expect(items).toEqual([
      expect.objectContaining({
        changeType: 'updated',
        clientState: CLIENT_STATE,
        resource: `Users/${someoneElse.id}`,
        resourceData: expect.objectContaining({ id: someoneElse.id, '@odata.type': '#Microsoft.Graph.User' }),
        tenantId: ctx.world.env.ENTRA_TENANT_ID,
      }),
      expect.objectContaining({
        changeType: 'updated',
        clientState: CLIENT_STATE,
        resourceData: expect.objectContaining({ id: leaver.id }),
      }),
    ]);
    expect(receiver.received.find((r) => r.path === '/notify')?.contentType).toMatch(/^application\/json/);
    const deliveries = ctx.world.graph.state.deliveries.filter((d) => d.subscriptionId === sub.id);
    expect(deliveries.map((d) => [d.userId, d.status])).toEqual([
      [someoneElse.id, 202],
      [leaver.id, 202],
    ]);
    expect(deliveries[0]!.url).toBe(`${receiver.url}/notify`); // the function key is not kept
    const logged = JSON.stringify(ctx.logs);
    expect(logged).toContain('change notification');
    expect(logged).not.toContain(CLIENT_STATE);
    expect(logged).not.toContain('function-key');
  });

  it('fails the create with 400 when the handshake is not answered properly, and keeps nothing', async () => {
    const before = ctx.world.graph.state.subscriptions.size;
    await expect(create({ notificationUrl: `${receiver.url}/bad-echo` })).rejects.toMatchObject({
      upstreamStatus: 400,
      graphCode: 'ValidationError',
    });
    await expect(create({ notificationUrl: `${receiver.url}/missing` })).rejects.toMatchObject({
      upstreamStatus: 400,
      graphMessage: expect.stringContaining('answered 404'),
    });
    await expect(create({ lifecycleNotificationUrl: `${receiver.url}/missing` })).rejects.toMatchObject({
      upstreamStatus: 400,
    });
    expect(ctx.world.graph.state.subscriptions.size).toBe(before);
  });

  it('validates like Graph: users only, updated/deleted only, at most 41,760 minutes, https (http on loopback only)', async () => {
    await expect(create({ expirationDateTime: inMinutes(MAX_USER_SUBSCRIPTION_MINUTES + 5) })).rejects.toMatchObject({
      upstreamStatus: 400,
      graphMessage: expect.stringContaining('41760 minutes'),
    });
    await expect(create({ expirationDateTime: inMinutes(-1) })).rejects.toMatchObject({ upstreamStatus: 400 });
    await expect(create({ changeType: 'created,updated' })).rejects.toMatchObject({ upstreamStatus: 400 });
    await expect(create({ resource: 'groups' })).rejects.toMatchObject({ upstreamStatus: 400 });
    await expect(create({ notificationUrl: 'http://webhook.example.com/notify' })).rejects.toMatchObject({
      upstreamStatus: 400,
    });
    expect(receiver.received).toEqual([]); // refused before any handshake
  });

  it('renews (PATCH), reauthorizes and deletes', async () => {
    const sub = await create();
    const renewed = await ctx.services.graph.renewSubscription(sub.id, inMinutes(MAX_USER_SUBSCRIPTION_MINUTES - 60));
    expect(Date.parse(renewed.expirationDateTime)).toBeLessThan(Date.parse(sub.expirationDateTime));
    await expect(
      ctx.services.graph.renewSubscription(sub.id, inMinutes(MAX_USER_SUBSCRIPTION_MINUTES + 60)),
    ).rejects.toMatchObject({ upstreamStatus: 400 });
    await ctx.services.graph.reauthorizeSubscription(sub.id);
    expect(await ctx.services.graph.deleteSubscription(sub.id)).toBe(true);
    expect(await ctx.services.graph.getSubscription(sub.id)).toBeUndefined();
    expect(await ctx.services.graph.deleteSubscription(sub.id)).toBe(false);
  });

  it('the dev console\'s "enable again" control re-enables a disabled user in Entra and POSTs the notification (a returner)', async () => {
    const sub = await create();
    const { someoneElse } = ctx.world.people;
    await ctx.world.controls.disableUser(someoneElse.id);
    receiver.received.length = 0;
    const { route } = createConsole({
      appUrl: () => 'http://127.0.0.1:9',
      tenantId: ctx.world.env.ENTRA_TENANT_ID ?? '',
      botAppId: undefined,
      itChannelId: 'it',
      people: [],
      controls: { enableUser: (id) => ctx.world.controls.enableUser(id) },
      logger: silentLogger,
    });
    const server = http.createServer((req, res) => {
      void Promise.resolve(route(req, res)).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/console/control`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'enable-user', target: someoneElse.id }),
      });
      expect(response.status).toBe(200);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(await ctx.services.graph.getUser(someoneElse.id)).toMatchObject({
      id: someoneElse.id,
      accountEnabled: true,
    });
    const items = receiver
      .notifications()
      .flatMap((n) => n.value)
      .filter((v) => v.subscriptionId === sub.id);
    expect(items).toEqual([
      expect.objectContaining({
        changeType: 'updated',
        clientState: CLIENT_STATE,
        resourceData: expect.objectContaining({ id: someoneElse.id }),
      }),
    ]);
  });
});
