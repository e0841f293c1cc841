/**
 * Health ping and failure mapping: an unreachable account is a StorageError that never carries
 * the account key.
 */
import { describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { StorageError } from '../../shared/errors.js';
import { freePort } from '../../local/azurite.js';
import { parseConnectionString } from '../../shared/store/connection.js';
import { pingStorage } from '../../shared/store/health.js';
import { TypedQueue } from '../../shared/store/queue.js';
import { EntityTable } from '../../shared/store/table.js';

const cs = inject('azuriteConnectionString');
const accountKey = parseConnectionString(cs).get('accountkey')!;

/** The Azurite connection string pointed at a port nothing listens on. */
async function closedPortConnectionString(): Promise<string> {
  const port = await freePort();
  return cs.replace(/(Table|Queue|Blob)Endpoint=http:\/\/127\.0\.0\.1:\d+/g, `$1Endpoint=http://127.0.0.1:${port}`);
}

async function failure(promise: Promise<unknown>): Promise<StorageError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StorageError);
  const e = err as StorageError;
  expect(e.message).not.toContain(accountKey);
  expect(JSON.stringify(e)).not.toContain(accountKey);
  expect(e.cause).toBeUndefined();
  return e;
}

describe('pingStorage', () => {
  it('reports ok and latency when Azurite answers', async () => {
    const health = await pingStorage(cs);
    expect(health.ok).toBe(true);
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
    expect(health.services.tables).toBeGreaterThanOrEqual(0);
    expect(health.services.queues).toBeGreaterThanOrEqual(0);
  });

  it('throws StorageError without the key when storage is unreachable', async () => {
    const e = await failure(pingStorage(await closedPortConnectionString(), { timeoutMs: 3_000 }));
    expect(e.message).toMatch(/ECONNREFUSED|did not answer/);
  });

  it('throws StorageError without the key when the key is wrong', async () => {
    const wrong = cs.replace(accountKey, Buffer.from('x'.repeat(64)).toString('base64'));
    const e = await failure(pingStorage(wrong));
    expect(e.message).toMatch(/HTTP 403/);
    expect(e.message).not.toContain(Buffer.from('x'.repeat(64)).toString('base64'));
  });

  it('throws StorageError for a malformed connection string', async () => {
    await failure(pingStorage('AccountName=x;AccountKey=c2VjcmV0c2VjcmV0'));
  });
});

describe('adapters on an unreachable account', () => {
  it('tables and queues fail with StorageError, not a raw SDK error', async () => {
    const dead = await closedPortConnectionString();
    const table = EntityTable.fromConnectionString(dead, 'tstUnreachable', {
      schema: z.object({ n: z.number() }),
      clientOptions: { retryOptions: { maxRetries: 0 } },
    });
    const e1 = await failure(table.get('p', 'r'));
    expect(e1.message).toMatch(/create table tstUnreachable failed: no answer/);
    const queue = TypedQueue.fromConnectionString(dead, 'tst-unreachable', {
      schema: z.object({ n: z.number() }),
      clientOptions: { retryOptions: { maxTries: 1 } },
    });
    await failure(queue.send({ n: 1 }));
  });
});
