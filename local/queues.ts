/**
 * Emulates the Functions queue trigger for the local host: polls each queue, runs up to
 * batchSize + newBatchThreshold messages at once, decodes them the way the host does (base64, then
 * JSON when it parses), calls the handler, deletes on success, and on failure makes the message
 * visible again after `visibilityTimeout`; after `maxDequeueCount` attempts it moves the message
 * to `<queue>-poison`, like the host.
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#poison-messages
 */
import { QueueServiceClient, type DequeuedMessageItem, type QueueClient } from '@azure/storage-queue';
import type { QueueFunction } from '../shared/host/registry.js';
import type { Logger } from '../shared/logger.js';
import { localContext } from './context.js';
import type { HostSettings } from './host-settings.js';

/**
 * How long a message stays hidden once received, renewed at half-time while its function runs:
 * the host does the same (10 minutes), so a slow run is never handed to a second worker.
 * `visibilityTimeout` in host.json is only the delay before a failed message is retried.
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue#host-json
 */
const LEASE_SECONDS = 600;

export interface RunningQueues {
  stop(): Promise<void>;
  /** Resolves when every queue has been polled empty once (tests and demos use it to settle). */
  drained(): Promise<void>;
}

export function decodeQueueMessage(text: string, encoding: 'base64' | 'none'): unknown {
  const raw = encoding === 'base64' ? Buffer.from(text, 'base64').toString('utf8') : text;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

export function startQueuePollers(
  functions: QueueFunction[],
  connectionString: string,
  settings: HostSettings['queues'],
  logger: Logger,
): RunningQueues {
  const service = QueueServiceClient.fromConnectionString(connectionString);
  let stopped = false;
  const idleWaiters: (() => void)[] = [];
  const idle = new Set<string>();

  const loops = functions.map(async (fn) => {
    const queue = service.getQueueClient(fn.queueName);
    const poison = service.getQueueClient(`${fn.queueName}-poison`);
    await queue.createIfNotExists();
    // Like the host: the next batch is fetched once no more than newBatchThreshold messages are
    // still running, so one slow message never holds up the rest of its batch (at most
    // batchSize + newBatchThreshold run at once).
    const threshold = settings.newBatchThreshold ?? Math.floor(settings.batchSize / 2);
    const running = new Set<Promise<void>>();
    let delay = 100;
    while (!stopped) {
      if (running.size > threshold) {
        await Promise.race(running);
        continue;
      }
      let got = 0;
      try {
        const { receivedMessageItems } = await queue.receiveMessages({
          numberOfMessages: settings.batchSize,
          visibilityTimeout: LEASE_SECONDS,
        });
        got = receivedMessageItems.length;
        for (const m of receivedMessageItems) {
          const run = process(fn, queue, poison, m).catch((err: unknown) => {
            logger.warn('queue message handling failed', {
              queue: fn.queueName,
              error: err instanceof Error ? err : String(err),
            });
          });
          running.add(run);
          void run.finally(() => running.delete(run));
        }
      } catch (err) {
        logger.warn('queue poll failed', { queue: fn.queueName, error: err instanceof Error ? err : String(err) });
      }
      if (got === 0 && running.size === 0) {
        idle.add(fn.name);
        if (idle.size === functions.length) idleWaiters.splice(0).forEach((w) => w());
      }
      if (got === 0) {
        delay = Math.min(delay * 2, settings.maxPollingIntervalMs);
        await new Promise((r) => setTimeout(r, delay));
      } else {
        idle.delete(fn.name);
        delay = 100;
      }
    }
    await Promise.allSettled(running);
  });

  async function process(
    fn: QueueFunction,
    queue: QueueClient,
    poison: QueueClient,
    m: DequeuedMessageItem,
  ): Promise<void> {
    const context = localContext(fn.name, logger, {
      triggerMetadata: {
        id: m.messageId,
        dequeueCount: m.dequeueCount,
        insertionTime: m.insertedOn,
        popReceipt: m.popReceipt,
      },
    });
    // Keep the message hidden while it runs, however long (each renewal gives a new pop receipt).
    let popReceipt = m.popReceipt;
    const renew = setInterval(
      () => {
        queue
          .updateMessage(m.messageId, popReceipt, undefined, LEASE_SECONDS)
          .then((r) => {
            if (r.popReceipt) popReceipt = r.popReceipt;
          })
          .catch((err: unknown) =>
            logger.warn("could not extend a running message's lease", {
              queue: fn.queueName,
              error: err instanceof Error ? err : String(err),
            }),
          );
      },
      (LEASE_SECONDS * 1000) / 2,
    );
    let failure: Error | undefined;
    try {
      await fn.handler(decodeQueueMessage(m.messageText, settings.messageEncoding), context);
    } catch (err) {
      failure = err instanceof Error ? err : new Error(String(err));
    } finally {
      clearInterval(renew);
    }
    if (failure === undefined) {
      await queue.deleteMessage(m.messageId, popReceipt);
      return;
    }
    logger.warn('queue function failed', { function: fn.name, dequeueCount: m.dequeueCount, error: failure });
    if (m.dequeueCount >= settings.maxDequeueCount) {
      await poison.createIfNotExists();
      await poison.sendMessage(m.messageText);
      await queue.deleteMessage(m.messageId, popReceipt);
      logger.error('message moved to the poison queue', { queue: fn.queueName, messageId: m.messageId });
    } else {
      // Visible again after visibilityTimeout: the retry, as the host schedules it.
      await queue.updateMessage(m.messageId, popReceipt, undefined, Math.ceil(settings.visibilityTimeoutMs / 1000));
    }
  }

  return {
    stop: async () => {
      stopped = true;
      await Promise.allSettled(loops);
    },
    drained: () =>
      new Promise<void>((resolve) => {
        idle.clear();
        idleWaiters.push(resolve);
      }),
  };
}
