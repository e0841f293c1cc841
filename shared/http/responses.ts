/**
 * Typed errors become HTTP responses here and nowhere else. Unknown errors are a 500 with a
 * generic message; their detail goes to the log, never to the caller.
 */
import type { HttpResponseInit } from '@azure/functions';
import { AppError, ConfigError, UpstreamError } from '../errors.js';
import type { Logger } from '../logger.js';

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponseInit {
  return { status, jsonBody: body, headers: { 'cache-control': 'no-store', ...headers } };
}

export function errorResponse(err: unknown, logger: Logger): HttpResponseInit {
  if (err instanceof ConfigError) {
    // The problems name settings, which callers have no business seeing: they go to the log.
    logger.error('configuration is invalid', { problems: err.problems });
    return json(500, {
      error: { code: 'config', message: 'The app is not configured correctly; the details are in the log.' },
    });
  }
  if (err instanceof AppError && err.status < 500) {
    logger.warn('request refused', { status: err.status, code: err.code, error: err.message });
    return json(err.status, { error: { code: err.code, message: err.message } });
  }
  if (err instanceof AppError) {
    logger.error('request failed', {
      status: err.status,
      code: err.code,
      error: err.message,
      ...(err instanceof UpstreamError ? { service: err.service, upstreamStatus: err.upstreamStatus } : {}),
    });
    return json(err.status, { error: { code: err.code, message: err.message } });
  }
  logger.error('unexpected error', { error: err instanceof Error ? err : String(err) });
  return json(500, { error: { code: 'internal', message: 'Something went wrong; the details are in the log.' } });
}
