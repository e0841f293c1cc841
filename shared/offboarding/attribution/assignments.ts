/**
 * IT's word on whose laptop a machine peer is (`assign <device> <user>`, `unassign <device>`): the
 * strongest evidence there is, kept in table storage by hostname (a re-imaged laptop keeps its
 * name and gets a new peer, and the assignment still holds).
 */
import { z } from 'zod';
import { keySafe } from '../../store/keys.js';
import type { OffboardingContext } from '../context.js';

export const ASSIGNMENT_PARTITION = 'device';

export const deviceAssignmentSchema = z.object({
  /** Lower-cased hostname of the laptop. */
  hostname: z.string().min(1),
  /** The Entra object id of the person it belongs to, lower case. */
  userId: z.string().min(1),
  upn: z.string().optional(),
  name: z.string().optional(),
  by: z.object({ aadObjectId: z.string(), name: z.string().optional() }),
  at: z.string().min(1),
});
export type DeviceAssignment = z.infer<typeof deviceAssignmentSchema>;

export const assignmentKey = (hostname: string) => keySafe(hostname.trim().toLowerCase());

/** Every assignment. Few rows (one per laptop IT corrected): read whole, once per inventory. */
export async function listAssignments(ctx: OffboardingContext): Promise<DeviceAssignment[]> {
  return (await ctx.storage.assignments.listPartition(ASSIGNMENT_PARTITION)).map((r) => r.value);
}

export async function getAssignment(ctx: OffboardingContext, hostname: string): Promise<DeviceAssignment | undefined> {
  return (await ctx.storage.assignments.get(ASSIGNMENT_PARTITION, assignmentKey(hostname)))?.value;
}

export async function saveAssignment(ctx: OffboardingContext, a: DeviceAssignment): Promise<void> {
  await ctx.storage.assignments.upsert(ASSIGNMENT_PARTITION, assignmentKey(a.hostname), {
    ...a,
    hostname: a.hostname.trim().toLowerCase(),
    userId: a.userId.toLowerCase(),
  });
}

export async function deleteAssignment(ctx: OffboardingContext, hostname: string): Promise<boolean> {
  return ctx.storage.assignments.delete(ASSIGNMENT_PARTITION, assignmentKey(hostname));
}
