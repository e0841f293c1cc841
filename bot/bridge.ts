/**
 * The bridge between the Functions v4 `HttpRequest` (fetch-like) and what botbuilder's
 * `CloudAdapter.process(req, res, logic)` takes: an Express-like request with a parsed `body`,
 * `headers` and `method`, and a response with `status()`, `header()`, `send()` and `end()`. No
 * official adapter exists (DESIGN.md §5); this is the minimum `process` uses:
 * https://github.com/microsoft/botbuilder-js/blob/main/libraries/botbuilder/src/cloudAdapter.ts
 * The body is read once, size-limited and parsed here; botbuilder validates the activity itself.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { Request, Response } from 'botbuilder';
import { ValidationError } from '../shared/errors.js';

/** Teams activities are a few KB; a card action with its data well under 100 KB. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

export async function toBotRequest(request: HttpRequest): Promise<Request> {
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > MAX_ACTIVITY_BYTES) throw new ValidationError('The activity is too large');
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_ACTIVITY_BYTES) throw new ValidationError('The activity is too large');
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError('The body is not JSON');
  }
  // botbuilder throws (a 500) on a body without a type; it is the sender's mistake, so a 400 here.
  if (
    !body ||
    typeof body !== 'object' ||
    Array.isArray(body) ||
    typeof (body as { type?: unknown }).type !== 'string'
  ) {
    throw new ValidationError('The body is not an activity');
  }
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return { method: request.method, headers, body: body as Record<string, unknown> };
}

/** A response object for botbuilder that records what it is told, then becomes a `HttpResponseInit`. */
export class BotResponse implements Response {
  socket: unknown = undefined;
  statusCode = 200;
  private body: unknown;
  private readonly headers: Record<string, string> = { 'cache-control': 'no-store' };
  private ended = false;

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  header(name: string, value: unknown): this {
    this.headers[name.toLowerCase()] = String(value);
    return this;
  }

  set(name: string, value: unknown): this {
    return this.header(name, value);
  }

  send(body?: unknown): this {
    this.body = body;
    return this;
  }

  end(): this {
    this.ended = true;
    return this;
  }

  get finished(): boolean {
    return this.ended;
  }

  toHttpResponse(): HttpResponseInit {
    // botbuilder puts the exception message in 500 bodies; the log has it, the caller does not need it.
    if (this.statusCode >= 500)
      return {
        status: this.statusCode,
        headers: this.headers,
        jsonBody: { error: { code: 'internal', message: 'Something went wrong; the details are in the log.' } },
      };
    if (this.body === undefined || this.body === null) return { status: this.statusCode, headers: this.headers };
    if (typeof this.body === 'string')
      return {
        status: this.statusCode,
        headers: { 'content-type': 'text/plain; charset=utf-8', ...this.headers },
        body: this.body,
      };
    return { status: this.statusCode, headers: this.headers, jsonBody: this.body };
  }
}
