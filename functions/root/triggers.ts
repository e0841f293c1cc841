/**
 * What the offboarding function files share: the context for an invocation (services, storage,
 * a logger bound to the invocation) and, for queue triggers, the message's identity. The message id
 * is the step runner's lease owner (advance.ts): a redelivered message keeps its id and so resumes
 * its own lease, and `dequeueCount` is the attempt number.
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-queue-trigger#message-metadata
 */
import { randomUUID } from 'node:crypto';
import type { InvocationContext } from '@azure/functions';
import { contextLogger } from '../../shared/logger.js';
import { getServices } from './services.js';
import { offboardingContext, type OffboardingContext } from '../../shared/offboarding/context.js';

export function invocationContext(context: InvocationContext): OffboardingContext {
  const services = getServices();
  return offboardingContext(services, {
    logger: contextLogger(context, { function: context.functionName, invocationId: context.invocationId }),
  });
}

export function queueMessageMeta(context: InvocationContext): { owner: string; attempt: number | undefined } {
  const meta = context.triggerMetadata ?? {};
  const id = typeof meta.id === 'string' && meta.id ? meta.id : undefined;
  const count = Number(meta.dequeueCount);
  return {
    owner: id ? `message:${id}` : `invocation:${context.invocationId || randomUUID()}`,
    attempt: Number.isFinite(count) && count > 0 ? count : undefined,
  };
}
