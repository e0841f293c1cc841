/**
 * Offboarding's audit events: who or what (`actor`), when (`at`), what (`action`, `target`), and the
 * result, all under the case id as correlation id and the Entra user id, so the trail reads per
 * case and per user (shared/store/audit.ts). The schema fills defaults so that reading the user's
 * partition does not fail on events other parts of the app write to the same table.
 */
import { z } from 'zod';
import { auditEnvelopeSchema, auditStamp } from '../store/audit.js';
import { actorSchema, type Actor } from './model.js';

export const AUDIT_RESULTS = ['ok', 'planned', 'no-change', 'skipped', 'refused', 'failed'] as const;

export const offboardingAuditSchema = auditEnvelopeSchema
  .extend({
    source: z.string().default('offboarding'),
    action: z.string().default('event'),
    actor: actorSchema.default({ kind: 'system' }),
    target: z.string().optional(),
    result: z.string().default('ok'),
    /** One line a person can read: "would block NetBird user …", "removed LAPTOP-42 from 2 groups". */
    summary: z.string().default(''),
    detail: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();
export type OffboardingAuditEvent = z.output<typeof offboardingAuditSchema>;

export interface AuditInput {
  action: string;
  actor: Actor;
  result: (typeof AUDIT_RESULTS)[number];
  summary: string;
  target?: string;
  detail?: Record<string, unknown>;
}

/** A complete event for `caseId`/`userId`, stamped now. */
export function auditEvent(
  caseId: string,
  userId: string | undefined,
  input: AuditInput,
  now = new Date(),
): OffboardingAuditEvent {
  return {
    ...auditStamp(now),
    correlationId: caseId,
    ...(userId ? { userId } : {}),
    source: 'offboarding',
    ...input,
  };
}

export const SYSTEM: Actor = { kind: 'system', name: 'netbird-entra-ops' };
