/**
 * Timer schedules are read when the function is registered, before configuration is validated,
 * so they come straight from the app setting with the same default the configuration documents.
 * (A `%SETTING%` schedule would make the Functions host refuse to start when the setting is absent.)
 */
import { Cron } from 'croner';

export const DEFAULT_SCHEDULES = {
  SWEEP_SCHEDULE: '0 */15 * * * *',
  SUBSCRIPTION_SCHEDULE: '0 0 */6 * * *',
  ESCALATION_SCHEDULE: '0 */30 * * * *',
  // Hourly in office hours (UTC): the first run of a day posts the day's card, later runs update
  // it in place when a wave's status changes.
  WAVE_HEALTH_SCHEDULE: '0 0 8-18 * * *',
  // Every minute: re-queues failed and stuck cases whose back-off has run out (offboarding/retry.ts).
  RETRY_SCHEDULE: '0 * * * * *',
  // Daily before office hours: group drift (shared/drift/run.ts) posts one card with the changes.
  GROUP_DRIFT_SCHEDULE: '0 30 6 * * *',
  // Every 2 minutes: pending NetBird users get their approval card promptly (joiners/poll.ts).
  JOINER_SCHEDULE: '0 */2 * * * *',
  // Every 2 minutes: NetBird CE cannot push its audit log, and the API has no filter, so each run
  // reads it whole (up to 10,000 events, a few MB): a change is in Teams within about two
  // minutes at half the reads of every minute. Offset by 30 s from the minute-aligned timers.
  ACTIVITY_SCHEDULE: '30 */2 * * * *',
} as const;

export function scheduleSetting(
  name: keyof typeof DEFAULT_SCHEDULES,
  env: Record<string, string | undefined> = process.env,
): string {
  const value = env[name]?.trim();
  return value ? value : DEFAULT_SCHEDULES[name];
}

/**
 * The longest gap, in minutes, between consecutive runs of an NCRONTAB schedule (UTC) over its next
 * 50 runs: a heartbeat is overdue after twice this. An office-hours schedule counts its night.
 */
export function schedulePeriodMinutes(schedule: string, from = new Date('2026-01-05T00:00:00Z')): number {
  const runs = new Cron(schedule, { timezone: 'Etc/UTC', paused: true }).nextRuns(50, from);
  let longest = 0;
  for (let i = 1; i < runs.length; i++) longest = Math.max(longest, runs[i]!.getTime() - runs[i - 1]!.getTime());
  return Math.max(1, Math.round(longest / 60_000));
}
