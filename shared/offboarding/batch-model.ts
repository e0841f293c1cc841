/**
 * Blast-radius records (table `OffboardingBatches`): the sliding window of users that automatic
 * triggers admitted to containment, and the batches of users held until IT confirms.
 */
import { z } from 'zod';
import { sentMessageSchema } from './model.js';

export const heldUserSchema = z.object({ userId: z.string(), name: z.string().optional(), upn: z.string().optional() });
export type HeldUser = z.infer<typeof heldUserSchema>;

/**
 * A confirmed batch is released in chunks, each its own `release-chunk` queue message, so no
 * invocation loops over hundreds of users and a restart resumes where it stopped (batch-release.ts).
 */
/** Users per chunk message: a chunk's sends finish well inside a queue invocation, and the message stays small. */
export const RELEASE_CHUNK_USERS = 25;

/** How many users the chunks done so far cover. */
export function usersReleased(r: Pick<Release, 'total' | 'done'>): number {
  return r.done.reduce((n, i) => n + Math.max(0, Math.min(RELEASE_CHUNK_USERS, r.total - i * RELEASE_CHUNK_USERS)), 0);
}

export const releaseSchema = z.object({
  total: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  /** Indexes of the chunks whose checks are on the queue. */
  done: z.array(z.number().int().nonnegative()),
  /** When every chunk message was on the queue (unset: a crash came between; a click re-queues). */
  queuedAt: z.string().optional(),
  completedAt: z.string().optional(),
});
export type Release = z.infer<typeof releaseSchema>;

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
  release: releaseSchema.optional(),
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
