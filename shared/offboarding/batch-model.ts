/**
 * Blast-radius records (table `OffboardingBatches`): the sliding window of users that automatic
 * triggers admitted to containment, and the batches of users held until IT confirms.
 */
import { z } from 'zod';
import { sentMessageSchema } from './model.js';

export const heldUserSchema = z.object({ userId: z.string(), name: z.string().optional(), upn: z.string().optional() });
export type HeldUser = z.infer<typeof heldUserSchema>;

export const batchSchema = z.object({
  kind: z.literal('batch'),
  id: z.string(),
  /** `sweep`: one sweep found too many; `burst`: notifications within the window did. */
  source: z.enum(['sweep', 'burst']),
  status: z.enum(['held', 'released', 'dismissed']),
  users: z.array(heldUserSchema),
  allowance: z.number(),
  netbirdUsers: z.number(),
  openedAt: z.string(),
  /** A burst batch keeps collecting users until then. */
  collectUntil: z.string(),
  message: sentMessageSchema.optional(),
  decidedBy: z.object({ aadObjectId: z.string(), name: z.string().optional() }).optional(),
  decidedAt: z.string().optional(),
});
export type Batch = z.infer<typeof batchSchema>;

export const windowSchema = z.object({
  kind: z.literal('window'),
  entries: z.array(z.object({ userId: z.string(), at: z.string() })),
  /** The burst batch currently collecting held users, if any. */
  heldBatchId: z.string().optional(),
  /** Until when that batch collects. */
  heldUntil: z.string().optional(),
});
export type BurstWindow = z.infer<typeof windowSchema>;

export const batchRowSchema = z.discriminatedUnion('kind', [batchSchema, windowSchema]);
export type BatchRow = z.infer<typeof batchRowSchema>;
