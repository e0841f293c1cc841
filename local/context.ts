/** InvocationContexts for the local host, logging through the injected logger like the Functions host would. */
import { randomUUID } from 'node:crypto';
import type { InvocationContext as Context, InvocationContextInit } from '@azure/functions';
import { InvocationContext } from '../shared/host/azure-functions.js';
import type { Logger } from '../shared/logger.js';

export function localContext(functionName: string, logger: Logger, init: Partial<InvocationContextInit> = {}): Context {
  const invocationId = randomUUID();
  const log = logger.child({ function: functionName, invocationId });
  return new InvocationContext({
    ...init,
    functionName,
    invocationId,
    logHandler: (level, ...args) => {
      const message = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      if (level === 'error' || level === 'critical') log.error(message);
      else if (level === 'warning') log.warn(message);
      else if (level === 'trace' || level === 'debug') log.debug(message);
      else log.info(message);
    },
  });
}
