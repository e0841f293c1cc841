/**
 * The typed HTTP layer under every NetBird operation: an openapi-fetch client over the generated
 * `paths` (https://openapi-ts.dev/openapi-fetch/), sending through the retrying fetch, and one
 * place that turns an answer into data or a NetBirdError.
 *
 * Auth is `Authorization: Token <PAT>` (the spec's TokenAuth scheme). The token lives only in the
 * header closure of the openapi-fetch client: it is never a field of an object that could be
 * logged, and every error message is scrubbed of it before it is built.
 */
import createClient, { type Client } from 'openapi-fetch';
import { ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';
import { createRetryingFetch, errorCode, isTimeoutError, type FetchLike, type Sleep } from '../http/retry.js';
import { NetBirdError, toErrorBody } from './errors.js';
import type { paths } from './generated/openapi.js';
import { SharedReads } from './shared-reads.js';
import { isWrite, rateLimitedWrites, WriteRateLimiter, type WriteLimiter } from './write-rate.js';

export interface TransportOptions {
  baseUrl: string;
  token: string;
  logger: Logger;
  timeoutMs?: number;
  maxRetries?: number;
  baseDelayMs?: number;
  maxRetryAfterMs?: number;
  sleep?: Sleep;
  fetch?: FetchLike;
  /** Spaces writes to at most this many per second (see write-rate.ts); unset: no limit. */
  writesPerSecond?: number;
  /** Waited for before every write instead (the app's budget shared across instances, services.ts). */
  writeLimiter?: WriteLimiter;
  /** How long a list answer may be reused (see shared-reads.ts). Default 0: only reads in flight are shared. */
  listMaxAgeMs?: number;
}

/** What openapi-fetch resolves to, reduced to what `NetBirdTransport` reads. */
export interface ApiResult<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

export class NetBirdTransport {
  readonly http: Client<paths>;
  private readonly logger: Logger;
  private readonly timeoutMs: number;
  private readonly scrub: (text: string) => string;
  private readonly reads: SharedReads;

  constructor(options: TransportOptions) {
    this.logger = options.logger;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const token = options.token;
    this.scrub = (text) => (token ? text.split(token).join('[redacted]') : text);
    const retryingFetch = createRetryingFetch({
      timeoutMs: this.timeoutMs,
      maxRetries: options.maxRetries,
      baseDelayMs: options.baseDelayMs,
      maxRetryAfterMs: options.maxRetryAfterMs,
      sleep: options.sleep,
      fetch: options.fetch,
      logger: this.logger,
    });
    const limiter =
      options.writeLimiter ?? (options.writesPerSecond ? new WriteRateLimiter(options.writesPerSecond) : undefined);
    const send = limiter ? rateLimitedWrites(retryingFetch, limiter) : retryingFetch;
    const reads = new SharedReads(options.listMaxAgeMs ?? 0);
    this.reads = reads;
    const baseUrl = apiOrigin(options.baseUrl);
    this.http = createClient<paths>({
      baseUrl,
      fetch: async (request) => {
        if (!isWrite(request.method)) return send(request);
        // Forget the list answers this write may change, before and after it (shared-reads.ts).
        const path = new URL(request.url).pathname.slice(new URL(baseUrl).pathname.replace(/\/$/, '').length);
        reads.invalidate(path);
        try {
          return await send(request);
        } finally {
          reads.invalidate(path);
        }
      },
      headers: { Authorization: `Token ${token}`, Accept: 'application/json' },
    });
  }

  /**
   * A list read shared with other callers of this client (see shared-reads.ts): `resource` is the
   * API collection (`users`, `peers`...), `key` what else makes the read different (a query).
   * The answer is frozen.
   */
  shared<T>(resource: string, key: string, load: () => Promise<T>, options: { fresh?: boolean } = {}): Promise<T> {
    return this.reads.read(resource, key, load, options);
  }

  /** Applies a finished write to the shared answers of `resource` (see SharedReads.patch). */
  patchShared<T>(resource: string, fn: (value: T) => T): void {
    this.reads.patch(resource, fn);
  }

  /** Forgets the shared answers of `resource`: a write failed and its outcome is unknown. */
  dropShared(resource: string): void {
    this.reads.drop(resource);
  }

  /** A call whose answer is a JSON array; a `null` or empty body is an empty list. */
  async list<T>(operation: string, pending: Promise<ApiResult<T[]>>): Promise<T[]> {
    return (await this.send(operation, pending)).data ?? [];
  }

  /** A call whose answer is one JSON object; an empty body is an error. */
  async object<T>(operation: string, pending: Promise<ApiResult<T>>): Promise<T> {
    const { data, status } = await this.send(operation, pending);
    if (data === undefined)
      throw new NetBirdError(status, `NetBird ${operation} answered ${status} with an empty body`, { operation });
    return data;
  }

  /** A call whose answer body does not matter (DELETE answers `{}`). */
  async noContent(operation: string, pending: Promise<ApiResult<unknown>>): Promise<void> {
    await this.send(operation, pending);
  }

  private async send<D>(
    operation: string,
    pending: Promise<ApiResult<D>>,
  ): Promise<{ data: D | undefined; status: number }> {
    const started = performance.now();
    let result: ApiResult<D>;
    try {
      result = await pending;
    } catch (err) {
      throw this.failure(operation, err);
    }
    const { response } = result;
    const requestId = response.headers.get('x-request-id') ?? undefined;
    this.logger.debug('NetBird call', {
      operation,
      status: response.status,
      ms: Math.round(performance.now() - started),
      requestId,
    });
    if (!response.ok) {
      const body = toErrorBody(result.error);
      const detail = body ? `: ${body.message}` : '';
      const message = this.scrub(`NetBird ${operation} answered ${response.status}${detail}`);
      throw new NetBirdError(response.status, message, {
        operation,
        body: body && { ...body, message: this.scrub(body.message) },
        requestId,
      });
    }
    return { data: result.data ?? undefined, status: response.status };
  }

  /** No answer at all (after retries), or an answer openapi-fetch could not parse. */
  private failure(operation: string, err: unknown): NetBirdError {
    // openapi-fetch parses JSON only for 2xx answers, so this one was a success we cannot read.
    if (err instanceof SyntaxError) {
      return new NetBirdError(200, `NetBird ${operation} answered 2xx with a body that is not JSON`, {
        operation,
        cause: err,
      });
    }
    const reason = isTimeoutError(err)
      ? `timed out after ${this.timeoutMs} ms`
      : `could not be reached (${errorCode(err) ?? 'network error'})`;
    return new NetBirdError(0, this.scrub(`NetBird ${operation} ${reason}`), { operation, cause: err });
  }
}

/**
 * The server's origin plus any path prefix, without a trailing `/api` (the spec's paths start with
 * `/api`), so `https://nb.example.com`, `https://nb.example.com/` and `https://nb.example.com/api`
 * all work.
 */
export function apiOrigin(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigError(['NetBird base URL is not a valid URL']);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConfigError(['NetBird base URL must be http(s)']);
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
  return `${url.origin}${path}`;
}
