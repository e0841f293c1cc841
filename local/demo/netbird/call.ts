/**
 * What every simulated NetBird operation gets and gives back, and NetBird's error answer.
 *
 * NetBird writes every handler error as `{"message": "...", "code": <http status>}`
 * (shared/management/http/util/util.go, WriteErrorResponse): 400 for a body it cannot parse,
 * 401 without valid credentials, 403 without permission, 404, 409 for a duplicate, 422 for invalid
 * input (status.InvalidArgument).
 */
import type { Context } from 'openapi-backend';
import type { Logger } from '../../../shared/logger.js';
import { WRITE_ROLES, type NetBirdState, type SimUser } from './state.js';

export interface Call {
  state: NetBirdState;
  /** The service user whose token made the request. */
  principal: SimUser;
  now: () => Date;
  logger: Logger;
  body: unknown;
}

export interface OperationCall extends Call {
  params: Record<string, string>;
  query: Record<string, string | string[]>;
}

export interface Reply {
  status: number;
  body: unknown;
}

export class NetBirdSimError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function errorReply(status: number, message: string): Reply {
  return { status, body: { message, code: status } };
}

export const ok = (body: unknown): Reply => ({ status: 200, body });

export type Operation = (call: OperationCall) => Reply;

/**
 * An openapi-backend handler around `run`: path and query from the validated request; writes need
 * a role that may write (NetBird's service user roles: an `auditor` token reads only).
 */
export function operation(run: Operation, access: 'read' | 'write' = 'read') {
  return (context: Context, call: Call): Reply => {
    if (access === 'write' && !WRITE_ROLES.has(call.principal.role)) {
      return errorReply(
        403,
        `user ${call.principal.name} with role ${call.principal.role} has no permission to do this`,
      );
    }
    try {
      return run({
        ...call,
        params: context.request.params as Record<string, string>,
        query: context.request.query as Record<string, string | string[]>,
      });
    } catch (err) {
      if (err instanceof NetBirdSimError) return errorReply(err.status, err.message);
      throw err;
    }
  };
}

/** A query parameter's single value. */
export function queryValue(query: OperationCall['query'], name: string): string | undefined {
  const v = query[name];
  return Array.isArray(v) ? v[0] : v;
}
