/**
 * Emulates the Functions queue trigger for the local host: polls each queue, decodes messages the
 * way the host does (base64, then JSON when it parses), calls the handler, deletes on success,
 * and on failure makes the message visible again after `visibilityTimeout`; after
 * `maxDequeueCount` attempts it moves the message to `<queue>-poison`, like the host.
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#poison-messages
 */
import { QueueServiceClient, type DequeuedMessageItem, type QueueClient } from '@azure/storage-queue';
import type { QueueFunction } from '../shared/host/registry.js';
import type { Logger } from '../shared/logger.js';
import { localContext } from './context.js';
import type { HostSettings } from './host-settings.js';

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
    let delay = 100;
    while (!stopped) {
      let got = 0;
      try {
        const { receivedMessageItems } = await queue.receiveMessages({
          numberOfMessages: settings.batchSize,
          visibilityTimeout: Math.ceil(settings.visibilityTimeoutMs / 1000),
        });
        got = receivedMessageItems.length;
        await Promise.all(receivedMessageItems.map((m) => process(fn, queue, poison, m)));
      } catch (err) {
        logger.warn('queue poll failed', { queue: fn.queueName, error: err instanceof Error ? err : String(err) });
      }
      if (got === 0) {
        idle.add(fn.name);
        if (idle.size === functions.length) idleWaiters.splice(0).forEach((w) => w());
        delay = Math.min(delay * 2, settings.maxPollingIntervalMs);
        await new Promise((r) => setTimeout(r, delay));
      } else {
        idle.delete(fn.name);
        delay = 100;
      }
    }
  });

  async function process(fn: QueueFunction, queue: QueueClient, poison: QueueClient, m: DequeuedMessageItem): Promise<void> {
    const context = localContext(fn.name, logger, {
      triggerMetadata: { id: m.messageId, dequeueCount: m.dequeueCount, insertionTime: m.insertedOn, popReceipt: m.popReceipt },
    });
    try {
      await fn.handler(decodeQueueMessage(m.messageText, settings.messageEncoding), context);
      await queue.deleteMessage(m.messageId, m.popReceipt);
    } catch (err) {
      logger.warn('queue function failed', { function: fn.name, dequeueCount: m.dequeueCount, error: err instanceof Error ? err : String(err) });
      if (m.dequeueCount >= settings.maxDequeueCount) {
        await poison.createIfNotExists();
        await poison.sendMessage(m.messageText);
        await queue.deleteMessage(m.messageId, m.popReceipt);
        logger.error('message moved to the poison queue', { queue: fn.queueName, messageId: m.messageId });
      } else {
        // Visible again after the configured backoff: the retry, as the host would schedule it.
        await queue.updateMessage(m.messageId, m.popReceipt, undefined, Math.ceil(settings.visibilityTimeoutMs / 1000));
      }
    }
  }

  return {
    stop: async () => { stopped = true; await Promise.allSettled(loops); },
    drained: () => new Promise<void>((resolve) => {
      idle.clear();
      idleWaiters.push(resolve);
    }),
  };
}
