/**
 * The local host's emulation of the Functions triggers, with synthetic functions: HTTP requests
 * reach the handler as a v4 HttpRequest; queue messages are decoded, retried and poisoned as the
 * host does (on Azurite); timers fire on their NCRONTAB schedule.
 */
import type { AddressInfo } from 'node:net';
import { QueueServiceClient } from '@azure/storage-queue';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createLocalHttpServer } from '../../local/http-server.js';
import { startQueuePollers, type RunningQueues } from '../../local/queues.js';
import { startTimers } from '../../local/timers.js';
import type { HttpFunction, QueueFunction, TimerFunction } from '../../shared/host/registry.js';
import { silentLogger } from '../../shared/logger.js';

const until = async (check: () => boolean | Promise<boolean>, ms = 15_000) => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met in time');
};

describe('local HTTP server', () => {
  it('passes method, route params, query, headers and body to the handler and returns its response', async () => {
    const echo: HttpFunction = {
      kind: 'http',
      name: 'echo',
      route: 'things/{id}',
      methods: ['POST'],
      authLevel: 'anonymous',
      handler: async (req) => ({
        status: 201,
        jsonBody: { id: req.params.id, q: req.query.get('q'), h: req.headers.get('x-test'), body: await req.json() },
      }),
    };
    const server = createLocalHttpServer({ functions: [echo], routePrefix: 'api', logger: silentLogger });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const res = await fetch(`${base}/api/things/LAPTOP-42?q=x`, {
        method: 'POST',
        headers: { 'x-test': 'yes', 'content-type': 'application/json' },
        body: '{"a":1}',
      });
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ id: 'LAPTOP-42', q: 'x', h: 'yes', body: { a: 1 } });
      expect((await fetch(`${base}/api/things/1`)).status).toBe(405);
      expect((await fetch(`${base}/api/nothing`)).status).toBe(404);
      expect((await fetch(`${base}/things/1`, { method: 'POST' })).status).toBe(404);
    } finally {
      server.close();
    }
  });
});

describe('local queue trigger', () => {
  let queues: RunningQueues | undefined;
  afterEach(async () => {
    await queues?.stop();
  });

  it('delivers base64 JSON messages decoded, retries failures and moves them to <queue>-poison after maxDequeueCount', async () => {
    const cs = inject('azuriteConnectionString');
    const name = `local-host-${Date.now()}`;
    const service = QueueServiceClient.fromConnectionString(cs);
    const q = service.getQueueClient(name);
    await q.createIfNotExists();
    const seen: { body: unknown; dequeueCount: unknown }[] = [];
    const fn: QueueFunction = {
      kind: 'queue',
      name: 'worker',
      queueName: name,
      handler: (body, ctx) => {
        seen.push({ body, dequeueCount: ctx.triggerMetadata?.dequeueCount });
        if ((body as { fail?: boolean }).fail) throw new Error('boom');
      },
    };
    queues = startQueuePollers(
      [fn],
      cs,
      {
        maxPollingIntervalMs: 200,
        visibilityTimeoutMs: 1_000,
        batchSize: 4,
        maxDequeueCount: 3,
        messageEncoding: 'base64',
      },
      silentLogger,
    );
    await q.sendMessage(Buffer.from(JSON.stringify({ ok: 1 })).toString('base64'));
    await q.sendMessage(Buffer.from(JSON.stringify({ fail: true })).toString('base64'));

    await until(
      async () =>
        (await service.getQueueClient(`${name}-poison`).exists()) &&
        (await service.getQueueClient(`${name}-poison`).peekMessages()).peekedMessageItems.length === 1,
    );
    expect(seen.filter((s) => (s.body as { ok?: number }).ok === 1)).toHaveLength(1);
    expect(seen.filter((s) => (s.body as { fail?: boolean }).fail).map((s) => s.dequeueCount)).toEqual([1, 2, 3]);
    const poisoned = (await service.getQueueClient(`${name}-poison`).peekMessages()).peekedMessageItems[0]!;
    expect(JSON.parse(Buffer.from(poisoned.messageText, 'base64').toString())).toEqual({ fail: true });
    expect((await q.peekMessages()).peekedMessageItems).toHaveLength(0);
  }, 30_000);

  it('like the host: a run longer than visibilityTimeout is not handed out twice, and it does not hold up the rest of its batch', async () => {
    const cs = inject('azuriteConnectionString');
    const name = `local-slow-${Date.now()}`;
    const q = QueueServiceClient.fromConnectionString(cs).getQueueClient(name);
    await q.createIfNotExists();
    const started: string[] = [];
    const finished: string[] = [];
    const fn: QueueFunction = {
      kind: 'queue',
      name: 'worker',
      queueName: name,
      handler: async (body) => {
        const id = (body as { id: string }).id;
        started.push(id);
        await new Promise((r) => setTimeout(r, id === 'slow' ? 2_500 : 50));
        finished.push(id);
      },
    };
    await q.sendMessage(Buffer.from(JSON.stringify({ id: 'slow' })).toString('base64'));
    for (let i = 0; i < 6; i++)
      await q.sendMessage(Buffer.from(JSON.stringify({ id: `fast-${i}` })).toString('base64'));
    queues = startQueuePollers(
      [fn],
      cs,
      {
        maxPollingIntervalMs: 100,
        visibilityTimeoutMs: 1_000,
        batchSize: 2,
        newBatchThreshold: 1,
        maxDequeueCount: 3,
        messageEncoding: 'base64',
      },
      silentLogger,
    );

    await until(() => Promise.resolve(finished.length === 7), 20_000);
    // The slow one ran once although it outlived the 1 s visibilityTimeout, and finished last.
    expect(started.filter((id) => id === 'slow')).toEqual(['slow']);
    expect(finished.at(-1)).toBe('slow');
    expect(started).toHaveLength(7);
    expect((await q.peekMessages()).peekedMessageItems).toHaveLength(0);
  }, 30_000);
});

describe('local timers', () => {
  it('fire on a six-field NCRONTAB schedule and can be run on demand', async () => {
    const runs: string[] = [];
    const fn: TimerFunction = {
      kind: 'timer',
      name: 'tick',
      schedule: '* * * * * *',
      handler: (timer) => {
        runs.push(timer.scheduleStatus.next);
      },
    };
    const timers = startTimers([fn], silentLogger);
    try {
      await until(() => runs.length >= 2, 5_000);
      await timers.runNow('tick');
      expect(runs.length).toBeGreaterThanOrEqual(3);
      await expect(timers.runNow('missing')).rejects.toThrow(/no timer function/);
    } finally {
      timers.stop();
    }
  });
});
