/**
 * `DELETE /api/users/{userId}`, only used when DELETE_NETBIRD_USER is on. NetBirdClient has no user
 * delete (shared/netbird is owned elsewhere; this belongs there and can move as it is). With the
 * legacy Azure IdP manager and `--user-delete-from-idp`, NetBird deletes the IdP user too, which is
 * why the setting is off by default (DESIGN.md §2).
 * Same auth, retries and error type as the client: `Authorization: Token <PAT>`, the retrying fetch
 * of shared/http/retry.ts, NetBirdError with NetBird's message. False when the user is already gone.
 */
import type { Config } from '../config/index.js';
import { createRetryingFetch } from '../http/retry.js';
import type { Logger } from '../logger.js';
import { NetBirdError } from '../netbird/index.js';
import { apiOrigin } from '../netbird/transport.js';

export async function deleteNetbirdUser(netbird: Config['netbird'], userId: string, logger: Logger): Promise<boolean> {
  const fetchWithRetry = createRetryingFetch({ timeoutMs: netbird.timeoutMs, logger });
  const operation = 'DELETE /api/users/{userId}';
  const token = netbird.adminToken;
  let res: Response;
  try {
    res = await fetchWithRetry(`${apiOrigin(netbird.apiUrl)}/api/users/${encodeURIComponent(userId)}`, {
      method: 'DELETE',
      headers: { Authorization: `Token ${token}`, Accept: 'application/json' },
    });
  } catch (err) {
    throw new NetBirdError(0, `NetBird ${operation} could not be reached`, { operation, cause: err });
  }
  if (res.status === 404) return false;
  if (!res.ok) {
    const text = (await res.text()).split(token).join('[redacted]').slice(0, 300);
    let message = text;
    try { message = (JSON.parse(text) as { message?: string }).message ?? text; } catch { /* not JSON */ }
    throw new NetBirdError(res.status, `NetBird ${operation} answered ${res.status}: ${message}`, { operation, body: { message } });
  }
  return true;
}
