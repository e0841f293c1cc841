/** Setup keys (machine enrolment). The list answer carries the key masked, never in clear. */
import { normaliseSetupKey } from './normalise.js';
import type { NetBirdTransport } from './transport.js';
import type { NetBirdSetupKey } from './types.js';

export async function listSetupKeys(t: NetBirdTransport): Promise<NetBirdSetupKey[]> {
  const keys = await t.list('GET /api/setup-keys', t.http.GET('/api/setup-keys'));
  return keys.map(normaliseSetupKey);
}
