/**
 * Wraps a use-case call as an Azure Functions HTTP handler: a logger bound to the invocation, and
 * every thrown error mapped to a status by `errorResponse`, so function files stay a few lines.
 */
import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { errorResponse } from '../http/responses.js';
import { contextLogger, type Logger } from '../logger.js';

export type HttpUseCase = (
  request: HttpRequest,
  logger: Logger,
  context: InvocationContext,
) => Promise<HttpResponseInit>;

export function httpHandler(run: HttpUseCase): HttpHandler {
  return async (request, context) => {
    const logger = contextLogger(context, { function: context.functionName, invocationId: context.invocationId });
    try {
      return await run(request, logger, context);
    } catch (err) {
      return errorResponse(err, logger);
    }
  };
}
