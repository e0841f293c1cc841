/**
 * A timer's heartbeat as stored (table `Heartbeats`, PK `heartbeat`, RK the timer): when it last
 * succeeded, when it last failed and why, and the overdue alert card while one is out.
 */
import { z } from 'zod';
import { sentMessageSchema } from './model.js';

export const HEARTBEAT_PARTITION = 'heartbeat';
export const HEARTBEATS = ['sweep', 'subscriptions', 'retry'] as const;
export type HeartbeatName = (typeof HEARTBEATS)[number];

const iso = z.string().min(1);

export const heartbeatSchema = z.object({
  name: z.enum(HEARTBEATS),
  /** When this row was first written: a timer that never succeeded is overdue counted from here. */
  firstSeenAt: iso,
  lastSuccessAt: iso.optional(),
  lastFailureAt: iso.optional(),
  lastError: z.string().optional(),
  /** The overdue alert: claimed (ETag) before it is posted, so two timers never post it twice. */
  alert: z.object({ since: iso, updatedAt: iso, sent: sentMessageSchema.optional() }).optional(),
});
export type Heartbeat = z.infer<typeof heartbeatSchema>;
