/**
 * URL building for Graph calls: the base URL, path segments, query strings, and the absolute
 * `@odata.nextLink`/`@odata.deltaLink` URLs Graph hands back.
 *
 * The Graph SDK's `GraphRequest` does no percent-encoding of its own (it splits the query on `&`
 * and `=` and glues it back together), so every value is encoded here before the SDK sees it.
 */
import { ConfigError, ValidationError } from '../errors.js';
import { hasControlChars, type ODataFilter } from './odata.js';

/** Global service. Sovereign clouds (graph.microsoft.us, microsoftgraph.chinacloudapi.cn, …)
 * and the local simulator pass their own: https://learn.microsoft.com/graph/deployments */
export const DEFAULT_GRAPH_BASE_URL = 'https://graph.microsoft.com';
export const GRAPH_API_VERSION = 'v1.0';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const API_VERSIONS = new Set(['v1.0', 'beta']);
const SELECT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ORDER_BY = /^[A-Za-z_][A-Za-z0-9_/]*(?: (?:asc|desc))?$/;

/**
 * `https://graph.microsoft.com/` → `https://graph.microsoft.com`. Plain http is accepted only on
 * loopback (the simulator): a bearer token must never cross a network in clear text.
 */
export function normalizeBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError([`Graph base URL is not a URL: ${JSON.stringify(raw)}`]);
  }
  const problems: string[] = [];
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    problems.push('Graph base URL must use https (http is allowed on loopback only)');
  }
  if (url.username || url.password || url.search || url.hash) {
    problems.push('Graph base URL must not carry credentials, a query or a fragment');
  }
  const path = url.pathname.replace(/\/+$/, '');
  if (API_VERSIONS.has(path.split('/').pop() ?? '')) {
    problems.push('Graph base URL must not include the API version (give https://graph.microsoft.com, not …/v1.0)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return `${url.origin}${path}`;
}

/** The app-only scope for a Graph deployment: `https://graph.microsoft.com/.default`.
 * https://learn.microsoft.com/entra/identity-platform/scopes-oidc#the-default-scope */
export function graphScope(baseUrl: string): string {
  return `${new URL(baseUrl).origin}/.default`;
}

/** encodeURIComponent plus the RFC 3986 sub-delimiters it leaves alone (`'` among them). */
export function strictEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function segment(value: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new ValidationError('Graph path segment must be a non-empty string');
  if (hasControlChars(value)) throw new ValidationError('Graph path segment contains control characters');
  return strictEncode(value);
}

/** Tagged template that percent-encodes every interpolated segment: graphPath`/users/${upn}/manager`. */
export function graphPath(strings: TemplateStringsArray, ...segments: string[]): string {
  let out = strings[0] ?? '';
  segments.forEach((value, i) => {
    out += segment(value) + (strings[i + 1] ?? '');
  });
  return out;
}

export interface GraphQuery {
  select?: readonly string[];
  filter?: ODataFilter;
  orderBy?: string;
  top?: number;
}

export function queryString(query: GraphQuery | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  if (query.select?.length) {
    for (const name of query.select)
      if (!SELECT_NAME.test(name)) throw new ValidationError(`Bad $select name: ${JSON.stringify(name)}`);
    parts.push(`$select=${strictEncode(query.select.join(','))}`);
  }
  if (query.filter) parts.push(`$filter=${strictEncode(query.filter.toString())}`);
  if (query.orderBy !== undefined) {
    if (!ORDER_BY.test(query.orderBy)) throw new ValidationError(`Bad $orderby: ${JSON.stringify(query.orderBy)}`);
    parts.push(`$orderby=${strictEncode(query.orderBy)}`);
  }
  if (query.top !== undefined) {
    if (!Number.isInteger(query.top) || query.top < 1 || query.top > 999)
      throw new ValidationError('$top must be an integer 1..999');
    parts.push(`$top=${query.top}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** A request target the SDK can take: API version plus a path (with query) under it. */
export interface VersionedTarget {
  version: string;
  path: string;
}

/**
 * Turns an absolute link Graph returned (nextLink, deltaLink) into a target under our base URL.
 * Links that point anywhere else are refused, so a bearer token is never sent to a host named in
 * a response. (The SDK's own URL parser only understands `https://`, which is why links are made
 * relative here: that keeps an `http://127.0.0.1:port` simulator working too.)
 */
export function linkToTarget(baseUrl: string, link: string): VersionedTarget {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new ValidationError('Graph link is not an absolute URL');
  }
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  if (url.origin !== base.origin || !url.pathname.startsWith(`${basePath}/`)) {
    throw new ValidationError(`Refusing to follow a Graph link outside ${baseUrl}`);
  }
  const [version, ...rest] = url.pathname.slice(basePath.length + 1).split('/');
  if (!version || !API_VERSIONS.has(version) || rest.length === 0) {
    throw new ValidationError('Graph link has no API version segment');
  }
  // The SDK treats any "https://" inside a path as the start of a new host; keep it out.
  const search = url.search.replaceAll('https://', 'https%3A//').replaceAll('http://', 'http%3A//');
  return { version, path: `/${rest.join('/')}${search}` };
}

export function isAbsoluteUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}
