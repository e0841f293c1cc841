/**
 * A pending joiner: one NetBird user waiting for approval (`pending_approval`, DESIGN.md §5b), one
 * row per NetBird user id. The row is the claim that a card was sent (inserted once, across runs
 * and instances) and the state every decision is written to with ETag concurrency, so the first
 * decision wins.
 *
 * States: `awaiting-approval` → `escalated` (nobody answered) → `approved` | `rejected` (decided on
 * the card) | `decided-elsewhere` (approved or rejected in the NetBird dashboard meanwhile).
 */
import { z } from 'zod';
import { sentMessageSchema } from '../offboarding/model.js';

export const JOINER_STATES = ['awaiting-approval', 'escalated', 'approved', 'rejected', 'decided-elsewhere'] as const;
export type JoinerState = (typeof JOINER_STATES)[number];
export const OPEN_STATES: readonly JoinerState[] = ['awaiting-approval', 'escalated'];

const iso = z.string().min(1);
const person = z.object({ aadObjectId: z.string().min(1), name: z.string().optional() });
export type Clicker = z.infer<typeof person>;

/** What Entra says about the joiner, read when the card was built. */
export const entraProfileSchema = z.object({
  id: z.string().min(1),
  displayName: z.string().optional(),
  upn: z.string().optional(),
  department: z.string().optional(),
  jobTitle: z.string().optional(),
  hireDate: z.string().optional(),
  accountEnabled: z.boolean(),
  groups: z.array(z.string()).default([]),
  /** How the NetBird user was tied to this Entra user (user-match.ts). */
  matchedBy: z.enum(['embedded-id', 'legacy-id', 'email']),
});
export type EntraProfile = z.infer<typeof entraProfileSchema>;

export const pendingJoinerSchema = z.object({
  /** `joiner-<NetBird user id>`: the audit trail's correlation id. */
  id: z.string().min(1),
  netbirdUserId: z.string().min(1),
  email: z.string().default(''),
  name: z.string().default(''),
  /** What NetBird would give them: the auto groups, by name. */
  autoGroups: z.array(z.string()).default([]),
  entra: entraProfileSchema.optional(),
  /** Indexed: `case`/`audit <user>` and the subject check find the joiner by Entra id. */
  entraUserId: z.string().optional(),
  manager: z.object({ id: z.string().min(1), name: z.string() }).optional(),
  state: z.enum(JOINER_STATES),
  /** Indexed: the poll reads only open rows. */
  open: z.boolean(),
  detectedAt: iso,
  /** Set once the cards went out; a row without it after a crash is sent again (poll.ts). */
  approvalSentAt: iso.optional(),
  remindedAt: iso.optional(),
  escalatedAt: iso.optional(),
  decision: z
    .object({ outcome: z.enum(['approve', 'reject']), by: person, at: iso, as: z.enum(['manager', 'it-approver']) })
    .optional(),
  /** The NetBird call after a decision failed: the decision was undone, the card can be used again. */
  lastFailure: z.object({ at: iso, message: z.string() }).optional(),
  closedAt: iso.optional(),
  /** What closed it, in words: "approved in the NetBird dashboard", "rejected by …". */
  closedNote: z.string().optional(),
  messages: z.array(sentMessageSchema).default([]),
  updatedAt: iso,
});
export type PendingJoiner = z.output<typeof pendingJoinerSchema>;

/** Why Approve is not offered: the Entra account is missing or disabled (flagged to IT). */
export function approveBlockedReason(j: Pick<PendingJoiner, 'entra'>): string | undefined {
  if (!j.entra) return 'no matching Entra user was found';
  if (!j.entra.accountEnabled) return 'the Entra account is disabled';
  return undefined;
}

export const isOpen = (j: Pick<PendingJoiner, 'state'>): boolean => OPEN_STATES.includes(j.state);
export const joinerId = (netbirdUserId: string): string => `joiner-${netbirdUserId}`;
export const whoJoins = (j: Pick<PendingJoiner, 'entra' | 'name' | 'email' | 'netbirdUserId'>): string =>
  j.entra?.displayName || j.name || j.email || j.netbirdUserId;
