/**
 * Calls an HTTP function's handler the way the Functions host does, with a real v4 `HttpRequest`
 * and `InvocationContext`, and reads back what a caller would receive.
 */
import type { HttpRequestInit } from '@azure/functions';
import type { HttpFunction } from '../../shared/host/registry.js';
import { HttpRequest, HttpResponse, InvocationContext } from '../../shared/host/azure-functions.js';

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function callHttp(fn: HttpFunction, init: HttpRequestInit & { path?: string }): Promise<CallResult> {
  const url = init.url ?? `http://localhost:7071/api/${init.path ?? fn.route}`;
  const request = new HttpRequest({ method: 'GET', ...init, url });
  const result = await fn.handler(request, new InvocationContext({ functionName: fn.name }));
  const response = result instanceof HttpResponse ? result : new HttpResponse(result);
  const text = await response.text();
  let json: unknown;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: response.status, headers: response.headers, text, json };
}
