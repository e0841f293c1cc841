/**
 * OData query options as the simulator reads them, `$select` projection, and server-driven paging.
 *
 * Only the options a route allows are accepted; anything else is refused with 400 (as Graph refuses
 * options an API does not support), so a change in what the app sends shows up at once instead of
 * being silently ignored. Pages are at most `pageSize` items whatever `$top` asks (Graph may return
 * fewer than `$top`: clients must follow `@odata.nextLink`). https://learn.microsoft.com/graph/paging
 */
import { randomBytes } from 'node:crypto';
import { badRequest, GraphSimError } from './respond.js';

export type QueryOption = '$select' | '$top' | '$filter' | '$orderby' | '$skiptoken' | '$deltatoken';

export interface ODataQuery {
  select?: string[];
  top?: number;
  filter?: string;
  orderby?: string;
  skiptoken?: string;
  deltatoken?: string;
}

export function parseQuery(params: URLSearchParams, allowed: readonly QueryOption[]): ODataQuery {
  const out: ODataQuery = {};
  for (const [key, value] of params) {
    const name = key.toLowerCase();
    if (!name.startsWith('$')) continue; // non-OData parameters are the API's own (none here)
    if (!allowed.includes(name as QueryOption))
      throw badRequest(`Query option '${key}' is not allowed. Make sure that it is in the allowed query options.`);
    if (name === '$select')
      out.select = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    else if (name === '$top') {
      const top = Number(value);
      if (!Number.isInteger(top) || top < 1 || top > 999)
        throw badRequest(`Invalid value '${value}' for $top: it must be an integer from 1 to 999.`);
      out.top = top;
    } else out[name.slice(1) as 'filter' | 'orderby' | 'skiptoken' | 'deltatoken'] = value;
  }
  return out;
}

/** `$select` over an object: the selected properties (plus `id`), or the type's defaults. */
export function project(
  item: object,
  select: readonly string[] | undefined,
  typeName: string,
  known: ReadonlySet<string>,
  defaults: readonly string[],
): Record<string, unknown> {
  const source = item as Record<string, unknown>;
  const fields = select?.length ? select : defaults;
  for (const f of fields)
    if (!known.has(f))
      throw badRequest(
        `Could not find a property named '${f}' on type 'microsoft.graph.${typeName}'.`,
        'Request_BadRequest',
      );
  const out: Record<string, unknown> = {};
  for (const f of new Set(['id', ...fields])) out[f] = source[f] ?? null;
  return out;
}

interface PageSession {
  items: readonly unknown[];
  offset: number;
  pageSize: number;
  /** What the route needs to finish the round (the delta round's change position). */
  extra: unknown;
}

export interface Page {
  value: unknown[];
  /** The `$skiptoken` of the next page, when there is one. */
  next?: string;
  extra: unknown;
}

const MAX_SESSIONS = 10_000;

/** Remembers the rest of a listing behind an opaque `$skiptoken`, as Graph's server-side paging does. */
export class Pager {
  private readonly sessions = new Map<string, PageSession>();

  first(items: readonly unknown[], pageSize: number, extra: unknown = undefined): Page {
    return this.take({ items, offset: 0, pageSize, extra });
  }

  next(skiptoken: string): Page {
    const session = this.sessions.get(skiptoken);
    if (!session)
      throw new GraphSimError(
        400,
        'Directory_ExpiredPageToken',
        'The specified page token value has expired and can no longer be included in your request.',
      );
    return this.take(session);
  }

  private take(session: PageSession): Page {
    const value = session.items.slice(session.offset, session.offset + session.pageSize);
    const offset = session.offset + value.length;
    if (offset >= session.items.length) return { value: [...value], extra: session.extra };
    const token = randomBytes(18).toString('base64url');
    this.sessions.set(token, { ...session, offset });
    if (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    return { value: [...value], next: token, extra: session.extra };
  }
}
