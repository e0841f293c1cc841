/**
 * A `fetch` that gives every attempt its own timeout and retries what is worth retrying.
 *
 * Generic: the NetBird client uses it, and any other client (Graph, Bot Framework) can too. It has
 * the same signature as `fetch`, so it plugs into openapi-fetch's `fetch` option or anything else.
 *
 * What is retried, and why:
 * - 429 and 503, for every method: the server says it did not do the work ("slow down", "not now"),
 *   so repeating even a POST cannot apply it twice. `Retry-After` (seconds or HTTP date) is
 *   honoured, capped at `maxRetryAfterMs` so one header cannot park a function for an hour.
 * - Other 5xx (except 501, which will not change) and timeouts/network failures, for idempotent
 *   methods only (GET, HEAD, OPTIONS, PUT, DELETE; RFC 9110 §9.2.2,
 *   https://www.rfc-editor.org/rfc/rfc9110#name-idempotent-methods): the request may have been
 *   applied, and only an idempotent one can safely be sent again.
 * - POST and PATCH after a network failure only when the connection was never made (refused, DNS,
 *   unreachable): the request did not leave this machine. A timeout or reset mid-request is not
 *   retried for them: the server may have applied it.
 * - Never any other 4xx: the request is wrong and will stay wrong. Never after the caller's own
 *   signal aborted.
 *
 * Delays between attempts are exponential with "equal jitter" (half fixed, half random), so a crowd
 * of clients does not retry in lockstep
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 * When retries run out, the last response is returned (the caller maps its status) or the last
 * error is thrown, exactly as plain `fetch` would.
 */
import { withCancelScope } from './cancel-scope.js';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../logger.js';
import { parseRetryAfter } from './retry-after.js';

export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
export type Sleep = (ms: number) => Promise<void>;

export interface RetryOptions {
  /**
   * Per-attempt timeout. Default 10 s. It also bounds reading the body of the answer returned, but
   * a body that stalls after the headers arrived is not retried (the answer was already handed over).
   */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3 (so at most 4 attempts). */
  maxRetries?: number;
  /** First backoff ceiling; doubles per retry. Default 250 ms. */
  baseDelayMs?: number;
  /** Largest computed backoff. Default 8 s. */
  maxDelayMs?: number;
  /** Largest `Retry-After` honoured; longer values are cut to this. Default 30 s. */
  maxRetryAfterMs?: number;
  /** Injected so tests need not wait; defaults to a real timer. */
  sleep?: Sleep;
  /** Injected so tests get deterministic jitter; defaults to Math.random. */
  random?: () => number;
  /** Clock used to turn an HTTP-date `Retry-After` into a delay. */
  now?: () => number;
  /** The underlying fetch; defaults to the global one (which nock intercepts in tests). */
  fetch?: FetchLike;
  /** Receives one warning per retry (method, path, reason, delay); never headers or bodies. */
  logger?: Logger;
}

export const RETRY_DEFAULTS = {
  timeoutMs: 10_000,
  maxRetries: 3,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
} as const;

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Error codes meaning no connection was made, so nothing reached the server. */
const CONNECT_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

export function isRetryableStatus(status: number, method: string): boolean {
  if (status === 429 || status === 503) return true;
  return status >= 500 && status !== 501 && isIdempotent(method);
}

/** The `code` of an error or of any error in its `cause` chain (undici puts it on the cause). */
export function errorCode(err: unknown): string | undefined {
  for (
    let e: unknown = err, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

export function isTimeoutError(err: unknown): boolean {
  return err instanceof Error && err.name === 'TimeoutError';
}

export function isConnectError(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && CONNECT_ERROR_CODES.has(code);
}

/** Exponential backoff with equal jitter: a value in [ceiling/2, ceiling], ceiling = min(max, base·2^retry). */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function createRetryingFetch(options: RetryOptions = {}): FetchLike {
  const timeoutMs = options.timeoutMs ?? RETRY_DEFAULTS.timeoutMs;
  const maxRetries = options.maxRetries ?? RETRY_DEFAULTS.maxRetries;
  const baseDelayMs = options.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs;
  const maxDelayMs = options.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? RETRY_DEFAULTS.maxRetryAfterMs;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const logger = options.logger;

  return async function retryingFetch(input, init) {
    // One template request; each attempt sends a clone, because a body can be read only once.
    const template = new Request(input, init);
    const method = template.method.toUpperCase();
    // The caller's signal, and the cancellation scope's (cancel-scope.ts) when there is one.
    const callerSignal = withCancelScope(template.signal);
    const path = new URL(template.url).pathname;

    for (let retry = 0; ; retry++) {
      const signal = AbortSignal.any([callerSignal, AbortSignal.timeout(timeoutMs)]);
      let response: Response;
      try {
        response = await fetchImpl(template.clone(), { signal });
      } catch (error) {
        if (callerSignal.aborted) throw error;
        const timedOut = isTimeoutError(error);
        const safe = isIdempotent(method) || (!timedOut && isConnectError(error));
        if (!safe || retry >= maxRetries) throw error;
        const waitMs = backoffDelay(retry, baseDelayMs, maxDelayMs, random);
        const reason = timedOut ? `timeout after ${timeoutMs} ms` : `network error ${errorCode(error) ?? 'unknown'}`;
        logger?.warn('HTTP request failed; retrying', { method, path, attempt: retry + 1, reason, delayMs: waitMs });
        await sleep(waitMs);
        callerSignal.throwIfAborted();
        continue;
      }

      if (!isRetryableStatus(response.status, method) || retry >= maxRetries) return response;
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
      const waitMs =
        retryAfterMs === undefined
          ? backoffDelay(retry, baseDelayMs, maxDelayMs, random)
          : Math.min(retryAfterMs, maxRetryAfterMs);
      // Release the connection: the body of a response we will not use is otherwise kept open.
      await response.body?.cancel().catch(() => undefined);
      logger?.warn('HTTP request answered with a retryable status; retrying', {
        method,
        path,
        attempt: retry + 1,
        status: response.status,
        retryAfterMs,
        delayMs: waitMs,
      });
      await sleep(waitMs);
      callerSignal.throwIfAborted();
    }
  };
}
