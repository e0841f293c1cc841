/**
 * The offboarding case as it is stored (one row per Entra user, table `OffboardingCases`), validated
 * with zod on every write and read. Every step writes its result here before the next step runs,
 * so a replay or a restart continues from what is recorded and never repeats an external write.
 * Times are ISO strings; the case id is also the correlation id of every audit event of the case.
 */
import { z } from 'zod';

export const CASE_STATES = [
  'detected',
  'contained',
  'awaiting-approval',
  'cleaned-up',
  'closed',
  'rejected',
  'escalated',
] as const;
export const caseStateSchema = z.enum(CASE_STATES);
export type CaseState = z.infer<typeof caseStateSchema>;

/** Why the case was opened. `manual`: a person (Teams) or another system (webhook) asked. */
export const caseReasonSchema = z.enum(['disabled', 'soft-deleted', 'hard-deleted', 'manual']);
export type CaseReason = z.infer<typeof caseReasonSchema>;

const iso = z.string().min(1);

export const actorSchema = z.object({
  kind: z.enum(['system', 'notification', 'sweep', 'timer', 'teams', 'webhook', 'user']),
  id: z.string().optional(),
  name: z.string().optional(),
});
export type Actor = z.infer<typeof actorSchema>;

export const groupRefSchema = z.object({ id: z.string(), name: z.string() });
export type GroupRef = z.infer<typeof groupRefSchema>;

/** A group a quarantined peer left, and why it had to: `policy` (a policy uses it) and/or
 * `route <network id>` (distribution group of a legacy route without access-control groups). */
export const leftGroupSchema = groupRefSchema.extend({ via: z.array(z.string()).optional() });
export type LeftGroup = z.infer<typeof leftGroupSchema>;

/** A sent Teams message (notifier `SentMessage`), kept so the card can be updated in place. */
export const sentMessageSchema = z.object({
  conversationId: z.string(),
  activityId: z.string(),
  serviceUrl: z.string(),
  via: z.enum(['personal', 'channel']),
});

/** The outcome of one external write: done, planned (dry-run), or nothing to change. */
/** The user's NetBird account as found before anything was written (`wasBlocked`: by someone else). */
export const netbirdUserRefSchema = z.object({
  id: z.string(),
  matchedBy: z.string(),
  role: z.string(),
  wasBlocked: z.boolean(),
});
export type NetbirdUserRef = z.infer<typeof netbirdUserRefSchema>;

export const writeResultSchema = z.object({
  at: iso,
  result: z.enum(['done', 'no-change', 'planned', 'skipped', 'failed']),
  note: z.string().optional(),
});
export type WriteResult = z.infer<typeof writeResultSchema>;

/**
 * Where the tie between a machine peer and the user comes from (DESIGN.md §5b), strongest first:
 * an assignment IT made, the Intune primary user, the user's own SSO peer on the same hostname, the
 * user's recent interactive sign-ins on it, the Entra registered or owned device of that name.
 */
export const EVIDENCE_SOURCES = ['assignment', 'intune', 'sso-peer', 'sign-in', 'entra'] as const;
export const evidenceSourceSchema = z.enum(EVIDENCE_SOURCES);
export type EvidenceSource = z.infer<typeof evidenceSourceSchema>;

export const evidenceSchema = z.object({
  source: evidenceSourceSchema,
  /** In words, for the card and the audit trail: "Intune primary user (last sync …)". */
  detail: z.string(),
  /** When the evidence was read (or the assignment made). */
  at: iso,
});
export type Evidence = z.infer<typeof evidenceSchema>;

/** Another person the laptop's evidence points at (a shared or re-issued laptop). */
export const otherUserSchema = z.object({
  name: z.string(),
  /** Entra object id when known. */
  id: z.string().optional(),
  source: evidenceSourceSchema,
  detail: z.string(),
});
export type OtherUser = z.infer<typeof otherUserSchema>;

export const deviceSchema = z.object({
  peerId: z.string(),
  name: z.string(),
  hostname: z.string(),
  os: z.string(),
  lastSeen: z.string().optional(),
  connected: z.boolean(),
  /** `sso`: enrolled by the user (its `user_id`); `machine`: a setup-key peer matched by hostname. */
  kind: z.enum(['sso', 'machine']),
  /** How the device was tied to the user, in one line: `user_id`, or the strongest evidence. */
  matchedBy: z.string(),
  /** Machine peers: every piece of evidence, strongest first (cases stored before it have none). */
  evidence: z.array(evidenceSchema).optional(),
  /** Other active people the laptop's evidence points at. */
  alsoUsedBy: z.array(otherUserSchema).optional(),
  /** The strongest evidence is another active person's: not quarantined, the approver decides. */
  shared: z.boolean().optional(),
  groups: z.array(groupRefSchema),
  /** Machine peers: the groups it was taken out of, those policies use and the distribution groups
   * of legacy routes without access-control groups (exactly these are restored on "keep"). */
  quarantine: z
    .object({
      removedFrom: z.array(leftGroupSchema),
      /** Set once the peer is out of those groups and in the quarantine group. */
      done: writeResultSchema.optional(),
    })
    .optional(),
  /** The approver's choice, and what happened. */
  decision: z.enum(['remove', 'keep']).optional(),
  cleanup: writeResultSchema.extend({ action: z.enum(['deleted', 'already-gone', 'restored', 'kept']) }).optional(),
});
export type Device = z.infer<typeof deviceSchema>;

export const decisionSchema = z.object({
  outcome: z.enum(['approve', 'reject']),
  by: z.object({ aadObjectId: z.string(), name: z.string().optional() }),
  at: iso,
  /** How the decider was allowed: the user's manager, or an IT approver. */
  as: z.enum(['manager', 'it-approver']),
});
export type Decision = z.infer<typeof decisionSchema>;

/** Who clicked a card button (the Entra object id from the activity, never from card data). */
const clickerSchema = z.object({ aadObjectId: z.string(), name: z.string().optional() });

/**
 * A returner (issue 13): the account was enabled again in Entra after containment (the case closed,
 * or is open and contained). IT is asked on a card in the IT channel, once per re-enable; nothing is
 * restored without an IT approver's click (returner/*.ts).
 */
export const returnerSchema = z.object({
  /** When the re-enable was noticed and the offer claimed (one card per re-enable). */
  offeredAt: iso,
  /** The card in the IT channel, updated in place. */
  message: sentMessageSchema.optional(),
  /** An IT approver clicked Restore (first click wins); `done` once the step runner restored. */
  restore: z.object({ by: clickerSchema, at: iso, done: writeResultSchema.optional() }).optional(),
  /** The last refusal because Entra, re-read, no longer said enabled: shown on the card. */
  refused: z.object({ at: iso, reason: z.string() }).optional(),
  /** The account was disabled (or deleted) again before anyone restored: the offer is over. */
  withdrawn: z.object({ at: iso, reason: z.string() }).optional(),
});
export type Returner = z.infer<typeof returnerSchema>;

export const offboardingCaseSchema = z.object({
  /** The case id and the correlation id of its audit trail. */
  id: z.string().min(1),
  /** Entra object id, lower case. */
  userId: z.string().min(1),
  /** Lower-cased UPN, indexed so `cases <upn>` works for deleted users too. */
  upn: z.string().optional(),
  displayName: z.string().optional(),
  mail: z.string().optional(),
  state: caseStateSchema,
  /** True until the case is closed: the indexed column `listOpenCases` filters on. */
  open: z.boolean(),
  reason: caseReasonSchema,
  requestedBy: actorSchema,
  note: z.string().optional(),
  dryRun: z.boolean(),
  openedAt: iso,
  updatedAt: iso,
  closedAt: iso.optional(),
  /** How the case ended: `nothing-in-netbird`, `approved`, `false-alarm`, `dismissed`, `enabled-again`,
   * `restored` (a returner's access restored by IT while the case was still open). */
  outcome: z.string().optional(),
  /** Last time any trigger saw the account enabled in Entra (re-opens a finished case later). */
  seenEnabledAt: iso.optional(),
  /** A manual case (opened while the account may still be enabled): when a check first found the
   * account disabled or deleted. Only then is a later "enabled" a re-enable (returner/changes.ts). */
  seenDisabledAt: iso.optional(),

  /** Blast-radius guard: admitted to containment (how), or held in a batch IT must confirm. */
  admission: z
    .object({ via: z.enum(['window', 'sweep', 'batch', 'manual']), at: iso, batchId: z.string().optional() })
    .optional(),
  hold: z.object({ batchId: z.string(), at: iso }).optional(),

  /**
   * Who to block, found first (steps/find-user.ts): containment does not wait for the inventory,
   * which reads every peer and the device evidence (issue 15: a burst blocks at the write budget).
   */
  target: z.object({ at: iso, netbirdUser: netbirdUserRefSchema.optional(), netbirdPeople: z.number() }).optional(),
  /** What exists in NetBird and Entra for the user, read once at detection (after the block). */
  inventory: z
    .object({
      at: iso,
      netbirdUser: netbirdUserRefSchema.optional(),
      /** Names of the user's Entra registered and owned devices (machine peers are matched on them). */
      entraDevices: z.array(z.string()),
      entraDevicesNote: z.string().optional(),
      /** Evidence sources that could not be read (a missing permission or licence), in words. */
      attributionNotes: z.array(z.string()).optional(),
      /** What quarantine cannot guarantee with the current policies (see quarantine-plan.ts). */
      quarantineWarnings: z.array(z.string()),
      /** People (not service users) in NetBird: the blast-radius share is of these. */
      netbirdPeople: z.number(),
    })
    .optional(),
  devices: z.array(deviceSchema).default([]),
  block: writeResultSchema.optional(),
  quarantineGroup: groupRefSchema.optional(),

  manager: z.object({ id: z.string(), name: z.string(), upn: z.string().optional() }).optional(),
  /** Every copy of the approval card (manager, reminder, escalation): all are updated in place. */
  messages: z.array(sentMessageSchema).default([]),
  approvalSentAt: iso.optional(),
  remindedAt: iso.optional(),
  escalatedAt: iso.optional(),
  decision: decisionSchema.optional(),
  /** Earlier decisions of this case, oldest first: a rejection the case was reopened from. */
  priorDecisions: z.array(decisionSchema).optional(),
  /**
   * The last time an unblock was refused because Entra still said the account was disabled or
   * deleted (rejected-but-still-disabled): shown on the card; cleared when an unblock goes ahead.
   */
  unblockRefused: z.object({ at: iso, reason: z.string() }).optional(),
  /** After a rejection: IT confirms, then the user is unblocked and machine peers restored. */
  unblock: z
    .object({
      by: z.object({ aadObjectId: z.string(), name: z.string().optional() }),
      at: iso,
      done: writeResultSchema.optional(),
    })
    .optional(),
  netbirdUserDeleted: writeResultSchema.optional(),
  closeNotified: z.boolean().optional(),
  /** Enabled again in Entra after containment: the restore offer to IT (returner/*.ts). */
  returner: returnerSchema.optional(),

  /** The step runner's lease: one processor works the case at a time (see advance.ts). */
  lease: z.object({ owner: z.string(), until: iso }).optional(),
  lastError: z.object({ at: iso, step: z.string(), message: z.string(), attempt: z.number().optional() }).optional(),
  /** Set by the poison-queue handler: retries ran out. Cleared when the case is resumed. */
  failure: z.object({ at: iso, step: z.string(), message: z.string() }).optional(),

  /**
   * Self-healing (retry.ts, episodes.ts): one failure episode, from the first give-up (or the case
   * found stuck) until the case moves on. Cleared, and its alert card updated to "recovered", when
   * the step runner next finds nothing left to do.
   */
  retry: z
    .object({
      since: iso,
      cause: z.enum(['failed', 'stuck']),
      /** Automatic re-queues so far in this episode. */
      attempts: z.number().int().min(0),
      /** When the retry timer re-queues the case next; absent while a retry is in flight or none will come. */
      nextAt: iso.optional(),
      lastQueuedAt: iso.optional(),
      /** Retrying cannot fix it (classify.ts): why, for the card. No automatic retry while set. */
      needsPerson: z.string().optional(),
      /** Retries ran out (RETRY_FOR_DAYS): left to a person. */
      gaveUpAt: iso.optional(),
      /** The episode's one alert card in the IT channel, updated in place. */
      alert: sentMessageSchema.optional(),
    })
    .optional(),
});
export type OffboardingCase = z.infer<typeof offboardingCaseSchema>;

/** States in which nothing more happens to the case. */
export const isFinished = (c: Pick<OffboardingCase, 'state'>): boolean => c.state === 'closed';

/** The case's NetBird user: from the inventory, or found before it (containment first). */
export const netbirdUserOf = (c: Pick<OffboardingCase, 'inventory' | 'target'>): NetbirdUserRef | undefined =>
  c.inventory?.netbirdUser ?? c.target?.netbirdUser;
