/**
 * Follows `@odata.nextLink` across pages. Every Graph list goes through here. The link is opaque:
 * it is requested exactly as given (never rebuilt from our own query), which is what Graph asks.
 * https://learn.microsoft.com/graph/paging
 */
import { z } from 'zod';
import { GraphError } from './errors.js';
import { limited, type RateLimiter } from './rate-limiter.js';
import { validate, type GraphCall, type GraphTransport } from './transport.js';
import { linkToTarget } from './url.js';

const pageSchema = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});

export interface Page<T> {
  items: T[];
  nextLink?: string;
  deltaLink?: string;
}

export interface PagingOptions {
  /** Stop with an error after this many pages (a runaway guard), default 10,000. */
  maxPages?: number;
  /** Awaited before every page request: a rate limiter's `acquire`, for instance. */
  beforeRequest?: () => Promise<void>;
  /** Every page request goes through it (a rate limiter that counts a request until it finished). */
  limiter?: RateLimiter;
}

export async function* iteratePages<S extends z.ZodType>(
  transport: GraphTransport,
  first: GraphCall,
  item: S,
  options: PagingOptions = {},
): AsyncGenerator<Page<z.output<S>>> {
  const maxPages = options.maxPages ?? 10_000;
  const seen = new Set<string>();
  let call: GraphCall | undefined = first;
  for (let n = 0; call; n++) {
    if (n >= maxPages) throw pagingError(first, `more than ${maxPages} pages`);
    await options.beforeRequest?.();
    const page0: GraphCall = call;
    const response = options.limiter
      ? await limited(options.limiter, () => transport.send(page0))
      : await transport.send(call);
    const page: z.output<typeof pageSchema> = validate('GET', call.path, response.status, pageSchema, response.body);
    const items = validate('GET', call.path, response.status, z.array(item), page.value);
    const nextLink: string | undefined = page['@odata.nextLink'];
    const deltaLink = page['@odata.deltaLink'];
    yield { items, ...(nextLink ? { nextLink } : {}), ...(deltaLink ? { deltaLink } : {}) };
    if (nextLink) {
      if (seen.has(nextLink)) throw pagingError(first, 'nextLink repeats');
      // Graph's answer names the next URL: it must stay under our base URL (the token goes with it).
      if (!isUnderBase(transport.baseUrl, nextLink)) throw pagingError(first, 'nextLink points outside the base URL');
      seen.add(nextLink);
    }
    call = nextLink ? { path: nextLink, ...(first.headers ? { headers: first.headers } : {}) } : undefined;
  }
}

/** All items of every page. */
export async function collectPages<S extends z.ZodType>(
  transport: GraphTransport,
  first: GraphCall,
  item: S,
  options?: PagingOptions,
): Promise<z.output<S>[]> {
  const all: z.output<S>[] = [];
  for await (const page of iteratePages(transport, first, item, options)) all.push(...page.items);
  return all;
}

function isUnderBase(baseUrl: string, link: string): boolean {
  try {
    linkToTarget(baseUrl, link);
    return true;
  } catch {
    return false;
  }
}

function pagingError(first: GraphCall, why: string): GraphError {
  return new GraphError({
    method: 'GET',
    path: first.path,
    upstreamStatus: 200,
    graphCode: 'invalidResponse',
    graphMessage: `paging stopped: ${why}`,
  });
}
