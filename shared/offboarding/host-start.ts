/**
 * What a host does when it starts: queue one "ensure the Graph subscription" message, so a fresh
 * deployment is protected by notifications within seconds instead of at the first 6-hourly tick.
 *
 * Why a queue message and not the ensure itself, or a timer with `runOnStartup`: nothing may run
 * after a function returns on Flex Consumption (DESIGN.md §5b), and the app-start hook delays the
 * worker taking invocations, so it must stay short: one fail-fast queue write is. The queue's
 * retries (and then the failure handling) carry the ensure to completion even when Graph is slow at
 * start. `runOnStartup` is documented to fire on every restart and scale-out, unpredictably, and
 * "should rarely if ever be set to true in production"
 * (https://learn.microsoft.com/azure/azure-functions/functions-bindings-timer#usage).
 * Several instances starting together queue several messages; the ensure's lease and its
 * idempotence make them one subscription (subscriptions.ts).
 */
import { errorMessage } from '../errors.js';
import { jsonLineLogger } from '../logger.js';
import type { Services } from '../services.js';
import { offboardingContext, type OffboardingContext } from './context.js';

/** The app-start hook: never throws (an invalid configuration is reported by every function anyway). */
export async function onHostStart(services: () => Services): Promise<boolean> {
  let ctx: OffboardingContext;
  try {
    ctx = offboardingContext(services());
  } catch (err) {
    jsonLineLogger('error').error('host start: no subscription ensure queued, the configuration is invalid', {
      error: errorMessage(err),
    });
    return false;
  }
  return queueStartupEnsure(ctx);
}

export async function queueStartupEnsure(ctx: OffboardingContext): Promise<boolean> {
  try {
    await ctx.storage.workFast.send({ kind: 'subscription', reason: 'host start' });
    ctx.logger.info('Graph subscription ensure queued at host start');
    return true;
  } catch (err) {
    // Storage is down at start: the subscription timer ensures it at its next tick.
    ctx.logger.error('could not queue the start-up subscription ensure', { error: errorMessage(err) });
    return false;
  }
}
