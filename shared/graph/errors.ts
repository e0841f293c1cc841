/**
 * `GraphError`: every failed Graph call ends as one of these, carrying Graph's HTTP status and its
 * `error.code`/`error.message`. Nothing from the request (headers, token) is ever copied in, and
 * text that is copied is scrubbed of anything that looks like a bearer token or a JWT.
 *
 * Graph's error body: https://learn.microsoft.com/graph/errors#error-resource-type
 */
import { UpstreamError } from '../errors.js';

export interface GraphErrorInit {
  method: string;
  /** Request path without the query string (queries can carry user names). */
  path: string;
  /** What Graph answered; 0 when there was no answer (network failure, timeout). */
  upstreamStatus: number;
  graphCode?: string | undefined;
  graphMessage?: string | undefined;
  requestId?: string | undefined;
  retryAfterSeconds?: number | undefined;
}

const BEARER = /Bearer\s+[A-Za-z0-9\-._~+/]+=*/gi;
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

export function scrubTokens(text: string): string {
  return text.replace(BEARER, 'Bearer [redacted]').replace(JWT, '[redacted-jwt]');
}

export class GraphError extends UpstreamError {
  /** Graph's `error.code`, e.g. `Request_ResourceNotFound`, `syncStateNotFound`; or one of ours for
   * failures without a Graph answer: `timeout`, `network`, `authentication`, `invalidResponse`. */
  readonly graphCode: string | undefined;
  readonly graphMessage: string | undefined;
  /** Graph's `request-id`, for support cases. */
  readonly requestId: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly retryAfterSeconds: number | undefined;

  constructor(init: GraphErrorInit) {
    const code = init.graphCode ? ` ${init.graphCode}` : '';
    const detail = init.graphMessage ? `: ${init.graphMessage}` : '';
    super(
      'graph',
      init.upstreamStatus,
      scrubTokens(`Graph ${init.method} ${init.path} failed (${init.upstreamStatus}${code})${detail}`),
    );
    this.graphCode = init.graphCode;
    this.graphMessage = init.graphMessage === undefined ? undefined : scrubTokens(init.graphMessage);
    this.requestId = init.requestId;
    this.method = init.method;
    this.path = init.path;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }

  get isNotFound(): boolean {
    return this.upstreamStatus === 404;
  }
}

/**
 * Delta links expire (7 days for directory objects) or get invalidated; Graph then answers 410 Gone
 * or an error code saying the sync state is gone, and the only cure is a fresh full round.
 * https://learn.microsoft.com/graph/delta-query-overview
 */
const RESYNC_CODES = new Set(['syncstatenotfound', 'syncstateinvalid', 'resyncrequired', 'resyncapplicationerror']);

export function isResyncRequired(err: unknown): boolean {
  if (!(err instanceof GraphError)) return false;
  return err.upstreamStatus === 410 || RESYNC_CODES.has((err.graphCode ?? '').toLowerCase());
}

interface GraphErrorBody {
  error?: { code?: unknown; message?: unknown; innerError?: { 'request-id'?: unknown } };
}

/** Retry-After is seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Builds the error for a non-2xx answer from its status, headers and body text. */
export function graphErrorFromResponse(
  method: string,
  path: string,
  status: number,
  headers: Headers,
  text: string,
): GraphError {
  let body: GraphErrorBody = {};
  try {
    body = JSON.parse(text) as GraphErrorBody;
  } catch {
    // Not JSON (a gateway's HTML page, an empty body): status alone has to do.
  }
  const err = body && typeof body === 'object' ? body.error : undefined;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
  return new GraphError({
    method,
    path,
    upstreamStatus: status,
    graphCode: str(err?.code),
    graphMessage: str(err?.message),
    requestId: headers.get('request-id') ?? str(err?.innerError?.['request-id']),
    retryAfterSeconds: parseRetryAfter(headers.get('retry-after')),
  });
}

/** A failure before any answer: timeout, network, token acquisition. The cause is not kept
 * (it could hold request details); its name and message are enough. */
export function graphErrorFromThrown(method: string, path: string, thrown: unknown): GraphError {
  const name = errorField(thrown, 'code') ?? errorField(thrown, 'name') ?? 'Error';
  const message = errorField(thrown, 'message') ?? String(thrown);
  let graphCode = 'network';
  if (/timeout|abort/i.test(name)) graphCode = 'timeout';
  else if (/credential|authentication|token/i.test(`${name} ${message}`)) graphCode = 'authentication';
  return new GraphError({ method, path, upstreamStatus: 0, graphCode, graphMessage: `${name}: ${message}` });
}

function errorField(value: unknown, key: 'code' | 'name' | 'message'): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' && field.length > 0 ? field : undefined;
}
