/** GET /api/health: the app's version, whether NetBird, Graph and storage answer, and the offboarding loop's state (asked at most every few seconds). */
import { register } from '../shared/host/registry.js';
import { httpHandler } from '../shared/host/http-handler.js';
import { json } from '../shared/http/responses.js';
import { offboardingContext } from '../shared/offboarding/context.js';
import { offboardingStatus } from '../shared/offboarding/status.js';
import { type Services } from '../shared/services.js';
import { getServices } from './root/services.js';
import { pingStorage } from '../shared/store/health.js';
import { checkHealth, HealthCache } from '../shared/usecases/health.js';
import { APP_VERSION } from '../shared/version.js';

/** One cache per set of services: once per process in Azure (services are built once). */
const caches = new WeakMap<Services, HealthCache>();

function healthOf(s: Services): HealthCache {
  let cache = caches.get(s);
  if (!cache) {
    cache = new HealthCache(() =>
      checkHealth(
        {
          netbird: () => s.netbirdRead.ping(),
          graph: () => s.graph.ping(),
          storage: () => pingStorage(s.storageConnectionString),
        },
        APP_VERSION,
        undefined,
        () => offboardingStatus(offboardingContext(s)),
      ),
    );
    caches.set(s, cache);
  }
  return cache;
}

export const health = register({
  kind: 'http',
  name: 'health',
  route: 'health',
  methods: ['GET'],
  // Anonymous so a load balancer or uptime check can call it; it tells nothing secret.
  authLevel: 'anonymous',
  handler: httpHandler(async () => {
    const report = await healthOf(getServices()).get();
    return json(report.status === 'ok' ? 200 : 503, report);
  }),
});
