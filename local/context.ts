/** InvocationContexts for the local host, logging through the injected logger like the Functions host would. */
import { randomUUID } from 'node:crypto';
import type { InvocationContext as Context, InvocationContextInit } from '@azure/functions';
import { InvocationContext } from '../shared/host/azure-functions.js';
import { ContextLogFields, type LogFields, type Logger } from '../shared/logger.js';

/** A contextLogger's call (message, fields) stays a structured record; anything else is joined into one message. */
function toRecord(args: unknown[]): { message: string; fields?: LogFields } {
  const [first, second] = args;
  if (args.length === 2 && typeof first === 'string' && second instanceof ContextLogFields) {
    return { message: first, fields: second.fields };
  }
  return { message: args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') };
}

export function localContext(functionName: string, logger: Logger, init: Partial<InvocationContextInit> = {}): Context {
  const invocationId = randomUUID();
  const log = logger.child({ function: functionName, invocationId });
  return new InvocationContext({
    ...init,
    functionName,
    invocationId,
    logHandler: (level, ...args) => {
      const { message, fields } = toRecord(args);
      if (level === 'error' || level === 'critical') log.error(message, fields);
      else if (level === 'warning') log.warn(message, fields);
      else if (level === 'trace' || level === 'debug') log.debug(message, fields);
      else log.info(message, fields);
    },
  });
}
