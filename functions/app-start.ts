/** When the Functions host starts the app: the configuration is validated now (shared/host/startup.ts). */
import { app } from '../shared/host/azure-functions.js';
import { validateAtStart } from '../shared/host/startup.js';

export const appStart = app.hook.appStart(() => {
  validateAtStart();
});
