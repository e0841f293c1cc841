/**
 * What an approver needs to know about someone asking to join NetBird: who they are in Entra
 * (department, job title, hire date, whether the account is enabled) and the groups they are in,
 * nested ones included (`transitiveMemberOf`, cast to groups so roles and admin units stay out).
 * https://learn.microsoft.com/graph/api/user-list-transitivememberof
 * `employeeHireDate` is returned only when `$select`ed: https://learn.microsoft.com/graph/api/resources/user
 */
import { z } from 'zod';
import { collectPages } from './paging.js';
import type { GraphTransport } from './transport.js';
import { userPath } from './users.js';
import { graphPath } from './url.js';

const str = z.string().nullish();

export const PROFILE_FIELDS = [
  'id',
  'displayName',
  'userPrincipalName',
  'mail',
  'accountEnabled',
  'department',
  'jobTitle',
  'employeeHireDate',
] as const;
export const userProfileSchema = z.object({
  id: z.string(),
  displayName: str,
  userPrincipalName: str,
  mail: str,
  accountEnabled: z.boolean().nullish(),
  department: str,
  jobTitle: str,
  employeeHireDate: str,
});
export type UserProfile = z.output<typeof userProfileSchema>;

const groupNameSchema = z.object({ id: z.string(), displayName: str });

/** The user by object id or UPN, or undefined when Entra has no such user (404). */
export function getUserProfile(t: GraphTransport, idOrUpn: string): Promise<UserProfile | undefined> {
  return t.jsonOrUndefined({ path: userPath(idOrUpn), query: { select: PROFILE_FIELDS } }, userProfileSchema);
}

/** Display names of every group the user is in, directly or through nested groups, sorted. */
export async function transitiveGroupNames(t: GraphTransport, userId: string): Promise<string[]> {
  const groups = await collectPages(
    t,
    {
      path: graphPath`/users/${userId}/transitiveMemberOf/microsoft.graph.group`,
      query: { select: ['id', 'displayName'], top: 999 },
    },
    groupNameSchema,
  );
  return groups.map((g) => g.displayName ?? g.id).sort((a, b) => a.localeCompare(b));
}
