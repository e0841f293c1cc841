/**
 * Timer schedules are read when the function is registered, before configuration is validated,
 * so they come straight from the app setting with the same default the configuration documents.
 * (A `%SETTING%` schedule would make the Functions host refuse to start when the setting is absent.)
 */
export const DEFAULT_SCHEDULES = {
  SWEEP_SCHEDULE: '0 */15 * * * *',
  SUBSCRIPTION_SCHEDULE: '0 0 */6 * * *',
  ESCALATION_SCHEDULE: '0 */30 * * * *',
  // Hourly in office hours (UTC): the first run of a day posts the day's card, later runs update
  // it in place when a wave's status changes.
  WAVE_HEALTH_SCHEDULE: '0 0 8-18 * * *',
} as const;

export function scheduleSetting(name: keyof typeof DEFAULT_SCHEDULES, env: Record<string, string | undefined> = process.env): string {
  const value = env[name]?.trim();
  return value ? value : DEFAULT_SCHEDULES[name];
}
