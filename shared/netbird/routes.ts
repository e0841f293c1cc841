/** Legacy network routes (`/api/routes`). Still read: older setups publish DC subnets this way. */
import { normaliseRoute } from './normalise.js';
import type { NetBirdTransport } from './transport.js';
import type { NetBirdRoute } from './types.js';

export async function listRoutes(t: NetBirdTransport): Promise<NetBirdRoute[]> {
  return t.shared('routes', '', async () =>
    (await t.list('GET /api/routes', t.http.GET('/api/routes'))).map(normaliseRoute),
  );
}
