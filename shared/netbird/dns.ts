/** DNS nameserver groups: the AD match domain should be a non-primary group (primary ⇔ no domains). */
import { normaliseNameserverGroup } from './normalise.js';
import type { NetBirdTransport } from './transport.js';
import type { NetBirdNameserverGroup } from './types.js';

export async function listNameserverGroups(t: NetBirdTransport): Promise<NetBirdNameserverGroup[]> {
  return t.shared('dns', '', async () =>
    (await t.list('GET /api/dns/nameservers', t.http.GET('/api/dns/nameservers'))).map(normaliseNameserverGroup),
  );
}
