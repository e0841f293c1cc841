/**
 * Calls an HTTP function's handler the way the Functions host does, with a real v4 `HttpRequest`
 * and `InvocationContext`, and reads back what a caller would receive.
 */
import type { HttpRequestInit } from '@azure/functions';
import type { HttpFunction } from '../../shared/host/registry.js';
import { HttpRequest, HttpResponse, InvocationContext } from '../../shared/host/azure-functions.js';
import { FUNCTION_KEY_SETTINGS } from '../../shared/host/function-key.js';

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/**
 * `functionKey`: what the caller presents as `x-functions-key`. By default the key the endpoint's
 * own setting holds (the caller is who the key was made for, as Graph or an HR system would be);
 * `null` presents none, a string presents that one.
 */
export async function callHttp(
  fn: HttpFunction,
  init: HttpRequestInit & { path?: string; functionKey?: string | null },
): Promise<CallResult> {
  const { functionKey, ...rest } = init;
  const url = rest.url ?? `http://localhost:7071/api/${rest.path ?? fn.route}`;
  const key =
    functionKey === undefined && fn.key ? process.env[FUNCTION_KEY_SETTINGS[fn.key]] : (functionKey ?? undefined);
  const headers = new Headers(rest.headers);
  if (key) headers.set('x-functions-key', key);
  const request = new HttpRequest({ method: 'GET', ...rest, url, headers: Object.fromEntries(headers) });
  const result = await fn.handler(request, new InvocationContext({ functionName: fn.name }));
  const response = result instanceof HttpResponse ? result : new HttpResponse(result);
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
