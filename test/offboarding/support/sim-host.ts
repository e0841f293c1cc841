/**
 * The Functions host on a simulated clock, for tests of what happens over hours: the offboarding
 * queues on Azurite are delivered tick by tick (one tick = the host's 30 s visibility timeout, so a
 * failed message is tried again on the next tick), a message that failed `maxDequeueCount` (5)
 * times is moved to `<queue>-poison` and handed to the poison handler, and the retry timer runs
 * once per simulated minute. Every use-case gets a context whose clock is the simulated one, and an
 * admin NetBird client whose retry back-off does not really wait (the client's `sleep` option).
 * Everything else is real: the queues, the tables, NetBird and Graph at the wire.
 */
import { QueueServiceClient } from '@azure/storage-queue';
import { NetBirdClient } from '../../../shared/netbird/index.js';
import { offboardingContext, type OffboardingContext } from '../../../shared/offboarding/context.js';
import { handlePoison } from '../../../shared/offboarding/poison.js';
import { processUserCheck } from '../../../shared/offboarding/process-check.js';
import { processWork } from '../../../shared/offboarding/process-work.js';
import { runRetries } from '../../../shared/offboarding/retry.js';
import { getServices } from '../../../functions/root/services.js';
import type { TypedQueue } from '../../../shared/store/queue.js';

export const TICK_MS = 30_000;
const MAX_DEQUEUE_COUNT = 5;

export interface SimHost {
  ctx: OffboardingContext;
  now(): Date;
  /** Advances the clock tick by tick for `minutes`, delivering queues and running the retry timer. */
  run(minutes: number, until?: () => Promise<boolean>): Promise<void>;
  poisoned: number;
}

export function simHost(connectionString: string, start = Date.now()): SimHost {
  let now = start;
  const base = getServices();
  const { config, logger } = base;
  const netbirdAdmin = new NetBirdClient({
    baseUrl: config.netbird.apiUrl,
    token: config.netbird.adminToken,
    idp: config.netbird.idp,
    logger,
    sleep: () => Promise.resolve(),
  });
  const ctx = offboardingContext({ ...base, netbirdAdmin }, { now: () => new Date(now) });
  const raw = QueueServiceClient.fromConnectionString(connectionString);
  const host: SimHost = { ctx, now: () => new Date(now), run, poisoned: 0 };

  async function deliver<T>(
    queue: TypedQueue<T>,
    handle: (body: T, owner: string, attempt: number) => Promise<unknown>,
  ): Promise<void> {
    for (;;) {
      const messages = await queue.receive(32, 600);
      if (messages.length === 0) return;
      for (const m of messages) {
        try {
          if (!m.ok) throw m.error;
          await handle(m.body, `message:${m.messageId}`, m.dequeueCount);
          await queue.delete(m);
        } catch {
          if (m.dequeueCount >= MAX_DEQUEUE_COUNT) {
            await queue.moveToPoison(m);
            host.poisoned++;
            for (const p of await queue.poisonQueue().receive(32, 600)) {
              await handlePoison(ctx, queue.poisonQueue().name, p.ok ? p.body : p.text, m.dequeueCount);
              await queue.poisonQueue().delete(p);
            }
          } else {
            // Hidden until the next tick; here, visible again at once but not received again in this tick.
            failed.push({ queue: queue.name, messageId: m.messageId, popReceipt: m.popReceipt });
          }
        }
      }
    }
  }

  let failed: { queue: string; messageId: string; popReceipt: string }[] = [];

  async function tick(): Promise<void> {
    failed = [];
    await deliver(ctx.storage.checks, (body, owner, attempt) => processUserCheck(ctx, body, owner, attempt));
    await deliver(ctx.storage.work, (body, owner, attempt) => processWork(ctx, body, owner, attempt));
    // The visibility timeout of the failed ones runs out: they come back on the next tick.
    for (const f of failed) await raw.getQueueClient(f.queue).updateMessage(f.messageId, f.popReceipt, undefined, 0);
  }

  async function run(minutes: number, until?: () => Promise<boolean>): Promise<void> {
    const end = now + minutes * 60_000;
    while (now < end) {
      await tick();
      if (now % 60_000 < TICK_MS) await runRetries(ctx);
      if (until && (await until())) return;
      now += TICK_MS;
    }
  }

  return host;
}
