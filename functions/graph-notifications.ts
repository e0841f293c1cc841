/** POST /api/graph/notifications: Graph change notifications on users (and the validation handshake). */
import { register } from '../shared/host/registry.js';
import { httpHandler } from '../shared/host/http-handler.js';
import { readJson } from '../shared/http/read-json.js';
import { validationHandshake } from '../shared/offboarding/graph-webhook/handshake.js';
import { receiveNotifications } from '../shared/offboarding/graph-webhook/notifications.js';
import { offboardingStorage } from '../shared/offboarding/storage.js';
import { getServices } from './root/services.js';

export const graphNotifications = register({
  kind: 'http',
  name: 'graphNotifications',
  route: 'graph/notifications',
  methods: ['POST'],
  // Graph keeps the `?code=` of the notification URL, so the function key protects the endpoint.
  authLevel: 'function',
  key: 'graph-webhook',
  handler: httpHandler(async (request, logger) => {
    const handshake = validationHandshake(request);
    if (handshake) return handshake;
    const s = getServices();
    await receiveNotifications(
      offboardingStorage(s.storageConnectionString),
      s.config.graph.tenantId,
      await readJson(request),
      logger,
    );
    return { status: 202 };
  }),
});
