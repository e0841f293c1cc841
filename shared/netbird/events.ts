/**
 * The audit log. `GET /api/events/audit` takes no filters and answers the newest 10,000 events,
 * so callers filter by time and target themselves.
 */
import { normaliseEvent } from './normalise.js';
import type { NetBirdTransport } from './transport.js';
import type { NetBirdEvent } from './types.js';

export async function listAuditEvents(t: NetBirdTransport): Promise<NetBirdEvent[]> {
  const events = await t.list('GET /api/events/audit', t.http.GET('/api/events/audit'));
  return events.map(normaliseEvent);
}
