/**
 * The Microsoft Graph simulator: HTTPS on 127.0.0.1 with a self-signed certificate, serving both
 * the Entra token endpoint (graph/token.ts) and the Graph v1.0 endpoints the app calls
 * (graph/router.ts) over an in-memory tenant (graph/state.ts). Every Graph call needs a bearer
 * token the token endpoint issued. Answers carry `request-id` and echo `client-request-id`, as
 * Graph's do.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import https from 'node:https';
import type { Logger } from '../../shared/logger.js';
import type { GraphCall, GraphRuntime } from './graph/call.js';
import { Pager } from './graph/query.js';
import { errorBody, GraphSimError, type GraphReply } from './graph/respond.js';
import { route, splitPath } from './graph/router.js';
import type { GraphState } from './graph/state.js';
import { checkBearer, issueToken, openIdConfiguration, type TokenReply, type TokenStore } from './graph/token.js';
import { BodyTooLargeError, close, listen, readBody, sendJson } from './http.js';
import type { Certificate } from './tls.js';

export interface GraphSimOptions {
  state: GraphState;
  logger: Logger;
  certificate: Certificate;
  /** Largest page of any collection (default 50). */
  pageSize?: number;
  now?: () => Date;
  port?: number;
}

export interface GraphSim {
  /** `https://127.0.0.1:<port>` (GRAPH_BASE_URL). */
  url: string;
  /** The same origin: it also serves `/{tenant}/oauth2/v2.0/token` (GRAPH_AUTHORITY_HOST). */
  authorityHost: string;
  state: GraphState;
  stop(): Promise<void>;
}

const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export async function startGraphSim(options: GraphSimOptions): Promise<GraphSim> {
  const { state } = options;
  const logger = options.logger.child({ simulator: 'graph' });
  const now = options.now ?? (() => new Date());
  const tokens: TokenStore = new Map();
  const rt: GraphRuntime = {
    state,
    baseUrl: '',
    pageSize: options.pageSize ?? 50,
    pager: new Pager(),
    deltaTokens: new Map(),
    now,
    logger,
  };

  async function entra(req: http.IncomingMessage, segments: string[]): Promise<TokenReply | undefined> {
    const [tenant = '', ...rest] = segments;
    const path = rest.join('/');
    const wellKnown = req.method === 'GET' && path === 'v2.0/.well-known/openid-configuration';
    const token = req.method === 'POST' && path === 'oauth2/v2.0/token';
    if (!wellKnown && !token) return undefined;
    if (tenant.toLowerCase() !== state.tenantId) {
      return {
        status: 400,
        body: {
          error: 'invalid_tenant',
          error_description: `AADSTS90002: Tenant '${tenant}' not found.`,
          error_codes: [90002],
        },
      };
    }
    if (wellKnown) return openIdConfiguration(rt.baseUrl, state.tenantId);
    return issueToken(state, rt.baseUrl, new URLSearchParams(await readBody(req)), tokens, now());
  }

  async function graph(req: http.IncomingMessage, url: URL, segments: string[]): Promise<GraphReply> {
    const why = checkBearer(req.headers.authorization, tokens, now());
    if (why) throw new GraphSimError(401, 'InvalidAuthenticationToken', why);
    const text = await readBody(req);
    let body: unknown;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        throw new GraphSimError(
          400,
          'BadRequest',
          'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
        );
      }
    }
    const call: GraphCall = {
      rt,
      method: req.method ?? 'GET',
      segments: segments.slice(1),
      params: url.searchParams,
      body,
    };
    return route(call);
  }

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<number> {
    const url = new URL(req.url ?? '/', rt.baseUrl);
    const requestId = randomUUID();
    const clientRequestId =
      typeof req.headers['client-request-id'] === 'string' ? req.headers['client-request-id'] : undefined;
    const ids = { 'request-id': requestId, 'client-request-id': clientRequestId ?? requestId };
    try {
      const segments = splitPath(url.pathname);
      if (segments[0] !== 'v1.0') {
        const reply = await entra(req, segments);
        if (!reply) throw new GraphSimError(404, 'NotFound', `No such endpoint: ${req.method} ${url.pathname}`);
        sendJson(res, reply.status, reply.body, { 'cache-control': 'no-store' });
        return reply.status;
      }
      const reply = await graph(req, url, segments);
      sendJson(res, reply.status, reply.body, {
        ...ids,
        ...(reply.body === undefined ? {} : { 'content-type': ODATA_JSON }),
        ...reply.headers,
      });
      return reply.status;
    } catch (err) {
      const e =
        err instanceof GraphSimError
          ? err
          : err instanceof BodyTooLargeError
            ? new GraphSimError(413, 'RequestEntityTooLarge', err.message)
            : undefined;
      if (!e) throw err;
      sendJson(res, e.status, errorBody(e.code, e.message, requestId, clientRequestId, now()), {
        ...ids,
        'content-type': ODATA_JSON,
      });
      return e.status;
    }
  }

  const server = https.createServer({ key: options.certificate.key, cert: options.certificate.cert }, (req, res) => {
    const started = performance.now();
    serve(req, res).then(
      (status) =>
        logger.debug('Graph simulator answered', {
          method: req.method,
          path: req.url?.split('?')[0],
          status,
          ms: Math.round(performance.now() - started),
        }),
      (err: unknown) => {
        logger.error('Graph simulator failed', {
          method: req.method,
          path: req.url?.split('?')[0],
          error: err instanceof Error ? err : String(err),
        });
        if (!res.headersSent)
          sendJson(res, 500, errorBody('InternalServerError', 'The simulator failed.', randomUUID(), undefined, now()));
        else res.end();
      },
    );
  });
  const port = await listen(server, options.port);
  rt.baseUrl = `https://127.0.0.1:${port}`;
  logger.info('Graph simulator listening', { url: rt.baseUrl });
  return { url: rt.baseUrl, authorityHost: rt.baseUrl, state, stop: () => close(server) };
}
