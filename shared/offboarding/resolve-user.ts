/**
 * "UPN or object id" → the Entra user, for the manual triggers and the bot's queries. A user in the
 * recycle bin is found by object id only (`directory/deletedItems` is keyed by id).
 */
import { NotFoundError, ValidationError } from '../errors.js';
import type { GraphClient } from '../graph/index.js';
import { isGuid } from '../guid.js';

export interface ResolvedUser {
  id: string;
  upn?: string;
  displayName?: string;
  mail?: string;
  accountEnabled?: boolean;
  deleted: boolean;
}

/** Trims and checks what a person or system typed; ValidationError with a clear message. */
export function normaliseUserInput(raw: string): string {
  const user = raw.trim();
  if (!user) throw new ValidationError('Name the user: a UPN such as alex@contoso.com, or an Entra object id');
  if (user.length > 256) throw new ValidationError('The user must be a UPN or object id of at most 256 characters');
  if (!isGuid(user) && !/^[^@\s]+@[^@\s]+$/.test(user)) {
    throw new ValidationError(`"${user}" is neither a UPN (name@domain) nor an Entra object id`);
  }
  return user;
}

export async function resolveUser(graph: GraphClient, raw: string): Promise<ResolvedUser> {
  const user = normaliseUserInput(raw);
  const found = await graph.getUser(user);
  if (found) {
    return {
      id: found.id.toLowerCase(),
      ...(found.userPrincipalName ? { upn: found.userPrincipalName } : {}),
      ...(found.displayName ? { displayName: found.displayName } : {}),
      ...(found.mail ? { mail: found.mail } : {}),
      ...(typeof found.accountEnabled === 'boolean' ? { accountEnabled: found.accountEnabled } : {}),
      deleted: false,
    };
  }
  if (isGuid(user)) {
    const deleted = await graph.getDeletedUser(user);
    if (deleted) {
      return {
        id: deleted.id.toLowerCase(),
        ...(deleted.userPrincipalName ? { upn: deleted.userPrincipalName } : {}),
        ...(deleted.displayName ? { displayName: deleted.displayName } : {}),
        ...(deleted.mail ? { mail: deleted.mail } : {}),
        deleted: true,
      };
    }
  }
  throw new NotFoundError(`No Entra user "${user}"`);
}
