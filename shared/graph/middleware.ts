/**
 * Our pieces of the Graph SDK middleware chain (the chain itself is assembled in sdk.ts):
 *
 * - `OriginBearerTokenHandler` replaces the SDK's AuthenticationHandler. The SDK's handler attaches
 *   the token only to `https://` URLs whose host is a known Graph host or in `customHosts`; it never
 *   matches `http://127.0.0.1:port` (the simulator), and it decides per host, not per origin. Ours
 *   attaches the token exactly when the request goes to the configured base URL's origin, and strips
 *   any Authorization header otherwise.
 * - `TimeoutHandler` sits after the RetryHandler, so each attempt gets its own deadline and the
 *   retry sleeps (Retry-After) do not count against it.
 * - `retryOptions` configures the SDK RetryHandler (429/503/504, honours Retry-After). Its delays
 *   are in SECONDS. https://learn.microsoft.com/graph/sdks/customize-client
 */
import { withCancelScope } from '../http/cancel-scope.js';
import { RetryHandlerOptions, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import type { Logger } from '../logger.js';

export interface AccessTokenSource {
  getAccessToken(): Promise<string>;
}

/** The SDK types `request` as DOM `RequestInfo`; in practice GraphRequest passes a URL string. */
function requestUrl(request: unknown): string {
  if (typeof request === 'string') return request;
  if (request instanceof Request) return request.url;
  throw new TypeError('Unsupported request type in Graph middleware');
}

/** The SDK hands us plain-object headers; normalise whatever is there to one. */
function headerRecord(context: Context): Record<string, string> {
  const options = (context.options ??= {});
  const current = options.headers;
  let record: Record<string, string>;
  if (current instanceof Headers) record = Object.fromEntries(current.entries());
  else if (Array.isArray(current)) record = Object.fromEntries(current as [string, string][]);
  else record = { ...(current as Record<string, string> | undefined) };
  options.headers = record;
  return record;
}

abstract class ChainLink implements Middleware {
  #next: Middleware | undefined;
  setNext(next: Middleware): void {
    this.#next = next;
  }
  protected get next(): Middleware {
    if (!this.#next) throw new Error(`${this.constructor.name} is the last middleware; it needs a next one`);
    return this.#next;
  }
  abstract execute(context: Context): Promise<void>;
}

export class OriginBearerTokenHandler extends ChainLink {
  constructor(
    private readonly tokens: AccessTokenSource,
    private readonly origin: string,
  ) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const headers = headerRecord(context);
    for (const key of Object.keys(headers)) if (key.toLowerCase() === 'authorization') delete headers[key];
    if (new URL(requestUrl(context.request)).origin === this.origin) {
      headers.Authorization = `Bearer ${await this.tokens.getAccessToken()}`;
    }
    await this.next.execute(context);
  }
}

export class TimeoutHandler extends ChainLink {
  constructor(private readonly timeoutMs: number) {
    super();
  }

  async execute(context: Context): Promise<void> {
    // A fresh signal per attempt; it also bounds reading the body, which happens after the chain.
    // Inside a cancellation scope (a command the bot handed to the queue), that aborts it too.
    (context.options ??= {}).signal = withCancelScope(AbortSignal.timeout(this.timeoutMs));
    await this.next.execute(context);
  }
}

export function retryOptions(maxRetries: number, delaySeconds: number, logger: Logger): RetryHandlerOptions {
  return new RetryHandlerOptions(delaySeconds, maxRetries, (_delay, attempt, request, _options, response) => {
    const url = new URL(requestUrl(request));
    logger.warn('Graph call throttled or unavailable; retrying', {
      status: response.status,
      attempt: attempt + 1,
      maxRetries,
      retryAfter: response.headers.get('retry-after') ?? undefined,
      path: url.pathname,
    });
    // The RetryHandler never reads the failed answer; release it so the connection is freed.
    response.body?.cancel().catch(() => undefined);
    return true;
  });
}
