/**
 * Reads host.json so the local host retries queue messages with the same settings as Azure
 * (maxDequeueCount, visibilityTimeout) and serves routes under the same prefix. App settings named
 * `AzureFunctionsJobHost__<path>` override it, as in Azure.
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

/** App settings that override host.json, as the Functions host reads them. */
const OVERRIDE_PREFIX = 'AzureFunctionsJobHost__';

/**
 * Applies `AzureFunctionsJobHost__extensions__queues__batchSize=32`-style app settings over the
 * parsed host.json, as Azure does, so an install can tune the host without redeploying
 * (https://learn.microsoft.com/azure/azure-functions/functions-host-json#override-hostjson-values).
 * Keys match case-insensitively; a value replacing a number or a boolean is read as one.
 */
function applyOverrides(json: unknown, env: NodeJS.ProcessEnv): unknown {
  for (const [name, raw] of Object.entries(env)) {
    if (raw === undefined || !name.toLowerCase().startsWith(OVERRIDE_PREFIX.toLowerCase())) continue;
    const path = name.slice(OVERRIDE_PREFIX.length).split('__');
    let node = json as Record<string, unknown>;
    for (const [i, part] of path.entries()) {
      const key = Object.keys(node).find((k) => k.toLowerCase() === part.toLowerCase()) ?? part;
      if (i === path.length - 1) {
        const was = node[key];
        node[key] =
          typeof was === 'number' ? Number(raw) : typeof was === 'boolean' ? raw.toLowerCase() === 'true' : raw;
      } else {
        const next = node[key];
        if (next === null || typeof next !== 'object') node[key] = {};
        node = node[key] as Record<string, unknown>;
      }
    }
  }
  return json;
}

export function readHostSettings(path: string | URL, env: NodeJS.ProcessEnv = process.env): HostSettings {
  const json = applyOverrides(JSON.parse(readFileSync(path, 'utf8')), env);
  const result = hostJsonSchema.safeParse(json);
  if (!result.success) {
    const bad = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`host.json (with any ${OVERRIDE_PREFIX}* app settings over it) is not valid: ${bad}`);
  }
  const parsed = result.data;
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
