/**
 * Password resets and failed resets among the wave's users in the last 24 hours, from the SSPR
 * service's audit events (read tenant-wide once and filtered here). A failure is a reset, change
 * or reset-flow event with result `failure`, or a block from SSPR; one failed flow logs several
 * events, so failures count once per correlation id. Graded on the number of failed resets.
 * Activity names: https://learn.microsoft.com/entra/identity/monitoring-health/reference-audit-activities
 */
import type { DirectoryAudit } from '../../graph/index.js';
import { plural } from '../format.js';
import { gradeAtMost } from '../thresholds.js';
import type { CheckResult, WaveCheckInput, WaveUser } from '../types.js';

const TITLE = 'Password resets (24 h)';
const DAY_MS = 24 * 3600_000;
const RESET = /^Reset password \((self-service|by admin)\)$/;
const ATTEMPT =
  /^(Reset password \(|Change password \(self-service\)|Self-service password reset flow activity progress)/;
const BLOCKED = 'Blocked from self-service password reset';

function usersOf(event: DirectoryAudit, byId: ReadonlyMap<string, WaveUser>): WaveUser[] {
  const ids = new Set<string>();
  for (const t of event.targetResources ?? []) if (t.id) ids.add(t.id.toLowerCase());
  if (event.initiatedBy?.user?.id) ids.add(event.initiatedBy.user.id.toLowerCase());
  return [...ids].flatMap((id) => byId.get(id) ?? []);
}

function isFailure(event: DirectoryAudit): boolean {
  const name = event.activityDisplayName ?? '';
  return name === BLOCKED || (event.result === 'failure' && ATTEMPT.test(name));
}

export function resets(input: WaveCheckInput): CheckResult {
  const users = input.members.users;
  if (users.length === 0)
    return { id: 'resets', title: TITLE, status: 'green', summary: 'no Entra users known for this wave', evidence: {} };
  if (!input.ssprEvents.ok)
    return {
      id: 'resets',
      title: TITLE,
      status: 'amber',
      summary: `could not read the SSPR audit log: ${input.ssprEvents.error}`,
      evidence: {},
    };

  const byId = new Map(users.map((u) => [u.id.toLowerCase(), u]));
  const since = input.now.getTime() - DAY_MS;
  const resetBy = new Map<string, number>();
  const failures = new Map<string, { user: WaveUser; what: string }>();
  for (const event of input.ssprEvents.value) {
    if (Date.parse(event.activityDateTime) < since) continue;
    const who = usersOf(event, byId);
    if (who.length === 0) continue;
    const name = event.activityDisplayName ?? '';
    if (RESET.test(name) && event.result === 'success')
      for (const u of who) resetBy.set(u.name, (resetBy.get(u.name) ?? 0) + 1);
    if (isFailure(event)) {
      const key = event.correlationId || event.id;
      const reason = event.resultReason ? `: ${event.resultReason}` : '';
      for (const u of who)
        if (!failures.has(`${key}|${u.id}`))
          failures.set(`${key}|${u.id}`, { user: u, what: name === BLOCKED ? `${name}` : `${name} failed${reason}` });
    }
  }
  const resetCount = [...resetBy.values()].reduce((a, b) => a + b, 0);
  const failed = [...failures.values()].sort((a, b) => a.user.name.localeCompare(b.user.name));
  return {
    id: 'resets',
    title: TITLE,
    status: gradeAtMost(failed.length, input.thresholds.failedResets24h),
    summary: `${plural(resetCount, 'reset')}, ${failed.length} failed, among ${users.length} users`,
    value: failed.length,
    unit: 'count',
    evidence: {
      users: failed.map((f) => `${f.user.name} (${f.what})`),
      details: resetCount ? [`reset: ${[...resetBy.keys()].sort().join(', ')}`] : [],
    },
  };
}
