/**
 * Queue messages of offboarding. `graph-notifications` carries "check this user" (from a Graph
 * notification, the sweep, or a released batch); `offboarding-work` carries the rest: advance a
 * case after a decision or a manual request, act on a lifecycle event, run a sweep, ensure the
 * Graph subscription, release one chunk of a confirmed batch.
 * No secret is ever put in a message (the clientState stays in the webhook).
 */
import { z } from 'zod';

export const userCheckSchema = z.object({
  kind: z.literal('check'),
  userId: z.string().min(1).max(200),
  changeType: z.enum(['updated', 'deleted']),
  source: z.enum(['notification', 'sweep', 'batch']),
  /** The sweep already weighed this user against the blast radius; a batch was confirmed by IT. */
  admitted: z.boolean().default(false),
  batchId: z.string().optional(),
  subscriptionId: z.string().optional(),
  receivedAt: z.string(),
});
export type UserCheck = z.infer<typeof userCheckSchema>;

export const workMessageSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('advance'),
    userId: z.string().min(1).max(200),
    reason: z.string().max(200),
    /** Handed off after its block in a burst: waits until this process's other leavers are blocked. */
    afterBlocks: z.boolean().optional(),
  }),
  z.object({
    kind: z.literal('lifecycle'),
    event: z.enum(['reauthorizationRequired', 'subscriptionRemoved', 'missed']),
    subscriptionId: z.string().min(1).max(200),
  }),
  z.object({ kind: z.literal('sweep'), reason: z.string().max(200) }),
  /** Make sure the Graph subscription exists (queued when a host starts: host-start.ts). */
  z.object({ kind: z.literal('subscription'), reason: z.string().max(200) }),
  /** One chunk of a confirmed blast-radius batch: queue the checks of these users (batch-release.ts). */
  z.object({
    kind: z.literal('release-chunk'),
    batchId: z.string().min(1).max(100),
    index: z.number().int().nonnegative(),
    userIds: z.array(z.string().min(1).max(200)).min(1).max(100),
  }),
]);
export type WorkMessage = z.infer<typeof workMessageSchema>;

/** The user a message is about, when it is about one (for the poison handler). */
export function userOfMessage(message: UserCheck | WorkMessage): string | undefined {
  return 'userId' in message ? message.userId : undefined;
}
