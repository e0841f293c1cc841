/**
 * JSON batching (`POST /$batch`): up to 20 GET requests in one round trip. Each item is answered on
 * its own, with its own status: a 403 for one item (a permission or licence the app lacks) does not
 * fail the others, so callers get every answer and decide per item.
 *
 * Why the retry here: the SDK's RetryHandler sees only the outer 200 of the batch; an item throttled
 * with 429 (and its Retry-After) is inside the body, so it is resent here, alone with the other
 * throttled items, after the longest Retry-After they asked for.
 * https://learn.microsoft.com/graph/json-batching
 * https://learn.microsoft.com/graph/throttling#throttling-and-batching
 */
import { z } from 'zod';
import { parseRetryAfter } from './errors.js';
import type { GraphTransport } from './transport.js';
import { validate } from './transport.js';

export const MAX_BATCH_ITEMS = 20;
/** Attempts per throttled item before its 429 is handed back to the caller. */
const MAX_ATTEMPTS = 3;
/** A Retry-After longer than this is not waited for inside one request. */
const MAX_WAIT_SECONDS = 30;

export interface BatchItem {
  id: string;
  /** Relative to the API version, with its query: `/users/{id}/managedDevices?$select=…` (graphPath + queryString). */
  url: string;
}

export interface BatchAnswer {
  status: number;
  body: unknown;
  retryAfterSeconds?: number;
}

const responseSchema = z.object({
  responses: z.array(
    z.object({
      id: z.string(),
      status: z.number(),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.unknown().optional(),
    }),
  ),
});

export interface BatchOptions {
  /** Waits between attempts (tests pass a recorder). Default: a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Batch requests in flight at once (default 1: one after another). */
  concurrency?: number;
}

const timer = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends `items` in batches of 20 and returns each item's answer by id. */
export async function batchGet(
  t: GraphTransport,
  items: readonly BatchItem[],
  options: BatchOptions = {},
): Promise<Map<string, BatchAnswer>> {
  const answers = new Map<string, BatchAnswer>();
  const chunks: BatchItem[][] = [];
  for (let i = 0; i < items.length; i += MAX_BATCH_ITEMS) chunks.push(items.slice(i, i + MAX_BATCH_ITEMS));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chunks.length) await sendChunk(t, chunks[next++]!, answers, options.sleep ?? timer);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 1, chunks.length)) }, worker));
  return answers;
}

async function sendChunk(
  t: GraphTransport,
  chunk: readonly BatchItem[],
  answers: Map<string, BatchAnswer>,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  let pending = [...chunk];
  for (let attempt = 1; pending.length > 0; attempt++) {
    const response = await t.send({
      method: 'POST',
      path: '/$batch',
      body: { requests: pending.map((item) => ({ id: item.id, method: 'GET', url: item.url })) },
      headers: { 'content-type': 'application/json' },
    });
    const body = validate('POST', '/$batch', response.status, responseSchema, response.body);
    const throttled: BatchItem[] = [];
    let wait = 0;
    for (const item of pending) {
      const answer = body.responses.find((r) => r.id === item.id);
      if (!answer) {
        answers.set(item.id, { status: 0, body: undefined });
        continue;
      }
      const headers = Object.fromEntries(Object.entries(answer.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      const retryAfterSeconds = parseRetryAfter(headers['retry-after'] ?? null);
      answers.set(item.id, {
        status: answer.status,
        body: answer.body,
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      });
      if (answer.status === 429 && attempt < MAX_ATTEMPTS && (retryAfterSeconds ?? 1) <= MAX_WAIT_SECONDS) {
        throttled.push(item);
        wait = Math.max(wait, retryAfterSeconds ?? 1);
      }
    }
    if (throttled.length > 0) await sleep(wait * 1000);
    pending = throttled;
  }
}
