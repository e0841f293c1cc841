/**
 * Serves the registered HTTP functions on `http://localhost:<port>/<routePrefix>/<route>`, the
 * routes the Function App serves, by turning a Node request into the v4 `HttpRequest` the handler
 * expects and its `HttpResponseInit` back into a Node response. Function keys are not checked
 * locally (as with Core Tools), so the server listens on loopback only unless told otherwise.
 */
import http from 'node:http';
import type { HttpResponse as Response, HttpResponseInit } from '@azure/functions';
import { HttpRequest, HttpResponse } from '../shared/host/azure-functions.js';
import type { HttpFunction } from '../shared/host/registry.js';
import type { Logger } from '../shared/logger.js';
import { localContext } from './context.js';
import { matchRoute } from './routes.js';

export type ExtraRoute = (req: http.IncomingMessage, res: http.ServerResponse) => boolean | Promise<boolean>;

export interface LocalHttpServerOptions {
  functions: HttpFunction[];
  routePrefix: string;
  logger: Logger;
  /** Handlers tried before the functions (the dev console adds its pages here). */
  extraRoutes?: ExtraRoute[];
  maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY = 4 * 1024 * 1024;

export function createLocalHttpServer(options: LocalHttpServerOptions): http.Server {
  const prefix = options.routePrefix.replace(/^\/+|\/+$/g, '');
  return http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      options.logger.error('local host failed to serve a request', { error: err instanceof Error ? err : String(err) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'internal', message: 'local host error' } }));
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    for (const extra of options.extraRoutes ?? []) if (await extra(req, res)) return;
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    const path = url.pathname.replace(/^\/+/, '');
    const method = (req.method ?? 'GET').toUpperCase();
    const underPrefix =
      prefix === ''
        ? path
        : path.toLowerCase().startsWith(`${prefix.toLowerCase()}/`)
          ? path.slice(prefix.length + 1)
          : undefined;
    let found: { fn: HttpFunction; params: Record<string, string> } | undefined;
    let methodMismatch = false;
    if (underPrefix !== undefined) {
      for (const fn of options.functions) {
        const m = matchRoute(fn.route, underPrefix);
        if (!m) continue;
        if (!fn.methods.includes(method as never)) {
          methodMismatch = true;
          continue;
        }
        found = { fn, params: m.params };
        break;
      }
    }
    if (!found) {
      res.writeHead(methodMismatch ? 405 : 404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { code: methodMismatch ? 'method_not_allowed' : 'not_found', message: `${method} ${url.pathname}` },
        }),
      );
      return;
    }
    const body = await readBody(req, options.maxBodyBytes ?? DEFAULT_MAX_BODY);
    if (body === 'too-large') {
      res.writeHead(413, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'too_large', message: 'request body too large' } }));
      return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const request = new HttpRequest({
      method,
      url: url.toString(),
      headers,
      query: Object.fromEntries(url.searchParams),
      params: found.params,
      ...(body.length && method !== 'GET' && method !== 'HEAD' ? { body: { bytes: body } } : {}),
    });
    const context = localContext(found.fn.name, options.logger, { triggerMetadata: { url: url.toString() } });
    const result = (await found.fn.handler(request, context)) as HttpResponseInit | Response | undefined;
    const response = result instanceof HttpResponse ? result : new HttpResponse(result ?? { status: 204 });
    const out = Buffer.from(await response.arrayBuffer());
    const outHeaders: Record<string, string> = {};
    response.headers.forEach((v, k) => {
      outHeaders[k] = v;
    });
    res.writeHead(response.status, outHeaders);
    res.end(method === 'HEAD' ? undefined : out);
  }
}

function readBody(req: http.IncomingMessage, max: number): Promise<Uint8Array | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) tooLarge = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}
