/**
 * A cancellation scope for outbound HTTP: work started inside `runCancellable(signal, fn)` has
 * every NetBird and Graph request it makes (however deep, through AsyncLocalStorage) aborted when
 * `signal` aborts, and no retry starts after that. Why: the bot gives a command until its
 * deadline, then hands the command to a queue (bot/follow-up.ts); the run it abandons must stop
 * calling NetBird and Graph instead of going on after the HTTP function has returned.
 * https://nodejs.org/api/async_context.html#class-asynclocalstorage
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<AbortSignal>();

export function runCancellable<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  return scope.run(signal, fn);
}

/** The scope's signal, if this code runs inside one. */
export function cancelSignal(): AbortSignal | undefined {
  return scope.getStore();
}

/** `signal` combined with the scope's (if any). */
export function withCancelScope(signal: AbortSignal): AbortSignal {
  const cancel = scope.getStore();
  return cancel ? AbortSignal.any([signal, cancel]) : signal;
}
