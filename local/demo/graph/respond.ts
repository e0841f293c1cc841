/**
 * Graph's answer shapes: JSON with `@odata.context`, and errors as
 * `{"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}}}`.
 * https://learn.microsoft.com/graph/errors
 */
export interface GraphReply {
  status: number;
  /** JSON body; undefined for 204. */
  body?: unknown;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

export class GraphSimError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, code = 'BadRequest') => new GraphSimError(400, code, message);
export const notFound = (what: string) =>
  new GraphSimError(
    404,
    'Request_ResourceNotFound',
    `Resource '${what}' does not exist or one of its queried reference-property objects are not present.`,
  );

export function errorBody(
  code: string,
  message: string,
  requestId: string,
  clientRequestId: string | undefined,
  now: Date,
): unknown {
  return {
    error: {
      code,
      message,
      innerError: {
        date: now.toISOString().replace(/\.\d+Z$/, ''),
        'request-id': requestId,
        'client-request-id': clientRequestId ?? requestId,
      },
    },
  };
}

export const json = (body: unknown, status = 200): GraphReply => ({ status, body });
export const noContent = (): GraphReply => ({ status: 204 });
