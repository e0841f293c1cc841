/**
 * Reads the audit log and checks each event at the boundary: NetBird answers the newest 10,000
 * with no paging or filter (shared/netbird/events.ts). The schema is loose on purpose: an activity
 * code or meta value a newer NetBird adds must pass; only an event without an id or a time (which
 * the feed cannot de-duplicate or order) is dropped.
 */
import { z } from 'zod';
import type { NetBirdEvent } from '../netbird/types.js';

const eventSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  timestamp: z.string().refine((v) => !Number.isNaN(Date.parse(v)), { error: 'is not a time' }),
  activity: z.string().catch(''),
  activity_code: z.string().catch(''),
  initiator_id: z.string().catch(''),
  initiator_name: z.string().catch(''),
  initiator_email: z.string().catch(''),
  target_id: z.string().catch(''),
  meta: z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((m) => m ?? {}),
});

export interface EventRead {
  events: NetBirdEvent[];
  /** Events refused by the schema (no id or no time). */
  dropped: number;
}

export function checkEvents(raw: readonly unknown[]): EventRead {
  const events: NetBirdEvent[] = [];
  let dropped = 0;
  for (const item of raw) {
    const parsed = eventSchema.safeParse(item);
    if (parsed.success) events.push(parsed.data as NetBirdEvent);
    else dropped++;
  }
  return { events, dropped };
}

export async function readEvents(netbird: { listAuditEvents(): Promise<readonly unknown[]> }): Promise<EventRead> {
  return checkEvents(await netbird.listAuditEvents());
}
