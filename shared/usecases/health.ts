/**
 * Health: does each dependency answer? Checks run in parallel, each bounded by a timeout, and the
 * report carries only a status and a short reason per dependency: no URLs, no secrets.
 */
import { UpstreamError, AppError } from '../errors.js';
import type { OffboardingStatus } from '../offboarding/status.js';

export type Probe = () => Promise<unknown>;
export type CheckResult = { ok: true; latencyMs: number } | { ok: false; latencyMs: number; error: string };
export interface HealthReport {
  status: 'ok' | 'degraded';
  version: string;
  checks: Record<string, CheckResult>;
  /** The offboarding loop (issue 17): subscription, last sweep, oldest open case, timers. Informational:
   * it does not change `status`; `unavailable` when storage did not answer in time. */
  offboarding?: OffboardingStatus | { unavailable: true };
}

export async function checkHealth(probes: Record<string, Probe>, version: string, timeoutMs = 5_000, offboarding?: () => Promise<OffboardingStatus>): Promise<HealthReport> {
  let loop: OffboardingStatus | undefined;
  const status = offboarding && (async () => { loop = await offboarding(); });
  const [entries, statusResult] = await Promise.all([
    Promise.all(Object.entries(probes).map(async ([name, probe]) => [name, await runProbe(probe, timeoutMs)] as const)),
    status ? runProbe(status, timeoutMs) : undefined,
  ]);
  const checks = Object.fromEntries(entries);
  return {
    status: entries.every(([, r]) => r.ok) ? 'ok' : 'degraded',
    version,
    checks,
    ...(statusResult ? { offboarding: statusResult.ok && loop ? loop : { unavailable: true as const } } : {}),
  };
}

async function runProbe(probe: Probe, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timeout')), timeoutMs); }),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: reason(err) };
  } finally {
    clearTimeout(timer);
  }
}

function reason(err: unknown): string {
  if (err instanceof UpstreamError) return err.upstreamStatus ? `answered HTTP ${err.upstreamStatus}` : 'unreachable';
  if (err instanceof AppError) return err.code;
  if (err instanceof Error && err.message === 'timeout') return 'timed out';
  return 'unreachable';
}
