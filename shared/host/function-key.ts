/**
 * Function keys that open one thing each (issue 11). The Functions host already checks `?code=` or
 * `x-functions-key` on a function-level endpoint, but it also accepts every host key (and the
 * master key), which open every function at once: a key Graph keeps in its notification URL must
 * open the Graph endpoints and nothing else. So each function-level endpoint also checks the one
 * key made for it, from its own app setting (a Key Vault reference in Azure), in constant time.
 * https://learn.microsoft.com/azure/azure-functions/function-keys-how-to#understand-keys
 *
 * Without a configured key the endpoint is open only on the local host on a loopback address (as
 * with Core Tools); configuration refuses to start anywhere else without it (config/schema.ts).
 */
import type { HttpHandler, HttpRequest } from '@azure/functions';
import { getConfig } from '../config/index.js';
import { UnauthorizedError } from '../errors.js';
import { errorResponse } from '../http/responses.js';
import { sameSecret } from '../http/same-secret.js';
import { contextLogger } from '../logger.js';
import { runsOnLoopbackHost } from './runtime.js';

/** Which key opens an endpoint: the one Graph holds, or the one other systems (HR) hold. */
export type FunctionKeyName = 'graph-webhook' | 'offboard';

/** The app setting of each key (tests and the local host read it from there too). */
export const FUNCTION_KEY_SETTINGS: Record<FunctionKeyName, 'GRAPH_WEBHOOK_FUNCTION_KEY' | 'OFFBOARD_FUNCTION_KEY'> = {
  'graph-webhook': 'GRAPH_WEBHOOK_FUNCTION_KEY',
  offboard: 'OFFBOARD_FUNCTION_KEY',
};

function expectedKey(name: FunctionKeyName): string | undefined {
  const { offboarding } = getConfig();
  return name === 'graph-webhook' ? offboarding.webhookFunctionKey : offboarding.offboardFunctionKey;
}

/** The key the caller presented: `?code=` (what Graph sends back) or the `x-functions-key` header. */
export function presentedKey(request: HttpRequest): string | undefined {
  return request.query.get('code') ?? request.headers.get('x-functions-key') ?? undefined;
}

export function keyOpens(name: FunctionKeyName, request: HttpRequest): boolean {
  const expected = expectedKey(name);
  if (!expected) return runsOnLoopbackHost();
  const given = presentedKey(request);
  return given !== undefined && sameSecret(expected, given);
}

/** Wraps a handler: 401 before anything else runs when the caller lacks this endpoint's key. */
export function requireFunctionKey(name: FunctionKeyName, handler: HttpHandler): HttpHandler {
  return async (request, context) => {
    if (keyOpens(name, request)) return handler(request, context);
    const logger = contextLogger(context, { function: context.functionName, invocationId: context.invocationId });
    return errorResponse(new UnauthorizedError('This endpoint needs its own function key.'), logger);
  };
}
