/**
 * Access-control policies. NetBird 0.77 keeps one rule per policy, and a rule has either `ports`
 * or `port_ranges`; sources and destinations are groups, or a single resource
 * (`sourceResource`/`destinationResource`). The default policy is simply a rule All→All, protocol
 * `all`: nothing flags it, so callers recognise it by shape.
 */
import { normalisePolicy } from './normalise.js';
import type { NetBirdTransport } from './transport.js';
import type { NetBirdPolicy } from './types.js';

export async function listPolicies(t: NetBirdTransport): Promise<NetBirdPolicy[]> {
  return t.shared('policies', '', async () =>
    (await t.list('GET /api/policies', t.http.GET('/api/policies'))).map(normalisePolicy),
  );
}
