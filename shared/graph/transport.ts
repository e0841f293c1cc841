/**
 * One Graph HTTP call through the SDK client: resolves the target (a path under the base URL, or
 * an absolute link Graph returned), sends it, reads the answer as raw text, and turns anything
 * that is not 2xx into a `GraphError`. Response shapes are checked with zod by the callers' schemas.
 */
import { randomUUID } from 'node:crypto';
import { ResponseType, type Client, type GraphRequest } from '@microsoft/microsoft-graph-client';
import type { z } from 'zod';
import type { Logger } from '../logger.js';
import { GraphError, graphErrorFromResponse, graphErrorFromThrown } from './errors.js';
import {
  GRAPH_API_VERSION,
  isAbsoluteUrl,
  linkToTarget,
  queryString,
  type GraphQuery,
  type VersionedTarget,
} from './url.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface GraphCall {
  method?: HttpMethod;
  /** A path under the API version built with `graphPath` (`/users/…`), or an absolute link Graph returned. */
  path: string;
  /** Only with a relative path: a link already carries its query. */
  query?: GraphQuery;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface GraphResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body (204). */
  body: unknown;
}

interface RawResponse {
  status: number;
  ok: boolean;
  headers: Headers;
  text(): Promise<string>;
}

function isRawResponse(value: unknown): value is RawResponse {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RawResponse).status === 'number' &&
    typeof (value as RawResponse).text === 'function'
  );
}

export class GraphTransport {
  constructor(
    private readonly client: Client,
    readonly baseUrl: string,
    private readonly logger: Logger,
  ) {}

  async send(call: GraphCall): Promise<GraphResponse> {
    const method = call.method ?? 'GET';
    const target = this.resolve(call);
    const path = target.path.split('?')[0] ?? target.path;
    const request = this.client
      .api(target.path)
      .version(target.version)
      .responseType(ResponseType.RAW)
      .headers({ ...call.headers, 'client-request-id': randomUUID() });
    const started = performance.now();
    let raw: unknown;
    let text: string;
    try {
      raw = await dispatch(request, method, call.body);
      if (!isRawResponse(raw)) throw new TypeError('Graph SDK returned no response object');
      text = await raw.text();
    } catch (err) {
      const error = graphErrorFromThrown(method, path, err);
      this.logger.warn('Graph call failed without an answer', {
        method,
        path,
        graphCode: error.graphCode,
        ms: elapsed(started),
      });
      throw error;
    }
    this.logger.debug('Graph call', { method, path, status: raw.status, ms: elapsed(started) });
    if (!raw.ok) throw graphErrorFromResponse(method, path, raw.status, raw.headers, text);
    return { status: raw.status, headers: raw.headers, body: parseBody(method, path, raw.status, text) };
  }

  /** Sends and validates the body with `schema`. */
  async json<S extends z.ZodType>(call: GraphCall, schema: S): Promise<z.output<S>> {
    const response = await this.send(call);
    return validate(call.method ?? 'GET', call.path, response.status, schema, response.body);
  }

  /** Like `json`, but a 404 means "no such thing" and gives undefined. */
  async jsonOrUndefined<S extends z.ZodType>(call: GraphCall, schema: S): Promise<z.output<S> | undefined> {
    try {
      return await this.json(call, schema);
    } catch (err) {
      if (err instanceof GraphError && err.isNotFound) return undefined;
      throw err;
    }
  }

  private resolve(call: GraphCall): VersionedTarget {
    if (isAbsoluteUrl(call.path)) {
      if (call.query) throw new TypeError('A Graph link already carries its query');
      return linkToTarget(this.baseUrl, call.path);
    }
    if (!call.path.startsWith('/')) throw new TypeError('Graph paths start with "/"');
    return { version: GRAPH_API_VERSION, path: call.path + queryString(call.query) };
  }
}

function dispatch(request: GraphRequest, method: HttpMethod, body: unknown): Promise<unknown> {
  switch (method) {
    case 'GET':
      return request.get() as Promise<unknown>;
    case 'POST':
      return request.post(body) as Promise<unknown>;
    case 'PATCH':
      return request.patch(body) as Promise<unknown>;
    case 'DELETE':
      return request.delete() as Promise<unknown>;
  }
}

function parseBody(method: string, path: string, status: number, text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GraphError({
      method,
      path,
      upstreamStatus: status,
      graphCode: 'invalidResponse',
      graphMessage: 'body is not JSON',
    });
  }
}

export function validate<S extends z.ZodType>(
  method: string,
  path: string,
  status: number,
  schema: S,
  body: unknown,
): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  // Issue paths and messages only: the values may be personal data.
  const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new GraphError({
    method,
    path: isAbsoluteUrl(path) ? new URL(path).pathname : (path.split('?')[0] ?? path),
    upstreamStatus: status,
    graphCode: 'invalidResponse',
    graphMessage: `unexpected response shape (${issues.join('; ')})`,
  });
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
