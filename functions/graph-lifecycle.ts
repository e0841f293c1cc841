/** POST /api/graph/lifecycle: Graph lifecycle notifications for our subscription (and the handshake). */
import { register } from '../shared/host/registry.js';
import { httpHandler } from '../shared/host/http-handler.js';
import { readJson } from '../shared/http/read-json.js';
import { validationHandshake } from '../shared/offboarding/graph-webhook/handshake.js';
import { receiveLifecycle } from '../shared/offboarding/graph-webhook/lifecycle.js';
import { offboardingStorage } from '../shared/offboarding/storage.js';
import { getServices } from './root/services.js';

export const graphLifecycle = register({
  kind: 'http',
  name: 'graphLifecycle',
  route: 'graph/lifecycle',
  methods: ['POST'],
  authLevel: 'function',
  key: 'graph-webhook',
  handler: httpHandler(async (request, logger) => {
    const handshake = validationHandshake(request);
    if (handshake) return handshake;
    const s = getServices();
    await receiveLifecycle(
      offboardingStorage(s.storageConnectionString),
      s.config.graph.tenantId,
      await readJson(request),
      logger,
    );
    return { status: 202 };
  }),
});
