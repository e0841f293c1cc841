/**
 * The one error the NetBird client throws for a failed call: what NetBird answered (HTTP status and
 * its `{message, code}` body) or, with `upstreamStatus` 0, that it did not answer at all.
 *
 * NetBird writes every handler error as `{"message": "...", "code": <http status>}`
 * (shared/management/http/util/util.go, WriteErrorResponse); invalid input is 422 and the optional
 * per-token rate limiter answers 429. The message never contains the API token: it is built only
 * from the method, the path template, the status and NetBird's message (scrubbed of the token too).
 */
import { UpstreamError } from '../errors.js';

/** NetBird's error body. `code` repeats the HTTP status. */
export interface NetBirdErrorBody {
  message: string;
  code?: number;
}

export interface NetBirdErrorDetails {
  /** e.g. `PUT /api/users/{userId}`: the path template, so ids do not leak into error text. */
  operation: string;
  /** NetBird's parsed error body, when it sent one. */
  body?: NetBirdErrorBody;
  /** NetBird's `X-Request-Id`, to find the call in the management server's log. */
  requestId?: string;
  cause?: unknown;
}

export class NetBirdError extends UpstreamError {
  readonly operation: string;
  readonly body: NetBirdErrorBody | undefined;
  readonly requestId: string | undefined;

  constructor(upstreamStatus: number, message: string, details: NetBirdErrorDetails) {
    super('netbird', upstreamStatus, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.operation = details.operation;
    this.body = details.body;
    this.requestId = details.requestId;
  }

  /** NetBird's own message, when it sent one. */
  get netbirdMessage(): string | undefined {
    return this.body?.message;
  }

  get isNotFound(): boolean {
    return this.upstreamStatus === 404;
  }
}

/** Reads NetBird's `{message, code}` from whatever openapi-fetch parsed (JSON, text, or nothing). */
export function toErrorBody(parsed: unknown): NetBirdErrorBody | undefined {
  if (parsed && typeof parsed === 'object' && typeof (parsed as { message?: unknown }).message === 'string') {
    const { message, code } = parsed as { message: string; code?: unknown };
    return typeof code === 'number' ? { message, code } : { message };
  }
  if (typeof parsed === 'string' && parsed.trim() !== '') return { message: parsed.trim().slice(0, 500) };
  return undefined;
}
