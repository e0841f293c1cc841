/**
 * Runs the offboarding queue functions the way the Functions host does, without polling: receive
 * each message from Azurite, call the registered handler with the decoded body and the message's
 * id and dequeue count, delete it on success (leave it for a retry on failure). Until both queues
 * are empty, so work queued by work (a decision → cleanup) is done too.
 */
import type { QueueFunction } from '../../../shared/host/registry.js';
import { InvocationContext } from '../../../shared/host/azure-functions.js';
import { offboardingChecks } from '../../../functions/offboarding-checks.js';
import { offboardingWork } from '../../../functions/offboarding-work.js';
import type { TypedQueue } from '../../../shared/store/queue.js';
import { offboardingStorage } from '../../../shared/offboarding/storage.js';

/** Only errors reach the test output. */
const quiet = (level: string, ...args: unknown[]) => {
  if (level === 'error' || level === 'critical') process.stderr.write(`${args.map(String).join(' ')}\n`);
};

export async function deliver<T>(
  fn: QueueFunction,
  queue: TypedQueue<T>,
): Promise<{ done: number; failed: unknown[] }> {
  let done = 0;
  const failed: unknown[] = [];
  for (;;) {
    const messages = await queue.receive(32, 30);
    if (messages.length === 0) return { done, failed };
    for (const m of messages) {
      const context = new InvocationContext({
        functionName: fn.name,
        triggerMetadata: { id: m.messageId, dequeueCount: m.dequeueCount, popReceipt: m.popReceipt },
        logHandler: quiet,
      });
      try {
        await fn.handler(JSON.parse(m.text) as unknown, context);
        await queue.delete(m);
        done++;
      } catch (err) {
        failed.push(err);
      }
    }
    if (failed.length) return { done, failed };
  }
}

/** Processes every queued check and work message (and what they queue) until none is left. */
export async function drainQueues(connectionString: string): Promise<number> {
  const storage = offboardingStorage(connectionString);
  let total = 0;
  for (let round = 0; round < 20; round++) {
    const a = await deliver(offboardingChecks, storage.checks);
    const b = await deliver(offboardingWork, storage.work);
    const failed = [...a.failed, ...b.failed];
    if (failed.length) throw failed[0] instanceof Error ? failed[0] : new Error(String(failed[0]));
    total += a.done + b.done;
    if (a.done + b.done === 0) return total;
  }
  throw new Error('queues did not drain');
}
