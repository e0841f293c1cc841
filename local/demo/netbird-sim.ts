/**
 * The NetBird management API simulator: plain HTTP on 127.0.0.1, NetBird's own OpenAPI file as
 * router and request validator (netbird/spec.ts), and an in-memory account (netbird/state.ts)
 * behind the operations the app calls.
 *
 * Per request, in the order NetBird's middleware does it: `Authorization: Token <PAT>` (401
 * otherwise), the JSON body (400 when it does not parse), routing (404, 405), the spec's request
 * validation (400, `{message, code}` as NetBird answers), then the operation, which checks the
 * token's role for writes (403: an `auditor` service user reads only). Operations in the spec that
 * the simulator does not implement answer 501.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Context, HandlerMap } from 'openapi-backend';
import type { Logger } from '../../shared/logger.js';
import { errorReply, type Call, type Reply } from './netbird/call.js';
import { createGroup, getGroup, listGroups, updateGroup } from './netbird/groups.js';
import { deletePeer, getPeer, listPeers } from './netbird/peers.js';
import {
  getNetwork,
  getPolicy,
  listAllRouters,
  listAuditEvents,
  listNameservers,
  listNetworkResources,
  listNetworkRouters,
  listNetworks,
  listPolicies,
  listRoutes,
  listSetupKeys,
} from './netbird/read.js';
import { createBackend } from './netbird/spec.js';
import type { NetBirdState, SimUser } from './netbird/state.js';
import { approveUser, deleteUser, listUsers, rejectUser, updateUser } from './netbird/users.js';
import { BodyTooLargeError, close, listen, queryOf, readBody, sendJson } from './http.js';
import { netbirdSpecPath } from './paths.js';

export interface NetBirdSimOptions {
  state: NetBirdState;
  logger: Logger;
  /** Default: `../shared/netbird/openapi.yml` beside the project. */
  specPath?: string;
  now?: () => Date;
  port?: number;
}

export interface NetBirdSim {
  /** `http://127.0.0.1:<port>` (NETBIRD_API_URL). */
  url: string;
  state: NetBirdState;
  stop(): Promise<void>;
}

const OPERATIONS: HandlerMap = {
  'get /api/users': listUsers,
  'put /api/users/{userId}': updateUser,
  'delete /api/users/{userId}': deleteUser,
  'post /api/users/{userId}/approve': approveUser,
  'delete /api/users/{userId}/reject': rejectUser,
  'get /api/peers': listPeers,
  'get /api/peers/{peerId}': getPeer,
  'delete /api/peers/{peerId}': deletePeer,
  'get /api/groups': listGroups,
  'post /api/groups': createGroup,
  'get /api/groups/{groupId}': getGroup,
  'put /api/groups/{groupId}': updateGroup,
  'get /api/policies': listPolicies,
  'get /api/policies/{policyId}': getPolicy,
  'get /api/networks': listNetworks,
  'get /api/networks/{networkId}': getNetwork,
  'get /api/networks/{networkId}/routers': listNetworkRouters,
  'get /api/networks/{networkId}/resources': listNetworkResources,
  'get /api/networks/routers': listAllRouters,
  'get /api/routes': listRoutes,
  'get /api/dns/nameservers': listNameservers,
  'get /api/setup-keys': listSetupKeys,
  'get /api/events/audit': listAuditEvents,
};

/** What a failed spec validation becomes: a missing required property is named as NetBird names it. */
function validationReply(context: Context): Reply {
  const errors = context.validation.errors ?? [];
  const missing = errors.find((e) => e.keyword === 'required' && e.instancePath === '/requestBody');
  if (missing)
    return errorReply(
      400,
      `${String((missing.params as { missingProperty?: string }).missingProperty)} field can't be absent`,
    );
  const detail = errors
    .slice(0, 3)
    .map(
      (e) => `${e.instancePath.replace(/^\/(requestBody|query|params)/, '$1') || 'request'} ${e.message ?? e.keyword}`,
    )
    .join('; ');
  return errorReply(400, `invalid request: ${detail}`);
}

const HANDLERS: HandlerMap = {
  ...OPERATIONS,
  validationFail: validationReply,
  notFound: () => errorReply(404, 'not found'),
  methodNotAllowed: () => errorReply(405, 'method not allowed'),
  notImplemented: (context: Context) =>
    errorReply(501, `${context.operation.operationId ?? 'this operation'} is not implemented by the demo simulator`),
  unauthorizedHandler: () => errorReply(401, 'token invalid'),
};

/** The service user behind `Authorization: Token <PAT>`, or an error reply. */
function authenticate(state: NetBirdState, header: string | undefined): { user: SimUser } | { refused: Reply } {
  const match = /^Token (\S+)$/.exec(header ?? '');
  if (!match) return { refused: errorReply(401, 'no valid authentication provided') };
  const user = state.users.get(state.tokens.get(match[1]!) ?? '');
  if (!user || user.is_blocked) return { refused: errorReply(401, 'token invalid') };
  return { user };
}

export async function startNetBirdSim(options: NetBirdSimOptions): Promise<NetBirdSim> {
  const { state } = options;
  const logger = options.logger.child({ simulator: 'netbird' });
  const now = options.now ?? (() => new Date());
  const api = await createBackend(options.specPath ?? netbirdSpecPath(), HANDLERS);
  api.registerSecurityHandler('TokenAuth', (_context: Context, call: Call) => call.principal);
  api.registerSecurityHandler('BearerAuth', () => false); // the simulator takes PATs only

  async function serve(req: http.IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const auth = authenticate(state, req.headers.authorization);
    if ('refused' in auth) return auth.refused;
    let text: string;
    try {
      text = await readBody(req);
    } catch (err) {
      if (err instanceof BodyTooLargeError) return errorReply(413, err.message);
      throw err;
    }
    let body: unknown;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        return errorReply(400, "couldn't parse JSON request");
      }
    }
    const call: Call = { state, principal: auth.user, now, logger, body };
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
    );
    return (await api.handleRequest(
      { method: req.method ?? 'GET', path: url.pathname, query: queryOf(url), headers, body },
      call,
    )) as Reply;
  }

  const server = http.createServer((req, res) => {
    const started = performance.now();
    serve(req).then(
      (reply) => {
        // NetBird tags every answer with a request id (the client logs it with failures).
        sendJson(res, reply.status, reply.body, { 'x-request-id': randomUUID() });
        logger.debug('NetBird simulator answered', {
          method: req.method,
          path: req.url?.split('?')[0],
          status: reply.status,
          ms: Math.round(performance.now() - started),
        });
      },
      (err: unknown) => {
        logger.error('NetBird simulator failed', {
          method: req.method,
          path: req.url?.split('?')[0],
          error: err instanceof Error ? err : String(err),
        });
        if (!res.headersSent) sendJson(res, 500, { message: 'internal error', code: 500 });
        else res.end();
      },
    );
  });
  const port = await listen(server, options.port);
  const url = `http://127.0.0.1:${port}`;
  logger.info('NetBird simulator listening', { url });
  return { url, state, stop: () => close(server) };
}
