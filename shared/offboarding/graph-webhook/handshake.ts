/**
 * Graph's validation handshake: when a subscription is created (and for the lifecycle URL), Graph
 * POSTs with `?validationToken=…` and wants, within 10 s, 200 with the decoded token as text/plain.
 * https://learn.microsoft.com/graph/change-notifications-delivery-webhooks#notificationurl-validation
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { ValidationError } from '../../errors.js';

const MAX_TOKEN = 1_024;

/** The handshake answer, or undefined when the request is not a handshake. */
export function validationHandshake(request: HttpRequest): HttpResponseInit | undefined {
  const token = request.query.get('validationToken');
  if (token === null) return undefined;
  if (token.length === 0 || token.length > MAX_TOKEN)
    throw new ValidationError('validationToken must be 1-1024 characters');
  // text/plain and nosniff: the echoed token can never be rendered as HTML.
  return {
    status: 200,
    body: token,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    },
  };
}
