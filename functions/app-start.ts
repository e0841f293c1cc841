/**
 * When the host starts the app (every instance, before any invocation): the configuration is
 * validated now (shared/host/startup.ts). Registered before the other start hooks (files load in
 * name order), and the one start hook that throws on purpose: a bad configuration stops the app.
 */
import { registerStartHook } from '../shared/host/registry.js';
import { validateAtStart } from '../shared/host/startup.js';

export const appStart = registerStartHook({
  name: 'validateConfiguration',
  // A rejected promise, not a synchronous throw: the host awaits it either way.
  handler: () =>
    Promise.resolve().then(() => {
      validateAtStart();
    }),
});
