/**
 * A cheap authenticated call for health checks.
 *
 * `GET /api/users?service_user=true`: it proves the token is valid and may read users (which
 * offboarding needs), the answer is small (the service users only), and it touches only the
 * database. Not `/api/users/current`: NetBird answers 403 to it for service users, and this app's
 * token belongs to one (management/server/user.go, GetCurrentUserInfo). Not `/api/instance/version`:
 * on a cold cache it makes the server call pkgs.netbird.io and GitHub (5 s timeout each), so its
 * latency says little about NetBird's own health.
 */
import type { NetBirdTransport } from './transport.js';

export interface PingResult {
  ok: true;
  latencyMs: number;
}

export async function ping(t: NetBirdTransport): Promise<PingResult> {
  const started = performance.now();
  await t.list(
    'GET /api/users?service_user=true',
    t.http.GET('/api/users', { params: { query: { service_user: true } } }),
  );
  return { ok: true, latencyMs: Math.round(performance.now() - started) };
}
