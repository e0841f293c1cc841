/**
 * Which failures retrying can fix, decided in one place. The step runner records every failure; a
 * failure that "needs a person" is not thrown back to the queue (no five quick redeliveries, no
 * 7-day retry loop): the case is marked and IT gets the alert card at once.
 *
 * Needs a person:
 * - 401/403 from NetBird, Graph or the Bot Connector: a bad or expired token, a missing permission
 *   (Graph `Authorization_RequestDenied`), or NetBird refusing the write itself. NetBird refuses to
 *   block an account owner with 403 "unable to block owner user" (management/server/user.go,
 *   status.PermissionDenied), DESIGN.md §5b.
 * - Any other 4xx except 404, 408, 409, 412 and 429: the server says the request is wrong and will
 *   stay wrong (NetBird's 422 for invalid input).
 * - A configuration error.
 * Everything else (no answer, 429, 5xx, a lost ETag race, an entity not found yet) is retried.
 */
import { ConfigError, UpstreamError } from '../errors.js';
import { NetBirdError } from '../netbird/errors.js';

const RETRYABLE_4XX = new Set([404, 408, 409, 412, 429]);
const SERVICE = {
  netbird: 'NetBird',
  graph: 'Microsoft Graph',
  botframework: 'Teams (Bot Connector)',
  storage: 'Storage',
} as const;

/** Why a person must act, or undefined when retrying later may succeed. */
export function needsPerson(err: unknown): string | undefined {
  if (err instanceof ConfigError) return "the app's configuration is invalid";
  if (!(err instanceof UpstreamError) || err.transient) return undefined;
  const status = err.upstreamStatus;
  if (status < 400 || RETRYABLE_4XX.has(status)) return undefined;
  const service = SERVICE[err.service];
  const said = err instanceof NetBirdError && err.netbirdMessage ? `: "${err.netbirdMessage}"` : '';
  if (status === 401) return `${service} did not accept the app's credentials (401)${said}; renew the token or secret`;
  if (status === 403) {
    return err.service === 'netbird'
      ? `NetBird refused the write (403)${said}; an account owner cannot be blocked, and the service user needs the admin role`
      : `${service} refused the call (403)${said}; the app is missing a permission`;
  }
  return `${service} refused the request (${status})${said}; retrying will not change that`;
}
