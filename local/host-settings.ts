/**
 * Reads host.json so the local host retries queue messages with the same settings as Azure
 * (maxDequeueCount, visibilityTimeout) and serves routes under the same prefix.
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue#host-json
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const timespan = z
  .string()
  .regex(/^\d{2}:\d{2}:\d{2}$/)
  .transform((v) => {
    const [h, m, s] = v.split(':').map(Number) as [number, number, number];
    return ((h * 60 + m) * 60 + s) * 1000;
  });

const hostJsonSchema = z.object({
  functionTimeout: timespan,
  extensions: z.object({
    queues: z.object({
      maxPollingInterval: timespan,
      visibilityTimeout: timespan,
      batchSize: z.number().int().min(1).max(32),
      newBatchThreshold: z.number().int().min(0).optional(),
      maxDequeueCount: z.number().int().min(1),
      messageEncoding: z.enum(['base64', 'none']),
    }),
    http: z.object({ routePrefix: z.string() }),
  }),
});

export type HostSettings = {
  functionTimeoutMs: number;
  queues: {
    maxPollingIntervalMs: number;
    visibilityTimeoutMs: number;
    batchSize: number;
    /** Fetch the next batch when this few messages are still in flight (host default: batchSize / 2). */
    newBatchThreshold?: number;
    maxDequeueCount: number;
    messageEncoding: 'base64' | 'none';
  };
  routePrefix: string;
};

export function readHostSettings(path: string | URL): HostSettings {
  const parsed = hostJsonSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  const q = parsed.extensions.queues;
  return {
    functionTimeoutMs: parsed.functionTimeout,
    queues: {
      maxPollingIntervalMs: q.maxPollingInterval,
      visibilityTimeoutMs: q.visibilityTimeout,
      batchSize: q.batchSize,
      newBatchThreshold: q.newBatchThreshold ?? Math.floor(q.batchSize / 2),
      maxDequeueCount: q.maxDequeueCount,
      messageEncoding: q.messageEncoding,
    },
    routePrefix: parsed.extensions.http.routePrefix,
  };
}
